"""What several commands share on the command line: the declarations of their common
arguments and options, and turning the values typed into days and area folders.

Kept apart from :mod:`concordat.cli` so that a command declared in its own package (the
board pack's ``report``, the spreadsheet ``import``) uses the very same options, words and
messages, without importing the command line it is part of.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from concordat import completion, output
from concordat.config import DEFAULT_STALE_DAYS
from concordat.layout import AreaNotFound

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

AreaArg = Annotated[
    Path,
    typer.Argument(
        metavar="AREA_DIR",
        help="The area folder holding signatories.yaml and commitments.",
        show_default="the current folder",
    ),
]
AreasArg = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="AREA_DIR",
        help="Area folders, or folders whose subfolders are areas.",
        show_default="the current folder",
    ),
]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        min=1,
        metavar="N",
        help="Check this many areas at once (several areas only).",
        show_default="the number of CPUs",
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
StaleOpt = Annotated[
    int | None,
    typer.Option(
        "--stale-days",
        min=1,
        metavar="DAYS",
        help="Warn when an open commitment has had no update for this many days.",
        show_default=f"{DEFAULT_STALE_DAYS}, or stale-days in concordat.toml",
    ),
]
NoColorOpt = Annotated[
    bool, typer.Option("--no-color", help="Plain text, no colour (NO_COLOR is honoured too).")
]
OrgOpt = Annotated[
    str | None,
    typer.Option(
        "--org",
        metavar="ID",
        help="Only commitments this signatory leads or is a partner in.",
        autocompletion=completion.signatory_ids,
    ),
]
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Show the change as a diff; write nothing.")
]


def day(text: str | None, option: str = "--as-of") -> date:
    """The day typed for ``option``, else today in England: the only place concordat asks."""
    from concordat.dates import parse_day, today

    if text is None:
        return today()
    try:
        return parse_day(text)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint=f"'{option}'") from None


def areas(area_dirs: list[Path] | None) -> list[Path]:
    """The area folders named (the current folder by default), each found or a message."""
    from concordat.layout import find_areas

    try:
        return find_areas(area_dirs or [Path()])
    except AreaNotFound as error:
        fail(str(error))


def fail(message: str) -> NoReturn:
    """The command cannot run as given: one line on stderr, exit 2."""
    output.error_line(f"concordat: error: {message}")
    raise typer.Exit(EXIT_USAGE)


@contextmanager
def writing(path: Path | None = None) -> Iterator[None]:
    """Write the files a command makes: a refusal (a link, a file it will not replace) or a
    failure (a full disk, a file where a folder should be) is one line, exit 2."""
    from concordat.files import Refused

    try:
        yield
    except Refused as error:
        fail(f"{error}; nothing was written")
    except OSError as error:
        fail(f"cannot write {error.filename or path}: {error.strerror or error}")
