"""The validate command as a user runs it: output, exit codes, and nothing unsafe printed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from concordat.cli import app
from tests.conftest import COMMITMENTS, REPO, invoke, write_area

runner = CliRunner()
AS_OF = ["--as-of", "2026-11-22"]


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped Norfolk data to break, as the working folder."""
    monkeypatch.chdir(tmp_path)
    for name in ("signatories.yaml", "commitments.yaml"):
        shutil.copy(REPO / name, tmp_path / name)
    return tmp_path


def test_shipped_data_validates_without_errors(shipped: Path) -> None:
    code, out, _ = invoke("validate", shipped, *AS_OF)
    assert code == 0
    assert "0 errors" in out and "P001" in out  # overdue work is worth a warning


def test_strict_fails_on_warnings(shipped: Path) -> None:
    code, _, _ = invoke("validate", shipped, *AS_OF, "--strict")
    assert code == 1


def test_broken_copy_reports_each_problem_at_its_line(shipped: Path) -> None:
    path = shipped / "commitments.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()

    def line_of(text: str, after: int = 0) -> int:
        return next(i for i, line in enumerate(lines) if i >= after and text in line)

    owner = line_of("owner: eeast")
    lines[owner] = lines[owner].replace("eeast", "eaest")
    status = line_of("status: complete")
    lines[status] = lines[status].replace("complete", "done")
    dup_id = line_of('id: "2.6"')
    lines[dup_id] = lines[dup_id].replace("2.6", "2.5")
    due = line_of("    due:", after=dup_id)
    lines.insert(due + 1, lines[due])  # a duplicate key
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (shipped / "signatories.yaml").write_text(
        (REPO / "signatories.yaml")
        .read_text(encoding="utf-8")
        .replace("sector: healthwatch", "sector: [healthwatch"),
        encoding="utf-8",
    )

    code, out, err = invoke("validate", shipped, *AS_OF, "--format", "json")
    assert code == 1 and err == ""
    found = {(d["code"], d["file"], d["line"]) for d in json.loads(out)["diagnostics"]}
    assert ("R001", "commitments.yaml", owner + 1) in found
    assert ("S004", "commitments.yaml", status + 1) in found
    assert ("I002", "commitments.yaml", dup_id + 1) in found
    assert ("Y002", "commitments.yaml", due + 2) in found
    assert any(c == "Y001" and f == "signatories.yaml" for c, f, _ in found)

    code, text, _ = invoke("validate", shipped, *AS_OF)
    assert code == 1 and "Traceback" not in text
    assert f"commitments.yaml:{owner + 1}:12: R001 error: owner 'eaest'" in text
    assert "hint: did you mean 'eeast'?" in text


def test_missing_folder_is_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    code, out, err = invoke("validate", tmp_path / "nowhere")
    assert code == 2 and out == ""
    assert err == f"concordat: error: no such folder: {tmp_path / 'nowhere'}\n"


def test_folder_without_data_exits_2(tmp_path: Path) -> None:
    code, _, err = invoke("validate", tmp_path)
    assert code == 2 and "no concordat data" in err


def test_bad_as_of_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = invoke("validate", tmp_path, "--as-of", "next tuesday")
    assert code == 2 and "not a date" in err


def test_json_output_shape(tmp_path: Path) -> None:
    write_area(tmp_path, {"commitments.yaml": COMMITMENTS.replace("due: 2027", "due: 2026", 1)})
    code, out, _ = invoke("validate", tmp_path, *AS_OF, "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["version"] == 2 and data["as_of"] == "2026-11-22" and data["area"] == "Testshire"
    assert data["summary"] == {"errors": 0, "warnings": 1, "silenced": 0, "files": 2}
    (diag,) = data["diagnostics"]
    assert diag["code"] == "P001" and diag["severity"] == "warning" and diag["line"] == 7


def test_text_from_the_files_is_never_markup_or_control_codes(tmp_path: Path) -> None:
    hostile = "'[red]x[/red] \\x1b[2J \\x9b31m [link=http://evil]y[/link]'"
    text = COMMITMENTS.replace("owner: police", f"owner: {hostile}".replace("'", '"'), 1)
    write_area(tmp_path, {"commitments.yaml": text})
    code, out, _ = invoke("validate", tmp_path, *AS_OF)
    assert code == 1
    assert "[red]x[/red]" in out and "[link=http://evil]y[/link]" in out
    assert "\x1b" not in out and "\x9b" not in out
    assert "\\x1b[2J" in out and "\\x9b31m" in out


def test_colour_follows_the_options(tmp_path: Path) -> None:
    write_area(tmp_path, {"commitments.yaml": COMMITMENTS.replace("owner: icb", "owner: x")})
    _, plain, _ = invoke("validate", tmp_path, *AS_OF, "--no-color")
    assert "\x1b" not in plain
    forced = runner.invoke(
        app,
        ["validate", str(tmp_path), *AS_OF],
        color=True,
        env={"FORCE_COLOR": "1", "NO_COLOR": ""},
    )
    assert "\x1b[" in forced.stdout


def test_installed_command_runs_as_a_subprocess() -> None:
    """One real run of the installed console script, as a user types it."""
    script = Path(sys.executable).with_name("concordat")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "concordat"]
    done = subprocess.run(
        [*command, "validate", *AS_OF, str(REPO)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "0 errors" in done.stdout
    version = subprocess.run(
        [sys.executable, "-m", "concordat", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert version.stdout.startswith("concordat ")


def test_a_reader_that_goes_away_ends_the_run_quietly() -> None:
    """`concordat validate | head -1`: its usual exit code (0: the shipped data has warnings
    only) and nothing on stderr, as other tools do on a closed pipe."""
    process = subprocess.Popen(
        [sys.executable, "-m", "concordat", "validate", str(REPO), *AS_OF],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # nobody reads: the first write fails with a broken pipe
    outcome = (process.wait(timeout=60), process.stderr.read())
    process.stderr.close()
    assert outcome == (0, b"")


def test_today_is_the_date_in_england() -> None:
    """An update dated today just after midnight in the UK is not in the future on a runner
    that keeps UTC: "today" is judged in Europe/London."""
    from datetime import UTC, date, datetime

    from concordat.dates import today

    summer_night = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # 00:30 on 1 July in London
    assert today(summer_night) == date(2026, 7, 1)
    winter_night = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # London keeps UTC in winter
    assert today(winter_night) == date(2026, 12, 31)
