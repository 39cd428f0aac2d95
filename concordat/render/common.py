"""Pieces every renderer shares: safe text cells, status colours, dates in words."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.table import Table
from rich.text import Text

from concordat.safe import csv_cell, printable
from concordat.vocab import Status, Theme
from concordat.when import span

if TYPE_CHECKING:
    from concordat.views import CommitmentRow

#: The version of every JSON document concordat writes (status, show, orgs, roll-up). Bump
#: when the JSON shape changes incompatibly (docs/json.md).
JSON_VERSION = 1

#: BRAG colours: complete blue, on-track green, at-risk amber, off-track red,
#: not-started grey, withdrawn dim.
STATUS_STYLE = {
    Status.NOT_STARTED: "grey62",
    Status.ON_TRACK: "bold green",
    Status.AT_RISK: "bold dark_orange",
    Status.OFF_TRACK: "bold red",
    Status.COMPLETE: "bold blue",
    Status.WITHDRAWN: "dim",
}
STATUS_SHORT = {
    Status.NOT_STARTED: "NS",
    Status.ON_TRACK: "G",
    Status.AT_RISK: "A",
    Status.OFF_TRACK: "R",
    Status.COMPLETE: "B",
    Status.WITHDRAWN: "W",
}
#: For Markdown, where colour is not available: the same key as coloured circles.
STATUS_EMOJI = {
    Status.NOT_STARTED: "⚪",
    Status.ON_TRACK: "🟢",
    Status.AT_RISK: "🟠",
    Status.OFF_TRACK: "🔴",
    Status.COMPLETE: "🔵",
    Status.WITHDRAWN: "⚫",
}
THEME_TITLE = {
    Theme.COMMISSIONING: "Commissioning for earlier intervention and responsive crisis services",
    Theme.ACCESS_BEFORE_CRISIS: "Access to support before crisis point",
    Theme.URGENT_ACCESS: "Urgent and emergency access to crisis care",
    Theme.QUALITY_OF_CARE: "Quality of treatment and care when in crisis",
    Theme.RECOVERY: "Recovery and staying well",
}


def clean(text: str) -> str:
    """Untrusted text made safe for a terminal (control characters shown as escapes)."""
    return printable(text)


def cell(text: str, style: str = "") -> Text:
    """A table cell from untrusted text: never parsed as markup, no control characters."""
    return Text(printable(text), style=style)


def status_text(status: Status) -> Text:
    return Text(status.value, style=STATUS_STYLE[status])


def due_words(row: CommitmentRow) -> str:
    """'3 weeks overdue', 'in 12 days', 'due today', or '' when the work is closed."""
    if not row.status.is_open:
        return ""
    days = row.days_to_due
    if days < 0:
        return f"{span(days)} overdue"
    if days == 0:
        return "due today"
    return f"in {span(days)}"


def updated_words(row: CommitmentRow) -> str:
    days = row.days_since_update
    if days is None:
        return "never"
    if days == 0:
        return "today"
    return f"{span(days)} ago"


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


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """CSV for spreadsheets: CRLF line ends, every cell made formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return out.getvalue()
