"""The national roll-up (`concordat status` over many areas) in every format."""

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
from concordat.views.rollup import Rollup, RollupRow, SectorRow, share
from concordat.vocab import STATUS_ORDER


def _pct(part: int, whole: int) -> str:
    return f"{share(part, whole):.0%}" if whole else "-"


def _area_cells(row: RollupRow) -> list[str]:
    return [
        str(row.commitments),
        *(str(row.by_status.get(s.value, 0)) for s in STATUS_ORDER),
        _pct(row.overdue, row.open),
        _pct(row.stale, row.open),
        "yes" if row.core_complete else "no",
        str(row.errors),
    ]


def table(rollup: Rollup, width: int = 80) -> RenderableType:
    totals = rollup.totals
    head = Text()
    head.append(f"{len(rollup.rows)} areas", style="bold")
    head.append(f"  as of {rollup.as_of.isoformat()}  {totals.commitments} commitments  ")
    head.append(f"{_pct(totals.overdue, totals.open)} of open work overdue", style="bold")
    if rollup.broken:
        head.append(f"\n{len(rollup.broken)} area(s) skipped: they have errors", style="bold red")
    areas = titled_table("Areas")
    areas.add_column("Area", ratio=1, min_width=10, overflow="fold")
    areas.add_column("Total", justify="right")
    for status in STATUS_ORDER:
        areas.add_column(Text(status.letter, style=status.style), justify="right")
    for name in ("Late", "Stale", "Core", "Errors"):
        areas.add_column(name, justify="right")
    for row in rollup.rows:
        areas.add_row(cell(row.area), *_area_cells(row))
    for row in rollup.broken:
        areas.add_row(
            cell(row.area, style="red"),
            *(Text("-", style="dim") for _ in range(len(STATUS_ORDER) + 4)),
            Text(str(row.errors), style="bold red"),
        )
    areas.add_row(Text("All areas", style="bold"), *_area_cells(totals), end_section=True)
    sectors = titled_table("By sector of the lead organisation")
    sectors.add_column("Sector", ratio=1, overflow="fold")
    for name in ("Leads", "Open", "Overdue", "% overdue"):
        sectors.add_column(name, justify="right")
    for s in rollup.sectors:
        sectors.add_row(s.sector, str(s.led), str(s.open), str(s.overdue), _pct(s.overdue, s.open))
    note = Text(
        "Overdue and stale are shares of open commitments. Core: all core agencies signed. "
        "Areas with errors are listed apart and left out of the totals.",
        style="dim",
    )
    return Group(head, Text(), areas, sectors, note)


def problems(rollup: Rollup) -> list[str]:
    """What is said on stderr when areas were skipped, or have errors of their own."""
    lines = []
    if rollup.broken:
        names = ", ".join(r.folder for r in rollup.broken)
        lines.append(
            f"concordat: {len(rollup.broken)} area(s) skipped because of errors: {names}; "
            "run concordat validate on them"
        )
    counted = [r for r in rollup.failing if not r.broken]
    if counted:
        names = ", ".join(r.folder for r in counted)
        lines.append(
            f"concordat: {len(counted)} area(s) have errors by their own settings: {names}; "
            "run concordat validate on them"
        )
    return lines


def _row_dict(row: RollupRow) -> dict[str, Any]:
    return {
        "area": row.area,
        "folder": row.folder,
        "commitments": row.commitments,
        "open": row.open,
        "by_status": row.by_status,
        "overdue": row.overdue,
        "overdue_share": round(share(row.overdue, row.open), 4),
        "stale": row.stale,
        "stale_share": round(share(row.stale, row.open), 4),
        "core_agencies_complete": row.core_complete,
        "errors": row.errors,
        "warnings": row.warnings,
    }


def _sector_dict(s: SectorRow) -> dict[str, Any]:
    return {
        "sector": s.sector,
        "led": s.led,
        "open": s.open,
        "overdue": s.overdue,
        "overdue_share": round(s.overdue_share, 4),
    }


def as_dict(rollup: Rollup) -> dict[str, Any]:
    return envelope(
        "rollup",
        as_of=rollup.as_of.isoformat(),
        totals=_row_dict(rollup.totals),
        areas=[_row_dict(r) for r in rollup.rows],
        skipped_areas=[_row_dict(r) for r in rollup.broken],
        sectors=[_sector_dict(s) for s in rollup.sectors],
    )


CSV_COLUMNS = (
    "area",
    "folder",
    "commitments",
    "open",
    *(s.value for s in STATUS_ORDER),
    "overdue",
    "stale",
    "core_agencies_complete",
    "errors",
    "skipped",
)


def csv_text(rollup: Rollup) -> str:
    rows = [
        (
            r.area,
            r.folder,
            str(r.commitments),
            str(r.open),
            *(str(r.by_status.get(s.value, 0)) for s in STATUS_ORDER),
            str(r.overdue),
            str(r.stale),
            "yes" if r.core_complete else "no",
            str(r.errors),
            "yes" if r.broken else "no",
        )
        for r in (*rollup.rows, *rollup.broken)
    ]
    return csv_table(CSV_COLUMNS, rows)


def markdown(rollup: Rollup) -> str:
    totals = rollup.totals
    lines = [
        f"## Concordat roll-up: {len(rollup.rows)} areas as of {rollup.as_of.isoformat()}",
        "",
        f"{totals.commitments} commitments; {_pct(totals.overdue, totals.open)} of open work "
        f"overdue, {_pct(totals.stale, totals.open)} stale.",
        "",
        "| Area | Total | "
        + " | ".join(s.value for s in STATUS_ORDER)
        + " | Overdue | Stale | Core agencies | Errors |",
        "|---" + "|--:" * (len(STATUS_ORDER) + 3) + "|---|--:|",
    ]
    for row in (*rollup.rows, totals):
        lines.append("| " + " | ".join([md_cell(row.area), *_area_cells(row)]) + " |")
    if rollup.broken:
        lines += ["", "Skipped because of errors (run `concordat validate` on them):", ""]
        lines += [
            f"- {md_cell(r.area)} ({md_cell(r.folder)}): {r.errors} errors" for r in rollup.broken
        ]
    lines += ["", "### By sector of the lead organisation", ""]
    lines += ["| Sector | Leads | Open | Overdue | % overdue |", "|---|--:|--:|--:|--:|"]
    for s in rollup.sectors:
        lines.append(
            f"| {s.sector} | {s.led} | {s.open} | {s.overdue} | {_pct(s.overdue, s.open)} |"
        )
    return "\n".join(lines) + "\n"


FORMATS: Mapping[ViewFormat, Renderer[Rollup]] = {
    ViewFormat.TABLE: Renderer(terminal=table),
    ViewFormat.JSON: Renderer(text=lambda rollup: json_text(as_dict(rollup)), for_programs=True),
    ViewFormat.CSV: Renderer(text=csv_text),
    ViewFormat.MARKDOWN: Renderer(text=markdown),
}
