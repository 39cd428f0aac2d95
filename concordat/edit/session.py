"""One change to an area's files, from the request to the file on disk.

The change is planned on the text the loader read, checked by reading the changed area
exactly as ``concordat validate`` would (in a copy, so nothing is written yet), refused if
it adds an error or would not read back as asked, shown as a diff, and written atomically,
only if the file on disk is still the one that was read.
"""

from __future__ import annotations

import codecs
import difflib
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from yaml.nodes import Node

from concordat.area import Area, Located
from concordat.diagnostics import Diagnostic, Severity
from concordat.edit import text as texts
from concordat.edit.change import CannotEdit
from concordat.model import Commitment
from concordat.pipeline import Checked, check_area
from concordat.source import SourceFile
from concordat.source.file import locate, split_lines


class Refusal(Exception):
    """The change is not made: the message says why, the hint what to do."""

    def __init__(self, message: str, hint: str | None = None, *, problems: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        #: True when the refusal is about the data (exit 1), not the command (exit 2).
        self.problems = problems


@dataclass(frozen=True)
class FileChange:
    """One file's text before and after, and the bytes it was read from."""

    path: Path
    name: str  # as shown to people
    original: bytes
    before: str
    after: str

    @property
    def bom(self) -> bool:
        return self.original.startswith(codecs.BOM_UTF8)

    def encoded(self) -> bytes:
        return (codecs.BOM_UTF8 if self.bom else b"") + self.after.encode("utf-8")


def editable(source: SourceFile) -> FileChange:
    """The file ``source`` ready to change: refused when it could not be read whole, or has
    changed since it was read."""
    if source.text is None or source.root is None or source.partial:
        raise Refusal(
            f"{source.name} could not be read whole, so concordat will not edit it",
            f"put right what concordat validate reports in {source.name} first",
            problems=True,
        )
    try:
        original = source.path.read_bytes()
        facts = source.path.stat()
        mode, links = facts.st_mode, facts.st_nlink
    except OSError as error:
        raise Refusal(f"cannot read {source.name}: {error.strerror or error}") from None
    if links > 1:
        raise Refusal(
            f"{source.name} has {links} names (hard links): writing it anew would leave the "
            "others holding the old text, so concordat will not change it",
            "make it a single file (copy it, then delete the other names), or edit it by hand",
        )
    if not mode & 0o222:  # (root may write anything: the file's own flags say what is meant)
        raise Refusal(
            f"{source.name} is read-only, so concordat will not change it",
            "make it writable (in its properties, or chmod u+w) if it should be edited",
        )
    body = original.removeprefix(codecs.BOM_UTF8)
    if body != source.text.encode("utf-8"):
        raise _changed(source.name)
    return FileChange(source.path, source.name, original, source.text, source.text)


def _changed(name: str) -> Refusal:
    return Refusal(
        f"{name} changed on disk while concordat was reading it; nothing was written",
        "run the command again",
    )


def splice(change: FileChange, splices: list[texts.Splice]) -> FileChange:
    return FileChange(
        change.path, change.name, change.original, change.before, texts.apply(change.after, splices)
    )


def node_of(located: Located[Commitment]) -> Node:

    root = located.source.root
    assert root is not None
    return locate(root, located.path)


def planned(build: Callable[[], list[texts.Splice]], change: FileChange) -> FileChange:
    try:
        return splice(change, build())
    except CannotEdit as error:
        raise Refusal(
            f"cannot edit this entry in {change.name}: {error}",
            "write it one field per line, as the other entries are, then run this again",
        ) from None


# -- checking the result ----------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """The changed area as it reads, and what the change added."""

    after: Checked
    new_errors: list[Diagnostic]
    new_warnings: list[Diagnostic]


def verify(checked: Checked, change: FileChange, day: date) -> Verdict:
    """Read the area with ``change`` made, in a copy, as ``validate`` would; compare."""
    area = checked.area
    with _copy(area, change) as (folder, names):
        after = check_area(folder, day)
        before = Counter(_key(d, _names(area)) for d in checked.report.diagnostics)
        added: list[Diagnostic] = []
        for diagnostic in after.report.diagnostics:
            key = _key(diagnostic, names, str(folder))
            if before[key] > 0:
                before[key] -= 1
            else:
                added.append(_shown(diagnostic, names, str(folder)))
    errors = [d for d in added if d.severity is Severity.ERROR]
    warnings = [d for d in added if d.severity is Severity.WARNING]
    return Verdict(after, errors, warnings)


def _names(area: Area) -> dict[str, str]:
    """Each file's name as shown, to its path inside the area."""
    return {f.name: _relative(f.path, area.folder) for f in area.files} | {
        _config_name(area.folder): "concordat.toml"
    }


def _config_name(folder: Path) -> str:
    from concordat.config import FILE_NAME
    from concordat.layout import display_path

    return display_path(folder / FILE_NAME)


def _relative(path: Path, folder: Path) -> str:
    return os.path.relpath(path, folder)


def _key(diagnostic: Diagnostic, names: dict[str, str], drop: str = "") -> tuple[str, str, str]:
    message = diagnostic.message.replace(drop, "") if drop else diagnostic.message
    # line numbers move when lines are added: the same problem elsewhere is the same problem
    return (
        diagnostic.code,
        names.get(diagnostic.file, diagnostic.file),
        re.sub(r"\d+", "#", message),
    )


def _shown(diagnostic: Diagnostic, names: dict[str, str], folder: str) -> Diagnostic:
    from dataclasses import replace

    return replace(
        diagnostic,
        file=names.get(diagnostic.file, diagnostic.file),
        message=diagnostic.message.replace(folder + os.sep, ""),
    )


@contextmanager
def _copy(area: Area, change: FileChange) -> Iterator[tuple[Path, dict[str, str]]]:
    """A temporary copy of the area's files with ``change`` made; the names the copy's
    diagnostics will use, to the paths inside the area."""
    from concordat.config import FILE_NAME
    from concordat.layout import display_path

    with tempfile.TemporaryDirectory(prefix="concordat-") as scratch:
        folder = Path(scratch)
        names: dict[str, str] = {}
        sources = [f.path for f in area.files]
        config = area.folder / FILE_NAME
        if config.is_file():
            sources.append(config)
        for path in sources:
            inside = _relative(path, area.folder)
            target = folder / inside
            target.parent.mkdir(parents=True, exist_ok=True)
            if path == change.path:
                target.write_bytes(change.encoded())
            elif path.is_file():
                shutil.copyfile(path, target)
            names[display_path(target)] = inside
        yield folder, names


# -- showing and writing ------------------------------------------------------------------


def diff(change: FileChange) -> list[str]:
    """The change as a unified diff, a line each, for a person."""
    return list(
        difflib.unified_diff(
            split_lines(change.before),
            split_lines(change.after),
            fromfile=change.name,
            tofile=change.name,
            n=2,
            lineterm="",
        )
    )


def write(change: FileChange, folder: Path) -> None:
    """Write the change atomically, only if the file still holds what was read."""
    from concordat.files import Changed, Refused, write_atomic

    try:
        # a data file may be a link to a file elsewhere in the area (the loader refuses one
        # that leaves it): the file written is the one the link names, as an editor would
        area, real = folder.resolve(), change.path.resolve()
        if not real.is_relative_to(area):
            raise Refused(change.path, "is a symbolic link to a file outside the area")
        write_atomic(real, change.encoded(), inside=area, unchanged=change.original)
    except Changed:
        raise _changed(change.name) from None
    except Refused as error:
        raise Refusal(f"{error}; nothing was written") from None
    except OSError as error:
        raise Refusal(
            f"cannot write {change.name}: {error.strerror or error}; the file is as it was"
        ) from None
