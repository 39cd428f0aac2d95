"""Shared helpers: build small areas from inline YAML and run concordat on them."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from concordat import check_area
from concordat.cli import app
from concordat.diagnostics import Diagnostic, Report

# Every property test: 60 examples in a normal run, 5,000 with HYPOTHESIS_PROFILE=long; no
# per-example deadline, since a shared machine can pause any example.
settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

AS_OF = date(2026, 11, 22)
REPO = Path(__file__).resolve().parent.parent

#: A small, clean area: the five core agencies, each leading one healthy commitment.
SIGNATORIES = """\
area: Testshire
signatories:
  - {id: police, name: Testshire Police, sector: police, signed: 2014-08-01}
  - {id: ambulance, name: Testshire Ambulance, sector: ambulance, signed: 2014-08-01}
  - {id: mh-trust, name: Testshire MH Trust, sector: mental-health-trust, signed: 2014-08-01}
  - {id: council, name: Testshire Council, sector: local-authority, signed: 2014-08-01}
  - {id: icb, name: Testshire ICB, sector: commissioner, signed: 2014-08-01}
"""

COMMITMENTS = """\
commitments:
""" + "".join(
    f"""\
  - id: "{n}.1"
    title: Commitment led by {owner}
    theme: {theme}
    owner: {owner}
    status: on-track
    due: 2027-03-31
    measures: [{{name: a measure}}]
    updates: [{{date: 2026-11-01, by: {owner}, note: going well}}]
"""
    for n, (owner, theme) in enumerate(
        [
            ("police", "commissioning"),
            ("ambulance", "access-before-crisis"),
            ("mh-trust", "urgent-access"),
            ("council", "quality-of-care"),
            ("icb", "recovery"),
        ]
    )
)


Files = dict[str, str | bytes | None]


def write_area(folder: Path, files: Files) -> Path:
    """Write an area: the clean defaults, replaced, added to or (None) left out by ``files``."""
    content: Files = {
        "signatories.yaml": SIGNATORIES,
        "commitments.yaml": COMMITMENTS,
    }
    content.update(files)
    for name, text in content.items():
        path = folder / name
        if text is None:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def run(folder: Path, as_of: date = AS_OF, **options: int) -> Report:
    return check_area(folder, as_of, **options).report


AreaRunner = Callable[..., Report]


@pytest.fixture
def area(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AreaRunner:
    """Write an area from ``files`` in a temporary folder and validate it from inside."""
    monkeypatch.chdir(tmp_path)

    def make(files: Files | None = None, **options: int) -> Report:
        write_area(tmp_path, files or {})
        return run(Path(), **options)

    return make


@pytest.fixture
def deleted_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder that has been deleted under the run (what `cd d; rm -r ../d` leaves)."""
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    return gone


def only(report: Report, code: str) -> list[Diagnostic]:
    return [d for d in report.diagnostics if d.code == code]


def invoke(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run the command line in-process: exit code, stdout and stderr. A crash is re-raised."""
    result = CliRunner().invoke(app, [str(a) for a in args], env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr
