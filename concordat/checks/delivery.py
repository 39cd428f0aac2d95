"""P: progress and delivery. Warnings a partnership board should see: late work, stale
reporting, claims of completion without evidence, promises nobody can measure."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from concordat.diagnostics import Diagnostic
from concordat.model import Role, Status
from concordat.when import relative, span

if TYPE_CHECKING:
    from concordat.area import Area
    from concordat.checks import Settings

_NEEDS_REASON = (Status.AT_RISK, Status.OFF_TRACK, Status.WITHDRAWN)


def check(area: Area, settings: Settings) -> Iterator[Diagnostic]:
    as_of = settings.as_of
    partners: dict[str, int] = {}
    for located in area.commitments:
        commitment = located.item
        file, status = located.file, commitment.status
        for partner in commitment.partners:
            partners[partner] = partners.get(partner, 0) + 1
        if status.is_open and commitment.due < as_of:
            yield Diagnostic.at(
                "P001",
                f"commitment {commitment.id} was due {commitment.due} "
                f"({relative(commitment.due, as_of)}) and is {status.value}",
                file,
                located.where("due"),
                "record progress in an update; if the date has moved, change 'due:' and say why",
            )
        if (
            status is Status.COMPLETE
            and not commitment.links
            and not any(u.evidence for u in commitment.updates)
        ):
            if not commitment.updates:
                what = "has no update saying what was delivered"
            else:
                what = "has no evidence link"
            yield Diagnostic.at(
                "P002",
                f"commitment {commitment.id} is complete but {what}",
                file,
                located.where("status"),
                "add an update with 'evidence:' linking to the paper or data that shows it",
            )
        if status in _NEEDS_REASON and commitment.reason is None:
            yield Diagnostic.at(
                "P006",
                f"commitment {commitment.id} is {status.value} with no reason given",
                file,
                located.where("status"),
                "add 'reason:' saying why, and what is being done about it",
            )
        if not status.is_open:
            continue
        if not commitment.measures:
            yield Diagnostic.at(
                "P004",
                f"commitment {commitment.id} has no measure: nobody can tell when it is done",
                file,
                located.where("id"),
                "add a measure with a baseline and a target",
            )
        last = commitment.last_update
        if last is None and commitment.start is None:
            if status is not Status.NOT_STARTED:
                yield Diagnostic.at(
                    "P003",
                    f"commitment {commitment.id} is {status.value} but has no progress update",
                    file,
                    located.where("status"),
                    "add an entry under 'updates:' saying what has been done",
                )
            continue
        since = last or commitment.start
        assert since is not None
        age = (as_of - since).days
        if age > settings.stale_days:
            what = "last update" if last else "start, with no update since"
            yield Diagnostic.at(
                "P003",
                f"commitment {commitment.id}: {span(age)} since its {what} ({since})",
                file,
                located.where("updates" if last else "start", key=True),
                f"partners report at least every {settings.stale_days} days: add an update",
            )
    if not area.fully_read:
        return  # a commitments file could not be parsed: who leads what is unknown
    for entry in area.signatories:
        signatory = entry.item
        if signatory.id in area.owners_written or signatory.role is not Role.SIGNATORY:
            continue
        if signatory.left and signatory.left <= as_of:
            continue
        count = partners.get(signatory.id, 0)
        also = f" (it is a partner in {count})" if count else ""
        yield Diagnostic.at(
            "P005",
            f"'{signatory.id}' signed the declaration but leads no commitment{also}",
            entry.file,
            entry.where("id"),
            "every signatory should own at least one action; or make it a supporter",
        )
