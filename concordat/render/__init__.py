"""Renderers: each turns a view into text, or into a rich renderable for a terminal.

None of them prints (:mod:`concordat.output` does). Each command's formats are an enum here,
so the command line can offer them without importing a renderer; each renderer module maps
every member of its command's enum to a :class:`Renderer` in its ``FORMATS`` registry, and a
test checks that no registry misses a format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from rich.console import RenderableType

V = TypeVar("V")


class ValidateFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"


class ViewFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


class StatusFormat(StrEnum):
    """status's formats: the view's (:class:`ViewFormat`), and an Excel workbook, which is
    written to a file (``-o FILE``) by :mod:`concordat.spreadsheet.export`."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    XLSX = "xlsx"


class ShowFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


class HistoryFormat(StrEnum):
    """`concordat history` and `concordat changes`."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"


@dataclass(frozen=True)
class Renderer(Generic[V]):
    """How one format draws a view.

    ``text`` writes it for a file, a pipe or a program; ``terminal`` draws it with rich at a
    terminal's width. A format with both uses rich only when the output is a terminal or in
    colour, and plain text otherwise (no layout work for a log of thousands of lines).
    """

    text: Callable[[V], str] | None = None
    terminal: Callable[[V, int], RenderableType] | None = None
    #: False: one line of output is never wrapped or cropped (editors link each to its place).
    wrap: bool = True
    #: Markdown added to the CI job's summary page ($GITHUB_STEP_SUMMARY), when there is one.
    job_summary: Callable[[V], str] | None = None
    #: For programs (JSON): nothing is said beside it, such as a count of warnings.
    for_programs: bool = False
