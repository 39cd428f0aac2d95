"""Where git history plugs into the board pack: section 4 (what changed since the last board)
and the slippage column of section 6.

The report never reads git itself. It takes a :class:`History` (or a :class:`NoHistory`
that says why there is none) as an input of :func:`concordat.report.view.board_report`, so
a report is complete without it and says so in plain words. :func:`history_of` is the one
function the command calls to get it: it reads the record through :mod:`concordat.history`
(as ``concordat changes`` does) and turns its changes into these small types, and takes
each commitment's slippage as that package gives it (see docs/report.md, "History").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from concordat.history.slippage import Slippage

if TYPE_CHECKING:
    from concordat.history.timeline import Moved

NOT_IN_GIT = "This area is not in git, so changes since the last board are not shown."


@dataclass(frozen=True)
class Change:
    """One thing that changed since the last board, in words for the board."""

    #: What kind of change: added, removed, status, due, update, reading, organisation, reason.
    kind: str
    #: Words for the board: "status on-track -> at-risk", "due 2026-12-31 -> 2027-03-31".
    words: str
    #: The commitment it concerns (None for an organisation joining or leaving).
    commitment: str | None = None
    #: True when it is for the worse (status worse in Concordat order, a due date later).
    worse: bool = False


@dataclass(frozen=True)
class History:
    """What git says about the area, for the report."""

    #: Since when, in words: "tag board-2026-09 (15 September 2026)".
    since: str
    changes: tuple[Change, ...] = ()
    #: By commitment id; a commitment whose due date never moved may be left out.
    slippage: Mapping[str, Slippage] = field(default_factory=dict)


@dataclass(frozen=True)
class NoHistory:
    """Why there is no history: said in section 4, instead of the changes."""

    why: str = NOT_IN_GIT


def in_git(folder: Path) -> bool:
    """Whether ``folder`` is inside a git working tree (a ``.git`` folder or file above it),
    without running git."""
    from concordat.history.previous import in_a_repository

    return in_a_repository(folder)


def history_of(folder: Path, as_of: date, since: str | None) -> History | NoHistory:
    """The area's history for the report: changes since ``since`` (a revision or a date;
    None: the last board, as `concordat changes` defaults) up to the working tree, and how
    each commitment's due date moved."""
    if not in_git(folder):
        return NoHistory(NOT_IN_GIT)
    from concordat.history.git import GitProblem
    from concordat.history.record import changes_of
    from concordat.history.slippage import slippage
    from concordat.views.changes import changes_view

    try:
        view = changes_view(changes_of(folder, since, None, as_of), "")
        slips = slippage(folder) or {}
    except GitProblem as problem:
        return NoHistory(f"Changes since the last board are not shown: {problem}")
    d = view.difference
    changes = [
        *(_status(m, worse=True) for m in view.worse),
        *(_status(m) for m in (*view.better, *view.closed)),
        *(
            Change(
                "due",
                f"due {m.moved.before.due_written} -> {m.moved.after.due_written}"
                + ("" if m.explained else ", with no update or reason"),
                m.moved.id,
                worse=m.days > 0,
            )
            for m in view.due
        ),
        *(Change("added", f"added: {c.title}", c.id) for c in d.added),
        *(Change("removed", f"removed: {c.title}", c.id, worse=True) for c in d.removed),
        *(Change("renumbered", f"renumbered from {a.id}", b.id) for a, b in d.renumbered),
        *(Change("update", f"updates added: {len(u)}", c.id) for c, u in d.updates),
        *(Change("reading", f"measure readings added: {len(r)}", c.id) for c, r in d.readings),
        *(Change("reason", "reason added or changed", m.id) for m in d.reasons),
        *(Change("organisation", f"joined: {name}") for _, name in d.joined),
        *(Change("organisation", f"left: {name}") for _, name, _ in d.left),
    ]
    return History(since=view.since, changes=tuple(changes), slippage=slips)


def _status(moved: Moved, *, worse: bool = False) -> Change:
    words = f"status {moved.before.status.value} -> {moved.after.status.value}"
    return Change("status", words, moved.id, worse)


def slip_words(slip: Slippage | None) -> str:
    """'first promised 2015/16 Q4, moved twice, 548 days later' ('' when it never moved)."""
    if slip is None or not slip.moves:
        return ""
    later = f", {slip.slip_days:,} days later" if slip.slip_days else ""
    return slip.words() + later
