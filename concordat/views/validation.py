"""What `concordat validate` shows: the problems found in one or more areas."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from concordat.diagnostics import Report
from concordat.pipeline import Checked, Summary, combined


@dataclass(frozen=True)
class AreaCount:
    """How many problems one of several areas has."""

    area: str | None
    folder: str
    errors: int
    warnings: int


@dataclass(frozen=True)
class Validation:
    report: Report  # over every area checked
    as_of: date
    area: str | None  # the area's name, when one area was checked
    areas: tuple[AreaCount, ...] = ()  # one per area, when several were checked
    show_silenced: bool = False


def validation(
    summaries: Sequence[Summary[Any]], as_of: date, *, show_silenced: bool = False
) -> Validation:
    """The problems of every area checked, with a count for each when there are several."""
    report = combined(summaries)
    if len(summaries) == 1:
        return Validation(report, as_of, summaries[0].name, show_silenced=show_silenced)
    counts = tuple(
        AreaCount(s.name, s.folder, s.report.errors, s.report.warnings) for s in summaries
    )
    return Validation(report, as_of, None, counts, show_silenced)


def of_area(checked: Checked) -> Validation:
    """One area's problems, as a command that could not draw its view shows them."""
    return Validation(checked.report, checked.settings.as_of, checked.area.name)
