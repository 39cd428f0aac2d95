"""What a board reads, for one area: the sections of the board pack, in the order a board
reads them, built from the views every other command uses.

1. the area, the as-of date and the period the plan covers;
2. headline counts by status (the status view's);
3. exceptions first: off-track, at-risk and overdue commitments, and what is stale;
4. what changed since the last board (:mod:`concordat.report.history`, optional);
5. who owns what (the status view's organisations);
6. every commitment by theme (the status view's themes), with slippage where known;
7. outcome measures (the detail view's), for charts and tables.

Like every view, the figures come from the data and the as-of date, never from the
diagnostics; what the area's errors put in doubt is carried along (:mod:`views.doubt`), so
a report still shows what could be read and says what could not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from concordat.diagnostics import Diagnostic
from concordat.layout import display_path
from concordat.pipeline import Checked
from concordat.report.history import History, NoHistory
from concordat.views.detail import MeasureView, measure_view
from concordat.views.doubt import Doubt, doubt_of
from concordat.views.status import CommitmentRow, StatusView, id_key, status_view
from concordat.vocab import Status

#: Why a commitment is an exception, in the order they are listed.
OFF_TRACK, AT_RISK, OVERDUE = "off track", "at risk", "overdue"
_ORDER = {OFF_TRACK: 0, AT_RISK: 1, OVERDUE: 2}


@dataclass(frozen=True)
class Exception_:
    """A commitment the board must look at first, and why."""

    row: CommitmentRow
    why: str  # OFF_TRACK, AT_RISK or OVERDUE


@dataclass(frozen=True)
class MeasureGroup:
    """One commitment's outcome measures."""

    row: CommitmentRow
    measures: tuple[MeasureView, ...]


@dataclass(frozen=True)
class Period:
    """The period the plan covers: its earliest start (or due date) to its latest due date."""

    first: date
    last: date


@dataclass(frozen=True)
class BoardReport:
    area: str
    folder: str
    as_of: date
    period: Period | None
    #: The newest update anywhere in the plan.
    latest_update: date | None
    status: StatusView
    exceptions: tuple[Exception_, ...]
    stale: tuple[CommitmentRow, ...]
    history: History | NoHistory
    measures: tuple[MeasureGroup, ...]
    doubt: Doubt | None = None
    warnings: int = 0
    #: The privacy guard's findings (X codes), when the report was written anyway.
    private: tuple[Diagnostic, ...] = ()
    #: The reason given with --allow-private.
    allowed_because: str | None = None

    @property
    def rows(self) -> list[CommitmentRow]:
        return self.status.rows


def private_findings(checked: Checked) -> tuple[Diagnostic, ...]:
    """What the privacy guard found (X codes), at concordat's own severities: a report is
    for publishing, so these block it unless the user says why not."""
    seen = dict.fromkeys(
        d for d in (*checked.found, *checked.report.diagnostics) if d.code[0] == "X"
    )
    return tuple(sorted(seen, key=Diagnostic.sort_key))


def exceptions(rows: Sequence[CommitmentRow]) -> list[Exception_]:
    """Off-track first, then at-risk, then other open work past its due date."""
    found = []
    for row in rows:
        if row.status is Status.OFF_TRACK:
            found.append(Exception_(row, OFF_TRACK))
        elif row.status is Status.AT_RISK:
            found.append(Exception_(row, AT_RISK))
        elif row.overdue:
            found.append(Exception_(row, OVERDUE))
    return sorted(found, key=lambda e: (_ORDER[e.why], e.row.commitment.due, id_key(e.row.id)))


def period(rows: Sequence[CommitmentRow]) -> Period | None:
    if not rows:
        return None
    firsts = [r.commitment.start or r.commitment.due for r in rows]
    return Period(min(firsts), max(r.commitment.due for r in rows))


def board_report(
    checked: Checked,
    *,
    history: History | NoHistory | None = None,
    allowed_because: str | None = None,
) -> BoardReport:
    """The board pack for one checked area, as of the date it was checked on.

    ``history`` is the seam for git (:mod:`concordat.report.history`): without it, section
    4 says the area is not in git. ``allowed_because``: the reason given to publish although
    the privacy guard found personal data (still masked wherever it is shown); the report
    says it only when the guard found something in this area.
    """
    area, settings = checked.area, checked.settings
    as_of = settings.as_of
    doubt = doubt_of(area, checked.report)
    view = status_view(
        area,
        as_of,
        warnings=checked.report.warnings,
        stale_days=settings.stale_days,
        doubt=doubt,
    )
    rows = view.rows
    # the reason is said in the report only where there was something to allow
    private = private_findings(checked) if allowed_because is not None else ()
    updates = [r.commitment.last_update for r in rows if r.commitment.last_update]
    return BoardReport(
        area=view.area,
        folder=display_path(area.folder),
        as_of=as_of,
        period=period(rows),
        latest_update=max(updates, default=None),
        status=view,
        exceptions=tuple(exceptions(rows)),
        stale=tuple(sorted((r for r in rows if r.stale), key=lambda r: id_key(r.id))),
        history=history if history is not None else NoHistory(),
        measures=tuple(
            MeasureGroup(r, tuple(measure_view(m) for m in r.commitment.measures))
            for r in rows
            if r.commitment.measures
        ),
        doubt=doubt,
        warnings=checked.report.warnings,
        private=private,
        allowed_because=allowed_because if private else None,
    )
