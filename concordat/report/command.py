"""`concordat report`: the typer declaration of the board pack, wired as cli.py wires every
command, so that adding it to the command line is one line there:

    app.command("report", cls=usage.Command, epilog=report_command.EPILOG)(report_command.report)

Its options shared with other commands come from :mod:`concordat.options`, as cli.py's
do. Nothing heavy is imported until the command runs: Jinja2 is loaded only to draw a page.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from concordat import output, usage
from concordat.config import DEFAULT_STALE_DAYS
from concordat.layout import AreaNotFound
from concordat.options import (
    EXIT_OK,
    EXIT_PROBLEMS,
    AreasArg,
    AsOfOpt,
    JobsOpt,
    NoColorOpt,
    StaleOpt,
    writing,
)
from concordat.options import areas as _areas
from concordat.options import day as _day
from concordat.options import fail as _fail
from concordat.report import SUFFIXES, ReportFormat

if TYPE_CHECKING:
    from concordat.diagnostics import Diagnostic


EPILOG = usage.examples(
    "concordat report -o norfolk.html",
    "concordat report --format markdown -o board-paper.md",
    "concordat report areas -o site/",
    then="A report is for publishing: personal data the privacy guard finds (X codes) stops "
    "it, unless --allow-private gives the reason to write it anyway (still masked).",
)

OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE|DIR/",
        help="Write the report to this file, or a site (index and one page per area) into "
        "this folder: a name ending in / or an existing folder. Several areas need a folder.",
        show_default="standard output",
    ),
]
FormatOpt = Annotated[
    ReportFormat | None,
    typer.Option(
        "--format",
        metavar="FORMAT",
        help=f"Output format: {usage.choices(ReportFormat)}.",
        show_default="markdown for a .md file, else html",
    ),
]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="REV|DATE",
        help="What changed since this git revision or date, for the section on changes "
        "since the last board (when the area is in git).",
        show_default="the last tag, else 90 days",
    ),
]
AllowPrivateOpt = Annotated[
    str | None,
    typer.Option(
        "--allow-private",
        metavar="REASON",
        help="Write the report although the privacy guard found personal data (masked in "
        "it), saying why; the reason is printed in the report.",
    ),
]


def report(
    area_dirs: AreasArg = None,
    output_path: OutputOpt = None,
    fmt: FormatOpt = None,
    as_of: AsOfOpt = None,
    since: SinceOpt = None,
    allow_private: AllowPrivateOpt = None,
    stale_days: StaleOpt = None,
    jobs: JobsOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """The board pack: one self-contained HTML page (or a Markdown board paper) a board
    member can read, or a small static site over several areas.

    Sections: the area and dates; counts by status; exceptions (off track, at risk,
    overdue, stale); changes since the last board; who owns what; every commitment by
    theme; outcome measures as charts with their tables.
    """
    day = _day(as_of)
    reason = _reason(allow_private)
    folders = _areas(area_dirs)
    target = Path(output_path) if output_path else None
    as_site = output_path is not None and _names_folder(output_path)
    chosen = fmt or (SUFFIXES.get(target.suffix.lower(), ReportFormat.HTML) if target else None)
    chosen = chosen or ReportFormat.HTML
    if len(folders) > 1 and not as_site:
        _fail("several areas make a site: name a folder for it, like -o site/")
    if target is not None and as_site:
        _site(folders, target, day, chosen, since, reason, stale_days, jobs, no_color)
    _one(folders[0], target, day, chosen, since, reason, stale_days, no_color)


def _names_folder(output_path: str) -> bool:
    return output_path.endswith(("/", os.sep)) or Path(output_path).is_dir()


def _one(
    folder: Path,
    target: Path | None,
    day: date,
    fmt: ReportFormat,
    since: str | None,
    reason: str | None,
    stale_days: int | None,
    no_color: bool,
) -> NoReturn:
    """One area's report, to a file or standard output; exit 1 when its files have errors
    (the report still shows what could be read, and says what could not)."""
    from concordat.pipeline import check_area
    from concordat.report.formats import FORMATS, page_text
    from concordat.report.history import NoHistory, history_of
    from concordat.report.view import board_report, private_findings

    try:
        checked = check_area(folder, day, stale_days=stale_days)
    except AreaNotFound as error:
        _fail(str(error))
    private = private_findings(checked)
    if private and reason is None:
        _blocked(private)
    history = history_of(folder, day, since)
    if since is not None and isinstance(history, NoHistory):
        output.error_line(f"concordat: note: --since is not used: {history.why}")
    board = board_report(checked, history=history, allowed_because=reason)
    note = output.warnings_note(checked.report)
    if target is None:
        output.emit(FORMATS[fmt], board, no_color=no_color, note=note)
    else:
        _write(lambda: _write_report(target, page_text(board, fmt)))
        output.say(f"wrote {target}", no_color=no_color)
        if note:
            output.error_line(f"concordat: {note}")
    if board.doubt is None:
        raise typer.Exit(EXIT_OK)
    for line in board.doubt.words(marks=False):
        output.error_line(f"concordat: {line}")
    raise typer.Exit(EXIT_PROBLEMS)


def _site(
    folders: Sequence[Path],
    target: Path,
    day: date,
    fmt: ReportFormat,
    since: str | None,
    reason: str | None,
    stale_days: int | None,
    jobs: int | None,
    no_color: bool,
) -> NoReturn:
    """Every area's page and the index with the roll-up, into the folder ``target``; exit 1
    when any area's files have errors (its page says what could not be read)."""
    import functools

    from concordat.pipeline import check_many
    from concordat.render.common import plural
    from concordat.render.rollup import problems
    from concordat.report.formats import INDEXES, PAGES
    from concordat.report.site import SUFFIX, area_page, site

    if fmt is ReportFormat.HTML:
        from concordat.report.html import environment

        for template in ("report.html.j2", "index.html.j2"):  # compiled once, here:
            environment().get_template(template)  # every worker starts with them
    home = "index" + SUFFIX[fmt]
    summarise = functools.partial(
        area_page,
        draw=PAGES[fmt],
        home=home,
        stale_days=stale_days or DEFAULT_STALE_DAYS,
        since=since,
        allowed_because=reason,
    )
    try:
        summaries = check_many(folders, day, summarise=summarise, stale_days=stale_days, jobs=jobs)
    except AreaNotFound as error:
        _fail(str(error))
    private = [d for s in summaries for d in s.value.private]
    if private and reason is None:
        _blocked(private)
    names = [Path(os.path.abspath(f)).name for f in folders]  # noqa: PTH100 - no link followed
    built = site(summaries, names, day, fmt)
    pages = {p.file: p.text for p in built.pages}
    pages[home] = INDEXES[fmt](built)
    _write(lambda: _write_site(target, pages, home))
    shown = plural(len(built.pages), "area page")
    output.say(f"wrote {target / home} and {shown}", no_color=no_color)
    for line in problems(built.rollup):
        output.error_line(line)
    raise typer.Exit(EXIT_PROBLEMS if built.rollup.failing else EXIT_OK)


def _write_report(target: Path, text: str) -> None:
    from concordat.report.write import write_report

    write_report(target, text)


def _write_site(target: Path, pages: dict[str, str], index: str) -> None:
    from concordat.report.write import write_site

    write_site(target, pages, index)


def _write(action: Callable[[], None]) -> None:
    with writing():
        action()


def _blocked(found: Sequence[Diagnostic]) -> NoReturn:
    """The privacy guard's findings stop a report: say each (masked), and what to do."""
    from concordat.render.diagnostics import location

    output.error_line(
        "concordat: error: the privacy guard found personal data, and a report is for "
        "publishing, so nothing was written:"
    )
    for d in found[:20]:
        output.error_line(f"  {location(d)}: {d.code} {d.message}")
    if len(found) > 20:
        output.error_line(f"  and {len(found) - 20:,} more (concordat validate lists them all)")
    output.error_line(
        "concordat: remove it from the files, or write the report anyway with "
        "--allow-private REASON (it is masked in the report either way)"
    )
    raise typer.Exit(EXIT_PROBLEMS)


def _reason(allow_private: str | None) -> str | None:
    if allow_private is None:
        return None
    reason = " ".join(allow_private.split())
    if not reason:
        raise typer.BadParameter(
            "give the reason the report may hold personal data", param_hint="'--allow-private'"
        )
    return reason
