"""The status view, or the national roll-up, as an Excel workbook (``.xlsx``).

One area (:func:`write_workbook`): a "Plan" sheet in the action plan template's columns, a
"Who owns what" sheet and a "Key". Over many areas (:func:`write_rollup_workbook`): the
roll-up's "Areas" and "By sector", the national "Plan" when the workers sent each area's
rows (:func:`national_area`), and the "Key".

Every value from the data is written as a string cell (never a formula, whatever it starts
with), with personal identifiers masked and control characters escaped; ids are text (2.10
stays 2.10), dates are real dates, figures are numbers. The status column has a drop-down
limited to the vocabulary and a fill that follows the word. Each sheet's header is frozen,
filtered and its columns fitted to their text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.formatting.rule import CellIsRule  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

from concordat.files import may_replace, write_atomic
from concordat.spreadsheet.cells import FILLS, MEANINGS, cell_text
from concordat.views.status import CommitmentRow, OrgRow, StatusView
from concordat.vocab import KEY_ORDER, STATUS_ORDER, Status, Theme

if TYPE_CHECKING:
    from concordat.pipeline import Checked
    from concordat.views.rollup import Rollup, RollupRow

#: The plan sheet's columns: the template's (No. / Action / Timescale / Led by / Outcomes)
#: with the local variants most plans added.
PLAN_COLUMNS = (
    "No.",
    "Action",
    "Theme",
    "Led by",
    "Partners",
    "Timescale",
    "Status",
    "Reason",
    "Latest update",
    "Updated",
    "Outcome",
)
ORG_COLUMNS = (
    "Organisation",
    "Id",
    "Short name",
    "Sector",
    "Role",
    "Signed",
    "Left",
    "Successor",
    "Leads",
    "Partner in",
    *(s.value for s in STATUS_ORDER),
    "Overdue",
    "Due soon",
)
AREA_COLUMNS = (
    "Area",
    "Folder",
    "Commitments",
    "Open",
    *(s.value for s in STATUS_ORDER),
    "Overdue",
    "Stale",
    "Core agencies signed",
    "Errors",
    "Skipped",
)
SECTOR_COLUMNS = ("Sector", "Leads", "Open", "Overdue", "% overdue")
KEY_COLUMNS = ("Status", "RAG", "Letter", "What it means")
DATE_FORMAT = "yyyy-mm-dd"
#: Widths (in characters) a fitted column stays within; long text wraps inside them.
MIN_WIDTH, MAX_WIDTH = 6, 60


@dataclass(frozen=True)
class PlanRow:
    """One commitment as the plan sheet shows it: small and picklable, so a worker can send
    an area's rows back for the national plan."""

    id: str
    title: str
    theme: Theme
    led_by: str
    partners: tuple[str, ...]
    due: date
    status: Status
    reason: str | None
    latest: str | None
    updated: date | None
    outcome: str | None


@dataclass(frozen=True)
class NationalArea:
    """What a worker sends back for the national workbook: the roll-up row and the plan."""

    row: RollupRow
    plan: tuple[PlanRow, ...]


def plan_row(row: CommitmentRow) -> PlanRow:
    c = row.commitment
    return PlanRow(
        id=c.id,
        title=c.title,
        theme=c.theme,
        led_by=row.owner.name if row.owner else c.owner,
        partners=tuple(p.name if p else pid for pid, p in row.partners),
        due=c.due,
        status=c.status,
        reason=c.reason,
        latest=row.latest.note if row.latest else None,
        updated=c.last_update,
        outcome=c.outcome,
    )


def national_area(checked: Checked, *, stale_days: int) -> NationalArea:
    """The summary for ``check_many`` when the roll-up is written as a workbook: the area's
    roll-up row, and its plan rows (none for an area whose data has errors)."""
    from concordat.views.rollup import area_row
    from concordat.views.status import status_view

    row = area_row(checked, stale_days=stale_days)
    if row.broken:
        return NationalArea(row, ())
    view = status_view(checked.area, checked.settings.as_of, stale_days=stale_days)
    return NationalArea(row, tuple(plan_row(r) for r in view.rows))


# -- cells ------------------------------------------------------------------------------------


class _Sheet:
    """A write-only sheet and the widest text seen in each column, to fit the widths."""

    def __init__(self, book: Workbook, title: str, columns: Sequence[str]) -> None:
        self.sheet: Any = book.create_sheet(title)
        self.columns = columns
        self.widths = [len(c) + 2 for c in columns]  # room for the filter's button
        self.rows = 0
        self._wrap = Alignment(wrap_text=True, vertical="top")
        self._head = (Font(bold=True), PatternFill("solid", fgColor="F2F2F2"))
        self._held: list[Sequence[Any]] = []
        self._styles: dict[tuple[Any, ...], Any] = {}

    def _fit(self, index: int, text: str) -> None:
        longest = max((len(line) for line in text.split("\n")), default=0)
        if longest > self.widths[index]:
            self.widths[index] = longest

    def text(self, value: str | None, *, as_is: bool = False) -> WriteOnlyCell | None:
        """A string cell, never a formula whatever the text starts with; None when empty."""
        shown = (value or "") if as_is else cell_text(value or "")
        return self._string(shown) if shown else None

    def _styled(self, value: Any, key: tuple[Any, ...], style: Any) -> WriteOnlyCell:
        """A cell with the style ``key`` names; ``style(cell)`` makes it the first time, and
        later cells copy it (setting a font or fill looks it up in the workbook each time,
        which on a national plan of 100,000 cells costs seconds)."""
        cell = WriteOnlyCell(self.sheet, value=value)
        known = self._styles.get(key)
        if known is None:
            style(cell)
            self._styles[key] = copy(cell._style)
        else:
            cell._style = copy(known)
        return cell

    def _string(self, shown: str, key: tuple[Any, ...] = (), style: Any = None) -> WriteOnlyCell:
        wrap = "\n" in shown or len(shown) > MAX_WIDTH

        def text_style(cell: Any) -> None:
            cell.number_format = "@"
            if wrap:
                cell.alignment = self._wrap
            if style is not None:
                style(cell)

        cell = self._styled(shown, ("text", wrap, *key), text_style)
        cell.data_type = "s"  # openpyxl would take "=..." for a formula
        return cell

    def day(self, value: date | None) -> WriteOnlyCell | None:
        if value is None:
            return None

        def day_style(cell: Any) -> None:
            cell.number_format = DATE_FORMAT

        return self._styled(value, ("day",), day_style)

    def percent(self, share: float) -> WriteOnlyCell:
        def percent_style(cell: Any) -> None:
            cell.number_format = "0%"

        return self._styled(round(share, 4), ("percent",), percent_style)

    def add(self, cells: Sequence[Any]) -> None:
        for index, cell in enumerate(cells):
            if cell is None:
                continue
            value = getattr(cell, "value", cell)
            if isinstance(value, date):
                self._fit(index, "2016-03-31")
            elif isinstance(value, str):
                self._fit(index, value)
            else:
                self._fit(index, str(value))
        self._held.append(cells)
        self.rows += 1

    def finish(self) -> None:
        """Write the sheet: a write-only sheet takes its widths and frozen panes before its
        first row, so the rows are held until every width is known."""
        for index, width in enumerate(self.widths, start=1):
            fitted = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
            self.sheet.column_dimensions[get_column_letter(index)].width = fitted
        self.sheet.freeze_panes = "A2"
        last = get_column_letter(len(self.columns))
        self.sheet.auto_filter.ref = f"A1:{last}{self.rows + 1}"

        def head_style(cell: Any) -> None:
            cell.font, cell.fill = self._head

        head = [self._string(name, ("head",), head_style) for name in self.columns]
        self.sheet.append(head)
        for cells in self._held:
            self.sheet.append(list(cells))
        self._held = []


def _status_cell(sheet: _Sheet, status: Status) -> WriteOnlyCell:
    fill, ink = FILLS[status]

    def status_style(cell: Any) -> None:
        cell.fill = PatternFill("solid", fgColor=fill)
        cell.font = Font(color=ink, bold=True)

    return sheet._string(status.value, ("status", status), status_style)


def _status_rules(sheet: _Sheet, column: str) -> None:
    """The drop-down of statuses, and a fill that follows the word when it is changed."""
    if sheet.rows == 0:
        return
    cells = f"{column}2:{column}{sheet.rows + 1}"
    choices = DataValidation(
        type="list",
        formula1='"' + ",".join(s.value for s in STATUS_ORDER) + '"',
        allow_blank=False,
        showErrorMessage=True,
        errorTitle="Not a status",
        error="Choose one of: " + ", ".join(s.value for s in STATUS_ORDER),
        promptTitle="Status",
        prompt="The status in words; its colour follows the Key sheet",
        showInputMessage=True,
    )
    choices.add(cells)
    sheet.sheet.data_validations.append(choices)
    for status in STATUS_ORDER:
        fill, ink = FILLS[status]
        sheet.sheet.conditional_formatting.add(
            cells,
            CellIsRule(
                operator="equal",
                formula=[f'"{status.value}"'],
                fill=PatternFill("solid", fgColor=fill, bgColor=fill),
                font=Font(color=ink, bold=True),
            ),
        )


def _plan_sheet(book: Workbook, rows: Iterable[tuple[str | None, PlanRow]], area: bool) -> None:
    columns = (("Area",) if area else ()) + PLAN_COLUMNS
    sheet = _Sheet(book, "Plan", columns)
    for area_name, row in rows:
        cells: list[Any] = [sheet.text(area_name)] if area else []
        cells += [
            sheet.text(row.id),
            sheet.text(row.title),
            sheet.text(row.theme.heading, as_is=True),
            sheet.text(row.led_by),
            sheet.text("; ".join(row.partners)),
            sheet.day(row.due),
            _status_cell(sheet, row.status),
            sheet.text(row.reason),
            sheet.text(row.latest),
            sheet.day(row.updated),
            sheet.text(row.outcome),
        ]
        sheet.add(cells)
    _status_rules(sheet, "H" if area else "G")
    sheet.finish()


def _org_cells(sheet: _Sheet, row: OrgRow) -> list[Any]:
    s = row.signatory
    return [
        sheet.text(s.name),
        sheet.text(s.id),
        sheet.text(s.short_name),
        sheet.text(s.sector.value),
        sheet.text(s.role.value),
        sheet.day(s.signed),
        sheet.day(s.left),
        sheet.text(s.successor),
        row.leads,
        row.partner_in,
        *(row.by_status[st] for st in STATUS_ORDER),
        row.overdue,
        row.due_soon,
    ]


def _key_sheet(book: Workbook, about: Sequence[tuple[str, str]]) -> None:
    sheet = _Sheet(book, "Key", KEY_COLUMNS)
    for status in KEY_ORDER:
        sheet.add(
            [
                _status_cell(sheet, status),
                sheet.text(status.rag, as_is=True),
                sheet.text(status.letter, as_is=True),
                sheet.text(MEANINGS[status], as_is=True),
            ]
        )
    sheet.add([None])
    for label, value in about:
        sheet.add([sheet.text(label, as_is=True), sheet.text(value)])
    sheet.finish()


def _new_book(title: str) -> Workbook:
    book = Workbook(write_only=True)
    book.properties.title = cell_text(title)
    book.properties.creator = "concordat"
    return book


def status_workbook(view: StatusView) -> bytes:
    """The status view as the bytes of an ``.xlsx`` file."""
    book = _new_book(f"{view.area}: action plan as of {view.as_of.isoformat()}")
    _plan_sheet(book, ((None, plan_row(r)) for r in view.rows), area=False)
    orgs = _Sheet(book, "Who owns what", ORG_COLUMNS)
    for org in (*view.organisations, *view.former):
        orgs.add(_org_cells(orgs, org))
    orgs.finish()
    about = [("Area", view.area), ("As of", view.as_of.isoformat())]
    if view.filters.describe():
        about.append(("Showing", "; ".join(view.filters.describe())))
    if view.doubt is not None:
        about += [("Errors", line) for line in view.doubt.words(marks=False)]
    _key_sheet(book, about)
    return _bytes(book)


def rollup_workbook(rollup: Rollup, plans: Sequence[NationalArea] = ()) -> bytes:
    """The national roll-up as the bytes of an ``.xlsx`` file; with each area's plan rows
    (:func:`national_area`), a national "Plan" sheet too."""
    book = _new_book(f"Concordat roll-up as of {rollup.as_of.isoformat()}")
    areas = _Sheet(book, "Areas", AREA_COLUMNS)
    for r in (*rollup.rows, *rollup.broken):
        areas.add(_area_cells(areas, r))
    areas.finish()
    sectors = _Sheet(book, "By sector", SECTOR_COLUMNS)
    for s in rollup.sectors:
        share = s.overdue / s.open if s.open else 0.0
        sectors.add([sectors.text(s.sector), s.led, s.open, s.overdue, sectors.percent(share)])
    sectors.finish()
    if plans:
        rows = ((p.row.area, row) for p in plans for row in p.plan)
        _plan_sheet(book, rows, area=True)
    about = [("As of", rollup.as_of.isoformat()), ("Areas", str(len(rollup.rows)))]
    if rollup.broken:
        about.append(("Skipped because of errors", str(len(rollup.broken))))
    _key_sheet(book, about)
    return _bytes(book)


def _area_cells(sheet: _Sheet, r: RollupRow) -> list[Any]:
    return [
        sheet.text(r.area),
        sheet.text(r.folder),
        r.commitments,
        r.open,
        *(r.by_status.get(s.value, 0) for s in STATUS_ORDER),
        r.overdue,
        r.stale,
        sheet.text("yes" if r.core_complete else "no", as_is=True),
        r.errors,
        sheet.text("yes" if r.broken else "no", as_is=True),
    ]


def _bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- files ------------------------------------------------------------------------------------


def write_workbook(view: StatusView, path: Path) -> None:
    """Write the status view to ``path`` as an ``.xlsx`` workbook, atomically (a reader sees
    the old file or the new one), never through a link that leaves its folder
    (:class:`concordat.files.Refused`); OSError names ``path``."""
    write_bytes(path, status_workbook(view))


def write_rollup_workbook(rollup: Rollup, path: Path, plans: Sequence[NationalArea] = ()) -> None:
    """Write the roll-up (and the national plan, given each area's rows) to ``path``."""
    write_bytes(path, rollup_workbook(rollup, plans))


def write_bytes(path: Path, data: bytes) -> None:
    """``data`` to ``path`` atomically, never through a link, and never over a file that
    is not a workbook concordat wrote (the plan's own YAML, a partner's workbook)."""
    may_replace(path, ours, "a workbook concordat wrote")
    write_atomic(path, data, inside=path.parent)


#: The most of a workbook's properties part that is read to see who wrote it.
_PROPERTIES = 64 * 1024


def ours(path: Path) -> bool:
    """Whether the file at ``path`` is a workbook concordat wrote and nobody has saved since:
    a zip whose document properties name concordat as its creator and as nobody else its
    last modifier (read within a size limit: a zip bomb posing as a workbook is not
    unpacked)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as book:
            info = book.getinfo("docProps/core.xml")
            if info.file_size > _PROPERTIES:
                return False
            core = book.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, RuntimeError):
        return False
    # saved again in a spreadsheet, it is someone's work: their name is its last modifier
    edited = re.search(rb"<cp:lastModifiedBy[^>]*>(?!concordat<)", core)
    return re.search(rb"<dc:creator[^>]*>concordat</dc:creator>", core) is not None and not edited
