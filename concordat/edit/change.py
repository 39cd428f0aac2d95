"""The edits ``update`` and ``add`` make, as splices of one file's text.

Each edit touches only the lines of one commitment (or, for ``add``, inserts new lines
between two): a value replaced where it is written, or whole lines inserted after the last
line of a value, indented as the lines around them and ended with the file's own line
break. Nothing else in the file moves, so comments, blank lines, quoting and key order
elsewhere stay byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from concordat.edit.text import (
    Splice,
    column,
    content_end,
    dash_column,
    entry,
    line_end,
    line_start,
    newline,
)
from concordat.vocab import Status, Theme
from concordat.yamltext import flow_list, scalar

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


class CannotEdit(Exception):
    """The entry is written in a way concordat does not edit; the message says how to help."""


@dataclass(frozen=True)
class UpdateRequest:
    """What ``concordat update`` was asked to record."""

    day: date
    by: str
    note: str
    status: Status | None = None
    reason: str | None = None
    evidence: str | None = None
    due: str | None = None


@dataclass(frozen=True)
class AddRequest:
    """What ``concordat add`` was asked to write."""

    id: str
    title: str
    theme: Theme
    owner: str
    due: str
    status: Status = Status.NOT_STARTED
    partners: Sequence[str] = field(default_factory=tuple)
    start: date | None = None
    outcome: str | None = None
    reason: str | None = None


def due_text(due: str) -> str:
    """A due date as written: an ISO date unquoted (as dates are in the files), a quarter
    as :func:`scalar` writes it."""
    return due if _ISO.fullmatch(due) else scalar(due)


def update_splices(text: str, item: Node, request: UpdateRequest) -> list[Splice]:
    """The splices that add ``request``'s update to the commitment ``item`` and change its
    status, reason and due date as asked."""
    mapping = _block_mapping(item)
    indent = " " * column(text, mapping.start_mark.index)
    nl = newline(text, mapping.start_mark.index)
    splices: list[Splice] = []
    if request.status is not None:
        splices.append(_set(text, mapping, "status", request.status.value, indent, nl))
    if request.due is not None:
        splices.append(_set(text, mapping, "due", due_text(request.due), indent, nl))
    if request.reason is not None:
        splices.append(_set(text, mapping, "reason", scalar(request.reason), indent, nl))
    fields = [
        ("date", request.day.isoformat()),
        ("by", scalar(request.by)),
        *([("status", request.status.value)] if request.status is not None else []),
        ("note", scalar(request.note)),
        *([("evidence", scalar(request.evidence))] if request.evidence is not None else []),
    ]
    splices += _append_item(text, mapping, "updates", fields, indent, nl)
    return _merged(splices)


def _block_mapping(node: Node) -> MappingNode:
    if not isinstance(node, MappingNode) or node.flow_style:
        raise CannotEdit(
            "it is written on one line in braces { }; concordat edits entries written one "
            "field per line"
        )
    return node


def _set(text: str, mapping: MappingNode, key: str, value: str, indent: str, nl: str) -> Splice:
    """Replace the value of ``key`` (all its lines), or add ``key: value`` after the due
    date or the status, where a reader looks for it."""
    found = entry(mapping, key)
    if found is not None:
        _, node = found
        if isinstance(node, ScalarNode) and node.value == "" and not node.style:
            end = found[0].end_mark.index  # `reason:` with nothing after it
            colon = text.index(":", end) + 1
            return Splice(colon, colon, " " + value)
        if not isinstance(node, ScalarNode):
            raise CannotEdit(f"its {key} is a list or a mapping, not one value")
        return Splice(node.start_mark.index, content_end(text, node), value)
    after = entry(mapping, "due") or entry(mapping, "status")
    anchor = content_end(text, after[1]) if after else content_end(text, mapping)
    at = line_end(text, anchor)
    return Splice(at, at, f"{nl}{indent}{key}: {value}")


def _append_item(
    text: str,
    mapping: MappingNode,
    key: str,
    fields: list[tuple[str, str]],
    indent: str,
    nl: str,
) -> list[Splice]:
    """Add a mapping of ``fields`` as the last item of the list at ``key``, indented as its
    other items (or a new ``key:`` with the list, after the commitment's last line)."""
    found = entry(mapping, key)
    if found is None or _empty(found[1]):
        dash = len(indent) + 2
        lines = _item_lines(fields, dash, dash + 2)
        if found is None:
            at = line_end(text, content_end(text, mapping))
            block = f"{nl}{indent}{key}:" + "".join(nl + line for line in lines)
            return [Splice(at, at, block)]
        return _fill_empty(text, *found, lines, nl)
    value = found[1]
    if not isinstance(value, SequenceNode) or value.flow_style:
        raise CannotEdit(
            f"its {key} are written in brackets [ ] on one line; concordat adds to a list "
            "written one item per line, each starting with '- '"
        )
    last = value.value[-1]
    dash = dash_column(text, last)
    lines = _item_lines(fields, dash, column(text, last.start_mark.index))
    at = line_end(text, content_end(text, last))
    return [Splice(at, at, "".join(nl + line for line in lines))]


def _fill_empty(text: str, key: Node, value: Node, lines: list[str], nl: str) -> list[Splice]:
    """The items written under ``key:``, whose value was nothing or ``[]`` (removed); a
    comment after it stays on the key's line."""
    colon = text.index(":", key.end_mark.index) + 1
    at = line_end(text, colon)
    block = Splice(at, at, "".join(nl + line for line in lines))
    if isinstance(value, SequenceNode):  # `[]`
        return [Splice(colon, content_end(text, value), ""), block]
    return [block]


def _empty(node: Node) -> bool:
    """A key with nothing after it, or an empty list ``[]``."""
    if isinstance(node, ScalarNode):
        return node.value == "" and not node.style
    return isinstance(node, SequenceNode) and not node.value


def _item_lines(fields: list[tuple[str, str]], dash: int, key: int) -> list[str]:
    first, *rest = fields
    head = " " * dash + "-" + " " * max(1, key - dash - 1)
    return [f"{head}{first[0]}: {first[1]}", *(f"{' ' * key}{k}: {v}" for k, v in rest)]


def _merged(splices: list[Splice]) -> list[Splice]:
    """Insertions at the same place, in the order they were made."""
    out: list[Splice] = []
    for splice in splices:
        same = next(
            (i for i, s in enumerate(out) if s.start == s.end == splice.start == splice.end),
            None,
        )
        if same is None:
            out.append(splice)
        else:
            out[same] = Splice(splice.start, splice.end, out[same].new + splice.new)
    return out


# -- add ------------------------------------------------------------------------------------


def commitment_fields(request: AddRequest) -> list[tuple[str, str]]:
    return [
        ("id", f'"{request.id}"'),
        ("title", scalar(request.title)),
        ("theme", request.theme.value),
        ("owner", scalar(request.owner)),
        *([("partners", flow_list(list(request.partners)))] if request.partners else []),
        ("status", request.status.value),
        *([("start", request.start.isoformat())] if request.start else []),
        ("due", due_text(request.due)),
        *([("outcome", scalar(request.outcome))] if request.outcome else []),
        *([("reason", scalar(request.reason))] if request.reason else []),
    ]


def add_splices(
    text: str, root: Node | None, after: int | None, request: AddRequest
) -> list[Splice]:
    """The splice that writes ``request`` as a new item of the file's commitments list:
    after its item number ``after`` (else first), laid out as the items around it."""
    fields = commitment_fields(request)
    top = root if isinstance(root, MappingNode) else None
    found = entry(top, "commitments") if top is not None else None
    if found is None:
        raise CannotEdit("the file has no 'commitments:' list to add to")
    key, items = found
    nl = newline(text, key.start_mark.index)
    if _empty(items):
        return _fill_empty(text, key, items, _item_lines(fields, 2, 4), nl)
    if not isinstance(items, SequenceNode) or items.flow_style:
        raise CannotEdit("its commitments are not written as a list of items, one per '- '")
    model = items.value[after if after is not None else 0]
    dash = dash_column(text, model)
    lines = _item_lines(fields, dash, column(text, model.start_mark.index))
    gap = nl if _spaced(text, items) else ""
    block = "".join(nl + line for line in lines)
    if after is None:  # before the first item, at the start of its line
        at = line_start(text, model.start_mark.index)
        return [Splice(at, at, block.removeprefix(nl) + nl + gap)]
    at = line_end(text, content_end(text, model))
    return [Splice(at, at, gap + block)]


def _spaced(text: str, items: SequenceNode) -> bool:
    """Whether the file leaves a blank line between one commitment and the next."""
    for before, item in zip(items.value, items.value[1:], strict=False):
        between = text[content_end(text, before) : line_start(text, item.start_mark.index)]
        if re.search(r"(\r\n|\r|\n)[ \t]*(\r\n|\r|\n)", between):
            return True
    return False
