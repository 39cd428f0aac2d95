"""What happened to each commitment, revision by revision, and what changed between two.

A commitment is followed by its id. When, in one change, an id disappears and a new one
appears with the same title (and no other disappearing commitment has that title), it was
renumbered: the old id's line ends "renumbered to" the new one, and the new id carries the
old one's history on, so its slips are counted from its first promise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from concordat.history.snapshot import EMPTY, CommitmentState, Snapshot, UpdateKey
from concordat.history.walk import Revision
from concordat.vocab import Status

#: Open statuses from worst to best, then complete: a move up this list is better.
_PROGRESS = {
    Status.OFF_TRACK: 0,
    Status.AT_RISK: 1,
    Status.NOT_STARTED: 2,
    Status.ON_TRACK: 3,
    Status.COMPLETE: 4,
}


def direction(before: Status, after: Status) -> str:
    """'better', 'worse' or 'withdrawn' (neither), in the Concordat's order: off track,
    at risk, not started, on track, complete."""
    if Status.WITHDRAWN in (before, after):
        return "withdrawn" if after is Status.WITHDRAWN else "reopened"
    return "better" if _PROGRESS[after] > _PROGRESS[before] else "worse"


@dataclass(frozen=True, slots=True)
class DueChange:
    revision: Revision
    before: date
    after: date
    before_written: str
    after_written: str
    with_update: bool  # the same change added an update
    with_reason: bool  # the same change added or changed the reason

    @property
    def days(self) -> int:
        return (self.after - self.before).days

    @property
    def later(self) -> bool:
        return self.after > self.before

    @property
    def unexplained(self) -> bool:
        """Moved later with no update and no reason in the same change (P008)."""
        return self.later and not self.with_update and not self.with_reason


@dataclass(frozen=True, slots=True)
class StatusChange:
    revision: Revision
    before: Status
    after: Status

    @property
    def direction(self) -> str:
        return direction(self.before, self.after)


@dataclass(frozen=True, slots=True)
class UpdateAdded:
    revision: Revision
    update: UpdateKey


@dataclass(frozen=True, slots=True)
class Ending:
    kind: str  # complete | withdrawn | removed | renumbered
    revision: Revision
    to: str | None = None  # the new id, when renumbered


@dataclass(frozen=True)
class Timeline:
    """One commitment's life in the record."""

    id: str
    title: str
    first: Revision
    first_due: date
    first_due_written: str
    first_status: Status
    due_changes: tuple[DueChange, ...] = ()
    status_changes: tuple[StatusChange, ...] = ()
    updates: tuple[UpdateAdded, ...] = ()
    ending: Ending | None = None
    #: The id it had before, and the revision that renumbered it.
    renumbered_from: tuple[str, Revision] | None = None
    #: Its facts in the last revision that held it.
    last: CommitmentState | None = None

    @property
    def slips(self) -> int:
        """How many times its due date moved later."""
        return sum(1 for change in self.due_changes if change.later)

    @property
    def slip_days(self) -> int:
        """How far its due date is now from its first promise, in days (0 if not later)."""
        if self.last is None:
            return 0
        return max(0, (self.last.due - self.first_due).days)


@dataclass(frozen=True)
class Unreadable:
    revision: Revision
    problem: str


@dataclass
class _Line:
    """A timeline being built."""

    id: str
    title: str
    first: Revision
    first_state: CommitmentState
    last: CommitmentState
    due_changes: list[DueChange] = field(default_factory=list)
    status_changes: list[StatusChange] = field(default_factory=list)
    updates: list[UpdateAdded] = field(default_factory=list)
    ending: Ending | None = None
    renumbered_from: tuple[str, Revision] | None = None

    def frozen(self) -> Timeline:
        return Timeline(
            self.id,
            self.last.title,
            self.first,
            self.first_state.due,
            self.first_state.due_written,
            self.first_state.status,
            tuple(self.due_changes),
            tuple(self.status_changes),
            tuple(self.updates),
            self.ending,
            self.renumbered_from,
            self.last,
        )

    def moved_on(self, revision: Revision, after: CommitmentState) -> None:
        before = self.last
        if before is after:
            return
        new_updates = sorted(after.updates - before.updates, key=lambda u: (u.day, u.by))
        if after.due != before.due:
            reason_given = after.reason is not None and after.reason != before.reason
            self.due_changes.append(
                DueChange(
                    revision,
                    before.due,
                    after.due,
                    before.due_written,
                    after.due_written,
                    bool(new_updates),
                    reason_given,
                )
            )
        if after.status is not before.status:
            self.status_changes.append(StatusChange(revision, before.status, after.status))
            if after.status in (Status.COMPLETE, Status.WITHDRAWN):
                self.ending = Ending(after.status.value, revision)
            elif self.ending is not None and self.ending.kind in ("complete", "withdrawn"):
                self.ending = None
        self.updates += [UpdateAdded(revision, u) for u in new_updates]
        self.last = after


def renumberings(before: Snapshot, after: Snapshot) -> dict[str, str]:
    """Old id to new id, for commitments renumbered between two revisions: an id gone and
    an id new with the same title, each the only one of its side with that title."""
    gone = [c for i, c in before.commitments.items() if i not in after.commitments]
    new = [c for i, c in after.commitments.items() if i not in before.commitments]
    if not gone or not new:
        return {}
    gone_titles: dict[str, list[str]] = {}
    for c in gone:
        gone_titles.setdefault(c.title_key, []).append(c.id)
    new_titles: dict[str, list[str]] = {}
    for c in new:
        new_titles.setdefault(c.title_key, []).append(c.id)
    return {
        ids[0]: new_titles[title][0]
        for title, ids in gone_titles.items()
        if len(ids) == 1 and len(new_titles.get(title, ())) == 1
    }


@dataclass(frozen=True)
class History:
    """Every commitment's timeline, by id (in the order they first appeared), and the
    revisions that could not be read."""

    timelines: Mapping[str, Timeline]
    unreadable: tuple[Unreadable, ...]
    revisions: int  # how many revisions were read (the working tree counted)
    name: str | None = None  # the area's name in its last readable revision


def follow(revisions: Iterable[tuple[Revision, Snapshot]]) -> History:
    lines: dict[str, _Line] = {}
    unread: list[Unreadable] = []
    previous = EMPTY
    count = 0
    for revision, snapshot in revisions:
        count += 1
        if snapshot.problem is not None:
            unread.append(Unreadable(revision, snapshot.problem))
            continue
        _step(lines, previous, snapshot, revision)
        previous = snapshot
    timelines = {i: line.frozen() for i, line in lines.items()}
    return History(timelines, tuple(unread), count, previous.name)


def _step(lines: dict[str, _Line], before: Snapshot, after: Snapshot, revision: Revision) -> None:
    old, new = before.commitments, after.commitments
    renumbered = renumberings(before, after)
    for old_id, new_id in renumbered.items():
        line = lines[old_id]
        line.ending = Ending("renumbered", revision, new_id)
        successor = _Line(
            new_id,
            new[new_id].title,
            line.first,
            line.first_state,
            line.last,
            list(line.due_changes),
            list(line.status_changes),
            list(line.updates),
            None,
            (old_id, revision),
        )
        successor.moved_on(revision, new[new_id])
        lines[new_id] = successor
    taken = set(renumbered.values())
    for commitment_id, state in new.items():
        if commitment_id in taken:
            continue
        current = lines.get(commitment_id)
        if current is None:
            lines[commitment_id] = _Line(commitment_id, state.title, revision, state, state)
            continue
        if commitment_id not in old:
            current.ending = None  # back again after it was removed (or renumbered away)
        current.moved_on(revision, state)
    for commitment_id in old:
        if commitment_id not in new and commitment_id not in renumbered:
            lines[commitment_id].ending = Ending("removed", revision)


# -- between two points: `concordat changes` ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Moved:
    id: str
    title: str
    before: CommitmentState
    after: CommitmentState


@dataclass(frozen=True)
class Difference:
    """What differs between two revisions of an area, for the board."""

    added: tuple[CommitmentState, ...]
    removed: tuple[CommitmentState, ...]
    renumbered: tuple[tuple[CommitmentState, CommitmentState], ...]
    status: tuple[Moved, ...]
    due: tuple[Moved, ...]
    updates: tuple[tuple[CommitmentState, tuple[UpdateKey, ...]], ...]
    readings: tuple[tuple[CommitmentState, tuple[tuple[str, date, float], ...]], ...]
    reasons: tuple[Moved, ...]
    joined: tuple[tuple[str, str], ...]  # (id, name)
    left: tuple[tuple[str, str, date | None], ...]  # (id, name, the day it left, if written)


def difference(before: Snapshot, after: Snapshot) -> Difference:
    old, new = before.commitments, after.commitments
    renumbered = renumberings(before, after)
    pairs = [(old[o], new[n]) for o, n in renumbered.items()]
    common = [(old[i], new[i]) for i in new if i in old]
    both = common + pairs
    taken = set(renumbered.values())
    status = [Moved(b.id, a.title, b, a) for b, a in both if a.status is not b.status]
    due = [Moved(b.id, a.title, b, a) for b, a in both if a.due != b.due]
    reasons = [Moved(b.id, a.title, b, a) for b, a in both if a.reason != b.reason and a.reason]
    updates = [
        (a, tuple(sorted(a.updates - b.updates, key=lambda u: (u.day, u.by))))
        for b, a in both
        if a.updates - b.updates
    ]
    readings = [
        (a, tuple(sorted((r.measure, r.day, r.value) for r in a.readings - b.readings)))
        for b, a in both
        if a.readings - b.readings
    ]
    people_before, people_after = before.signatories, after.signatories
    joined = [(s.id, s.name) for i, s in people_after.items() if i not in people_before]
    left: list[tuple[str, str, date | None]] = [
        (s.id, s.name, None) for i, s in people_before.items() if i not in people_after
    ]
    left += [
        (s.id, s.name, s.left)
        for i, s in people_after.items()
        if s.left is not None and i in people_before and people_before[i].left is None
    ]
    return Difference(
        added=tuple(c for i, c in new.items() if i not in old and i not in taken),
        removed=tuple(c for i, c in old.items() if i not in new and i not in renumbered),
        renumbered=tuple(pairs),
        status=tuple(status),
        due=tuple(due),
        updates=tuple(updates),
        readings=tuple(readings),
        reasons=tuple(reasons),
        joined=tuple(joined),
        left=tuple(left),
    )


@dataclass(frozen=True)
class Span:
    """The two points compared, the revisions between them, and every due-date move in
    between with who made it."""

    before: Snapshot
    after: Snapshot
    since: Revision | None  # None: before the first revision
    until: Revision | None  # None: nothing was ever committed
    revisions: tuple[Revision, ...]
    moves: tuple[tuple[str, DueChange], ...]  # (commitment id, the move)
    unreadable: tuple[Unreadable, ...]


def between(
    revisions: Iterable[tuple[Revision, Snapshot]],
    *,
    since_commit: str | None = None,
    since_time: int | None = None,
) -> Span:
    """The area at the start (after ``since_commit``, or after the last commit made before
    ``since_time``; before everything when neither is given) and at the end of
    ``revisions``, and what happened in between."""
    before = after = EMPTY
    since: Revision | None = None
    until: Revision | None = None
    inside: list[Revision] = []
    moves: list[tuple[str, DueChange]] = []
    unread: list[Unreadable] = []
    lines: dict[str, _Line] | None = None
    started = since_commit is None and since_time is None
    # a change is dated by when it was written (the author's date), as `history` dates it:
    # a rebase, or GitHub's "rebase and merge", rewrites every committer's date
    since_day = _england_day(since_time) if since_time is not None else None
    for revision, snapshot in revisions:
        if not started and since_day is not None:
            day = revision.day
            started = revision.id is None or day is None or day >= since_day
        if not started:
            if snapshot.problem is None:
                before = after = snapshot
            since = until = revision
            started = since_commit is not None and revision.id == since_commit
            continue
        if lines is None:
            lines = {i: _Line(i, c.title, revision, c, c) for i, c in before.commitments.items()}
        inside.append(revision)
        until = revision
        if snapshot.problem is not None:
            unread.append(Unreadable(revision, snapshot.problem))
            continue
        _step(lines, after, snapshot, revision)
        for i, line in lines.items():
            moves += [(i, m) for m in line.due_changes]
            line.due_changes.clear()  # only this revision's moves are new
            line.status_changes.clear()
            line.updates.clear()
        after = snapshot
    return Span(before, after, since, until, tuple(inside), tuple(moves), tuple(unread))


def slipped(timeline: Timeline) -> bool:
    """Whether its due date is later now than first promised."""
    return timeline.slip_days > 0


def _england_day(timestamp: int) -> date:
    """The day in England that the second ``timestamp`` falls in."""
    from datetime import datetime
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from concordat.dates import TIME_ZONE

    try:
        return datetime.fromtimestamp(timestamp, ZoneInfo(TIME_ZONE)).date()
    except ZoneInfoNotFoundError:  # pragma: no cover - no time zone database
        return datetime.fromtimestamp(timestamp).date()
