"""Everyday command lines are read without typer, and read exactly as typer reads them."""

from __future__ import annotations

import inspect
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from concordat import cli, fastargs
from tests.conftest import REPO

COMMANDS = {"validate": cli.validate, "status": cli.status}


def typer_values(name: str, args: list[str]) -> dict[str, Any] | None:
    """The arguments typer would call the command with, or None when it refuses the line."""
    group = typer.main.get_command(cli.app)
    try:
        with group.make_context("concordat", [name, *args]) as parent:
            command = group.get_command(parent, name)  # type: ignore[attr-defined]
            assert command is not None
            with command.make_context(name, list(args), parent=parent) as ctx:
                return dict(ctx.params)
    except (typer.Exit, Exception):
        return None


def with_defaults(command: Any, values: dict[str, Any]) -> dict[str, Any]:
    defaults = {name: p.default for name, p in inspect.signature(command).parameters.items()}
    return {**defaults, **values}


def same(name: str, args: list[str]) -> None:
    quick = fastargs.parse(COMMANDS[name], args)
    if quick is None:
        return  # typer reads it: nothing to compare
    slow = typer_values(name, args)
    assert slow is not None, f"typer refuses {args} but the quick reading accepted it"
    normal = {k: list(v) if isinstance(v, tuple) else v for k, v in slow.items()}
    normal = {k: (None if v == [] else v) for k, v in normal.items()}
    assert with_defaults(COMMANDS[name], quick) == normal


EVERYDAY = [
    ("validate", []),
    ("validate", ["."]),
    ("validate", ["--as-of", "2026-11-22", "."]),
    ("validate", ["areas/", "other", "--jobs", "2", "--strict", "--no-color"]),
    ("validate", ["--format", "json", "--stale-days=90", "--show-silenced", "--no-cache"]),
    ("status", ["--org", "police", "--lead-only", "--theme", "urgent-access"]),
    ("status", ["--status", "off-track", "--status", "at-risk", "--overdue", "--format", "csv"]),
    ("status", ["--due-within", "30d", "--as-of", "2026-11-22", "--format=markdown", "."]),
]


@pytest.mark.parametrize(("name", "args"), EVERYDAY)
def test_everyday_lines_are_read_quickly_and_as_typer_reads_them(
    name: str, args: list[str]
) -> None:
    assert fastargs.parse(COMMANDS[name], args) is not None
    same(name, args)


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["--format", "JSON"],  # not a choice: typer says which are
        ["--jobs", "0"],  # below the minimum
        ["--jobs", "two"],
        ["--stale-days"],  # no value
        ["--strict", "--strict"],
        ["--as-of", "-1"],
        ["--", "."],
        ["--nope"],
        ["-h"],
    ],
)
def test_anything_unusual_is_left_to_typer(args: list[str]) -> None:
    assert fastargs.parse(cli.validate, args) is None


TOKENS = st.sampled_from(
    [".", "areas", "x y", "-", "", "--as-of", "2026-11-22", "tomorrow", "--strict", "--format",
     "json", "text", "sarif", "Json", "--stale-days", "0", "1", "30", "-5", "٣", "--jobs",
     "--no-color", "--show-silenced", "--no-cache", "--org", "police", "--lead-only", "--theme",
     "urgent-access", "--status", "red", "--overdue", "--due-within", "8w", "--format=csv",
     "--jobs=2", "--strict=1", "--", "--help"]
)  # fmt: skip


@given(st.sampled_from(sorted(COMMANDS)), st.lists(TOKENS, max_size=8))
def test_any_line_the_quick_reading_accepts_typer_reads_the_same(
    name: str, args: list[str]
) -> None:
    same(name, args)


def run_main(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["concordat", *args])
    with pytest.raises(SystemExit) as stopped:
        cli.main()
        raise SystemExit(0)
    captured = capsys.readouterr()
    code = stopped.value.code
    return (code if isinstance(code, int) else 1), captured.out, captured.err


@pytest.mark.parametrize(
    "args",
    [
        ["validate", str(REPO), "--as-of", "2026-11-22"],
        ["validate", str(REPO), "--as-of", "2026-11-22", "--format", "json"],
        ["validate", str(REPO), "--as-of", "2026-11-22", "--strict"],
        ["validate", str(REPO), "--as-of", "2026-13-01"],  # typer reports the bad date
        ["validate", "no-such-folder"],
        ["status", str(REPO), "--as-of", "2026-11-22", "--format", "csv"],
        ["status", str(REPO), "--as-of", "2026-11-22", "--due-within", "soon"],
        ["status", str(REPO), "--org", "nobody", "--as-of", "2026-11-22"],
    ],
)
def test_main_gives_what_typer_gives(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    quick = run_main(args, monkeypatch, capsys)
    slow = CliRunner().invoke(cli.app, args, prog_name="concordat")
    code, out, err = quick
    # click's test runner turns CRLF (CSV rows) into LF
    assert (code, out.replace("\r\n", "\n"), err) == (slow.exit_code, slow.stdout, slow.stderr)


@pytest.mark.parametrize("command", ["validate", "status"])
def test_a_warm_run_needs_neither_typer_parsing_nor_the_models(
    command: str, tmp_path: Path
) -> None:
    """The everyday re-run on unchanged data answers from the cache without pydantic:
    validate on one area, and the roll-up over several."""
    if command == "validate":
        target, expected = REPO, "0 errors, 4 warnings"
    else:
        target, expected = tmp_path, '"concordat": "rollup"'
        for name in ("north", "south"):
            (tmp_path / name).mkdir()
            for file in ("signatories.yaml", "commitments.yaml"):
                shutil.copy(REPO / file, tmp_path / name / file)
    probe = (
        "import sys\n"
        f"sys.argv = ['concordat', '{command}', '--as-of', '2026-11-22', sys.argv[1]]\n"
        "sys.argv += ['--format', 'json', '--jobs', '1'] if sys.argv[1] == 'status' else []\n"
        "from concordat.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('MODELS' if 'pydantic.main' in sys.modules else 'NO MODELS', file=sys.stderr)\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe, str(target)], capture_output=True, text=True, check=False
        )
        for _ in range(2)
    ]
    assert runs[0].stdout == runs[1].stdout and expected in runs[0].stdout
    assert runs[0].stderr.strip() == "MODELS"  # cold: read and checked
    assert runs[1].stderr.strip() == "NO MODELS"  # warm: answered from the cache


def test_a_reader_that_goes_away_ends_the_run_quietly_either_way() -> None:
    """`concordat validate | head -1`: exit 1 and no traceback, as typer gives."""
    outcomes = []
    as_of = ["--as-of", "2026-11-22"]
    for args in ([str(REPO), *as_of], [*as_of, "--", str(REPO)]):  # quick, then typer
        process = subprocess.Popen(
            [sys.executable, "-m", "concordat", "validate", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # nobody reads: the first write fails with a broken pipe
        outcomes.append((process.wait(timeout=60), process.stderr.read()))
        process.stderr.close()
    assert outcomes == [(1, b""), (1, b"")]
