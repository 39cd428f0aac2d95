"""The command line: options in, a renderer's output and an exit code out. No logic here."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from concordat import __version__

if TYPE_CHECKING:
    from rich.console import Console

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="concordat",
    help="Track Mental Health Crisis Care Concordat partnerships: who owns each "
    "commitment, what is late, and what has been delivered.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


class ValidateFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"concordat {__version__}")
        raise typer.Exit()


def _parse_as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date: use YYYY-MM-DD") from None


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Track Mental Health Crisis Care Concordat partnerships."""


AreaArg = Annotated[
    Path,
    typer.Argument(
        help="The area folder holding signatories.yaml and commitments.",
        show_default="the current folder",
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Judge dates as of this day (YYYY-MM-DD) instead of today.",
        show_default="today",
    ),
]
NoColorOpt = Annotated[
    bool, typer.Option("--no-color", help="Plain text, no colour (NO_COLOR is honoured too).")
]


@app.command()
def validate(
    area_dir: AreaArg = Path(),
    as_of: AsOfOpt = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 on warnings as well as errors.")
    ] = False,
    output: Annotated[
        ValidateFormat, typer.Option("--format", help="Output format.")
    ] = ValidateFormat.TEXT,
    stale_days: Annotated[
        int,
        typer.Option(
            "--stale-days",
            min=1,
            metavar="DAYS",
            help="Warn when an open commitment has had no update for this many days.",
        ),
    ] = 120,
    no_color: NoColorOpt = False,
) -> None:
    """Check an area's files and report every problem with its file, line and column."""
    from concordat import validate as run_validate
    from concordat.area import AreaNotFound
    from concordat.render import diagnostics as render

    day = _parse_as_of(as_of) or date.today()
    try:
        area, report = run_validate(area_dir, as_of=day, stale_days=stale_days)
    except AreaNotFound as error:
        _fail(str(error))
    if output is ValidateFormat.JSON:
        sys.stdout.write(render.json_text(report, area=area.name, as_of=day))
    else:
        _console(no_color).print(render.text(report, as_of=day), soft_wrap=True)
    raise typer.Exit(report.exit_code(strict=strict))


def _console(no_color: bool) -> Console:
    from rich.console import Console

    return Console(no_color=no_color or None, highlight=False)


def _fail(message: str) -> NoReturn:
    from concordat.safe import printable

    sys.stderr.write(f"concordat: error: {printable(message)}\n")
    raise typer.Exit(EXIT_USAGE)


def main() -> None:
    app()
