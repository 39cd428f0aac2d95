"""I: identity. Ids must be unique in the area, across all its files; and F007, a plan kept
both in commitments.yaml and in a commitments/ folder."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from concordat.characters import shown
from concordat.diagnostics import Diagnostic
from concordat.layout import COMMITMENTS, display_path

if TYPE_CHECKING:
    from concordat.area import Area, Located
    from concordat.config import Settings


def _duplicates(items: Sequence[Located[Any]]) -> Iterator[tuple[Located[Any], Located[Any]]]:
    """Each item whose id an earlier item already has, with that earlier item."""
    first: dict[str, Located[Any]] = {}
    for located in items:
        item_id: str = located.item.id
        if item_id in first:
            yield first[item_id], located
        else:
            first[item_id] = located


def _already(
    code: str, kind: str, pair: tuple[Located[Any], Located[Any]], hint: str
) -> Diagnostic:
    earlier, located = pair
    where = earlier.where("id")
    place = f"{earlier.file}:{where.line}" if where else earlier.file
    return Diagnostic.at(
        code,
        f"{kind} id '{shown(located.item.id)}' is already used at {place}",
        located.file,
        located.where("id"),
        hint,
    )


def check(area: Area, settings: Settings) -> Iterator[Diagnostic]:
    for pair in _duplicates(area.signatories):
        hint = "give each organisation one entry: merge the two, or change one id"
        yield _already("I001", "signatory", pair, hint)
    pairs = list(_duplicates(area.commitments))
    across = [(a, b) for a, b in pairs if {_place(a), _place(b)} == {"file", "folder"}]
    if len(across) >= 2:
        yield _plan_twice(across)
        pairs = [pair for pair in pairs if pair not in across]
    hint = "renumber one of them with the next free number in its theme"
    for pair in pairs:
        yield _already("I002", "commitment", pair, hint)


def _place(located: Located[Any]) -> str:
    """'file' for commitments.yaml, 'folder' for a file in commitments/."""
    return "folder" if located.source.path.parent.name == COMMITMENTS else "file"


def _plan_twice(across: list[tuple[Located[Any], Located[Any]]]) -> Diagnostic:
    """F007: commitments.yaml and files in commitments/ share several ids, an old plan left
    beside the new folder. Said once, rather than as an I002 for every commitment."""
    single = next(x for x in across[0] if _place(x) == "file")
    folder = display_path(next(x for x in across[0] if x is not single).source.path.parent)
    ids = shown(", ".join(list(dict.fromkeys(a.item.id for a, _ in across))[:3]))  # as written
    return Diagnostic.at(
        "F007",
        f"{single.file} and the {COMMITMENTS}/ folder beside it hold the same commitments "
        f"({len(across)} ids are in both, such as {ids})",
        single.file,
        None,
        f"concordat reads both: if {folder}/ is the plan now, delete {single.file} (after "
        "moving anything new in it into the folder)",
    )
