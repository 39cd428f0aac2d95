"""Facts both directions share: the RAG fill colours, and text made safe for a cell."""

from __future__ import annotations

import re

from concordat.safe import escaped, text_lines
from concordat.vocab import Status

#: What XML 1.0 (and so a workbook) cannot hold, beyond the control characters that
#: :func:`concordat.safe.text_lines` escapes already.
_NOT_XML = re.compile("[\ufffe\uffff\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")

#: Excel's limit on the characters in one cell.
CELL_LIMIT = 32_767

#: Each status's cell fill and the text colour drawn on it (contrast of 4.5:1 or more).
FILLS: dict[Status, tuple[str, str]] = {
    Status.NOT_STARTED: ("D9D9D9", "000000"),
    Status.ON_TRACK: ("00B050", "000000"),
    Status.AT_RISK: ("FFC000", "000000"),
    Status.OFF_TRACK: ("C00000", "FFFFFF"),
    Status.COMPLETE: ("0070C0", "FFFFFF"),
    Status.WITHDRAWN: ("262626", "FFFFFF"),  # black: grey is not started
}

#: What each status means, in the Key sheet.
MEANINGS: dict[Status, str] = {
    Status.NOT_STARTED: "Not started yet",
    Status.ON_TRACK: "Under way and on track",
    Status.AT_RISK: "Under way, at risk of missing its date",
    Status.OFF_TRACK: "Behind: will miss, or has missed, its date",
    Status.COMPLETE: "Delivered",
    Status.WITHDRAWN: "Stopped, removed, or merged into another action",
}


def cell_text(text: str) -> str:
    """Text from the data as a cell shows it: every personal identifier masked, control
    characters as visible escapes (line breaks kept), and no longer than a cell can hold.
    It is always written as a string cell, never as a formula, whatever it starts with."""
    shown = _NOT_XML.sub(lambda m: escaped(m.group()), "\n".join(text_lines(text)))
    if len(shown) > CELL_LIMIT:
        cut = len(shown) - (CELL_LIMIT - 40)
        shown = f"{shown[: CELL_LIMIT - 40]} ... ({cut} characters cut)"
    return shown
