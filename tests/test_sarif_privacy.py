"""SARIF and GitHub annotations for a file whose path holds personal data (issue 13).

A URI names its file exactly, so masking the name in it would give a URI that leads nowhere,
and writing it would put the personal data into a CI artefact. Such a result is placed at
the nearest folder above the file whose path holds none, its message starts with the file's
place masked, and a notification of the run says why; a GitHub annotation has no file at all.
docs/privacy.md describes this under "File and folder names in SARIF and annotations".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from typer.testing import CliRunner

from concordat.cli import app
from tests.conftest import COMMITMENTS, REPO, write_area
from tests.test_sarif_consumers import RELATIVE_REF, schema_errors

runner = CliRunner()
AS_OF = ["--as-of", "2026-11-22"]
NHS = "9434765919"
EMAIL = "jo.bloggs@example.org"
PLAN = COMMITMENTS.replace("owner: icb", "owner: nobody")


@pytest.fixture
def national(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """nat/ holding a clean area and one whose folder is named by an NHS number, with a
    commitments file named by an email address."""
    monkeypatch.chdir(tmp_path)
    write_area(tmp_path / "nat" / "clean", {"commitments.yaml": PLAN})
    personal = tmp_path / "nat" / NHS
    write_area(personal, {"commitments.yaml": None})
    (personal / "commitments").mkdir()
    (personal / "commitments" / f"{EMAIL}.yaml").write_text(PLAN, encoding="utf-8")
    return tmp_path / "nat"


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", *args, *AS_OF])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout


def results(log: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = log["runs"][0]["results"]
    return found


def uri(result: dict[str, Any]) -> str:
    found: str = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    return found


def test_sarif_never_carries_personal_data_in_a_uri(national: Path) -> None:
    code, out = run("nat", "--format", "sarif")
    assert code == 1
    for secret in (NHS, "jo.bloggs", "jo%2Ebloggs"):
        assert secret not in out and secret not in unquote(out)
    log = json.loads(out)
    assert schema_errors(log) == []
    for result in results(log):
        assert RELATIVE_REF.fullmatch(uri(result))
        assert (Path.cwd() / unquote(uri(result))).exists(), uri(result)  # it resolves


def test_a_result_in_a_personal_file_is_placed_at_the_folder_above_it(national: Path) -> None:
    log = json.loads(run("nat", "--format", "sarif")[1])
    moved = [r for r in results(log) if r["message"]["text"].startswith("nat/943 *** **19/")]
    assert {uri(r) for r in moved} == {"nat/"}
    (unknown,) = [r for r in moved if r["ruleId"] == "R001"]
    assert unknown["message"]["text"] == (
        "nat/943 *** **19/commitments/j***@example.org.yaml:37:12: owner 'nobody' is not a "
        "signatory in this area (hint: add the organisation to signatories.yaml, or fix the id)"
    )
    assert unknown["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1,
        "startColumn": 1,
    }
    # the clean area's results keep their file and line
    clean = [r for r in results(log) if r["ruleId"] == "R001" and r not in moved]
    assert [uri(r) for r in clean] == ["nat/clean/commitments.yaml"]
    assert clean[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 37


def test_the_run_says_why_results_are_not_at_their_file(national: Path) -> None:
    log = json.loads(run("nat", "--format", "sarif")[1])
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is True
    texts = [n["message"]["text"] for n in invocation["toolExecutionNotifications"]]
    assert (
        "1 result in nat/943 *** **19/commitments/j***@example.org.yaml is placed at nat/, "
        "not at the file: its path holds personal data, which this log would otherwise carry "
        "in full. Rename the file or folder (and remove the old name from the git history)."
    ) in texts


def test_a_clean_run_has_no_notification(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_area(tmp_path, {"commitments.yaml": PLAN})
    log = json.loads(run(".", "--format", "sarif")[1])
    assert "invocations" not in log["runs"][0]
    assert {uri(r) for r in results(log)} == {"commitments.yaml", "signatories.yaml"}


def test_a_personal_first_folder_is_placed_at_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_area(tmp_path / NHS, {"commitments.yaml": PLAN})
    out = run(NHS, "--format", "sarif")[1]
    assert NHS not in out
    assert {uri(r) for r in results(json.loads(out))} == {"./"}


def test_github_annotations_name_a_personal_file_only_masked_in_the_message(
    national: Path,
) -> None:
    code, out = run("nat", "--format", "github")
    assert code == 1 and NHS not in out and "jo.bloggs" not in out
    lines = out.splitlines()
    assert (
        "::error title=R001 unknown-signatory::nat/943 *** **19/commitments/"
        "j***@example.org.yaml:37:12: owner 'nobody' is not a signatory in this area%0A"
        "hint: add the organisation to signatories.yaml, or fix the id"
    ) in lines
    assert any(x.startswith("::error file=nat/clean/commitments.yaml,line=37,") for x in lines)


def test_the_docs_describe_it() -> None:
    doc = (REPO / "docs" / "privacy.md").read_text(encoding="utf-8")
    assert "## File and folder names in SARIF and annotations" in doc


def test_a_number_after_a_folder_ending_in_a_digit_is_masked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``area1/9434765919``: a slash parts a path, so the number is not read as the end of
    a longer figure (``1/9434765919``) and printed in full."""
    monkeypatch.chdir(tmp_path)
    write_area(tmp_path / "area1" / NHS, {"commitments.yaml": PLAN})
    for fmt in ("text", "json", "github", "sarif"):
        code, out = run(f"area1/{NHS}", "--format", fmt)
        assert code == 1 and NHS not in out, (fmt, out)
    assert "area1/943 *** **19/commitments.yaml:37:12: R001" in run(f"area1/{NHS}")[1]
