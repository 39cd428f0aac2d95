"""concordat.toml settings and inline silences, as a coordinator uses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from concordat.cli import app
from tests.conftest import COMMITMENTS, SIGNATORIES, AreaRunner, only

runner = CliRunner()
NO_MEASURE = COMMITMENTS.replace("    measures: [{name: a measure}]\n", "", 1)


def test_severity_can_turn_a_check_off_or_make_it_an_error(area: AreaRunner) -> None:
    off = area({"commitments.yaml": NO_MEASURE, "concordat.toml": '[severity]\nP004 = "off"\n'})
    assert off.diagnostics == ()
    stricter = area(
        {"commitments.yaml": NO_MEASURE, "concordat.toml": '[severity]\nP004 = "error"\n'}
    )
    (found,) = only(stricter, "P004")
    assert found.severity.value == "error" and stricter.exit_code() == 1


def test_stale_days_from_the_file_and_the_command_line(area: AreaRunner) -> None:
    assert only(area({"concordat.toml": "stale-days = 10\n"}), "P003")
    assert not only(area({"concordat.toml": "stale-days = 10\n"}, stale_days=60), "P003")


def test_core_sectors_can_be_set_per_area(area: AreaRunner) -> None:
    report = area({"concordat.toml": 'core-sectors = ["police", "fire-rescue"]\n'})
    (found,) = only(report, "A001")
    assert found.message.endswith("fire-rescue")


def test_a_misspelt_setting_is_an_error_with_a_hint(area: AreaRunner) -> None:
    report = area({"concordat.toml": "stale-day = 90\n[severty]\nP004 = 'off'\n"})
    hints = [d.hint for d in only(report, "C002")]
    assert hints == ["did you mean 'stale-days'?", "did you mean 'severity'?"]
    assert report.exit_code() == 1


def test_a_silence_accepts_one_problem_on_one_item(area: AreaRunner) -> None:
    two_without = COMMITMENTS.replace("    measures: [{name: a measure}]\n", "", 2)
    text = two_without.replace(
        "    status: on-track\n",
        "    status: on-track\n    silence: [{code: P004, reason: agreed at the board}]\n",
        1,
    )
    report = area({"commitments.yaml": text})
    assert [(d.code, d.line) for d in report.diagnostics] == [("P004", 10)]  # the other item
    assert [(s.diagnostic.line, s.reason) for s in report.silenced] == [(2, "agreed at the board")]


def test_an_error_family_cannot_be_silenced(area: AreaRunner) -> None:
    text = COMMITMENTS.replace(
        "    status: on-track\n",
        "    status: on-track\n    silence: [{code: S004, reason: no}]\n",
        1,
    )
    assert only(area({"commitments.yaml": text}), "C003")


@pytest.fixture
def silenced_area(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from tests.conftest import write_area

    monkeypatch.chdir(tmp_path)
    text = NO_MEASURE.replace(
        "    status: on-track\n",
        "    status: on-track\n    silence: [{code: P004, reason: '[b]agreed[/b]'}]\n",
        1,
    )
    write_area(tmp_path, {"commitments.yaml": text, "signatories.yaml": SIGNATORIES})
    return tmp_path


def test_show_silenced_lists_them_with_the_reason(silenced_area: Path) -> None:
    quiet = runner.invoke(app, ["validate", ".", "--as-of", "2026-11-22"])
    assert quiet.exit_code == 0
    assert "P004" not in quiet.stdout and "0 errors, 0 warnings (1 silenced)" in quiet.stdout
    shown = runner.invoke(app, ["validate", ".", "--as-of", "2026-11-22", "--show-silenced"])
    assert "commitments.yaml:2:9: P004 warning:" in shown.stdout
    assert "silenced: [b]agreed[/b]" in shown.stdout
    data = json.loads(
        runner.invoke(app, ["validate", ".", "--as-of", "2026-11-22", "--format", "json"]).stdout
    )
    assert data["summary"]["silenced"] == 1 and data["silenced"][0]["reason"] == "[b]agreed[/b]"


def test_settings_after_a_byte_order_mark_are_applied(area: AreaRunner) -> None:
    """Windows editors save a byte-order mark; data files accept one, and so does this."""
    report = area({"concordat.toml": b"\xef\xbb\xbfstale-days = 10\n"})
    assert not only(report, "C001")
    assert only(report, "P003")  # the 10 days were read


def test_the_privacy_guard_cannot_be_turned_off_or_down(area: AreaRunner) -> None:
    note = COMMITMENTS.replace("note: going well", "note: ask jo.bloggs@example.org", 1)
    settings = '[severity]\nX001 = "off"\nX002 = "warning"\n'
    report = area({"commitments.yaml": note, "concordat.toml": settings})
    assert [(d.line, d.message.split(":")[0]) for d in only(report, "C003")] == [
        (2, "X001 cannot be changed"),
        (3, "X002 cannot be changed"),
    ]
    (found,) = only(report, "X002")
    assert found.severity.value == "error"
