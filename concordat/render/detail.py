"""One commitment in full (`concordat show`), as a terminal view and as JSON."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from concordat.model import DatedValue
from concordat.render import Renderer, ShowFormat
from concordat.render.common import due_words, envelope, json_text, updated_words
from concordat.render.status import banner, commitment_dict, doubt_dict
from concordat.render.terminal import cell, status_text, titled_table
from concordat.views.detail import CommitmentDetail, MeasureView

SPARKS = "▁▂▃▄▅▆▇█"


#: How many of a measure's latest points its sparkline draws: a row that fits a terminal.
SPARK_POINTS = 12


def sparkline(points: Iterable[float]) -> str:
    """A measure's baseline and readings as a row of bars, lowest to highest: the latest
    :data:`SPARK_POINTS` of them, scaled without overflow even at the float limits."""
    values = [v for v in points if math.isfinite(v)][-SPARK_POINTS:]
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return SPARKS[3] * len(values)
    steps = len(SPARKS) - 1
    if math.isfinite(high - low):
        span = high - low
        bars = (round((v - low) / span * steps) for v in values)
    else:  # -1e308 to 1e308: halved, the span fits in a float
        span = high / 2 - low / 2
        bars = (round((v / 2 - low / 2) / span * steps) for v in values)
    return "".join(SPARKS[min(max(bar, 0), steps)] for bar in bars)


def _number(value: float) -> str:
    """'1,234', '2.5', and, past what a table cell can hold or so small that two decimal
    places would show 0, '1e308' and '9.88e-321'."""
    if not math.isfinite(value):
        return str(value)
    magnitude = abs(value)
    if magnitude >= 1e15 or 0 < magnitude < 0.01:
        return f"{value:.3g}".replace("e+", "e")
    if value == int(value):
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _dated(value: DatedValue | tuple[date, float] | None, unit: str) -> Text:
    """'41 people per quarter' over a dim '2014-03-31'."""
    if value is None:
        return Text("—", style="dim")
    day, number = (value.date, value.value) if isinstance(value, DatedValue) else value
    out = cell(f"{_number(number)}{unit}")
    out.append(f"\n{day.isoformat()}", style="dim")
    return out


def _measure_table(measures: tuple[MeasureView, ...]) -> Table:
    table = titled_table("Measures")
    table.add_column("Measure", ratio=2, min_width=16, overflow="fold")
    table.add_column("Baseline", ratio=1, min_width=10, overflow="fold")
    table.add_column("Target", ratio=1, min_width=10, overflow="fold")
    table.add_column("Latest", ratio=1, min_width=10, overflow="fold")
    table.add_column("Trend", no_wrap=True)
    for view in measures:
        m = view.measure
        unit = f" {m.unit}" if m.unit else ""
        name = cell(m.name)
        if m.source:
            name.append("\n")
            name.append_text(cell(f"source: {m.source}", style="dim"))
        style = {"improving": "green", "worsening": "red"}.get(view.direction, "")
        trend = Text(sparkline(view.points))
        trend.append("\n")
        trend.append(view.direction, style=style)
        table.add_row(
            name,
            _dated(m.baseline, unit),
            _dated(m.target, unit),
            _dated(view.latest, unit),
            trend,
        )
    return table


def table(detail: CommitmentDetail, width: int = 80) -> RenderableType:
    row = detail.row
    c = row.commitment
    title = Text()
    title.append_text(cell(c.id, "bold"))
    title.append("  ")
    title.append_text(cell(c.title, "bold"))
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column(overflow="fold")
    facts.add_row("Theme", c.theme.heading)
    facts.add_row("Status", status_text(c.status))
    owner = cell(row.owner.name if row.owner else c.owner)
    facts.add_row("Owner", owner)
    partners = [p.name if p else pid for pid, p in row.partners]
    facts.add_row("Partners", cell(", ".join(partners) or "—"))
    due = Text(c.due.isoformat())
    words = due_words(row)
    if words:
        due.append(f"  {words}", style="bold red" if row.overdue else "")
    facts.add_row("Due", due)
    if c.start:
        facts.add_row("Started", c.start.isoformat())
    if c.outcome:
        facts.add_row("Outcome", cell(c.outcome))
    if c.reason:
        facts.add_row("Reason", cell(c.reason))
    for link in c.links:
        facts.add_row("Link", cell(link))
    updated = Text(updated_words(row))
    if row.stale:
        updated.append("  stale: no update for a long time", style="yellow")
    facts.add_row("Updated", updated)
    parts: list[RenderableType] = [title]
    if detail.doubt is not None:
        parts += [Text(), banner(detail.doubt, marks=False)]
    if row.in_doubt:
        parts.append(
            Text("? This commitment's own entry has an error: what is shown may be wrong.", "red")
        )
    parts += [Text(), facts] if detail.doubt is not None else [facts]
    if detail.measures:
        parts += [Text(), _measure_table(detail.measures)]
    parts += [Text(), Text("Updates, newest first", style="bold")]
    if not detail.updates:
        parts.append(Text("No updates yet.", style="dim"))
    for update in detail.updates:
        u = update.update
        line = Text()
        line.append(u.date.isoformat(), style="bold")
        line.append("  ")
        line.append_text(cell(update.author_label))
        if u.status:
            line.append("  ")
            line.append_text(status_text(u.status))
        line.append("\n")
        line.append_text(cell(u.note))
        if u.evidence:
            line.append("\n")
            line.append_text(cell(f"evidence: {u.evidence}", style="dim"))
        parts.append(line)
    return Group(*parts)


def _dated_dict(value: DatedValue | None) -> dict[str, Any] | None:
    return {"date": value.date.isoformat(), "value": value.value} if value else None


def as_dict(detail: CommitmentDetail) -> dict[str, Any]:
    c = detail.row.commitment
    out = commitment_dict(detail.row)
    out.update(
        {
            "partner_names": [p.name if p else None for _, p in detail.row.partners],
            "outcome": c.outcome,
            "reason": c.reason,
            "links": list(c.links),
            "measures": [
                {
                    "name": v.measure.name,
                    "unit": v.measure.unit,
                    "source": v.measure.source,
                    "baseline": _dated_dict(v.measure.baseline),
                    "target": _dated_dict(v.measure.target),
                    "readings": [_dated_dict(r) for r in v.measure.readings],
                    "direction": v.direction,
                }
                for v in detail.measures
            ],
            "updates": [
                {
                    "date": u.update.date.isoformat(),
                    "by": u.update.by,
                    "status": u.update.status.value if u.update.status else None,
                    "note": u.update.note,
                    "evidence": u.update.evidence,
                }
                for u in detail.updates
            ],
        }
    )
    return envelope(
        "show", as_of=detail.as_of.isoformat(), problems=doubt_dict(detail.doubt), commitment=out
    )


FORMATS: Mapping[ShowFormat, Renderer[CommitmentDetail]] = {
    ShowFormat.TABLE: Renderer(terminal=table),
    ShowFormat.JSON: Renderer(text=lambda detail: json_text(as_dict(detail)), for_programs=True),
}
