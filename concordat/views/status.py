"""The status view: who owns what, what is late, and every commitment by theme.

One computation feeds every renderer: the table, JSON, CSV and Markdown all show the numbers
computed here, so they can never disagree. Every figure comes from the data and the as-of
date, never from the diagnostics (whose severities an area may change).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from concordat.area import Area
from concordat.config import DEFAULT_STALE_DAYS
from concordat.history.slippage import Slippage
from concordat.model import Commitment, Signatory, Update
from concordat.views.doubt import Doubt
from concordat.vocab import STATUS_ORDER, Status, Theme

#: "Due soon" in the who-owns-what table: within a quarter and a bit.
DUE_SOON_DAYS = 90


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
    #: Open, and no update for longer than the area's stale-days.
    stale: bool = False
    #: The newest update (the last written, of those on the newest date).
    latest: Update | None = None
    #: Its own entry has an error, so what is shown of it may be wrong.
    in_doubt: bool = False
    #: How its due date moved in the git record; None when there is no record.
    slippage: Slippage | None = None

    @property
    def slipped(self) -> bool:
        """Open, and due later than it was first promised."""
        return self.status.is_open and self.slippage is not None and self.slippage.slipped

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
    #: Validation warnings in the area.
    warnings: int = 0
    #: What the area's errors put in doubt; None when it has none.
    doubt: Doubt | None = None
    #: Open commitments shown that have had no update for longer than stale-days.
    stale: int = 0
    stale_days: int = DEFAULT_STALE_DAYS
    #: Open commitments shown that are due later than first promised; None without a
    #: git record to tell.
    slipped: int | None = None

    @property
    def rows(self) -> list[CommitmentRow]:
        return [row for group in self.themes for row in group.rows]


def id_key(commitment_id: str) -> tuple[tuple[int, str, str], ...]:
    """Sort "2.10" after "2.9" and "2.1a" after "2.1". Numbers are compared by their digits
    (shorter first), never turned into ints, so no length of id can overflow anything."""

    def part_key(part: str) -> tuple[int, str, str]:
        digits = re.sub(r"\D", "", part).lstrip("0") or "0"
        return (len(digits), digits, "" if part.isdigit() else part)

    return tuple(part_key(part) for part in commitment_id.split("."))


def commitment_row(
    commitment: Commitment,
    by_id: dict[str, Signatory],
    as_of: date,
    stale_days: int = DEFAULT_STALE_DAYS,
    in_doubt: bool = False,
    slippage: Slippage | None = None,
) -> CommitmentRow:
    last = commitment.last_update
    days_to_due = (commitment.due - as_of).days
    newest = [u for u in commitment.updates if u.date == last]
    return CommitmentRow(
        commitment=commitment,
        owner=by_id.get(commitment.owner),
        partners=tuple((p, by_id.get(p)) for p in commitment.partners),
        overdue=commitment.is_overdue(as_of),
        due_soon=commitment.status.is_open and 0 <= days_to_due <= DUE_SOON_DAYS,
        days_to_due=days_to_due,
        days_since_update=(as_of - last).days if last else None,
        stale=commitment.is_stale(as_of, stale_days),
        latest=newest[-1] if newest else None,
        in_doubt=in_doubt,
        slippage=slippage,
    )


def signatories_by_id(area: Area) -> dict[str, Signatory]:
    """Each signatory by its id (the first, where an id is declared twice)."""
    found: dict[str, Signatory] = {}
    for located in area.signatories:
        found.setdefault(located.item.id, located.item)
    return found


def commitment_rows(
    area: Area,
    by_id: dict[str, Signatory],
    as_of: date,
    stale_days: int = DEFAULT_STALE_DAYS,
    doubt: Doubt | None = None,
    slippage: Mapping[str, Slippage] | None = None,
) -> list[CommitmentRow]:
    """A row for every commitment in the area, in the order written (``slippage``: each
    one's from the git record, by id)."""
    doubtful = doubt.in_doubt if doubt else frozenset()
    moved = slippage or {}
    return [
        commitment_row(
            c.item, by_id, as_of, stale_days, c.item.id in doubtful, moved.get(c.item.id)
        )
        for c in area.commitments
    ]


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


def org_rows(
    signatories: Iterable[Signatory],
    rows: Sequence[CommitmentRow],
    by_id: dict[str, Signatory],
    as_of: date,
) -> list[OrgRow]:
    """What each organisation leads and supports among ``rows`` (rows grouped once, so many
    organisations and many commitments cost linear time)."""
    led: dict[str, list[CommitmentRow]] = {}
    partner_in: dict[str, int] = {}
    for row in rows:
        led.setdefault(row.commitment.owner, []).append(row)
        for partner in set(row.commitment.partners):
            partner_in[partner] = partner_in.get(partner, 0) + 1
    out = []
    for signatory in signatories:
        own = led.get(signatory.id, [])
        by_status = dict.fromkeys(STATUS_ORDER, 0)
        for row in own:
            by_status[row.status] += 1
        out.append(
            OrgRow(
                signatory=signatory,
                leads=len(own),
                partner_in=partner_in.get(signatory.id, 0),
                by_status=by_status,
                overdue=sum(1 for r in own if r.overdue),
                due_soon=sum(1 for r in own if r.due_soon),
                left=signatory.has_left(as_of),
                successor=by_id.get(signatory.successor) if signatory.successor else None,
            )
        )
    return out


def status_view(
    area: Area,
    as_of: date,
    filters: Filters | None = None,
    *,
    warnings: int = 0,
    stale_days: int = DEFAULT_STALE_DAYS,
    doubt: Doubt | None = None,
    slippage: Mapping[str, Slippage] | None = None,
) -> StatusView:
    filters = filters or Filters()
    by_id = signatories_by_id(area)
    every = commitment_rows(area, by_id, as_of, stale_days, doubt, slippage)
    rows = [r for r in every if _matches(r, filters, as_of)]
    signatories = list(by_id.values())
    if filters.org is not None:
        signatories = [s for s in signatories if s.id == filters.org]
    orgs = org_rows(signatories, rows, by_id, as_of)
    if filters != Filters():
        # a filtered view shows only the organisations involved in what it shows
        orgs = [o for o in orgs if o.leads or o.partner_in or o.signatory.id == filters.org]
    by_theme: dict[Theme, list[CommitmentRow]] = {}
    for row in rows:
        by_theme.setdefault(row.commitment.theme, []).append(row)
    groups = [
        ThemeGroup(theme, tuple(sorted(by_theme[theme], key=lambda r: id_key(r.id))))
        for theme in Theme
        if theme in by_theme
    ]
    return StatusView(
        area=area.label,
        as_of=as_of,
        filters=filters,
        total=len(rows),
        by_status={s: sum(1 for r in rows if r.status is s) for s in STATUS_ORDER},
        overdue=sum(1 for r in rows if r.overdue),
        due_soon=sum(1 for r in rows if r.due_soon),
        organisations=tuple(o for o in orgs if not o.left),
        former=tuple(o for o in orgs if o.left),
        themes=tuple(groups),
        warnings=warnings,
        doubt=doubt,
        stale=sum(1 for r in rows if r.stale),
        stale_days=stale_days,
        slipped=None if slippage is None else sum(1 for r in rows if r.slipped),
    )
