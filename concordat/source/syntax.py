"""A YAML syntax error in a coordinator's words: where the mistake is, what it is, what to do.

The parser names a problem where it noticed it, which is often not where the mistake is: a
missing colon is noticed on the next line, an unclosed quote at the end of the file. Each rule
here recognises one kind of mistake from the parser's words and the text around it, and says
where it is and what to do, without the parser's vocabulary. What no rule recognises is still
reported, with the parser's own words marked as such and a hint of what usually causes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from concordat.diagnostics import Position

#: Characters YAML gives a meaning at the start of a value, and what that meaning is.
_SPECIAL_START = {
    "[": "a list",
    "{": "a mapping",
    "*": "an alias (a reference to another part of the file)",
    "&": "an anchor (a name for a part of the file)",
    "!": "a tag (a type for the value)",
    "%": "a directive to the YAML reader",
    "|": "the start of a block of text on the lines below",
    ">": "the start of a block of text on the lines below",
    "-": "a list item",
    "?": "a complex key",
}
_FIELD_LINE = re.compile(r"^(\s*)(?:- +)?([A-Za-z_][\w-]*):( |\u00a0|\t)?(.?)")
_VALUE_START = re.compile(r"^\s*(?:- +)?[A-Za-z_][\w-]*: +(\S)")


@dataclass(frozen=True)
class Explained:
    where: Position | None
    message: str
    hint: str | None


def explain(text: str, error: yaml.MarkedYAMLError, first_line: int = 0) -> Explained:
    """Where the mistake behind ``error`` is, in ``text`` (which starts ``first_line`` lines
    into the file), and what it is in plain words."""
    lines = text.split("\n")
    for rule in _RULES:
        found = rule(_Error(error, lines, first_line))
        if found is not None:
            return found
    return _Error(error, lines, first_line).fallback()


class _Error:
    """The parser's error with the lines it was found in, and ways to look at them."""

    def __init__(self, error: yaml.MarkedYAMLError, lines: list[str], first_line: int) -> None:
        self.error = error
        self.problem = (error.problem or "").strip()
        self.context = (error.context or "").strip()
        self.lines = lines
        self.first_line = first_line
        self.mark = error.problem_mark or error.context_mark

    def line(self, mark: yaml.Mark | None = None) -> str:
        mark = mark or self.mark
        if mark is None or not 0 <= mark.line < len(self.lines):
            return ""
        return self.lines[mark.line].rstrip("\r")

    def at(self, mark: yaml.Mark | None, column: int | None = None) -> Position | None:
        """A 1-based position in the file, at ``column`` (0-based) of the mark's line."""
        if mark is None:
            return None
        line = min(mark.line, max(len(self.lines) - 1, 0))
        if line != mark.line:  # past the end of a file with no final line break
            column = len(self.lines[line].rstrip("\r"))
        return Position(line + 1 + self.first_line, (mark.column if column is None else column) + 1)

    def opened(self) -> int:
        """The line (in the file) where the context the parser names starts."""
        mark = self.error.context_mark or self.mark
        return (mark.line if mark else 0) + 1 + self.first_line

    def char(self, mark: yaml.Mark | None = None) -> str:
        """The character at the mark (the problem's, unless another is given)."""
        mark = mark or self.mark
        line = self.line(mark)
        return line[mark.column] if mark is not None and mark.column < len(line) else ""

    def fallback(self) -> Explained:
        said = self.problem or "the text is not valid YAML"
        if self.context:
            said += f", {self.context} on line {self.opened()}"
        return Explained(
            self.at(self.mark),
            f"this line is not valid YAML (the YAML reader says: {said})",
            "check this line and the one above for a missing ':', a stray quote or bracket, "
            "or an indentation that differs from the lines around it",
        )


def _quote_it(first: str) -> str:
    """Why a value cannot start with ``first`` unquoted, in a coordinator's words."""
    if first in "'\"":
        return "the value starts with a quote, so it ends at the next quote, and text follows"
    if first in _SPECIAL_START:
        meaning = _SPECIAL_START[first]
        return f"YAML reads a value that starts with '{first}' as {meaning}, not as text"
    return f"YAML does not allow a value to start with '{first}'"


def _quote_hint(line: str) -> str:
    """'put the whole value in quotes: title: "..."'."""
    match = re.match(r"^(\s*(?:- +)?[A-Za-z_][\w-]*:) +(.*)$", line)
    if not match:
        return "put the whole value in quotes"
    key, value = match.group(1).strip(), match.group(2).strip()
    quoted = f'"{value}"' if '"' not in value else "'" + value.replace("'", "''") + "'"
    if len(quoted) > 50:
        return f'put the whole value in quotes, like {key} "..."'
    return f"put the whole value in quotes: {key} {quoted}"


def _tab(e: _Error) -> Explained | None:
    if e.char() == "\t":
        return Explained(
            e.at(e.mark),
            "a tab character is used for indentation",
            "YAML indents with spaces only: replace the tab with spaces",
        )
    return None


def _unclosed_quote(e: _Error) -> Explained | None:
    if "quoted scalar" not in e.context:
        return None
    opening = e.error.context_mark
    if "unknown escape" in e.problem:
        return Explained(
            e.at(e.error.problem_mark),
            f"'\\{e.char()}' is not something double quotes understand after a backslash",
            "use single quotes for text with backslashes, or write each backslash twice",
        )
    return Explained(
        e.at(opening),
        "the quote that starts this value is never closed",
        "add the closing quote at the end of the text; to write a quote inside the text, "
        "write it twice inside single quotes ('Suite''s bed') or put the text in the "
        "other kind of quotes",
    )


def _missing_colon(e: _Error) -> Explained | None:
    if "could not find expected ':'" not in e.problem or "simple key" not in e.context:
        return None
    start = e.error.context_mark
    line = e.line(start)
    field = _FIELD_LINE.match(line)
    if field and field.group(3) == "\u00a0":
        column = field.end(2) + 1
        return Explained(
            e.at(start, column),
            f"a non-breaking space (U+00A0) after '{field.group(2)}:'",
            "replace it with an ordinary space: YAML needs a space after the colon",
        )
    if field and field.group(3) is None and field.group(4):
        return Explained(
            e.at(start, field.end(2)),
            f"'{field.group(2)}:' is not followed by a space",
            f"write a space after the colon: '{field.group(2)}: ...'",
        )
    words = re.match(r"^(\s*)(?:- +)?([a-z_]+) +\S", line)
    if words and words.group(2) in _field_names():
        return Explained(
            e.at(start, words.end(2)),
            f"the field name '{words.group(2)}' is not followed by ':'",
            f"write '{words.group(2)}: ' before the value",
        )
    return Explained(
        e.at(start),
        "this line is not a 'field: value' pair",
        "if it continues the text on the line above, indent it further than that line's "
        "field name, or put the whole text in quotes",
    )


def _item_out_of_line(e: _Error) -> Explained | None:
    document = "expected <document start>" in e.problem
    block = "expected key" in e.problem and "block mapping" in e.context
    if not (document or block):
        return None
    line = e.line()
    value = _VALUE_START.match(line)
    if block and value and e.mark is not None and e.mark.column > value.start(1):
        first = value.group(1)
        return Explained(
            e.at(e.mark, value.start(1)),
            _quote_it(first) + ("" if first in "'\"" else ", and text follows it"),
            _quote_hint(line),
        )
    indent = len(line) - len(line.lstrip(" "))
    if line.lstrip().startswith("-"):
        return Explained(
            e.at(e.mark, indent),
            "this item is not indented like the items above it",
            "line its '- ' up with the '- ' of the other items in the list",
        )
    return Explained(
        e.at(e.mark, indent),
        "this line is indented differently from the lines around it",
        "the fields of one item line up under each other; indent this line like them",
    )


def _special_start(e: _Error) -> Explained | None:
    problem, context, opening = e.problem, e.context, e.error.context_mark
    if "cannot start any token" in problem:
        mark, first = e.mark, e.char()
    elif "alphabetic or numeric" in problem and ("alias" in context or "anchor" in context):
        mark, first = opening, "*" if "alias" in context else "&"
    elif "block sequence entries are not allowed" in problem:
        mark, first = e.mark, "-"
    elif "mapping keys are not allowed" in problem:
        mark, first = e.mark, "?"
    elif "block scalar" in context:
        mark, first = opening, e.char(opening) or "|"
    else:
        return None
    return Explained(e.at(mark), _quote_it(first), _quote_hint(e.line(mark)))


def _colon_in_value(e: _Error) -> Explained | None:
    if "mapping values are not allowed" not in e.problem:
        return None
    return Explained(
        e.at(e.mark),
        "the text contains ': ', which YAML reads as the start of another field",
        _quote_hint(e.line()) + "; or, if this is a field of its own, put it on its own line",
    )


def _unclosed_bracket(e: _Error) -> Explained | None:
    if "expected ','" not in e.problem:
        return None
    thing = "[" if "flow sequence" in e.context else "{"
    kind = "list" if thing == "[" else "mapping"
    opening = e.error.context_mark
    same_line = opening is not None and e.mark is not None and e.mark.line == opening.line
    if e.char() == ":" and same_line:
        return Explained(
            e.at(e.mark),
            f"a value inside this '{thing}...' {kind} contains ': ', which YAML reads as "
            "the start of another field",
            'put that value in quotes, like note: "done: on track"',
        )
    opening = e.error.context_mark
    return Explained(
        e.at(opening),
        f"the '{thing}' that starts this {kind} is not closed where it should be",
        f"close it with '{']' if thing == '[' else '}'}' on the same line, and separate its "
        "items with commas; to write text that starts with it, put the whole value in quotes",
    )


_RULES = (
    _tab,
    _unclosed_quote,
    _missing_colon,
    _colon_in_value,
    _unclosed_bracket,
    _special_start,
    _item_out_of_line,
)


def _field_names() -> frozenset[str]:
    from concordat.model import FIELD_NAMES  # loaded already: the area's loader imports it

    return FIELD_NAMES
