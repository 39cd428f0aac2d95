"""Untrusted text on the way out: nothing from a data file may steer the terminal."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

# C0 and C1 control characters (tab and newline included: one diagnostic is one line), DEL,
# the line and paragraph separators (a line break to some programs, none to others), the
# Unicode bidirectional overrides that can make text read differently than it is, and lone
# surrogates (the bytes of a file name that is not UTF-8), which no UTF-8 stream can write.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def escaped(char: str) -> str:
    """One character as concordat writes it when it must not reach the output raw:
    ``\\x1b``, ``\\u200b``, ``\\U0001f691``."""
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str) -> str:
    """``text`` with every control character shown as an escape such as ``\\x1b``, and
    every personal identifier masked (:func:`masked`)."""
    return _escapes(masked(text))


def _escapes(text: str) -> str:
    return _UNSAFE.sub(lambda match: escaped(match.group()), text)


def text_lines(text: str) -> list[str]:
    """``text`` split at its line breaks (CRLF, CR or LF), each line made printable: for
    formats that can show a line break as one (a table cell, a quoted CSV cell, ``<br>``)."""
    text = masked(text)  # before the split: an NHS number may be wrapped across two lines
    return [_escapes(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


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


# -- Personal identifiers: masked wherever text leaves concordat --------------------------------
# One detector for the privacy guard (checks/privacy.py reports what it finds) and for every
# way out (diagnostics, tables, CSV, Markdown, JSON mask it). Every pattern is linear: each
# starts only where a run of digits, a word or an address starts, and every run of
# separators in it is bounded or anchored by a character it cannot contain.

#: A space of any kind but a line break (a non-breaking space, a thin space, a tab).
_SPACE = r"[^\S\r\n\x85\u2028\u2029]"
#: A dot, or a hyphen or dash of any kind (en dash, em dash, minus sign).
_DASH = r"[.\u2010-\u2015\u2212-]"
#: One character that may stand alone between the groups of an NHS number: a zero-width or
#: soft hyphen, a full-width hyphen, a slash, an underscore or a comma.
_JOIN = r"[\u200b\u200c\u2060\ufeff\u00ad\uff0d/_,]"
#: What may stand between two digits of one figure: a number does not start or end there.
#: Not a slash: one between figures parts a path (``area1/9434765919.yaml``), not a number.
_INSIDE = r"[.\u2010-\u2015\u2212\-\u200b\u200c\u2060\ufeff\u00ad\uff0d_,]"
#: Between the groups of an NHS number: up to three spaces, dots or dashes, one joining
#: character, or one line break with the indentation around it (a note wrapped across lines).
_GAP = (
    rf"(?:(?:{_SPACE}|{_DASH}){{0,3}}|{_JOIN}"
    rf"|{_SPACE}*(?:\r\n|[\r\n\x85\u2028\u2029]){_SPACE}*)"
)
# A pattern that starts with a character (not a look-behind) lets the regex engine skip
# ahead to where that character is: what must not come before it is checked after it.
NHS_NUMBER = re.compile(
    rf"(\d(?<!\d\d)(?<!\d{_INSIDE}\d)\d\d){_GAP}(\d{{3}}){_GAP}(\d{{4}})(?!\d)(?!{_INSIDE}\d)"
)
#: An NHS number written as a figure grouped in thousands: 9,434,765,919 (how a table prints
#: a measure's value).
NHS_THOUSANDS = re.compile(r"(\d)(?<!\d\d)(?<!\d[.,]\d),(\d{3}),(\d{3}),(\d{3})(?!\d)(?!,\d)")
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_LOCAL_PART = re.compile(r"[\w.+-]+")  # matched on the text reversed, from the @ leftwards
_DOMAIN = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
PHONE = re.compile(
    r"(?:(?:\+(?<![\w+]\+)|(?<![\w+])00)44[\s-]?(?:\(0\)[\s-]?)?"  # +44 or 0044
    r"|\((?<![\w+]\()0|0(?<![\w+]0))"  # 0, (0
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
#: The kinds of personal data, by the privacy guard's code.
NHS, EMAIL_ADDRESS, PHONE_NUMBER, BIRTH_DATE, POSTCODE_BY_BIRTH = (
    "X001", "X002", "X003", "X004", "X005"
)  # fmt: skip
EVERY_KIND = frozenset({NHS, EMAIL_ADDRESS, PHONE_NUMBER, BIRTH_DATE, POSTCODE_BY_BIRTH})
#: What is searched for anywhere at all: in ids, words, dates, keys, links and comments.
IDENTIFIERS = frozenset({NHS, EMAIL_ADDRESS})


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


_NOT_DIGIT = re.compile(r"\D+")
_DIGITS = re.compile(r"\d+")


def mask_phone(number: str) -> str:
    digits = _NOT_DIGIT.sub("", number)
    return f"{digits[:2]}{'*' * (len(digits) - 4)}{digits[-2:]}"


def phone_digits(text: str) -> str:
    """A phone number's digits, without a leading 44: how allowed numbers are compared."""
    return _NOT_DIGIT.sub("", text).removeprefix("00").removeprefix("44")


@dataclass(frozen=True)
class Allowed:
    """Organisational contacts (concordat.toml's allowed-contacts) that are not masked."""

    emails: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()

    @classmethod
    def of(cls, contacts: Iterable[str]) -> Allowed:
        contacts = tuple(contacts)
        numbers = {d for d in map(phone_digits, contacts) if len(d) >= 6}
        return cls(frozenset(c.strip().lower() for c in contacts), frozenset(numbers))

    def number(self, text: str) -> bool:
        digits = phone_digits(text)
        return digits in self.numbers or ("0" + digits) in self.numbers


NOBODY = Allowed()


class Found(NamedTuple):
    """One piece of personal data: its kind (the X code), where it is, and how it is shown."""

    kind: str
    start: int
    end: int
    shown: str


_ASCII_DIGITS = b"0123456789"
_BIRTH_WORDS = ("dob", "d.o.b", "birth", "born")


def _digit_count(text: str) -> int:
    if text.isascii():  # translate is a C loop, cheaper than any pattern
        return len(text) - len(text.encode("ascii").translate(None, _ASCII_DIGITS))
    return len(text) - len(_DIGITS.sub("", text))


def personal_data(
    text: str, allowed: Allowed = NOBODY, kinds: frozenset[str] = EVERY_KIND
) -> list[Found]:
    """Every piece of personal data in ``text`` of the ``kinds`` asked for, in order.

    Cheap on text that cannot hold any (most table cells and messages): an NHS number needs
    ten digits and a phone number nine, a date of birth a word about birth (each has a b)
    and four digits, an email address an @; no pattern runs without them.
    """
    at = "@" in text
    digits = _digit_count(text)
    birth = (
        digits >= 4
        and ("b" in text or "B" in text)
        and (BIRTH_DATE in kinds or POSTCODE_BY_BIRTH in kinds)
        and any(word in text.lower() for word in _BIRTH_WORDS)
    )
    if not at and digits < 9 and not birth:
        return []
    found: list[Found] = []
    if NHS in kinds and digits >= 10:
        for m in NHS_NUMBER.finditer(text):
            number = "".join(m.groups())
            if nhs_number_valid(number):
                found.append(Found(NHS, m.start(), m.end(), mask_nhs(number)))
        if "," in text:
            for m in NHS_THOUSANDS.finditer(text):
                number = "".join(m.groups())
                if nhs_number_valid(number):
                    found.append(Found(NHS, m.start(), m.end(), mask_nhs(number)))
    if EMAIL_ADDRESS in kinds and at:
        for start, end in _emails(text):
            address = text[start:end]
            if address.lower() not in allowed.emails:
                found.append(Found(EMAIL_ADDRESS, start, end, mask_email(address)))
    if PHONE_NUMBER in kinds and digits >= 9:
        for m in PHONE.finditer(text):
            if allowed.number(m.group()) or nhs_number_valid(_NOT_DIGIT.sub("", m.group())):
                continue  # an organisation's number, or an NHS number (reported as such)
            found.append(Found(PHONE_NUMBER, m.start(), m.end(), mask_phone(m.group())))
    if birth:
        for m in DOB.finditer(text):
            if BIRTH_DATE in kinds:
                found.append(Found(BIRTH_DATE, m.start(1), m.end(1), "***"))
            if POSTCODE_BY_BIRTH not in kinds:
                continue
            offset = max(0, m.start() - NEARBY)
            for p in POSTCODE.finditer(text[offset : m.end() + NEARBY]):
                start, end = offset + p.start(), offset + p.end()
                found.append(Found(POSTCODE_BY_BIRTH, start, end, f"{p.group(1).upper()} ***"))
    found.sort(key=lambda f: (f.start, -f.end))
    return found


def _emails(text: str) -> Iterator[tuple[int, int]]:
    """Where each email address is (what :data:`EMAIL` matches), found from each @: the
    local part is matched leftwards on the text reversed, so no start is tried in vain."""
    at = text.find("@")
    if at < 0:
        return
    reverse, length = text[::-1], len(text)
    while at >= 0:
        domain = _DOMAIN.match(text, at + 1)
        local = _LOCAL_PART.match(reverse, length - at) if domain else None
        if domain and local:
            yield length - local.end(), domain.end()
            at = text.find("@", domain.end())
        else:
            at = text.find("@", at + 1)


def nhs_number_in(value: str) -> str | None:
    """The NHS number a scalar is when read as a number, in any spelling YAML or the schema
    accepts (``9_434_765_919``, ``9.434765919e+9``, ``+9434765919.0``, ``0x232A4D3DF``), as
    its ten digits; None when it is no number or not one that passes the check digit."""
    text = value.strip()
    if not 0 < len(text) <= 40 or text[0] not in "+-.0123456789":
        return None
    try:
        if text.lstrip("+-")[:2].lower() in ("0x", "0o", "0b"):
            whole = int(text.replace("_", ""), 0)
        else:
            number = float(text)
            if not number.is_integer():
                return None
            whole = int(number)
    except ValueError:
        return None
    digits = str(abs(whole))
    return digits if nhs_number_valid(digits) else None


def masked(text: str, allowed: Allowed = NOBODY) -> str:
    """``text`` with every personal identifier the privacy guard detects masked: an NHS
    number as ``943 *** **19``, an email as ``j***@example.org``, a phone number as
    ``07*******23``, a date of birth as ``***``, a postcode beside it as ``NR1 ***``."""
    found = personal_data(text, allowed)
    if not found:
        return text
    out: list[str] = []
    done = 0
    for piece in found:
        if piece.start < done:
            continue  # inside a piece already masked (an NHS number in an email address)
        out += (text[done : piece.start], piece.shown)
        done = piece.end
    out.append(text[done:])
    return "".join(out)
