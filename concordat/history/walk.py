"""The area revision by revision: one ``git log``, one ``git cat-file --batch``, and the
working tree last.

Each revision's files are known from the changes git lists, so no tree is ever listed; each
blob is read and composed once while it is in use (a file that a commit does not touch keeps
its reading), and a blob seen again soon after (a revert) is found in a small cache. Only the
current revision is held: memory does not grow with the number of commits.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict, deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from concordat.history import git
from concordat.history.snapshot import (
    CommitmentState,
    FileState,
    Snapshot,
    compose_snapshot,
    read_file,
    unreadable,
)
from concordat.layout import COMMITMENTS, MAX_FILE_BYTES, SIGNATORIES, SUFFIXES

#: Blobs no longer in the area whose reading is kept, for a revert soon after.
RECENT_BLOBS = 64


@dataclass(frozen=True, slots=True)
class Revision:
    """A commit, or the working tree (uncommitted changes: ``id`` is None)."""

    id: str | None
    day: date | None
    author: str  # untrusted
    subject: str  # untrusted
    committed: int = 0
    #: Its place in the walk, oldest first: events are ordered by it.
    number: int = 0

    @property
    def label(self) -> str:
        return self.id[:9] if self.id else "working tree"

    @classmethod
    def of(cls, commit: git.Commit, number: int) -> Revision:
        return cls(commit.id, commit.day, commit.author, commit.subject, commit.committed, number)


def working_tree(number: int) -> Revision:
    return Revision(None, None, "", "uncommitted changes", 0, number)


class _Reader:
    """Readings of blobs, by id: those in the area now, and a few recent ones."""

    def __init__(self, blobs: git.Blobs) -> None:
        self._blobs = blobs
        self._recent: OrderedDict[str, FileState] = OrderedDict()
        #: Commitments read, by the text of their entry (see snapshot.read_file).
        self._entries: dict[str, CommitmentState] = {}

    def read(
        self, blob: str, path: str, current: dict[str, tuple[str | None, FileState]]
    ) -> FileState:
        """The reading of ``blob``, whose answer is the next one from git (asked for by
        :func:`revisions` ahead of time): used, or passed over when it is known already."""
        data = self._blobs.answer(MAX_FILE_BYTES)
        for held, state in current.values():
            if held == blob:
                return state
        if blob in self._recent:
            self._recent.move_to_end(blob)
            return self._recent[blob]
        if data is None:
            return unreadable("its contents are missing from the repository")
        if isinstance(data, int):
            return unreadable(f"it is {data / 1048576:.1f} MB, larger than concordat reads")
        state = read_file(data, path, self._entries)
        self.remember(state, current)
        return state

    def remember(self, state: FileState, current: dict[str, tuple[str | None, FileState]]) -> None:
        """Keep ``state``'s entries for the next blob; memory stays within a few revisions'
        worth: past that, only the entries of the files in use are kept."""
        entries = self._entries
        if len(state.keys) != len(state.commitments):
            return  # read the long way: nothing to know it by
        entries.update(zip(state.keys, state.commitments, strict=True))
        in_use = sum(len(s.keys) for _, s in current.values()) + len(state.keys)
        if len(entries) > 4 * in_use + 1000:
            kept = [state, *(s for _, s in current.values())]
            self._entries = {
                k: c for s in kept for k, c in zip(s.keys, s.commitments, strict=False)
            }

    @property
    def entries(self) -> dict[str, CommitmentState]:
        return self._entries

    def forget(self, blob: str | None, state: FileState) -> None:
        if blob is None:
            return
        self._recent[blob] = state
        self._recent.move_to_end(blob)
        while len(self._recent) > RECENT_BLOBS:
            self._recent.popitem(last=False)


_LINK = "it is a symbolic link in this revision, which concordat does not follow"


def revisions(
    repo: git.Repo, until: str | None = None, *, with_working_tree: bool = True
) -> Iterator[tuple[Revision, Snapshot]]:
    """Every revision of the area that changed its data files, oldest first, then the
    working tree when it differs from the last commit (and ``until`` is not given)."""
    files: dict[str, tuple[str | None, FileState]] = {}
    with git.Blobs(repo) as blobs:
        reader = _Reader(blobs)
        number = 0
        for number, commit in enumerate(_asked_ahead(git.log(repo, until), blobs), 1):
            _apply(files, [(c.path, c.blob, c.kind) for c in commit.changes], reader)
            snapshot = compose_snapshot({p: s for p, (_, s) in files.items()})
            yield Revision.of(commit, number), snapshot
        if with_working_tree:
            changed = _working_tree_changes(repo.folder, files)
            if changed:
                _apply(files, changed, reader, folder=repo.folder)
                snapshot = compose_snapshot({p: s for p, (_, s) in files.items()})
                yield working_tree(number + 1), snapshot


#: How many commits ahead their blobs are asked for: git reads them while Python composes.
#: (Their ids, 41 bytes each, stay far below what a pipe holds, so neither side can block.)
AHEAD = 16


def _asked_ahead(commits: Iterator[git.Commit], blobs: git.Blobs) -> Iterator[git.Commit]:
    """``commits``, each yielded once the blobs of the next :data:`AHEAD` have been asked
    for, in the order :func:`_apply` reads their answers."""
    waiting: deque[git.Commit] = deque()
    for commit in commits:
        for change in commit.changes:
            if change.blob is not None and change.kind == "file":
                blobs.ask(change.blob)
        waiting.append(commit)
        if len(waiting) >= AHEAD:
            blobs.send()
            yield waiting.popleft()
    blobs.send()
    while waiting:
        yield waiting.popleft()


def _apply(
    files: dict[str, tuple[str | None, FileState]],
    changes: list[tuple[str, str | None, str]],
    reader: _Reader,
    folder: Path | None = None,
) -> None:
    before = dict(files)
    for path, blob, kind in changes:
        if blob is None:
            files.pop(path, None)
        elif kind != "file":
            files[path] = (blob, unreadable(_LINK if kind == "link" else "it is not a file"))
        elif folder is not None and blob.startswith("disk:"):
            files[path] = (None, read_file((folder / path).read_bytes(), path, reader.entries))
        else:
            files[path] = (blob, reader.read(blob, path, before))
    for path, (blob, state) in before.items():
        if files.get(path, (None, None))[0] != blob:
            reader.forget(blob, state)


def _blob_id(data: bytes) -> str:
    """git's id for a file's contents (a SHA-1 repository's)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def same_as_committed(data: bytes, held: str | None) -> bool:
    """Whether a file's bytes on disk are what git holds as ``held``: as they are, or with
    CR LF line ends made LF (what git's autocrlf, usual on Windows, does on commit)."""
    if held is None:
        return False
    if _blob_id(data) == held:
        return True
    return b"\r\n" in data and _blob_id(data.replace(b"\r\n", b"\n")) == held


def _on_disk(folder: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for stem in (SIGNATORIES, COMMITMENTS):
        for suffix in SUFFIXES:
            path = folder / (stem + suffix)
            if path.is_symlink() or path.is_file():
                found[path.name] = path
    split = folder / COMMITMENTS
    if split.is_dir() and not split.is_symlink():
        try:
            entries = sorted(split.iterdir())
        except OSError:
            entries = []
        for path in entries:
            if path.suffix in SUFFIXES and (path.is_symlink() or path.is_file()):
                found[f"{COMMITMENTS}/{path.name}"] = path
    return found


def _working_tree_changes(
    folder: Path, files: dict[str, tuple[str | None, FileState]]
) -> list[tuple[str, str | None, str]]:
    """The data files that differ on disk from the last commit, as changes: a file's git id
    is computed from its bytes, so an unchanged file costs one read and no git call."""
    changes: list[tuple[str, str | None, str]] = []
    on_disk = _on_disk(folder)
    for name, path in on_disk.items():
        held = files.get(name, (None, None))[0]
        try:
            if path.is_symlink():
                target = str(Path(path).readlink()).encode("utf-8", "surrogateescape")
                if _blob_id(target) != held:
                    changes.append((name, _blob_id(target), "link"))
                continue
            data = path.read_bytes()
        except OSError:
            changes.append((name, "unreadable", "other"))
            continue
        if not same_as_committed(data, held):
            changes.append((name, f"disk:{name}", "file"))
    changes += [(name, None, "file") for name in files if name not in on_disk]
    return changes
