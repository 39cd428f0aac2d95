"""R: references. Owners, partners, update authors and successors must be declared
signatories; an organisation that has left cannot lead open work."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from concordat import characters
from concordat.characters import shown
from concordat.diagnostics import Diagnostic, Position, Suggester
from concordat.model import ONE_LEAD

if TYPE_CHECKING:
    from concordat.area import Area
    from concordat.config import Settings


class _Unknown:
    """R001 for an id that names no signatory, with the hint that fits: the closest id, or
    the id of the organisation it names by its name. Built once per area, so thousands of
    unknown ids cost linear time."""

    def __init__(self, area: Area) -> None:
        self._ids = area.declared_ids
        self._suggest = Suggester(sorted(area.declared_ids))
        self._by_name: dict[str, str] = {}
        for entry in area.signatories:
            for name in (entry.item.name, entry.item.short_name):
                if name:
                    self._by_name.setdefault(name.lower(), entry.item.id)

    def __call__(
        self, signatory_id: str, role: str, file: str, where: Position | None
    ) -> Diagnostic:
        return Diagnostic.at(
            "R001",
            f"{role} '{shown(signatory_id)}' is not a signatory in this area",
            file,
            where,
            self._hint(signatory_id, role),
        )

    def _hint(self, signatory_id: str, role: str) -> str:
        """The most likely cause: a name for an id, two owners, a pasted character, a typo."""
        if signatory_id.lower() in self._by_name:
            return f"use the id, not the name: '{shown(self._by_name[signatory_id.lower()])}'"
        if role == "owner" and "," in signatory_id:
            return ONE_LEAD
        words = [w for w in re.split(r"[\s,]+|\band\b", signatory_id) if w]
        if len(words) > 1 and all(w in self._ids for w in words):
            listed = shown(", ".join(words))
            return f"these are {len(words)} ids: separate them with commas, [{listed}]"
        suggestion = self._suggest(signatory_id)
        if suggestion:  # "did you mean 'pol\u200bice'?": the id it names may hold one too
            suggestion = shown(suggestion)
        odd = characters.advice(signatory_id)
        if odd:
            return odd + (f"; {suggestion}" if suggestion else "")
        return suggestion or "add the organisation to signatories.yaml, or fix the id"


def check(area: Area, settings: Settings) -> Iterator[Diagnostic]:
    declared = area.declared_ids
    if not area.signatories_readable:
        return  # the signatories could not be read: every reference would look unknown
    by_id = {s.item.id: s.item for s in area.signatories}
    unknown = _Unknown(area)

    for role, written, source_file, path in area.loose_references:
        if written.strip() and written.strip() not in declared:
            where = source_file.locate(path)
            yield unknown(written.strip(), role, source_file.name, where)

    def has_left(signatory_id: str) -> bool:
        signatory = by_id.get(signatory_id)
        return signatory is not None and signatory.has_left(settings.as_of)

    for entry in area.signatories:
        signatory = entry.item
        successor = signatory.successor
        if successor is None:
            continue
        if successor not in declared:
            yield unknown(successor, "successor", entry.file, entry.where("successor"))
        elif successor == signatory.id or has_left(successor):
            after = by_id[successor].successor if successor in by_id else None
            problem = "is itself" if successor == signatory.id else "has itself left"
            yield Diagnostic.at(
                "R006",
                f"'{shown(signatory.id)}' names successor '{shown(successor)}', which {problem}",
                entry.file,
                entry.where("successor"),
                f"point at today's body{f': {shown(after)!r}' if after else ''}",
            )

    for located in area.commitments:
        commitment = located.item
        file, is_open = located.file, commitment.status.is_open
        owner = commitment.owner
        if owner not in declared:
            yield unknown(owner, "owner", file, located.where("owner"))
        elif is_open and has_left(owner):
            left = by_id[owner]
            hint = (
                f"its successor is '{shown(left.successor)}': make it the owner"
                if left.successor
                else "give the commitment a new owner, or withdraw it"
            )
            yield Diagnostic.at(
                "R002",
                f"commitment {shown(commitment.id)} is {commitment.status.value} but its owner "
                f"'{shown(owner)}' left on {left.left}",
                file,
                located.where("owner"),
                hint,
            )
        seen: set[str] = set()
        for index, partner in enumerate(commitment.partners):
            if partner not in declared:
                yield unknown(partner, "partner", file, located.where("partners", index))
            elif partner == owner:
                yield Diagnostic.at(
                    "R003",
                    f"'{shown(partner)}' owns commitment {shown(commitment.id)} and is listed "
                    "as a partner too",
                    file,
                    located.where("partners", index),
                    "remove it from partners: the owner is already involved",
                )
            elif partner in seen:
                yield Diagnostic.at(
                    "R004",
                    f"partner '{shown(partner)}' is listed twice",
                    file,
                    located.where("partners", index),
                    "remove the second entry",
                )
            elif is_open and has_left(partner):
                successor = by_id[partner].successor
                yield Diagnostic.at(
                    "R005",
                    f"partner '{shown(partner)}' left on {by_id[partner].left}",
                    file,
                    located.where("partners", index),
                    f"replace it with its successor '{shown(successor)}'"
                    if successor
                    else "remove it, or name who now does its part",
                )
            seen.add(partner)
        for index, update in enumerate(commitment.updates):
            if update.by not in declared:
                yield unknown(
                    update.by, "update author", file, located.where("updates", index, "by")
                )
