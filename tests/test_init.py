"""concordat init: a new partnership repository that validates, and never a replaced file."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import yaml
from typer.testing import CliRunner

from concordat.cli import app
from tests.conftest import invoke

runner = CliRunner()


def test_init_then_validate_exits_0_and_a_second_init_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "west-sussex"
    first = runner.invoke(app, ["init", str(folder)])
    assert first.exit_code == 0 and "skipped" not in first.stdout
    names = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert names == [
        ".github/workflows/concordat.yml",
        ".pre-commit-config.yaml",
        "README.md",
        "commitments.yaml",
        "concordat.toml",
        "schema/commitments.schema.json",
        "schema/signatories.schema.json",
        "signatories.yaml",
    ]
    assert "area: West Sussex" in (folder / "signatories.yaml").read_text(encoding="utf-8")
    checked = runner.invoke(app, ["validate", str(folder), "--as-of", "2026-11-22"])
    assert checked.exit_code == 0, checked.stdout
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    second = runner.invoke(app, ["init", str(folder)])
    assert second.exit_code == 0
    assert second.stdout.count("skipped") == len(before) and "created" not in second.stdout
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_init_keeps_what_the_user_already_wrote(tmp_path: Path) -> None:
    mine = "area: Mine\nsignatories: []\n"
    (tmp_path / "signatories.yaml").write_text(mine, encoding="utf-8")
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 0
    assert f"skipped  {tmp_path / 'signatories.yaml'}" in result.stdout
    assert (tmp_path / "signatories.yaml").read_text(encoding="utf-8") == mine
    assert not list(tmp_path.rglob("*.tmp"))  # no temporary files left behind


def test_generated_ci_files_are_valid_and_watch_the_data(tmp_path: Path) -> None:
    runner.invoke(app, ["init", str(tmp_path)])
    config = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = config["repos"][0]["hooks"]
    assert hook["pass_filenames"] is False and hook["require_serial"] is True
    assert re.search(hook["files"], "commitments/urgent.yaml")
    workflow = yaml.safe_load(
        (tmp_path / ".github/workflows/concordat.yml").read_text(encoding="utf-8")
    )
    steps = workflow["jobs"]["validate"]["steps"]
    assert steps[-1]["run"] == "concordat validate ."


def test_init_on_a_file_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "a-file"
    target.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 2 and "not a folder" in result.stderr


def test_files_written_are_readable_as_any_new_file_is(tmp_path: Path) -> None:
    """Not owner-only like the temporary file they are written through."""
    code, _, _ = invoke("init", tmp_path / "area")
    assert code == 0
    mask = os.umask(0)
    os.umask(mask)
    for path in (tmp_path / "area").rglob("*"):
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask, path
