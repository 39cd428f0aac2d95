"""Untrusted text on the way out: nothing from a data file may steer the terminal."""

from __future__ import annotations

import re

# C0 and C1 control characters (tab and newline included: one diagnostic is one line), DEL,
# and the Unicode bidirectional overrides that can make text read differently than it is.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control character shown as an escape such as ``\\x1b``."""
    return _UNSAFE.sub(_escape, text)
