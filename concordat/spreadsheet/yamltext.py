"""Values from a spreadsheet written as YAML that reads back as exactly the same text.

Plain where that is unambiguous to every YAML reader (``Norfolk County Council``), else
double-quoted with every character YAML would not keep as it is escaped: control
characters, line and paragraph separators, a byte-order mark, lone surrogates.
"""

from __future__ import annotations

import json
import re

#: Plain text that no YAML reader takes for anything else: it starts with a letter, holds
#: no ``:`` or ``#`` (no key, no comment), and is not a word YAML 1.1 reads as true/false/null.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.()'/&+%;?!-]*")
_RESERVED = frozenset(
    ["y", "n", "yes", "no", "on", "off", "true", "false", "null"]
)  # y and n: booleans to some YAML 1.1 readers
#: What YAML keeps as it is inside double quotes (its printable set, less its line breaks).
_KEPT = re.compile(
    "[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def scalar(text: str) -> str:
    """``text`` as a YAML scalar that reads back as exactly ``text``."""
    if (
        _PLAIN.fullmatch(text)
        and text == text.strip()
        and "  " not in text
        and text.lower() not in _RESERVED
    ):
        return text
    quoted = json.dumps(text, ensure_ascii=False)  # \" \\ \n \t \uXXXX: all YAML escapes too
    return _KEPT.sub(lambda m: _escape(m.group()), quoted)
