"""Where a report may be written, and writing it atomically (:func:`files.write_atomic`).

A report is generated output: writing it again over the one written for the last board is
what people do, so a file concordat wrote is replaced. A file it did not write (someone's
own notes called report.html) is never replaced, nor is anything written through a
symbolic link: the user is told why, and nothing is written. concordat knows its own files
by a mark: in an HTML page's head, ``<meta name="generator" content="concordat report">``;
at the end of a Markdown paper, an HTML comment (:data:`markdown.MARKER`). An empty file is
taken to be one made for the report (``touch report.html``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from concordat.files import Refused, write_atomic
from concordat.files import may_replace as replaceable

_HTML_MARK = b'<meta name="generator" content="concordat report">'
_MARKDOWN_MARK = b"<!-- written by concordat report: concordat may overwrite this file -->"
#: How much of a file's start and end is read to find the mark.
_LOOK = 4096


def ours(path: Path) -> bool:
    """Whether the file at ``path`` is a report concordat wrote."""
    with path.open("rb") as handle:
        head = handle.read(_LOOK)
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - _LOOK))
        tail = handle.read(_LOOK)
    return _HTML_MARK in head or _MARKDOWN_MARK in tail


def may_replace(path: Path) -> None:
    """Raise :class:`Refused` unless ``path`` is free, or a report concordat wrote."""
    replaceable(path, ours, "a report concordat wrote")


def write_report(path: Path, text: str) -> None:
    """One report, replacing only a report concordat wrote."""
    may_replace(path)
    write_atomic(path, text)


def write_site(folder: Path, pages: Mapping[str, str], index: str) -> None:
    """Every page of a site into ``folder`` (made if need be), the ``index`` page last, so
    that it never links to a page not yet there. Each page is checked before any is
    written, so a refusal leaves the folder as it was. Pages are written by a few threads at
    once: each write waits on the disk (it is synced before it is renamed into place)."""
    from concurrent.futures import ThreadPoolExecutor

    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        what = "a symbolic link" if folder.is_symlink() else "not a folder"
        raise Refused(folder, f"is {what}: name a folder for the site")
    for name in pages:
        may_replace(folder / name)
    folder.mkdir(parents=True, exist_ok=True)
    rest = [name for name in pages if name != index]
    with ThreadPoolExecutor(max_workers=min(8, len(rest) or 1)) as pool:
        for done in [pool.submit(write_atomic, folder / n, pages[n], inside=folder) for n in rest]:
            done.result()  # the first failure, raised here
    if index in pages:
        write_atomic(folder / index, pages[index], inside=folder)
