"""Where an area's files are: the folder rules every command shares, with no heavy imports.

An area is a folder holding ``signatories.yaml`` and its commitments, either one
``commitments.yaml`` or a ``commitments/`` folder of YAML files (``.yml`` is accepted too).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

SIGNATORIES = "signatories"
COMMITMENTS = "commitments"
SUFFIXES = (".yaml", ".yml")
#: Larger files are refused: a real area file is a few hundred kilobytes.
MAX_FILE_BYTES = 16 * 1024 * 1024


class AreaNotFound(Exception):
    """The folder is missing or holds no concordat data: the command cannot run (exit 2)."""


def display_path(path: Path) -> str:
    """How a path is shown in messages: relative to the working folder when inside it."""
    try:
        # abspath, not resolve: normalise the path but do not follow links to their targets
        absolute = Path(os.path.abspath(path))  # noqa: PTH100
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
    except OSError:  # the working folder has been deleted: there is nothing to be inside
        return str(path)


def working_folder_gone(path: Path) -> AreaNotFound | None:
    """Why ``path``, relative to a working folder that has been deleted (or moved away), can
    never be read: the shell still stands in a folder that no longer exists."""
    if path.is_absolute():
        return None
    try:
        Path.cwd()
    except OSError:
        return AreaNotFound(
            "the current folder no longer exists (it was deleted or moved): "
            "cd to the area's folder again, or name it by its full path"
        )
    return None


def unreadable(folder: Path) -> OSError | None:
    """Why the folder's list of files cannot be read (no permission), or None."""
    try:
        with os.scandir(folder) as listing:
            next(listing, None)
    except OSError as error:
        return error
    return None


def candidates(folder: Path, stem: str) -> list[Path]:
    """``stem.yaml`` and ``stem.yml`` where present (a link counts, even a broken one)."""
    paths = (folder / (stem + suffix) for suffix in SUFFIXES)
    return [p for p in paths if p.exists() or p.is_symlink()]


def is_area(folder: Path) -> bool:
    """Whether ``folder`` holds concordat data: the files ``area.discover`` would read.

    Raises OSError when that cannot be known: the folder cannot be read.
    """
    error = unreadable(folder)
    if error is not None:
        raise error
    return (
        bool(candidates(folder, SIGNATORIES) or candidates(folder, COMMITMENTS))
        or (folder / COMMITMENTS).is_dir()
    )


#: At most this many names in a folder are looked at for a near miss.
_LOOKED_AT = 1000


def near_miss(folder: Path, stem: str) -> str | None:
    """A file in ``folder`` that is probably meant to be ``stem.yaml``, as a hint: a different
    case (Commitments.yaml), an extension hidden by Windows (commitments.yaml.txt), one letter
    off (commitment.yaml)."""
    import difflib  # only a folder missing a file pays for it

    try:
        with os.scandir(folder) as listing:
            names = [e.name for _, e in zip(range(_LOOKED_AT), listing, strict=False)]
    except OSError:
        return None
    wanted = {stem + suffix for suffix in SUFFIXES}
    for name in sorted(names):
        lowered = name.lower()
        if name in wanted:
            continue
        close = lowered in wanted or lowered.startswith(tuple(w + "." for w in wanted))
        first = lowered.split(".")[0]
        if close or (
            lowered.endswith((*SUFFIXES, ".txt"))
            and difflib.SequenceMatcher(None, first, stem).ratio() >= 0.8
        ):
            return f"found '{name}': rename it to '{stem}.yaml'"
    return None


def meant_name(name: str) -> str | None:
    """The name a file in ``commitments/`` was probably meant to have, when concordat does
    not read it as it is: ``a.yaml`` for ``a.YAML`` and for ``a.yaml.txt`` (an extension
    Windows hides); None for a name that is read, or that is no YAML file's."""
    stem, lowered = name, name.lower()
    if lowered.endswith(tuple(suffix + ".txt" for suffix in SUFFIXES)):
        stem, lowered = name[:-4], lowered[:-4]
    for suffix in SUFFIXES:
        if lowered.endswith(suffix) and len(stem) > len(suffix):
            meant = stem[: -len(suffix)] + suffix
            return meant if meant != name else None
    return None


def not_an_area(path: Path, *, or_subfolders: bool = False) -> AreaNotFound:
    """Why ``path`` cannot be checked as an area, in the words that help most."""
    gone = working_folder_gone(path)
    if gone is not None:
        return gone
    if not path.exists() and not path.is_symlink():
        return AreaNotFound(f"no such folder: {path}")
    if not path.exists():
        return AreaNotFound(f"{path} is a link to something that does not exist")
    absolute = Path(os.path.abspath(path))  # noqa: PTH100
    if not path.is_dir():
        what = "a file" if path.is_file() else "not a folder"
        return AreaNotFound(
            f"{path} is {what}: name the area's folder instead: {_area_of(absolute.parent)}"
        )
    error = unreadable(path)
    if error is not None:
        return AreaNotFound(f"cannot read {path}: {error.strerror or error}")
    if absolute.name == COMMITMENTS and candidates(absolute.parent, SIGNATORIES):
        return AreaNotFound(
            f"{path} is the area's commitments/ folder: name the area's folder instead: "
            f"{_shown(absolute.parent)}"
        )
    misses = [m for m in (near_miss(path, SIGNATORIES), near_miss(path, COMMITMENTS)) if m]
    also = ", or subfolders that hold them" if or_subfolders else ""
    found = f" ({'; '.join(misses)})" if misses else ""
    return AreaNotFound(
        f"no concordat data in {path}: expected signatories.yaml and commitments.yaml{also}{found}"
    )


def _area_of(folder: Path) -> str:
    """The area a folder belongs to: itself, or the area above its commitments/ folder."""
    if folder.name == COMMITMENTS and candidates(folder.parent, SIGNATORIES):
        return _shown(folder.parent)
    return _shown(folder)


def _shown(folder: Path) -> str:
    """A folder as the user would type it from here: '.', '..', 'areas/norfolk'."""
    return os.path.relpath(folder)


def find_areas(paths: Sequence[Path]) -> list[Path]:
    """The area folders named: each path is an area, or a folder whose subfolders are areas.

    An area named twice (``areas/`` and ``areas/one``, or ``.`` and ``./``) is checked once.
    A subfolder that cannot be read is kept, so that checking it says why and it is never
    silently left out. A subfolder that is a link to a folder outside the one named is kept
    too, as an :class:`OutsideLink` that is reported and never read (see :func:`refused`).
    Raises :class:`AreaNotFound` for a path that is neither.
    """
    found: list[Path] = []
    for path in paths:
        gone = working_folder_gone(path)
        if gone is not None:
            raise gone
        if not path.is_dir():
            raise not_an_area(path)
        try:
            if is_area(path):
                found.append(path)
                continue
            with os.scandir(path) as listing:
                entries = sorted(Path(entry.path) for entry in listing)
        except OSError as error:
            raise AreaNotFound(f"cannot read {path}: {error.strerror or error}") from None
        children = [_outside(child, path) or child for child in entries]
        children = [c for c in children if isinstance(c, OutsideLink) or _maybe_area(c)]
        if not children:
            raise not_an_area(path, or_subfolders=True)
        if all(isinstance(c, OutsideLink) for c in children):
            raise AreaNotFound(str(refused(children[0])))
        found.extend(children)
    unique: dict[Path, Path] = {}
    for folder in found:
        unique.setdefault(Path(os.path.abspath(folder)), folder)  # noqa: PTH100
    return list(unique.values())


def _maybe_area(child: Path) -> bool:
    """Whether a subfolder is an area, or may be one that cannot be read (a file, a pipe or
    a link to nothing is not)."""
    try:
        return child.is_dir() and is_area(child)
    except OSError:
        return True


class OutsideLink(type(Path())):  # type: ignore[misc]
    """A subfolder that is a symbolic link to a folder outside the folder it was found in:
    it is reported as that area's error, and nothing is read through it."""

    why: str


def refused(folder: Path) -> str | None:
    """Why an area folder from :func:`find_areas` must not be read, or None."""
    return folder.why if isinstance(folder, OutsideLink) else None


def _outside(child: Path, parent: Path) -> OutsideLink | None:
    """``child`` as an :class:`OutsideLink` when it is a link to a folder outside ``parent``."""
    try:
        if not child.is_symlink() or not child.is_dir():
            return None
        target = child.resolve(strict=True)
        inside = parent.resolve(strict=True)
    except (OSError, RuntimeError):  # a loop of links, or one that cannot be followed
        return None
    if target == inside or inside in target.parents:
        return None
    link = OutsideLink(child)
    link.why = (
        f"a symbolic link to a folder outside {display_path(parent)}: concordat does not "
        "read areas through links that leave the folder it was given"
    )
    return link
