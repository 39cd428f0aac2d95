"""Untrusted text on the way out: nothing from a data file may steer the terminal."""

from __future__ import annotations

import re

# C0 and C1 control characters (tab and newline included: one diagnostic is one line), DEL,
# and the Unicode bidirectional overrides that can make text read differently than it is.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def escaped(char: str) -> str:
    """One character as concordat writes it when it must not reach the output raw:
    ``\\x1b``, ``\\u200b``, ``\\U0001f691``."""
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str) -> str:
    """``text`` with every control character shown as an escape such as ``\\x1b``."""
    return _UNSAFE.sub(lambda match: escaped(match.group()), text)


def text_lines(text: str) -> list[str]:
    """``text`` split at its line breaks (CRLF, CR or LF), each line made printable: for
    formats that can show a line break as one (a table cell, a quoted CSV cell, ``<br>``)."""
    return [printable(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """A spreadsheet-safe cell: text that Excel would run as a formula is made inert.

    A leading ``'`` is the OWASP-recommended neutraliser; the csv module does the quoting.
    """
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return "\n".join(text_lines(text))


# Inside a table cell only inline syntax matters: emphasis, code, links and images, HTML,
# strikethrough, and the pipe that would end the cell. A backslash makes each of them literal.
# An `&` would start an entity (`&lt;` in the data would show as `<`): it is written `&amp;`.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~])")


# GitHub links what it reads as a link or a person (cmark-gfm's autolinks: https://x, www.x,
# a@b.org; GitHub's @mentions, found in the rendered text). An escape or an entity does not
# stop an email or a mention (cmark-gfm and GitHub decode them first); an element boundary
# does, and shows nothing: an empty span after the @, and in '://' and 'www.'.
_AUTOLINKS = re.compile(r"(@)(?=\w)|(:)(?=//)|\b(www)(?=\.)", re.IGNORECASE)


def md_cell(text: str) -> str:
    """Text for a Markdown table cell: every Markdown character escaped, one line, and
    nothing in it made a link or a mention."""
    flat = printable(" ".join(text.split()))
    escaped_text = _MARKDOWN_SPECIAL.sub(r"\\\1", flat).replace("&", "&amp;")
    return _AUTOLINKS.sub(lambda m: m.group() + "<span></span>", escaped_text)


_ESCAPED_PIPE = "\\|"  # a GitHub table ends a cell at any other |


def md_code(text: str) -> str:
    """Text as a code span in a Markdown table cell, shown exactly as written (after
    :func:`printable`): a fence longer than any run of backticks in it, and every ``|``
    escaped, as a GitHub table needs even inside code."""
    flat = printable(text)
    fence = "`" * (max((len(run) for run in re.findall("`+", flat)), default=0) + 1)
    # a code span drops one space at each end when both are there: pad what would be lost
    pad = " " if flat[:1] in ("`", " ") or flat[-1:] in ("`", " ") else ""
    body = flat.replace("|", _ESCAPED_PIPE)
    return f"{fence}{pad}{body}{pad}{fence}"
