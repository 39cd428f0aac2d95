"""Pure functions from a loaded area to the rows people read.

One computation feeds every renderer: the table, JSON, CSV and Markdown all show the numbers
computed here, so they can never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from concordat.area import Area
from concordat.model import Commitment, Measure, Signatory, Status, Theme, Update
from concordat.vocab import STATUS_ORDER

#: "Due soon" in the who-owns-what table: within a quarter and a bit.
DUE_SOON_DAYS = 90
THEME_NUMBER = {theme: number for number, theme in enumerate(Theme)}
#: The common BRAG key: blue complete, green on track, amber at risk, red off track.
RAG = {
    Status.NOT_STARTED: "grey",
    Status.ON_TRACK: "green",
    Status.AT_RISK: "amber",
    Status.OFF_TRACK: "red",
    Status.COMPLETE: "blue",
    Status.WITHDRAWN: "withdrawn",
}


@dataclass(frozen=True)
class Filters:
    """Which commitments a view shows. Every filter narrows; they combine with AND."""

    org: str | None = None
    lead_only: bool = False
    themes: tuple[Theme, ...] = ()
    statuses: tuple[Status, ...] = ()
    overdue: bool = False
    due_within: int | None = None  # days

    def describe(self) -> list[str]:
        parts: list[str] = []
        if self.org:
            parts.append(f"{'led by' if self.lead_only else 'involving'} {self.org}")
        elif self.lead_only:
            parts.append("lead only")
        if self.themes:
            parts.append("theme " + " or ".join(t.value for t in self.themes))
        if self.statuses:
            parts.append("status " + " or ".join(s.value for s in self.statuses))
        if self.overdue:
            parts.append("overdue")
        if self.due_within is not None:
            parts.append(f"due within {self.due_within} days")
        return parts


@dataclass(frozen=True)
class CommitmentRow:
    commitment: Commitment
    owner: Signatory | None
    partners: tuple[tuple[str, Signatory | None], ...]
    overdue: bool
    due_soon: bool  # open and due within DUE_SOON_DAYS of the as-of date
    days_to_due: int
    days_since_update: int | None

    @property
    def id(self) -> str:
        return self.commitment.id

    @property
    def status(self) -> Status:
        return self.commitment.status

    @property
    def owner_label(self) -> str:
        return self.owner.label if self.owner else self.commitment.owner

    @property
    def partner_labels(self) -> list[str]:
        return [s.label if s else pid for pid, s in self.partners]


@dataclass(frozen=True)
class OrgRow:
    signatory: Signatory
    leads: int
    partner_in: int
    by_status: dict[Status, int]
    overdue: int
    due_soon: int
    left: bool
    successor: Signatory | None


@dataclass(frozen=True)
class ThemeGroup:
    theme: Theme
    rows: tuple[CommitmentRow, ...]


@dataclass(frozen=True)
class StatusView:
    area: str
    as_of: date
    filters: Filters
    total: int
    by_status: dict[Status, int]
    overdue: int
    due_soon: int
    organisations: tuple[OrgRow, ...]
    former: tuple[OrgRow, ...]
    themes: tuple[ThemeGroup, ...]
    warnings: int = 0

    @property
    def rows(self) -> list[CommitmentRow]:
        return [row for group in self.themes for row in group.rows]


def id_key(commitment_id: str) -> tuple[tuple[int, str], ...]:
    """Sort "2.10" after "2.9" and "2.1a" after "2.1"."""
    return tuple(
        (int(part), "") if part.isdigit() else (int(re.sub(r"\D", "", part) or 0), part)
        for part in commitment_id.split(".")
    )


def has_left(signatory: Signatory, as_of: date) -> bool:
    return signatory.left is not None and signatory.left <= as_of


def commitment_row(
    commitment: Commitment, by_id: dict[str, Signatory], as_of: date
) -> CommitmentRow:
    last = commitment.last_update
    days_to_due = (commitment.due - as_of).days
    is_open = commitment.status.is_open
    return CommitmentRow(
        commitment=commitment,
        owner=by_id.get(commitment.owner),
        partners=tuple((p, by_id.get(p)) for p in commitment.partners),
        overdue=is_open and days_to_due < 0,
        due_soon=is_open and 0 <= days_to_due <= DUE_SOON_DAYS,
        days_to_due=days_to_due,
        days_since_update=(as_of - last).days if last else None,
    )


def signatories_by_id(area: Area) -> dict[str, Signatory]:
    found: dict[str, Signatory] = {}
    for located in area.signatories:
        found.setdefault(located.item.id, located.item)
    return found


def _matches(row: CommitmentRow, filters: Filters, as_of: date) -> bool:
    c = row.commitment
    if filters.org is not None:
        involved = c.owner == filters.org or (not filters.lead_only and filters.org in c.partners)
        if not involved:
            return False
    if filters.themes and c.theme not in filters.themes:
        return False
    if filters.statuses and c.status not in filters.statuses:
        return False
    if filters.overdue and not row.overdue:
        return False
    if filters.due_within is not None:
        horizon = as_of + timedelta(days=filters.due_within)
        if not (c.status.is_open and c.due <= horizon):
            return False
    return True


def _org_row(
    signatory: Signatory,
    rows: Sequence[CommitmentRow],
    by_id: dict[str, Signatory],
    as_of: date,
) -> OrgRow:
    led = [r for r in rows if r.commitment.owner == signatory.id]
    return OrgRow(
        signatory=signatory,
        leads=len(led),
        partner_in=sum(1 for r in rows if signatory.id in r.commitment.partners),
        by_status={s: sum(1 for r in led if r.status is s) for s in STATUS_ORDER},
        overdue=sum(1 for r in led if r.overdue),
        due_soon=sum(1 for r in led if r.due_soon),
        left=has_left(signatory, as_of),
        successor=by_id.get(signatory.successor) if signatory.successor else None,
    )


def status_view(area: Area, as_of: date, filters: Filters | None = None) -> StatusView:
    filters = filters or Filters()
    by_id = signatories_by_id(area)
    every = [commitment_row(c.item, by_id, as_of) for c in area.commitments]
    rows = [r for r in every if _matches(r, filters, as_of)]
    signatories = list(by_id.values())
    if filters.org is not None:
        signatories = [s for s in signatories if s.id == filters.org]
    orgs = [_org_row(s, rows, by_id, as_of) for s in signatories]
    groups = []
    for theme in Theme:
        in_theme = sorted(
            (r for r in rows if r.commitment.theme is theme), key=lambda r: id_key(r.id)
        )
        if in_theme:
            groups.append(ThemeGroup(theme, tuple(in_theme)))
    return StatusView(
        area=area.name or area.folder.name,
        as_of=as_of,
        filters=filters,
        total=len(rows),
        by_status={s: sum(1 for r in rows if r.status is s) for s in STATUS_ORDER},
        overdue=sum(1 for r in rows if r.overdue),
        due_soon=sum(1 for r in rows if r.due_soon),
        organisations=tuple(o for o in orgs if not o.left),
        former=tuple(o for o in orgs if o.left),
        themes=tuple(groups),
    )


# -- one commitment in full ------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureView:
    measure: Measure
    latest: tuple[date, float] | None
    direction: str  # improving | worsening | no change | unknown
    points: tuple[float, ...] = field(default=())


def measure_view(measure: Measure) -> MeasureView:
    readings = sorted(measure.readings, key=lambda r: r.date)
    latest = (readings[-1].date, readings[-1].value) if readings else None
    points = tuple(r.value for r in readings)
    if measure.baseline:
        points = (measure.baseline.value, *points)
    direction = "unknown"
    if len(points) >= 2:
        change = points[-1] - points[-2]
        wants_down = bool(
            measure.baseline and measure.target and measure.target.value < measure.baseline.value
        )
        if change == 0:
            direction = "no change"
        elif measure.baseline and measure.target and measure.target.value != measure.baseline.value:
            direction = "improving" if (change < 0) == wants_down else "worsening"
        else:
            direction = "rising" if change > 0 else "falling"
    return MeasureView(measure, latest, direction, points)


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(points: Iterable[float]) -> str:
    values = list(points)
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return SPARKS[3] * len(values)
    scale = (len(SPARKS) - 1) / (high - low)
    return "".join(SPARKS[round((v - low) * scale)] for v in values)


def find_commitment(area: Area, commitment_id: str) -> Commitment | None:
    for located in area.commitments:
        if located.item.id == commitment_id:
            return located.item
    return None


# -- organisations ---------------------------------------------------------------------------


def org_rows(area: Area, as_of: date) -> list[OrgRow]:
    by_id = signatories_by_id(area)
    rows = [commitment_row(c.item, by_id, as_of) for c in area.commitments]
    return [_org_row(s, rows, by_id, as_of) for s in by_id.values()]


def led_ids(area: Area, signatory_id: str) -> list[str]:
    ids = [c.item.id for c in area.commitments if c.item.owner == signatory_id]
    return sorted(ids, key=id_key)


def with_warnings(view: StatusView, warnings: int) -> StatusView:
    return replace(view, warnings=warnings)


@dataclass(frozen=True)
class UpdateView:
    update: Update
    author: Signatory | None

    @property
    def author_label(self) -> str:
        return self.author.label if self.author else self.update.by


@dataclass(frozen=True)
class CommitmentDetail:
    row: CommitmentRow
    as_of: date
    measures: tuple[MeasureView, ...]
    updates: tuple[UpdateView, ...]  # newest first


def commitment_detail(area: Area, commitment: Commitment, as_of: date) -> CommitmentDetail:
    by_id = signatories_by_id(area)
    updates = sorted(commitment.updates, key=lambda u: u.date, reverse=True)
    return CommitmentDetail(
        row=commitment_row(commitment, by_id, as_of),
        as_of=as_of,
        measures=tuple(measure_view(m) for m in commitment.measures),
        updates=tuple(UpdateView(u, by_id.get(u.by)) for u in updates),
    )


@dataclass(frozen=True)
class OrgEntry:
    row: OrgRow
    led: tuple[str, ...]


@dataclass(frozen=True)
class OrgListing:
    area: str
    as_of: date
    entries: tuple[OrgEntry, ...]


def org_listing(area: Area, as_of: date) -> OrgListing:
    return OrgListing(
        area=area.name or area.folder.name,
        as_of=as_of,
        entries=tuple(
            OrgEntry(row, tuple(led_ids(area, row.signatory.id))) for row in org_rows(area, as_of)
        ),
    )
