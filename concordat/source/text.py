"""From a path to text: the guards every data file passes before YAML sees it.

A file that is a link out of the area, not a regular file, too large, UTF-16 or UTF-32,
binary or not UTF-8 becomes one diagnostic at its place, and is not read any further. A file
that holds a character YAML refuses (a control character) is read item by item here instead,
so that only the items holding one are lost (:func:`concordat.source.recover.around_refused`).
"""

from __future__ import annotations

import codecs
import errno
from pathlib import Path

from concordat.diagnostics import Position
from concordat.layout import MAX_FILE_BYTES, display_path
from concordat.source import plain, recover
from concordat.source.file import REFUSED, SourceFile, byte_position

_UTF16_32_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, with every link followed, is inside ``folder``."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def loops(path: Path) -> bool:
    """Whether following the links in ``path`` goes round in a circle."""
    try:
        path.resolve(strict=True)
    except RuntimeError:  # Python before 3.13 says "Symlink loop"
        return True
    except OSError as error:
        return error.errno == errno.ELOOP or getattr(error, "winerror", None) == 1921
    return False


def link_problem(path: Path, name: str, folder: Path) -> tuple[str, str] | None:
    """Why the file at ``path`` (shown as ``name``), found in the area ``folder``, must not
    be read: a message and a hint; None when it may be.

    A link that loops is a loop. A folder of the area (``commitments/``) that is a link to
    the area itself or a folder above it would read the area's own files again as
    commitments, and one to a folder outside the area reads files from elsewhere.
    """
    if loops(path):
        return (
            f"{name} is a symbolic link in a loop: following it leads back to it, never to a file",
            "replace the link with the file itself, or delete it",
        )
    try:
        area, listed = folder.resolve(), path.parent.resolve()
    except (OSError, RuntimeError):
        return None  # reported when the file is read
    if path.parent.absolute() != folder.absolute():
        shown = display_path(path.parent) + "/"
        if area.is_relative_to(listed):
            return (
                f"the {shown} folder is a symbolic link to "
                + ("the area folder itself" if listed == area else "a folder above the area")
                + f", so {name} would be the area's own file read again",
                f"make {shown} a real folder that holds the commitment files, or delete the link",
            )
        if not listed.is_relative_to(area):
            return (
                f"the {shown} folder is a symbolic link to a folder outside the area folder",
                f"make {shown} a real folder inside the area that holds its files",
            )
    if not inside(path, folder):
        return (
            f"{name} is a symbolic link to a file outside the area folder",
            "replace the link with the file itself",
        )
    return None


def read_text(source: SourceFile) -> str | None:
    """The file's text without a byte-order mark, to be composed whole; None when it is not
    to be: it cannot be read as text (reported), or it holds a character YAML refuses, and
    has then been read here item by item (``source`` holds its text, tree and data)."""
    data = _read_bytes(source)
    if data is None:
        return None
    for bom, encoding in _UTF16_32_BOMS:
        if data.startswith(bom):
            source.problem(
                "F003",
                f"{source.name} is {encoding} text; concordat reads UTF-8",
                Position(1, 1),
                "save the file as UTF-8 in your editor",
            )
            return None
    nul = data.find(b"\x00")
    if nul >= 0:
        source.problem(
            "F004",
            "the file contains a NUL byte: it is binary, not YAML text",
            byte_position(data, nul),
            "check the right file was saved here",
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        source.problem(
            "F003",
            f"byte 0x{data[error.start]:02x} is not valid UTF-8",
            byte_position(data, error.start),
            "save the file as UTF-8 in your editor",
        )
        return None
    text = text.removeprefix("\ufeff")
    refused = [found.start() for found in REFUSED.finditer(text)]
    if not refused:
        return text
    source.text = text
    root = recover.around_refused(source, text, refused)
    if root is not None:
        source.root = root
        source.data = plain.to_plain(source, root)
    return None


def _read_bytes(source: SourceFile) -> bytes | None:
    path = source.path
    try:
        if not path.is_file():
            if path.is_symlink() and not path.exists():
                what = "a symbolic link to a file that does not exist"
            else:
                what = "a folder" if path.is_dir() else "not a regular file"
            source.problem("F002", f"cannot read {source.name}: it is {what}", None)
            return None
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            source.problem(
                "F005",
                f"{source.name} is {size / 1048576:.1f} MB; concordat reads files up to "
                f"{MAX_FILE_BYTES // 1048576} MB",
                None,
                "split commitments into several files in a commitments/ folder",
            )
            return None
        return path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        source.problem("F002", f"cannot read {source.name}: {reason}", None)
        return None
