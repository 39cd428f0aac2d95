"""Each commitment's history (`concordat history`) as a terminal table, JSON and Markdown.

Author names and commit subjects come from git and are untrusted, like the data: every one
goes through the format's escaping (``grid.text``, ``md_cell``, ``json_text``), which also
masks a personal identifier such as an email address written as a name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from concordat.history.timeline import DueChange, StatusChange, Timeline, Unreadable, UpdateAdded
from concordat.history.walk import Revision
from concordat.render import HistoryFormat, Renderer, grid
from concordat.render.common import envelope, json_text, plural
from concordat.safe import md_cell, printable
from concordat.views.history import Event, HistoryView, events


def when(revision: Revision) -> str:
    """'2026-03-04' for a commit; 'uncommitted' for the working tree."""
    return revision.day.isoformat() if revision.day else "uncommitted"


def where(revision: Revision) -> str:
    """'in 837ccf1e0 (2015-01-05)', or 'in the working tree (uncommitted)'."""
    if revision.id is None:
        return "in the working tree (uncommitted)"
    return f"in {revision.label} ({when(revision)})"


def days(count: int) -> str:
    sign = "+" if count > 0 else "-" if count < 0 else ""
    return f"{sign}{plural(abs(count), 'day')}"


def due_words(change: DueChange) -> str:
    """'2016-03-31 → 2016-06-30 (+91 days), with an update'."""
    before = _due(change.before_written, change.before.isoformat())
    after = _due(change.after_written, change.after.isoformat())
    given = (("an update", change.with_update), ("a reason", change.with_reason))
    said = [words for words, yes in given if yes]
    if said:
        why = ", with " + " and ".join(said)
    else:
        why = ", with no update and no reason" if change.later else ""
    return f"due {before} → {after} ({days(change.days)}){why}"


def _due(written: str, iso: str) -> str:
    return iso if written == iso else f"{written} ({iso})"


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def event_words(event: Event) -> str:
    if isinstance(event, DueChange):
        return due_words(event)
    if isinstance(event, StatusChange):
        return f"status {event.before.value} → {event.after.value} ({event.direction})"
    update = event.update
    status = f", {update.status.value}" if update.status else ""
    return f"update of {update.day.isoformat()} by {update.by}{status}"


def ending_words(timeline: Timeline) -> str:
    ending = timeline.ending
    if ending is None:
        assert timeline.last is not None
        return f"open: {timeline.last.status.value}, due {timeline.last.due.isoformat()}"
    at = where(ending.revision)
    if ending.kind == "renumbered":
        return f"renumbered to {ending.to} {at}"
    return f"{ending.kind} {at}"


def slip_words(timeline: Timeline) -> str:
    if not timeline.slips:
        return "never slipped"
    times = "once" if timeline.slips == 1 else f"{timeline.slips} times"
    return f"slipped {times}: {plural(timeline.slip_days, 'day')} later than first promised"


def first_words(timeline: Timeline) -> str:
    first = timeline.first
    due = _due(timeline.first_due_written, timeline.first_due.isoformat())
    return f"first promised {where(first)}, due {due}, {timeline.first_status.value}"


def _commitment_grid(timeline: Timeline) -> grid.Grid:
    table = grid.Grid(
        [
            grid.Column("Date", max_width=12),
            grid.Column("Change", flex=True),
            grid.Column("By", max_width=24),
            grid.Column("Commit", max_width=12),
        ]
    )
    for event in events(timeline):
        style = ""
        if isinstance(event, DueChange) and event.unexplained:
            style = "yellow"
        elif isinstance(event, StatusChange):
            style = {"worse": "red", "better": "green"}.get(event.direction, "")
        revision = event.revision
        table.add(
            grid.text(when(revision)),
            grid.text(event_words(event), style),
            grid.text(revision.author or "—"),
            grid.text(revision.label, "dim"),
        )
    return table


def _unreadable_lines(unreadable: tuple[Unreadable, ...]) -> list[str]:
    return [
        f"{u.revision.label} ({when(u.revision)}, {u.revision.author or 'working tree'}): "
        f"{u.problem}; skipped"
        for u in unreadable
    ]


def table(view: HistoryView, width: int = 80) -> RenderableType:
    head = f"{view.area}: history of {plural(len(view.timelines), 'commitment')}"
    parts: list[RenderableType] = [
        grid.Prose([((printable(head), "bold"),)], margin=""),
        grid.Prose(
            [((f"from {plural(view.revisions, 'revision')} of the record in git", "dim"),)],
            margin="",
        ),
    ]
    if view.unreadable:
        parts += [Text(), Text("Revisions that could not be read", style="bold")]
        paras: list[grid.Para] = []
        for line in _unreadable_lines(view.unreadable):
            paras += grid.text(line, "yellow")
        parts.append(grid.Prose(paras, width=10**6, margin=""))
    for timeline in view.timelines:
        title: grid.Para = (
            (printable(timeline.id), "bold"),
            ("  ", ""),
            *grid.text(timeline.title, "bold")[0],
        )
        paras = [title]
        if timeline.renumbered_from:
            old, revision = timeline.renumbered_from
            paras += grid.text(f"renumbered from {old} {where(revision)}", "dim")
        paras += grid.text(first_words(timeline))
        paras += grid.text(slip_words(timeline), "yellow" if timeline.slips else "")
        paras += grid.text(ending_words(timeline))
        parts += [Text(), grid.Prose(paras, width=10**6, margin="")]
        if events(timeline):
            parts.append(_commitment_grid(timeline))
    if not view.timelines:
        parts += [Text(), Text("No commitment in the record yet.", style="dim")]
    return Group(*parts)


def revision_dict(revision: Revision | None) -> dict[str, Any] | None:
    if revision is None:
        return None
    return {
        "commit": revision.id,
        "date": revision.day.isoformat() if revision.day else None,
        "author": revision.author or None,
        "subject": revision.subject,
    }


def due_dict(change: DueChange) -> dict[str, Any]:
    return {
        "revision": revision_dict(change.revision),
        "from": change.before.isoformat(),
        "to": change.after.isoformat(),
        "from_written": change.before_written,
        "to_written": change.after_written,
        "days": change.days,
        "later": change.later,
        "with_update": change.with_update,
        "with_reason": change.with_reason,
    }


def status_dict(change: StatusChange) -> dict[str, Any]:
    return {
        "revision": revision_dict(change.revision),
        "from": change.before.value,
        "to": change.after.value,
        "direction": change.direction,
    }


def update_dict(added: UpdateAdded) -> dict[str, Any]:
    u = added.update
    return {
        "revision": revision_dict(added.revision),
        "date": u.day.isoformat(),
        "by": u.by,
        "status": u.status.value if u.status else None,
    }


def timeline_dict(timeline: Timeline) -> dict[str, Any]:
    last = timeline.last
    ending = timeline.ending
    renumbered = timeline.renumbered_from
    return {
        "id": timeline.id,
        "title": timeline.title,
        "first_appeared": {
            "revision": revision_dict(timeline.first),
            "due": timeline.first_due.isoformat(),
            "due_written": timeline.first_due_written,
            "status": timeline.first_status.value,
        },
        "renumbered_from": {"id": renumbered[0], "revision": revision_dict(renumbered[1])}
        if renumbered
        else None,
        "due": last.due.isoformat() if last else None,
        "status": last.status.value if last else None,
        "due_changes": [due_dict(c) for c in timeline.due_changes],
        "status_changes": [status_dict(c) for c in timeline.status_changes],
        "updates_added": [update_dict(u) for u in timeline.updates],
        "slips": timeline.slips,
        "slip_days": timeline.slip_days,
        "ended": {
            "how": ending.kind,
            "revision": revision_dict(ending.revision),
            "renumbered_to": ending.to,
        }
        if ending
        else None,
    }


def unreadable_dict(u: Unreadable) -> dict[str, Any]:
    return {"revision": revision_dict(u.revision), "problem": u.problem}


def as_dict(view: HistoryView) -> dict[str, Any]:
    return envelope(
        "history",
        area=view.area,
        revisions=view.revisions,
        unreadable_revisions=[unreadable_dict(u) for u in view.unreadable],
        commitments=[timeline_dict(t) for t in view.timelines],
    )


def md_unreadable(unreadable: tuple[Unreadable, ...]) -> list[str]:
    if not unreadable:
        return []
    lines = ["", "**Revisions that could not be read** (skipped):", ""]
    return lines + [f"- {md_cell(line)}" for line in _unreadable_lines(unreadable)]


def markdown(view: HistoryView) -> str:
    lines = [f"## {md_cell(view.area)}: history of the commitments", ""]
    lines.append(f"From {plural(view.revisions, 'revision')} of the record in git.")
    lines += md_unreadable(view.unreadable)
    for timeline in view.timelines:
        lines += ["", f"### {md_cell(timeline.id)} {md_cell(timeline.title)}", ""]
        if timeline.renumbered_from:
            old, revision = timeline.renumbered_from
            lines.append(f"- Renumbered from {md_cell(old)} {where(revision)}")
        for words in (first_words(timeline), slip_words(timeline), ending_words(timeline)):
            lines.append(f"- {md_cell(sentence(words))}")
        found = events(timeline)
        if found:
            lines += ["", "| Date | Change | By | Commit |", "|---|---|---|---|"]
            for event in found:
                r = event.revision
                cells = [when(r), md_cell(event_words(event)), md_cell(r.author or "—"), r.label]
                lines.append("| " + " | ".join(cells) + " |")
    if not view.timelines:
        lines += ["", "No commitment in the record yet."]
    return "\n".join(lines) + "\n"


FORMATS: Mapping[HistoryFormat, Renderer[HistoryView]] = {
    HistoryFormat.TABLE: Renderer(terminal=table, wrap=False),
    HistoryFormat.JSON: Renderer(text=lambda view: json_text(as_dict(view)), for_programs=True),
    HistoryFormat.MARKDOWN: Renderer(text=markdown),
}
