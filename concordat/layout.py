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
    # abspath, not resolve: normalise the path but do not follow links to their targets
    absolute = Path(os.path.abspath(path))  # noqa: PTH100
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def candidates(folder: Path, stem: str) -> list[Path]:
    """``stem.yaml`` and ``stem.yml`` where present (a link counts, even a broken one)."""
    paths = (folder / (stem + suffix) for suffix in SUFFIXES)
    return [p for p in paths if p.exists() or p.is_symlink()]


def is_area(folder: Path) -> bool:
    """Whether ``folder`` holds concordat data: the files ``area.discover`` would read."""
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


def not_an_area(path: Path, *, or_subfolders: bool = False) -> AreaNotFound:
    """Why ``path`` cannot be checked as an area, in the words that help most."""
    if not path.exists():
        return AreaNotFound(f"no such folder: {path}")
    absolute = Path(os.path.abspath(path))  # noqa: PTH100
    if not path.is_dir():
        return AreaNotFound(
            f"{path} is a file: name the area's folder instead: {_area_of(absolute.parent)}"
        )
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
    Raises :class:`AreaNotFound` for a path that is neither.
    """
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            raise not_an_area(path)
        if is_area(path):
            found.append(path)
            continue
        try:
            children = sorted(p for p in path.iterdir() if p.is_dir() and is_area(p))
        except OSError as error:
            raise AreaNotFound(f"cannot list {path}: {error.strerror or error}") from None
        if not children:
            raise not_an_area(path, or_subfolders=True)
        found.extend(children)
    unique: dict[Path, Path] = {}
    for folder in found:
        unique.setdefault(Path(os.path.abspath(folder)), folder)  # noqa: PTH100
    return list(unique.values())
