"""The status view as a terminal table, JSON, CSV and Markdown. All read one StatusView."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from concordat.render import Renderer, ViewFormat
from concordat.render.common import csv_text as csv_table
from concordat.render.common import due_words, envelope, json_text, updated_words
from concordat.render.terminal import cell, status_text, titled_table
from concordat.safe import md_cell, printable
from concordat.views.status import DUE_SOON_DAYS, CommitmentRow, OrgRow, StatusView
from concordat.vocab import KEY_ORDER, STATUS_ORDER, Status

# -- terminal ---------------------------------------------------------------------------------


def _header(view: StatusView) -> Text:
    out = Text()
    out.append(printable(view.area), style="bold")
    out.append(f"  as of {view.as_of.isoformat()}  ")
    out.append(f"{view.total} commitment{'' if view.total == 1 else 's'}", style="bold")
    if view.filters.describe():
        out.append(f" ({'; '.join(view.filters.describe())})", style="dim")
    out.append("\n")
    parts = [(s, n) for s, n in view.by_status.items() if n]
    for index, (status, count) in enumerate(parts):
        if index:
            out.append("  ")
        out.append(f"{count} ", style="bold")
        out.append_text(status_text(status))
    if view.overdue or view.due_soon:
        out.append("\n")
        out.append(f"{view.overdue} overdue", style="bold red" if view.overdue else "")
        out.append(f"  {view.due_soon} due in the next {DUE_SOON_DAYS} days")
    return out


def _count(n: int, status: Status | None = None) -> Text:
    if n == 0:
        return Text("·", style="dim")
    return Text(str(n), style=status.style if status else "bold")


#: At this width and above, partners and last update get columns of their own.
WIDE = 120


def _orgs_table(rows: tuple[OrgRow, ...], title: str, former: bool = False) -> Table:
    table = titled_table(title)
    table.add_column("Organisation", ratio=1, min_width=14, overflow="fold")
    table.add_column("Leads", justify="right")
    table.add_column("Partner", justify="right")
    for status in STATUS_ORDER:
        table.add_column(Text(status.letter, style=status.style), justify="right")
    table.add_column("Late", justify="right")
    table.add_column(f"≤{DUE_SOON_DAYS}d", justify="right")
    for row in rows:
        name = cell(row.signatory.label)
        if former:
            name.append(" → ", style="dim")
            name.append_text(cell(row.successor.label if row.successor else "no successor"))
        table.add_row(
            name,
            _count(row.leads),
            _count(row.partner_in),
            *(_count(row.by_status[s], s) for s in STATUS_ORDER),
            _count(row.overdue, Status.OFF_TRACK),
            _count(row.due_soon),
        )
    return table


def _theme_table(theme_rows: tuple[CommitmentRow, ...], title: str, width: int) -> Table:
    wide = width >= WIDE
    table = titled_table(title)
    table.add_column("Id", no_wrap=True)
    table.add_column("Commitment", ratio=3, min_width=16, overflow="fold")
    table.add_column("Owner", ratio=1, min_width=12, overflow="fold")
    if wide:
        table.add_column("Partners", ratio=1, min_width=14, overflow="fold")
    table.add_column("Due", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    if wide:
        table.add_column("Updated", no_wrap=True)
    for row in theme_rows:
        due = Text(row.commitment.due.isoformat())
        words = due_words(row)
        if words:
            due.append("\n")
            due.append(words, style="bold red" if row.overdue else "dim")
        title_cell = cell(row.commitment.title)
        partners = cell(", ".join(row.partner_labels))
        updated = Text(updated_words(row), style="dim")
        if not wide:
            if row.partners:
                title_cell.append("\nwith ", style="dim")
                title_cell.append_text(cell(", ".join(row.partner_labels), style="dim"))
            last = "never updated" if row.days_since_update is None else f"updated {updated.plain}"
            title_cell.append(f"\n{last}", style="dim")
        cells = [cell(row.id), title_cell, cell(row.owner_label)]
        if wide:
            cells.append(partners)
        cells += [due, status_text(row.status)]
        if wide:
            cells.append(updated)
        table.add_row(*cells)
    return table


def key_line() -> Text:
    """The BRAG key, printed under the who-owns-what table."""
    out = Text("Key: ", style="dim")
    for index, status in enumerate(KEY_ORDER):
        if index:
            out.append("  ")
        out.append(status.letter, style=status.style)
        out.append(f" {status.value}")
    return out


def table(view: StatusView, width: int = 80) -> RenderableType:
    parts: list[RenderableType] = [_header(view), Text()]
    if view.organisations:
        parts.append(_orgs_table(view.organisations, "Who owns what"))
    if view.former:
        parts.append(_orgs_table(view.former, "Organisations that have left", former=True))
    parts.append(key_line())
    for group in view.themes:
        parts += [Text(), _theme_table(group.rows, group.theme.heading, width)]
    if not view.themes:
        parts += [Text(), Text("No commitments match.", style="dim")]
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
    return {
        "id": c.id,
        "title": c.title,
        "theme": c.theme.value,
        "owner": c.owner,
        "owner_name": row.owner.name if row.owner else None,
        "partners": list(c.partners),
        "status": c.status.value,
        "rag": c.status.rag,
        "due": c.due.isoformat(),
        "days_to_due": row.days_to_due,
        "overdue": row.overdue,
        "start": c.start.isoformat() if c.start else None,
        "last_update": last.isoformat() if last else None,
        "days_since_update": row.days_since_update,
    }


def as_dict(view: StatusView) -> dict[str, Any]:
    return envelope(
        "status",
        area=view.area,
        as_of=view.as_of.isoformat(),
        filters=view.filters.describe(),
        summary={
            "commitments": view.total,
            "by_status": {k.value: v for k, v in view.by_status.items()},
            "overdue": view.overdue,
            "due_soon": view.due_soon,
            "warnings": view.warnings,
        },
        organisations=[_org_dict(o) for o in view.organisations],
        former_organisations=[_org_dict(o) for o in view.former],
        commitments=[commitment_dict(r) for r in view.rows],
    )


# -- CSV ----------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "ref",
    "action",
    "theme",
    "lead",
    "lead_name",
    "partners",
    "due",
    "status",
    "rag",
    "overdue",
    "last_update",
)


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
                c.due.isoformat(),
                c.status.value,
                c.status.rag,
                "yes" if row.overdue else "no",
                last.isoformat() if last else "",
            )
        )
    return csv_table(CSV_COLUMNS, rows)


# -- Markdown -----------------------------------------------------------------------------------


def markdown(view: StatusView) -> str:
    lines = [f"## {md_cell(view.area)}: commitments as of {view.as_of.isoformat()}", ""]
    summary = ", ".join(f"{n} {s.value}" for s, n in view.by_status.items() if n)
    lines.append(f"{view.total} commitments: {summary or 'none'}. ")
    lines[-1] += f"{view.overdue} overdue, {view.due_soon} due in the next {DUE_SOON_DAYS} days."
    if view.filters.describe():
        lines.append("")
        lines.append(f"Showing: {md_cell('; '.join(view.filters.describe()))}.")
    lines += ["", "### Who owns what", ""]
    heads = ["Organisation", "Leads", "Partner", *(s.value for s in STATUS_ORDER)]
    heads += ["Overdue", f"Due in {DUE_SOON_DAYS} days"]
    lines.append("| " + " | ".join(heads) + " |")
    lines.append("|---" + "|--:" * (len(heads) - 1) + "|")
    for org in view.organisations + view.former:
        name = md_cell(org.signatory.name)
        if org.left:
            successor = org.successor.name if org.successor else "no successor"
            name += f" (left; now {md_cell(successor)})"
        counts = [org.leads, org.partner_in, *(org.by_status[s] for s in STATUS_ORDER)]
        counts += [org.overdue, org.due_soon]
        lines.append("| " + " | ".join([name, *map(str, counts)]) + " |")
    for group in view.themes:
        lines += ["", f"### {group.theme.heading}", ""]
        lines.append("| Ref | Action | Lead | Partners | Due | Status | Last update |")
        lines.append("|---|---|---|---|---|---|---|")
        for row in group.rows:
            due = row.commitment.due.isoformat()
            words = due_words(row)
            cells = [
                md_cell(row.id),
                md_cell(row.commitment.title),
                md_cell(row.owner_label),
                md_cell(", ".join(row.partner_labels)),
                f"{due} ({words})" if words else due,
                f"{row.status.symbol} {row.status.value}",
                updated_words(row),
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


FORMATS: Mapping[ViewFormat, Renderer[StatusView]] = {
    ViewFormat.TABLE: Renderer(terminal=table),
    ViewFormat.JSON: Renderer(text=lambda view: json_text(as_dict(view)), for_programs=True),
    ViewFormat.CSV: Renderer(text=csv_text),
    ViewFormat.MARKDOWN: Renderer(text=markdown),
}
