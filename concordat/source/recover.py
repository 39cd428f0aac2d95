"""After a syntax error, read each item of the file's top-level lists on its own.

A broken commitment then costs only itself: its syntax error is reported at its place and
every other item is still read and checked. A character YAML refuses anywhere (a control
character such as BEL or ESC, pasted in by accident) costs only the item it is in, likewise:
that item is reported once, at the character, and not read (:func:`around_refused`).

The file is cut into items by their ``- `` lines; the rest (the top-level keys) is parsed
with the items blanked out, and each item is parsed alone, its positions then moved to where
it stands in the file. Every step is linear in the size of the file. A file that is not a
mapping of lists gets the parser's own error instead.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from concordat.source.compose import SEQ_TAG, Loader, compose, syntax_problem
from concordat.source.file import (
    REFUSED,
    SourceFile,
    UnreadItem,
    line_starts,
    offset_position,
    place_marks,
    split_lines,
)

_TOP_KEY = re.compile(r"^[^\s#\-][^:#]*:(\s|$)")
_ITEM = re.compile(r"^( *)-(?: |$)")
#: An id in a line of an item that could not be parsed: `- id: x`, `"id": x`, `- {id: x, ...`.
_ID_LINE = re.compile(r"^ *(?:- +)?(?:\{ *)?['\"]?id['\"]? *: *['\"]?([^'\"\s#,}]+)")
#: An owner in such a line: `owner: nsft`, `- owner: nsft`.
_OWNER_LINE = re.compile(r"^ *(?:- +)?['\"]?owner['\"]? *: *['\"]?([^'\"\s#,}]+)")


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


def around_refused(source: SourceFile, text: str, refused: list[int]) -> Node | None:
    """The file's tree without the items that hold a character YAML refuses.

    ``refused`` is where each such character is in ``text``, in order. Each item that holds
    one is reported once, at its first, and is not read; every other item is read alone, as
    after a syntax error (so a syntax error in another item is reported too). One in a
    comment line (a line that starts with ``#``, which is not inside a value) is reported
    and costs nothing, since a comment holds no data: it is read as a space. None when one
    lies elsewhere outside every item (in a top-level value), or the file is not a mapping of
    lists: then the file is not read, and its first one is reported.
    """
    starts = line_starts(text)
    lines = split_lines(text)
    items = _items(lines)
    spans = [_span(text, starts, item) for item in items]
    held: dict[int, list[int]] = {}  # item -> the refused characters in it
    commented: dict[int, list[int]] = {}  # item (-1 outside every item) -> those in comments
    index = 0
    for offset in refused:  # both in order: one pass
        while index < len(spans) and spans[index][1] <= offset:
            index += 1
        item = index if index < len(spans) and spans[index][0] <= offset else -1
        if lines[bisect_right(starts, offset) - 1].lstrip().startswith("#"):
            commented.setdefault(item, []).append(offset)
        elif item >= 0:
            held.setdefault(item, []).append(offset)
        else:
            _refused_problem(source, text, starts, [offset])
            return None
    for item, found in held.items():  # an item not read: its first, wherever it is
        held[item] = sorted(found + commented.pop(item, []))
    # each in a comment line becomes a space, so every other character keeps its place
    readable = _blanked(text, sorted(o for found in commented.values() for o in found))
    root = _header(readable, starts, items) if items else None
    if root is None or _in_a_value(root, commented.get(-1, [])):
        _refused_problem(source, text, starts, refused[:1])
        return None
    if not _read_items(source, readable, starts, lines, items, root, (held, commented, text)):
        _refused_problem(source, text, starts, refused[:1])
        return None
    for found in commented.get(-1, []), *(commented[i] for i in commented if i not in held):
        line = 0
        for offset in found:  # one message for each comment line
            if bisect_right(starts, offset) != line:
                line = bisect_right(starts, offset)
                _refused_problem(source, text, starts, [offset])
    source.partial = bool(source.unread)
    return root


def _in_a_value(node: Node, offsets: list[int], shift: int = 0) -> bool:
    """Whether any of ``offsets`` (in the file; the tree's marks are ``shift`` before them)
    lies inside a scalar of the tree: a line starting with ``#`` in a block of text."""
    if not offsets:
        return False
    scalars: list[tuple[int, int]] = []
    todo = [node]
    while todo:  # a stack, not recursion: the tree may be deep
        current = todo.pop()
        if isinstance(current, ScalarNode):
            scalars.append((current.start_mark.index + shift, current.end_mark.index + shift))
        elif isinstance(current, SequenceNode):
            todo.extend(current.value)
        elif isinstance(current, MappingNode):
            todo.extend(part for pair in current.value for part in pair)
    scalars.sort()
    begins = [begin for begin, _ in scalars]
    for offset in offsets:
        i = bisect_right(begins, offset) - 1
        if i >= 0 and offset < scalars[i][1]:
            return True
    return False


def _blanked(text: str, offsets: list[int]) -> str:
    """``text`` with a space for the character at each of ``offsets`` (in order)."""
    pieces: list[str] = []
    done = 0
    for offset in offsets:
        pieces += (text[done:offset], " ")
        done = offset + 1
    pieces.append(text[done:])
    return "".join(pieces)


def _refused_problem(source: SourceFile, text: str, starts: list[int], found: list[int]) -> None:
    """One Y001 at the first of ``found``, the refused characters of one item (or file)."""
    char = ord(text[found[0]])
    more = len(found) - 1
    also = f" ({more:,} more in this entry)" if more else ""
    source.problem(
        "Y001",
        f"U+{char:04X} is a control character, which YAML does not allow{also}",
        offset_position(text, found[0], starts),
        "delete it; it was probably pasted in by accident",
    )


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
    refused: tuple[dict[int, list[int]], dict[int, list[int]], str] | None = None,
) -> bool:
    """Parse each item alone and put those that parse back into ``root``'s lists.

    ``refused``, around characters YAML refuses: the items that hold one (by index, with
    where each is), which are reported instead; the items that hold one only in comment
    lines, read with each blanked out (in ``text``) unless one lies inside a value; and the
    file's own text, to report them from.

    False when an item's list is not among the keys the rest of the file was read with, or,
    after a syntax error (``refused`` None), when every item parses: the error lies between
    items, not in one.
    """
    found: dict[str, list[Node]] = {item.key: [] for item in items}
    if not set(found) <= {k.value for k, _ in root.value if isinstance(k, ScalarNode)}:
        return False
    problems_before = len(source.diagnostics)
    held, commented, original = refused if refused is not None else ({}, {}, text)
    for index, item in enumerate(items):
        begin, finish = _span(text, starts, item)
        node = None
        if index in held:
            _refused_problem(source, original, starts, held[index])
        else:
            node = _read_item(source, text[begin:finish], item.first)
            if node is not None and _in_a_value(node, commented.get(index, []), begin):
                _refused_problem(source, original, starts, commented[index])
                held[index], node = commented[index], None
        if node is None:
            source.unread.append(_unread(item, lines, begin, finish))
        elif isinstance(node, SequenceNode):
            place_marks(node, starts, begin)
            found[item.key].extend(node.value)
    if refused is None and len(source.diagnostics) == problems_before:
        return False
    for index, (key_node, value_node) in enumerate(root.value):
        if isinstance(key_node, ScalarNode) and key_node.value in found:
            nodes = found[key_node.value]
            start = nodes[0].start_mark if nodes else value_node.start_mark
            end = nodes[-1].end_mark if nodes else value_node.end_mark
            root.value[index] = (key_node, SequenceNode(SEQ_TAG, nodes, start, end))
    return True


def _unread(item: _Item, lines: list[str], begin: int, end: int) -> UnreadItem:
    """What a plain text search finds of an item that could not be read: its id and owner,
    as meant (without a character YAML refuses, reported at its place)."""
    written = [REFUSED.sub("", line) for line in lines[item.first : item.end]]
    ids = (m.group(1) for m in map(_ID_LINE.match, written) if m)
    owners = (m.group(1) for m in map(_OWNER_LINE.match, written) if m)
    return UnreadItem(item.key, next(ids, None), next(owners, None), item.first + 1, begin, end)


def _read_item(source: SourceFile, part: str, first_line: int) -> Node | None:
    """One item's tree, through the same guards as a whole file; None when it is refused or
    does not parse (reported)."""
    try:
        return compose(source, part, first_line)
    except yaml.MarkedYAMLError as error:
        syntax_problem(source, part, error, first_line)
        return None
