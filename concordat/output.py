"""Writing what a renderer drew: to the terminal through rich, or as text to a file or pipe.

The last stage of every command. A table goes through rich at the terminal's width; text
formats are written as they are, with anything said beside them (a count of warnings) on
stderr, so a CSV or Markdown file that is redirected stays clean; a job summary is appended
to the page GitHub Actions shows for the step.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from concordat.safe import printable

if TYPE_CHECKING:
    from rich.console import Console

    from concordat.diagnostics import Report
    from concordat.render import Renderer

V = TypeVar("V")


def console(no_color: bool, *, stderr: bool = False) -> Console:
    """A rich console that never reads markup or highlights: every string is data."""
    from rich.console import Console

    return Console(no_color=no_color or None, highlight=False, stderr=stderr)


def emit(
    renderer: Renderer[V],
    value: V,
    *,
    no_color: bool = False,
    stderr: bool = False,
    note: str | None = None,
) -> None:
    """Write ``value`` as ``renderer`` draws it; ``note`` is a line said beside it (in yellow
    under a table, on stderr beside text, not at all beside a format for programs)."""
    if renderer.terminal is not None:
        screen = console(no_color, stderr=stderr)
        # plain text, where a format has it, when nobody sees colour: no layout work
        if renderer.text is None or screen.is_terminal or screen.color_system is not None:
            drawn = renderer.terminal(value, screen.width)
            screen.print(drawn, soft_wrap=not renderer.wrap)
            if note:
                screen.print()
                screen.print(note, style="yellow", soft_wrap=True, markup=False, emoji=False)
            return
    assert renderer.text is not None, "a renderer draws text, a table, or both"
    (sys.stderr if stderr else sys.stdout).write(renderer.text(value))
    if note and not renderer.for_programs:
        sys.stderr.write(note + "\n")
    if renderer.job_summary is not None:
        append_step_summary(renderer.job_summary(value))


def warnings_note(report: Report) -> str | None:
    """The line said beside a view of an area that has warnings (its errors stop the view)."""
    count = report.warnings
    if not count:
        return None
    return f"{count} warning{'' if count == 1 else 's'}: run concordat validate to see them"


def say(text: str, *, no_color: bool = False, stderr: bool = False, style: str = "") -> None:
    """One line of our own words, styled when the output is in colour."""
    screen = console(no_color, stderr=stderr)
    screen.print(printable(text), style=style, soft_wrap=True, markup=False, emoji=False)


def error_line(text: str) -> None:
    """One line on stderr, without rich: a message that may name files or ids."""
    sys.stderr.write(printable(text) + "\n")


def append_step_summary(markdown: str) -> None:
    """Add to the job summary GitHub shows, when the runner provides one (never replace it)."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    try:
        with Path(path).open("a", encoding="utf-8") as summary:
            summary.write(markdown)
    except OSError as error:
        sys.stderr.write(f"concordat: could not write the step summary: {error.strerror}\n")
