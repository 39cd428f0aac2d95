"""The command line: typer's declarations, and the stages each command wires together.

Every command that looks at an area checks it through :mod:`concordat.pipeline`, builds a
view (:mod:`concordat.views`), takes its format's renderer from a registry
(:mod:`concordat.render`) and writes it (:mod:`concordat.output`). What is left here is the
options, the order of the stages and the exit code. Heavy modules are imported inside the
commands that need them, so `--version` and shell completion start fast.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer

from concordat import completion, output, usage
from concordat.config import DEFAULT_STALE_DAYS
from concordat.layout import AreaNotFound
from concordat.options import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    AreaArg,
    AreasArg,
    AsOfOpt,
    DryRunOpt,
    JobsOpt,
    NoColorOpt,
    OrgOpt,
    StaleOpt,
    writing,
)
from concordat.options import areas as _areas
from concordat.options import day as _day
from concordat.options import fail as _fail
from concordat.render import HistoryFormat, ShowFormat, StatusFormat, ValidateFormat, ViewFormat
from concordat.report import command as report_command
from concordat.spreadsheet import command as sheets
from concordat.version import __version__
from concordat.vocab import Status, Theme

if TYPE_CHECKING:
    from concordat.history.slippage import Slippage
    from concordat.pipeline import Checked, Summary
    from concordat.render import Renderer
    from concordat.views.doubt import Doubt
    from concordat.views.rollup import Rollup
    from concordat.views.status import Filters, StatusView

T = TypeVar("T")

app = typer.Typer(
    name="concordat",
    help="Track Mental Health Crisis Care Concordat partnerships: who owns each "
    "commitment, what is late, and what has been delivered.",
    epilog=usage.examples(
        "concordat validate",
        "concordat status --org nsft",
        "concordat show 2.1",
        then="Run concordat COMMAND -h for a command's options.",
    ),
    cls=usage.Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"concordat {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Track Mental Health Crisis Care Concordat partnerships."""
    if ctx.invoked_subcommand is None:  # a bare `concordat`: the help, and success
        typer.echo(ctx.get_help())
        raise typer.Exit()


# -- options shared by several commands ---------------------------------------------------

ViewFormatOpt = Annotated[
    ViewFormat,
    typer.Option("--format", metavar="FORMAT", help=f"Output format: {usage.choices(ViewFormat)}."),
]
StatusFormatOpt = Annotated[
    StatusFormat,
    typer.Option(
        "--format",
        metavar="FORMAT",
        help=f"Output format: {usage.choices(StatusFormat)} (an Excel workbook, to -o FILE).",
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "-o", "--output", metavar="FILE", help="With --format xlsx: the workbook to write."
    ),
]


# -- the commands ---------------------------------------------------------------------------


@app.command(
    cls=usage.Command,
    epilog=usage.examples(
        "concordat validate",
        "concordat validate areas --strict",
        "concordat validate --format sarif > concordat.sarif",
    ),
)
def validate(
    area_dirs: AreasArg = None,
    as_of: AsOfOpt = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 on warnings as well as errors.")
    ] = False,
    fmt: Annotated[
        ValidateFormat | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help=f"Output format: {usage.choices(ValidateFormat)}. Default: github when "
            "GITHUB_ACTIONS=true, else text.",
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
    from concordat.pipeline import report_only
    from concordat.render.validation import FORMATS, default_format
    from concordat.views.validation import validation

    day = _day(as_of)
    summaries = _check_many(_areas(area_dirs), day, stale_days, jobs, report_only)
    shown = validation(summaries, day, show_silenced=show_silenced)
    output.emit(FORMATS[fmt or default_format(os.environ)], shown, no_color=no_color)
    raise typer.Exit(shown.report.exit_code(strict=strict))


@app.command(
    cls=usage.Command,
    epilog=usage.examples(
        "concordat status",
        "concordat status --org nsft --due-within 3m",
        "concordat status --overdue --format csv > overdue.csv",
        "concordat status --format xlsx -o plan.xlsx",
        "concordat status areas",
    ),
)
def status(
    area_dirs: AreasArg = None,
    org: OrgOpt = None,
    lead_only: Annotated[
        bool, typer.Option("--lead-only", help="With --org: only what it leads.")
    ] = False,
    theme: Annotated[
        list[Theme] | None,
        typer.Option(
            "--theme",
            metavar="THEME",
            help=f"Only this theme (repeat for several): {usage.choices(Theme)}.",
        ),
    ] = None,
    status_: Annotated[
        list[Status] | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help=f"Only this status (repeat for several): {usage.choices(Status)}.",
        ),
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
    fmt: StatusFormatOpt = StatusFormat.TABLE,
    output_file: OutputOpt = None,
    stale_days: StaleOpt = None,
    history: Annotated[
        bool,
        typer.Option(
            "--history",
            help="Over several areas: also each area's share of open work that slipped, "
            "from its git record (one read of it per area). One area: always, in git.",
        ),
    ] = False,
    jobs: JobsOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Who owns what, what is late, and every commitment by theme.

    Over several areas: a roll-up with one row per area and the figures by sector.
    """
    from concordat.views.status import Filters, status_view

    _file_for(fmt, output_file)
    day = _day(as_of)
    within = _span(due_within, day)
    if lead_only and org is None:
        raise typer.BadParameter(
            "it needs --org ID: whose lead work to show", param_hint="'--lead-only'"
        )
    filters = Filters(org, lead_only, tuple(theme or ()), tuple(status_ or ()), overdue, within)
    folders = _areas(area_dirs)
    if len(folders) > 1:
        _rollup(folders, day, filters, stale_days, jobs, fmt, output_file, no_color, history)
        return
    checked, doubt = _viewable(folders[0], day, stale_days)
    _known_org(checked, org, day)
    view = status_view(
        checked.area,
        day,
        filters,
        warnings=checked.report.warnings,
        stale_days=checked.settings.stale_days,
        doubt=doubt,
        slippage=_slippage(folders[0]),
    )
    _emit_status(fmt, output_file, view, checked, doubt, no_color)


def _file_for(fmt: StatusFormat, output_file: Path | None) -> None:
    """A workbook is written to the file -o names; the text formats go to stdout."""
    if fmt is StatusFormat.XLSX and output_file is None:
        raise typer.BadParameter(
            "a workbook is written to a file: add -o FILE.xlsx", param_hint="'--format xlsx'"
        )
    if fmt is not StatusFormat.XLSX and output_file is not None:
        raise typer.BadParameter(
            f"only --format xlsx writes a file; {fmt.value} goes to stdout (> FILE)",
            param_hint="'-o'",
        )


def _emit_status(
    fmt: StatusFormat,
    output_file: Path | None,
    view: StatusView,
    checked: Checked,
    doubt: Doubt | None,
    no_color: bool,
) -> NoReturn:
    """The status view in its format: text through output, a workbook to its file."""
    from concordat.render.status import FORMATS

    if fmt is not StatusFormat.XLSX or output_file is None:
        _emit_view(FORMATS[ViewFormat(fmt.value)], view, checked, doubt, no_color)
    from concordat.spreadsheet.export import write_workbook

    _save(output_file, lambda: write_workbook(view, output_file))
    for line in doubt.words() if doubt else ():
        output.error_line(f"concordat: {line}")
    raise typer.Exit(EXIT_OK if doubt is None else EXIT_PROBLEMS)


def _save(path: Path, write: Callable[[], None]) -> None:
    """Write the file a command makes (a workbook), and say so; exit 2 when it cannot."""
    from concordat.safe import printable

    with writing(path):
        write()
    typer.echo(printable(f"wrote {path}"))


def _rollup(
    folders: Sequence[Path],
    day: date,
    filters: Filters,
    stale_days: int | None,
    jobs: int | None,
    fmt: StatusFormat,
    output_file: Path | None,
    no_color: bool,
    history: bool = False,
) -> None:
    """The national view. Areas with errors are listed apart, not fatal; exit 1 if any."""
    import functools

    from concordat.render.rollup import FORMATS, problems
    from concordat.views.rollup import area_row, rollup
    from concordat.views.status import Filters

    if filters != Filters():
        _fail("filters apply to one area: name a single area folder to filter it")
    if fmt is StatusFormat.XLSX and output_file is not None:
        summary = _national_workbook(folders, day, stale_days, jobs, output_file)
    else:
        stale = stale_days or DEFAULT_STALE_DAYS
        row = functools.partial(area_row, stale_days=stale, history=history)
        summary = rollup(_check_many(folders, day, stale_days, jobs, row), day)
        output.emit(FORMATS[ViewFormat(fmt.value)], summary, no_color=no_color)
    for line in problems(summary):
        output.error_line(line)
    raise typer.Exit(EXIT_PROBLEMS if summary.failing else EXIT_OK)


def _national_workbook(
    folders: Sequence[Path], day: date, stale_days: int | None, jobs: int | None, path: Path
) -> Rollup:
    """The roll-up and every area's plan rows, from the workers, as one workbook."""
    import functools

    from concordat.pipeline import Summary
    from concordat.spreadsheet.export import national_area, write_rollup_workbook
    from concordat.views.rollup import rollup

    national = functools.partial(national_area, stale_days=stale_days or DEFAULT_STALE_DAYS)
    summaries = _check_many(folders, day, stale_days, jobs, national)
    summary = rollup([Summary(s.folder, s.name, s.report, s.value.row) for s in summaries], day)
    _save(path, lambda: write_rollup_workbook(summary, path, [s.value for s in summaries]))
    return summary


@app.command(
    cls=usage.Command,
    epilog=usage.examples("concordat show 2.1", "concordat show 2.1 areas/norfolk --format json"),
)
def show(
    commitment_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The commitment's id, like 2.1.",
            autocompletion=completion.commitment_ids,
        ),
    ],
    area_dir: AreaArg = Path(),
    as_of: AsOfOpt = None,
    fmt: Annotated[
        ShowFormat,
        typer.Option(
            "--format", metavar="FORMAT", help=f"Output format: {usage.choices(ShowFormat)}."
        ),
    ] = ShowFormat.TABLE,
    stale_days: StaleOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """One commitment in full: owner, partners, dates, measures and every update."""
    from concordat.render.detail import FORMATS
    from concordat.views.detail import commitment_detail, find_commitment

    day = _day(as_of)
    checked, doubt = _viewable(area_dir, day, stale_days)
    wanted = commitment_id.strip()
    commitment = find_commitment(checked.area, wanted)
    if commitment is None:
        unread = [u for u in checked.area.unread if u.id == wanted]
        if unread:
            where = unread[0].where
            output.error_line(
                f"concordat: commitment {wanted} could not be read: its entry in {where} has "
                "errors; the coordinator sees them with: concordat validate"
            )
            raise typer.Exit(EXIT_PROBLEMS)
        known = [c.item.id for c in checked.area.commitments]
        _unknown_id("commitment", commitment_id, known)
    detail = commitment_detail(
        checked.area,
        commitment,
        day,
        stale_days=checked.settings.stale_days,
        doubt=doubt,
        slippage=(_slippage(area_dir) or {}).get(commitment.id),
    )
    _emit_view(FORMATS[fmt], detail, checked, doubt, no_color)


@app.command(
    cls=usage.Command,
    epilog=usage.examples("concordat orgs", "concordat orgs --format markdown > signatories.md"),
)
def orgs(
    area_dir: AreaArg = Path(),
    as_of: AsOfOpt = None,
    fmt: ViewFormatOpt = ViewFormat.TABLE,
    stale_days: StaleOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """The signatories: sector, role, when they signed, and what each leads."""
    from concordat.render.orgs import FORMATS
    from concordat.views.orgs import org_listing

    day = _day(as_of)
    checked, doubt = _viewable(area_dir, day, stale_days)
    _emit_view(FORMATS[fmt], org_listing(checked.area, day, doubt), checked, doubt, no_color)


app.command("report", cls=usage.Command, epilog=report_command.EPILOG)(report_command.report)
app.command("import", cls=usage.Command, epilog=sheets.EPILOG)(sheets.import_plan)


@app.command(cls=usage.Command, epilog=usage.examples("concordat schema --out schema"))
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
    from concordat.safe import printable
    from concordat.schema import write_schemas

    if out.exists() and not out.is_dir():
        _fail(f"not a folder: {out}")
    with writing():
        for path, changed in write_schemas(out):
            typer.echo(printable(f"{'wrote' if changed else 'unchanged'} {path}"))


@app.command(cls=usage.Command, epilog=usage.examples("concordat init norfolk-concordat"))
def init(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="FOLDER",
            help="Where to start the partnership's repository.",
            show_default="the current folder",
        ),
    ] = Path(),
) -> None:
    """Start a partnership repository: data file templates, settings, CI and pre-commit."""
    from concordat.files import Refused
    from concordat.init import closing, scaffold, why_skipped
    from concordat.safe import printable

    if folder.exists() and not folder.is_dir():
        _fail(f"not a folder: {folder}")
    try:
        outcome = scaffold(folder)
    except Refused as error:
        _fail(f"{error}; init wrote nothing")
    except OSError as error:  # a folder on the way that cannot even be looked into
        _fail(f"cannot write in {folder}: {error.strerror or error}")
    for path in outcome.created:
        typer.echo(printable(f"created  {path}"))
    for path in outcome.skipped:
        typer.echo(printable(f"skipped  {path} ({why_skipped(path)})"))
    failure = outcome.failure
    for path in failure.not_created if failure else ():
        typer.echo(printable(f"not created  {path}"))
    for line in closing(folder, outcome):
        typer.echo(printable(line))
    if failure:
        _fail(
            f"cannot write {failure.path}: {failure.reason}; init stopped there, and created "
            f"{len(outcome.created)} of {len(outcome.created) + len(failure.not_created)} "
            f"files: put that right, then run concordat init again to create the rest"
        )


HistoryFormatOpt = Annotated[
    HistoryFormat,
    typer.Option(
        "--format", metavar="FORMAT", help=f"Output format: {usage.choices(HistoryFormat)}."
    ),
]


@app.command(
    cls=usage.Command,
    epilog=usage.examples(
        "concordat history",
        "concordat history 2.1 2.3",
        "concordat history --area areas/norfolk --format markdown > history.md",
        then="Needs git: the history is read from the repository the area is in.",
    ),
)
def history(
    commitment_ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ID",
            help="Commitments to show, like 2.1.",
            show_default="every commitment in the record",
            autocompletion=completion.commitment_ids,
        ),
    ] = None,
    area_dir: Annotated[
        Path,
        typer.Option(
            "--area",
            metavar="AREA_DIR",
            help="The area folder, in a git repository.",
            show_default="the current folder",
        ),
    ] = Path(),
    fmt: HistoryFormatOpt = HistoryFormat.TABLE,
    no_color: NoColorOpt = False,
) -> None:
    """Each commitment's history from git: first promise, every due-date move and status
    change, updates added, how often it slipped, and how it ended."""
    from concordat.history.record import history_of
    from concordat.render.history import FORMATS
    from concordat.views.history import history_view, unknown_ids

    record = _from_git(lambda: history_of(_area_folder(area_dir)))
    wanted = [i.strip() for i in commitment_ids or []]
    for missing in unknown_ids(record, wanted):
        _unknown_id("commitment", missing, list(record.timelines), where="in the record")
    view = history_view(record, record.name or _label(area_dir), wanted)
    output.emit(FORMATS[fmt], view, no_color=no_color)
    raise typer.Exit(EXIT_OK)


@app.command(
    cls=usage.Command,
    epilog=usage.examples(
        "concordat changes",
        "concordat changes --since 2026-09-01",
        "concordat changes --since v1.0 --until v1.1 --format markdown > board.md",
        then="Needs git: the changes are read from the repository the area is in.",
    ),
)
def changes(
    area_dir: AreaArg = Path(),
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="REV|DATE",
            help="From this commit, branch or tag, or this day (YYYY-MM-DD).",
            show_default="the last tag, else the last 90 days",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            metavar="REV",
            help="Up to this commit, branch or tag.",
            show_default="the working tree, uncommitted changes included",
        ),
    ] = None,
    as_of: AsOfOpt = None,
    fmt: HistoryFormatOpt = HistoryFormat.TABLE,
    no_color: NoColorOpt = False,
) -> None:
    """What changed between two points, for the board: status changes, due dates moved,
    commitments added and removed, updates, readings, reasons and organisations."""
    from concordat.history.record import changes_of
    from concordat.render.changes import FORMATS
    from concordat.views.changes import changes_view

    day = _day(as_of)
    folder = _area_folder(area_dir)
    compared = _from_git(lambda: changes_of(folder, since, until, day))
    name = compared.span.after.name or compared.span.before.name or _label(area_dir)
    output.emit(FORMATS[fmt], changes_view(compared, name), no_color=no_color)
    raise typer.Exit(EXIT_OK)


# -- recording progress -----------------------------------------------------------------------


@app.command(
    cls=usage.Command,
    epilog=usage.examples(
        'concordat update 2.1 --by nsft --note "Second bed opened"',
        'concordat update 2.1 --by nsft --note "Beds shut" --status at-risk \\\n'
        '    --reason "Staffing: agency cover from January"',
        'concordat update 0.3 --by nsft --note "Met" --due 2027-06-30 \\\n'
        '    --reason "Shares not agreed" --dry-run',
    ),
)
def update(
    commitment_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The commitment's id, like 2.1.",
            autocompletion=completion.commitment_ids,
        ),
    ],
    note: Annotated[
        str, typer.Option("--note", metavar="TEXT", help="What happened, in a line or two.")
    ],
    by: Annotated[
        str,
        typer.Option(
            "--by",
            metavar="ORG",
            help="The signatory reporting it (its id).",
            autocompletion=completion.signatory_ids,
        ),
    ],
    area_dir: AreaArg = Path(),
    new_status: Annotated[
        Status | None,
        typer.Option(
            "--status", metavar="STATUS", help=f"The status now: {usage.choices(Status)}."
        ),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            metavar="TEXT",
            help="Why it is at risk, off track, withdrawn or moved, and what is being done.",
        ),
    ] = None,
    evidence: Annotated[
        str | None,
        typer.Option("--evidence", metavar="URL", help="A link to a paper or data."),
    ] = None,
    due: Annotated[
        str | None,
        typer.Option(
            "--due",
            metavar="DATE",
            help="Move the due date (YYYY-MM-DD or 2026/27 Q4); needs --reason.",
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", help="The update's date.", show_default="today"),
    ] = None,
    dry_run: DryRunOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Record a dated update on a commitment, changing only its lines of the file."""
    from concordat.edit.change import UpdateRequest
    from concordat.edit.command import record_update

    today = _day(None)
    day = _day(on, "--date") if on is not None else today
    request = UpdateRequest(day, by, note, new_status, reason, evidence, due)
    done = record_update(
        area_dir, commitment_id, request, today=today, dry_run=dry_run, no_color=no_color
    )
    raise typer.Exit(done)


@app.command(
    cls=usage.Command,
    epilog=usage.examples(
        'concordat add --theme urgent-access --title "Train call handlers" \\\n'
        '    --owner nsft --due "2027/28 Q1"',
        'concordat add --theme recovery --title "Peer support" --owner nsft \\\n'
        "    --partner norfolk-constabulary --due 2027-09-30 --dry-run",
    ),
)
def add(
    theme: Annotated[
        Theme, typer.Option("--theme", metavar="THEME", help=f"Its theme: {usage.choices(Theme)}.")
    ],
    title: Annotated[str, typer.Option("--title", metavar="TEXT", help="What is promised.")],
    owner: Annotated[
        str,
        typer.Option(
            "--owner",
            metavar="ORG",
            help="The one signatory accountable for it (its id).",
            autocompletion=completion.signatory_ids,
        ),
    ],
    due: Annotated[
        str, typer.Option("--due", metavar="DATE", help="YYYY-MM-DD, or a quarter: 2026/27 Q4.")
    ],
    area_dir: AreaArg = Path(),
    partners: Annotated[
        list[str] | None,
        typer.Option(
            "--partner",
            metavar="ORG",
            help="A partner in it (repeat for several).",
            autocompletion=completion.signatory_ids,
        ),
    ] = None,
    new_status: Annotated[
        Status,
        typer.Option("--status", metavar="STATUS", help=f"Its status: {usage.choices(Status)}."),
    ] = Status.NOT_STARTED,
    start: Annotated[
        str | None, typer.Option("--start", metavar="DATE", help="When work starts.")
    ] = None,
    outcome: Annotated[
        str | None,
        typer.Option("--outcome", metavar="TEXT", help="What will be different for people."),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option("--reason", metavar="TEXT", help="Why it is at risk or off track."),
    ] = None,
    commitment_id: Annotated[
        str | None,
        typer.Option("--id", metavar="ID", help="Its id.", show_default="the next in its theme"),
    ] = None,
    dry_run: DryRunOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Add a commitment to the plan, after the others of its theme."""
    from concordat.edit.change import AddRequest
    from concordat.edit.command import record_addition

    today = _day(None)
    request = AddRequest(
        commitment_id or "",
        title,
        theme,
        owner,
        due,
        new_status,
        tuple(partners or ()),
        _day(start, "--start") if start is not None else None,
        outcome,
        reason,
    )
    done = record_addition(area_dir, request, today=today, dry_run=dry_run, no_color=no_color)
    raise typer.Exit(done)


@app.command(
    cls=usage.Command,
    epilog=usage.examples(
        "concordat calendar -o due.ics", "concordat calendar --org nsft -o nsft-due.ics"
    ),
)
def calendar(
    area_dir: AreaArg = Path(),
    org: OrgOpt = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="Write the calendar here (.ics).",
            show_default="standard output",
        ),
    ] = None,
    remind: Annotated[
        int,
        typer.Option(
            "--remind-days",
            min=0,
            max=3660,
            metavar="DAYS",
            help="Remind this many days before open work is due (0: no reminder).",
        ),
    ] = 14,
    as_of: AsOfOpt = None,
) -> None:
    """Due dates as an iCalendar file, to import into any calendar (re-import updates it)."""
    from concordat.edit.calendar import calendar as ics
    from concordat.edit.calendar import ours
    from concordat.files import may_replace

    day = _day(as_of)
    checked, doubt = _viewable(area_dir, day, None)
    _known_org(checked, org, day)
    data = ics(checked.area, day, org=org, remind_days=remind)
    with writing(out):
        if out is not None:
            may_replace(out, ours, "a calendar concordat wrote")
        output.write_file(out, data)
    if doubt is not None:
        for line in doubt.words():
            output.error_line(f"concordat: {line}")
        raise typer.Exit(EXIT_PROBLEMS)


def _area_folder(folder: Path) -> Path:
    """The area folder for the history commands: one that holds concordat data now."""
    from concordat.layout import is_area, working_folder_gone

    gone = working_folder_gone(folder)
    if gone is not None:
        _fail(str(gone))
    if not folder.is_dir():
        _fail(f"not a folder: {folder}")
    try:
        found = is_area(folder)
    except OSError as error:
        _fail(f"cannot read {folder}: {error.strerror or error}")
    if not found:
        _fail(f"{folder} holds no signatories.yaml or commitments: name the area's folder")
    return folder


def _label(folder: Path) -> str:
    return folder.resolve().name or str(folder)


def _from_git(read: Callable[[], T]) -> T:
    """What ``read`` gets from git; a problem git has (not installed, not a repository, a
    shallow clone, an unknown revision) is one line and exit 2."""
    from concordat.history.git import GitProblem

    try:
        return read()
    except GitProblem as problem:
        _fail(str(problem))


# -- wiring the stages ------------------------------------------------------------------------


def _span(due_within: str | None, day: date) -> int | None:
    from concordat.dates import parse_span

    try:
        return None if due_within is None else parse_span(due_within, day)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="'--due-within'") from None


def _check_many(
    folders: Sequence[Path],
    day: date,
    stale_days: int | None,
    jobs: int | None,
    summarise: Callable[[Checked], T],
) -> list[Summary[T]]:
    from concordat.pipeline import check_many

    try:
        return check_many(folders, day, summarise=summarise, stale_days=stale_days, jobs=jobs)
    except AreaNotFound as error:
        _fail(str(error))


def _slippage(folder: Path) -> dict[str, Slippage] | None:
    """How each commitment's due date moved, from the git record the area is in; None
    outside git (the views then show what they always showed)."""
    from concordat.history.slippage import slippage

    return slippage(folder)


def _viewable(folder: Path, day: date, stale_days: int | None) -> tuple[Checked, Doubt | None]:
    """Check one area for a view, and what its errors (if any) put in doubt: a view shows
    what could be read, so one broken entry does not hide every partner's work."""
    from concordat.pipeline import check_area
    from concordat.views.doubt import doubt_of

    try:
        checked = check_area(folder, day, stale_days=stale_days)
    except AreaNotFound as error:
        _fail(str(error))
    return checked, doubt_of(checked.area, checked.report)


def _emit_view(
    renderer: Renderer[T], view: T, checked: Checked, doubt: Doubt | None, no_color: bool
) -> NoReturn:
    """Write a view of one area; exit 1 when the area has errors, so CI still fails. Beside
    a file format (CSV, Markdown) the errors are also said on stderr, where a person sees
    them; the table and the documents carry them in their own banner."""
    output.emit(renderer, view, no_color=no_color, note=output.warnings_note(checked.report))
    if doubt is None:
        raise typer.Exit(EXIT_OK)
    if renderer.terminal is None and not renderer.for_programs:
        for line in doubt.words():
            output.error_line(f"concordat: {line}")
    raise typer.Exit(EXIT_PROBLEMS)


def _known_org(checked: Checked, org: str | None, day: date) -> None:
    """Refuse an --org that names no signatory; point from one that left to its successor."""
    from concordat.views.status import signatories_by_id

    if org is None:
        return
    known = signatories_by_id(checked.area)
    if org not in known:
        if org in checked.area.declared_ids:
            return  # written, but its entry has errors: its commitments can still be shown
        _unknown_id("signatory", org, list(known))
    signatory = known[org]
    if signatory.has_left(day) and signatory.left is not None:
        after = f"; its work passed to {signatory.successor}" if signatory.successor else ""
        output.error_line(
            f"concordat: note: {signatory.label} left on {signatory.left.isoformat()}{after}"
            + (f" (concordat status --org {signatory.successor})" if signatory.successor else "")
        )


def _unknown_id(kind: str, wanted: str, known: list[str], where: str = "in this area") -> NoReturn:
    from concordat.diagnostics import did_you_mean

    hint = did_you_mean(wanted, known)
    _fail(f"no {kind} '{wanted}' {where}" + (f"; {hint}" if hint else ""))


def main() -> None:
    # A command is a short-lived process whose large object trees (YAML nodes, models) hold no
    # reference cycles: reference counting frees them, and the cyclic collector would only
    # rescan the whole heap again and again as they are built.
    gc.disable()
    output.prepare_streams()  # no output encoding can stop a run (concordat.encoding)
    from concordat.pipeline import Stopped, stop_on_signals

    try:
        stop_on_signals()  # Ctrl-C, SIGTERM: one line, the workers ended, no traceback
        app(prog_name="concordat")
    except Stopped as stop:
        output.error_line(f"concordat: {stop.words}", quiet=True)
        raise SystemExit(stop.exit_code) from None
    except (output.WriteFailed, OSError) as error:
        failed = output.write_failure(error)
        if failed is None:
            raise
        output.error_line(f"concordat: error: {failed}", quiet=True)
        raise SystemExit(EXIT_USAGE) from None
