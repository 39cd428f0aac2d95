"""Pieces every terminal view shares: safe rich cells, status colours, the one table style."""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text

from concordat.render.grid import clipped
from concordat.safe import text_lines
from concordat.vocab import Status


def cell(text: str, style: str = "") -> Text:
    """A table cell from untrusted text: never parsed as markup, no control characters but
    its line breaks."""
    return Text("\n".join(text_lines(clipped(text))), style=style)


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
