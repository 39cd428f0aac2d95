"""`concordat import FILE -o AREA_DIR`: the typer declaration, wired as cli.py wires every
command, so that adding it to the command line is one line there:

    app.command("import", cls=usage.Command, epilog=sheets.EPILOG)(sheets.import_plan)

(with ``from concordat.spreadsheet import command as sheets``). What it shares with
other commands comes from :mod:`concordat.options`. Importing this module is cheap: openpyxl
and python-docx are loaded when the command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from concordat import usage
from concordat.options import EXIT_OK, EXIT_PROBLEMS
from concordat.options import day as _day
from concordat.options import fail as _fail

EPILOG = usage.examples(
    "concordat import plan.xlsx -o areas/norfolk --dry-run",
    "concordat import plan.xlsx -o norfolk --rag red=off-track,amber=at-risk",
    "concordat import plan.docx -o suffolk --column owner='Lead body'",
    then="It never replaces a file. What the plan did not say (a sector, a signing date) is "
    "left blank with a comment, and listed: concordat validate then points at each.",
)


def import_plan(
    source: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="The plan: an .xlsx, .xlsm, .csv or .docx file."),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "-o",
            "--out",
            metavar="AREA_DIR",
            help="The area folder to write signatories.yaml and commitments.yaml into.",
        ),
    ],
    column: Annotated[
        list[str] | None,
        typer.Option(
            "--column",
            metavar="NAME=HEADER",
            help="Read a column by its header (repeat for several): NAME is one of id, title, "
            "theme, owner, partners, due, outcome, status, update, reason, updated.",
        ),
    ] = None,
    rag: Annotated[
        str | None,
        typer.Option(
            "--rag",
            metavar="COLOUR=STATUS,...",
            help="What the plan's colours meant: red=off-track,amber=at-risk,green=on-track.",
            show_default="the plan's own key",
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option("--sheet", metavar="NAME", help="The workbook's sheet holding the plan."),
    ] = None,
    area: Annotated[
        str | None,
        typer.Option(
            "--area", metavar="NAME", help="The area's name.", show_default="the folder's name"
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Date the updates the import records (YYYY-MM-DD).",
            show_default="today",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be written; write nothing.")
    ] = False,
) -> None:
    """Import an action plan kept in Excel, CSV or Word as the area's YAML files."""
    from concordat.safe import printable
    from concordat.spreadsheet import importer

    why = importer.refusal(out)  # before the file is read: a file in the way is not replaced
    if why is not None:
        _fail(f"{why}; nothing was written")  # refusal's words are printable already
    imported = _read(source, out, column or [], rag, sheet, area, as_of)
    if dry_run:
        for path, text in imported.files.items():
            typer.echo(printable(f"--- {path} (not written: --dry-run)"))
            for line in text.splitlines():
                typer.echo(printable(line))
    else:
        _write(imported)
    for line in importer.report(imported):
        typer.echo(printable(line))
    if not dry_run:
        typer.echo(printable(f"next: fill those in, then run concordat validate {out}"))
    raise typer.Exit(EXIT_PROBLEMS if imported.unread else EXIT_OK)


def _read(
    source: Path,
    out: Path,
    columns: list[str],
    rag: str | None,
    sheet: str | None,
    area: str | None,
    as_of: str | None,
) -> Any:
    from concordat.safe import printable
    from concordat.spreadsheet.importer import import_plan as read_it
    from concordat.spreadsheet.plan import PlanError, parse_columns, parse_rag
    from concordat.spreadsheet.reading import Unreadable

    day = _day(as_of)
    try:
        wanted, meanings = parse_columns(columns), parse_rag(rag)
    except PlanError as error:
        _fail(printable(str(error)))
    try:
        return read_it(source, out, as_of=day, area=area, sheet=sheet, columns=wanted, rag=meanings)
    except (Unreadable, PlanError) as error:
        _fail(printable(f"{source}: {error}"))
    except MemoryError:
        _fail(printable(f"{source}: it ran out of memory while reading it; nothing was written"))


def _write(imported: Any) -> None:
    from concordat.files import Refused
    from concordat.safe import printable
    from concordat.spreadsheet.importer import write

    def said(path: Path) -> None:
        typer.echo(printable(f"wrote {path}"))

    try:
        write(imported, said)
    except Refused as error:
        _fail(printable(f"{error}; nothing more was written"))
    except OSError as error:
        reason = error.strerror or error
        _fail(printable(f"cannot write {error.filename}: {reason}; nothing more was written"))
