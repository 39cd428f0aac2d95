"""One revision of an area, read from the text of its files: what the history compares.

Each file's text goes through the same reader (:mod:`concordat.source`) and the same loader
(:mod:`concordat.area`) as ``concordat validate`` uses, so a revision means what its files
said then. Of each commitment and signatory only the facts the history follows are kept,
small and comparable: a revision of a hundred commitments is a few kilobytes.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from concordat import area as area_module
from concordat.diagnostics import Severity
from concordat.layout import COMMITMENTS, MAX_FILE_BYTES, SIGNATORIES
from concordat.model import Commitment
from concordat.source import SourceFile, compose, plain, recover
from concordat.source.compose import SEQ_TAG
from concordat.source.file import YAML_ONLY_BREAKS, byte_position, place_marks
from concordat.vocab import Status

_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True, slots=True)
class Reading:
    measure: str
    day: date
    value: float


@dataclass(frozen=True, slots=True)
class UpdateKey:
    day: date
    by: str
    note: str
    status: Status | None


@dataclass(frozen=True, slots=True)
class CommitmentState:
    """What the history follows of one commitment in one revision."""

    id: str
    title: str
    due: date
    due_written: str  # as written: "2015/16 Q4" or "2016-03-31"
    status: Status
    reason: str | None
    updates: frozenset[UpdateKey]
    readings: frozenset[Reading]

    @property
    def title_key(self) -> str:
        return " ".join(self.title.lower().split())


@dataclass(frozen=True, slots=True)
class SignatoryState:
    id: str
    name: str
    left: date | None


@dataclass(frozen=True, slots=True)
class FileState:
    """One data file of one revision, read: its items, or why it could not be read."""

    commitments: tuple[CommitmentState, ...] = ()
    signatories: tuple[SignatoryState, ...] = ()
    #: Why the file cannot be trusted: its first error, placed ("line 4: ..."); None if read.
    problem: str | None = None
    #: The area's name, in signatories.yaml.
    name: str | None = None
    #: The text of each commitment's entry, beside ``commitments`` (when read entry by
    #: entry): what :func:`read_file` knows them by next time.
    keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Snapshot:
    """An area at one revision: its commitments and signatories by id, or why it could not
    be read (then it is listed in the history and skipped)."""

    commitments: Mapping[str, CommitmentState]
    signatories: Mapping[str, SignatoryState]
    problem: str | None = None
    name: str | None = None


EMPTY = Snapshot({}, {})


def source_from_bytes(data: bytes, name: str, *, to_plain: bool = True) -> SourceFile:
    """A data file read from its bytes (a blob in git) as :func:`concordat.source.read`
    reads one from disk: the same text guards, composer, recovery and plain data (unless
    ``to_plain`` is False: then the caller converts what it needs)."""
    source = SourceFile(Path(name), name)
    if len(data) > MAX_FILE_BYTES:
        source.problem("F005", f"{name} is larger than {MAX_FILE_BYTES // 1048576} MB", None)
        return source
    if data.startswith(_WIDE_BOMS):
        source.problem("F003", f"{name} is UTF-16 or UTF-32 text; concordat reads UTF-8", None)
        return source
    nul = data.find(b"\x00")
    if nul >= 0:
        where = byte_position(data, nul)
        source.problem("F004", "the file contains a NUL byte: it is binary", where)
        return source
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        where = byte_position(data, error.start)
        source.problem("F003", f"byte 0x{data[error.start]:02x} is not valid UTF-8", where)
        return source
    source.text = text
    try:
        root = compose.compose(source, text)
        if root is not None and YAML_ONLY_BREAKS.search(text):
            place_marks(root, source.line_starts)
    except yaml.MarkedYAMLError as error:
        root = recover.recover(source, text, error)
    if root is not None:
        source.root = root
        if to_plain or source.partial:
            source.data = plain.to_plain(source, root)
    return source


def read_file(
    data: bytes, name: str, known: Mapping[str, CommitmentState] | None = None
) -> FileState:
    """The facts of one data file (``name`` relative to the area) from its bytes.

    ``known`` holds commitments already read, by the text of their entry: an entry written
    exactly as before is the same commitment, and is not converted and validated again
    (a commit changes one entry of a hundred; the file is still composed whole)."""
    is_signatories = Path(name).stem == SIGNATORIES and "/" not in name
    source = source_from_bytes(data, name, to_plain=is_signatories or known is None)
    entries = None if source.data is not None else _entries(source)
    if entries is None:
        if source.data is None and source.root is not None:
            source.data = plain.to_plain(source, source.root)
        return _loaded(source, is_signatories)
    loaded = area_module.Area(Path(name).parent)
    states: list[CommitmentState] = []
    assert known is not None
    for index, (node, text) in enumerate(entries):
        hit = known.get(text)
        if hit is not None:
            states.append(hit)
            continue
        item = plain.to_plain(source, node)
        path = (COMMITMENTS, index)
        located = area_module._validate(loaded, source, Commitment, path, item, "commitment")
        if located is not None:
            states.append(_commitment(located.item, item))
    problem = _first_error([*source.diagnostics, *loaded.diagnostics])
    if problem is None and len(states) != len(entries):
        problem = "an entry could not be read"
    keys = tuple(text for _, text in entries) if problem is None else ()
    return FileState(tuple(states), (), problem, None, keys)


def _entries(source: SourceFile) -> list[tuple[Node, str]] | None:
    """Each commitment's node and the text of its entry, when the file is exactly a
    ``commitments:`` list (anything else is read the long way, with every check)."""
    root, text = source.root, source.text
    if source.partial or text is None or not isinstance(root, MappingNode):
        return None
    if len(root.value) != 1:
        return None
    key, value = root.value[0]
    if not isinstance(key, ScalarNode) or key.value != COMMITMENTS or key.style:
        return None
    if not isinstance(value, SequenceNode) or value.tag not in ("", SEQ_TAG):
        return None
    return [(node, text[node.start_mark.index : node.end_mark.index]) for node in value.value]


def _loaded(source: SourceFile, is_signatories: bool) -> FileState:
    loaded = area_module.Area(source.path.parent)
    if is_signatories:
        area_module._load_signatories(loaded, source)
    else:
        area_module._load_commitments(loaded, source)
    problem = _first_error([*source.diagnostics, *loaded.diagnostics])
    if problem is None and (source.root is None or source.partial):
        problem = "it could not be read"
    return FileState(
        tuple(_commitment(c.item, _raw(c.source.data, c.path)) for c in loaded.commitments),
        tuple(SignatoryState(s.item.id, s.item.name, s.item.left) for s in loaded.signatories),
        problem,
        loaded.name,
    )


def unreadable(why: str) -> FileState:
    return FileState(problem=why)


def _first_error(diagnostics: Iterable[Any]) -> str | None:
    for d in sorted(diagnostics, key=lambda d: d.sort_key()):
        if d.severity is Severity.ERROR:
            where = f"line {d.line}: " if d.line else ""
            return f"{where}{d.message} ({d.code})"
    return None


def _commitment(item: Any, raw: Any) -> CommitmentState:
    written = raw.get("due") if isinstance(raw, dict) else None
    return CommitmentState(
        id=item.id,
        title=item.title,
        due=item.due,
        due_written=written.strip() if isinstance(written, str) else item.due.isoformat(),
        status=item.status,
        reason=item.reason,
        updates=frozenset(UpdateKey(u.date, u.by, u.note, u.status) for u in item.updates),
        readings=frozenset(
            Reading(m.name, r.date, r.value) for m in item.measures for r in m.readings
        ),
    )


def state_of(located: Any) -> CommitmentState:
    """The facts the history follows of a loaded commitment (an ``area.Located``)."""
    return _commitment(located.item, _raw(located.source.data, located.path))


def _raw(data: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        if isinstance(step, str) and isinstance(data, dict):
            data = data.get(step)
        elif isinstance(step, int) and isinstance(data, list) and step < len(data):
            data = data[step]
        else:
            return None
    return data


def compose_snapshot(files: Mapping[str, FileState]) -> Snapshot:
    """The area from its files (by path relative to the area, read in the order
    :func:`concordat.area.discover` reads them): the first of a repeated id is kept."""
    problems = [f"{path}: {state.problem}" for path, state in files.items() if state.problem]
    if problems:
        return Snapshot({}, {}, problems[0])
    order = sorted(_read_paths(files), key=_reading_order)
    commitments: dict[str, CommitmentState] = {}
    signatories: dict[str, SignatoryState] = {}
    name: str | None = None
    for path in order:
        state = files[path]
        name = name or state.name
        for c in state.commitments:
            commitments.setdefault(c.id, c)
        for s in state.signatories:
            signatories.setdefault(s.id, s)
    return Snapshot(commitments, signatories, None, name)


def _read_paths(files: Mapping[str, FileState]) -> list[str]:
    """The files the area reads: of name.yaml and name.yml side by side, only name.yaml."""
    return [
        p for p in files if not (p.endswith(".yml") and "/" not in p and p[:-4] + ".yaml" in files)
    ]


def _reading_order(path: str) -> tuple[int, str]:
    if "/" not in path:
        return (0 if path.startswith(SIGNATORIES) else 1, path)
    return (2, path)
