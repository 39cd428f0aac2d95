"""Values written into a YAML file so that they read back exactly as typed.

A value is written plain when YAML reads the plain text back as the same text (no ``#``
after a space, no ``: ``, nothing YAML would read as a number, a date or true/false), in
single quotes when it is one line of ordinary characters, and in double quotes with escapes
otherwise (line breaks, tabs, control and invisible characters), always on one line.
"""

from __future__ import annotations

import re

import yaml

#: Characters that cannot stand for themselves inside single quotes on one line: line
#: breaks (YAML also breaks at NEL, LS and PS), tabs, other controls, a byte-order mark.
_NEEDS_ESCAPES = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")
#: The start of a plain value YAML reads as something else, or where concordat warns.
_PLAIN_START = re.compile(r"""[-?:,\[\]{}#&*!|>'"%@`\s]""")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}

try:  # libyaml's loader, as the rest of concordat reads with
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader


def scalar(value: str) -> str:
    """``value`` as a YAML scalar on one line that reads back as exactly ``value``."""
    if _plain(value):
        return value
    if not _NEEDS_ESCAPES.search(value):
        return "'" + value.replace("'", "''") + "'"
    return '"' + "".join(_escape(char) for char in value) + '"'


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
    if char in _ESCAPES:
        return _ESCAPES[char]
    if _NEEDS_ESCAPES.match(char):
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


def flow_list(words: list[str]) -> str:
    """``[a, b]`` of values that are each written as :func:`scalar` writes them."""
    return "[" + ", ".join(scalar(word) for word in words) + "]"
