"""After a syntax error, read each item of the file's top-level lists on its own.

A broken commitment then costs only itself: its syntax error is reported at its place and
every other item is still read and checked. The file is cut into items by their ``- `` lines;
the rest (the top-level keys) is parsed with the items blanked out, and each item is parsed
alone, its positions then moved to where it stands in the file. Every step is linear in the
size of the file. A file that is not a mapping of lists gets the parser's own error instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from concordat.source.compose import SEQ_TAG, Loader, compose, syntax_problem
from concordat.source.file import SourceFile, line_starts, place_marks, split_lines

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
        starts = line_starts(text)  # lines as an editor counts them: LF, CR or CR LF
        lines = split_lines(text)
        items = _items(lines)
        root = _header(text, starts, items) if items else None
        if root is not None and _read_items(source, text, starts, lines, items, root):
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


def _span(text: str, starts: list[int], item: _Item) -> tuple[int, int]:
    """Where the item's text starts and ends in the file, line breaks and all."""
    return starts[item.first], starts[item.end] if item.end < len(starts) else len(text)


_NOT_A_BREAK = re.compile("[^\r\n]")


def _header(text: str, starts: list[int], items: list[_Item]) -> MappingNode | None:
    """The file with every item blanked out, parsed: its top-level keys, lists now empty.

    Each character of an item becomes a space, so every other character keeps its index in
    the file (checks that search the file's text by a node's index find the right text).
    """
    pieces: list[str] = []
    done = 0
    for item in items:
        begin, end = _span(text, starts, item)
        pieces += (text[done:begin], _NOT_A_BREAK.sub(" ", text[begin:end]))
        done = end
    pieces.append(text[done:])
    try:
        root = yaml.compose("".join(pieces), Loader=Loader)
    except yaml.YAMLError:
        return None
    if not isinstance(root, MappingNode):
        return None
    place_marks(root, starts)
    return root


def _read_items(
    source: SourceFile,
    text: str,
    starts: list[int],
    lines: list[str],
    items: list[_Item],
    root: MappingNode,
) -> bool:
    """Parse each item alone and put those that parse back into ``root``'s lists.

    False when every item parses (the error lies between items, not in one), or when an
    item's list is not among the keys the rest of the file was read with.
    """
    found: dict[str, list[Node]] = {item.key: [] for item in items}
    if not set(found) <= {k.value for k, _ in root.value if isinstance(k, ScalarNode)}:
        return False
    problems_before = len(source.diagnostics)
    for item in items:
        begin, finish = _span(text, starts, item)
        node = _read_item(source, text[begin:finish], item.first)
        if node is None:
            ids = map(_ID_LINE.match, lines[item.first : item.end])
            source.unparsed_ids.update(m.group(1) for m in ids if m)
        elif isinstance(node, SequenceNode):
            place_marks(node, starts, begin)
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
