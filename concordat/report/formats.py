"""The report's formats: every member of :class:`ReportFormat` has a renderer for one area's
page and for a site's index (a test checks none is missing)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from concordat.render import Renderer
from concordat.report import ReportFormat
from concordat.report.site import Site
from concordat.report.view import BoardReport


def _html(report: BoardReport, home: str | None = None) -> str:
    from concordat.report.html import page

    return page(report, home=home)


def _markdown(report: BoardReport, home: str | None = None) -> str:
    from concordat.report.markdown import paper

    return paper(report, home=home)


def _html_index(site: Site) -> str:
    from concordat.report.html import index

    return index(site)


def _markdown_index(site: Site) -> str:
    from concordat.report.markdown import index

    return index(site)


PAGES: Mapping[ReportFormat, Callable[..., str]] = {
    ReportFormat.HTML: _html,
    ReportFormat.MARKDOWN: _markdown,
}
INDEXES: Mapping[ReportFormat, Callable[[Site], str]] = {
    ReportFormat.HTML: _html_index,
    ReportFormat.MARKDOWN: _markdown_index,
}
#: One area's report to standard output, as `concordat report > norfolk.html` writes it.
FORMATS: Mapping[ReportFormat, Renderer[BoardReport]] = {
    fmt: Renderer(text=draw) for fmt, draw in PAGES.items()
}


def page_text(report: BoardReport, fmt: ReportFormat, *, home: str | None = None) -> str:
    return PAGES[fmt](report, home=home)
