"""Output as a user gets it in any encoding, through a pipe that closes early, and in no colour.

Every command and format runs as a real process with PYTHONIOENCODING set (cp1252 is what
Python on Windows uses for a redirected stdout): no traceback, the usual exit code, text for
people in the declared encoding, files for programs in UTF-8, and the user's characters shown
as they are or visibly escaped.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks.generate import generate
from concordat import output
from concordat.encoding import HANDLER, for_people, write_utf8
from concordat.render import Renderer
from concordat.safe import escaped
from tests.conftest import REPO

AS_OF = ["--as-of", "2026-11-22"]
ENCODINGS = ["cp1252", "ascii", "latin-1", "utf-8"]
#: Files for programs and other tools: UTF-8 whatever the console's encoding.
FILE_FORMATS = {"json", "csv", "markdown", "github", "sarif"}
#: Characters no 8-bit code page holds: an emoji, and a Cyrillic letter cp1252 lacks.
FOREIGN = ("\U0001f691", "\u0416")

#: (what is typed before the folder, the formats), for one area.
ONE_AREA = [
    (["validate"], ["text", "json", "github", "sarif"]),
    (["status"], ["table", "json", "csv", "markdown"]),
    (["orgs"], ["table", "json", "csv", "markdown"]),
    (["show", "2.1"], ["table", "json"]),
]
#: Over several areas: validate, and status's roll-up.
MANY_AREAS = [(["validate"], ONE_AREA[0][1]), (["status"], ONE_AREA[1][1])]
#: The data, and the exit code every command has on it.
EXIT_CODES = {"shipped": 0, "foreign": 1, "national": 1}


@dataclass(frozen=True)
class Case:
    data: str
    words: tuple[str, ...]
    fmt: str
    encoding: str

    @property
    def id(self) -> str:
        return f"{self.data}-{'-'.join(self.words)}-{self.fmt}-{self.encoding}"


CASES = [
    Case(data, tuple(words), fmt, encoding)
    for data in EXIT_CODES
    for words, formats in (MANY_AREAS if data == "national" else ONE_AREA)
    for fmt in formats
    for encoding in ENCODINGS
]


def _environment(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"}
        and not k.startswith(("GITHUB_", "PYTHONIO", "PYTHONUTF8"))
    }
    env["COLUMNS"] = "100"
    env.update(extra)
    return env


def _copy_shipped(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in ("signatories.yaml", "commitments.yaml"):
        shutil.copy(REPO / name, folder / name)
    return folder


def _foreign(folder: Path) -> Path:
    """The shipped data with an emoji and a Cyrillic letter in the area's name, a signatory's
    name and a title, and one error (a measure's value that is not a number) quoting them."""
    _copy_shipped(folder)
    mark = " ".join(FOREIGN)
    edits = {
        "signatories.yaml": [
            ("area: Norfolk\n", f"area: Norfolk {mark}\n"),
            ("name: Norfolk Constabulary\n", f"name: Norfolk Constabulary {mark}\n"),
        ],
        "commitments.yaml": [
            ("title: Police cells are never", f"title: Police cells {mark} are never"),
            ("{date: 2026-03-31, value: 20}", f"{{date: 2026-03-31, value: {mark}}}"),
        ],
    }  # fmt: skip
    for name, changes in edits.items():
        path = folder / name
        text = path.read_text(encoding="utf-8")
        for old, new in changes:
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return folder


@dataclass(frozen=True)
class Run:
    code: int
    out: bytes
    err: bytes


def _run(case: Case, folders: dict[str, Path]) -> Run:
    folder = str(folders[case.data])
    done = subprocess.run(
        [sys.executable, "-m", "concordat", *case.words, folder, "--format", case.fmt, *AS_OF],
        capture_output=True,
        env=_environment(PYTHONIOENCODING=case.encoding),
        check=False,
        timeout=300,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """Every case, run once, several at a time."""
    root = tmp_path_factory.mktemp("encodings")
    national = root / "national"
    _copy_shipped(national / "norfolk")
    _foreign(national / "elsewhere")
    folders = {
        "shipped": _copy_shipped(root / "shipped"),
        "foreign": _foreign(root / "foreign"),
        "national": national,
    }
    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        results = pool.map(lambda case: (case.id, _run(case, folders)), CASES)
        return dict(results)


def _readable(text: str, fmt: str) -> str:
    """What a reader of the format sees: JSON's escapes read back."""
    if fmt in {"json", "sarif"}:
        return json.dumps(json.loads(text), ensure_ascii=False)
    return text


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_every_command_and_format_writes_in_any_encoding(case: Case, runs: dict[str, Run]) -> None:
    run = runs[case.id]
    assert b"Traceback" not in run.err, run.err.decode(errors="replace")
    assert run.code == EXIT_CODES[case.data], run.err.decode(errors="replace")
    utf8_always = case.fmt in FILE_FORMATS
    out = run.out.decode("utf-8" if utf8_always else case.encoding)  # strict: fails if not
    err = run.err.decode(case.encoding)
    assert out.strip(), "nothing written"
    if case.data == "shipped":
        return
    seen = _readable(out, case.fmt) + err
    for char in FOREIGN:
        assert char in seen or escaped(char) in seen, f"{char!r} lost"
    if utf8_always and case.fmt in {"csv", "markdown"}:
        # a spreadsheet or Markdown file has the characters themselves, on any console
        assert all(char in out for char in FOREIGN)


# -- the stream beneath: concordat's own symbols, and streams that are not a console ---------


def test_symbols_have_ascii_stand_ins_and_other_characters_are_escaped() -> None:
    text = "\u2713 \u2717 \u2264 90d, left \u2192 ICB, cut\u2026 \u2014 \u00b7 \U0001f7e2 on-track"
    assert text.encode("ascii", HANDLER) == b"ok x <= 90d, left -> ICB, cut... - . G on-track"
    assert "Kyiv \u0416 \U0001f691".encode("cp1252", HANDLER) == b"Kyiv \\u0416 \\U0001f691"
    # what cp1252 holds is written as it is
    assert "\u2014 \u2026".encode("cp1252", HANDLER) == "\u2014 \u2026".encode("cp1252")


def test_a_stream_in_any_encoding_takes_a_table() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")
    for_people(stream).write("\u2264 90d \u2192 \u0416\n")
    stream.flush()
    assert raw.getvalue() == b"<= 90d -> \\u0416\n"


def test_a_file_for_programs_is_utf8_under_any_console() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp1252", newline="\r\n")
    stream.write("before ")
    write_utf8(stream, "\U0001f691\n")
    assert raw.getvalue() == b"before \xf0\x9f\x9a\x91\n"  # in order, and no CRLF added


def test_text_streams_that_are_not_a_console_do_not_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = io.StringIO()
    monkeypatch.setattr(sys, "stdout", plain)
    output.emit(Renderer(text=lambda v: f"{v}\n", for_programs=True), "\u2264 \U0001f691")
    output.emit(Renderer(text=lambda v: f"{v}\n", terminal=lambda v, w: v), "\u2192")
    assert plain.getvalue() == "\u2264 \U0001f691\n\u2192\n"


# -- a reader that goes away --------------------------------------------------------------------


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five areas of 300 commitments: far more output than a pipe holds."""
    root = tmp_path_factory.mktemp("large")
    generate(root, areas=5, commitments=300, seed=3)
    return root


@pytest.mark.parametrize("head", [True, False], ids=["after-one-line", "before-any"])
@pytest.mark.parametrize(
    "words",
    [["status", "area-001"], ["status", "area-001", "--format", "csv"], ["validate", "."]],
    ids=["status-table", "status-csv", "validate-text"],
)
def test_a_closed_pipe_ends_the_run_quietly_with_its_usual_exit_code(
    words: list[str], head: bool, large: Path
) -> None:
    """`concordat status | head -1`: the reader takes a line (or nothing) and goes away."""
    command = [sys.executable, "-m", "concordat", *words, *AS_OF]
    usual = subprocess.run(command, capture_output=True, cwd=large, env=_environment())
    assert len(usual.stdout) > 100_000, "too little output to fill a pipe"
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=large, env=_environment()
    )
    assert process.stdout is not None and process.stderr is not None
    if head:
        first = process.stdout.readline()
        assert first == usual.stdout.splitlines(keepends=True)[0]
    process.stdout.close()
    code = process.wait(timeout=120)
    err = process.stderr.read()
    process.stderr.close()
    assert b"Traceback" not in err and b"BrokenPipe" not in err and b"Errno" not in err
    assert (code, err) == (usual.returncode, usual.stderr)
    assert code == 0


# -- no colour ----------------------------------------------------------------------------------

NO_COLOUR_COMMANDS = [["status"], ["orgs"], ["show", "2.1"], ["validate"]]


@pytest.mark.parametrize("how", ["--no-color", "NO_COLOR=1"])
@pytest.mark.parametrize("words", NO_COLOUR_COMMANDS, ids=lambda w: "-".join(w))
def test_no_colour_means_no_escape_codes_at_all_in_a_terminal(
    words: list[str], how: str, tmp_path: Path
) -> None:
    """Not only no colours: no bold or dim either, when rich believes it is at a terminal."""
    folder = _copy_shipped(tmp_path / "area")
    command = [sys.executable, "-m", "concordat", *words, str(folder), *AS_OF]
    terminal = _environment(FORCE_COLOR="1", TERM="xterm-256color")
    coloured = subprocess.run(command, capture_output=True, env=terminal, check=False)
    assert b"\x1b[" in coloured.stdout  # a terminal: styles are written
    flag, env = ([how], terminal) if how.startswith("--") else ([], {**terminal, "NO_COLOR": "1"})
    plain = subprocess.run([*command, *flag], capture_output=True, env=env, check=False)
    assert plain.returncode == coloured.returncode == 0
    assert plain.stdout.strip()
    assert b"\x1b[" not in plain.stdout + plain.stderr


def test_a_terminal_in_cp1252_gets_colour_and_no_traceback(tmp_path: Path) -> None:
    folder = _foreign(tmp_path / "area")
    env = _environment(PYTHONIOENCODING="cp1252", FORCE_COLOR="1", TERM="xterm-256color")
    done = subprocess.run(
        [sys.executable, "-m", "concordat", "status", str(folder), *AS_OF],
        capture_output=True,
        env=env,
        check=False,
    )
    assert b"Traceback" not in done.stderr and done.returncode == 1
    shown = done.stdout.decode("cp1252")
    assert "\x1b[" in shown and escaped("\U0001f691") in shown


def test_a_redirected_stream_never_uses_the_windows_console_api(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On Windows rich would draw through the console API even into a file; a stream that
    is not a terminal gets text (and FORCE_COLOR's escape codes, for a CI log)."""
    import rich.console

    monkeypatch.setattr(rich.console, "detect_legacy_windows", lambda: True)
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="cp1252"))
    assert output.console(no_color=False).legacy_windows is False
