"""An area: a folder holding signatories.yaml and commitments (one file or a folder of them).

Loading reads every file, validates every signatory and commitment on its own against the
models, and keeps each valid one with the place it came from. A broken file or item becomes
diagnostics and the rest of the area is still loaded and checked.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from concordat import model, schema_errors, source
from concordat.diagnostics import Diagnostic, Position, Severity
from concordat.layout import (
    COMMITMENTS,
    SIGNATORIES,
    SUFFIXES,
    AreaNotFound,
    candidates,
    display_path,
    meant_name,
    near_miss,
    not_an_area,
    unreadable,
    working_folder_gone,
)
from concordat.model import Commitment, Signatory
from concordat.vocab import Sector

T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class Located(Generic[T]):
    """A validated item and where it was written."""

    item: T
    source: source.SourceFile
    path: tuple[str | int, ...]

    def where(self, *sub: str | int, key: bool = False) -> Position | None:
        return self.source.locate(self.path + sub, key=key)

    def lines(self, *sub: str | int) -> tuple[int, int] | None:
        """The first and last line of the value at ``sub`` (the whole item by default)."""
        where = self.where(*sub)
        if where is None:
            return None
        last = where.end_line or where.line
        if where.end_line is not None and where.end_column == 1 and last > where.line:
            last -= 1  # a block ends at the start of the line after it
        return where.line, last

    @property
    def file(self) -> str:
        return self.source.name


@dataclass(frozen=True)
class Unread:
    """An item written in a file that could not be read: what little is known of it."""

    id: str | None
    owner: str | None
    file: str
    line: int | None

    @property
    def where(self) -> str:
        """'commitments.yaml line 40', or the file alone when the line is not known."""
        return self.file + (f" line {self.line}" if self.line else "")


@dataclass
class Area:
    folder: Path
    name: str | None = None
    files: list[source.SourceFile] = field(default_factory=list)
    signatories: list[Located[Signatory]] = field(default_factory=list)
    commitments: list[Located[Commitment]] = field(default_factory=list)
    #: Ids written in the files, valid or not, so that one typo in a signatory's sector
    #: does not also turn every reference to it into an "unknown signatory" error.
    declared_ids: set[str] = field(default_factory=set)
    #: Owners written on commitments, valid or not (for "leads nothing", likewise).
    owners_written: set[str] = field(default_factory=set)
    #: How many signatories failed validation (their sectors and dates are unknown).
    invalid_signatories: int = 0
    #: How many commitments are written in the files, valid or not.
    commitments_written: int = 0
    #: Signatory references written in commitments that failed validation, as
    #: (role, id, file, path), so a schema error does not hide an unknown owner beside it.
    loose_references: list[tuple[str, str, source.SourceFile, tuple[str | int, ...]]] = field(
        default_factory=list
    )
    diagnostics: list[Diagnostic] = field(default_factory=list)
    signatories_file: source.SourceFile | None = None
    #: Commitments written but not read (they failed validation), so a view can say which
    #: are missing from it.
    unread: list[Unread] = field(default_factory=list)
    #: Signatories written but not read, likewise.
    unread_signatories: list[Unread] = field(default_factory=list)
    _error_lines: tuple[Sequence[Diagnostic], int, dict[str, list[int]]] | None = field(
        default=None, repr=False, compare=False
    )

    def error_within(
        self, located: Located[Any], *sub: str | int, among: Sequence[Diagnostic] | None = None
    ) -> bool:
        """Whether an error (of ``among``, by default those found reading the files) lies
        within the value at ``sub`` of ``located``: what it says is in doubt."""
        span = located.lines(*sub)
        if span is None:
            return False
        diagnostics = self.diagnostics if among is None else among
        cached = self._error_lines
        # kept for the list last asked about (held here, so it cannot be another list at
        # the same address), so asking for every item of a large area stays quick
        if cached is None or cached[0] is not diagnostics or cached[1] != len(diagnostics):
            cached = self._error_lines = (diagnostics, len(diagnostics), _error_lines(diagnostics))
        found = cached[2].get(located.file, [])
        first = bisect_left(found, span[0])
        return first < len(found) and found[first] <= span[1]

    @property
    def label(self) -> str:
        """The area's name, from signatories.yaml, else its folder's name."""
        return self.name or self.folder.name

    @property
    def signatories_readable(self) -> bool:
        """Whether signatories.yaml was read as a mapping (so its ids are known)."""
        file = self.signatories_file
        return file is not None and isinstance(file.data, dict)

    @property
    def fully_read(self) -> bool:
        """Whether every file could be parsed, so area-wide facts can be trusted."""
        return all(f.root is not None and not f.partial for f in self.files)

    def missing_sectors(self, sectors: Sequence[Sector], as_of: date) -> tuple[Sector, ...] | None:
        """The ``sectors`` no current signatory belongs to; None while that is unknown
        (a signatory could not be read, so its sector is not known)."""
        file = self.signatories_file
        if file is None or not self.signatories_readable or file.partial:
            return None
        if self.invalid_signatories:
            return None
        present = {s.item.sector for s in self.signatories if not s.item.has_left(as_of)}
        return tuple(sector for sector in sectors if sector not in present)


def _error_lines(diagnostics: Sequence[Diagnostic]) -> dict[str, list[int]]:
    """The lines of the errors in ``diagnostics``, sorted, by file."""
    lines: dict[str, list[int]] = {}
    for d in diagnostics:
        if d.severity is Severity.ERROR and d.line is not None:
            lines.setdefault(d.file, []).append(d.line)
    for found in lines.values():
        found.sort()
    return lines


def _find(folder: Path, stem: str, area: Area) -> Path | None:
    found = candidates(folder, stem)
    if len(found) > 1:
        area.diagnostics.append(
            Diagnostic.at(
                "F006",
                f"both {found[0].name} and {found[1].name} exist; concordat would read only one",
                display_path(found[1]),
                None,
                f"merge them into {stem}.yaml and delete the other",
            )
        )
    return found[0] if found else None


def _misnamed(entries: list[Path]) -> Iterator[Diagnostic]:
    """An F002 for each file in commitments/ that is not read because of its name's ending
    (``2.YAML``, ``2.yaml.txt``): its commitments would be missing without a word."""
    names = {p.name for p in entries}
    for path in entries:
        meant = meant_name(path.name)
        if meant is None or path.is_dir():
            continue
        shown, target = display_path(path), display_path(path.with_name(meant))
        why = (
            "its name ends in .txt (an extension Windows may hide)"
            if path.name.lower().endswith(".txt")
            else "concordat reads only names ending in .yaml or .yml, in lower case"
        )
        yield Diagnostic.at(
            "F002",
            f"{shown} is not read: {why}",
            shown,
            None,
            f"merge it into {target} and delete it" if meant in names else f"rename it to {target}",
        )


def discover(folder: Path, area: Area) -> tuple[Path | None, list[Path]]:
    """The area's signatories file and its commitment files, in reading order.

    Raises :class:`AreaNotFound` when the folder holds no concordat data or cannot be read;
    a ``commitments/`` folder that cannot be listed is an F002 error, and the rest is read.
    """
    if not folder.is_dir() or unreadable(folder) or working_folder_gone(folder):
        raise not_an_area(folder)
    try:
        signatories = _find(folder, SIGNATORIES, area)
        single = _find(folder, COMMITMENTS, area)
        split = folder / COMMITMENTS
        is_split = split.is_dir()
    except OSError as error:
        raise AreaNotFound(f"cannot read {folder}: {error.strerror or error}") from None
    commitments = [single] if single is not None else []
    unlisted = False
    if is_split:
        try:
            entries = sorted(split.iterdir())
        except OSError as error:
            unlisted = True
            area.diagnostics.append(
                Diagnostic.at(
                    "F002",
                    f"cannot read the {COMMITMENTS}/ folder: {error.strerror or error}",
                    display_path(split),
                    None,
                    f"let concordat read it: chmod a+rx {display_path(split)}",
                )
            )
        else:
            commitments += [p for p in entries if p.suffix in SUFFIXES]
            area.diagnostics.extend(_misnamed(entries))
    if signatories is None and not commitments and not unlisted:
        raise not_an_area(folder)
    if signatories is None:
        area.diagnostics.append(
            Diagnostic.at(
                "F001",
                "signatories.yaml is missing: commitments need signatories to own them",
                display_path(folder / "signatories.yaml"),
                None,
                near_miss(folder, SIGNATORIES)
                or "create it beside commitments.yaml (see the README for the format)",
            )
        )
    if not commitments and not unlisted and is_split:
        area.diagnostics.append(
            Diagnostic.at(
                "F001",
                f"no commitments: the {COMMITMENTS}/ folder holds no .yaml or .yml file",
                display_path(split),
                None,
                "put the commitment files in it, each named like plan.yaml",
            )
        )
    elif not commitments and not unlisted:
        area.diagnostics.append(
            Diagnostic.at(
                "F001",
                "no commitments: expected commitments.yaml or a commitments/ folder",
                display_path(folder / "commitments.yaml"),
                None,
                near_miss(folder, COMMITMENTS)
                or "create commitments.yaml beside signatories.yaml (see the README)",
            )
        )
    return signatories, commitments


def load(folder: Path) -> Area:
    """Read and validate every file of the area at ``folder``.

    Raises :class:`AreaNotFound` only when there is nothing to read; every problem in the
    data itself is returned in ``area.diagnostics``.
    """
    with source.paused_gc():
        return _load(folder)


def _load(folder: Path) -> Area:
    area = Area(folder)
    signatories_path, commitment_paths = discover(folder, area)
    if signatories_path is not None:
        sig_file = source.read(signatories_path, display_path(signatories_path), folder)
        area.files.append(sig_file)
        area.signatories_file = sig_file
        area.declared_ids.update(sig_file.unparsed_ids)
        _load_signatories(area, sig_file)
    for path in commitment_paths:
        com_file = source.read(path, display_path(path), folder)
        area.files.append(com_file)
        _load_commitments(area, com_file)
    for f in area.files:
        area.diagnostics.extend(f.diagnostics)
    return area


def _top_level(
    area: Area, file: source.SourceFile, top: type[BaseModel], list_key: str
) -> list[Any]:
    """Check a file's top level; return its list of items (possibly empty)."""
    data = file.data
    if file.root is None:
        return []
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else "a single value"
        example = "'area:' and 'signatories:'" if top is model.SignatoriesFile else "'commitments:'"
        area.diagnostics.append(
            Diagnostic.at(
                "Y007",
                f"the file holds {found}; it should be a mapping starting with {example}",
                file.name,
                source.position(file.root),
                f"put the items under a '{list_key}:' key",
            )
        )
        return []
    try:
        top.model_validate(data)
    except ValidationError as error:
        area.diagnostics.extend(schema_errors.problems(error, top, file, (), f"{file.name}"))
    items = data.get(list_key)
    return items if isinstance(items, list) else []


def _subject(kind: str, item: Any, index: int) -> str:
    item_id = item.get("id") if isinstance(item, dict) else None
    pattern = model.COMMITMENT_ID if kind == "commitment" else model.SLUG
    if isinstance(item_id, str) and re.match(pattern, item_id.strip()):
        return f"{kind} {item_id}" if kind == "commitment" else f"{kind} '{item_id}'"
    return f"{kind} #{index + 1}"


def _load_signatories(area: Area, file: source.SourceFile) -> None:
    data = file.data
    if isinstance(data, dict) and isinstance(data.get("area"), str):
        area.name = data["area"].strip() or None
    for index, item in enumerate(_top_level(area, file, model.SignatoriesFile, SIGNATORIES)):
        located = _validate(area, file, Signatory, (SIGNATORIES, index), item, "signatory")
        if located is not None:
            area.signatories.append(located)
            continue
        raw = item if isinstance(item, dict) else {}
        where = file.locate((SIGNATORIES, index))
        area.unread_signatories.append(
            Unread(_plain(raw.get("id")), None, file.name, where.line if where else None)
        )
    area.unread_signatories.extend(Unread(u.id, None, file.name, u.line) for u in file.unread)


def _load_commitments(area: Area, file: source.SourceFile) -> None:
    for index, item in enumerate(_top_level(area, file, model.CommitmentsFile, COMMITMENTS)):
        area.commitments_written += 1
        path = (COMMITMENTS, index)
        located = _validate(area, file, Commitment, path, item, "commitment")
        if located is not None:
            area.commitments.append(located)
            continue
        raw = item if isinstance(item, dict) else {}
        where = file.locate(path)
        area.unread.append(
            Unread(
                _plain(raw.get("id")),
                _plain(raw.get("owner")),
                file.name,
                where.line if where else None,
            )
        )
    area.unread.extend(Unread(u.id, u.owner, file.name, u.line) for u in file.unread)


def _plain(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _validate(
    area: Area,
    file: source.SourceFile,
    cls: type[T],
    path: tuple[str | int, ...],
    item: Any,
    kind: str,
) -> Located[T] | None:
    if isinstance(item, dict):
        if kind == "signatory" and isinstance(item.get("id"), str):
            # 'NSFT' for 'nsft' is one bad id (S005), not also an unknown reference to it
            area.declared_ids.update({item["id"].strip(), item["id"].strip().lower()})
        elif kind == "commitment" and isinstance(item.get("owner"), str):
            area.owners_written.add(item["owner"].strip())
    misplaced = _misplaced(kind, item, file, path) if isinstance(item, dict) else None
    if misplaced is not None:
        if kind == "signatory":
            area.invalid_signatories += 1
        area.diagnostics.append(misplaced)
        return None
    try:
        return Located(cls.model_validate(item), file, path)
    except ValidationError as error:
        if kind == "signatory":
            area.invalid_signatories += 1
        elif isinstance(item, dict):
            area.loose_references.extend(_references(item, file, path))
        subject = _subject(kind, item, int(path[-1]))
        area.diagnostics.extend(schema_errors.problems(error, cls, file, path, subject))
        return None


#: The fields only a signatory has, and those only a commitment has.
_OWN_FIELDS = {
    "signatory": set(Signatory.model_fields) - set(Commitment.model_fields),
    "commitment": set(Commitment.model_fields) - set(Signatory.model_fields),
}
_HOME = {"signatory": "signatories.yaml", "commitment": "commitments.yaml (or commitments/)"}


def _misplaced(
    kind: str, item: dict[Any, Any], file: source.SourceFile, path: tuple[str | int, ...]
) -> Diagnostic | None:
    """One S001 for a whole item of the other kind pasted into the wrong file (a commitment
    in signatories.yaml), instead of one per field it has and per field it lacks."""
    other = "commitment" if kind == "signatory" else "signatory"
    keys = {k for k in item if isinstance(k, str)}
    theirs = sorted(keys & _OWN_FIELDS[other])
    if len(theirs) < 2 or len(keys & _OWN_FIELDS[kind]) >= len(theirs):
        return None
    return Diagnostic.at(
        "S001",
        f"{_subject(kind, item, int(path[-1]))} looks like a {other} "
        f"(it has {', '.join(theirs)}), not a {kind}",
        file.name,
        file.locate(path),
        f"move it to {_HOME[other]}, into the list under '{_LIST[other]}:'",
    )


_LIST = {"signatory": "signatories", "commitment": "commitments"}


def _references(
    item: dict[str, Any], file: source.SourceFile, path: tuple[str | int, ...]
) -> Iterator[tuple[str, str, source.SourceFile, tuple[str | int, ...]]]:
    """The signatory ids a raw commitment names, wherever they are plain text."""
    if isinstance(item.get("owner"), str):
        yield "owner", item["owner"], file, (*path, "owner")
    partners = item.get("partners")
    for index, partner in enumerate(partners if isinstance(partners, list) else []):
        if isinstance(partner, str):
            yield "partner", partner, file, (*path, "partners", index)
    updates = item.get("updates")
    for index, update in enumerate(updates if isinstance(updates, list) else []):
        if isinstance(update, dict) and isinstance(update.get("by"), str):
            yield "update author", update["by"], file, (*path, "updates", index, "by")
