"""A cache of area results, keyed by everything that decides them, so an unchanged area is
not read and checked again.

The key is a SHA-256 over: the bytes of every file concordat reads in the area, the names
and kinds of everything else in the area's folders, the as-of date and settings given on the
command line, the folder as the user named it and the working folder (messages show paths
relative to it), and a stamp of concordat's own code and of the libraries that read and
check (PyYAML, pydantic). Any change to any of these is a different key, so a result is only
ever reused for exactly the input that produced it. An area with a symbolic link, a pipe, an
unreadable or an over-large file is never cached: it is read afresh, every time.

Entries live in the user's cache folder, never beside the data and never in git:
``$CONCORDAT_CACHE_DIR``, else ``$XDG_CACHE_HOME/concordat``, else ``~/.cache/concordat``.
A cache inside the repository could be committed with a forged "no problems" result for a
broken change and fool CI; the user's own cache folder cannot. Setting ``CONCORDAT_CACHE_DIR``
to an empty value, or ``--no-cache``, turns the cache off; on CI runners it is off unless
``CONCORDAT_CACHE_DIR`` is set. Deleting the folder is always safe. Entries are JSON,
written atomically; one that cannot be read is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import asdict
from datetime import date
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from concordat import __version__
from concordat.layout import COMMITMENTS, MAX_FILE_BYTES, SUFFIXES

if TYPE_CHECKING:
    from concordat.national import AreaResult

#: Bump when the layout of an entry changes.
FORMAT = 1
ENV = "CONCORDAT_CACHE_DIR"
#: Past this many entries the least recently used are removed.
MAX_ENTRIES = 4000
#: Files whose bytes decide a result; other entries count by name and kind only.
_READ_SUFFIXES = (*SUFFIXES, ".toml")


def directory() -> Path | None:
    """Where entries live, or None when the cache is off.

    On a CI runner (``CI`` set, as GitHub Actions, GitLab and others do) the cache is off
    unless ``CONCORDAT_CACHE_DIR`` names a folder: a fresh runner would only pay for writing
    results nobody reads.
    """
    configured = os.environ.get(ENV)
    if configured is not None:
        return Path(configured).expanduser() if configured.strip() else None
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "concordat"


_stamp: bytes | None = None


def _code_stamp() -> bytes:
    """What changes when concordat, PyYAML or pydantic change: names, sizes and times."""
    global _stamp
    if _stamp is None:
        parts = [str(FORMAT), __version__, sys.version]
        package = Path(__file__).parent
        for path in sorted(package.rglob("*.py")):
            info = path.stat()
            parts.append(f"{path.relative_to(package)}:{info.st_size}:{info.st_mtime_ns}")
        for name in ("yaml", "_yaml", "pydantic", "pydantic_core"):
            spec = find_spec(name)
            origin = spec.origin if spec else None
            if origin and os.path.exists(origin):  # noqa: PTH110
                info = os.stat(origin)  # noqa: PTH116
                parts.append(f"{name}:{origin}:{info.st_size}:{info.st_mtime_ns}")
            else:
                parts.append(f"{name}:absent")
        _stamp = "\n".join(parts).encode()
    return _stamp


Snapshot = tuple[tuple[str, int, int, int], ...]


def _entries(folder: Path) -> list[os.DirEntry[str]] | None:
    try:
        with os.scandir(folder) as listing:
            return sorted(listing, key=lambda e: e.name)
    except OSError:
        return None


def key(
    folder: Path, as_of: date, stale_days: int | None, rollup: bool
) -> tuple[str, Snapshot] | None:
    """The key for this area and these settings, and a snapshot of the files read to make it.

    None when the area should not be cached (a link, a pipe, an unreadable or over-large file,
    or a working folder that no longer exists).
    """
    try:
        return _key(folder, as_of, stale_days, rollup)
    except OSError:
        return None


def _key(
    folder: Path, as_of: date, stale_days: int | None, rollup: bool
) -> tuple[str, Snapshot] | None:
    digest = hashlib.sha256(_code_stamp())
    # the folder as named and the working folder decide every path shown in messages
    where = (str(folder), os.getcwd())  # noqa: PTH109
    digest.update(repr((where, as_of.isoformat(), stale_days, rollup)).encode())
    snapshot: list[tuple[str, int, int, int]] = []
    folders = [folder]
    while folders:
        current = folders.pop(0)
        listing = _entries(current)
        if listing is None:
            return None
        for entry in listing:
            try:
                if entry.is_symlink():
                    return None
                is_dir = entry.is_dir(follow_symlinks=False)
                digest.update(f"\0{current}/{entry.name}:{'d' if is_dir else 'f'}".encode())
                if is_dir and current == folder and entry.name == COMMITMENTS:
                    folders.append(Path(entry.path))
                if is_dir or not entry.name.endswith(_READ_SUFFIXES):
                    continue
                if not entry.is_file(follow_symlinks=False):
                    return None  # a pipe or a device: never opened here (it could block)
                info = entry.stat(follow_symlinks=False)
                if info.st_size > MAX_FILE_BYTES:
                    return None  # refused by the loader (F005): read afresh each time
                with open(entry.path, "rb") as handle:  # noqa: PTH123
                    data = handle.read()
            except OSError:
                return None
            digest.update(len(data).to_bytes(8, "little"))
            digest.update(data)
            snapshot.append((entry.path, info.st_size, info.st_mtime_ns, info.st_ino))
    return digest.hexdigest(), tuple(snapshot)


def unchanged(snapshot: Snapshot) -> bool:
    """Whether the files keyed are still as they were (so a result can be stored under it)."""
    try:
        for path, size, mtime, inode in snapshot:
            info = os.stat(path)  # noqa: PTH116
            if (info.st_size, info.st_mtime_ns, info.st_ino) != (size, mtime, inode):
                return False
    except OSError:
        return False
    return True


def get(where: Path, digest: str) -> AreaResult | None:
    path = where / f"{digest}.json"
    try:
        with open(path, encoding="utf-8") as handle:  # noqa: PTH123
            entry = json.load(handle)
        result = _result(entry)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept when old entries are pruned
    return result


def put(where: Path, digest: str, result: AreaResult) -> None:
    """Store a result atomically; a cache that cannot be written is no error."""
    try:
        import tempfile  # only a run that stores something pays for it

        where.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".entry.", suffix=".tmp", dir=where)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                # dumps (C) then one write: dump() writes piece by piece from Python
                handle.write(json.dumps(_entry(result), separators=(",", ":")))
            Path(temporary).replace(where / f"{digest}.json")
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass


_ENTRY = re.compile(r"[0-9a-f]{64}\.json")
_TEMPORARY = re.compile(r"\.entry\.[^/]*\.tmp")


def _ours(name: str, *, temporary: bool) -> bool:
    """Whether a file is a cache entry (or, with ``temporary``, one being written). Nothing
    else is ever counted or deleted, even if CONCORDAT_CACHE_DIR names a folder of the
    user's own files."""
    return bool(_ENTRY.fullmatch(name) or (temporary and _TEMPORARY.fullmatch(name)))


def prune(where: Path, keep: int = MAX_ENTRIES) -> int:
    """Remove the least recently used entries beyond ``keep``; returns how many went."""
    try:
        with os.scandir(where) as listing:
            entries = [e for e in listing if _ours(e.name, temporary=False)]
        if len(entries) <= keep:
            return 0
        entries.sort(key=lambda e: e.stat().st_mtime_ns)
        doomed = entries[: len(entries) - keep * 3 // 4]
        for entry in doomed:
            Path(entry.path).unlink(missing_ok=True)
    except OSError:
        return 0
    return len(doomed)


def clear(where: Path) -> int:
    """Delete every entry; returns how many there were."""
    removed = 0
    try:
        with os.scandir(where) as listing:
            for entry in listing:
                if _ours(entry.name, temporary=True) and entry.is_file(follow_symlinks=False):
                    Path(entry.path).unlink(missing_ok=True)
                    removed += 1
    except FileNotFoundError:
        return 0
    return removed


def summary(where: Path) -> tuple[int, int]:
    """How many entries, and how many bytes they take."""
    count = size = 0
    try:
        with os.scandir(where) as listing:
            for entry in listing:
                if _ours(entry.name, temporary=False):
                    count += 1
                    size += entry.stat().st_size
    except FileNotFoundError:
        pass
    return count, size


# -- entries as JSON ---------------------------------------------------------------------------


def _entry(result: AreaResult) -> dict[str, Any]:
    report = result.report
    return {
        "format": FORMAT,
        "folder": result.folder,
        "name": result.name,
        "files": list(report.files),
        "diagnostics": [_diagnostic(d) for d in report.diagnostics],
        "silenced": [
            {"diagnostic": _diagnostic(s.diagnostic), "reason": s.reason} for s in report.silenced
        ],
        "rollup": asdict(result.rollup) if result.rollup is not None else None,
    }


def _diagnostic(d: Any) -> list[Any]:
    return [d.code, d.message, d.file, d.line, d.column, d.hint, d.end_line, d.end_column,
            d.severity.value]  # fmt: skip


def _result(entry: dict[str, Any]) -> AreaResult:
    from concordat.diagnostics import Diagnostic, Report, Severity, Silenced
    from concordat.national import AreaResult, RollupRow

    if entry["format"] != FORMAT:
        raise ValueError("another format")

    def diagnostics(rows: Iterable[list[Any]]) -> list[Diagnostic]:
        return [
            Diagnostic(code, message, file, line, column, hint, end_line, end_column, Severity(sev))
            for code, message, file, line, column, hint, end_line, end_column, sev in rows
        ]

    silenced = [Silenced(diagnostics([s["diagnostic"]])[0], s["reason"]) for s in entry["silenced"]]
    report = Report(
        tuple(diagnostics(entry["diagnostics"])), tuple(entry["files"]), tuple(silenced)
    )
    row = entry["rollup"]
    return AreaResult(
        entry["folder"], entry["name"], report, RollupRow(**row) if row is not None else None
    )
