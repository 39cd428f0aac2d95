"""The national roll-up (`concordat status` over many areas) in every format."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from concordat.render import Renderer, ViewFormat, grid
from concordat.render.common import csv_text as csv_table
from concordat.render.common import envelope, json_text, plural
from concordat.render.status import status_key
from concordat.safe import md_cell
from concordat.views.rollup import Rollup, RollupRow, SectorRow, share
from concordat.vocab import STATUS_ORDER


def _pct(part: int, whole: int) -> str:
    return f"{share(part, whole):.0%}" if whole else "-"


def _area_cells(row: RollupRow, slipped: bool = False) -> list[str]:
    """The figures of a row; with ``slipped``, the share of open work that slipped too."""
    return [
        str(row.commitments),
        *(str(row.by_status.get(s.value, 0)) for s in STATUS_ORDER),
        _pct(row.overdue, row.open),
        _pct(row.stale, row.open),
        *([_slipped(row)] if slipped else []),
        "yes" if row.core_complete else "no",
        str(row.errors),
    ]


def _slipped(row: RollupRow) -> str:
    return "-" if row.slipped is None else _pct(row.slipped, row.open)


def _figures(slipped: bool) -> tuple[str, ...]:
    return ("Overdue", "Stale", *(["Slipped"] if slipped else []), "Core", "Errors")


def table(rollup: Rollup, width: int = 80) -> RenderableType:
    totals = rollup.totals
    head = grid.Flow(
        [
            [
                ((plural(len(rollup.rows), "area"), "bold"),),
                ((f"as of {rollup.as_of.isoformat()}", ""),),
                ((plural(totals.commitments, "commitment"), ""),),
                ((f"{_pct(totals.overdue, totals.open)} of open work overdue", "bold"),),
            ],
            [
                ((f"{plural(len(rollup.broken), 'area')} skipped because of errors", "bold red"),)
                for _ in rollup.broken[:1]
            ],
        ]
    )
    slipped = not rollup.slippage_unknown
    figures = _figures(slipped)
    columns = [
        grid.Column("Area", max_width=40),
        grid.Column("Total", "right"),
        *(grid.Column(s.letter, "right") for s in STATUS_ORDER),
        *(grid.Column(name, "right") for name in figures),
    ]
    areas = grid.Grid(columns)
    areas.section("Areas")
    for row in rollup.rows:
        areas.add(grid.text(row.area), *(grid.text(c) for c in _area_cells(row, slipped)))
    for row in rollup.broken:
        areas.add(
            grid.text(row.area, "red"),
            *(grid.text("-", "dim") for _ in range(len(STATUS_ORDER) + len(figures))),
            grid.text(str(row.errors), "bold red"),
        )
    totals_cells = _area_cells(totals, slipped)
    areas.add(grid.text("All areas", "bold"), *(grid.text(c, "bold") for c in totals_cells))
    sectors = grid.Grid(
        [
            grid.Column("Sector"),
            *(grid.Column(n, "right") for n in ("Leads", "Open", "Overdue", "% overdue")),
        ]
    )
    sectors.section("By sector of the lead organisation")
    for s in rollup.sectors:
        numbers = (str(s.led), str(s.open), str(s.overdue), _pct(s.overdue, s.open))
        sectors.add(grid.text(s.sector), *(grid.text(n) for n in numbers))
    note = (
        "Overdue and Stale are shares of open commitments"
        + (", as is Slipped: due later than first promised, from git" if slipped else "")
        + ". Core: yes when every core agency has signed. Areas with errors are listed apart "
        "and left out of the totals."
    )
    prose = grid.Prose([status_key(), ((note, "dim"),)])
    return Group(head, Text(), areas, Text(), sectors, Text(), prose)


def problems(rollup: Rollup) -> list[str]:
    """What is said on stderr when areas were skipped, or have errors of their own: folder
    names with their control characters escaped, whoever writes the lines."""
    from concordat.safe import printable

    lines = []
    if rollup.broken:
        names = ", ".join(printable(r.folder) for r in rollup.broken)
        lines.append(
            f"concordat: {plural(len(rollup.broken), 'area')} skipped because of errors: {names}; "
            "run concordat validate on them"
        )
    counted = [r for r in rollup.failing if not r.broken]
    if counted:
        names = ", ".join(printable(r.folder) for r in counted)
        lines.append(
            f"concordat: {plural(len(counted), 'area')} with errors by their own settings: "
            f"{names}; run concordat validate on them"
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
        "slipped": row.slipped,
        "slipped_share": None if row.slipped is None else round(share(row.slipped, row.open), 4),
        "core_agencies_complete": row.core_complete,
        "errors": row.errors,
        "warnings": row.warnings,
    }


def _sector_dict(s: SectorRow) -> dict[str, Any]:
    return {
        "sector": s.sector,
        "leads": s.led,
        "led": s.led,  # version 2's name for leads, kept until the next version
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
    "Area",
    "Folder",
    "Commitments",
    "Open",
    *(s.value for s in STATUS_ORDER),
    "Overdue",
    "Stale",
    "Slipped",
    "Core agencies signed",
    "Errors",
    "Skipped",
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
            "" if r.slipped is None else str(r.slipped),
            "yes" if r.core_complete else "no",
            str(r.errors),
            "yes" if r.broken else "no",
        )
        for r in (*rollup.rows, *rollup.broken)
    ]
    return csv_table(CSV_COLUMNS, rows)


def markdown(rollup: Rollup) -> str:
    totals = rollup.totals
    slipped = not rollup.slippage_unknown
    lines = [
        f"## Concordat roll-up: {len(rollup.rows)} areas as of {rollup.as_of.isoformat()}",
        "",
        f"{totals.commitments} commitments; {_pct(totals.overdue, totals.open)} of open work "
        f"overdue, {_pct(totals.stale, totals.open)} stale"
        + (f", {_slipped(totals)} slipped." if slipped else "."),
        "",
        "| Area | Total | "
        + " | ".join(s.value for s in STATUS_ORDER)
        + (" | Overdue | Stale | Slipped |" if slipped else " | Overdue | Stale |")
        + " Core agencies | Errors |",
        "|---" + "|--:" * (len(STATUS_ORDER) + 3 + slipped) + "|---|--:|",
    ]
    for row in (*rollup.rows, totals):
        lines.append("| " + " | ".join([md_cell(row.area), *_area_cells(row, slipped)]) + " |")
    if rollup.broken:
        lines += ["", "Skipped because of errors (run `concordat validate` on them):", ""]
        lines += [
            f"- {md_cell(r.area)} ({md_cell(r.folder)}): {plural(r.errors, 'error')}"
            for r in rollup.broken
        ]
    lines += ["", "### By sector of the lead organisation", ""]
    lines += ["| Sector | Leads | Open | Overdue | % overdue |", "|---|--:|--:|--:|--:|"]
    for s in rollup.sectors:
        lines.append(
            f"| {s.sector} | {s.led} | {s.open} | {s.overdue} | {_pct(s.overdue, s.open)} |"
        )
    return "\n".join(lines) + "\n"


FORMATS: Mapping[ViewFormat, Renderer[Rollup]] = {
    ViewFormat.TABLE: Renderer(terminal=table, wrap=False),
    ViewFormat.JSON: Renderer(text=lambda rollup: json_text(as_dict(rollup)), for_programs=True),
    ViewFormat.CSV: Renderer(text=csv_text),
    ViewFormat.MARKDOWN: Renderer(text=markdown),
}
