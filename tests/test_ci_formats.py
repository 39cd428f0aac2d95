"""validate for CI: GitHub annotations and step summary, SARIF."""

from __future__ import annotations

import json
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
