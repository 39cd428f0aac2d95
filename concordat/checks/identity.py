"""I: identity. Ids must be unique in the area, across all its files."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from concordat.diagnostics import Diagnostic

if TYPE_CHECKING:
    from concordat.area import Area, Located
    from concordat.config import Settings


def _duplicates(
    items: Sequence[Located[Any]], code: str, kind: str, hint: str
) -> Iterator[Diagnostic]:
    first: dict[str, Located[Any]] = {}
    for located in items:
        item_id: str = located.item.id
        if item_id not in first:
            first[item_id] = located
            continue
        earlier = first[item_id]
        where = earlier.where("id")
        place = f"{earlier.file}:{where.line}" if where else earlier.file
        yield Diagnostic.at(
            code,
            f"{kind} id '{item_id}' is already used at {place}",
            located.file,
            located.where("id"),
            hint,
        )


def check(area: Area, settings: Settings) -> Iterator[Diagnostic]:
    yield from _duplicates(
        area.signatories,
        "I001",
        "signatory",
        "give each organisation one entry: merge the two, or change one id",
    )
    yield from _duplicates(
        area.commitments,
        "I002",
        "commitment",
        "renumber one of them with the next free number in its theme",
    )
