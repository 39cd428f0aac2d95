"""Timescales as people wrote them in action plans, read as due dates.

"March 2016" is the month's last day; "Q4 2015/16" and "2015/16 Q4" a quarter of the UK
financial year (which starts on 1 April: Q4 ends on 31 March 2016); "2015/16" the year's
end; "31/03/2016" a UK day/month/year; "End of 2015" its 31 December; "Ongoing" has no date.
Where a revised date is written beside the first ("April 2015 / Revised date: April 2017")
the revised one is due and the first is kept, so the slippage stays visible. Anything else
is not read: never guessed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from concordat.model import PLAUSIBLE_YEARS, quarter_end

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
} | {"sept": 9}


@dataclass(frozen=True)
class Timescale:
    """A timescale read: the due date, and how to write it in commitments.yaml."""

    due: date
    written: str  # "2015/16 Q4" or "2016-03-31"
    #: The first date, when the plan wrote a revised one beside it ("April 2015").
    revised_from: str | None = None


@dataclass(frozen=True)
class Ongoing:
    """A timescale that names no date: "Ongoing", "Continuous"."""

    text: str


_ONGOING = re.compile(
    r"(on[- ]?going|continuous|continual|throughout|rolling|as required|business as usual)",
    re.IGNORECASE,
)
_REVISED = re.compile(
    r"^(?P<first>.+?)\s*(?:[/;,(]|\n|\s-\s)\s*(?:now\s+|new\s+)?(?:revised|re-?scheduled|"
    r"moved|extended|deferred|changed|new)\b(?:\s+(?:target\s+)?(?:date|timescale|deadline))?"
    r"\s*(?:to|:)?\s*(?P<second>.+?)\)?$",
    re.IGNORECASE | re.DOTALL,
)
_FY = r"(\d{4})\s*[/-]\s*(\d{2}|\d{4})"
_QUARTER_FIRST = re.compile(rf"^q\s*([1-4])\s*(?:of\s+)?(?:fy\s*)?{_FY}$", re.IGNORECASE)
_QUARTER_AFTER = re.compile(rf"^(?:fy\s*)?{_FY}\s*[,:-]?\s*q\s*([1-4])$", re.IGNORECASE)
_YEAR_END_FY = re.compile(rf"^(?:(?:by\s+)?(?:the\s+)?end\s+of\s+)?(?:fy\s*)?{_FY}$", re.IGNORECASE)
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH_YEAR = re.compile(
    r"^(?:(?:by\s+)?(?:the\s+)?(?:end\s+(?:of\s+)?)?)?(\d{1,2}(?:st|nd|rd|th)?\s+)?"
    r"([a-z]+)\.?,?\s+(\d{4})$",
    re.IGNORECASE,
)
_MONTH_SHORT_YEAR = re.compile(r"^([a-z]{3,9})[- ](\d{2})$", re.IGNORECASE)
_YEAR_END = re.compile(r"^(?:by\s+)?(?:the\s+)?end\s+(?:of\s+)?(\d{4})$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")


def _plausible(day: date) -> date | None:
    return day if PLAUSIBLE_YEARS[0] <= day.year <= PLAUSIBLE_YEARS[1] else None


def _financial_year(first: str, second: str) -> int | None:
    start = int(first)
    end = int(second) % 100
    return start if (start + 1) % 100 == end else None


def _one(text: str) -> Timescale | None:
    """One date, in any of the forms above (no revision)."""
    text = " ".join(text.strip().strip(".").split())
    if not text:
        return None
    for pattern, order in ((_QUARTER_FIRST, "qy"), (_QUARTER_AFTER, "yq")):
        match = pattern.fullmatch(text)
        if match:
            if order == "qy":
                quarter, first, second = match.groups()
            else:
                first, second, quarter = match.groups()
            year = _financial_year(first, second)
            if year is None:
                return None
            day = _plausible(quarter_end(year, int(quarter)))
            written = f"{year}/{(year + 1) % 100:02d} Q{quarter}"
            return Timescale(day, written) if day else None
    match = _YEAR_END_FY.fullmatch(text)
    if match:
        year = _financial_year(*match.groups())
        day = _plausible(date(year + 1, 3, 31)) if year is not None else None
        return Timescale(day, f"{year}/{(year + 1) % 100:02d} Q4") if day and year else None
    match = _ISO.fullmatch(text) or _DMY.fullmatch(text)
    if match:
        if match.re is _ISO:
            y, m, d = (int(g) for g in match.groups())
        else:
            d, m, y = (int(g) for g in match.groups())
            if y < 100:
                y += 2000
        try:
            day = _plausible(date(y, m, d))
        except ValueError:
            return None
        return Timescale(day, day.isoformat()) if day else None
    match = _MONTH_YEAR.fullmatch(text)
    if match:
        day_part, month_name, year_text = match.groups()
        month = MONTHS.get(month_name.lower())
        if month is not None:
            return _month_end(month, int(year_text), day_part)
    match = _MONTH_SHORT_YEAR.fullmatch(text)  # "Mar-16", as Excel shows a month
    if match and match[1].lower() in MONTHS:
        return _month_end(MONTHS[match[1].lower()], 2000 + int(match[2]), None)
    match = _YEAR_END.fullmatch(text) or _YEAR.fullmatch(text)
    if match:
        day = _plausible(date(int(match[1]), 12, 31))
        return Timescale(day, day.isoformat()) if day else None
    return None


def _month_end(month: int, year: int, day_part: str | None) -> Timescale | None:
    if not PLAUSIBLE_YEARS[0] <= year <= PLAUSIBLE_YEARS[1]:
        return None
    last = calendar.monthrange(year, month)[1]
    number = int(re.sub(r"\D", "", day_part)) if day_part else last
    try:
        day = date(year, month, number)
    except ValueError:
        return None
    return Timescale(day, day.isoformat())


def read_timescale(value: str | date | float | None) -> Timescale | Ongoing | None:
    """The due date a timescale cell gives, an :class:`Ongoing` one, or None (unreadable)."""
    if isinstance(value, date):
        day = _plausible(value)
        return Timescale(day, day.isoformat()) if day else None
    if value is None or isinstance(value, float):
        return None
    text = value.strip()
    if not text:
        return None
    found = _one(text)
    if found:
        return found
    match = _REVISED.fullmatch(text)
    if match:
        first, second = _one(match["first"]), _one(match["second"])
        if second is not None:
            return Timescale(second.due, second.written, match["first"].strip())
        if first is not None and second is None:
            return None  # a revision that cannot be read: never guess which one holds
    if _ONGOING.search(text) and not re.search(r"\d{4}", text):
        return Ongoing(text)
    return None


def year_end(as_of: date) -> str:
    """The end of the financial year ``as_of`` is in, as a quarter: 2026/27 Q4."""
    first = as_of.year if as_of.month >= 4 else as_of.year - 1
    return f"{first}/{(first + 1) % 100:02d} Q4"
