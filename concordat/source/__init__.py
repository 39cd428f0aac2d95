"""Reading one YAML data file safely, keeping the line and column of every value.

The stages, each in its own module: :mod:`~concordat.source.text` turns bytes into text
(links, size, encoding), :mod:`~concordat.source.compose` turns text into a node tree (depth,
aliases, syntax errors in plain words), :mod:`~concordat.source.recover` reads a file item by
item after a syntax error, and :mod:`~concordat.source.plain` turns the tree into plain data.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from concordat.source import compose, plain, recover
from concordat.source.file import (
    YAML_ONLY_BREAKS,
    SourceFile,
    offset_position,
    place_marks,
    position,
)
from concordat.source.text import link_problem, read_text

__all__ = ["SourceFile", "offset_position", "paused_gc", "position", "read"]


def read(path: Path, name: str, within: Path | None = None) -> SourceFile:
    """Read one YAML file. Never raises for bad content: problems become diagnostics.

    With ``within`` (the area folder), a file that is a symbolic link to somewhere outside
    that folder, a link that loops, or a file in a folder of the area that is a link to the
    area itself, above it or outside it, is refused: a data file must not be a way to read
    other files on the machine, nor the area's own files a second time.
    """
    source = SourceFile(path, name)
    refused = link_problem(path, name, within) if within is not None else None
    if refused is not None:
        source.problem("F002", refused[0], None, refused[1])
        return source
    text = read_text(source)
    if text is None:
        return source
    source.text = text
    try:
        root = compose.compose(source, text)
        if root is not None and YAML_ONLY_BREAKS.search(text):
            place_marks(root, source.line_starts)  # lines as an editor counts them
    except yaml.MarkedYAMLError as error:
        root = recover.recover(source, text, error)  # its marks are placed as it reads
    if root is not None:
        source.root = root
        source.data = plain.to_plain(source, root)
    return source


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large tree of objects is being built.

    Composing YAML creates hundreds of thousands of nodes and none of them form cycles, but
    each allocation counts towards the collector's thresholds, so it runs over and over on a
    growing heap: that is three quarters of the time of composing a large file. Reference
    counting still frees everything; the collector resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
