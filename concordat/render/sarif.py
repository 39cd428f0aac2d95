"""SARIF 2.1.0, for code-scanning dashboards (GitHub code scanning among them).

What GitHub code scanning and the OASIS schema need, for any file name:

- every artifact ``uri`` is a valid URI reference: a relative path keeps ``/`` between its
  parts and every other byte that is not an unreserved character is percent-encoded (a file
  named ``a b#c.yaml`` is ``a%20b%23c.yaml``); GitHub reads a relative path as relative to the
  repository's root, so concordat is run from there (an absolute path is a ``file:`` URI);
- columns are UTF-16 code units (``columnKind`` says so): the SARIF default, and what GitHub
  and editors assume. concordat counts characters, so a column after a character outside the
  Basic Multilingual Plane (an emoji) is one more here than in the text output;
- each rule has a full description, help as text and Markdown, and a ``helpUri`` into the
  diagnostic codes' documentation;
- a problem with the whole file (no line) is placed at the file's start: GitHub shows a
  result only with a region;
- message text holds no control character: file names and data are escaped as in the text
  output;
- no personal identifier, not even in a URI: a URI must name its file exactly, so a result
  in a file whose path holds one (a folder named by an NHS number, a file by an email
  address) is placed at the nearest folder above it whose path holds none, its message
  starts with the file's place masked (``commitments/j***@example.org.yaml:92:12:``), and a
  notification of the run says why. GitHub shows a result whose location is no file in the
  repository without a code snippet; a masked path would look like a file and lead nowhere.
"""

from __future__ import annotations

import functools
import json
import os
import re
from bisect import bisect_left
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from concordat.diagnostics import CODES, Code, Diagnostic, Severity
from concordat.layout import MAX_FILE_BYTES
from concordat.render.diagnostics import location
from concordat.safe import masked, md_cell, printable
from concordat.source.file import line_starts
from concordat.version import DIST_NAME, __version__
from concordat.views.validation import Validation

#: The project's home, used when concordat was not installed from a git repository on the
#: web (then the links point at the exact commit that was installed, see :func:`source`).
#: The diagnostic codes are documented in docs/diagnostics.md there.
PROJECT_URL = "https://github.com/concordat-partnership/concordat"


@functools.cache
def source() -> tuple[str, str]:
    """The project's address and the revision whose docs describe the running code: the
    repository and commit pip recorded for a git install (PEP 610's direct_url.json), else
    :data:`PROJECT_URL` at ``main``."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        info = json.loads(distribution(DIST_NAME).read_text("direct_url.json") or "{}")
    except (PackageNotFoundError, ValueError, OSError):
        info = {}
    vcs = info.get("vcs_info") if isinstance(info, dict) else None
    url = str(info.get("url", "")) if isinstance(info, dict) else ""
    commit = str(vcs.get("commit_id", "")) if isinstance(vcs, dict) else ""
    if url.startswith("https://github.com/") and re.fullmatch(r"[0-9a-f]{40}", commit):
        return url.removesuffix(".git").rstrip("/"), commit
    return PROJECT_URL, "main"


#: Characters that take two UTF-16 code units (a surrogate pair).
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def anchor(code: Code) -> str:
    """The GitHub anchor of a code's heading in docs/diagnostics.md,
    ``### F001 missing-file (error)``: lower case, spaces to hyphens, punctuation dropped."""
    heading = f"{code.code} {code.name} ({code.severity.value})".lower()
    return re.sub(r"[^a-z0-9 _-]", "", heading).replace(" ", "-")


def help_uri(code: Code) -> str:
    home, revision = source()
    return f"{home}/blob/{revision}/docs/diagnostics.md#{anchor(code)}"


def artifact_uri(file: str) -> str:
    """A path as a URI reference: relative stays relative with ``/``, the rest encoded."""
    path = PurePath(file)
    if path.is_absolute():
        return Path(file).as_uri()
    # fsencode gives back the bytes of a name that is not UTF-8 (a lone surrogate in str)
    return quote(os.fsencode(path.as_posix()), safe="/")


def personal(file: str) -> bool:
    """Whether the path ``file`` holds a personal identifier (what concordat masks)."""
    return masked(file) != file


def neutral_uri(file: str) -> str:
    """The URI of the nearest folder above ``file`` whose path holds no personal
    identifier: ``commitments/`` for ``commitments/jo.bloggs@example.org.yaml``, ``./``
    when even the first folder of a relative path holds one."""
    path = PurePath(file)
    for parent in path.parents:
        shown = parent.as_posix()
        if not personal(shown):
            if path.is_absolute():
                return Path(parent).as_uri().rstrip("/") + "/"
            return "./" if shown == "." else artifact_uri(shown) + "/"
    return "./"


def _notification(file: str, count: int) -> dict[str, Any]:
    results = f"{count} result{'' if count == 1 else 's'}"
    return {
        "level": "warning",
        "message": {
            "text": f"{results} in {printable(file)} "
            f"{'is' if count == 1 else 'are'} placed at {neutral_uri(file)}, not at the file: "
            "its path holds personal data, which this log would otherwise carry in full. "
            "Rename the file or folder (and remove the old name from the git history)."
        },
    }


def _rule(code: Code) -> dict[str, Any]:
    summary = code.summary[0].upper() + code.summary[1:] + "."
    effect = (
        "An error: concordat validate exits 1 until it is fixed."
        if code.severity is Severity.ERROR
        else "A warning: concordat validate still passes, unless --strict is given."
    )
    title = f"{code.code} {code.name} ({code.severity.value})"
    url = help_uri(code)
    return {
        "id": code.code,
        "name": code.name,
        "shortDescription": {"text": code.summary},
        "fullDescription": {"text": f"{title}: {summary} {effect}"},
        "helpUri": url,
        "help": {
            "text": f"{summary} {effect} What it flags, why it matters and how to fix it: {url}",
            "markdown": (
                f"**{title}**: {md_cell(summary)} {effect}\n\n"
                f"[What it flags, why it matters and how to fix it]({url})"
            ),
        },
        "defaultConfiguration": {"level": code.severity.value},
    }


class _Columns:
    """Character columns (concordat's) as UTF-16 code units, one file read at most once."""

    def __init__(self) -> None:
        self._files: dict[str, tuple[list[int], list[int]] | None] = {}

    def _file(self, file: str) -> tuple[list[int], list[int]] | None:
        if file not in self._files:
            self._files[file] = self._read(file)
        return self._files[file]

    @staticmethod
    def _read(file: str) -> tuple[list[int], list[int]] | None:
        """Where each line starts and where each astral character is, or None when the
        file has none (or cannot be read: then its columns are left as counted)."""
        try:
            path = Path(file)
            if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
                return None
            text = path.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
        except (OSError, ValueError):
            return None
        astral = [m.start() for m in _ASTRAL.finditer(text)]
        return (line_starts(text), astral) if astral else None

    def utf16(self, file: str, line: int, column: int) -> int:
        found = self._file(file) if column > 1 else None
        if found is None:
            return column
        starts, astral = found
        if not 1 <= line <= len(starts):
            return column
        start = starts[line - 1]
        before = bisect_left(astral, start + column - 1) - bisect_left(astral, start)
        return column + before


def _region(d: Diagnostic, columns: _Columns) -> dict[str, int]:
    if d.line is None:
        # the whole file: GitHub shows a result only with a region, so its first line
        return {"startLine": 1, "startColumn": 1}
    region = {"startLine": d.line, "startColumn": columns.utf16(d.file, d.line, d.column or 1)}
    if d.end_line is not None and d.end_column is not None:
        region["endLine"] = d.end_line
        region["endColumn"] = columns.utf16(d.file, d.end_line, d.end_column)
    return region


def log(validation: Validation) -> str:
    """One run of concordat: a rule for each code found, a result for each problem."""
    report = validation.report
    used = sorted({d.code for d in report.diagnostics})
    columns = _Columns()
    results = []
    moved: dict[str, int] = {}  # files whose path holds personal data: how many results
    for d in report.diagnostics:
        text = printable(d.message) + (f" (hint: {printable(d.hint)})" if d.hint else "")
        if personal(d.file):
            moved[d.file] = moved.get(d.file, 0) + 1
            text = f"{location(d)}: {text}"
            place = {
                "artifactLocation": {"uri": neutral_uri(d.file)},
                "region": {"startLine": 1, "startColumn": 1},
            }
        else:
            place = {
                "artifactLocation": {"uri": artifact_uri(d.file)},
                "region": _region(d, columns),
            }
        results.append(
            {
                "ruleId": d.code,
                "ruleIndex": used.index(d.code),
                "level": d.severity.value,
                "message": {"text": text},
                "locations": [{"physicalLocation": place}],
            }
        )
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "concordat",
                "version": __version__,
                "informationUri": source()[0],
                "rules": [_rule(CODES[code]) for code in used],
            }
        },
        "columnKind": "utf16CodeUnits",
        "results": results,
    }
    if moved:
        notifications = [_notification(file, count) for file, count in moved.items()]
        run["invocations"] = [
            {"executionSuccessful": True, "toolExecutionNotifications": notifications}
        ]
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    }
    return json.dumps(document, indent=2) + "\n"
