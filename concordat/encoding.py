"""Output in any encoding: text for people follows the stream, files for programs are UTF-8.

Two kinds of output leave concordat. Text for people (tables, the diagnostics text, messages on
stderr) is written in the stream's own encoding, whatever it is: Python on Windows writes a
redirected stdout in the ANSI code page (cp1252), a minimal container may say ``ascii``. A
character that encoding cannot hold never stops the run: the ``concordat`` codec error handler
writes an ASCII stand-in for concordat's own symbols (``≤`` as ``<=``, ``✓`` as ``ok``) and a
visible escape for anything else (``\\u0416``, as :func:`concordat.safe.escaped` writes control
characters), so nothing is lost without a trace. Files for programs and other tools (JSON,
CSV, Markdown, SARIF, GitHub workflow commands) are UTF-8 bytes whatever the console's
encoding: RFC 8259 requires it of JSON, and every reader of the others expects it.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import unicodedata
from typing import IO, Any

from concordat.safe import escaped
from concordat.vocab import Status

#: The name of the codec error handler, for ``str.encode`` and a stream's ``errors``.
HANDLER = "concordat"

#: ASCII for every non-ASCII character concordat itself writes (and the ellipsis rich writes
#: when it cuts a cell), for an output encoding that cannot hold it.
STAND_INS: dict[str, str] = {
    "\u2713": "ok",  # ✓ the validate summary: no errors
    "\u2717": "x",  # ✗ the validate summary: errors
    "\u2705": "ok",  # ✅ the job summary
    "\u274c": "x",  # ❌
    "\u26a0": "!",  # ⚠
    "\ufe0f": "",  # the emoji presentation selector after ⚠: how to draw it, not a character
    "\ufe0e": "",  # the text presentation selector
    "\u2264": "<=",  # ≤ "due within"
    "\u2192": "->",  # → a successor
    "\u2026": "...",  # … cut text
    "\u2014": "-",  # — nothing in a cell
    "\u00b7": ".",  # · a zero in a table, between the letters of the key
    # the spaces and joiners that keep words and ids whole in a table: what they look like
    "\u00a0": " ",  # no-break space
    "\u202f": " ",  # narrow no-break space
    "\u2011": "-",  # non-breaking hyphen
    "\u2060": "",  # word joiner
    "\u200b": "",  # zero-width space (a place a line may break)
    # the trend in show, lowest to highest
    **dict(zip("\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588", "_.:-=+*#", strict=True)),
    # the status circles: the letters of the key
    **{status.symbol: status.letter for status in Status},
}


def _ascii(char: str) -> str:
    stand_in = STAND_INS.get(char)
    if stand_in is not None:
        return stand_in
    if "\u2500" <= char <= "\u257f":  # box drawing, where rich has not swapped in ASCII
        name = unicodedata.name(char, "")
        return "-" if "HORIZONTAL" in name else "|" if "VERTICAL" in name else "+"
    return escaped(char)


def _stand_in(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    unencodable = error.object[error.start : error.end]
    return "".join(_ascii(char) for char in unencodable), error.end


codecs.register_error(HANDLER, _stand_in)


def for_people(stream: IO[str]) -> IO[str]:
    """``stream``, set to write what its encoding cannot hold as stand-ins and escapes.

    A real text stream (sys.stdout, pytest's capture, click's test runner) is reconfigured
    once; anything else (a StringIO takes any text) is left as it is.
    """
    if getattr(stream, "errors", None) != HANDLER and isinstance(stream, io.TextIOWrapper):
        with contextlib.suppress(ValueError, io.UnsupportedOperation):  # closed, or detached
            stream.reconfigure(errors=HANDLER)
    return stream


def write_utf8(stream: IO[str], text: str) -> None:
    """``text`` as UTF-8 bytes under ``stream`` (what a file for a program is), whatever the
    stream's own encoding, and with no newline translation: the same bytes on every system.
    A stream with no bytes beneath it (a StringIO) takes the text as it is."""
    buffer: Any = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write(text)
        stream.flush()
        return
    stream.flush()  # what was written as text comes first
    # a lone surrogate (a file name that is not UTF-8) is escaped, not a crash
    buffer.write(text.encode("utf-8", HANDLER))
    buffer.flush()


def as_written(text: str, encoding: str) -> str:
    """``text`` as a stream in ``encoding`` will show it: for a renderer that lays out text
    (a table's column widths) and must measure what is written, not what was meant."""
    return text.encode(encoding, HANDLER).decode(encoding)
