"""The version of an area before its latest change, for ``validate`` (P008), in two git
calls: one ``git log -n 1`` and one ``git cat-file --batch``.

The latest change is the working tree when its data files differ from the last commit, and
otherwise the last commit that changed them. Outside a repository, without git, with no
commit yet, or when the version before is not in the clone (a shallow one), there is no
previous version and nothing is compared.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from concordat.history import git
from concordat.history.snapshot import FileState, Snapshot, compose_snapshot, read_file
from concordat.history.walk import _blob_id, _on_disk, same_as_committed
from concordat.layout import COMMITMENTS, MAX_FILE_BYTES


@dataclass(frozen=True)
class Previous:
    #: The files the change touched, as they were before it (the others are as they are).
    snapshot: Snapshot
    #: The change being judged: None for the working tree, else the commit.
    commit: str | None
    day: date | None
    #: The data files the change touched, relative to the area folder.
    changed: frozenset[str] = frozenset()


def _tree(data: bytes, id_length: int) -> dict[str, tuple[str, str]]:
    """A git tree object's entries: name to (mode, id)."""
    entries: dict[str, tuple[str, str]] = {}
    at = 0
    while at < len(data):
        space = data.index(b" ", at)
        nul = data.index(b"\0", space)
        mode = data[at:space].decode("ascii")
        name = data[space + 1 : nul].decode("utf-8", "surrogateescape")
        entries[name] = (mode.zfill(6), data[nul + 1 : nul + 1 + id_length].hex())
        at = nul + 1 + id_length
    return entries


def in_a_repository(folder: Path) -> bool:
    """Whether a ``.git`` is in ``folder`` or a folder above it: a look at the file system
    that spares starting git for an area that is in no repository."""
    try:
        here = folder.resolve()
    except (OSError, RuntimeError):
        return False
    return any(_holds_git(place) for place in (here, *here.parents))


def _holds_git(place: Path) -> bool:
    try:
        return (place / ".git").exists()
    except OSError:  # a folder that cannot be looked into holds nothing we can read
        return False


def previous_version(folder: Path) -> Previous | None:
    """The area at ``folder`` before its latest change, or None when it cannot be known."""
    if not in_a_repository(folder) and "GIT_DIR" not in os.environ:
        return None
    try:
        done = subprocess.run(
            [
                "git",
                "log",
                "-n",
                "1",
                "--first-parent",
                "-m",  # a merge against its first parent (git before 2.31 needs saying so)
                "--relative",
                "--raw",
                "--no-abbrev",
                "--no-renames",
                "-z",
                "--format=%H%x00%aI",
                "--",
                *git.pathspecs(),
            ],
            cwd=folder,
            capture_output=True,
            env=git._environment(),
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0 or not done.stdout:
        return None
    fields = done.stdout.split(b"\0")
    commit, authored = fields[0].decode("ascii", "replace"), fields[1].decode("ascii", "replace")
    old_blobs: dict[str, str | None] = {}
    for meta, path in zip(fields[2::2], fields[3::2], strict=False):
        parts = meta.lstrip(b"\n")[1:].split(b" ")
        if len(parts) >= 4:
            old = parts[2].decode("ascii")
            name = path.decode("utf-8", "surrogateescape")
            old_blobs[name] = None if set(old) == {"0"} or parts[0] == b"000000" else old
    try:
        with git.Blobs(git.Repo(folder, folder, "")) as blobs:
            return _previous(blobs, folder, commit, authored, old_blobs)
    except (git.GitProblem, OSError, ValueError):
        return None


def _previous(
    blobs: git.Blobs, folder: Path, commit: str, authored: str, old_blobs: dict[str, str | None]
) -> Previous | None:
    top = blobs.read("HEAD:./", MAX_FILE_BYTES)
    if not isinstance(top, bytes):
        return None
    length = len(commit) // 2
    head: dict[str, str] = {}
    for name, (mode, object_id) in _tree(top, length).items():
        if name == COMMITMENTS and mode == "040000":
            inner = blobs.read(object_id, MAX_FILE_BYTES)
            if isinstance(inner, bytes):
                for sub, (sub_mode, sub_id) in _tree(inner, length).items():
                    if sub_mode in ("100644", "100755"):
                        head[f"{COMMITMENTS}/{sub}"] = sub_id
        elif mode in ("100644", "100755") and git.is_data_file(name):
            head[name] = object_id
    head = {name: blob for name, blob in head.items() if git.is_data_file(name)}
    disk = {}
    for name, path in _on_disk(folder).items():
        if not path.is_symlink():
            data = path.read_bytes()
            disk[name] = head[name] if same_as_committed(data, head.get(name)) else _blob_id(data)
    if disk != head:  # the working tree is the change: before it, the last commit
        touched = {n for n in head.keys() | disk.keys() if head.get(n) != disk.get(n)}
        before = {n: b for n, b in head.items() if n in touched}
        return Previous(_read(blobs, before), None, None, frozenset(touched))
    before = {name: old for name, old in old_blobs.items() if old is not None}
    from datetime import datetime

    try:
        day: date | None = datetime.fromisoformat(authored).date()
    except ValueError:
        day = None
    read = {n: b for n, b in before.items() if git.is_data_file(n)}
    return Previous(_read(blobs, read), commit, day, frozenset(old_blobs))


def _read(blobs: git.Blobs, files: dict[str, str]) -> Snapshot:
    states: dict[str, FileState] = {}
    for name, blob in files.items():
        data = blobs.read(blob, MAX_FILE_BYTES)
        if not isinstance(data, bytes):
            raise ValueError("a version before is not in this clone")
        states[name] = read_file(data, name)
    return compose_snapshot(states)
