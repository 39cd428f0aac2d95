"""Writing files without ever leaving a half-written one behind, nor writing through a link.

``concordat init`` and ``concordat schema`` write into a folder the user names. Before they
write anything, :func:`check_inside` walks every path from that folder down and refuses a
symbolic link that leaves the folder or loops (:class:`Refused`); :func:`write_atomic` checks
again where the file really lands, and explains in words why a write failed.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path


class Refused(Exception):
    """A path concordat will not write through (a link that leaves the folder, or loops), or
    cannot place at all (a relative path once the current folder has been deleted)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path} {reason}")
        self.path = path
        self.reason = reason


class Changed(Refused):
    """The file is no longer what was read: someone saved it meanwhile. Nothing is written."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, "changed on disk since it was read")


def may_replace(path: Path, ours: Callable[[Path], bool], kind: str) -> None:
    """Raise :class:`Refused` unless ``path`` is free, an empty file, or a file concordat
    wrote (``ours`` says, from its content), which is what ``kind`` names ("a calendar
    concordat wrote"). Generated output is written again over the last one; a file the
    user wrote (their plan, a note called due.ics), a link, a folder, a pipe or a device is
    never replaced."""
    if path.is_symlink():
        raise Refused(
            path, "is a symbolic link: concordat never writes through a link; name a file"
        )
    if not path.exists():
        return
    if path.is_dir():
        raise Refused(path, "is a folder")
    if not path.is_file():
        raise Refused(path, "is not a regular file (a pipe or a device), so it is not replaced")
    try:
        if path.stat().st_size == 0 or ours(path):
            return
    except OSError as error:
        raise Refused(path, f"cannot be read to see what it is: {error.strerror}") from None
    raise Refused(
        path,
        f"exists and is not {kind}, so it is not replaced: remove it or choose another name",
    )


def _target(link: Path) -> str:
    try:
        return str(link.readlink())
    except OSError:
        return "?"


def _resolved(path: Path) -> Path | None:
    """Where ``path`` really is, or None when a link on the way loops."""
    try:
        path.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return None  # (realpath alone stops quietly at a loop)
    try:
        return Path(os.path.realpath(path))
    except RuntimeError:
        return None
    except OSError as error:  # getcwd: the current folder is gone
        raise Refused(
            path, "cannot be found: the current folder no longer exists (deleted or moved)"
        ) from error


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_inside(folder: Path, path: Path) -> None:
    """Raise :class:`Refused` unless writing ``path`` stays inside ``folder``.

    ``folder`` is the one the user named: it may sit under links of theirs, but must not be a
    link itself. Each step from it down to ``path`` may be a link only to somewhere inside it.
    """
    if folder.is_symlink():
        if _resolved(folder) is None:
            raise Refused(folder, "is a symbolic link that loops: it never reaches a folder")
        raise Refused(
            folder,
            f"is a symbolic link (to {_target(folder)}): name the real folder, not a link to it",
        )
    root = _resolved(folder)
    if root is None:
        raise Refused(folder, "is reached through a symbolic link that loops")
    step = folder
    for part in path.relative_to(folder).parts:
        step = step / part
        if not step.is_symlink():
            continue
        real = _resolved(step)
        if real is None:
            raise Refused(step, "is a symbolic link that loops: it never reaches a file or folder")
        if not _inside(real, root):
            raise Refused(
                step,
                f"is a symbolic link to {_target(step)}, outside {folder}: concordat never "
                "writes through a link that leaves the folder it was given",
            )


def write_atomic(
    path: Path, text: str | bytes, *, inside: Path | None = None, unchanged: bytes | None = None
) -> None:
    """Write ``text`` (UTF-8, or bytes as they are) to ``path`` through a temporary file in
    the same folder, then rename.

    A reader sees the old file or the new one, never a partial one, even if the process is
    killed half-way or the disk fills. The file gets the permissions a new file would (or
    keeps those of the file it replaces), not the owner-only ones of a temporary file. A link
    at ``path`` is replaced, never written through. With ``inside``, a path that leads out of
    that folder through a link raises :class:`Refused` before anything is written.

    Any other failure raises OSError naming ``path`` (not a temporary file), with a reason in
    words: which step of the path is a file where a folder should be, for instance.

    With ``unchanged`` (the bytes the file held when it was read), a file that no longer
    holds them raises :class:`Changed` and is left as it is: an edit never overwrites what
    someone saved meanwhile. (The check is made just before the rename.)
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    if inside is not None:
        check_inside(inside, path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if inside is not None:
            check_inside(inside, path)  # again: a link may have appeared meanwhile
            real = _resolved(path.parent)
            root = _resolved(inside)
            if real is None or root is None or not _inside(real, root):
                raise Refused(path, f"would be written outside {inside}")
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise _named(error, path) from error
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, _mode_for(path))
        else:  # Windows before Python 3.13: only the read-only flag is kept, by name
            Path(temporary).chmod(_mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if unchanged is not None and _current(path) != unchanged:
            raise Changed(path)
        Path(temporary).replace(path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _named(error, path) from error
        raise


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _named(error: OSError, path: Path) -> OSError:
    """``error`` as the user should read it: about ``path``, in words."""
    reason = _in_the_way(path)
    if reason is None:
        if error.errno == errno.EISDIR or path.is_dir():
            reason = "it is a folder"
        elif error.errno == errno.ELOOP:
            reason = "a symbolic link on the way loops"
        else:
            reason = error.strerror or str(error)
    return OSError(error.errno, reason, str(path))


def _in_the_way(path: Path) -> str | None:
    """What stops ``path``'s folder being made: a step that is a file, or a broken link."""
    for step in reversed(path.parents):
        if step in (Path(step.anchor), Path()):
            continue
        try:
            mode = step.stat().st_mode
        except OSError:
            if step.is_symlink():
                return f"{step} is a symbolic link to {_target(step)}, which does not exist"
            return None  # missing from here down: nothing in the way
        if not stat.S_ISDIR(mode):
            return f"{step} is a file, not a folder"
    return None


def _mode_for(path: Path) -> int:
    """The permissions of the file being replaced, else of a new file under the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
