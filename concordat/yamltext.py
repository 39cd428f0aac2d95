"""Values written into a YAML file so that they read back exactly as typed or as a cell
held them: by ``update`` and ``add`` (:mod:`concordat.edit`) and by ``import``
(:mod:`concordat.spreadsheet`).

A value is written plain when YAML reads the plain text back as the same text (no ``#``
after a space, no ``: ``, nothing YAML would read as a number, a date or true/false); in
double quotes (single quotes when it holds a quote or a backslash) when it is one line of
characters YAML keeps as they are; otherwise in double quotes with escapes (line breaks,
tabs, control characters, line and paragraph separators, a byte-order mark, U+FFFE and
U+FFFF, lone surrogates, and bidi controls and zero-width characters, which a reviewer of
the diff could not see). Always on one line.
"""

from __future__ import annotations

import json
import re

import yaml

#: What YAML does not keep as it is inside quotes (outside its printable set, or one of its
#: line breaks): written as an escape, in double quotes.
_NEEDS_ESCAPES = re.compile(
    "[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
    # and what a reviewer of the diff could not see: bidi controls (which can make text
    # read in another order), zero-width characters and invisible joiners
    "|[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069]"
)
#: The start of a plain value YAML reads as something else, or where concordat warns.
_PLAIN_START = re.compile(r"""[-?:,\[\]{}#&*!|>'"%@`\s]""")

try:  # libyaml's loader, as the rest of concordat reads with
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader


def scalar(value: str) -> str:
    """``value`` as a YAML scalar on one line that reads back as exactly ``value``."""
    if _plain(value):
        return value
    if not _NEEDS_ESCAPES.search(value):
        if '"' not in value and "\\" not in value:
            return f'"{value}"'  # as the files quote ids: "2.1"
        return "'" + value.replace("'", "''") + "'"  # a backslash stays a backslash
    quoted = json.dumps(value, ensure_ascii=False)  # \" \\ \n \t \uXXXX: YAML escapes too
    return _NEEDS_ESCAPES.sub(lambda found: _escape(found.group()), quoted)


def _plain(value: str) -> bool:
    if not value or value != value.strip() or _PLAIN_START.match(value):
        return False
    if " #" in value or ": " in value or value.endswith(":") or _NEEDS_ESCAPES.search(value):
        return False
    try:
        read: object = yaml.load(f"k: {value}\n", Loader=_Loader)
    except yaml.YAMLError:
        return False
    return read == {"k": value}


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def flow_list(words: list[str]) -> str:
    """``[a, b]`` of values that are each written as :func:`scalar` writes them."""
    return "[" + ", ".join(scalar(word) for word in words) + "]"
