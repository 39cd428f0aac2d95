"""Many areas in one run: a regional or national team following every local partnership.

Areas are independent, so they are read and checked in parallel worker processes, each
returning only small, picklable results: its report and its roll-up row. Ids are scoped to
their area and every diagnostic names its file, so one area's problems never hide another's.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from concordat.diagnostics import Report
from concordat.layout import AreaNotFound, display_path, is_area


def find_areas(paths: Sequence[Path]) -> list[Path]:
    """The area folders named: each path is an area, or a folder whose subfolders are areas."""
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise AreaNotFound(f"no such folder: {path}")
        if not path.is_dir():
            raise AreaNotFound(f"not a folder: {path}")
        if is_area(path):
            found.append(path)
            continue
        try:
            children = sorted(p for p in path.iterdir() if p.is_dir() and is_area(p))
        except OSError as error:
            raise AreaNotFound(f"cannot list {path}: {error.strerror or error}") from None
        if not children:
            raise AreaNotFound(
                f"no concordat data in {path}: expected signatories.yaml and commitments.yaml, "
                "or subfolders that hold them"
            )
        found.extend(children)
    return found


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

    @property
    def broken(self) -> bool:
        return self.errors > 0


@dataclass(frozen=True)
class AreaResult:
    folder: str
    name: str | None
    report: Report
    rollup: RollupRow | None


def check_area(folder: Path, as_of: date, stale_days: int | None, rollup: bool) -> AreaResult:
    """Validate one area (and, when asked, compute its roll-up row). Runs in a worker."""
    from concordat import validate

    area, report = validate(folder, as_of=as_of, stale_days=stale_days)
    row = None
    if rollup:
        from concordat import views

        view = views.status_view(area, as_of)
        # the who-owns-what rows already count what each organisation leads: sum by sector
        by_sector: dict[str, list[int]] = {}
        for org in (*view.organisations, *view.former):
            counts = by_sector.setdefault(org.signatory.sector.value, [0, 0, 0])
            counts[0] += org.leads
            counts[1] += sum(n for s, n in org.by_status.items() if s.is_open)
            counts[2] += org.overdue
        row = RollupRow(
            area=view.area,
            folder=display_path(folder),
            commitments=view.total,
            open=sum(n for s, n in view.by_status.items() if s.is_open),
            by_status={s.value: n for s, n in view.by_status.items()},
            overdue=view.overdue,
            stale=sum(1 for d in report.diagnostics if d.code == "P003"),
            core_complete=not any(d.code == "A001" for d in report.diagnostics),
            errors=report.errors,
            warnings=report.warnings,
            by_sector=by_sector,
        )
    return AreaResult(display_path(folder), area.name, report, row)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def run_all(
    folders: Sequence[Path],
    as_of: date,
    stale_days: int | None,
    *,
    rollup: bool,
    jobs: int | None = None,
) -> list[AreaResult]:
    """Every area's result, in the order given; in parallel when there are several."""
    jobs = min(jobs or default_jobs(), len(folders))
    args = (folders, [as_of] * len(folders), [stale_days] * len(folders), [rollup] * len(folders))
    if jobs <= 1:
        return list(map(check_area, *args))
    import multiprocessing  # only a run that checks several areas pays for these imports
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    chunk = max(1, len(folders) // (jobs * 4))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        return list(pool.map(check_area, *args, chunksize=chunk))


def combined(results: Iterable[AreaResult]) -> Report:
    """One report over every area: all diagnostics and files, in a stable order."""
    results = list(results)
    return Report.build(
        (d for r in results for d in r.report.diagnostics),
        [f for r in results for f in r.report.files],
        (s for r in results for s in r.report.silenced),
    )


# -- the roll-up ------------------------------------------------------------------------------


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
    rows: tuple[RollupRow, ...]  # areas that loaded without errors
    broken: tuple[RollupRow, ...]  # areas skipped: they have errors
    sectors: tuple[SectorRow, ...]

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
        )


def rollup(results: Iterable[AreaResult], as_of: date) -> Rollup:
    rows = [r.rollup for r in results if r.rollup is not None]
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
