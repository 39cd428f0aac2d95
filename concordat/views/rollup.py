"""The national roll-up (`concordat status` over many areas): one row per area, and the
figures by the sector of the lead organisation across them.

Each area's row is computed from its data in the worker that checked it (:func:`area_row`),
so only the small row crosses back. Every area is judged by the same threshold for stale
work and the Concordat's own list of core agencies, whatever its own settings say, so that
areas can be compared. An area is left out of the totals when its data has errors by
concordat's own severities; its severity settings and silences change what fails its own
run, never its figures or whether it counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from concordat.diagnostics import Severity
from concordat.layout import display_path
from concordat.pipeline import Checked, Summary
from concordat.views.status import status_view
from concordat.vocab import CORE_SECTORS


@dataclass(frozen=True)
class RollupRow:
    """One area's figures for the national roll-up (computed in the worker)."""

    area: str
    folder: str
    commitments: int
    open: int
    by_status: dict[str, int]
    overdue: int
    stale: int
    core_complete: bool
    errors: int
    warnings: int
    #: sector -> [commitments led, of them open, of them overdue]
    by_sector: dict[str, list[int]] = field(default_factory=dict)
    #: Problems in its data that concordat reports as errors, whatever the area's settings.
    data_errors: int = 0
    #: Open commitments due later than first promised (from git); None outside git.
    slipped: int | None = None

    @property
    def broken(self) -> bool:
        return self.data_errors > 0


@dataclass(frozen=True)
class SectorRow:
    sector: str
    led: int
    open: int
    overdue: int

    @property
    def overdue_share(self) -> float:
        return share(self.overdue, self.open)


@dataclass(frozen=True)
class Rollup:
    as_of: date
    rows: tuple[RollupRow, ...]  # areas without errors in their data
    broken: tuple[RollupRow, ...]  # areas skipped: their data has errors
    sectors: tuple[SectorRow, ...]

    @property
    def failing(self) -> tuple[RollupRow, ...]:
        """The areas whose own run fails: errors, by their own settings."""
        return tuple(r for r in (*self.rows, *self.broken) if r.errors)

    @property
    def totals(self) -> RollupRow:
        rows = self.rows
        by_status: dict[str, int] = {}
        for row in rows:
            for status, n in row.by_status.items():
                by_status[status] = by_status.get(status, 0) + n
        return RollupRow(
            area="All areas",
            folder="",
            commitments=sum(r.commitments for r in rows),
            open=sum(r.open for r in rows),
            by_status=by_status,
            overdue=sum(r.overdue for r in rows),
            stale=sum(r.stale for r in rows),
            core_complete=all(r.core_complete for r in rows),
            errors=sum(r.errors for r in rows),
            warnings=sum(r.warnings for r in rows),
            slipped=None if self.slippage_unknown else sum(r.slipped or 0 for r in rows),
        )

    @property
    def slippage_unknown(self) -> bool:
        """No area shown is in git, so nothing can be said of slippage."""
        return all(r.slipped is None for r in self.rows)


def area_row(checked: Checked, *, stale_days: int, history: bool = False) -> RollupRow:
    """One area's row, from its data: stale means no update for more than ``stale_days``;
    with ``history``, slipped work from the git record the area is in (one read of it)."""
    from concordat.history.slippage import slippage

    area, as_of = checked.area, checked.settings.as_of
    moved = slippage(area.folder) if history else None
    view = status_view(area, as_of, stale_days=stale_days, slippage=moved)
    # the who-owns-what rows already count what each organisation leads: sum by sector
    by_sector: dict[str, list[int]] = {}
    for org in (*view.organisations, *view.former):
        counts = by_sector.setdefault(org.signatory.sector.value, [0, 0, 0])
        counts[0] += org.leads
        counts[1] += sum(n for s, n in org.by_status.items() if s.is_open)
        counts[2] += org.overdue
    return RollupRow(
        area=view.area,
        folder=display_path(area.folder),
        commitments=view.total,
        open=sum(n for s, n in view.by_status.items() if s.is_open),
        by_status={s.value: n for s, n in view.by_status.items()},
        overdue=view.overdue,
        stale=view.stale,
        core_complete=not area.missing_sectors(CORE_SECTORS, as_of),
        errors=checked.report.errors,
        warnings=checked.report.warnings,
        by_sector=by_sector,
        data_errors=sum(1 for d in checked.found if d.severity is Severity.ERROR),
        slipped=view.slipped,
    )


def rollup(summaries: Iterable[Summary[RollupRow]], as_of: date) -> Rollup:
    rows = [s.value for s in summaries]
    good = [r for r in rows if not r.broken]
    sectors: dict[str, list[int]] = {}
    for row in good:
        for sector, counts in row.by_sector.items():
            total = sectors.setdefault(sector, [0, 0, 0])
            for i in range(3):
                total[i] += counts[i]
    sector_rows = sorted(
        (SectorRow(s, *c) for s, c in sectors.items()),
        key=lambda r: (-r.overdue, -r.led, r.sector),
    )
    return Rollup(as_of, tuple(good), tuple(r for r in rows if r.broken), tuple(sector_rows))


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0
