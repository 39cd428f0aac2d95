"""P008: a due date moved later in a change that gives no update and no reason for it.

The change is the latest one to the area's data files: the working tree when it differs from
the last commit, else the last commit that touched them; it is compared with the version
before it, read from git in two calls (:mod:`concordat.history.previous`). Without git,
outside a repository, on the first commit, or when the version before is not in the clone
(a shallow one), the check does not run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from concordat.dates import span
from concordat.diagnostics import Diagnostic

if TYPE_CHECKING:
    from concordat.area import Area
    from concordat.config import Settings


def _relative(path: Path, area: Area) -> str:
    """A data file's path from the area folder, as git names it: commitments/urgent.yaml."""
    try:
        return path.absolute().relative_to(area.folder.absolute()).as_posix()
    except ValueError:
        return path.name


def check(area: Area, settings: Settings) -> Iterator[Diagnostic]:
    if not area.commitments or not area.fully_read:
        return
    from concordat.history.previous import previous_version
    from concordat.history.snapshot import Snapshot, state_of
    from concordat.history.timeline import renumberings

    previous = previous_version(area.folder)
    if previous is None or previous.snapshot.problem is not None:
        return
    before = previous.snapshot.commitments
    now = {
        c.item.id: c for c in area.commitments if _relative(c.source.path, area) in previous.changed
    }
    current = Snapshot({i: state_of(c) for i, c in now.items()}, {})
    renamed = {new: old for old, new in renumberings(previous.snapshot, current).items()}
    where = "uncommitted changes" if previous.commit is None else f"commit {previous.commit[:9]}"
    for commitment_id, located in now.items():
        old = before.get(renamed.get(commitment_id, commitment_id))
        after = current.commitments[commitment_id]
        if old is None or after.due <= old.due:
            continue
        if after.updates - old.updates or (after.reason and after.reason != old.reason):
            continue
        later = span((after.due - old.due).days)
        yield Diagnostic.at(
            "P008",
            f"commitment {commitment_id}'s due date moved {later} later, from "
            f"{old.due_written} to {after.due_written}, in {where}, with no update and no "
            "reason",
            located.file,
            located.where("due"),
            "add an update saying why the date moved and who agreed it, or a 'reason:'",
        )
