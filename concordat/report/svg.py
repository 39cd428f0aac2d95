"""Outcome measures as small inline SVG charts, drawn here (no chart library, no script).

A chart shows a measure over time: the baseline (a square), every reading (a line with
round markers), the target (a diamond) and the planned path from baseline to target (a
dashed line). Shapes as well as colours tell them apart, every colour has at least 3:1
contrast with the white page (WCAG 1.4.11), and each chart carries a text alternative
(``<title>`` and ``<desc>``, named by ``aria-labelledby``); the same numbers are in a table
beside it. Every piece of text in the drawing is escaped, and every number placed in it is
one this module computed, so nothing from the data reaches an attribute.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from concordat.model import Measure
from concordat.safe import printable

WIDTH, HEIGHT = 480, 240
LEFT, RIGHT, TOP, BOTTOM = 64, 20, 16, 44
INK, GRID, READING, TARGET, PLAN = "#1a1a1a", "#b1b4b6", "#1d4ed8", "#6b21a8", "#505a5f"


@functools.lru_cache(maxsize=8192)
def number(value: float) -> str:
    """'1,234', '2.5', and, past what a label can hold or too small for two decimal places,
    '1e+308' as '1e308' and '9.88e-321'; masked, as every cell is (an NHS number as a value)."""
    if not math.isfinite(value):
        return str(value)
    magnitude = abs(value)
    if magnitude >= 1e15 or 0 < magnitude < 0.01:
        shown = f"{value:.3g}".replace("e+", "e")
    elif value == int(value):
        shown = f"{value:,.0f}"
    else:
        shown = f"{value:,.2f}".rstrip("0").rstrip(".")
    return printable(shown)


@functools.lru_cache(maxsize=4096)
def long_date(day: date) -> str:
    """'31 March 2026'."""
    return f"{day.day} {day:%B} {day.year}"


def short_date(day: date) -> str:
    """'Mar 2026'."""
    return f"{day:%b} {day.year}"


@dataclass(frozen=True)
class Point:
    day: date
    value: float
    kind: str  # Baseline, Reading, Target


def points(measure: Measure) -> list[Point]:
    """Every figure of a measure in date order (baseline first, target last on a tie)."""
    found = [Point(r.date, r.value, "Reading") for r in measure.readings]
    if measure.baseline:
        found.append(Point(measure.baseline.date, measure.baseline.value, "Baseline"))
    if measure.target:
        found.append(Point(measure.target.date, measure.target.value, "Target"))
    rank = {"Baseline": 0, "Reading": 1, "Target": 2}
    return sorted(found, key=lambda p: (p.day, rank[p.kind]))


def _scale(value: float, low: float, high: float) -> float:
    """Where ``value`` lies from ``low`` (0) to ``high`` (1), without overflow at the float
    limits (1e308 - -1e308 is infinite; their halves' difference is not)."""
    if high == low:
        return 0.5
    span = high - low
    if math.isfinite(span):
        return (value - low) / span
    return (value / 2 - low / 2) / (high / 2 - low / 2)


def ticks(low: float, high: float, count: int = 4) -> list[float]:
    """About ``count`` round values from ``low`` to ``high`` (1, 2 or 5 times a power of 10)."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return [low] if low == high else [low, high]
    raw = high / count - low / count
    if raw <= 0 or not math.isfinite(raw):
        return [low, high]
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if not math.isfinite(step) or step <= 0:
        return [low, high]
    first = math.ceil(low / step) * step
    out: list[float] = []
    value = first
    while value <= high * (1 + 1e-12) + 1e-12 and len(out) < 12:
        out.append(0.0 if abs(value) < step * 1e-9 else value)
        value = first + step * len(out)
    return out or [low, high]


def _range(values: Sequence[float]) -> tuple[float, float]:
    """The value axis: from zero (or the lowest value, if below zero) to a little above the
    highest, so that bars of progress read from a common floor."""
    low, high = min(0.0, *values), max(0.0, *values)
    if high == low:
        return (low - 1, high + 1)
    pad = high / 20 - low / 20
    top = high + pad if math.isfinite(high + pad) else high
    return low, top


def alternative(measure: Measure, direction: str) -> str:
    """The chart in words, for people who cannot see it (its ``<desc>``)."""
    unit = printable(measure.unit or "")
    unit = unit if unit.startswith("%") or not unit else f" {unit}"  # 95%, 95 minutes
    parts = []
    if measure.baseline:
        b = measure.baseline
        parts.append(f"baseline {number(b.value)}{unit} on {long_date(b.date)}")
    readings = sorted(measure.readings, key=lambda r: r.date)
    if readings:
        last = readings[-1]
        many = f"{len(readings):,} readings" if len(readings) > 1 else "1 reading"
        parts.append(f"{many}, the latest {number(last.value)}{unit} on {long_date(last.date)}")
    else:
        parts.append("no readings yet")
    if measure.target:
        t = measure.target
        parts.append(f"target {number(t.value)}{unit} by {long_date(t.date)}")
    words = "; ".join(parts)
    trend = f" Direction: {direction}." if direction != "unknown" else ""
    return f"{words[:1].upper()}{words[1:]}.{trend}"


def chart(
    measure: Measure, direction: str, ident: str, described: str | None = None
) -> Markup | None:
    """The measure as an SVG line chart, or None when it has fewer than two figures to draw.

    ``ident`` is a unique id of our own (never from the data) for its title and description;
    ``described``: the description, when the caller has it already (:func:`alternative`).
    """
    found = points(measure)
    if len(found) < 2:
        return None
    values = [p.value for p in found]
    low, high = _range(values)
    first, last = found[0].day.toordinal(), found[-1].day.toordinal()
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        if first == last:
            return LEFT + inner_w / 2
        return LEFT + (day.toordinal() - first) / (last - first) * inner_w

    def y(value: float) -> float:
        return TOP + (1 - _scale(value, low, high)) * inner_h

    out: list[str] = []
    title = escape(printable(measure.name))
    out.append(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-t">{title}</title>'
        f'<desc id="{ident}-d">{escape(described or alternative(measure, direction))}</desc>'
    )
    grid, labels = [], []
    for tick in ticks(low, high):
        ty = y(tick)
        if not TOP - 0.5 <= ty <= TOP + inner_h + 0.5:
            continue
        grid.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}"/>')
        labels.append(f'<text x="{LEFT - 6}" y="{ty + 4:.1f}">{escape(number(tick))}</text>')
    base = TOP + inner_h
    out.append(f'<g stroke="{GRID}">{"".join(grid)}</g>')
    out.append(f'<g font-size="12" fill="{INK}" text-anchor="end">{"".join(labels)}</g>')
    out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}" stroke="{INK}"/>')
    days = [found[0].day, found[-1].day] if first != last else [found[0].day]
    for index, day in enumerate(days):
        anchor = "start" if index == 0 and len(days) > 1 else "end" if index else "middle"
        out.append(
            f'<text x="{x(day):.1f}" y="{base + 20}" text-anchor="{anchor}" font-size="12" '
            f'fill="{INK}">{escape(short_date(day))}</text>'
        )
    plan = [p for p in found if p.kind != "Reading"]
    if measure.baseline and measure.target and len(plan) == 2:
        (a, b) = plan
        out.append(
            f'<line x1="{x(a.day):.1f}" y1="{y(a.value):.1f}" x2="{x(b.day):.1f}" '
            f'y2="{y(b.value):.1f}" stroke="{PLAN}" stroke-width="2" stroke-dasharray="6 5"/>'
        )
    line = [p for p in found if p.kind != "Target"]
    if len(line) >= 2:
        path = " ".join(f"{x(p.day):.1f},{y(p.value):.1f}" for p in line)
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{READING}" stroke-width="3" '
            'stroke-linejoin="round"/>'
        )
    readings = [p for p in found if p.kind == "Reading"]
    if readings and len(readings) <= 60:  # markers while they can be told apart
        marks = "".join(
            f'<circle cx="{x(p.day):.1f}" cy="{y(p.value):.1f}" r="4.5"/>' for p in readings
        )
        out.append(f'<g fill="{READING}" stroke="#ffffff" stroke-width="1.5">{marks}</g>')
    for p in found:
        px, py = x(p.day), y(p.value)
        if p.kind == "Baseline":
            out.append(
                f'<rect x="{px - 5:.1f}" y="{py - 5:.1f}" width="10" height="10" fill="{INK}"/>'
            )
        elif p.kind == "Target":
            out.append(
                f'<path d="M{px:.1f} {py - 7:.1f} L{px + 7:.1f} {py:.1f} L{px:.1f} {py + 7:.1f} '
                f'L{px - 7:.1f} {py:.1f} Z" fill="#ffffff" stroke="{TARGET}" stroke-width="3"/>'
            )
    out.append("</svg>")
    return Markup("".join(out))


#: The key under every chart, one small drawing per mark (hidden from screen readers: the
#: words beside each say the same).
KEY = {
    "Baseline": f'<rect x="3" y="3" width="10" height="10" fill="{INK}"/>',
    "Readings": f'<line x1="0" y1="8" x2="16" y2="8" stroke="{READING}" stroke-width="3"/>'
    f'<circle cx="8" cy="8" r="4" fill="{READING}"/>',
    "Target": f'<path d="M8 1 L15 8 L8 15 L1 8 Z" fill="#ffffff" stroke="{TARGET}" '
    'stroke-width="2.5"/>',
    "Planned path": f'<line x1="0" y1="8" x2="16" y2="8" stroke="{PLAN}" stroke-width="2" '
    'stroke-dasharray="4 3"/>',
}


def key_mark(name: str) -> Markup:
    return Markup(
        '<svg class="mark" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" '
        f'focusable="false">{KEY[name]}</svg>'
    )


def figure_rows(found: Sequence[Point]) -> Markup:
    """The rows of a measure's table: date, which figure, value (our own words, dates and
    digits, the value masked as every number is)."""
    return Markup(
        "".join(
            f'<tr><td><time datetime="{p.day.isoformat()}">{long_date(p.day)}</time></td>'
            f'<th scope="row">{p.kind}</th><td class="n">{escape(number(p.value))}</td></tr>\n'
            for p in found
        )
    )
