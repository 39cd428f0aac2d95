"""Y010: a comment that starts inside a line of free text.

YAML reads ' #' as the start of a comment, so `note: Suite #2 closed for a deep clean` is the
note "Suite", and the rest of the line is silently dropped. A comment after an id, a date or
another structured value is fine; after free text (a title, a note, a reason, a name) it is
almost always text that was lost.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from concordat.checks.freetext import free_text
from concordat.diagnostics import Diagnostic

if TYPE_CHECKING:
    from concordat.area import Area
    from concordat.config import Settings


def check(area: Area, settings: Settings) -> Iterator[Diagnostic]:
    for file in area.files:
        text = file.text
        if file.root is None or text is None or (" #" not in text and "\t#" not in text):
            continue
        for node in free_text(file.root):
            if node.style:  # quoted or a block: a '#' inside it is text
                continue
            end = node.end_mark.index
            line_end = text.find("\n", end)
            rest = text[end : len(text) if line_end < 0 else line_end]
            stripped = rest.lstrip(" \t")
            if not stripped.startswith("#") or stripped == rest:
                continue
            where = file.position_at(end + len(rest) - len(stripped))
            shown = (node.value[:40] + "…") if len(node.value) > 40 else node.value
            yield Diagnostic.at(
                "Y010",
                f"a comment starts here, so the text is read as '{shown}' and the rest of "
                "the line is dropped"
                if node.value
                else "a comment starts here, so the value is empty and the rest of the line "
                "is dropped",
                file.name,
                where,
                "put the whole text in quotes to keep the '#' and what follows it; or, if it "
                "is a comment, move it to a line of its own",
            )
