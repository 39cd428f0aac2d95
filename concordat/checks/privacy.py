"""X: the privacy guard. A partnership tracker describes services, never people.

Every free-text value in every file is searched for personal data that must never be
published: NHS numbers (10 digits that pass the modulus-11 check), email addresses and UK phone
numbers (unless listed as organisational contacts in concordat.toml), dates of birth introduced
as such, and postcodes beside them. Messages never repeat the value in full, because CI logs
are often public.

It is a guard rail, not a guarantee: it cannot recognise a name, an address written out in
words, or a detail that identifies someone only in context.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from yaml.nodes import ScalarNode

from concordat.checks.freetext import free_text
from concordat.diagnostics import Diagnostic, Position
from concordat.source import SourceFile

if TYPE_CHECKING:
    from concordat.area import Area
    from concordat.config import Settings

NHS_NUMBER = re.compile(r"(?<![\d-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d-])")
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
PHONE = re.compile(
    r"(?<![\w+])(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\(?0)"  # +44, +44 (0) or 0, maybe in brackets
    r"[1-37]\d{1,3}\)?(?:[\s-]?\d){6,8}(?!\d)"  # landline (01, 02, 03) or mobile (07)
)
# Between the words and the date, a bounded run of spaces and punctuation: two unbounded
# runs side by side (\s*[:-]?\s*) backtrack in time quadratic in a long run of spaces.
DOB = re.compile(
    r"\b(?:d\.?o\.?b\.?|date\s+of\s+birth|born(?:\s+on)?)[\s:\-]{0,8}"
    r"(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|"
    r"\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?\s+\d{4})",
    re.IGNORECASE,
)
POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b", re.IGNORECASE)
#: How far (in characters) from a date of birth a postcode counts as "beside" it.
NEARBY = 80


def nhs_number_valid(digits: str) -> bool:
    """The NHS modulus-11 check digit."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def mask_nhs(digits: str) -> str:
    return f"{digits[:3]} *** **{digits[8:]}"


def mask_email(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"


def mask_phone(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return f"{digits[:2]}{'*' * (len(digits) - 4)}{digits[-2:]}"


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text).removeprefix("44")


#: Bytes: every digit becomes "0" and everything else "x"; separators are deleted.
_DIGITS_AS_ZERO = bytes(48 if 48 <= i <= 57 else 120 for i in range(256))
_SEPARATORS = b" \t\n\r\x0b\x0c()-.+"
_SPACES = re.compile(r"[\s()\-.+]+")
_NINE_DIGITS = re.compile(r"\d{9}")
_BIRTH_WORDS = ("dob", "d.o.b", "birth", "born")


def _candidates(text: str) -> bool:
    """Whether anything in the file could match, by checks far cheaper than the patterns.

    Every pattern needs an @, a word about birth, or nine digits once separators are
    removed; most files have none of these and skip the node-by-node scan. For ASCII text
    the digit test runs on bytes, where translate and find are C loops: a regex search over
    the whole text was the largest single cost of checking a national data set.
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
    allowed = {a.strip().lower() for a in settings.allowed_contacts}
    allowed_numbers = {d for d in map(_digits, settings.allowed_contacts) if len(d) >= 6}
    for file in area.files:
        if file.root is None or file.text is None or not _candidates(file.text):
            continue
        for node in free_text(file.root):
            yield from _scan(file, node, allowed, allowed_numbers)


def _scan(
    file: SourceFile, node: ScalarNode, allowed: set[str], allowed_numbers: set[str]
) -> Iterator[Diagnostic]:
    assert file.text is not None
    start, end = node.start_mark.index, node.end_mark.index
    raw = file.text[start:end]

    def at(offset: int) -> Position:
        return file.position_at(start + offset)

    for m in NHS_NUMBER.finditer(raw):
        digits = "".join(m.groups())
        if nhs_number_valid(digits):
            yield Diagnostic.at(
                "X001",
                f"this looks like an NHS number ({mask_nhs(digits)}): patient data must never "
                "be in a partnership tracker",
                file.name,
                at(m.start()),
                "delete it, and remove it from the git history too if it was ever committed",
            )
    for m in EMAIL.finditer(raw):
        if m.group().lower() in allowed:
            continue
        yield Diagnostic.at(
            "X002",
            f"an email address ({mask_email(m.group())}) in free text",
            file.name,
            at(m.start()),
            "name the organisation or role instead; list organisational contacts under "
            "allowed-contacts in concordat.toml",
        )
    for m in PHONE.finditer(raw):
        digits = _digits(m.group())
        if digits in allowed_numbers or ("0" + digits) in allowed_numbers:
            continue
        if nhs_number_valid(re.sub(r"\D", "", m.group())):
            continue  # already reported as an NHS number
        yield Diagnostic.at(
            "X003",
            f"a phone number ({mask_phone(m.group())}) in free text",
            file.name,
            at(m.start()),
            "name the service instead; list organisational numbers under allowed-contacts "
            "in concordat.toml",
        )
    for m in DOB.finditer(raw):
        yield Diagnostic.at(
            "X004",
            "a date of birth: patient data must never be in a partnership tracker",
            file.name,
            at(m.start(1)),
            "delete it, and remove it from the git history too if it was ever committed",
        )
        window = raw[max(0, m.start() - NEARBY) : m.end() + NEARBY]
        offset = max(0, m.start() - NEARBY)
        for p in POSTCODE.finditer(window):
            yield Diagnostic.at(
                "X005",
                f"a postcode ({p.group(1).upper()} ***) beside a date of birth",
                file.name,
                at(offset + p.start()),
                "delete it: with a date of birth a postcode identifies a person",
            )
