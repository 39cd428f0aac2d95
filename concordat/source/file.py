"""One data file as read: its text, its node tree, its plain data, and its problems.

The node tree is kept beside the plain data so that any problem found later, by the schema or
by a check, can be traced back to its line and column.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from concordat.diagnostics import Diagnostic, Position


@dataclass(frozen=True)
class UnreadItem:
    """An item of a top-level list that could not be read (a syntax error in it, or a
    character YAML refuses), and what a plain text search of its lines found."""

    key: str  # the top-level key whose list holds it: "commitments"
    id: str | None
    owner: str | None
    line: int  # its first line, as an editor counts them (from 1)
    start: int  # where its text starts and ends in the file's text
    end: int


@dataclass
class SourceFile:
    """One YAML file: its plain data, its node tree, and what went wrong reading it."""

    path: Path
    name: str  # the path shown to people, relative to where concordat was run
    root: Node | None = None
    data: Any = None
    #: The decoded text (without a byte-order mark), for checks that search the source.
    text: str | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: True when the file was read item by item (after a syntax error, or around a
    #: character YAML refuses): some items of the file are missing.
    partial: bool = False
    #: The items that could not be read, in the order they are written.
    unread: list[UnreadItem] = field(default_factory=list)

    def problem(
        self, code: str, message: str, where: Position | None, hint: str | None = None
    ) -> None:
        self.diagnostics.append(Diagnostic.at(code, message, self.name, where, hint))

    @property
    def unparsed_ids(self) -> set[str]:
        """The ids written in items that could not be read (found by a plain text search)."""
        return {item.id for item in self.unread if item.id is not None}

    @cached_property
    def line_starts(self) -> list[int]:
        return line_starts(self.text or "")

    def position_at(self, offset: int) -> Position:
        """The line and column of the character at ``offset`` in the file's text."""
        return offset_position(self.text or "", offset, self.line_starts)

    @cached_property
    def _index(self) -> Index:
        return {}

    def locate(self, path: Sequence[str | int], *, key: bool = False) -> Position | None:
        """The position of the value at ``path`` (or of its key), or its nearest ancestor."""
        if self.root is None:
            return None
        return position(locate(self.root, path, key=key, index=self._index))


def position(node: Node) -> Position:
    start, end = node.start_mark, node.end_mark
    return Position(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


#: What an editor, GitHub and git count as a line break: LF, CR, or a CR LF pair. YAML 1.1
#: also breaks lines at NEL (U+0085), LS (U+2028) and PS (U+2029), which an editor shows
#: inside a line; every position concordat reports counts lines as an editor does.
_BREAK = re.compile("\r\n|[\r\n]")
#: Every character libyaml's reader refuses anywhere in a file: C0 control characters but
#: tab, LF and CR; DEL; C1 control characters but NEL; surrogates; U+FFFE and U+FFFF.
REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
#: The line breaks only YAML counts: where they are, libyaml's line numbers drift.
YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")


def line_starts(text: str) -> list[int]:
    """Where each line of ``text`` starts, counting line breaks as an editor does."""
    return [0, *(found.end() for found in _BREAK.finditer(text))]


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` as an editor shows them, without their line breaks (one per
    entry of :func:`line_starts`)."""
    return _BREAK.split(text)


def offset_position(text: str, offset: int, starts: list[int] | None = None) -> Position:
    """The line and column of the character at ``offset`` (``starts``: ``line_starts(text)``,
    when it is already known)."""
    starts = line_starts(text) if starts is None else starts
    line = bisect_right(starts, offset)
    return Position(line, offset - starts[line - 1] + 1)


def byte_position(data: bytes, offset: int) -> Position:
    """The line and column, as an editor counts them, of the byte at ``offset`` in a file's
    raw bytes (a byte-order mark, which editors do not show, takes no column)."""
    head = data[:offset].removeprefix(codecs.BOM_UTF8)
    before = head.decode("utf-8", errors="replace")
    return offset_position(before, len(before))


def editor_mark(mark: Mark, starts: list[int], shift: int = 0) -> Mark:
    """``mark`` moved ``shift`` characters on, its line and column counted from its index
    in the text whose ``line_starts`` are ``starts``, as an editor counts them."""
    index = mark.index + shift
    line = bisect_right(starts, index) - 1
    return Mark(mark.name, index, line, index - starts[line], None, 0)


def place_marks(node: Node, starts: list[int], shift: int = 0) -> None:
    """Give every mark in the tree its line and column as an editor counts them (and move it
    ``shift`` characters on, for a part of a file parsed alone).

    libyaml's marks cannot be changed, so each is replaced by a new one (a mark shared by
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
                copy = moved[id(mark)] = editor_mark(mark, starts, shift)
            setattr(current, name, copy)
        if isinstance(current, SequenceNode):
            todo.extend(current.value)
        elif isinstance(current, MappingNode):
            for key, value in current.value:
                todo += (key, value)


#: Mappings with more keys than this are indexed the first time a key is looked up in them.
_SCAN_KEYS = 8
Index = dict[int, dict[str, tuple[Node, Node]]]


def locate(
    node: Node, path: Sequence[str | int], *, key: bool = False, index: Index | None = None
) -> Node:
    """Walk ``path`` (mapping keys and list indexes) from ``node`` as far as it exists.

    With ``index`` (kept by the caller for one tree), a large mapping is looked up through a
    table built once, so finding each of its keys in turn stays linear.
    """
    last = len(path) - 1
    for i, step in enumerate(path):
        if isinstance(node, MappingNode) and isinstance(step, str):
            found = _entry(node, step, index)
            if found is None:
                return node
            node = found[0] if (key and i == last) else found[1]
        elif isinstance(node, SequenceNode) and isinstance(step, int):
            if not 0 <= step < len(node.value):
                return node
            node = node.value[step]
        else:
            return node
    return node


def _entry(mapping: MappingNode, key: str, index: Index | None) -> tuple[Node, Node] | None:
    """The first ``key: value`` pair of ``mapping`` whose key is ``key``."""
    if index is None or len(mapping.value) <= _SCAN_KEYS:
        return next(
            ((k, v) for k, v in mapping.value if isinstance(k, ScalarNode) and k.value == key),
            None,
        )
    table = index.get(id(mapping))
    if table is None:
        table = index[id(mapping)] = {}
        for k, v in mapping.value:
            if isinstance(k, ScalarNode):
                table.setdefault(k.value, (k, v))
    return table.get(key)
