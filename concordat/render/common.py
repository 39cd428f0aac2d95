"""Pieces every text format shares: the JSON envelope, safe CSV, and dates in words.

Nothing here imports rich: JSON, CSV and Markdown are written without it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from concordat.dates import span
from concordat.safe import csv_cell, masked, md_cell, personal_data, text_lines

if TYPE_CHECKING:
    from concordat.views.status import CommitmentRow

#: The version of every JSON document concordat writes (validate, status, show, orgs and the
#: roll-up). Bumped when a field is removed or changes meaning; see docs/json.md.
JSON_VERSION = 2


def envelope(command: str, **fields: Any) -> dict[str, Any]:
    """A JSON document: ``"concordat"`` names the command, ``"version"`` the shape."""
    return {"concordat": command, "version": JSON_VERSION, **fields}


def json_text(document: dict[str, Any]) -> str:
    """The document as JSON, with every personal identifier in it masked (``safe.masked``):
    in every string, key and ten-digit number.

    A document is first written compactly (in C) and searched as one text, its escaped
    control characters read as line breaks: only a document where something turns up is
    walked string by string, which on a national roll-up would cost more than writing it.
    """
    compact = _CONTROL_ESCAPE.sub("\n", json.dumps(document, ensure_ascii=False))
    if personal_data(compact) or _WHOLE_FLOAT.search(compact):
        document = _masked(document)
    return json.dumps(document, indent=2) + "\n"


#: A float with ten digits before ``.0``: a measure's value that may be an NHS number, which
#: the detector does not take for one (in text a dot and a digit continue a figure).
_WHOLE_FLOAT = re.compile(r"\d{10}\.0(?![\d.eE])")
_CONTROL_ESCAPE = re.compile(r"\\(?:[bfnrt]|u00[01][0-9a-fA-F])")


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return masked(value)
    if isinstance(value, dict):
        return {_masked(k): _masked(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        whole = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        whole = value
    else:
        return value
    if 10**9 <= abs(whole) < 10**10:  # a measure's value that is an NHS number
        shown = masked(str(whole))
        return value if shown == str(whole) else shown
    return value


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """CSV for spreadsheets: a UTF-8 byte-order mark first (Excel reads the file as UTF-8
    only with it), CRLF between rows, line breaks inside a cell kept (the cell is quoted),
    every cell made formula-safe."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return out.getvalue()


def md_lines(text: str) -> str:
    """Text for a Markdown table cell with its line breaks kept, as ``<br>``."""
    return "<br>".join(md_cell(line) for line in text_lines(text))


def plural(count: int, noun: str, plural_noun: str | None = None) -> str:
    """'1 commitment', '3 commitments', '1,200 areas'."""
    word = noun if count == 1 else (plural_noun or noun + "s")
    return f"{count:,} {word}"


def due_words(row: CommitmentRow) -> str:
    """'3 weeks overdue', 'in 12 days', 'due today', or '' when the work is closed."""
    if not row.status.is_open:
        return ""
    days = row.days_to_due
    if days < 0:
        return f"{span(days)} overdue"
    if days == 0:
        return "due today"
    return f"in {span(days)}"


def updated_words(row: CommitmentRow) -> str:
    days = row.days_since_update
    if days is None:
        return "never"
    if days == 0:
        return "today"
    return f"{span(days)} ago"
