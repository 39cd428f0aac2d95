"""P: progress and delivery. Warnings a partnership board should see: late work, stale
reporting, claims of completion without evidence, promises nobody can measure, a plan with
nothing in it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from concordat.characters import shown
from concordat.dates import relative, span
from concordat.diagnostics import Diagnostic
from concordat.vocab import NEEDS_REASON, Role, Status

if TYPE_CHECKING:
    from datetime import date

    from concordat.area import Area, Located
    from concordat.config import Settings
    from concordat.model import Commitment


def check(area: Area, settings: Settings) -> Iterator[Diagnostic]:
    as_of = settings.as_of
    partners: dict[str, int] = {}
    for located in area.commitments:
        commitment = located.item
        file, status = located.file, commitment.status
        for partner in commitment.partners:
            partners[partner] = partners.get(partner, 0) + 1
        if commitment.is_overdue(as_of):
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
        if status in NEEDS_REASON and commitment.reason is None:
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
        # updates that could not all be read (a '- ' missing) say nothing sure about staleness
        if commitment.is_stale(as_of, settings.stale_days) and not area.error_within(
            located, "updates"
        ):
            yield _stale(located, settings.stale_days, as_of)
    if not area.fully_read:
        return  # a commitments file could not be parsed: who leads what is unknown
    if not area.commitments_written:
        yield from _empty_plan(area)
        return  # with no plan, "leads nothing" would be said of every signatory
    for entry in area.signatories:
        signatory = entry.item
        if signatory.id in area.owners_written or signatory.role is not Role.SIGNATORY:
            continue
        if signatory.has_left(as_of):
            continue
        count = partners.get(signatory.id, 0)
        also = f" (it is a partner in {count})" if count else ""
        yield Diagnostic.at(
            "P005",
            f"'{shown(signatory.id)}' signed the declaration but leads no commitment{also}",
            entry.file,
            entry.where("id"),
            "every signatory should own at least one action; or make it a supporter",
        )


def _stale(located: Located[Commitment], stale_days: int, as_of: date) -> Diagnostic:
    """P003 for a commitment :meth:`~concordat.model.Commitment.is_stale` found stale."""
    commitment = located.item
    last = commitment.last_update
    since = last or commitment.start
    if since is None:
        return Diagnostic.at(
            "P003",
            f"commitment {commitment.id} is {commitment.status.value} but has no progress update",
            located.file,
            located.where("status"),
            "add an entry under 'updates:' saying what has been done",
        )
    what = "last update" if last else "start, with no update since"
    return Diagnostic.at(
        "P003",
        f"commitment {commitment.id}: {span((as_of - since).days)} since its {what} ({since})",
        located.file,
        located.where("updates" if last else "start", key=True),
        f"partners report at least every {stale_days} days: add an update",
    )


def _empty_plan(area: Area) -> Iterator[Diagnostic]:
    """P007 at the first commitments file, when every one was read and none holds an item
    (no file at all is F001's to say)."""
    plans = [f for f in area.files if f is not area.signatories_file]
    # a file that is not a mapping (Y007) has its own error; its items were not counted
    if plans and all(isinstance(f.data, dict) for f in plans):
        yield Diagnostic.at(
            "P007",
            "the plan holds no commitments",
            plans[0].name,
            plans[0].locate(("commitments",), key=True),
            "add the partnership's commitments under 'commitments:' (see the README for the "
            "format), or check that this is the file you meant to edit",
        )
