"""Where things are in a data file's text, from the node tree the loader kept, and splicing
new text in at those places.

Every position here is an index into the file's decoded text (the loader's marks count
characters from the start, whatever the line breaks), so a splice replaces exactly the
characters of one value, or inserts whole lines after one, and nothing else moves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_BREAK = re.compile("\r\n|[\r\n]")


@dataclass(frozen=True)
class Splice:
    """Replace ``text[start:end]`` with ``new`` (``start == end``: insert)."""

    start: int
    end: int
    new: str


def apply(text: str, splices: Iterable[Splice]) -> str:
    """``text`` with every splice made; they must not overlap."""
    pieces: list[str] = []
    at = 0
    for splice in sorted(splices, key=lambda s: (s.start, s.end)):
        if splice.start < at:
            raise ValueError("overlapping edits")
        pieces += (text[at : splice.start], splice.new)
        at = splice.end
    pieces.append(text[at:])
    return "".join(pieces)


def line_start(text: str, index: int) -> int:
    return max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1


def line_end(text: str, index: int) -> int:
    """Where the line holding ``index`` ends: at its line break, or at the end of the text."""
    found = _BREAK.search(text, index)
    return len(text) if found is None else found.start()


def column(text: str, index: int) -> int:
    return index - line_start(text, index)


def newline(text: str, index: int = 0) -> str:
    """The line break used at or after ``index`` (else the file's first; else LF)."""
    found = _BREAK.search(text, index) or _BREAK.search(text)
    return "\n" if found is None else found.group()


def entry(mapping: MappingNode, key: str) -> tuple[Node, Node] | None:
    """The ``key: value`` pair of ``mapping`` whose key is ``key``."""
    for k, v in mapping.value:
        if isinstance(k, ScalarNode) and k.value == key:
            return k, v
    return None


def content_end(text: str, node: Node) -> int:
    """The index just after the last character written for ``node`` (not the comments and
    blank lines after it, which YAML's marks include for a block)."""
    if isinstance(node, MappingNode) and node.value and not node.flow_style:
        key, value = node.value[-1]
        return max(content_end(text, key), content_end(text, value))
    if isinstance(node, SequenceNode) and node.value and not node.flow_style:
        return content_end(text, node.value[-1])
    if isinstance(node, ScalarNode) and node.style in ("|", ">"):
        return _block_scalar_end(text, node)
    if isinstance(node, ScalarNode) and node.value == "" and not node.style:
        return node.start_mark.index  # nothing written after the key's colon
    return node.end_mark.index


def _block_scalar_end(text: str, node: ScalarNode) -> int:
    """The end of a ``|`` or ``>`` value's last line of content: its lines are those indented
    further than its first, up to a line (a comment too) indented less."""
    end = line_end(text, node.start_mark.index)
    last = end
    indent: int | None = None
    while end < len(text):
        start = end + (2 if text.startswith("\r\n", end) else 1)
        end = line_end(text, start)
        line = text[start:end]
        if not line.strip():
            continue
        width = len(line) - len(line.lstrip(" "))
        if indent is None:
            indent = width
        if width < indent:
            break
        last = end
    return last


def dash_column(text: str, item: Node) -> int:
    """The column of the ``-`` that starts the list item ``item``."""
    index = item.start_mark.index
    start = line_start(text, index)
    dash = text.rfind("-", start, index)
    return column(text, dash) if dash >= 0 else column(text, index)
