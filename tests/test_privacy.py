"""The privacy guard: real personal data flagged and masked, look-alikes left alone."""

from __future__ import annotations

import pytest

from concordat.checks.privacy import mask_nhs, nhs_number_valid
from tests.conftest import COMMITMENTS, REPO, AreaRunner, only


def note(text: str) -> dict[str, str | bytes | None]:
    return {"commitments.yaml": COMMITMENTS.replace("note: going well", f"note: '{text}'", 1)}


@pytest.mark.parametrize("number", ["9434765919", "943 476 5919", "943-476-5919", "4010232137"])
def test_valid_nhs_numbers_are_flagged_and_masked(area: AreaRunner, number: str) -> None:
    report = area(note(f"patient {number} was held"))
    (found,) = only(report, "X001")
    digits = number.replace(" ", "").replace("-", "")
    assert digits not in found.message and number not in found.message
    assert mask_nhs(digits) in found.message
    assert found.severity.value == "error" and report.exit_code() == 1


@pytest.mark.parametrize(
    ("number", "around"),
    [
        ("943-476-5919", "plain ASCII text"),
        ("9434765919", "text with an en dash \u2013 elsewhere"),  # not ASCII: the slower path
        ("\u0669\u0664\u0663\u0664\u0667\u0666\u0665\u0669\u0661\u0669", "Arabic-Indic digits"),
    ],
)
def test_the_quick_pre_check_misses_no_number(area: AreaRunner, number: str, around: str) -> None:
    """A file is scanned node by node only when a cheap whole-file test says it might match."""
    assert only(area(note(f"{around}: patient {number} was held")), "X001")


@pytest.mark.parametrize("number", ["9434765918", "1234567890", "0000000000", "94347659190"])
def test_numbers_that_fail_the_check_digit_are_not_flagged(area: AreaRunner, number: str) -> None:
    assert not only(area(note(f"reference {number}")), "X001")


def test_check_digit() -> None:
    assert nhs_number_valid("9434765919")
    assert not nhs_number_valid("9434765910")


def test_no_message_repeats_the_personal_data(area: AreaRunner) -> None:
    text = "call 07700 900123 or jo.bloggs@example.org, DOB 01/02/1990, NR1 3QA"
    report = area(note(text))
    assert {d.code for d in report.diagnostics} == {"X002", "X003", "X004", "X005"}
    for d in report.diagnostics:
        for secret in ("07700 900123", "900123", "jo.bloggs", "01/02/1990", "3QA"):
            assert secret not in d.message and secret not in (d.hint or "")


def test_allowed_organisational_contacts_pass(area: AreaRunner) -> None:
    files = note("ring 01603 421 421 or mail crisis.team@example.nhs.uk")
    files["concordat.toml"] = 'allowed-contacts = ["Crisis.Team@example.nhs.uk", "01603 421421"]\n'
    assert area(files).diagnostics == ()


def test_times_dates_and_figures_are_not_phone_numbers(area: AreaRunner) -> None:
    text = "open 08:00 to 02:00 from 2026-04-01; 1,234 calls; 0.75 of 7000; s136 suite 24/7"
    assert area(note(text)).diagnostics == ()


def test_ids_and_dates_are_not_scanned(area: AreaRunner) -> None:
    report = area(
        {"commitments.yaml": COMMITMENTS.replace("due: 2027-03-31", "due: 2027-03-31", 1)}
    )
    assert report.diagnostics == ()


def test_the_shipped_data_has_no_false_positives() -> None:
    from concordat import check_area
    from tests.conftest import AS_OF

    report = check_area(REPO, AS_OF).report
    assert not [d for d in report.diagnostics if d.code.startswith("X")]


def test_a_folded_note_is_located_on_its_own_line(area: AreaRunner) -> None:
    folded = COMMITMENTS.replace(
        "    updates: [{date: 2026-11-01, by: police, note: going well}]\n",
        "    updates:\n      - date: 2026-11-01\n        by: police\n        note: >-\n"
        "          A long note that goes on\n          and mentions 943 476 5919 here.\n",
        1,
    )
    (found,) = only(area({"commitments.yaml": folded}), "X001")
    assert (found.line, found.column) == (14, 24)
