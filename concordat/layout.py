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


def find_areas(paths: Sequence[Path]) -> list[Path]:
    """The area folders named: each path is an area, or a folder whose subfolders are areas.

    An area named twice (``areas/`` and ``areas/one``, or ``.`` and ``./``) is checked once.
    Raises :class:`AreaNotFound` for a path that is neither.
    """
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise AreaNotFound(f"no such folder: {path}")
        if not path.is_dir():
            raise AreaNotFound(f"not a folder: {path}")
        if is_area(path):
            found.append(path)
            continue
        try:
            children = sorted(p for p in path.iterdir() if p.is_dir() and is_area(p))
        except OSError as error:
            raise AreaNotFound(f"cannot list {path}: {error.strerror or error}") from None
        if not children:
            raise AreaNotFound(
                f"no concordat data in {path}: expected signatories.yaml and commitments.yaml, "
                "or subfolders that hold them"
            )
        found.extend(children)
    unique: dict[Path, Path] = {}
    for folder in found:
        unique.setdefault(Path(os.path.abspath(folder)), folder)  # noqa: PTH100
    return list(unique.values())
