"""X: the privacy guard. A partnership tracker describes services, never people.

NHS numbers (10 digits that pass the modulus-11 check, however they are spaced, dotted or
dashed, wrapped across lines or prefixed) and email addresses are searched for everywhere in
every file: free text, ids, words, dates, links, key names and comments. UK phone numbers,
dates of birth introduced as such and postcodes beside them are searched for in free text and
comments (an id or a link holds long figures that are not phone numbers). Emails and phone
numbers listed as organisational contacts in concordat.toml are let through. Messages never
repeat the value in full, because CI logs are often public; what is found here is masked the
same way wherever concordat prints it (``safe.masked``). concordat.toml itself is searched
when it is read (``config``).

It is a guard rail, not a guarantee: it cannot recognise a name, an address written out in
words, or a detail that identifies someone only in context. docs/privacy.md lists what it
catches and what it cannot.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from typing import TYPE_CHECKING

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from concordat.checks.freetext import free_text
from concordat.diagnostics import Diagnostic, Position
from concordat.safe import (
    BIRTH_DATE,
    DOB,
    EMAIL,
    EMAIL_ADDRESS,
    IDENTIFIERS,
    NEARBY,
    NHS,
    NHS_NUMBER,
    PHONE,
    PHONE_NUMBER,
    POSTCODE,
    POSTCODE_BY_BIRTH,
    Allowed,
    Found,
    mask_email,
    mask_nhs,
    mask_phone,
    nhs_number_in,
    nhs_number_valid,
    personal_data,
)

if TYPE_CHECKING:
    from concordat.area import Area
    from concordat.config import Settings

__all__ = [
    "DOB", "EMAIL", "NEARBY", "NHS_NUMBER", "PHONE", "POSTCODE", "check", "diagnostic",
    "mask_email", "mask_nhs", "mask_phone", "nhs_number_valid",
]  # fmt: skip

#: Searched for in free text and comments only.
IN_WORDS = frozenset({PHONE_NUMBER, BIRTH_DATE, POSTCODE_BY_BIRTH})

#: Bytes: every digit becomes "0" and everything else "x"; separators are deleted.
_DIGITS_AS_ZERO = bytes(48 if 48 <= i <= 57 else 120 for i in range(256))
_SEPARATORS = b" \t\n\r\x0b\x0c()-.+/_,"
_SPACES = re.compile(r"[\s()\-.+/_,\u2010-\u2015\u2212\u200b\u200c\u2060\ufeff\u00ad\uff0d]+")
_NINE_DIGITS = re.compile(r"\d{9}")
_BIRTH_WORDS = ("dob", "d.o.b", "birth", "born")


def _candidates(text: str) -> bool:
    """Whether anything in the file could match, by checks far cheaper than the patterns.

    Every pattern needs an @, a word about birth, or nine digits once separators are
    removed; most files have none of these and skip the closer look. For ASCII text the
    digit test runs on bytes, where translate and find are C loops: a regex search over the
    whole text was the largest single cost of checking a national data set.
    """
    if "@" in text:
        return True
    lowered = text.lower()
    if any(word in lowered for word in _BIRTH_WORDS):
        return True
    if not text.isascii():  # \d and \s in the patterns also match non-ASCII digits and spaces
        return _NINE_DIGITS.search(_SPACES.sub("", text)) is not None
    return b"000000000" in text.encode("ascii").translate(_DIGITS_AS_ZERO, _SEPARATORS)


def check(area: Area, settings: Settings) -> Iterator[Diagnostic]:
    allowed = Allowed.of(settings.allowed_contacts)
    yield from _settings_file(settings, allowed)
    for file in area.files:
        text = file.text
        if text is None:
            continue
        if not _candidates(text):
            # a number may be spelt with fewer digits than it has (94347659e2)
            if file.root is not None:
                for start, _, shown in _numbers(file.root):
                    yield diagnostic(
                        Found(NHS, start, start, shown), file.name, file.position_at(start)
                    )
            continue
        # NHS numbers and emails anywhere: a file with a syntax error is searched too
        seen: list[int] = []
        for found in personal_data(text, allowed, IDENTIFIERS):
            seen.append(found.start)
            yield diagnostic(found, file.name, file.position_at(found.start))
        # what could not be read is searched whole: which part of it is free text is unknown
        unread = [(0, len(text))] if file.root is None else [(u.start, u.end) for u in file.unread]
        spans: list[tuple[int, int]] = []
        if file.root is not None:
            for start, end, shown in _numbers(file.root):
                i = bisect_left(seen, start)
                if i == len(seen) or seen[i] >= end:  # not found in the text already
                    found = Found(NHS, start, end, shown)
                    yield diagnostic(found, file.name, file.position_at(start))
            spans = [(n.start_mark.index, n.end_mark.index) for n in free_text(file.root)]
            spans += _comments(text, file.root)
            if unread:  # a comment inside an entry that could not be read is searched with it
                starts = [start for start, _ in unread]
                spans = [s for s in spans if not _within(s[0], starts, unread)]
        for start, end in sorted(spans + unread):
            for found in personal_data(text[start:end], allowed, IN_WORDS):
                yield diagnostic(found, file.name, file.position_at(start + found.start))


def _within(offset: int, starts: list[int], spans: list[tuple[int, int]]) -> bool:
    """Whether ``offset`` lies in one of ``spans`` (in order; ``starts`` their starts)."""
    i = bisect_right(starts, offset) - 1
    return i >= 0 and offset < spans[i][1]


def _settings_file(settings: Settings, allowed: Allowed) -> Iterator[Diagnostic]:
    """concordat.toml, values and comments: NHS numbers and emails other than the allowed
    contacts. Until it can be read as TOML its allowed contacts are unknown, so only NHS
    numbers are looked for."""
    text, name = settings.text, settings.file
    if text is None or name is None or not _candidates(text):
        return
    kinds = IDENTIFIERS if settings.parsed else frozenset({NHS})
    for found in personal_data(text, allowed, kinds):
        line = text.count("\n", 0, found.start) + 1  # TOML's lines end only at \n
        column = found.start - text.rfind("\n", 0, found.start)
        yield diagnostic(found, name, Position(line, column))


_DELETE = "delete it, and remove it from the git history too if it was ever committed"


def diagnostic(found: Found, file: str, where: Position | None) -> Diagnostic:
    """The privacy guard's message for one piece of personal data, masked."""
    if found.kind == NHS:
        problem = (
            f"this looks like an NHS number ({found.shown}): patient data must never be in a "
            "partnership tracker"
        )
        return Diagnostic.at(NHS, problem, file, where, _DELETE)
    if found.kind == EMAIL_ADDRESS:
        return Diagnostic.at(
            EMAIL_ADDRESS,
            f"an email address ({found.shown}): a tracker names organisations and roles, "
            "never people",
            file,
            where,
            "name the organisation or role instead; list organisational contacts under "
            "allowed-contacts in concordat.toml",
        )
    if found.kind == PHONE_NUMBER:
        return Diagnostic.at(
            PHONE_NUMBER,
            f"a phone number ({found.shown}) in free text",
            file,
            where,
            "name the service instead; list organisational numbers under allowed-contacts "
            "in concordat.toml",
        )
    if found.kind == BIRTH_DATE:
        problem = "a date of birth: patient data must never be in a partnership tracker"
        return Diagnostic.at(BIRTH_DATE, problem, file, where, _DELETE)
    return Diagnostic.at(
        POSTCODE_BY_BIRTH,
        f"a postcode ({found.shown}) beside a date of birth",
        file,
        where,
        "delete it: with a date of birth a postcode identifies a person",
    )


def _numbers(root: Node) -> Iterator[tuple[int, int, str]]:
    """Each scalar that is an NHS number when read as a number, however it is spelt
    (``9_434_765_919``, ``9.434765919e+9``): where it starts and ends, and the number
    masked."""
    todo: list[Node] = [root]
    while todo:  # a stack, not recursion: the tree may be deep
        node = todo.pop()
        if isinstance(node, ScalarNode):
            digits = nhs_number_in(node.value) if len(node.value) >= 6 else None
            if digits is not None:
                yield node.start_mark.index, node.end_mark.index, mask_nhs(digits)
        elif isinstance(node, SequenceNode):
            todo.extend(node.value)
        elif isinstance(node, MappingNode):
            todo.extend(part for pair in node.value for part in pair)


_COMMENT = re.compile(r"(?:^|(?<=[ \t\r\n\x85\u2028\u2029]))#[^\r\n\x85\u2028\u2029]*")


def _comments(text: str, root: Node) -> list[tuple[int, int]]:
    """Where each comment is: a # at the start of a line or after a space, outside every
    scalar (keys included), to the end of its line."""
    if "#" not in text:
        return []
    scalars: list[tuple[int, int]] = []
    todo: list[Node] = [root]
    while todo:  # a stack, not recursion: the tree may be deep
        node = todo.pop()
        if isinstance(node, ScalarNode):
            scalars.append((node.start_mark.index, node.end_mark.index))
        elif isinstance(node, SequenceNode):
            todo.extend(node.value)
        elif isinstance(node, MappingNode):
            todo.extend(part for pair in node.value for part in pair)
    scalars.sort()
    starts = [start for start, _ in scalars]
    found: list[tuple[int, int]] = []
    for m in _COMMENT.finditer(text):
        i = bisect_right(starts, m.start()) - 1
        if i >= 0 and scalars[i][0] <= m.start() < scalars[i][1]:
            continue  # a # inside a value
        found.append((m.start(), m.end()))
    return found
