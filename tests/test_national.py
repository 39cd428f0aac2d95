"""Many areas in one run: the roll-up equals the sum of the per-area runs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from benchmarks.generate import generate
from tests.conftest import REPO
from tests.conftest import invoke as run_cli

runner = CliRunner()
AS_OF = ["--as-of", "2026-11-22"]


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("national")
    generate(root, areas=6, commitments=12, seed=7)
    shutil.copytree(
        REPO,
        root / "norfolk",
        ignore=shutil.ignore_patterns(
            ".*", "concordat", "tests", "docs", "schema", "benchmarks", "*.md", "*.toml"
        ),
    )
    return root


def invoke(*args: str | Path) -> tuple[int, str, str]:
    return run_cli(*args, env={"COLUMNS": "120"})


def test_generator_is_deterministic(tmp_path: Path) -> None:
    generate(tmp_path / "a", areas=2, commitments=5, seed=3)
    generate(tmp_path / "b", areas=2, commitments=5, seed=3)
    for path in (tmp_path / "a").rglob("*.yaml"):
        assert path.read_bytes() == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes()


def test_rollup_counts_equal_the_sum_of_per_area_runs(national: Path) -> None:
    code, out, _ = invoke("status", national, *AS_OF, "--format", "json", "--jobs", "2")
    assert code == 0
    rollup = json.loads(out)
    assert len(rollup["areas"]) == 7 and rollup["skipped_areas"] == []
    totals = {"commitments": 0, "overdue": 0, "open": 0}
    by_status: dict[str, int] = {}
    for folder in sorted(p for p in national.iterdir() if p.is_dir()):
        code, single, _ = invoke("status", folder, *AS_OF, "--format", "json")
        view = json.loads(single)
        row = next(a for a in rollup["areas"] if a["area"] == view["area"])
        assert row["commitments"] == view["summary"]["commitments"]
        assert row["overdue"] == view["summary"]["overdue"]
        assert row["by_status"] == view["summary"]["by_status"]
        totals["commitments"] += view["summary"]["commitments"]
        totals["overdue"] += view["summary"]["overdue"]
        totals["open"] += sum(
            1 for c in view["commitments"] if c["status"] not in ("complete", "withdrawn")
        )
        for status, n in view["summary"]["by_status"].items():
            by_status[status] = by_status.get(status, 0) + n
    assert {k: rollup["totals"][k] for k in totals} == totals
    assert rollup["totals"]["by_status"] == by_status
    assert sum(s["led"] for s in rollup["sectors"]) == totals["commitments"]
    assert sum(s["overdue"] for s in rollup["sectors"]) == totals["overdue"]


def test_validate_over_many_areas_names_every_file(national: Path) -> None:
    code, out, _ = invoke("validate", national, *AS_OF, "--format", "json", "--jobs", "2")
    data = json.loads(out)
    assert code == 0 and len(data["areas"]) == 7 and data["summary"]["files"] == 14
    one_by_one = 0
    for folder in sorted(p for p in national.iterdir() if p.is_dir()):
        _, single, _ = invoke("validate", folder, *AS_OF, "--format", "json")
        one_by_one += json.loads(single)["summary"]["warnings"]
    assert data["summary"]["warnings"] == one_by_one
    # paths are shown relative to the working folder when inside it
    assert all(Path(d["file"]).absolute().is_relative_to(national) for d in data["diagnostics"])


def test_one_broken_area_is_marked_and_skipped_not_fatal(national: Path, tmp_path: Path) -> None:
    root = tmp_path / "areas"
    shutil.copytree(national, root)
    broken = root / "area-002" / "commitments.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("owner: ", "owner: x", 1))
    code, out, err = invoke("status", root, *AS_OF, "--format", "json")
    rollup = json.loads(out)
    assert code == 1 and "area-002" in err
    assert [a["area"] for a in rollup["skipped_areas"]] == ["Area 002"]
    assert len(rollup["areas"]) == 6
    code, table, _ = invoke("status", root, *AS_OF)
    assert "Area 002" in table and "Area 001" in table
    assert "1 area skipped because of errors" in table
    code, text, _ = invoke("validate", root, *AS_OF)
    assert code == 1 and "area-002/commitments.yaml" in text and "across 7 areas" in text


def test_rollup_in_csv_and_markdown(national: Path) -> None:
    code, out, _ = invoke("status", national, *AS_OF, "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("\ufeffArea,Folder,Commitments")
    assert len(out.splitlines()) == 8
    code, out, _ = invoke("status", national, *AS_OF, "--format", "markdown")
    assert code == 0 and "| All areas |" in out and "### By sector" in out


def test_filters_need_a_single_area(national: Path) -> None:
    code, _, err = invoke("status", national, *AS_OF, "--overdue")
    assert code == 2 and "filters apply to one area" in err


def test_a_folder_with_no_areas_exits_2(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, _, err = invoke("validate", tmp_path)
    assert code == 2 and "no concordat data" in err


def _norfolk_copy(
    folder: Path, toml: str | None = None, edits: dict[str, tuple[str, str]] | None = None
) -> None:
    """A copy of the shipped area, with a concordat.toml and edits (file -> (old, new))."""
    folder.mkdir(parents=True)
    for file in ("signatories.yaml", "commitments.yaml"):
        text = (REPO / file).read_text(encoding="utf-8")
        if edits and file in edits:
            old, new = edits[file]
            assert old in text
            text = text.replace(old, new, 1)
        (folder / file).write_text(text, encoding="utf-8")
    if toml:
        (folder / "concordat.toml").write_text(toml, encoding="utf-8")


def test_an_areas_own_policy_never_changes_its_figures(tmp_path: Path) -> None:
    """Severity and silences decide what fails a run; the figures come from the data, and
    every area is judged by the command's one stale threshold, so areas compare."""
    _norfolk_copy(tmp_path / "plain")
    _norfolk_copy(tmp_path / "severity-off", '[severity]\nP003 = "off"\nA001 = "off"\n')
    _norfolk_copy(tmp_path / "own-threshold", "stale-days = 30\n")
    quiet = tmp_path / "silenced" / "commitments.yaml"
    _norfolk_copy(quiet.parent)
    text = (REPO / "commitments.yaml").read_text(encoding="utf-8")
    stale = text.index('id: "3.1"')  # the shipped commitment with no update for 5 months
    at = text.index("    status:", stale)
    silence = "    silence: [{code: P003, reason: the board agreed a later report}]\n"
    quiet.write_text(text[:at] + silence + text[at:], encoding="utf-8")

    def figures(*args: str) -> dict[str, dict[str, Any]]:
        code, out, _ = invoke("status", tmp_path, *AS_OF, "--format", "json", *args)
        assert code == 0
        rows = json.loads(out)["areas"]
        keep = ("commitments", "open", "by_status", "overdue", "stale", "core_agencies_complete")
        return {row["folder"].split("/")[-1]: {k: row[k] for k in keep} for row in rows}

    default = figures()
    assert len(default) == 4 and default["plain"]["stale"] == 1
    assert all(row == default["plain"] for row in default.values())
    stricter = figures("--stale-days", "30")
    assert all(row == stricter["plain"] for row in stricter.values())
    assert stricter["plain"]["stale"] > default["plain"]["stale"]


def test_an_area_counts_in_the_totals_whatever_its_severities(tmp_path: Path) -> None:
    """Overdue work made an error by an area's own settings fails the run (exit 1) but keeps
    the area in the totals; an error turned off is still an error in the data: skipped."""
    _norfolk_copy(tmp_path / "plain")
    _norfolk_copy(tmp_path / "strict", '[severity]\nP001 = "error"\n')
    unknown_owner = {"commitments.yaml": ("owner: eeast", "owner: x")}
    _norfolk_copy(tmp_path / "lax", '[severity]\nR001 = "off"\n', unknown_owner)
    code, out, err = invoke("status", tmp_path, *AS_OF, "--format", "json")
    rollup = json.loads(out)
    assert code == 1
    assert [a["folder"].split("/")[-1] for a in rollup["areas"]] == ["plain", "strict"]
    assert [a["folder"].split("/")[-1] for a in rollup["skipped_areas"]] == ["lax"]
    assert rollup["areas"][1]["errors"] == 2 and rollup["totals"]["commitments"] == 40
    assert "1 area skipped because of errors" in err
    assert "1 area with errors by their own settings" in err and "strict" in err


def test_core_agencies_are_judged_by_the_concordats_own_list(tmp_path: Path) -> None:
    """An area without an ambulance trust lacks a core agency, whether or not it turns the
    warning off or names its own core sectors."""
    no_ambulance = {"signatories.yaml": ("sector: ambulance", "sector: other")}
    _norfolk_copy(tmp_path / "plain")
    _norfolk_copy(tmp_path / "missing", None, no_ambulance)
    _norfolk_copy(tmp_path / "quiet", '[severity]\nA001 = "off"\n', no_ambulance)
    _norfolk_copy(tmp_path / "own-list", 'core-sectors = ["police"]\n', no_ambulance)
    code, out, _ = invoke("status", tmp_path, *AS_OF, "--format", "json")
    assert code == 0
    core = {
        a["folder"].split("/")[-1]: a["core_agencies_complete"] for a in json.loads(out)["areas"]
    }
    assert core == {"plain": True, "missing": False, "quiet": False, "own-list": False}


def test_an_area_named_twice_is_checked_once(national: Path) -> None:
    one = national / "area-001"
    code, out, _ = invoke("status", national, one, *AS_OF, "--format", "json")
    assert code == 0 and len(json.loads(out)["areas"]) == 7
    code, out, _ = invoke("validate", one, one, *AS_OF)
    assert "across" not in out  # one area, not two
