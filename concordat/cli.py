"""The command line: options in, a renderer's output and an exit code out. No logic here."""

from __future__ import annotations

import gc
import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from concordat import __version__
from concordat.vocab import Status, Theme

if TYPE_CHECKING:
    from rich.console import Console

    from concordat.area import Area
    from concordat.diagnostics import Report

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
    GITHUB = "github"
    SARIF = "sarif"


VERSION_LINE = f"concordat {__version__}"


def _version(value: bool) -> None:
    if value:
        typer.echo(VERSION_LINE)
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
AreasArg = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="[AREA_DIR]...",
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
        show_default="120, or stale-days in concordat.toml",
    ),
]
NoColorOpt = Annotated[
    bool, typer.Option("--no-color", help="Plain text, no colour (NO_COLOR is honoured too).")
]


@app.command()
def validate(
    area_dirs: AreasArg = None,
    as_of: AsOfOpt = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 on warnings as well as errors.")
    ] = False,
    output: Annotated[
        ValidateFormat | None,
        typer.Option(
            "--format",
            help="Output format. Default: github when GITHUB_ACTIONS=true, else text.",
            show_default=False,
        ),
    ] = None,
    stale_days: StaleOpt = None,
    show_silenced: Annotated[
        bool,
        typer.Option("--show-silenced", help="Also list problems silenced in the data, with why."),
    ] = False,
    jobs: JobsOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Check areas' files and report every problem with its file, line and column."""
    from concordat import national
    from concordat.layout import AreaNotFound
    from concordat.render import diagnostics as render

    day = _parse_as_of(as_of) or date.today()
    try:
        folders = national.find_areas(area_dirs or [Path()])
        results = national.run_all(folders, day, stale_days, rollup=False, jobs=jobs)
    except AreaNotFound as error:
        _fail(str(error))
    report = national.combined(results)
    name = results[0].name if len(results) == 1 else None
    areas = (
        [
            {
                "area": r.name,
                "folder": r.folder,
                "errors": r.report.errors,
                "warnings": r.report.warnings,
            }
            for r in results
        ]
        if len(results) > 1
        else None
    )
    if output is None:
        on_github = os.environ.get("GITHUB_ACTIONS") == "true"
        output = ValidateFormat.GITHUB if on_github else ValidateFormat.TEXT
    if output is ValidateFormat.JSON:
        sys.stdout.write(render.json_text(report, area=name, as_of=day, areas=areas))
    elif output is ValidateFormat.SARIF:
        sys.stdout.write(render.sarif(report))
    elif output is ValidateFormat.GITHUB:
        sys.stdout.write(render.github(report))
        _append_step_summary(render.step_summary(report, as_of=day))
    else:
        options = {"as_of": day, "show_silenced": show_silenced, "areas": len(results)}
        _print_report(report, no_color, options)
    raise typer.Exit(report.exit_code(strict=strict))


def _print_report(
    report: Report, no_color: bool, options: dict[str, Any], *, stderr: bool = False
) -> None:
    """Print a validate report: through rich in a terminal, as plain lines when piped."""
    from concordat.render import diagnostics as render

    console = _console(no_color, stderr=stderr)
    if console.is_terminal or console.color_system is not None:
        console.print(render.text(report, **options), soft_wrap=True)
    else:  # piped and plain: skip rich's layout work on what may be thousands of lines
        (sys.stderr if stderr else sys.stdout).write(render.plain(report, **options) + "\n")


def _append_step_summary(markdown: str) -> None:
    """Add to the job summary GitHub shows, when the runner provides one (never replace it)."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    try:
        with Path(path).open("a", encoding="utf-8") as summary:
            summary.write(markdown)
    except OSError as error:
        sys.stderr.write(f"concordat: could not write the step summary: {error.strerror}\n")


class ViewFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


class ShowFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


def _complete_area(ctx: typer.Context) -> Area | None:
    """The area named on the command line so far, for shell completion (never raises)."""
    try:
        from concordat import area as area_module

        # while completing, a variadic argument may still sit unparsed in ctx.args
        named = [
            *(ctx.params.get("area_dirs") or ()),
            *(a for a in ctx.args if not a.startswith("-")),
            ctx.params.get("area_dir") or Path(),
        ]
        return area_module.load(Path(named[0]))
    except Exception:
        return None


def _complete_org(ctx: typer.Context, incomplete: str) -> list[str]:
    loaded = _complete_area(ctx)
    ids = [s.item.id for s in loaded.signatories] if loaded else []
    return [i for i in ids if i.startswith(incomplete)]


def _complete_commitment(ctx: typer.Context, incomplete: str) -> list[str]:
    loaded = _complete_area(ctx)
    ids = [c.item.id for c in loaded.commitments] if loaded else []
    return [i for i in ids if i.startswith(incomplete)]


def _parse_within(value: str | None, as_of: date) -> int | None:
    """'30d', '8w', '3m' (calendar months from the as-of date) as a number of days."""
    if value is None:
        return None
    import re

    match = re.fullmatch(r"\s*(\d+)\s*([dwm])\s*", value.lower())
    if not match:
        raise typer.BadParameter(
            f"'{value}' is not a span: use days, weeks or months, like 30d, 8w or 3m",
            param_hint="'--due-within'",
        )
    amount, unit = int(match.group(1)), match.group(2)
    if amount > 1200 * (1 if unit == "m" else 31):
        raise typer.BadParameter(f"'{value}' is more than a century", param_hint="'--due-within'")
    if unit == "d":
        return amount
    if unit == "w":
        return amount * 7
    month = as_of.month - 1 + amount
    year, month = as_of.year + month // 12, month % 12 + 1
    import calendar

    day = min(as_of.day, calendar.monthrange(year, month)[1])
    return (date(year, month, day) - as_of).days


def _checked(
    area_dir: Path,
    day: date,
    stale_days: int | None,
    no_color: bool,
    as_json: bool,
    to_stderr: bool,
) -> tuple[Area, int]:
    """Load and check the area. On errors, print them as validate does and exit 1.

    Returns the area and its number of warnings.
    """
    from concordat import validate as run_validate
    from concordat.layout import AreaNotFound
    from concordat.render import diagnostics as render

    try:
        loaded, report = run_validate(area_dir, as_of=day, stale_days=stale_days)
    except AreaNotFound as error:
        _fail(str(error))
    if report.errors:
        if as_json:
            sys.stdout.write(render.json_text(report, area=loaded.name, as_of=day))
        else:
            _print_report(report, no_color, {"as_of": day}, stderr=to_stderr)
            _console(no_color, stderr=to_stderr).print(
                "concordat: fix the errors above to see the status", style="bold", soft_wrap=True
            )
        raise typer.Exit(EXIT_PROBLEMS)
    return loaded, report.warnings


def _warnings_footer(warnings: int) -> str:
    plural = "" if warnings == 1 else "s"
    return f"{warnings} warning{plural}: run concordat validate to see them"


def _emit(value: Any, renderer: ModuleType, output: StrEnum, warnings: int, no_color: bool) -> None:
    """Write a view with the renderer module's function for the format.

    Text formats go to stdout as they are (the warnings footer to stderr, so a CSV or Markdown
    file stays clean); tables go through rich at the terminal's width.
    """
    if output != "table":
        write = {"json": "json_text", "csv": "csv_text", "markdown": "markdown"}[output.value]
        sys.stdout.write(getattr(renderer, write)(value))
        if warnings and output != "json":
            sys.stderr.write(_warnings_footer(warnings) + "\n")
        return
    console = _console(no_color)
    console.print(renderer.table(value, console.width))
    if warnings:
        console.print()
        console.print(_warnings_footer(warnings), style="yellow", soft_wrap=True)


OrgOpt = Annotated[
    str | None,
    typer.Option(
        "--org",
        metavar="ID",
        help="Only commitments this signatory leads or is a partner in.",
        autocompletion=_complete_org,
    ),
]
FormatOpt = Annotated[ViewFormat, typer.Option("--format", help="Output format.")]


@app.command()
def status(
    area_dirs: AreasArg = None,
    org: OrgOpt = None,
    lead_only: Annotated[
        bool, typer.Option("--lead-only", help="With --org: only what it leads.")
    ] = False,
    theme: Annotated[
        list[Theme] | None,
        typer.Option("--theme", help="Only this theme (repeat for several)."),
    ] = None,
    status_: Annotated[
        list[Status] | None,
        typer.Option("--status", help="Only this status (repeat for several)."),
    ] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only open commitments past their due date.")
    ] = False,
    due_within: Annotated[
        str | None,
        typer.Option(
            "--due-within",
            metavar="SPAN",
            help="Only open commitments due within 30d, 8w, 3m... (overdue ones included).",
        ),
    ] = None,
    as_of: AsOfOpt = None,
    output: FormatOpt = ViewFormat.TABLE,
    stale_days: StaleOpt = None,
    jobs: JobsOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Who owns what, what is late, and every commitment by theme.

    Over several areas: a roll-up with one row per area and the figures by sector.
    """
    from concordat import national
    from concordat.layout import AreaNotFound

    day = _parse_as_of(as_of) or date.today()
    within = _parse_within(due_within, day)
    try:
        folders = national.find_areas(area_dirs or [Path()])
    except AreaNotFound as error:
        _fail(str(error))
    if len(folders) > 1:
        filtered = org or lead_only or theme or status_ or overdue or within is not None
        if filtered:
            _fail("filters apply to one area: name a single area folder to filter it")
        _rollup(folders, day, stale_days, jobs, output, no_color)
        return
    text_formats = (ViewFormat.CSV, ViewFormat.MARKDOWN)
    loaded, warnings = _checked(
        folders[0], day, stale_days, no_color, output is ViewFormat.JSON, output in text_formats
    )
    from concordat import views
    from concordat.render import status as render

    if org is not None and org not in views.signatories_by_id(loaded):
        _unknown_id("signatory", org, list(views.signatories_by_id(loaded)))
    filters = views.Filters(
        org=org,
        lead_only=lead_only,
        themes=tuple(theme or ()),
        statuses=tuple(status_ or ()),
        overdue=overdue,
        due_within=within,
    )
    view = views.status_view(loaded, day, filters)
    view = views.with_warnings(view, warnings)
    _emit(view, render, output, warnings, no_color)


def _rollup(
    folders: list[Path],
    day: date,
    stale_days: int | None,
    jobs: int | None,
    output: ViewFormat,
    no_color: bool,
) -> None:
    """The national view. Areas with errors are listed apart, not fatal; exit 1 if any."""
    from concordat import national
    from concordat.render import rollup as render

    results = national.run_all(folders, day, stale_days, rollup=True, jobs=jobs)
    summary = national.rollup(results, day)
    _emit(summary, render, output, 0, no_color)
    if summary.broken:
        names = ", ".join(r.folder for r in summary.broken)
        sys.stderr.write(
            f"concordat: {len(summary.broken)} area(s) skipped because of errors: {names}; "
            "run concordat validate on them\n"
        )
        raise typer.Exit(EXIT_PROBLEMS)


@app.command()
def show(
    commitment_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The commitment's id, like 2.1.", autocompletion=_complete_commitment
        ),
    ],
    area_dir: AreaArg = Path(),
    as_of: AsOfOpt = None,
    output: Annotated[ShowFormat, typer.Option("--format", help="Output format.")] = (
        ShowFormat.TABLE
    ),
    stale_days: StaleOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """One commitment in full: owner, partners, dates, measures and every update."""
    day = _parse_as_of(as_of) or date.today()
    loaded, warnings = _checked(
        area_dir, day, stale_days, no_color, output is ShowFormat.JSON, False
    )
    from concordat import views
    from concordat.render import detail as render

    commitment = views.find_commitment(loaded, commitment_id.strip())
    if commitment is None:
        _unknown_id("commitment", commitment_id, [c.item.id for c in loaded.commitments])
    detail = views.commitment_detail(loaded, commitment, day)
    _emit(detail, render, output, warnings, no_color)


@app.command()
def orgs(
    area_dir: AreaArg = Path(),
    as_of: AsOfOpt = None,
    output: FormatOpt = ViewFormat.TABLE,
    stale_days: StaleOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """The signatories: sector, role, when they signed, and what each leads."""
    day = _parse_as_of(as_of) or date.today()
    text_formats = (ViewFormat.CSV, ViewFormat.MARKDOWN)
    loaded, warnings = _checked(
        area_dir, day, stale_days, no_color, output is ViewFormat.JSON, output in text_formats
    )
    from concordat import views
    from concordat.render import orgs as render

    listing = views.org_listing(loaded, day)
    _emit(listing, render, output, warnings, no_color)


@app.command()
def schema(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            metavar="DIR",
            help="Folder to write signatories.schema.json and commitments.schema.json into.",
        ),
    ] = Path("schema"),
) -> None:
    """Write JSON Schema files for the data files, for editors and other validators."""
    from concordat.files import write_atomic
    from concordat.schema import schema_texts

    if out.exists() and not out.is_dir():
        _fail(f"not a folder: {out}")
    for name, text in schema_texts().items():
        path = out / name
        try:
            same = path.is_file() and path.read_text(encoding="utf-8") == text
            if not same:
                write_atomic(path, text)
        except OSError as error:
            _fail(f"cannot write {path}: {error.strerror or error}")
        typer.echo(f"{'unchanged' if same else 'wrote'} {path}")


@app.command()
def init(
    folder: Annotated[
        Path,
        typer.Argument(help="Where to start the partnership's repository.", show_default="."),
    ] = Path(),
) -> None:
    """Start a partnership repository: data file templates, settings, CI and pre-commit."""
    from concordat.init import scaffold

    if folder.exists() and not folder.is_dir():
        _fail(f"not a folder: {folder}")
    try:
        outcome = scaffold(folder)
    except OSError as error:
        _fail(f"cannot write in {folder}: {error.strerror or error}")
    for path in outcome.created:
        typer.echo(f"created  {path}")
    for path in outcome.skipped:
        typer.echo(f"skipped  {path} (it exists; init never replaces a file)")
    if outcome.created:
        typer.echo(
            f"next: add your organisations to {folder / 'signatories.yaml'}, then run "
            f"concordat validate {folder}"
        )


def _unknown_id(kind: str, wanted: str, known: list[str]) -> NoReturn:
    from concordat.diagnostics import did_you_mean

    hint = did_you_mean(wanted, known)
    _fail(f"no {kind} '{wanted}' in this area" + (f"; {hint}" if hint else ""))


def _console(no_color: bool, *, stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(no_color=no_color or None, highlight=False, stderr=stderr)


def _fail(message: str) -> NoReturn:
    from concordat.safe import printable

    sys.stderr.write(f"concordat: error: {printable(message)}\n")
    raise typer.Exit(EXIT_USAGE)


def main() -> None:
    # A command is a short-lived process whose large object trees (YAML nodes, models) hold no
    # reference cycles: reference counting frees them, and the cyclic collector would only
    # rescan the whole heap again and again as they are built.
    gc.disable()
    args = sys.argv[1:]
    if args == ["--version"]:  # answer before typer builds its parameter machinery
        sys.stdout.write(VERSION_LINE + "\n")
        return
    app(prog_name="concordat")
