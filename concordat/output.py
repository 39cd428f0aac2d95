"""Writing what a renderer drew: to the terminal through rich, or as text to a file or pipe.

The last stage of every command. A table goes through rich at the terminal's width; text
formats are written as they are, with anything said beside them (a count of warnings) on
stderr, so a CSV or Markdown file that is redirected stays clean; a job summary is appended
to the page GitHub Actions shows for the step.

Every byte concordat writes leaves through here, so here is where output encodings are met
(:mod:`concordat.encoding`: text for people in the stream's encoding with stand-ins, files
for programs in UTF-8) and where a reader that goes away (`concordat status | head -1`) ends
the run quietly, with its usual exit code; an output that cannot take what is written (a full
disk) is :class:`WriteFailed`, which the command line says in one line, exit 2.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, TypeVar

from concordat.encoding import HANDLER, for_people, write_utf8
from concordat.safe import printable

if TYPE_CHECKING:
    from rich.console import Console

    from concordat.diagnostics import Report
    from concordat.render import Renderer

V = TypeVar("V")


class WriteFailed(Exception):
    """A stream concordat writes to cannot take it: the disk is full (`> /dev/full`), the
    terminal has gone. The command line says so in one line and exits 2."""

    def __init__(self, stream: str, error: OSError) -> None:
        super().__init__(f"cannot write {stream}: {error.strerror or error}")


#: Errors only a write gives: a full disk, a quota, a file grown past its limit.
_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def write_failure(error: BaseException) -> str | None:
    """The words for ``error`` when it is a failure to write the output, else None: a
    :class:`WriteFailed`, or an error only a write gives (from help or a message written
    by click). What could not be written is discarded, so the exit does not fail again."""
    if isinstance(error, WriteFailed):
        return str(error)
    if isinstance(error, OSError) and error.errno in _FULL:
        reader_gone(sys.stdout)
        return f"cannot write the output: {error.strerror}"
    return None


def prepare_streams() -> None:
    """Set stdout and stderr for text for people in any encoding: for the messages of the
    command line itself (help, usage errors), which do not come through :func:`emit`."""
    for_people(sys.stdout)
    for_people(sys.stderr)


def colour_wanted(no_color: bool) -> bool:
    """False under --no-color or NO_COLOR (any value but empty: https://no-color.org)."""
    return not no_color and os.environ.get("NO_COLOR", "") == ""


def console(no_color: bool, *, stderr: bool = False) -> Console:
    """A rich console that never reads markup or highlights: every string is data.

    With no colour it writes no styles at all (no bold, no dim): rich's ``no_color`` alone
    removes only colours. The Windows console API (``legacy_windows``) is for a console, so a
    redirected stream gets plain text, or the escape codes FORCE_COLOR asks for.
    """
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:  # rich's default exits with 1
            reader_gone(self.file)

    stream = for_people(sys.stderr if stderr else sys.stdout)
    colour = colour_wanted(no_color)
    return _Console(
        color_system="auto" if colour else None,
        no_color=not colour,
        legacy_windows=None if _is_tty(stream) else False,
        highlight=False,
        stderr=stderr,
        width=_width(),
    )


#: Wider than this is not a terminal anyone reads: a typing mistake in COLUMNS.
_WIDEST = 10_000


def _width() -> int | None:
    """The width to draw at when COLUMNS cannot be used as it is, else None (rich reads it).

    rich draws nothing at all for COLUMNS=0; a width that is not a positive whole number is
    unknown, so the terminal's own width is asked for, and 80 is taken where there is none.
    """
    columns = os.environ.get("COLUMNS")
    if columns is None:
        return None
    if columns.isdigit() and 0 < int(columns) <= _WIDEST:
        return None
    if columns.isdigit() and int(columns) > _WIDEST:
        return _WIDEST
    with contextlib.suppress(OSError, ValueError):
        size = os.get_terminal_size(sys.__stdout__.fileno() if sys.__stdout__ else 1)
        if size.columns > 0:
            return min(size.columns, _WIDEST)
    return 80


def _is_tty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def reader_gone(stream: IO[str]) -> None:
    """The reader at the other end of ``stream`` has gone (`concordat status | head -1`).

    As the Python documentation advises ("Note on SIGPIPE"), the stream's file descriptor is
    pointed at devnull, so that nothing written later (nor the flush at exit) fails; the
    command goes on to end with its usual exit code, and says nothing about it.
    """
    with contextlib.suppress(AttributeError, ValueError, OSError):  # no descriptor beneath
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, stream.fileno())
        finally:
            os.close(devnull)


@contextlib.contextmanager
def _writing(stream: IO[str]) -> Iterator[IO[str]]:
    """Write to ``stream``: a reader that has gone ends the run quietly; a stream that cannot
    take the text (a full disk) raises :class:`WriteFailed`."""
    try:
        yield stream
        stream.flush()
    except BrokenPipeError:
        reader_gone(stream)
    except OSError as error:
        reader_gone(stream)  # what is left in its buffer is dropped, not written again at exit
        name = "to stderr" if stream is sys.stderr else "the output"
        raise WriteFailed(name, error) from None


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
            with _writing(screen.file):
                screen.print(drawn, soft_wrap=not renderer.wrap)
                if note:
                    screen.print()
                    screen.print(note, style="yellow", soft_wrap=True, markup=False, emoji=False)
            return
    assert renderer.text is not None, "a renderer draws text, a table, or both"
    text = renderer.text(value)
    with _writing(sys.stderr if stderr else sys.stdout) as stream:
        if renderer.terminal is None:  # a file for a program or another tool: always UTF-8
            write_utf8(stream, text)
        else:  # the plain text of what a terminal shows: for people
            for_people(stream).write(text)
    if note and not renderer.for_programs:
        error_line(note)
    if renderer.job_summary is not None:
        append_step_summary(renderer.job_summary(value))


def warnings_note(report: Report) -> str | None:
    """The line said beside a view of an area that has warnings (its errors have a banner
    of their own)."""
    count = report.warnings
    if not count:
        return None
    return f"{count} warning{'' if count == 1 else 's'}: run concordat validate to see them"


def say(text: str, *, no_color: bool = False, stderr: bool = False, style: str = "") -> None:
    """One line of our own words, styled when the output is in colour."""
    screen = console(no_color, stderr=stderr)
    with _writing(screen.file):
        screen.print(printable(text), style=style, soft_wrap=True, markup=False, emoji=False)


def error_line(text: str, *, quiet: bool = False) -> None:
    """One line on stderr, without rich: a message that may name files or ids. ``quiet``:
    the last words of a run, which say nothing more if stderr cannot take them either."""
    try:
        with _writing(for_people(sys.stderr)) as stream:
            stream.write(printable(text) + "\n")
    except WriteFailed:
        if not quiet:
            raise


def write_file(path: Path | None, data: bytes) -> None:
    """A file for programs (an .ics, say): written atomically to ``path`` (never through a
    link there), or as bytes to stdout when ``path`` is None."""
    if path is None:
        stream = sys.stdout
        with _writing(stream):
            buffer = getattr(stream, "buffer", None)
            if buffer is None:
                stream.write(data.decode("utf-8"))
            else:
                stream.flush()
                buffer.write(data)
                buffer.flush()
        return
    from concordat.files import write_atomic

    write_atomic(path, data)


def append_step_summary(markdown: str) -> None:
    """Add to the job summary GitHub shows, when the runner provides one (never replace it)."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    try:
        # a file name that is not UTF-8 is escaped, as on every other output
        with Path(path).open("a", encoding="utf-8", errors=HANDLER) as summary:
            summary.write(markdown)
    except OSError as error:
        error_line(f"concordat: could not write the step summary: {error.strerror}")
