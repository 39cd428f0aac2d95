"""The status view as a terminal table, JSON, CSV and Markdown. All read one StatusView."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from concordat.dates import span
from concordat.render import Renderer, ViewFormat, grid
from concordat.render.common import csv_text as csv_table
from concordat.render.common import (
    due_words,
    envelope,
    json_text,
    md_lines,
    plural,
    updated_words,
)
from concordat.render.grid import Cell, Span
from concordat.safe import md_cell, printable
from concordat.views.doubt import Doubt
from concordat.views.status import (
    DUE_SOON_DAYS,
    CommitmentRow,
    Filters,
    OrgRow,
    StatusView,
    id_key,
)
from concordat.vocab import KEY_ORDER, NEEDS_REASON, STATUS_ORDER

# -- terminal ---------------------------------------------------------------------------------

#: What each column of the who-owns-what table means, in the key under it.
ORG_KEY = (
    f"Leads: commitments it owns. Partner in: commitments it supports. "
    f"Overdue: open and past its due date. Due soon: open and due in the next "
    f"{DUE_SOON_DAYS} days."
)


def _header(view: StatusView) -> grid.Flow:
    count: list[Span] = [(plural(view.total, "commitment"), "bold")]
    if view.filters.describe():
        count.append((f" ({printable('; '.join(view.filters.describe()))})", "dim"))
    title: list[grid.Para] = [
        ((printable(view.area), "bold"),),
        ((f"as of {view.as_of.isoformat()}", ""),),
        tuple(count),
    ]
    counts: list[grid.Para] = [
        ((f"{n} ", "bold"), (s.value, s.style)) for s, n in view.by_status.items() if n
    ]
    groups = [title, counts]
    if view.overdue or view.due_soon or view.stale or view.slipped:
        dates: list[grid.Para] = [
            ((f"{view.overdue} overdue", "bold red" if view.overdue else ""),),
            ((f"{view.due_soon} due in the next {DUE_SOON_DAYS} days", ""),),
        ]
        if view.slipped:
            dates.append(
                ((f"{view.slipped} slipped", "yellow"), (" (due later than first promised)", "dim"))
            )
        if view.stale:
            dates.append(
                (
                    (f"{view.stale} stale", "yellow"),
                    (f" (no update for over {view.stale_days} days)", "dim"),
                )
            )
        groups.append(dates)
    return grid.Flow([g for g in groups if g])


def banner(doubt: Doubt, *, marks: bool = True) -> grid.Prose:
    """What the area's errors put in doubt, above the view."""
    lines = [printable(line) for line in doubt.words(marks=marks)]  # it names ids from the data
    paras = [((lines[0], "bold red"),)]
    paras += [((line, "bold" if "validate" in line else "red"),) for line in lines[1:]]
    return grid.Prose(paras, margin="")


def _count(n: int, style: str = "bold") -> Cell:
    return grid.spans(("·", "dim")) if n == 0 else grid.spans((str(n), style))


def _orgs_grid(view: StatusView) -> grid.Grid:
    columns = [
        grid.Column("Organisation", max_width=40),
        grid.Column("Leads", "right"),
        grid.Column("Partner in", "right"),
        *(grid.Column(s.letter, "right") for s in STATUS_ORDER),
        grid.Column("Overdue", "right"),
        grid.Column("Due soon", "right"),
    ]
    table = grid.Grid(columns)
    table.section("Who owns what")
    involved = [o for o in view.former if o.leads or o.partner_in]
    for row in (*view.organisations, *involved):
        name = grid.text(row.signatory.label)
        if row.left:
            successor = row.successor.label if row.successor else "no successor"
            name = grid.join(name, grid.text(f"left; now {successor}", "dim"))
        table.add(
            name,
            _count(row.leads),
            _count(row.partner_in),
            *(_count(row.by_status[s], s.style) for s in STATUS_ORDER),
            _count(row.overdue, "bold red"),
            _count(row.due_soon),
        )
    return table


def status_key() -> grid.Para:
    """The BRAG key in one line: "Key: B complete · G on-track · ..." (each letter in its
    colour; a no-break space keeps a letter with its word)."""
    key: list[Span] = [("Key: ", "dim")]
    for index, status in enumerate(KEY_ORDER):
        key += [(" · " if index else "", "dim"), (status.letter, status.style)]
        key.append(("\u00a0" + status.value, "dim"))
    return tuple(key)


def _key(view: StatusView) -> grid.Prose:
    """The key to every column of the who-owns-what table, and who has left."""
    letters = (*status_key(), (" (what each leads, by status)", "dim"))
    paras: list[grid.Para] = [letters, ((ORG_KEY, "dim"),)]
    quiet = [o for o in view.former if not (o.leads or o.partner_in)]
    if quiet:
        left: list[Span] = [("Have left: ", "dim")]
        for index, row in enumerate(quiet):
            successor = row.successor.label if row.successor else None
            left += [
                ("; " if index else "", "dim"),
                (printable(row.signatory.label), ""),
                (f" (now {printable(successor)})" if successor else " (no successor)", "dim"),
            ]
        paras.append(tuple(left))
    return grid.Prose(paras)


#: Narrower than this, the wide form (partners and updated in columns) is not tried.
WIDE_ENOUGH = 130


def _theme_grid(view: StatusView, width: int) -> grid.Grid:
    # the wide form needs its five short columns at their natural widths (about 90 columns)
    # beside a comfortable free text: not worth building below this
    for wide in (True, False) if width >= WIDE_ENOUGH else (False,):
        columns = [
            grid.Column("Id"),
            grid.Column("Commitment", flex=True),
            grid.Column("Owner", max_width=24),
            *([grid.Column("Partners", max_width=30)] if wide else []),
            grid.Column("Due"),
            grid.Column("Status"),
            *([grid.Column("Updated")] if wide else []),
        ]
        table = grid.Grid(columns)
        for group in view.themes:
            table.section(group.theme.heading)
            for row in group.rows:
                table.add(*_commitment_cells(row, wide))
        if not wide or table.fits(width):
            return table
    raise AssertionError("unreachable")


def _commitment_cells(row: CommitmentRow, wide: bool) -> list[Cell]:
    c = row.commitment
    ident = grid.text(c.id, "bold")
    if row.in_doubt:
        ident = grid.spans((printable(c.id), "bold"), (" ?", "bold red"))
    about = list(grid.text(c.title))
    if not wide and row.partners:
        about += grid.text("with " + ", ".join(row.partner_labels), "dim")
    if c.reason and c.status in NEEDS_REASON:
        colour = " ".join(w for w in c.status.style.split() if w != "bold")
        about += grid.text(f"Reason: {c.reason}", colour)
    if row.latest is not None:
        about += grid.text(f"Latest ({updated_words(row)}): {row.latest.note}", "dim")
    elif not wide:
        about += grid.text("never updated", "dim")
    if row.stale and not wide:
        about += grid.text(f"stale: no update for {_since(row)}", "yellow")
    due: Cell = grid.text(c.due.isoformat())
    words = due_words(row)
    if words:
        due = grid.join(due, grid.text(words, "bold red" if row.overdue else "dim"))
    if row.slipped:
        due = grid.join(due, grid.text(slip_words(row), "yellow"))
    cells: list[Cell] = [ident, tuple(about), grid.text(row.owner_label)]
    if wide:
        cells.append(grid.text(", ".join(row.partner_labels), "dim"))
    cells += [due, grid.spans((c.status.value, c.status.style))]
    if wide:
        updated = grid.text(updated_words(row), "dim")
        if row.stale:
            updated = grid.join(updated, grid.text("stale", "yellow"))
        cells.append(updated)
    return cells


def slip_words(row: CommitmentRow) -> str:
    """'slipped once', 'slipped 3 times' ('' when it has not slipped)."""
    if not row.slipped or row.slippage is None:
        return ""
    slips = row.slippage.slips
    return "slipped " + {1: "once", 2: "twice"}.get(slips, f"{slips} times")


def slippage_dict(row: CommitmentRow) -> dict[str, Any] | None:
    moved = row.slippage
    if moved is None:
        return None
    return {
        "first_due": moved.first_due.isoformat(),
        "first_due_written": moved.first_due_written,
        "times_moved": moved.moves,
        "slips": moved.slips,
        "slip_days": moved.slip_days,
    }


def _since(row: CommitmentRow) -> str:
    return "ever" if row.days_since_update is None else span(row.days_since_update)


def _nothing(view: StatusView) -> str:
    if view.doubt is not None and (view.doubt.unread or view.doubt.unread_files):
        return "No commitments could be read: see the errors above."
    if view.filters != Filters():
        return "No commitments match."
    return "The plan has no commitments yet: add them under 'commitments:'."


def table(view: StatusView, width: int = 80) -> RenderableType:
    parts: list[RenderableType] = [_header(view)]
    if view.doubt is not None:
        parts += [Text(), banner(view.doubt)]
    if view.themes:
        parts += [Text(), _orgs_grid(view), Text(), _key(view)]
        parts += [Text(), _theme_grid(view, width)]
    else:  # a table of organisations that own nothing here says nothing
        parts += [Text(), Text(_nothing(view), style="dim")]
    return Group(*parts)


# -- JSON ---------------------------------------------------------------------------------------


def _org_dict(row: OrgRow) -> dict[str, Any]:
    s = row.signatory
    return {
        "id": s.id,
        "name": s.name,
        "short_name": s.short_name,
        "sector": s.sector.value,
        "role": s.role.value,
        "leads": row.leads,
        "partner_in": row.partner_in,
        "by_status": {k.value: v for k, v in row.by_status.items()},
        "overdue": row.overdue,
        "due_soon": row.due_soon,
        "left": s.left.isoformat() if s.left else None,
        "successor": s.successor,
    }


def commitment_dict(row: CommitmentRow) -> dict[str, Any]:
    c = row.commitment
    last = c.last_update
    latest = row.latest
    return {
        "id": c.id,
        "title": c.title,
        "theme": c.theme.value,
        "owner": c.owner,
        "owner_name": row.owner.name if row.owner else None,
        "partners": list(c.partners),
        "partner_names": [p.name if p else None for _, p in row.partners],
        "status": c.status.value,
        "rag": c.status.rag,
        "reason": c.reason,
        "due": c.due.isoformat(),
        "days_to_due": row.days_to_due,
        "overdue": row.overdue,
        "due_soon": row.due_soon,
        "start": c.start.isoformat() if c.start else None,
        "last_update": last.isoformat() if last else None,
        "days_since_update": row.days_since_update,
        "stale": row.stale,
        "latest_update": (
            {
                "date": latest.date.isoformat(),
                "by": latest.by,
                "status": latest.status.value if latest.status else None,
                "note": latest.note,
            }
            if latest
            else None
        ),
        "in_doubt": row.in_doubt,
        "slippage": slippage_dict(row),
    }


def doubt_dict(doubt: Doubt | None) -> dict[str, Any] | None:
    if doubt is None:
        return None
    return {
        "errors": doubt.errors,
        "unread": list(doubt.unread),
        "unread_files": list(doubt.unread_files),
        "unread_organisations": list(doubt.unread_organisations),
        "in_doubt": sorted(doubt.in_doubt, key=id_key),
    }


def as_dict(view: StatusView) -> dict[str, Any]:
    return envelope(
        "status",
        area=view.area,
        as_of=view.as_of.isoformat(),
        filters=view.filters.describe(),
        problems=doubt_dict(view.doubt),
        summary={
            "commitments": view.total,
            "by_status": {k.value: v for k, v in view.by_status.items()},
            "overdue": view.overdue,
            "due_soon": view.due_soon,
            "stale": view.stale,
            "stale_days": view.stale_days,
            "slipped": view.slipped,
            "errors": view.doubt.errors if view.doubt else 0,
            "warnings": view.warnings,
        },
        organisations=[_org_dict(o) for o in view.organisations],
        former_organisations=[_org_dict(o) for o in view.former],
        commitments=[commitment_dict(r) for r in view.rows],
    )


# -- CSV ----------------------------------------------------------------------------------------

#: The columns, in the words of the table and the Markdown; the first few are the action
#: plan template's (No. / Action / Led by / Timescale).
CSV_COLUMNS = (
    "Id",
    "Commitment",
    "Theme",
    "Owner",
    "Owner name",
    "Partners",
    "Partner names",
    "Due",
    "Status",
    "RAG",
    "Reason",
    "Overdue",
    "Due soon",
    "Updated",
    "Stale",
    "Latest update",
    "In doubt",
    "Slipped",
)


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def csv_text(view: StatusView) -> str:
    """The action plan's columns, one row per commitment, for a spreadsheet."""
    rows = []
    for row in view.rows:
        c = row.commitment
        last = c.last_update
        rows.append(
            (
                c.id,
                c.title,
                c.theme.value,
                c.owner,
                row.owner.name if row.owner else "",
                "; ".join(c.partners),
                "; ".join(p.name if p else pid for pid, p in row.partners),
                c.due.isoformat(),
                c.status.value,
                c.status.rag,
                c.reason or "",
                _yes(row.overdue),
                _yes(row.due_soon),
                last.isoformat() if last else "",
                _yes(row.stale),
                row.latest.note if row.latest else "",
                _yes(row.in_doubt),
                "" if row.slippage is None else str(row.slippage.slips),
            )
        )
    return csv_table(CSV_COLUMNS, rows)


# -- Markdown -----------------------------------------------------------------------------------


def md_banner(doubt: Doubt | None) -> list[str]:
    """The banner as a Markdown quote, with a blank line after it; nothing without errors."""
    if doubt is None:
        return []
    words = doubt.words()
    lines = [f"> **{md_cell(words[0])}**"]
    lines += [f"> {md_cell(line)}" for line in words[1:]]
    return [*(line + "  " for line in lines[:-1]), lines[-1], ""]


def markdown(view: StatusView) -> str:
    lines = [f"## {md_cell(view.area)}: commitments as of {view.as_of.isoformat()}", ""]
    lines += md_banner(view.doubt)
    summary = ", ".join(f"{n} {s.value}" for s, n in view.by_status.items() if n)
    lines.append(f"{plural(view.total, 'commitment')}: {summary or 'none'}. ")
    lines[-1] += f"{view.overdue} overdue, {view.due_soon} due in the next {DUE_SOON_DAYS} days"
    lines[-1] += f", {view.stale} stale" if view.stale else ""
    lines[-1] += f", {view.slipped} slipped." if view.slipped else "."
    if view.filters.describe():
        lines.append("")
        lines.append(f"Showing: {md_cell('; '.join(view.filters.describe()))}.")
    orgs = view.organisations + tuple(o for o in view.former if o.leads or o.partner_in)
    if orgs and view.themes:
        lines += ["", "### Who owns what", ""]
        heads = ["Organisation", "Leads", "Partner in", *(s.value for s in STATUS_ORDER)]
        heads += ["Overdue", "Due soon"]
        lines.append("| " + " | ".join(heads) + " |")
        lines.append("|---" + "|--:" * (len(heads) - 1) + "|")
        for org in orgs:
            name = md_cell(org.signatory.name)
            if org.left:
                successor = org.successor.name if org.successor else "no successor"
                name += f" (left; now {md_cell(successor)})"
            counts = [org.leads, org.partner_in, *(org.by_status[s] for s in STATUS_ORDER)]
            counts += [org.overdue, org.due_soon]
            lines.append("| " + " | ".join([name, *map(str, counts)]) + " |")
        lines += ["", f"*{md_cell(ORG_KEY)}*"]
    quiet = [o for o in view.former if not (o.leads or o.partner_in)]
    if quiet:
        left = "; ".join(
            md_cell(o.signatory.name)
            + (f" (now {md_cell(o.successor.name)})" if o.successor else " (no successor)")
            for o in quiet
        )
        lines += ["", f"Have left: {left}."]
    for group in view.themes:
        lines += ["", f"### {md_cell(group.theme.heading)}", ""]
        lines.append("| Id | Commitment | Owner | Partners | Due | Status | Updated |")
        lines.append("|---|---|---|---|---|---|---|")
        for row in group.rows:
            lines.append("| " + " | ".join(_md_cells(row)) + " |")
    if not view.themes:
        lines += ["", _nothing(view)]
    return "\n".join(lines) + "\n"


def _md_cells(row: CommitmentRow) -> list[str]:
    c = row.commitment
    about = md_lines(c.title)
    if c.reason and c.status in NEEDS_REASON:
        about += f"<br>*Reason:* {md_lines(c.reason)}"
    if row.latest is not None:
        about += f"<br>*Latest ({updated_words(row)}):* {md_lines(row.latest.note)}"
    due = c.due.isoformat()
    words = due_words(row)
    updated = updated_words(row) + (", **stale**" if row.stale else "")
    if row.slipped:
        words = f"{words}, {slip_words(row)}" if words else slip_words(row)
    return [
        md_cell(row.id) + (" **?**" if row.in_doubt else ""),
        about,
        md_cell(row.owner_label),
        md_cell(", ".join(row.partner_labels)),
        f"{due} ({words})" if words else due,
        f"{row.status.symbol} {row.status.value}",
        updated,
    ]


FORMATS: Mapping[ViewFormat, Renderer[StatusView]] = {
    # every line is laid out to the width here, so the console need not wrap or crop
    ViewFormat.TABLE: Renderer(terminal=table, wrap=False),
    ViewFormat.JSON: Renderer(text=lambda view: json_text(as_dict(view)), for_programs=True),
    ViewFormat.CSV: Renderer(text=csv_text),
    ViewFormat.MARKDOWN: Renderer(text=markdown),
}
