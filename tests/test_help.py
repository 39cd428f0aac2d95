"""Help for people: -h everywhere, a bare `concordat` that helps, 80 columns, examples."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import typer.main

from concordat.cli import app
from tests.conftest import invoke

COMMANDS = sorted(getattr(typer.main.get_command(app), "commands", {}))
#: Python's names for types, as typer writes them beside an argument or an option:
#: `<list[Path]>`, `<str>`, `<path>`, `{ID}`.
TYPE_NAMES = re.compile(r"<[^>\s]*>|\blist\[|\bPath\]|\bstr\b|\{\w+\}")


def _help(*args: str) -> str:
    code, out, err = invoke(*args, env={"COLUMNS": "80"})
    assert (code, err) == (0, ""), err
    return out


def test_there_are_commands() -> None:
    assert {"validate", "status", "show", "orgs", "schema", "init"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_short_h_is_help(command: str) -> None:
    short = _help(command, "-h")
    assert short.startswith(f"Usage: concordat {command} ")
    assert short == _help(command, "--help")


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_fits_80_columns_and_names_no_python_types(command: str) -> None:
    text = _help(*([command] if command else []), "-h")
    for line in text.splitlines():
        assert len(line) <= 80, line
        assert not TYPE_NAMES.search(line), line
        assert not re.search(r"\w-$", line), f"a word split at its hyphen: {line!r}"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_shows_an_example(command: str) -> None:
    lines = _help(command, "-h").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "Examples:")
    example = lines[start + 1]
    assert example.strip().startswith(f"concordat {command}"), example
    assert example.startswith("    concordat"), "an example is a line of its own, indented"


def test_arguments_are_shown_by_their_names() -> None:
    usage = _help("show", "-h").splitlines()[0]
    assert usage == "Usage: concordat show [OPTIONS] ID [AREA_DIR]"
    assert _help("status", "-h").splitlines()[0] == (
        "Usage: concordat status [OPTIONS] [AREA_DIR]..."
    )


def test_an_option_lists_the_values_it_takes() -> None:
    text = " ".join(_help("status", "-h").split())
    assert "--status STATUS Only this status (repeat for several): not-started, on-track," in text
    assert "--format FORMAT Output format: table, json, csv, markdown or xlsx" in text


def test_bare_concordat_prints_help_and_succeeds() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "concordat"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("Usage: concordat [OPTIONS] COMMAND [ARGS]...")
    listed = done.stdout.split("Commands:")[1]
    for command in COMMANDS:
        assert re.search(rf"^  {command}\s", listed, re.MULTILINE), command
    assert "-h, --help" in done.stdout
    assert "\n  Examples:\n    concordat " in done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--theme", "9434765919\x07"],
        ["status", "--status", "jo.bloggs@example.org"],
        ["validate", "--as-of", "x\x1b]8;;http://evil\x07click\x1b]8;;\x07"],
        ["status", "--due-within", "p\u202eolice"],
        ["status", "--bogus\x1b[2J"],
    ],
)
def test_a_usage_error_quotes_what_was_typed_safely(args: list[str]) -> None:
    """An option's value echoed in a usage error is escaped and masked like any data."""
    from typer.testing import CliRunner

    from concordat.cli import app

    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    for raw in ("\x07", "\x1b", "\u202e", "9434765919", "jo.bloggs@example.org"):
        assert raw not in result.stderr, raw
    assert "Error:" in result.stderr


def test_a_value_that_is_none_of_the_choices_is_told_them_in_plain_words() -> None:
    code, _, err = invoke("status", "--theme", "9")
    assert code == 2
    assert (
        "Invalid value for '--theme': '9' is not one of commissioning, access-before-crisis, "
        "urgent-access, quality-of-care or recovery"
    ) in " ".join(err.split())
    assert "Value error" not in err
