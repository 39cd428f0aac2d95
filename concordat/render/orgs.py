"""The signatories (`concordat orgs`) as a table, JSON, CSV and Markdown."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from concordat.render import Renderer, ViewFormat
from concordat.render.common import csv_text as csv_table
from concordat.render.common import envelope, json_text
from concordat.render.terminal import cell, titled_table
from concordat.safe import md_cell
from concordat.views.orgs import OrgEntry, OrgListing


def _left(entry: OrgEntry) -> str:
    """'left 2020-03-31 → ICB', or 'leaves ...' for a date after the as-of date."""
    s = entry.row.signatory
    if not s.left:
        return ""
    successor = entry.row.successor.label if entry.row.successor else s.successor
    verb = "left" if entry.row.left else "leaves"
    return f"{verb} {s.left.isoformat()}" + (f" → {successor}" if successor else "")


def table(listing: OrgListing, width: int = 80) -> RenderableType:
    grid = titled_table("Signatories")
    grid.add_column("Organisation (id)", ratio=3, min_width=16, overflow="fold")
    grid.add_column("Sector", no_wrap=True)
    grid.add_column("Role", no_wrap=True)
    grid.add_column("Signed", no_wrap=True)
    grid.add_column("Leads", ratio=1, min_width=5, overflow="fold")
    for entry in listing.entries:
        s = entry.row.signatory
        name = cell(s.name)
        name.append("\n")
        name.append_text(cell(s.id, style="dim"))
        left = _left(entry)
        if left:
            name.append("\n")
            name.append_text(cell(left, style="dim"))
        leads = ", ".join(entry.led) if entry.led else "—"
        grid.add_row(
            name,
            s.sector.value,
            s.role.value,
            s.signed.isoformat(),
            cell(leads, style="" if entry.led else "dim"),
        )
    head = Text()
    head.append_text(cell(listing.area, "bold"))
    head.append(f"  {len(listing.entries)} organisations  as of {listing.as_of.isoformat()}")
    return Group(head, grid)


def as_dict(listing: OrgListing) -> dict[str, Any]:
    return envelope(
        "orgs",
        area=listing.area,
        as_of=listing.as_of.isoformat(),
        organisations=[
            {
                "id": e.row.signatory.id,
                "name": e.row.signatory.name,
                "short_name": e.row.signatory.short_name,
                "sector": e.row.signatory.sector.value,
                "role": e.row.signatory.role.value,
                "signed": e.row.signatory.signed.isoformat(),
                "left": e.row.signatory.left.isoformat() if e.row.signatory.left else None,
                "successor": e.row.signatory.successor,
                "leads": e.row.leads,
                "led_commitments": list(e.led),
                "partner_in": e.row.partner_in,
            }
            for e in listing.entries
        ],
    )


CSV_COLUMNS = ("id", "name", "sector", "role", "signed", "left", "successor", "leads", "partner_in")


def csv_text(listing: OrgListing) -> str:
    rows = []
    for e in listing.entries:
        s = e.row.signatory
        rows.append(
            (
                s.id,
                s.name,
                s.sector.value,
                s.role.value,
                s.signed.isoformat(),
                s.left.isoformat() if s.left else "",
                s.successor or "",
                "; ".join(e.led),
                str(e.row.partner_in),
            )
        )
    return csv_table(CSV_COLUMNS, rows)


def markdown(listing: OrgListing) -> str:
    lines = [f"## {md_cell(listing.area)}: signatories as of {listing.as_of.isoformat()}", ""]
    lines.append("| Organisation | Sector | Role | Signed | Left | Leads |")
    lines.append("|---|---|---|---|---|---|")
    for e in listing.entries:
        s = e.row.signatory
        cells = [
            md_cell(s.name),
            s.sector.value,
            s.role.value,
            s.signed.isoformat(),
            md_cell(_left(e)),
            md_cell(", ".join(e.led)),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


FORMATS: Mapping[ViewFormat, Renderer[OrgListing]] = {
    ViewFormat.TABLE: Renderer(terminal=table),
    ViewFormat.JSON: Renderer(text=lambda listing: json_text(as_dict(listing)), for_programs=True),
    ViewFormat.CSV: Renderer(text=csv_text),
    ViewFormat.MARKDOWN: Renderer(text=markdown),
}
