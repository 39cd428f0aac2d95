"""validate for CI: GitHub annotations and step summary, SARIF."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from concordat.cli import app
from tests.conftest import COMMITMENTS, write_area

runner = CliRunner()
AS_OF = ["--as-of", "2026-11-22"]
BROKEN = COMMITMENTS.replace("owner: icb", "owner: icbb").replace(
    "due: 2027-03-31", "due: 2026-01-01", 1
)


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_area(tmp_path, {"commitments.yaml": BROKEN})
    return tmp_path


def test_github_annotations_are_chosen_on_actions_with_the_right_lines(
    broken: Path, tmp_path: Path
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step's summary\n", encoding="utf-8")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = runner.invoke(app, ["validate", ".", *AS_OF], env=env)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "::warning file=commitments.yaml,line=7,col=10,endLine=7,endColumn=20,"
        "title=P001 overdue::commitment 0.1 was due 2026-01-01 (11 months ago) and is "
        "on-track%0Ahint: record progress in an update; if the date has moved, change 'due:' "
        "and say why"
    )
    assert lines[1].startswith(
        "::error file=commitments.yaml,line=37,col=12,endLine=37,endColumn=16,"
        "title=R001 unknown-signatory::owner 'icbb' is not a signatory"
    )
    assert lines[-1] == "1 error, 2 warnings in 2 files"
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("earlier step's summary\n## ❌ concordat validate")
    assert "| ❌ | R001 | `commitments.yaml:37:12` |" in written


def test_github_data_is_escaped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_area(
        tmp_path, {"commitments.yaml": COMMITMENTS.replace("owner: icb", "owner: '100%,x::y'")}
    )
    result = runner.invoke(app, ["validate", ".", *AS_OF, "--format", "github"])
    line = next(x for x in result.stdout.splitlines() if "R001" in x)
    assert line.startswith("::error file=commitments.yaml,line=37,")
    assert "::owner '100%25,x::y' is not" in line  # in the data only % and newlines are special


def test_sarif_is_2_1_0_with_located_results(broken: Path) -> None:
    result = runner.invoke(app, ["validate", ".", *AS_OF, "--format", "sarif"])
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules == ["P001", "P005", "R001"]
    by_rule = {r["ruleId"]: r for r in run["results"]}
    region = by_rule["R001"]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 37, "startColumn": 12, "endLine": 37, "endColumn": 16}
    assert by_rule["R001"]["level"] == "error" and by_rule["P001"]["level"] == "warning"
    assert rules[by_rule["R001"]["ruleIndex"]] == "R001"


def test_pre_commit_hook_runs_once_over_the_whole_area() -> None:
    import re

    import yaml

    from tests.conftest import REPO

    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["entry"] == "concordat validate" and hook["language"] == "python"
    assert hook["pass_filenames"] is False and hook["require_serial"] is True
    from concordat.init import DATA_FILES

    assert hook["files"] == DATA_FILES  # the shipped hook and the one init writes agree
    files = re.compile(hook["files"])
    for path in (
        "signatories.yaml",
        "commitments.yml",
        "areas/norfolk/commitments/2-urgent.yaml",
        "concordat.toml",
    ):
        assert files.search(path), path
    for path in ("README.md", "notes/commitments.txt", "other.yaml", "commitments/sub/x.yaml"):
        assert not files.search(path), path


def _cells(row: str) -> list[str]:
    """A GitHub table row's cells: split at every | that no backslash escapes."""
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row.strip().strip("|"))]


def test_step_summary_keeps_a_pipe_in_the_path_inside_its_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_area(tmp_path / "a|b", {"commitments.yaml": BROKEN})
    summary = tmp_path / "summary.md"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    runner.invoke(app, ["validate", "a|b", *AS_OF], env=env)
    row = next(x for x in summary.read_text(encoding="utf-8").splitlines() if "R001" in x)
    assert _cells(row) == [
        "❌",
        "R001",
        "`a\\|b/commitments.yaml:37:12`",  # GitHub shows the code span as a|b/commitments...
        "owner 'icbb' is not a signatory in this area<br>*did you mean 'icb'?*",
    ]


def test_step_summary_shows_backticks_and_control_characters_in_a_path_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_area(tmp_path / "x`y\x1b", {"commitments.yaml": BROKEN})
    summary = tmp_path / "summary.md"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    runner.invoke(app, ["validate", "x`y\x1b", *AS_OF], env=env)
    row = next(x for x in summary.read_text(encoding="utf-8").splitlines() if "R001" in x)
    # a fence of two backticks holds the one in the name; the escape character is shown
    assert _cells(row)[2] == "``x`y\\x1b/commitments.yaml:37:12``"


def test_markdown_cells_show_the_data_as_written() -> None:
    from concordat.safe import md_cell, md_code

    # an & would start an entity: '&lt;' in the data must not show as '<'
    assert md_cell("&lt;b&gt; & &amp;") == "&amp;lt;b&amp;gt; &amp; &amp;amp;"
    assert md_cell("<script>x</script>") == "\\<script\\>x\\</script\\>"
    assert md_cell("a | *b* _c_ `d` ~e~ [f](g)") == (
        "a \\| \\*b\\* \\_c\\_ \\`d\\` \\~e\\~ \\[f\\](g)"
    )
    assert md_cell("back\\slash\nnext\x1b") == "back\\\\slash next\\\\x1b"
    assert md_code("a|b`c") == "``a\\|b`c``"
    assert md_code("`x`") == "`` `x` ``"  # padded: a code span drops one space at each end


def test_annotation_file_names_are_escaped_as_the_runner_decodes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_area(tmp_path / "50%,x:y\x1b", {"commitments.yaml": BROKEN})
    result = runner.invoke(app, ["validate", "50%,x:y\x1b", *AS_OF, "--format", "github"])
    line = next(x for x in result.stdout.splitlines() if "R001" in x)
    # % first, then : and , (which would end the property); the escape character neutralised
    assert line.startswith(
        "::error file=50%25%2Cx%3Ay\\x1b/commitments.yaml,line=37,col=12,endLine=37,"
    )
    assert "\x1b" not in result.stdout
