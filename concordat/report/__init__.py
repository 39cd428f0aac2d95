"""The board pack (`concordat report`): one area as an accessible HTML page or a Markdown
board paper, and several areas as a small static site.

- :mod:`~concordat.report.view`: what a board reads, built from the status, detail and doubt
  views (:class:`~concordat.report.view.BoardReport`);
- :mod:`~concordat.report.history`: the seam where git history (what changed since the last
  board, slippage) plugs in; optional, and said plainly when absent;
- :mod:`~concordat.report.html` (Jinja2, autoescaped) and :mod:`~concordat.report.svg` (the
  charts, drawn here), :mod:`~concordat.report.markdown` (the board paper);
- :mod:`~concordat.report.site`: many areas, one page each and an index with the roll-up;
- :mod:`~concordat.report.write`: where a report may be written, atomically;
- :mod:`~concordat.report.command`: the typer declaration of the command.

Only this package imports Jinja2, and only when a report is drawn: no other command pays
for it. This module stays cheap to import (the command line reads the format enum).
"""

from __future__ import annotations

from enum import StrEnum


class ReportFormat(StrEnum):
    HTML = "html"
    MARKDOWN = "markdown"


#: File name endings that mean a format, when --format is not given.
SUFFIXES: dict[str, ReportFormat] = {
    ".html": ReportFormat.HTML,
    ".htm": ReportFormat.HTML,
    ".md": ReportFormat.MARKDOWN,
    ".markdown": ReportFormat.MARKDOWN,
}
