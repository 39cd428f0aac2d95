"""Pieces every terminal view shares: safe rich cells, status colours, the one table style."""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text

from concordat.safe import printable
from concordat.vocab import Status

#: Longer text is cut in a terminal table: rich lays out every word of it, and nobody reads a
#: cell of a megabyte on a screen. JSON, CSV and Markdown keep the text whole.
MAX_CELL = 5_000


def cell(text: str, style: str = "") -> Text:
    """A table cell from untrusted text: never parsed as markup, no control characters."""
    if len(text) > MAX_CELL:
        more = len(text) - MAX_CELL
        text = f"{text[:MAX_CELL]}… ({more:,} more characters: see --format json)"
    return Text(printable(text), style=style)


def status_text(status: Status) -> Text:
    return Text(status.value, style=status.style)


def titled_table(title: str) -> Table:
    """The one table style: a bold title, a rule under the header, no side borders."""
    return Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        expand=True,
    )
