"""The one path every command takes to look at an area: load it, check it, apply its policy.

:func:`check_area` checks one area in this process and returns everything a view needs.
:func:`check_many` checks several in parallel worker processes; each worker turns its area
into a small, picklable summary (a function the caller chooses), so the large trees of nodes
and models never cross between processes. Ids are scoped to their area and every diagnostic
names its file, so one area's problems never hide another's.

Checking needs pydantic and the models; they are imported when an area is checked, so that
importing this module (and the package, which re-exports it) stays cheap.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from concordat.diagnostics import Diagnostic, Report
from concordat.layout import display_path

if TYPE_CHECKING:
    from concordat.area import Area
    from concordat.config import Settings

T = TypeVar("T")


@dataclass(frozen=True)
class Checked:
    """One area, read and checked: the data, the problems found, and what it was judged by."""

    area: Area
    report: Report  # what the area's run reports, its own settings and silences applied
    settings: Settings
    #: Every problem found in the data, at concordat's own severities, before the area's
    #: settings and silences: the same standard for every area.
    found: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class Summary(Generic[T]):
    """What a worker sends back for one area: its report and the caller's summary of it."""

    folder: str  # as shown to people
    name: str | None  # the area: name in signatories.yaml, if it could be read
    report: Report
    value: T


def check_area(folder: Path, as_of: date, *, stale_days: int | None = None) -> Checked:
    """Load the area at ``folder``, run every check as of ``as_of``, then apply its policy.

    ``stale_days`` overrides the area's ``concordat.toml``. Raises
    :class:`concordat.layout.AreaNotFound` when the folder holds no concordat data; every
    problem in the data itself is in the report.
    """
    from concordat import area as area_module
    from concordat import checks, config, policy

    loaded = area_module.load(folder)
    settings_file, config_problems = config.load(folder, display_path(folder / config.FILE_NAME))
    settings = settings_file.settings(as_of, stale_days)
    found = checks.run(loaded, settings)
    kept, silenced = policy.apply([*found, *config_problems], loaded, settings_file)
    files = [f.name for f in loaded.files]
    if settings_file.file:
        files.append(settings_file.file)
    return Checked(loaded, Report.build(kept, files, silenced), settings, tuple(found))


def report_only(checked: Checked) -> None:
    """The summary for :func:`check_many` when only the reports are wanted: nothing."""


def check_many(
    folders: Sequence[Path],
    as_of: date,
    *,
    summarise: Callable[[Checked], T],
    stale_days: int | None = None,
    jobs: int | None = None,
) -> list[Summary[T]]:
    """Check every area, in the order given: in ``jobs`` processes (at most one per CPU)
    when there are several.

    ``summarise`` runs in the worker, on each checked area; it must be a module-level
    function (or a ``functools.partial`` of one) so it can be sent to the workers.
    """
    work = functools.partial(_check_one, as_of=as_of, stale_days=stale_days, summarise=summarise)
    # checking is work for a CPU: more processes than CPUs only cost starting them
    cpus = default_jobs()
    jobs = min(jobs or cpus, cpus, len(folders))
    if jobs <= 1:
        return [work(folder) for folder in folders]
    import multiprocessing  # only a run that checks several areas pays for these imports
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    chunk = max(1, len(folders) // (jobs * 4))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        return list(pool.map(work, folders, chunksize=chunk))


def _check_one(
    folder: Path, *, as_of: date, stale_days: int | None, summarise: Callable[[Checked], T]
) -> Summary[T]:
    checked = check_area(folder, as_of, stale_days=stale_days)
    return Summary(display_path(folder), checked.area.name, checked.report, summarise(checked))


def combined(summaries: Iterable[Summary[T]]) -> Report:
    """One report over every area: all diagnostics and files, in a stable order."""
    every = list(summaries)
    return Report.build(
        (d for s in every for d in s.report.diagnostics),
        [f for s in every for f in s.report.files],
        (quiet for s in every for quiet in s.report.silenced),
    )


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)
