"""Slippage for other views: "first promised 2015/16 Q4, moved 3 times", from the record.

``show``, ``status`` and the roll-up can call :func:`slippage` with an area folder; outside
a git repository, without git, or in a shallow clone it returns None, and those views show
what they always showed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from concordat.history.timeline import History, Timeline


@dataclass(frozen=True, slots=True)
class Slippage:
    """How far one commitment's due date has moved since it was first promised."""

    first_due: date
    first_due_written: str  # as first written: "2015/16 Q4"
    moves: int  # how many times the due date changed
    slips: int  # how many of those moved it later
    slip_days: int  # its due date now, less its first promise, in days (0 when not later)

    @property
    def slipped(self) -> bool:
        return self.slip_days > 0

    def words(self) -> str:
        """'first promised 2015/16 Q4, moved 3 times' ('' when it never moved)."""
        if not self.moves:
            return ""
        times = {1: "once", 2: "twice"}.get(self.moves, f"{self.moves} times")
        return f"first promised {self.first_due_written}, moved {times}"


def of_timeline(timeline: Timeline) -> Slippage:
    return Slippage(
        timeline.first_due,
        timeline.first_due_written,
        len(timeline.due_changes),
        timeline.slips,
        timeline.slip_days,
    )


def of_history(history: History) -> dict[str, Slippage]:
    """Each current commitment's slippage, by id (those removed or renumbered away are
    left out)."""
    return {
        i: of_timeline(t)
        for i, t in history.timelines.items()
        if t.ending is None or t.ending.kind in ("complete", "withdrawn")
    }


def slippage(folder: Path) -> dict[str, Slippage] | None:
    """Every current commitment's slippage in the area at ``folder``, by id; None when the
    record cannot be read (no git, not a repository, a shallow clone)."""
    from concordat.history.git import GitProblem
    from concordat.history.previous import in_a_repository
    from concordat.history.record import history_of

    if not in_a_repository(folder):
        return None  # no .git above the folder: no git process started
    try:
        return of_history(history_of(folder))
    except GitProblem:
        return None


def slipped_share(slips: dict[str, Slippage], open_ids: set[str]) -> float | None:
    """The share of open commitments (``open_ids``) whose due date has slipped, for the
    roll-up; None when there are none open."""
    if not open_ids:
        return None
    return sum(1 for i in open_ids if i in slips and slips[i].slipped) / len(open_ids)
