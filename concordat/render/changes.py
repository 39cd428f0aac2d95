"""What changed between two points (`concordat changes`): a terminal table, JSON, and
Markdown that pastes into a board paper.

Every section is the same five columns (id, commitment, was, now, detail), so the table and
the Markdown are drawn from one list of rows; JSON has its own, stable, keys (docs/json.md).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from concordat.history.snapshot import CommitmentState
from concordat.history.timeline import DueChange, Moved, direction
from concordat.render import HistoryFormat, Renderer, grid
from concordat.render.common import envelope, json_text, plural
from concordat.render.history import (
    days,
    due_dict,
    md_unreadable,
    revision_dict,
    unreadable_dict,
    when,
)
from concordat.safe import md_cell, printable
from concordat.views.changes import ChangesView, DueMoved
from concordat.vocab import NEEDS_REASON

Row = tuple[str, str, str, str, str]
COLUMNS = ("Id", "Commitment", "Was", "Now", "Detail")


def _figure(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    if value == int(value) and abs(value) < 1e15:
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


#: An update's note is cut to this many characters in a table (JSON keeps it whole).
NOTE = 160


def _short(note: str) -> str:
    flat = " ".join(note.split())
    return flat if len(flat) <= NOTE else flat[: NOTE - 1] + "…"


def _due(state: CommitmentState) -> str:
    iso = state.due.isoformat()
    return iso if state.due_written == iso else f"{state.due_written} ({iso})"


def _step(step: DueChange) -> str:
    who = f" by {step.revision.author}" if step.revision.author else ""
    if step.with_update or step.with_reason:
        said = " and ".join(
            w for w, yes in (("update", step.with_update), ("reason", step.with_reason)) if yes
        )
        why = f", with {said}"
    else:
        why = ", with no update and no reason" if step.later else ""
    at = f"on {when(step.revision)}" if step.revision.day else "uncommitted"
    return (
        f"{step.before.isoformat()} → {step.after.isoformat()} {at}{who}"
        f" ({step.revision.label}){why}"
    )


def _status_row(m: Moved) -> Row:
    needs = m.after.reason and m.after.status in NEEDS_REASON
    reason = f"reason: {m.after.reason}" if needs else ""
    return (m.id, m.title, m.before.status.value, m.after.status.value, reason)


def _due_row(d: DueMoved) -> Row:
    m = d.moved
    detail = "; ".join(_step(s) for s in d.steps) or days(d.days)
    if d.steps:
        detail = f"{days(d.days)}: {detail}"
    shown = m.id if m.id == m.after.id else f"{m.id} → {m.after.id}"
    return (shown, m.title, _due(m.before), _due(m.after), detail)


def sections(view: ChangesView) -> list[tuple[str, list[Row]]]:
    """The board's sections, in the order it reads them, each with its rows (plain,
    untrusted text: each format escapes it)."""
    d = view.difference
    out: list[tuple[str, list[Row]]] = [
        ("Status worse", [_status_row(m) for m in view.worse]),
        ("Status better", [_status_row(m) for m in view.better]),
        ("Withdrawn or reopened", [_status_row(m) for m in view.closed]),
        ("Due dates moved", [_due_row(m) for m in view.due]),
        (
            "Commitments added",
            [(c.id, c.title, "", c.status.value, f"due {_due(c)}") for c in d.added],
        ),
        (
            "Commitments removed",
            [(c.id, c.title, c.status.value, "", f"was due {_due(c)}") for c in d.removed],
        ),
        (
            "Commitments renumbered",
            [(f"{b.id} → {a.id}", a.title, b.id, a.id, "") for b, a in d.renumbered],
        ),
        (
            "Updates added",
            [
                (
                    c.id,
                    c.title,
                    "",
                    "",
                    "; ".join(
                        f"{u.day.isoformat()} by {u.by}"
                        + (f" ({u.status.value})" if u.status else "")
                        + f": {_short(u.note)}"
                        for u in updates
                    ),
                )
                for c, updates in d.updates
            ],
        ),
        (
            "Measure readings added",
            [
                (
                    c.id,
                    c.title,
                    "",
                    "",
                    "; ".join(
                        f"{name}: {_figure(v)} on {day.isoformat()}" for name, day, v in found
                    ),
                )
                for c, found in d.readings
            ],
        ),
        (
            "Reasons added or changed",
            [(m.id, m.title, m.before.reason or "", m.after.reason or "", "") for m in d.reasons],
        ),
        ("Organisations joined", [(i, name, "", "", "joined") for i, name in d.joined]),
        (
            "Organisations left",
            [
                (i, name, "", "", f"left {left.isoformat()}" if left else "removed from the list")
                for i, name, left in d.left
            ],
        ),
    ]
    return [(title, rows) for title, rows in out if rows]


def _span_words(view: ChangesView) -> str:
    count = plural(len(view.revisions), "revision")
    return f"since {view.since} until {view.until}: {count} in between"


def table(view: ChangesView, width: int = 80) -> RenderableType:
    head = f"{view.area}: what changed"
    parts: list[RenderableType] = [
        grid.Prose([((printable(head), "bold"),)], margin=""),
        grid.Prose([((printable(_span_words(view)), "dim"),)], margin=""),
    ]
    if view.unreadable:
        parts += [Text(), Text("Revisions that could not be read (skipped)", style="bold")]
        paras: list[grid.Para] = []
        for u in view.unreadable:
            paras += grid.text(f"{u.revision.label} ({when(u.revision)}): {u.problem}", "yellow")
        parts.append(grid.Prose(paras, width=10**6, margin=""))
    found = sections(view)
    if not found:
        parts += [Text(), Text("Nothing changed.", style="dim")]
        return Group(*parts)
    rows = grid.Grid(
        [
            grid.Column("Id"),
            grid.Column("Commitment", flex=True),
            grid.Column("Was", max_width=20),
            grid.Column("Now", max_width=20),
            grid.Column("Detail", max_width=48),
        ]
    )
    for title, section in found:
        style = {"Status worse": "bold red", "Status better": "bold green"}.get(title, "bold")
        rows.section(title, style)
        for row in section:
            rows.add(grid.text(row[0], "bold"), *(grid.text(cell) for cell in row[1:]))
    parts += [Text(), rows]
    return Group(*parts)


def _state(c: CommitmentState) -> dict[str, Any]:
    return {
        "id": c.id,
        "title": c.title,
        "status": c.status.value,
        "due": c.due.isoformat(),
        "due_written": c.due_written,
        "reason": c.reason,
    }


def _moved(m: Moved) -> dict[str, Any]:
    return {"id": m.after.id, "was_id": m.id, "title": m.title}


def as_dict(view: ChangesView) -> dict[str, Any]:
    d = view.difference
    return envelope(
        "changes",
        area=view.area,
        since=revision_dict(view.since_revision),
        until=revision_dict(view.until_revision),
        since_words=view.since,
        until_words=view.until,
        revisions=len(view.revisions),
        unreadable_revisions=[unreadable_dict(u) for u in view.unreadable],
        added=[_state(c) for c in d.added],
        removed=[_state(c) for c in d.removed],
        renumbered=[{"from": b.id, "to": a.id, "title": a.title} for b, a in d.renumbered],
        status_changes=[
            {
                **_moved(m),
                "from": m.before.status.value,
                "to": m.after.status.value,
                "direction": direction(m.before.status, m.after.status),
            }
            for m in (*view.worse, *view.better, *view.closed)
        ],
        due_changes=[
            {
                **_moved(m.moved),
                "from": m.moved.before.due.isoformat(),
                "to": m.moved.after.due.isoformat(),
                "from_written": m.moved.before.due_written,
                "to_written": m.moved.after.due_written,
                "days": m.days,
                "explained": m.explained,
                "moves": [due_dict(s) for s in m.steps],
            }
            for m in view.due
        ],
        updates_added=[
            {
                "id": c.id,
                "title": c.title,
                "updates": [
                    {
                        "date": u.day.isoformat(),
                        "by": u.by,
                        "status": u.status.value if u.status else None,
                        "note": u.note,
                    }
                    for u in updates
                ],
            }
            for c, updates in d.updates
        ],
        readings_added=[
            {
                "id": c.id,
                "title": c.title,
                "readings": [
                    {"measure": name, "date": day.isoformat(), "value": value}
                    for name, day, value in found
                ],
            }
            for c, found in d.readings
        ],
        reasons=[{**_moved(m), "from": m.before.reason, "to": m.after.reason} for m in d.reasons],
        organisations_joined=[{"id": i, "name": name} for i, name in d.joined],
        organisations_left=[
            {"id": i, "name": name, "left": left.isoformat() if left else None}
            for i, name, left in d.left
        ],
    )


def markdown(view: ChangesView) -> str:
    lines = [f"## {md_cell(view.area)}: what changed", ""]
    lines.append(f"{md_cell(_span_words(view)[0].upper() + _span_words(view)[1:])}.")
    lines += md_unreadable(view.unreadable)
    found = sections(view)
    for title, rows in found:
        lines += ["", f"### {title}", ""]
        lines += ["| " + " | ".join(COLUMNS) + " |", "|---|---|---|---|---|"]
        for row in rows:
            lines.append("| " + " | ".join(md_cell(cell) for cell in row) + " |")
    if not found:
        lines += ["", "Nothing changed."]
    return "\n".join(lines) + "\n"


FORMATS: Mapping[HistoryFormat, Renderer[ChangesView]] = {
    HistoryFormat.TABLE: Renderer(terminal=table, wrap=False),
    HistoryFormat.JSON: Renderer(text=lambda view: json_text(as_dict(view)), for_programs=True),
    HistoryFormat.MARKDOWN: Renderer(text=markdown),
}
