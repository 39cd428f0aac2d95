"""Where git history plugs into the board pack: section 4 (what changed since the last board)
and the slippage column of section 6.

The report never reads git itself. It takes a :class:`History` (or a :class:`NoHistory`
that says why there is none) as an input of :func:`concordat.report.view.board_report`, so
a report is complete without it and says so in plain words. :func:`history_of` is the one
function the command calls to get it: today it finds no history to read and says why; when
``concordat.history`` lands, its body turns that package's changes and slippage into these
small types (see docs/report.md, "History").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

NOT_IN_GIT = "This area is not in git, so changes since the last board are not shown."
NOT_READ = (
    "Changes since the last board are not shown: this version of concordat does not read "
    "the area's git history yet."
)


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
class Slippage:
    """How one commitment's due date moved over its history."""

    first_due: date
    moves: int  # how many times the due date changed
    days: int  # later minus earlier, over every move: the total slip


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
    try:
        here = folder.resolve()
    except (OSError, RuntimeError):
        return False
    return any((step / ".git").exists() for step in (here, *here.parents))


def history_of(folder: Path, as_of: date, since: str | None) -> History | NoHistory:
    """The area's history for the report: changes since ``since`` (a revision or a date;
    None: the last board, as `concordat changes` defaults) up to ``as_of``.

    This is the seam: it returns :class:`NoHistory` until git history can be read.
    """
    return NoHistory(NOT_READ if in_git(folder) else NOT_IN_GIT)
