"""What changed between two points (`concordat changes`), in the order a board reads it:
status changes (worse first), due dates moved, commitments added and removed, updates and
measure readings added, reasons, organisations."""

from __future__ import annotations

from dataclasses import dataclass

from concordat.history.record import Compared
from concordat.history.timeline import (
    Difference,
    DueChange,
    Moved,
    Unreadable,
    difference,
    direction,
)
from concordat.history.walk import Revision
from concordat.views.history import id_order


@dataclass(frozen=True)
class DueMoved:
    """A due date moved between the two points, with every move of it in between."""

    moved: Moved
    steps: tuple[DueChange, ...]

    @property
    def days(self) -> int:
        return (self.moved.after.due - self.moved.before.due).days

    @property
    def explained(self) -> bool:
        """Whether every later move came with an update or a reason."""
        return not any(step.unexplained for step in self.steps)


@dataclass(frozen=True)
class ChangesView:
    area: str
    since: str
    until: str
    since_revision: Revision | None
    until_revision: Revision | None
    revisions: tuple[Revision, ...]
    difference: Difference
    worse: tuple[Moved, ...]
    better: tuple[Moved, ...]
    closed: tuple[Moved, ...]  # withdrawn, or reopened after it was withdrawn
    due: tuple[DueMoved, ...]
    unreadable: tuple[Unreadable, ...]

    @property
    def nothing(self) -> bool:
        d = self.difference
        return not any(
            (d.added, d.removed, d.renumbered, d.status, d.due, d.updates, d.readings,
             d.reasons, d.joined, d.left)
        )  # fmt: skip


def changes_view(compared: Compared, area: str) -> ChangesView:
    span = compared.span
    found = difference(span.before, span.after)
    by_id = lambda m: id_order(m.id)  # noqa: E731
    status = sorted(found.status, key=by_id)
    kinds = {m: direction(m.before.status, m.after.status) for m in status}
    steps: dict[str, list[DueChange]] = {}
    for commitment_id, change in span.moves:
        steps.setdefault(commitment_id, []).append(change)
    due = tuple(
        DueMoved(m, tuple(steps.get(m.after.id, steps.get(m.id, []))))
        for m in sorted(found.due, key=by_id)
    )
    return ChangesView(
        area=area,
        since=compared.since,
        until=compared.until,
        since_revision=span.since,
        until_revision=span.until,
        revisions=span.revisions,
        difference=found,
        worse=tuple(m for m in status if kinds[m] == "worse"),
        better=tuple(m for m in status if kinds[m] == "better"),
        closed=tuple(m for m in status if kinds[m] in ("withdrawn", "reopened")),
        due=due,
        unreadable=span.unreadable,
    )
