"""One commitment in full (`concordat show`), as a terminal view and as JSON."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from concordat.model import DatedValue
from concordat.render import Renderer, ShowFormat, grid
from concordat.render.common import due_words, envelope, json_text, updated_words
from concordat.render.grid import Span
from concordat.render.status import banner, commitment_dict, doubt_dict
from concordat.safe import printable
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
        return f"{value:,.0f}"  # masked, as any cell is, if it is an NHS number: 9,434,765,919
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _dated(value: DatedValue | tuple[date, float] | None, unit: str) -> grid.Cell:
    """'41 people per quarter' over a dim '2014-03-31'."""
    if value is None:
        return grid.text("—", "dim")
    day, number = (value.date, value.value) if isinstance(value, DatedValue) else value
    return grid.join(grid.text(f"{_number(number)}{unit}"), grid.text(day.isoformat(), "dim"))


def _measure_grid(measures: tuple[MeasureView, ...]) -> grid.Grid:
    table = grid.Grid(
        [
            grid.Column("Measure", flex=True),
            grid.Column("Baseline", max_width=20),
            grid.Column("Target", max_width=20),
            grid.Column("Latest", max_width=20),
            grid.Column("Trend"),
        ]
    )
    table.section("Measures")
    for view in measures:
        m = view.measure
        unit = f" {m.unit}" if m.unit else ""
        name = grid.text(m.name)
        if m.source:
            name = grid.join(name, grid.text(f"source: {m.source}", "dim"))
        style = {"improving": "green", "worsening": "red"}.get(view.direction, "")
        trend = grid.join(grid.text(sparkline(view.points)), grid.text(view.direction, style))
        table.add(
            name, _dated(m.baseline, unit), _dated(m.target, unit), _dated(view.latest, unit), trend
        )
    return table


def _facts(detail: CommitmentDetail) -> grid.Grid:
    row = detail.row
    c = row.commitment
    facts = grid.Grid([grid.Column("", max_width=10), grid.Column("", flex=True)], header=False)

    def fact(label: str, value: grid.Cell) -> None:
        facts.add(grid.text(label, "dim"), value)

    fact("Theme", grid.text(c.theme.heading))
    fact("Status", grid.spans((c.status.value, c.status.style)))
    fact("Owner", grid.text(row.owner.name if row.owner else c.owner))
    partners = [p.name if p else pid for pid, p in row.partners]
    fact("Partners", grid.text(", ".join(partners) or "—"))
    words = due_words(row)
    due: list[Span] = [(c.due.isoformat(), "")]
    if words:
        due.append((f", {words}", "bold red" if row.overdue else ""))
    fact("Due", grid.spans(*due))
    moved = row.slippage
    if moved is not None and moved.moves:
        fact("Slipped", grid.text(moved.words(), "yellow" if row.slipped else ""))
    if c.start:
        fact("Started", grid.text(c.start.isoformat()))
    if c.outcome:
        fact("Outcome", grid.text(c.outcome))
    if c.reason:
        fact("Reason", grid.text(c.reason))
    for link in c.links:
        fact("Link", grid.text(link))
    updated: list[Span] = [(updated_words(row), "")]
    if row.stale:
        updated.append((" · stale: no update for a long time", "yellow"))
    fact("Updated", grid.spans(*updated))
    return facts


def table(detail: CommitmentDetail, width: int = 80) -> RenderableType:
    row = detail.row
    c = row.commitment
    title: grid.Para = ((printable(c.id), "bold"), ("  ", ""), *grid.text(c.title, "bold")[0])
    heading = [title, *grid.text(c.title, "bold")[1:]]
    parts: list[RenderableType] = [grid.Prose(heading, width=10**6, margin="")]
    if detail.doubt is not None:
        parts += [Text(), banner(detail.doubt, marks=False)]
    if row.in_doubt:
        warning = "? This commitment's own entry has an error: what is shown may be wrong."
        parts.append(grid.Prose([((warning, "red"),)], margin=""))
    parts += [Text(), _facts(detail)]
    if detail.measures:
        parts += [Text(), _measure_grid(detail.measures)]
    parts += [Text(), Text("Updates, newest first", style="bold")]
    if not detail.updates:
        parts.append(Text("No updates yet.", style="dim"))
    paras: list[grid.Para] = []
    for update in detail.updates:
        u = update.update
        line: list[Span] = [(u.date.isoformat(), "bold"), (" · ", "dim")]
        line.append((printable(update.author_label), ""))
        if u.status:
            line += [(" · ", "dim"), (u.status.value, u.status.style)]
        if paras:
            paras.append(())  # a blank line between updates
        paras.append(tuple(line))
        paras += grid.text(u.note)
        if u.evidence:
            paras += grid.text(f"evidence: {u.evidence}", "dim")
    if paras:
        parts.append(grid.Prose(paras, width=10**6, margin=""))
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
    ShowFormat.TABLE: Renderer(terminal=table, wrap=False),
    ShowFormat.JSON: Renderer(text=lambda detail: json_text(as_dict(detail)), for_programs=True),
}
