"""The JSON Schema: generated from the models, committed, and proven by another validator."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from concordat.cli import app
from concordat.schema import schema_texts
from tests.conftest import REPO

runner = CliRunner()


def test_committed_schemas_match_the_models() -> None:
    for name, text in schema_texts().items():
        committed = (REPO / "schema" / name).read_text(encoding="utf-8")
        assert committed == text, f"schema/{name} is stale: run `concordat schema`"


def test_shipped_files_point_editors_at_the_schemas() -> None:
    for stem in ("signatories", "commitments"):
        first = (REPO / f"{stem}.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=schema/{stem}.schema.json"
        assert (REPO / "schema" / f"{stem}.schema.json").is_file()


def test_schema_command_writes_then_leaves_unchanged(tmp_path: Path) -> None:
    out = tmp_path / "s"
    first = runner.invoke(app, ["schema", "--out", str(out)])
    assert first.exit_code == 0 and first.stdout.count("wrote ") == 2
    again = runner.invoke(app, ["schema", "--out", str(out)])
    assert again.exit_code == 0 and again.stdout.count("unchanged ") == 2
    assert sorted(p.name for p in out.iterdir()) == sorted(schema_texts())


def _check_jsonschema(schema: str, data: Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("check-jsonschema")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "check_jsonschema"]
    return subprocess.run(
        [*command, "--schemafile", str(REPO / "schema" / schema), str(data)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("stem", ["signatories", "commitments"])
def test_an_independent_validator_accepts_the_shipped_data(stem: str) -> None:
    done = _check_jsonschema(f"{stem}.schema.json", REPO / f"{stem}.yaml")
    assert done.returncode == 0, done.stdout + done.stderr


def test_an_independent_validator_rejects_an_unknown_status(tmp_path: Path) -> None:
    bad = tmp_path / "commitments.yaml"
    shutil.copy(REPO / "commitments.yaml", bad)
    bad.write_text(bad.read_text(encoding="utf-8").replace("status: at-risk", "status: amber", 1))
    done = _check_jsonschema("commitments.schema.json", bad)
    assert done.returncode == 1
    assert "'amber' is not one of" in done.stdout
