"""The partnership's git repository, read through the ``git`` command-line tool.

Three kinds of call, each one process: ``git rev-parse`` to find the repository and where
the area is inside it, one ``git log`` for every change to the area's data files, and one
``git cat-file --batch`` for their contents, each blob asked for once. Nothing git writes
(author names, commit subjects, file names) is trusted: it is data, made safe where it is
shown.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO

from concordat.layout import COMMITMENTS, SIGNATORIES, SUFFIXES

#: How long a commit's subject may be when it is kept: a message of a megabyte is read, not
#: kept whole.
MAX_SUBJECT = 200
#: git's id for "no file" in a change.
_NO_BLOB = "0" * 40
#: File modes of a regular file in git (a link is 120000, a submodule 160000).
_FILE_MODES = ("100644", "100755")
#: Read git's output in pieces of this size: memory does not grow with the history.
_CHUNK = 1 << 16


class GitProblem(Exception):
    """git cannot answer: not installed, not a repository, a shallow clone, an unknown
    revision. The message is for people, with what to do (the command exits 2)."""


@dataclass(frozen=True, slots=True)
class Repo:
    """Where an area is in its repository."""

    folder: Path  # the area folder as given
    top: Path  # the repository's top folder
    prefix: str  # the area folder relative to ``top``, "" or ending in "/"


@dataclass(frozen=True, slots=True)
class Change:
    """One data file as a commit left it: its blob, or None when the commit deleted it;
    ``kind`` says when it is something other than a file (a link is never followed)."""

    path: str  # relative to the area folder
    blob: str | None
    kind: str = "file"  # file | link | other


@dataclass(frozen=True, slots=True)
class Commit:
    id: str
    committed: int  # seconds since 1970 (the committer's date: when it reached the branch)
    day: date  # the author's date, as the author wrote it
    author: str  # untrusted
    subject: str  # untrusted, at most MAX_SUBJECT characters
    changes: tuple[Change, ...]

    @property
    def short(self) -> str:
        return self.id[:9]


def _environment() -> dict[str, str]:
    """git in plain English (its messages are read here), with no prompt and no pager."""
    env = dict(os.environ)
    env.update({"LC_ALL": "C", "LANGUAGE": "C", "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat"})
    return env


_NOT_INSTALLED = (
    "git is not installed (or not on PATH): concordat history and concordat changes read the "
    "partnership's record through the git command; install git (https://git-scm.com) and try "
    "again"
)


def _run(args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, env=_environment(), check=False
        )
    except FileNotFoundError:
        raise GitProblem(_NOT_INSTALLED) from None
    except OSError as error:
        raise GitProblem(f"cannot run git: {error.strerror or error}") from None


def _first_line(stderr: bytes) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line]
    return lines[0].removeprefix("fatal: ").removeprefix("error: ") if lines else "git failed"


def locate(folder: Path) -> Repo:
    """The repository holding ``folder``; raises :class:`GitProblem` when there is none, git
    is missing, or the clone is shallow (its history would be cut short)."""
    done = _run(
        ["rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository"], folder
    )
    if done.returncode != 0:
        said = _first_line(done.stderr)
        if "not a git repository" in said:
            raise GitProblem(
                f"{folder} is not in a git repository: concordat history and concordat "
                "changes read the partnership's record from git; run them in a clone of the "
                "partnership's repository"
            )
        if "dubious ownership" in said:
            said += (
                " (another user owns it); if you trust it, let git read it with: "
                "git config --global --add safe.directory FOLDER"
            )
        raise GitProblem(f"git cannot read the repository: {said}")
    lines = done.stdout.decode("utf-8", "surrogateescape").splitlines()
    if len(lines) < 3:
        raise GitProblem("git cannot read the repository: it gave no answer")
    top, prefix, shallow = lines[0], lines[1], lines[2]
    if shallow.strip() == "true":
        raise GitProblem(
            "this is a shallow clone: its history is cut short, so what changed and when "
            "cannot be told; fetch the whole history with: git fetch --unshallow (in GitHub "
            "Actions, give actions/checkout fetch-depth: 0)"
        )
    return Repo(folder, Path(top), prefix)


def pathspecs() -> list[str]:
    """The area's data files, as pathspecs relative to the area folder: both names of each
    file and the commitments/ folder, so a rename and the split of commitments.yaml into
    commitments/ are followed."""
    names = [stem + suffix for stem in (SIGNATORIES, COMMITMENTS) for suffix in SUFFIXES]
    return [f":(literal){name}" for name in names] + [f":(literal){COMMITMENTS}/"]


def is_data_file(path: str) -> bool:
    """Whether ``path`` (relative to the area) is a file the area reads."""
    if "/" not in path:
        return path in {stem + s for stem in (SIGNATORIES, COMMITMENTS) for s in SUFFIXES}
    folder, _, name = path.partition("/")
    return folder == COMMITMENTS and "/" not in name and name.endswith(SUFFIXES)


def first_parent_commit(repo: Repo, revision: str) -> str | None:
    """The last commit at or before ``revision`` on its main line (first parents) that
    changed the area's data files; None when none did. Raises for an unknown revision."""
    if ".." in revision:
        raise GitProblem(
            f"'{_shown(revision)}' is a range, not one revision: give its start to --since "
            "and its end to --until"
        )
    # ^{commit}: a tree, a file (HEAD:commitments.yaml) or a blob is not a point in time
    done = _run(
        [
            "rev-list",
            "--first-parent",
            "-n",
            "1",
            "--end-of-options",
            f"{revision}^{{commit}}",
            "--",
            *pathspecs(),
        ],
        repo.folder,
    )
    if done.returncode != 0:
        raise GitProblem(_unknown(revision, done.stderr))
    found = done.stdout.decode("ascii", "replace").strip()
    return found or None


def last_tag(repo: Repo, until: str | None) -> str | None:
    """The newest tag reachable from ``until`` (HEAD by default), or None."""
    done = _run(["describe", "--tags", "--abbrev=0", *([until] if until else [])], repo.folder)
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "surrogateescape").strip() or None


def _unknown(revision: str, stderr: bytes) -> str:
    from concordat.safe import printable

    said = _first_line(stderr)
    if "expected commit type" in said or "dereferences to" in said:
        return (
            f"'{printable(revision)}' is not a commit: name a commit, branch or tag of this "
            "repository (git log --oneline lists them), or a date as YYYY-MM-DD"
        )
    if any(
        word in said
        for word in ("bad revision", "unknown revision", "bad object", "ambiguous argument")
    ):
        return (
            f"unknown revision '{printable(revision)}': name a commit, branch or tag of this "
            "repository (git log --oneline lists them), or a date as YYYY-MM-DD"
        )
    return f"git cannot read the history: {printable(said)}"


def log(repo: Repo, until: str | None = None) -> Iterator[Commit]:
    """Every commit on the main line (first parents) up to ``until`` (HEAD) that changed the
    area's data files, oldest first, each with the files it changed: one ``git log``, read
    as it is written. A merge counts as one change against its first parent."""
    args = [
        "-c",
        "log.showSignature=false",
        "log",
        "--first-parent",
        "-m",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "--no-color",
        "--reverse",
        "-z",
        "--format=%x01%H%x00%ct%x00%aI%x00%an%x00%s",
        *(["--end-of-options", until] if until else []),
        "--",
        *pathspecs(),
    ]
    try:
        process = subprocess.Popen(
            ["git", *args],
            cwd=repo.folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_environment(),
        )
    except FileNotFoundError:
        raise GitProblem(_NOT_INSTALLED) from None
    assert process.stdout is not None and process.stderr is not None
    commits = _commits(_fields(process.stdout), repo.prefix)
    try:
        first = next(commits, None)
        if first is None:
            stderr = process.stderr.read()
            if process.wait() != 0:
                if b"does not have any commits yet" in stderr:
                    return  # a new repository: only the working tree
                raise GitProblem(_unknown(until or "HEAD", stderr))
            return
        yield first
        yield from commits
        stderr = process.stderr.read()
        if process.wait() != 0:
            raise GitProblem(_unknown(until or "HEAD", stderr))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()


def _fields(stream: IO[bytes]) -> Iterator[bytes]:
    """The NUL-separated fields of git's output, read a piece at a time."""
    rest = b""
    while chunk := stream.read(_CHUNK):
        parts = (rest + chunk).split(b"\0")
        rest = parts.pop()
        yield from parts
    if rest:
        yield rest


def _text(field: bytes) -> str:
    return field.decode("utf-8", "replace")


def _commits(fields: Iterator[bytes], prefix: str) -> Iterator[Commit]:
    """Commits from ``git log -z --raw``: a header of five fields (the first starting with
    \\x01), then for each file a ``:modes blobs status`` field and its path."""
    header: list[bytes] | None = None
    changes: list[Change] = []
    raw_prefix = prefix.encode("utf-8", "surrogateescape")
    for field in fields:
        if header is not None and len(header) < 5:
            header.append(field)
            continue
        stripped = field.lstrip(b"\n")
        if stripped.startswith(b"\x01"):
            if header is not None:
                yield _commit(header, changes)
            header, changes = [stripped[1:]], []
            continue
        if stripped.startswith(b":"):
            path = next(fields, b"")
            if not path.startswith(raw_prefix):
                continue
            relative = path[len(raw_prefix) :].decode("utf-8", "surrogateescape")
            if is_data_file(relative):
                changes.append(_change(stripped, relative))
    if header is not None:
        yield _commit(header, changes)


def _change(meta: bytes, path: str) -> Change:
    parts = meta[1:].split(b" ")
    mode, blob = parts[1].decode(), parts[3].decode()
    if blob == _NO_BLOB or mode == "000000":
        return Change(path, None)
    if mode in _FILE_MODES:
        return Change(path, blob)
    return Change(path, blob, "link" if mode == "120000" else "other")


def _commit(header: list[bytes], changes: list[Change]) -> Commit:
    header = header + [b""] * (5 - len(header))
    commit_id, committed, authored, author, subject = header
    when = _text(authored)
    try:
        day = datetime.fromisoformat(when).date()
    except ValueError:
        day = datetime.fromtimestamp(int(committed or b"0"), UTC).date()
    text = _text(subject[: MAX_SUBJECT * 4])
    if len(text) > MAX_SUBJECT:
        text = text[: MAX_SUBJECT - 1] + "…"
    return Commit(
        _text(commit_id),
        int(committed or b"0"),
        day,
        _text(author[: MAX_SUBJECT * 4])[:MAX_SUBJECT],
        text,
        tuple(changes),
    )


class Blobs:
    """One ``git cat-file --batch`` process: the contents of any blob, asked for by id."""

    def __init__(self, repo: Repo) -> None:
        try:
            self._process = subprocess.Popen(
                ["git", "cat-file", "--batch"],
                cwd=repo.folder,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=_environment(),
            )
        except FileNotFoundError:
            raise GitProblem(_NOT_INSTALLED) from None

    def ask(self, blob: str) -> None:
        """Ask for a blob; its answer is read, in the order asked, by :meth:`answer` (ask
        for a few ahead, then :meth:`send`, and git reads them while Python composes)."""
        assert self._process.stdin is not None
        self._process.stdin.write(blob.encode("ascii") + b"\n")

    def send(self) -> None:
        assert self._process.stdin is not None
        self._process.stdin.flush()

    def answer(self, limit: int) -> bytes | int | None:
        """The next blob asked for: its bytes; its size when it is larger than ``limit``
        (not kept); None when the repository does not hold it."""
        stdout = self._process.stdout
        assert stdout is not None
        header = stdout.readline().split()
        if len(header) != 3:
            return None
        size = int(header[2])
        if size > limit:
            left = size + 1
            while left:
                left -= len(stdout.read(min(left, _CHUNK))) or left
            return size
        return stdout.read(size + 1)[:size]

    def read(self, blob: str, limit: int) -> bytes | int | None:
        """One blob, asked for and answered (see :meth:`answer`)."""
        self.ask(blob)
        self.send()
        return self.answer(limit)

    def close(self) -> None:
        process = self._process
        if process.stdin:
            process.stdin.close()
        if process.stdout:
            process.stdout.close()
        process.wait()

    def __enter__(self) -> Blobs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _shown(revision: str) -> str:
    from concordat.safe import printable

    return printable(revision)
