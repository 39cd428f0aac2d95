"""The privacy guard: real personal data flagged and masked, look-alikes left alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from concordat.checks.privacy import mask_nhs, nhs_number_valid
from concordat.safe import masked, nhs_number_in
from tests.conftest import COMMITMENTS, REPO, SIGNATORIES, AreaRunner, invoke, only, write_area


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


# -- docs/privacy.md: each row of the coverage table, pinned -------------------------------------

NHS = "9434765919"
FOLDED_NOTE = (
    "    updates:\n      - date: 2026-11-01\n        by: police\n        note: >-\n"
    "          A long note that goes on and mentions {first}\n          {second} here.\n"
)


def placed(where: str, value: str) -> dict[str, str | bytes | None]:
    """An area with ``value`` written in one place: a note, a field, a comment, settings."""
    quoted = value.replace("'", "''")
    edits = {
        "note": ("note: going well", f"note: '{quoted}'"),
        "id": ('id: "0.1"', f"id: '{quoted}'"),
        "status": ("status: on-track", f"status: '{quoted}'"),
        "theme": ("theme: commissioning", f"theme: '{quoted}'"),
        "owner": ("owner: police", f"owner: '{quoted}'"),
        "by": ("by: police", f"by: '{quoted}'"),
        "date": ("due: 2027-03-31", f"due: '{quoted}'"),
        "key": ("    status: on-track\n", f"    '{quoted}': x\n    status: on-track\n"),
        "link": ("    status: on-track\n", f"    status: on-track\n    links: ['{quoted}']\n"),
        "evidence": ("note: going well", f"note: done, evidence: '{quoted}'"),
        "comment": ("    status: on-track\n", f"    status: on-track  # {value}\n"),
        "syntax error": ('  - id: "0.1"\n', f"  # {value}\n  - id: '0.1'\n  bad: [\n"),
    }
    if where in edits:
        old, new = edits[where]
        assert old in COMMITMENTS
        return {"commitments.yaml": COMMITMENTS.replace(old, new, 1)}
    signatory = {
        "sector": ("sector: police", f"sector: '{quoted}'"),
        "successor": (
            "signed: 2014-08-01}\n  - {id: ambulance",
            f"signed: 2014-08-01, left: 2015-01-01, successor: '{quoted}'}}\n  - {{id: ambulance",
        ),
        "signatory id": ("id: police,", f"id: '{quoted}',"),
    }
    if where in signatory:
        old, new = signatory[where]
        return {"signatories.yaml": SIGNATORIES.replace(old, new, 1)}
    settings = {
        "settings value": f"stale-days = '{quoted}'\n",
        "settings name": f"'{quoted}' = 1\n",
        "settings comment": f"stale-days = 90  # {value}\n",
    }
    return {"concordat.toml": settings[where]}


EVERYWHERE = ("id", "status", "theme", "owner", "by", "date", "key", "link", "evidence",
              "comment", "syntax error", "sector", "successor", "signatory id",
              "settings value", "settings name", "settings comment")  # fmt: skip
ARABIC = "\u0669\u0664\u0663\u0664\u0667\u0666\u0665\u0669\u0661\u0669"
FULL_WIDTH = "".join(chr(0xFF10 + int(d)) for d in NHS)

#: Each row of the table: (where, what is written there), and the code expected (None: the
#: guard does not find it).
COVERAGE: dict[str, tuple[list[tuple[str, str]], str | None]] = {
    "NHS number, ten digits together": ([("note", f"patient {NHS} held")], "X001"),
    "NHS number in groups": (
        [
            ("note", f"seen {n}")
            for n in (
                "943 476 5919",
                "943-476-5919",
                "943.476.5919",
                "943\u2013476\u20135919",
                "943\u2014476\u20145919",
                "943\u00a0476\u00a05919",
                "943\u2009476\u20095919",
                "943  476  5919",
                "943 - 476 - 5919",
            )
        ],
        "X001",
    ),
    "NHS number joined by one character": (
        [
            ("note", f"seen 943{c}476{c}5919")
            for c in ("\u200b", "\u200c", "\u2060", "\ufeff", "\u00ad", "\uff0d", "/", "_", ",")
        ]
        + [("note", "seen 9,434,765,919")],
        "X001",
    ),
    "NHS number as a figure": (
        [
            ("measure", v)
            for v in ("9434765919", "9_434_765_919", "9.434765919e+9", "+9434765919.0")
        ],
        "X001",
    ),
    "NHS number wrapped across lines": ([("folded", "943 476|5919")], "X001"),
    "NHS number with text around it": (
        [("note", f"{p}{NHS}") for p in ("NHS-", "NHS:", "ref", "https://example.org/")],
        "X001",
    ),
    "NHS number in other digits": ([("note", ARABIC), ("note", FULL_WIDTH)], "X001"),
    "NHS number anywhere in a file": ([(w, NHS) for w in EVERYWHERE], "X001"),
    "email address anywhere in a file": (
        [(w, "jo.bloggs@example.org") for w in EVERYWHERE if w != "settings value"]
        + [("settings value", "jo.bloggs@example.org")],
        "X002",
    ),
    "UK phone number in free text or a comment": (
        [
            ("note", "ring 07700 900123"),
            ("note", "ring +44 (0)1603 421421"),
            ("note", "ring 01603 421421"),
            ("comment", "ring 07700 900123"),
        ],
        "X003",
    ),
    "date of birth introduced as such": (
        [
            ("note", "DOB 01/02/1990"),
            ("note", "D.O.B. 1990-02-01"),
            ("note", "born on 3 May 1990"),
            ("comment", "DOB 01/02/1990"),
        ],
        "X004",
    ),
    "postcode beside a date of birth": ([("note", "DOB 01/02/1990, lives NR1 3QA")], "X005"),
    "NHS number with a wrong check digit": ([("note", "ref 9434765918")], None),
    "NHS number grouped otherwise": (
        [
            ("note", "94 3476 5919"),
            ("note", "9434 765 919"),
            ("note", "943    476 5919"),
            ("folded", "943 476||5919"),
        ],
        None,
    ),
    "NHS number in words or escapes": (
        [
            ("note", "nine four three, four seven six, five nine one nine"),
            ("escaped", "ref \\x39434765919"),
        ],
        None,
    ),
    "email address disguised": (
        [("note", "jo dot bloggs at example dot org"), ("note", "jo@\u00e9xample.org")],
        None,
    ),
    "phone number outside free text": (
        [
            ("id", "07700900123"),
            ("link", "https://example.org/07700900123"),
            ("settings comment", "ring 07700 900123"),
            ("note", "ring +33 1 42 68 53 00"),
        ],
        None,
    ),
    "date of birth without the words": ([("note", "seen 01/02/1990, aged 34")], None),
    "postcode on its own": ([("note", "the suite at NR1 3QA")], None),
    "names and context": (
        [("note", "Jo Bloggs of 12 Acacia Avenue, the man from the bus station on 3 May")],
        None,
    ),
    "file and folder names": ([("file name", NHS)], None),
}


def coverage_area(where: str, value: str) -> dict[str, str | bytes | None]:
    if where == "folded":
        first, _, second = value.partition("|")
        text = COMMITMENTS.replace(
            "    updates: [{date: 2026-11-01, by: police, note: going well}]\n",
            FOLDED_NOTE.format(first=first, second=second.replace("|", "\n")),
            1,
        )
        return {"commitments.yaml": text}
    if where == "escaped":
        return {"commitments.yaml": COMMITMENTS.replace("note: going well", f'note: "{value}"', 1)}
    if where == "measure":
        measure = "measures: [{name: a measure}]"
        assert measure in COMMITMENTS
        figure = f"measures: [{{name: m, baseline: {{date: 2026-01-01, value: {value}}}}}]"
        return {"commitments.yaml": COMMITMENTS.replace(measure, figure, 1)}
    if where == "file name":
        return {"commitments.yaml": None, f"commitments/{value}.yaml": COMMITMENTS}
    return placed(where, value)


CASES = [
    pytest.param(row, where, value, id=f"{row}: {where}")
    for row, (places, _) in COVERAGE.items()
    for where, value in places
]


@pytest.mark.parametrize(("row", "where", "value"), CASES)
def test_the_coverage_table(area: AreaRunner, row: str, where: str, value: str) -> None:
    """What the guard finds is reported at its place and never printed: not by validate,
    and not by status, which draws what could be read."""
    code = COVERAGE[row][1]
    found = [d for d in area(coverage_area(where, value)).diagnostics if d.code.startswith("X")]
    if code is None:
        assert found == []
        return
    assert code in [d.code for d in found], found
    assert all(d.line is not None for d in found)
    shown = value.partition("|")[0]  # a wrapped number: its first line
    for args in (["validate", "--format", "json"], ["status", "--format", "json"], ["status"]):
        _, out, err = invoke(*args, ".", "--as-of", "2026-11-22")
        assert shown not in out + err and "jo.bloggs" not in out + err


def test_every_row_of_the_coverage_table_is_pinned() -> None:
    doc = (REPO / "docs" / "privacy.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| ([^|`]+?) \|", doc, re.MULTILINE)) - {"what", "---"}
    assert rows == set(COVERAGE)
    found = dict(re.findall(r"^\| ([^|`]+?) \|.*\| (X00\d|not found) \|$", doc, re.MULTILINE))
    assert found == {row: code or "not found" for row, (_, code) in COVERAGE.items()}


def test_a_file_named_with_an_nhs_number_is_masked_where_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = COMMITMENTS.replace("owner: icb", "owner: icbb")
    write_area(tmp_path, {"commitments.yaml": None, f"commitments/{NHS}.yaml": text})
    code, out, _ = invoke("validate", ".", "--as-of", "2026-11-22")
    assert code == 1 and f"commitments/{MASKED}.yaml:" in out and NHS not in out


MASKED = "943 *** **19"


def test_allowed_contacts_are_not_reported_yet_masked_where_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    owner = "crisis.team@example.nhs.uk"
    write_area(
        tmp_path,
        {
            "commitments.yaml": COMMITMENTS.replace("owner: icb", f"owner: {owner}"),
            "concordat.toml": f'allowed-contacts = ["{owner}"]\n',
        },
    )
    code, out, _ = invoke("validate", ".", "--as-of", "2026-11-22")
    assert code == 1 and "R001 error: owner 'c***@example.nhs.uk' is not a signatory" in out
    assert "X002" not in out and owner not in out
    code, out, _ = invoke("status", ".", "--as-of", "2026-11-22", "--format", "csv")
    assert code == 1 and owner not in out


@pytest.mark.parametrize("value", ["9434765919", "9_434_765_919", "9.434765919e+9"])
def test_a_measure_value_that_is_an_nhs_number_is_masked_in_show(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """YAML reads each spelling as a float: JSON printed 9434765919.0, the table 9,434,765,919."""
    monkeypatch.chdir(tmp_path)
    measure = "measures: [{name: a measure}]"
    figure = f"measures: [{{name: m, baseline: {{date: 2026-01-01, value: {value}}}}}]"
    write_area(tmp_path, {"commitments.yaml": COMMITMENTS.replace(measure, figure, 1)})
    monkeypatch.setenv("COLUMNS", "200")
    for args in (["show", "0.1", "--format", "json"], ["show", "0.1"]):
        _, out, err = invoke(*args, ".", "--as-of", "2026-11-22")
        for secret in ("9434765919", "9,434,765,919", "434765"):
            assert secret not in out + err, (args, out)
        assert "943 *** **19" in out, out


def test_masking_figures_and_joined_numbers() -> None:
    assert masked("9,434,765,919 %") == "943 *** **19 %"
    assert masked("943\u200b476\u200b5919") == "943 *** **19"
    assert masked("1,943,476,5919 and 943//476/5919") == "1,943,476,5919 and 943//476/5919"
    assert nhs_number_in("9.434765919e+9") == "9434765919"
    assert nhs_number_in("9434765919.5") is None and nhs_number_in("nan") is None
