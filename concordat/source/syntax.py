"""A YAML syntax error in a coordinator's words: where the mistake is, what it is, what to do.

The parser names a problem where it noticed it, which is often not where the mistake is: a
missing colon is noticed on the next line, an unclosed quote at the end of the file. Each rule
here recognises one kind of mistake from the parser's words and the text around it, and says
where it is and what to do, without the parser's vocabulary. What no rule recognises is still
reported, with the parser's own words marked as such and a hint of what usually causes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

from concordat import characters
from concordat.diagnostics import Position
from concordat.source.file import split_lines

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
    into the file), and what it is in plain words. The error's marks count lines as an
    editor does (:func:`~concordat.source.file.editor_mark`), as ``lines`` are split here."""
    lines = split_lines(text)
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
    if len(value) > 1 and value[0] == value[-1] == '"':  # double quotes with double inside
        inner = value[1:-1].replace("'", "''")
        return f"put it in single quotes, so the double quotes inside are text: {key} '{inner}'"
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
    # a field name, then its value or nothing, with no colon between
    words = re.match(r"^(\s*)(?:- +)?([a-z_]+)( +\S|\s*$)", line)
    if words and words.group(2) in _field_names():
        name = words.group(2)
        return Explained(
            e.at(start, words.end(2)),
            f"the field name '{name}' is not followed by ':'",
            f"write '{name}: ' before the value" if words.group(3).strip() else f"write '{name}:'",
        )
    return Explained(
        e.at(start),
        "this line is not a 'field: value' pair",
        "if it continues the text on the line above, indent it further than that line's "
        "field name, or put the whole text in quotes; if it is a note for readers, start it "
        "with '#'",
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
        after = line[e.mark.column :].strip()
        if first in "[{" and after and set(after) <= set("]}"):
            return Explained(
                e.at(e.mark),
                f"one '{after[0]}' too many at the end of this value",
                f"delete the extra '{after[0]}'",
            )
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
        _LINE_UP,
    )


_LINE_UP = (
    "line it up with the lines around it: a field under the other fields of its item, an "
    "item's '- ' under the other items', and text that continues a value further in than "
    "its field's name"
)


def _near(e: _Error) -> Iterator[tuple[int, str]]:
    """The error's line, then the one before it (index and text), where they exist."""
    if e.mark is None:
        return
    for line_index in (e.mark.line, e.mark.line - 1):
        if 0 <= line_index < len(e.lines):
            yield line_index, e.lines[line_index]


def _odd_space(e: _Error) -> Explained | None:
    """A character that looks like a space (or like nothing) where YAML needs a space, in
    the indentation, after a '-' or around a ':', on the error's line or the one before."""
    for line_index, line in _near(e):
        match = re.match(r"^[^\w'\"\[{#]*?([\u00a0\u200b\ufeff\u2000-\u200a\u202f\u3000])", line)
        if match is None:
            key = re.match(r"^\s*(?:- +)?[\w-]+([\u00a0\u200b\u2000-\u200a\u202f]+):", line)
            if key is None:
                continue
            match = key
        column = match.start(1)
        char = line[column]
        name = characters.describe(char)
        return Explained(
            Position(line_index + 1 + e.first_line, column + 1),
            f"{name} (U+{ord(char):04X}) here, which YAML does not read as a space",
            "delete it, and type ordinary spaces where they are needed",
        )
    return None


def _yaml_only_break(e: _Error) -> Explained | None:
    """A next-line (U+0085), line or paragraph separator outside quotes, on the error's line
    or the one before: YAML ends the line there, where an editor shows none, so what follows
    it (the rest of a comment, say) is read as a line of its own."""
    mark = e.mark
    for line_index, line in _near(e):
        assert mark is not None
        if line_index == mark.line:
            line = line[: mark.column + 1]
        found = re.search("[\x85\u2028\u2029]", line)
        before = line[: found.start()] if found else ""
        if found is None or before.count('"') % 2 or before.count("'") % 2:
            continue  # none, or inside quotes, where YAML folds it into the text
        char = found.group()
        return Explained(
            Position(line_index + 1 + e.first_line, found.start() + 1),
            f"{characters.describe(char)} (U+{ord(char):04X}) here, which YAML reads as the "
            "end of the line, though an editor shows none",
            "delete it, or type an ordinary line break or space instead",
        )
    return None


def _block_item(e: _Error) -> Explained | None:
    """A line inside a list that is not one of its items: a field out of line with its
    item's other fields, a '-' with no space or two spaces after it, or two dashes."""
    if "expected '-' indicator" not in e.problem or e.mark is None:
        return None
    for offset in (0, -1):  # a dash with two spaces shows only on the line after it
        if not 0 <= e.mark.line + offset < len(e.lines):
            continue
        text = e.lines[e.mark.line + offset]
        stripped = text.lstrip(" ")
        where = _line_start(e, offset, len(text) - len(stripped))
        if re.match(r"-[^\s-]", stripped):
            return Explained(where, "'-' must be followed by a space", "write '- ' before the item")
        if stripped.startswith("- - "):
            return Explained(where, "this line starts with two '-'", "an item starts with one '- '")
        if re.match(r"-  +\S", stripped):
            return Explained(
                where,
                "more than one space after '-', so the item's fields cannot line up",
                "write one space after '-'",
            )
    line = e.line()
    return Explained(
        e.at(e.mark, len(line) - len(line.lstrip(" "))),
        "this line is indented differently from the lines of the item above it",
        _LINE_UP,
    )


def _line_start(e: _Error, offset: int, column: int) -> Position | None:
    if e.mark is None:
        return None
    return Position(e.mark.line + offset + 1 + e.first_line, column + 1)


def _runaway_quote(e: _Error) -> Explained | None:
    """A quote that opens a value and is not closed on its line, so that the lines below,
    fields and all, are read as text until the next quote: the mistake is the opening."""
    mark = e.mark
    if mark is None or "quoted scalar" in e.context:
        return None
    last = min(mark.line, len(e.lines)) - 1  # the lines before the one the error is on
    for index in range(last, max(-1, last - 200), -1):
        line = e.lines[index].rstrip("\r")
        opened = re.match(r"^\s*(?:- +)?[\w-]+: +([\"'])", line)
        if opened is None:
            continue
        if _closes(line[opened.end() :], opened.group(1)):
            return None  # the nearest quoted value is closed on its line: not a runaway
        swallowed = e.lines[index + 1 : mark.line + 1]
        if any(re.match(r"^\s*(?:- +)?[\w-]+: ", other) for other in swallowed):
            return Explained(
                Position(index + 1 + e.first_line, opened.start(1) + 1),
                "the quote that starts this value is not closed on its line, so the lines "
                "below are read as part of the text",
                "add the closing quote at the end of the value",
            )
        return None
    return None


def _closes(rest: str, quote: str) -> bool:
    """Whether a quote opened just before ``rest`` closes in it."""
    if quote == "'":
        return "'" in rest.replace("''", "")
    return '"' in rest.replace("\\\\", "").replace('\\"', "")


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
    if "mapping values are not allowed" not in e.problem or e.mark is None:
        return None
    line, column = e.line(), e.mark.column
    field = re.match(r"^(\s*)([\w-]+)$", line[:column])
    previous = _previous_field(e.lines, e.mark.line)
    if field and previous and len(field.group(1)) > previous[0]:
        return Explained(
            e.at(e.mark, len(field.group(1))),
            f"'{field.group(2)}:' is indented further than '{previous[1]}:' above it, so "
            f"YAML reads it as more of that field's value",
            f"line '{field.group(2)}:' up with '{previous[1]}:'",
        )
    if not line[column + 1 :].strip():
        return Explained(
            e.at(e.mark),
            "the text ends with ':', which YAML reads as the start of another field",
            _quote_hint(line),
        )
    several = re.match(r"^(\s*(?:- +)?)([\w-]+: [^,]+(?:, *[\w-]+: [^,]+)+)$", line)
    if several:
        return Explained(
            e.at(e.mark),
            "several fields on one line need braces around them",
            f"write {several.group(1).strip()} {{{several.group(2).strip()}}}".replace("  ", " "),
        )
    return Explained(
        e.at(e.mark),
        "the text contains ': ', which YAML reads as the start of another field",
        _quote_hint(line) + "; or, if this is a field of its own, put it on its own line",
    )


def _previous_field(lines: list[str], index: int) -> tuple[int, str] | None:
    """The indentation and name of the nearest field above line ``index``."""
    for other in reversed(lines[max(0, index - 50) : index]):
        match = re.match(r"^(\s*)(?:- +)?([\w-]+):( |$)", other)
        if match:
            return len(match.group(1)), match.group(2)
    return None


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
    _yaml_only_break,
    _odd_space,
    _runaway_quote,
    _unclosed_quote,
    _block_item,
    _missing_colon,
    _colon_in_value,
    _unclosed_bracket,
    _special_start,
    _item_out_of_line,
)


def _field_names() -> frozenset[str]:
    from concordat.model import FIELD_NAMES  # loaded already: the area's loader imports it

    return FIELD_NAMES
