"""Property-based fuzzing: mutate the shipped example files and check nothing escapes.

Short in CI. For a long run:

    HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import os
import re
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from concordat import check_area
from concordat.cli import app
from concordat.render import diagnostics, github, sarif
from concordat.views.validation import Validation
from tests.conftest import REPO

FILES = {
    name: (REPO / name).read_text(encoding="utf-8")
    for name in ("signatories.yaml", "commitments.yaml")
}
SCALARS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "~",
            "null",
            "[]",
            "{}",
            "[a, b]",
            "{a: 1}",
            "yes",
            "no",
            "2.10",
            "1e999",
            "-1",
            "2015-02-30",
            "'",
            '"',
            "&a x",
            "*a",
            "!!python/object:os.system",
            "<<: {}",
            "|",
            ">-",
            "- x",
            "? x",
            "---",
            "...",
            "\t",
            "%YAML 1.1",
            "@x",
            "`x",
            '"a\u2028b"',
            '"a\x85b"',
            "'a\u2029b'",
            "a\u2028b",
            "# a\u2028b: c",
            "x\ry",
        ]
    ),
    st.integers().map(str),
    # a line separator, NEL or lone CR inside a value, quoted or not: YAML counts each as a
    # line break where an editor does not (or does), so later positions must not drift
    st.builds(
        lambda quote, before, sep, after: f"{quote}{before}{sep}{after}{quote}",
        st.sampled_from(["", "'", '"']),
        st.text("ab é", max_size=5),
        st.sampled_from(["\u2028", "\u2029", "\x85", "\r", "\r\n"]),
        st.text("ab é:", max_size=5),
    ),
)
#: Names a file in commitments/ or an area folder may have: control characters, line
#: separators, Markdown and workflow-command punctuation, look-alikes, bytes not UTF-8.
NAMES = st.one_of(
    st.text(
        st.characters(
            blacklist_categories=["Cs"], blacklist_characters="/\x00", max_codepoint=0x30FF
        ),
        min_size=1,
        max_size=12,
    ).filter(lambda name: name not in (".", "..")),
    st.sampled_from(
        ["a\x1b[31m", "b\x07", "c\u2028d", "e\rf", "g\nh", "::error::x", "%0A", "@team", "|x|"]
    ),
)


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 6))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "scalar"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "indent":
            shift = draw(st.integers(-4, 4))
            stripped = lines[i].lstrip(" ")
            indent = max(0, len(lines[i]) - len(stripped) + shift)
            lines[i] = " " * indent + stripped
        else:
            head, sep, _ = lines[i].partition(": ")
            lines[i] = head + (sep or ": ") + draw(SCALARS)
    return "\n".join(lines)


def editor_lines(path: Path) -> int:
    """How many lines an editor shows: it breaks lines at LF, CR and CR LF only."""
    text = path.read_text(encoding="utf-8")
    return len(re.split("\r\n|\r|\n", text))


@given(
    which=st.sampled_from(sorted(FILES)),
    data=st.data(),
)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_mutated_files_never_crash(which: str, data: st.DataObject) -> None:
    text = data.draw(mutated(FILES[which]), label="mutated file")
    with tempfile.TemporaryDirectory() as folder:
        area = Path(folder)
        for name, original in FILES.items():
            (area / name).write_text(text if name == which else original, encoding="utf-8")
        lines = {name: editor_lines(area / name) for name in FILES}
        cwd = Path.cwd()
        os.chdir(area)
        try:
            report = check_area(Path(), date(2026, 11, 22)).report
        finally:
            os.chdir(cwd)
        assert report.exit_code() in (0, 1)
        for d in report.diagnostics:
            assert d.file in lines, d
            assert d.line is not None and 1 <= d.line <= lines[d.file], d
            assert d.column is not None and d.column >= 1, d
        shown = Validation(report, date(2026, 11, 22), None)
        diagnostics.rich_text(shown)
        diagnostics.json_document(shown)
        github.workflow_commands(shown)
        sarif.log(shown)


def _no_raw_controls(text: str, separators: bool) -> None:
    assert "Traceback" not in text
    unsafe = "[\x00-\x08\x0b-\x1f\x7f-\x9f" + ("\u2028\u2029]" if separators else "]")
    assert not re.search(unsafe, text), repr(text)


@given(name=NAMES, broken=st.booleans(), data=st.data())
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_hostile_file_and_folder_names_end_in_located_messages(
    name: str, broken: bool, data: st.DataObject
) -> None:
    """A commitment file in commitments/ and an area folder, each given a hostile name (with
    its bytes, when they are not UTF-8): every message names its file, no output carries a
    raw control character, and nothing escapes as a traceback."""
    raw = data.draw(st.booleans(), label="name as bytes that are not UTF-8")
    text = FILES["commitments.yaml"].replace("owner: norfolk-county-council", "owner: nobody", 1)
    if broken:
        text += "  - id: [\n"
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        area_name = os.fsdecode(b"area\xff" + os.fsencode(name)) if raw else "area" + name
        try:
            area = root / area_name
            (area / "commitments").mkdir(parents=True)
            (area / "commitments" / f"{area_name[4:]}.yaml").write_text(text, encoding="utf-8")
        except (OSError, UnicodeError):  # the file system refuses the name
            return
        (area / "signatories.yaml").write_text(FILES["signatories.yaml"], encoding="utf-8")
        good = root / "good"
        good.mkdir()
        for file, original in FILES.items():
            (good / file).write_text(original, encoding="utf-8")
        runner = CliRunner()
        for args in (
            ["validate", str(area), "--format", "github"],
            ["validate", str(area)],
            ["status", str(area), str(good), "--as-of", "2026-11-22"],
        ):
            result = runner.invoke(app, args)
            assert result.exception is None or isinstance(result.exception, SystemExit), args
            assert result.exit_code in (0, 1, 2), (args, result.output)
            _no_raw_controls(result.output, separators="github" in args)
        report = check_area(area, date(2026, 11, 22)).report
        assert report.exit_code() == 1
        for d in report.diagnostics:
            assert d.file and (d.line is None or d.line >= 1), d
