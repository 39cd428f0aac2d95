"""Each commitment's history (`concordat history`): when it was first promised, every move
of its due date and change of status, the updates added, how many times it slipped, and how
it ended."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from concordat.history.timeline import (
    DueChange,
    History,
    StatusChange,
    Timeline,
    Unreadable,
    UpdateAdded,
)
from concordat.history.walk import Revision

Event = DueChange | StatusChange | UpdateAdded


@dataclass(frozen=True)
class HistoryView:
    area: str
    timelines: tuple[Timeline, ...]
    unreadable: tuple[Unreadable, ...]
    revisions: int
    #: Everything in the record, or only the ids asked for.
    scope: Literal["all", "asked"] = "all"


def id_order(commitment_id: str) -> tuple[tuple[int, str], ...]:
    """2.1 before 2.10, 10.1 after 9.9; a letter after its number (2.1a after 2.1)."""
    parts = []
    for piece in commitment_id.split("."):
        digits = piece.rstrip("abcdefghijklmnopqrstuvwxyz")
        parts.append((int(digits) if digits.isdigit() and len(digits) < 20 else 0, piece))
    return tuple(parts)


def events(timeline: Timeline) -> list[Event]:
    """Its due-date moves, status changes and updates, in the order they happened."""
    found: list[Event] = [*timeline.due_changes, *timeline.status_changes, *timeline.updates]
    kinds = {DueChange: 0, StatusChange: 1, UpdateAdded: 2}
    found.sort(key=lambda e: (e.revision.number, kinds[type(e)]))
    return found


def unknown_ids(history: History, wanted: list[str]) -> list[str]:
    return [i for i in wanted if i not in history.timelines]


def history_view(history: History, area: str, wanted: list[str] | None = None) -> HistoryView:
    """The timelines of ``wanted`` (in the order given), else of every commitment the
    record holds, in id order. Ids not in the record are for the caller to refuse."""
    if wanted:
        chosen = [history.timelines[i] for i in dict.fromkeys(wanted) if i in history.timelines]
        return HistoryView(area, tuple(chosen), history.unreadable, history.revisions, "asked")
    ordered = sorted(history.timelines.values(), key=lambda t: id_order(t.id))
    return HistoryView(area, tuple(ordered), history.unreadable, history.revisions)


def first_revision(timeline: Timeline) -> Revision:
    return timeline.renumbered_from[1] if timeline.renumbered_from else timeline.first
