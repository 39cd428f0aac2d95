"""Y010 and Y011: free text that YAML reads differently from how it looks.

YAML reads ' #' as the start of a comment, so `note: Suite #2 closed for a deep clean` is the
note "Suite", and the rest of the line is silently dropped; so is a wrapped line of text
that starts with '#'. A comment after an id, a date or another structured value is fine;
after free text (a title, a note, a reason, a name) it is almost always text that was lost
(Y010). In double quotes a backslash starts an escape, so "S:\teams\new" holds a tab and a
line break, not a path (Y011).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from yaml.nodes import ScalarNode

from concordat.characters import visible
from concordat.checks.freetext import free_text
from concordat.diagnostics import Diagnostic

if TYPE_CHECKING:
    from concordat.area import Area
    from concordat.config import Settings
    from concordat.source import SourceFile


_ESCAPES = {"t": "a tab", "n": "a line break", "r": "a carriage return", "b": "a backspace",
            "f": "a form feed", "v": "a vertical tab", "a": "a bell", "e": "an escape",
            "0": "a NUL", "N": "a next-line", "_": "a non-breaking space"}  # fmt: skip
_ESCAPE = re.compile(r"\\(.)")


def check(area: Area, settings: Settings) -> Iterator[Diagnostic]:
    for file in area.files:
        text = file.text
        if file.root is None or text is None or ("#" not in text and "\\" not in text):
            continue
        for node in free_text(file.root):
            if not node.style:  # plain
                yield from _comment(file, text, node)
            elif node.style == '"' and "\\" in text[node.start_mark.index : node.end_mark.index]:
                yield from _escape(file, text, node)


def _comment(file: SourceFile, text: str, node: ScalarNode) -> Iterator[Diagnostic]:
    """Y010 where a comment starts on the value's last line, or on the line after it
    indented as a continuation of it."""
    end = node.end_mark.index
    line_end = _line_end(text, end)
    rest = text[end : len(text) if line_end < 0 else line_end]
    stripped = rest.lstrip(" \t")
    if stripped.startswith("#") and stripped != rest:
        value = visible(node.value)
        shown = (value[:40] + "…") if len(value) > 40 else value
        yield Diagnostic.at(
            "Y010",
            f"a comment starts here, so the text is read as '{shown}' and the rest of the "
            "line is dropped"
            if node.value
            else "a comment starts here, so the value is empty and the rest of the line is dropped",
            file.name,
            file.position_at(end + len(rest) - len(stripped)),
            _QUOTE_IT,
        )
        return
    if line_end < 0 or not node.value:
        return
    next_start = line_end + (2 if text.startswith("\r\n", line_end) else 1)
    next_end = _line_end(text, next_start)
    following = text[next_start : len(text) if next_end < 0 else next_end]
    line_start = max(
        text.rfind("\n", 0, node.start_mark.index), text.rfind("\r", 0, node.start_mark.index)
    )
    key_line = text[line_start + 1 : node.start_mark.index]
    key_indent = len(key_line) - len(key_line.lstrip(" "))
    continued = following.lstrip(" ")
    if continued.startswith("#") and len(following) - len(continued) > key_indent:
        yield Diagnostic.at(
            "Y010",
            "this line continues the text above but starts with '#', so YAML reads it as a "
            "comment and drops it",
            file.name,
            file.position_at(next_start + len(following) - len(continued)),
            _QUOTE_IT,
        )


def _line_end(text: str, start: int) -> int:
    """Where the line holding ``start`` ends (at an LF, a CR or a CR LF), or -1 at the end
    of the file."""
    ends = [i for i in (text.find("\n", start), text.find("\r", start)) if i >= 0]
    return min(ends, default=-1)


_QUOTE_IT = (
    "put the whole text in quotes to keep the '#' and what follows it; or, if it is a "
    "comment, move it to a line of its own"
)


def _escape(file: SourceFile, text: str, node: ScalarNode) -> Iterator[Diagnostic]:
    """Y011 for the first backslash escape in double quotes that makes a control character."""
    start = node.start_mark.index
    raw = text[start : node.end_mark.index]
    for match in _ESCAPE.finditer(raw):
        meaning = _ESCAPES.get(match.group(1))
        if meaning is None:
            continue
        yield Diagnostic.at(
            "Y011",
            f"in double quotes '\\{match.group(1)}' is {meaning}, not a backslash and a "
            f"'{match.group(1)}'",
            file.name,
            file.position_at(start + match.start()),
            "to keep the backslash (a Windows path, say), put the text in single quotes "
            "instead, or write each backslash twice",
        )
        return
