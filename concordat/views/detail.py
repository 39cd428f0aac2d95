"""One commitment in full (`concordat show`): its row, its measures and its updates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from concordat.area import Area
from concordat.config import DEFAULT_STALE_DAYS
from concordat.history.slippage import Slippage
from concordat.model import Commitment, Measure, Signatory, Update
from concordat.views.doubt import Doubt
from concordat.views.status import CommitmentRow, commitment_row, signatories_by_id


@dataclass(frozen=True)
class MeasureView:
    measure: Measure
    latest: tuple[date, float] | None
    direction: str  # improving | worsening | no change | rising | falling | unknown
    #: The baseline, then every reading by date: what a sparkline draws.
    points: tuple[float, ...] = field(default=())


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
    #: What the area's errors put in doubt; None when it has none.
    doubt: Doubt | None = None


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


def find_commitment(area: Area, commitment_id: str) -> Commitment | None:
    for located in area.commitments:
        if located.item.id == commitment_id:
            return located.item
    return None


def commitment_detail(
    area: Area,
    commitment: Commitment,
    as_of: date,
    *,
    stale_days: int = DEFAULT_STALE_DAYS,
    doubt: Doubt | None = None,
    slippage: Slippage | None = None,
) -> CommitmentDetail:
    by_id = signatories_by_id(area)
    updates = sorted(commitment.updates, key=lambda u: u.date, reverse=True)
    in_doubt = doubt is not None and commitment.id in doubt.in_doubt
    return CommitmentDetail(
        row=commitment_row(commitment, by_id, as_of, stale_days, in_doubt, slippage),
        doubt=doubt,
        as_of=as_of,
        measures=tuple(measure_view(m) for m in commitment.measures),
        updates=tuple(UpdateView(u, by_id.get(u.by)) for u in updates),
    )
