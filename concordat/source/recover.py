"""After a syntax error, read each item of the file's top-level lists on its own.

A broken commitment then costs only itself: its syntax error is reported at its place and
every other item is still read and checked. The file is cut into items by their ``- `` lines;
the rest (the top-level keys) is parsed with the items blanked out, and each item is parsed
alone, its positions then moved to where it stands in the file. Every step is linear in the
size of the file. A file that is not a mapping of lists gets the parser's own error instead.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

import yaml
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from concordat.source.compose import SEQ_TAG, Loader, compose, syntax_problem
from concordat.source.file import SourceFile, line_starts

_TOP_KEY = re.compile(r"^[^\s#\-][^:#]*:(\s|$)")
_ITEM = re.compile(r"^( *)-(?: |$)")
#: An id in a line of an item that could not be parsed: `- id: x`, `"id": x`, `- {id: x, ...`.
_ID_LINE = re.compile(r"^ *(?:- +)?(?:\{ *)?['\"]?id['\"]? *: *['\"]?([^'\"\s#,}]+)")


@dataclass(frozen=True)
class _Item:
    """The lines of one list item: ``first`` up to, not including, ``end`` (from 0)."""

    key: str  # the top-level key whose list holds it
    first: int
    end: int


def recover(source: SourceFile, text: str, error: yaml.MarkedYAMLError) -> Node | None:
    """The file's tree holding only the items that parse, each error reported at its place.

    None when the file cannot be read item by item; the original error is then reported.
    """
    if not isinstance(error, yaml.composer.ComposerError):
        lines = text.split("\n")
        items = _items(lines)
        root = _header(lines, items) if items else None
        if root is not None and _read_items(source, text, lines, items, root):
            source.partial = True
            return root
    syntax_problem(source, text, error)
    return None


def _items(lines: list[str]) -> list[_Item]:
    """Every item of a top-level list: it ends where the next item or top-level key starts."""
    items: list[_Item] = []
    key: str | None = None
    indent: int | None = None
    open_item: tuple[str, int] | None = None  # the item not yet ended: its key and first line
    for number, line in enumerate(lines):
        if _TOP_KEY.match(line):
            if open_item is not None:
                items.append(_Item(*open_item, number))
                open_item = None
            key, indent = line.split(":", 1)[0].strip().strip("'\""), None
            continue
        match = _ITEM.match(line)
        if key is None or match is None:
            continue
        if indent is None:
            indent = len(match.group(1))
        if len(match.group(1)) == indent:
            if open_item is not None:
                items.append(_Item(*open_item, number))
            open_item = (key, number)
    if open_item is not None:
        items.append(_Item(*open_item, len(lines)))
    return items


def _header(lines: list[str], items: list[_Item]) -> MappingNode | None:
    """The file with every item blanked out, parsed: its top-level keys, lists now empty."""
    header = list(lines)
    for item in items:
        header[item.first : item.end] = [""] * (item.end - item.first)
    try:
        root = yaml.compose("\n".join(header), Loader=Loader)
    except yaml.YAMLError:
        return None
    return root if isinstance(root, MappingNode) else None


def _read_items(
    source: SourceFile, text: str, lines: list[str], items: list[_Item], root: MappingNode
) -> bool:
    """Parse each item alone and put those that parse back into ``root``'s lists.

    False when every item parses (the error lies between items, not in one), or when an
    item's list is not among the keys the rest of the file was read with.
    """
    found: dict[str, list[Node]] = {item.key: [] for item in items}
    if not set(found) <= {k.value for k, _ in root.value if isinstance(k, ScalarNode)}:
        return False
    starts = [0, *accumulate(len(line) + 1 for line in lines)]
    problems_before = len(source.diagnostics)
    for item, line in zip(items, _lines_before(text, starts, items), strict=True):
        part = "\n".join(lines[item.first : item.end])
        node = _read_item(source, part, line)
        if node is None:
            ids = map(_ID_LINE.match, lines[item.first : item.end])
            source.unparsed_ids.update(m.group(1) for m in ids if m)
        elif isinstance(node, SequenceNode):
            _move(node, line, starts[item.first])
            found[item.key].extend(node.value)
    if len(source.diagnostics) == problems_before:
        return False
    for index, (key_node, value_node) in enumerate(root.value):
        if isinstance(key_node, ScalarNode) and key_node.value in found:
            nodes = found[key_node.value]
            start = nodes[0].start_mark if nodes else value_node.start_mark
            end = nodes[-1].end_mark if nodes else value_node.end_mark
            root.value[index] = (key_node, SequenceNode(SEQ_TAG, nodes, start, end))
    return True


def _read_item(source: SourceFile, part: str, first_line: int) -> Node | None:
    """One item's tree, through the same guards as a whole file; None when it is refused or
    does not parse (reported)."""
    try:
        return compose(source, part, first_line)
    except yaml.MarkedYAMLError as error:
        syntax_problem(source, part, error, first_line)
        return None


def _lines_before(text: str, starts: list[int], items: list[_Item]) -> list[int]:
    """How many lines, as YAML counts them, come before each item. That is its first line's
    index, unless the text holds a lone CR, NEL or a Unicode line separator."""
    if not any(c in text for c in "\x85\u2028\u2029") and text.count("\r") == text.count("\r\n"):
        return [item.first for item in items]
    yaml_starts = line_starts(text)
    return [bisect_right(yaml_starts, starts[item.first]) - 1 for item in items]


def _move(node: Node, lines: int, chars: int) -> None:
    """Shift every position in the tree by ``lines`` lines and ``chars`` characters.

    libyaml's marks cannot be changed, so each is replaced by a moved copy (a mark shared by
    two nodes stays shared).
    """
    moved: dict[int, Mark] = {}
    todo = [node]
    while todo:
        current = todo.pop()
        for name in ("start_mark", "end_mark"):
            mark = getattr(current, name)
            copy = moved.get(id(mark))
            if copy is None:
                copy = Mark(mark.name, mark.index + chars, mark.line + lines, mark.column, None, 0)
                moved[id(mark)] = copy
            setattr(current, name, copy)
        if isinstance(current, SequenceNode):
            todo.extend(current.value)
        elif isinstance(current, MappingNode):
            for key, value in current.value:
                todo += (key, value)
