"""Several areas as a small static site: ``index`` with the roll-up, one page per area.

Each area's page is drawn in the worker that checked it (:func:`area_page`), so only the
page's text and the area's roll-up row cross back. Pages are named from their folders'
names, which are untrusted: a page's file name is made of lower-case letters, digits and
hyphens only (:func:`page_names`), unique within the site, and every link between pages is
relative, so the folder works from GitHub Pages, any web server or a laptop.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from concordat.diagnostics import Diagnostic
from concordat.pipeline import Checked, Summary
from concordat.report import ReportFormat
from concordat.report.history import history_of
from concordat.report.view import board_report, private_findings
from concordat.views.rollup import Rollup, RollupRow, area_row, rollup

#: The longest page name, before its suffix.
LONGEST = 60
SUFFIX = {ReportFormat.HTML: ".html", ReportFormat.MARKDOWN: ".md"}


@dataclass(frozen=True)
class AreaPage:
    row: RollupRow
    #: The page drawn; empty when the privacy guard's findings held it back.
    text: str
    private: tuple[Diagnostic, ...]
    file: str = ""  # its file name in the site, set once every area is known


@dataclass(frozen=True)
class Site:
    as_of: date
    rollup: Rollup
    pages: tuple[AreaPage, ...]
    fmt: ReportFormat

    @property
    def index_name(self) -> str:
        return "index" + SUFFIX[self.fmt]


def area_page(
    checked: Checked,
    *,
    draw: Callable[..., str],
    home: str,
    stale_days: int,
    since: str | None,
    allowed_because: str | None,
) -> AreaPage:
    """One area's page (``draw``: its format's renderer, a module-level function, linking to
    ``home``) and its roll-up row; run in the worker that checked it."""
    row = area_row(checked, stale_days=stale_days)
    private = private_findings(checked)
    if private and allowed_because is None:
        return AreaPage(row, "", private)  # blocked: not drawn
    history = history_of(checked.area.folder, checked.settings.as_of, since)
    report = board_report(checked, history=history, allowed_because=allowed_because)
    return AreaPage(row, draw(report, home=home), private)


_NOT_NAME = re.compile(r"[^a-z0-9]+")


def page_name(folder_name: str) -> str:
    """A safe file name stem for an area's folder name: 'norfolk', 'area-007', 'area'."""
    ascii_name = unicodedata.normalize("NFKD", folder_name).encode("ascii", "ignore").decode()
    stem = _NOT_NAME.sub("-", ascii_name.lower()).strip("-")[:LONGEST].strip("-")
    return stem or "area"


def page_names(folder_names: Sequence[str], fmt: ReportFormat) -> list[str]:
    """Each area's page file name: unique, never the index's, never hidden."""
    taken = {"index"}
    out = []
    for name in folder_names:
        stem = page_name(name)
        candidate, n = stem, 1
        while candidate in taken:
            n += 1
            candidate = f"{stem}-{n}"
        taken.add(candidate)
        out.append(candidate + SUFFIX[fmt])
    return out


def site(
    summaries: Sequence[Summary[AreaPage]],
    folder_names: Sequence[str],
    as_of: date,
    fmt: ReportFormat,
) -> Site:
    pages = [
        replace(s.value, file=name)
        for s, name in zip(summaries, page_names(folder_names, fmt), strict=True)
    ]
    rows = [Summary(s.folder, s.name, s.report, s.value.row) for s in summaries]
    return Site(as_of, rollup(rows, as_of), tuple(pages), fmt)
