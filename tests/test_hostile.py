"""The hostile corpus: anything a file can contain ends in a located diagnostic, never a crash.

Large inputs are generated here rather than stored. docs/hostile.md lists each case and what
the user sees; a test checks the two agree.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from benchmarks import doubling
from concordat.cli import app
from tests.conftest import COMMITMENTS, REPO, SIGNATORIES, write_area

runner = CliRunner()
ONE = COMMITMENTS.split('  - id: "1.1"')[0]  # the header and the first commitment


def bomb() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return "\n".join(lines) + "\ncommitments: *a9\n"


def replace_in_first(old: str, new: str) -> str:
    assert old in COMMITMENTS
    return COMMITMENTS.replace(old, new, 1)


@dataclass
class Hostile:
    name: str
    make: Callable[[Path], None]
    code: str | None  # the diagnostic expected, or None when the input is harmless
    exit_code: int = 1


def writes(name: str, content: str | bytes) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        write_area(folder, {name: content})

    return make


def big_file(folder: Path) -> None:
    write_area(folder, {})
    with (folder / "commitments.yaml").open("r+b") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MB, sparse: cheap to make


def long_line(folder: Path) -> None:
    title = "a" * (1024 * 1024)
    write_area(
        folder,
        {
            "commitments.yaml": replace_in_first(
                "title: Commitment led by police", f"title: {title}"
            )
        },
    )


def symlink_out(folder: Path) -> None:
    write_area(folder, {"signatories.yaml": None})
    (folder / "signatories.yaml").symlink_to(REPO / "signatories.yaml")


def folder_for_file(folder: Path) -> None:
    write_area(folder, {"commitments.yaml": None})
    (folder / "commitments.yaml").mkdir()


def bomb_after_a_syntax_error() -> str:
    """The alias scan stops at the syntax error, before the aliases: each item is read alone."""
    levels = ["    x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"    x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 6)]
    text = replace_in_first("title: Commitment led by police", "title: a: b")
    return text.replace("    measures: [{name: a measure}]\n", "\n".join(levels) + "\n", 2)


def nested_under_libyamls_limit() -> str:
    """980 levels: libyaml composes them (it stops at 1000); the privacy guard, woken by the
    @ in the comment, walks the tree."""
    deep = "[" * 980 + "x" + "]" * 980
    return "# ask team@example.org\n" + replace_in_first("note: going well", f"note: {deep}")


CASES = [
    Hostile("alias bomb", writes("commitments.yaml", bomb()), "Y005"),
    Hostile(
        "alias bomb after a syntax error",
        writes("commitments.yaml", bomb_after_a_syntax_error()),
        "Y005",
    ),
    Hostile(
        "nesting just under libyaml's limit",
        writes("commitments.yaml", nested_under_libyamls_limit()),
        "Y009",
    ),
    Hostile(
        "deep flow nesting", writes("commitments.yaml", "commitments: " + "[" * 100_000), "Y009"
    ),
    Hostile(
        "deep block nesting",
        writes(
            "commitments.yaml",
            "commitments:\n"
            + "".join(" " * i + "- \n" for i in range(0, 400, 1))
            + " " * 400
            + "- x\n",
        ),
        "Y009",
    ),
    Hostile("50 MB file", big_file, "F005"),
    Hostile("1 MB single line", long_line, None, 0),
    Hostile("random bytes", writes("commitments.yaml", bytes(range(256)) * 64), "F004"),
    Hostile("NUL byte", writes("signatories.yaml", SIGNATORIES.encode() + b"\x00"), "F004"),
    Hostile(
        "invalid UTF-8", writes("commitments.yaml", b"commitments:\n  - id: \xc3\x28\n"), "F003"
    ),
    Hostile("UTF-16 with BOM", writes("commitments.yaml", COMMITMENTS.encode("utf-16")), "F003"),
    Hostile(
        "UTF-8 BOM", writes("commitments.yaml", b"\xef\xbb\xbf" + COMMITMENTS.encode()), None, 0
    ),
    Hostile(
        "CRLF line ends", writes("commitments.yaml", COMMITMENTS.replace("\n", "\r\n")), None, 0
    ),
    Hostile(
        "lone CR line ends", writes("commitments.yaml", COMMITMENTS.replace("\n", "\r")), None, 0
    ),
    Hostile(
        "tab indentation",
        writes("commitments.yaml", COMMITMENTS.replace("    theme:", "\ttheme:", 1)),
        "Y001",
    ),
    Hostile(
        "!!python/object tag",
        writes(
            "commitments.yaml",
            replace_in_first(
                "title: Commitment", "title: !!python/object/apply:os.system ['id'] #"
            ),
        ),
        "Y003",
    ),
    Hostile(
        "merge key",
        writes(
            "commitments.yaml",
            replace_in_first("    status: on-track\n", "    <<: {status: on-track}\n"),
        ),
        "Y005",
    ),
    Hostile(
        "multi-document stream",
        writes("commitments.yaml", COMMITMENTS + "---\n" + COMMITMENTS),
        "Y004",
    ),
    Hostile("empty file", writes("commitments.yaml", ""), "Y006"),
    Hostile("only a comment", writes("commitments.yaml", "# to do\n"), "Y006"),
    Hostile("top-level scalar", writes("commitments.yaml", "just some text\n"), "Y007"),
    Hostile("top-level list", writes("commitments.yaml", "- a\n- b\n"), "Y007"),
    Hostile(
        "non-string key",
        writes(
            "commitments.yaml",
            replace_in_first(
                "    status: on-track\n", "    status: on-track\n    ? [a, b]\n    : c\n"
            ),
        ),
        "Y008",
    ),
    Hostile("null id", writes("commitments.yaml", replace_in_first('id: "0.1"', "id: ~")), "S002"),
    Hostile(
        "number where text is expected",
        writes(
            "commitments.yaml", replace_in_first("title: Commitment led by police", "title: 12")
        ),
        None,
        0,
    ),
    Hostile(
        "text where a number is expected",
        writes(
            "commitments.yaml",
            replace_in_first(
                "measures: [{name: a measure}]",
                "measures: [{name: m, baseline: {date: 2026-01-01, value: lots}}]",
            ),
        ),
        "S003",
    ),
    Hostile(
        "impossible date",
        writes("commitments.yaml", replace_in_first("due: 2027-03-31", "due: 2015-02-30")),
        "S006",
    ),
    Hostile(
        "far-past date",
        writes("commitments.yaml", replace_in_first("due: 2027-03-31", "due: 0001-01-01")),
        "S006",
    ),
    Hostile(
        "far-future date",
        writes("commitments.yaml", replace_in_first("due: 2027-03-31", "due: 9999/00 Q4")),
        "S006",
    ),
    Hostile("symlink out of the area", symlink_out, "F002"),
    Hostile("folder where a file should be", folder_for_file, "F002"),
    Hostile(
        "escape sequences in text",
        writes(
            "commitments.yaml",
            replace_in_first(
                "title: Commitment led by police", 'title: "\\e[2J\\e]8;;http://x\\a\\u202e"'
            ),
        ),
        None,
        0,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_ends_in_a_located_diagnostic(
    case: Hostile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    case.make(tmp_path)
    result = runner.invoke(app, ["validate", ".", "--as-of", "2026-11-22", "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == case.exit_code, result.stdout[-2000:]
    import json

    data = json.loads(result.stdout)
    codes = [d["code"] for d in data["diagnostics"] if d["severity"] == "error"]
    if case.code is None:
        assert codes == []
    else:
        assert case.code in codes
        found = next(d for d in data["diagnostics"] if d["code"] == case.code)
        assert found["file"] and found["message"]
    text = runner.invoke(app, ["validate", ".", "--as-of", "2026-11-22"]).stdout
    assert "Traceback" not in text and "\x1b" not in text and "\x07" not in text


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_area(tmp_path, {})
    (tmp_path / "commitments.yaml").chmod(0)
    result = runner.invoke(app, ["validate", "."])
    assert result.exit_code == 1 and "F002" in result.stdout


def validate_in_a_process(folder: Path, *, timeout: int) -> subprocess.CompletedProcess[str]:
    """`concordat validate` in its own process, which fails the test if it runs too long."""
    return subprocess.run(
        [sys.executable, "-m", "concordat", "validate", ".", "--as-of", "2026-11-22"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_named_pipe_for_a_data_file(tmp_path: Path) -> None:
    """Opening a pipe waits for a writer forever: it must be refused without being opened.
    Run in a separate process with a time limit, so a regression fails instead of hanging."""
    write_area(tmp_path, {"signatories.yaml": None})
    os.mkfifo(tmp_path / "signatories.yaml")
    done = validate_in_a_process(tmp_path, timeout=60)
    assert done.returncode == 1
    assert "F002 error: cannot read signatories.yaml: it is not a regular file" in done.stdout


def test_a_syntax_error_after_many_items_is_found_in_linear_time(tmp_path: Path) -> None:
    """After a syntax error each item is read on its own; reading them must stay linear in
    the file (it once padded every item with the lines before it). In a separate process
    with a time limit, so a regression fails instead of hanging."""
    items = "".join(f"  - id: '{i}'\n    title: x\n" for i in range(60_000))
    write_area(tmp_path, {"commitments.yaml": f"commitments:\n{items}  - id: z\n    a: b: c\n"})
    done = validate_in_a_process(tmp_path, timeout=120)
    assert done.returncode == 1
    assert "commitments.yaml:120003:9: Y001 error: the text contains ': '" in done.stdout


def test_every_case_is_in_the_docs_table() -> None:
    doc = (REPO / "docs" / "hostile.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| ([^|]+?) \|", doc, re.MULTILINE)) - {"input", "---"}
    others = {"unreadable file", "named pipe for a data file", "syntax error after 60,000 items"}
    assert rows >= {c.name for c in CASES} | others | set(SLOW_ONCE)


def test_read_only_commands_never_write_in_the_area(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_area(tmp_path, {"commitments.yaml": COMMITMENTS.replace("owner: icb", "owner: x")})

    def snapshot() -> dict[str, tuple[int, bytes]]:
        return {
            str(p): (p.stat().st_mtime_ns, p.read_bytes())
            for p in tmp_path.rglob("*")
            if p.is_file()
        }

    before = snapshot()
    for args in (
        ["validate"],
        ["status"],
        ["show", "0.1"],
        ["orgs"],
        ["status", "--format", "csv"],
        ["validate", "--format", "sarif"],
    ):
        runner.invoke(app, [*args, "--as-of", "2026-11-22"])
    assert snapshot() == before


# Inputs that once took minutes: each check must stay linear in what it reads. Built by the
# doubling benchmark's own builders at about its sizes, each run in a process of its own with
# a time limit, so a regression fails instead of stalling the suite.
SLOW_ONCE = {
    "dob followed by 100,000 spaces": (doubling.privacy_words, 100_000, "0 errors"),
    "5,000 unknown fields in one commitment": (doubling.schema_fields, 5_000, "S001"),
    "5,000 unknown settings": (doubling.settings, 5_000, "C002"),
    "1,000 unknown owners among 1,000 signatories": (doubling.references, 1_000, "R001"),
    "2,000 silences that match nothing": (doubling.silences, 2_000, "C004"),
}


@pytest.mark.parametrize("name", list(SLOW_ONCE))
def test_inputs_that_were_slow_are_checked_in_linear_time(name: str, tmp_path: Path) -> None:
    make, size, code = SLOW_ONCE[name]
    make(tmp_path / "area", size)
    done = validate_in_a_process(tmp_path / "area", timeout=60)
    assert done.returncode in (0, 1) and code in done.stdout
