"""Dates as people write and read them: the as-of day and spans on the command line, and
lengths of time in words, the way a partnership board talks about them."""

from __future__ import annotations

import calendar
import re
from datetime import MAXYEAR, UTC, date, datetime, timedelta

#: A longer span than this is a typing mistake, never a planning horizon.
_MAX_MONTHS = 1200
_SPAN = re.compile(r"\s*(\d+)\s*([dwm])\s*")


#: Where "today" is judged: the Concordat's partnerships are in England, so an update a
#: coordinator dated today, just after midnight in the UK, is not "in the future" on a CI
#: runner that keeps UTC, or on a laptop abroad.
TIME_ZONE = "Europe/London"


def today(now: datetime | None = None) -> date:
    """Today's date in England (``now``: an aware time, for tests; default: the clock)."""
    now = now or datetime.now(UTC)
    try:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    except ImportError:  # pragma: no cover - every supported Python has zoneinfo
        return now.date()
    try:
        return now.astimezone(ZoneInfo(TIME_ZONE)).date()
    except ZoneInfoNotFoundError:  # no time zone data: the tzdata package provides it
        return now.date()


def parse_day(text: str) -> date:
    """An ISO day, ``YYYY-MM-DD``, in the years a date in the data may have (1900 to 2199,
    as S006 says), so that nothing counted from it runs off the calendar. Raises ValueError
    with a message for people."""
    from concordat.model import PLAUSIBLE_YEARS

    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a date: use YYYY-MM-DD") from None
    first, last = PLAUSIBLE_YEARS
    if not first <= day.year <= last:
        raise ValueError(
            f"'{text}' is not a plausible date: the year must be between {first} and {last}"
        )
    return day


def parse_span(text: str, as_of: date) -> int:
    """'30d', '8w' or '3m' (calendar months from ``as_of``) as a number of days.

    Raises ValueError with a message for people, also when the span from ``as_of`` would
    end past the last day the calendar holds.
    """
    match = _SPAN.fullmatch(text.lower())
    if not match:
        raise ValueError(f"'{text}' is not a span: use days, weeks or months, like 30d, 8w or 3m")
    amount, unit = int(match.group(1)), match.group(2)
    if amount > _MAX_MONTHS * (1 if unit == "m" else 31):
        raise ValueError(f"'{text}' is more than a century")
    past = f"'{text}' from {as_of.isoformat()} ends past the last day concordat can count to"
    if unit in "dw":
        days = amount * (7 if unit == "w" else 1)
        try:
            as_of + timedelta(days=days)
        except OverflowError:
            raise ValueError(past) from None
        return days
    month = as_of.month - 1 + amount
    year, month = as_of.year + month // 12, month % 12 + 1
    if year > MAXYEAR:
        raise ValueError(past)
    day = min(as_of.day, calendar.monthrange(year, month)[1])
    return (date(year, month, day) - as_of).days


def span(days: int) -> str:
    """A rough length of time: '12 days', '3 weeks', '5 months', '2 years'."""
    days = abs(days)
    if days < 14:
        amount, unit = days, "day"
    elif days < 60:
        amount, unit = days // 7, "week"
    elif days < 730:
        amount, unit = round(days / 30.4375), "month"
    else:
        amount, unit = days // 365, "year"
    return f"{amount} {unit}{'' if amount == 1 else 's'}"


def relative(day: date, as_of: date) -> str:
    """'today', 'in 12 days', '3 weeks ago'."""
    delta = (day - as_of).days
    if delta == 0:
        return "today"
    return f"in {span(delta)}" if delta > 0 else f"{span(delta)} ago"
