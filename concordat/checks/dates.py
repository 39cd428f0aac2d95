"""D: dates that contradict each other or the as-of date."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from concordat.characters import shown, visible
from concordat.diagnostics import Diagnostic

if TYPE_CHECKING:
    from concordat.area import Area
    from concordat.config import Settings


def check(area: Area, settings: Settings) -> Iterator[Diagnostic]:
    as_of = settings.as_of
    for entry in area.signatories:
        signatory = entry.item
        if signatory.left and signatory.left < signatory.signed:
            yield Diagnostic.at(
                "D006",
                f"'{shown(signatory.id)}' left on {signatory.left}, "
                f"before it signed on {signatory.signed}",
                entry.file,
                entry.where("left"),
                "check both dates",
            )
    for located in area.commitments:
        commitment = located.item
        file = located.file
        if commitment.start and commitment.start > commitment.due:
            yield Diagnostic.at(
                "D001",
                f"commitment {shown(commitment.id)} starts on {commitment.start}, after it is due "
                f"on {commitment.due}",
                file,
                located.where("start"),
                "check both dates: a start must be on or before the due date",
            )
        for index, update in enumerate(commitment.updates):
            if update.date > as_of:
                yield Diagnostic.at(
                    "D002",
                    f"update dated {update.date} is after the as-of date {as_of}",
                    file,
                    located.where("updates", index, "date"),
                    "updates record what has happened: check the year and month",
                )
        for m_index, measure in enumerate(commitment.measures):
            base = ("measures", m_index)
            baseline, target = measure.baseline, measure.target
            if baseline and target and target.date < baseline.date:
                yield Diagnostic.at(
                    "D005",
                    f"measure '{visible(measure.name)}' has its target date {target.date} "
                    f"before its baseline date {baseline.date}",
                    file,
                    located.where(*base, "target", "date"),
                    "the baseline is where you start, the target where you aim to be",
                )
            for r_index, reading in enumerate(measure.readings):
                place = (*base, "readings", r_index, "date")
                if reading.date > as_of:
                    yield Diagnostic.at(
                        "D004",
                        f"reading dated {reading.date} is after the as-of date {as_of}",
                        file,
                        located.where(*place),
                        "readings record what was measured: check the date",
                    )
                elif baseline and reading.date < baseline.date:
                    yield Diagnostic.at(
                        "D003",
                        f"reading dated {reading.date} is before the baseline date "
                        f"{baseline.date} of measure '{visible(measure.name)}'",
                        file,
                        located.where(*place),
                        "move earlier figures into the baseline, or correct the date",
                    )
