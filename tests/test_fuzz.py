"""Property-based fuzzing: mutate the shipped example files and check nothing escapes.

Short in CI. For a long run:

    HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concordat import check_area
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
        ]
    ),
    st.integers().map(str),
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
        lines = {name: (area / name).read_text(encoding="utf-8").count("\n") + 1 for name in FILES}
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
