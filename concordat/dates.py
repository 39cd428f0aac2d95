"""Dates in words, the way a partnership board talks about them."""

from __future__ import annotations

from datetime import date


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
