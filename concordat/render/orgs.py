"""The signatories (`concordat orgs`) as a table, JSON, CSV and Markdown."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from concordat.render import Renderer, ViewFormat, grid
from concordat.render.common import csv_text as csv_table
from concordat.render.common import envelope, json_text, plural
from concordat.render.status import banner, doubt_dict, md_banner
from concordat.safe import md_cell, printable
from concordat.views.orgs import OrgEntry, OrgListing
from concordat.vocab import Role


def _left(entry: OrgEntry) -> str:
    """'left 2020-03-31 → ICB', or 'leaves ...' for a date after the as-of date."""
    s = entry.row.signatory
    if not s.left:
        return ""
    successor = entry.row.successor.label if entry.row.successor else s.successor
    verb = "left" if entry.row.left else "leaves"
    return f"{verb} {s.left.isoformat()}" + (f" → {successor}" if successor else "")


def table(listing: OrgListing, width: int = 80) -> RenderableType:
    columns = [
        grid.Column("Organisation", flex=True),
        grid.Column("Id"),
        grid.Column("Led commitments", max_width=30),
    ]
    rows = grid.Grid(columns)
    for entry in listing.entries:
        s = entry.row.signatory
        signed = f"{s.sector.value} · signed {s.signed.isoformat()}"
        if s.role is not Role.SIGNATORY:
            signed += f" as a {s.role.value}"
        name = grid.join(grid.text(s.name), grid.text(signed, "dim"))
        left = _left(entry)
        if left:
            name = grid.join(name, grid.text(left, "dim"))
        leads = ", ".join(entry.led)
        rows.add(
            name,
            grid.text(s.id, "bold"),
            grid.text(leads) if entry.led else grid.text("none", "dim"),
        )
    head = grid.Flow(
        [
            [
                ((printable(listing.area), "bold"),),
                ((plural(len(listing.entries), "organisation"), ""),),
                ((f"as of {listing.as_of.isoformat()}", ""),),
            ]
        ]
    )
    parts: list[RenderableType] = [head]
    if listing.doubt is not None:
        parts += [Text(), banner(listing.doubt)]
    parts += [Text(), rows]
    return Group(*parts)


def as_dict(listing: OrgListing) -> dict[str, Any]:
    return envelope(
        "orgs",
        area=listing.area,
        as_of=listing.as_of.isoformat(),
        problems=doubt_dict(listing.doubt),
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


CSV_COLUMNS = (
    "Id",
    "Organisation",
    "Sector",
    "Role",
    "Signed",
    "Left",
    "Successor",
    "Leads",
    "Led commitments",
    "Partner in",
)


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
                str(e.row.leads),
                "; ".join(e.led),
                str(e.row.partner_in),
            )
        )
    return csv_table(CSV_COLUMNS, rows)


def markdown(listing: OrgListing) -> str:
    lines = [f"## {md_cell(listing.area)}: signatories as of {listing.as_of.isoformat()}", ""]
    lines += md_banner(listing.doubt)
    lines.append("| Organisation | Id | Sector | Role | Signed | Left | Led commitments |")
    lines.append("|---|---|---|---|---|---|---|")
    for e in listing.entries:
        s = e.row.signatory
        cells = [
            md_cell(s.name),
            md_cell(s.id),
            s.sector.value,
            s.role.value,
            s.signed.isoformat(),
            md_cell(_left(e)),
            md_cell(", ".join(e.led)),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


FORMATS: Mapping[ViewFormat, Renderer[OrgListing]] = {
    ViewFormat.TABLE: Renderer(terminal=table, wrap=False),
    ViewFormat.JSON: Renderer(text=lambda listing: json_text(as_dict(listing)), for_programs=True),
    ViewFormat.CSV: Renderer(text=csv_text),
    ViewFormat.MARKDOWN: Renderer(text=markdown),
}
