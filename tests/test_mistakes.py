"""The mistakes a coordinator makes editing the YAML by hand: each, rebuilt from the shipped
Norfolk data, gets one message, at the line of the mistake, with a hint to follow.

Every case changes one thing in a copy of the shipped files and names the problem it must
produce (code, line, column, words in the message and in the hint). The shipped data has four
warnings of its own (P001 twice, P003, P005); besides them, the case's problem must be the
only one, so that one mistake never gives two messages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from concordat import check_area
from tests.conftest import REPO, invoke

COMMITMENTS = (REPO / "commitments.yaml").read_text(encoding="utf-8")
SIGNATORIES = (REPO / "signatories.yaml").read_text(encoding="utf-8")
TITLE = (
    "    title: Police cells are never used as a place of safety because health places are full\n"
)
TITLE_LINE = COMMITMENTS[: COMMITMENTS.index(TITLE)].count("\n") + 1
#: What the shipped data itself reports (its own four warnings), by code and message.
PARTNERS = "    partners: [norfolk-constabulary, nhs-norfolk-waveney-icb]\n"
OWNER = "    owner: nsft\n"
STATUS = "    status: on-track\n"
BLOCK_22 = COMMITMENTS[COMMITMENTS.index('\n  - id: "2.2"') : COMMITMENTS.index('  - id: "2.3"')]
#: Commitment 2.2 indented four spaces, into the updates of 2.1 above it.
PASTED_22 = "\n" + "".join(
    "    " + line if line.strip() else line for line in BLOCK_22[1:].splitlines(True)
)
THEME_OWNER = "    theme: urgent-access\n    owner: eeast\n"
NOTE_22 = (
    "        note: Q2 figure 66%; the mental health response vehicle pilot starts in November.\n"
)
SHIPPED = {(d.code, d.message) for d in check_area(REPO, date(2026, 11, 22)).report.diagnostics}


@dataclass(frozen=True)
class Mistake:
    name: str
    old: str
    new: str
    code: str
    line: int
    column: int
    message: str  # words the message holds
    hint: str  # words the hint holds
    file: str = "commitments.yaml"


MISTAKES = [
    # -- syntax: at the line of the mistake, in plain words ------------------------------------
    Mistake(
        "a missing colon",
        TITLE,
        TITLE.replace("title:", "title"),
        "Y001",
        TITLE_LINE,
        10,
        "'title' is not followed by ':'",
        "write 'title: '",
    ),
    Mistake(
        "no space after the colon",
        TITLE,
        TITLE.replace("title: ", "title:"),
        "Y001",
        TITLE_LINE,
        10,
        "'title:' is not followed by a space",
        "write a space after",
    ),
    Mistake(
        "a non-breaking space after the colon",
        TITLE,
        TITLE.replace("title: ", "title:\u00a0"),
        "Y001",
        TITLE_LINE,
        11,
        "non-breaking space (U+00A0)",
        "ordinary space",
    ),
    Mistake(
        "an unindented continuation line",
        TITLE,
        "    title: Police cells are never used as a place of safety\n    because health\n",
        "Y001",
        TITLE_LINE + 1,
        5,
        "not a 'field: value' pair",
        "indent it further",
    ),
    Mistake(
        "an unclosed quote",
        TITLE,
        TITLE.replace("title: ", 'title: "'),
        "Y001",
        TITLE_LINE,
        12,
        "quote that starts this value is never closed",
        "add the closing quote",
    ),
    Mistake(
        "an item pasted at the left margin",
        '  - id: "2.1"\n',
        '- id: "2.1"\n',
        "Y001",
        TITLE_LINE - 1,
        1,
        "not indented like the items above",
        "line its '- ' up",
    ),
    Mistake(
        "an item indented two spaces too far",
        '  - id: "2.2"\n',
        '    - id: "2.2"\n',
        "Y001",
        194,
        5,
        "not indented like the items above",
        "line its '- ' up",
    ),
    Mistake(
        "an item indented one space too little",
        '  - id: "2.2"\n',
        ' - id: "2.2"\n',
        "Y001",
        194,
        2,
        "not indented like the items above",
        "line its '- ' up",
    ),
    Mistake(
        "a value starting with a quote",
        TITLE,
        "    title: 'Suite's bed is open\n",
        "Y001",
        TITLE_LINE,
        12,
        "starts with a quote",
        "title: \"'Suite's bed is open\"",
    ),
    Mistake(
        "a value starting with *",
        TITLE,
        "    title: *important* cells\n",
        "Y001",
        TITLE_LINE,
        12,
        "starts with '*' as an alias",
        'title: "*important* cells"',
    ),
    Mistake(
        "a value starting with @",
        TITLE,
        "    title: @nsft to lead\n",
        "Y001",
        TITLE_LINE,
        12,
        "start with '@'",
        'title: "@nsft to lead"',
    ),
    Mistake(
        "a value starting with a backtick",
        TITLE,
        "    title: `cells` are never used\n",
        "Y001",
        TITLE_LINE,
        12,
        "start with '`'",
        "put the whole value in quotes",
    ),
    Mistake(
        "a value starting with [",
        TITLE,
        "    title: [draft] police cells\n",
        "Y001",
        TITLE_LINE,
        12,
        "starts with '[' as a list",
        'title: "[draft] police cells"',
    ),
    Mistake(
        "a value starting with >",
        TITLE,
        "    title: > 50% fewer\n",
        "Y001",
        TITLE_LINE,
        12,
        "starts with '>'",
        'title: "> 50% fewer"',
    ),
    Mistake(
        "a colon and a space in a value",
        TITLE,
        "    title: Police cells: never used\n",
        "Y001",
        TITLE_LINE,
        24,
        "contains ': '",
        'title: "Police cells: never used"',
    ),
    Mistake(
        "an unclosed bracket",
        "    partners: [norfolk-constabulary, nhs-norfolk-waveney-icb]\n",
        "    partners: [norfolk-constabulary, nhs-norfolk-waveney-icb\n",
        "Y001",
        93,
        15,
        "'[' that starts this list is not closed",
        "close it with ']'",
    ),
    # -- hints that point the right way -------------------------------------------------------
    Mistake(
        "a missing '- ' before a new item",
        '  - id: "2.2"\n',
        '    id: "2.2"\n',
        "Y002",
        194,
        5,
        "a new item starts here without its '- '",
        "write '- ' before 'id:'",
    ),
    Mistake(
        "partners: no",
        PARTNERS,
        "    partners: no\n",
        "S003",
        93,
        15,
        "should be a list",
        "leave 'partners:' out, or write 'partners: []'",
    ),
    Mistake(
        "partners: none",
        PARTNERS,
        "    partners: none\n",
        "S003",
        93,
        15,
        "should be a list",
        "leave 'partners:' out",
    ),
    Mistake(
        "two owners in a list",
        OWNER,
        "    owner: [nsft, norfolk-constabulary]\n",
        "S003",
        92,
        12,
        "owner should be text, not a list",
        "one organisation leads",
    ),
    Mistake(
        "two owners with a comma",
        OWNER,
        "    owner: nsft, norfolk-constabulary\n",
        "R001",
        92,
        12,
        "is not a signatory",
        "one organisation leads",
    ),
    Mistake(
        "an owner given by name",
        OWNER,
        "    owner: Norfolk and Suffolk NHS Foundation Trust\n",
        "R001",
        92,
        12,
        "is not a signatory",
        "use the id, not the name: 'nsft'",
    ),
    Mistake(
        "a field name with a capital letter",
        OWNER,
        "    Owner: nsft\n",
        "S001",
        92,
        5,
        "unknown field 'Owner'",
        "did you mean 'owner'?",
    ),
    Mistake(
        "a commitment pasted into the updates above",
        BLOCK_22,
        PASTED_22,
        "S001",
        194,
        9,
        "looks like a new commitment indented into this one's updates",
        "move it to the left",
    ),
    # -- RAG and everyday words for a status --------------------------------------------------
    Mistake(
        "status: green",
        STATUS,
        "    status: green\n",
        "S004",
        20,
        13,
        "'green' is not one of",
        "write 'status: on-track' (green, G in the key",
    ),
    Mistake(
        "status: Amber",
        STATUS,
        "    status: Amber\n",
        "S004",
        20,
        13,
        "'Amber'",
        "write 'status: at-risk'",
    ),
    Mistake(
        "status: In progress",
        STATUS,
        "    status: In progress\n",
        "S004",
        20,
        13,
        "'In progress'",
        "write 'status: on-track'",
    ),
    Mistake(
        "status: done",
        STATUS,
        "    status: done\n",
        "S004",
        20,
        13,
        "'done'",
        "write 'status: complete' (blue, B in the key",
    ),
    Mistake(
        "a RAG field",
        STATUS,
        "    RAG: green\n",
        "S001",
        20,
        5,
        "unknown field 'RAG'",
        "for 'green', write 'status: on-track'",
    ),
    # -- characters that are not what they look like ------------------------------------------
    Mistake(
        "a zero-width space in an id",
        "    owner: eeast\n",
        "    owner: ee\u200bast\n",
        "R001",
        197,
        12,
        "'ee\\u200bast'",
        "a zero-width space (U+200B) after 'ee': delete it",
    ),
    Mistake(
        "a Cyrillic letter in an id",
        "    owner: eeast\n",
        "    owner: \u0435east\n",
        "R001",
        197,
        12,
        "'\\u0435east'",
        "type the Latin 'e' instead; did you mean 'eeast'?",
    ),
    Mistake(
        "curly quotes around an id",
        "    owner: eeast\n",
        "    owner: \u201ceeast\u201d\n",
        "R001",
        197,
        12,
        "'\\u201ceeast\\u201d'",
        "a curly quote (U+201C) at the start",
    ),
    Mistake(
        "a non-breaking space in a status",
        STATUS,
        "    status: on\u00a0track\n",
        "S004",
        20,
        13,
        "'on\\xa0track'",
        "a non-breaking space (U+00A0) after 'on'",
    ),
    # -- found by a second hunt: indentation, dashes, quotes, braces --------------------------
    Mistake(
        "a field indented one space too far",
        THEME_OWNER,
        THEME_OWNER.replace("    owner:", "     owner:"),
        "Y001",
        197,
        6,
        "'owner:' is indented further than 'theme:'",
        "line 'owner:' up with 'theme:'",
    ),
    Mistake(
        "a field indented one space too little",
        THEME_OWNER,
        THEME_OWNER.replace("    owner:", "   owner:"),
        "Y001",
        197,
        4,
        "indented differently from the lines of the item above",
        "line it up",
    ),
    Mistake(
        "no space after the item's dash",
        '  - id: "2.2"\n',
        '  -id: "2.2"\n',
        "Y001",
        194,
        3,
        "'-' must be followed by a space",
        "write '- '",
    ),
    Mistake(
        "two spaces after the item's dash",
        '  - id: "2.2"\n',
        '  -  id: "2.2"\n',
        "Y001",
        194,
        3,
        "more than one space after '-'",
        "one space",
    ),
    Mistake(
        "a quote left open in an id",
        '  - id: "2.2"\n',
        '  - id: "2.2\n',
        "Y001",
        194,
        9,
        "not closed on its line",
        "add the closing quote",
    ),
    Mistake(
        "two commitments merged",
        'deep clean.\n\n  - id: "2.2"\n',
        "deep clean.\n",
        "Y002",
        193,
        5,
        "looks like a new item whose '- ' line is missing",
        "start the new item with '- '",
    ),
    Mistake(
        "one bracket too many",
        "    partners: [norfolk-constabulary]\n",
        "    partners: [norfolk-constabulary]]\n",
        "Y001",
        198,
        37,
        "one ']' too many",
        "delete the extra ']'",
    ),
    Mistake(
        "fields on one line without braces",
        "          - {date: 2026-06-30, value: 61}\n",
        "          - date: 2026-06-30, value: 61\n",
        "Y001",
        210,
        36,
        "need braces",
        "- {date: 2026-06-30, value: 61}",
    ),
    Mistake(
        "double quotes inside double quotes",
        "    title: An ambulance reaches every section 136 incident within 30 minutes\n",
        '    title: "An ambulance reaches every "section 136" incident"\n',
        "Y001",
        195,
        12,
        "starts with a quote",
        "put it in single quotes",
    ),
    Mistake(
        "a non-breaking space in the indentation",
        THEME_OWNER,
        THEME_OWNER.replace("    owner:", "\u00a0   owner:"),
        "Y001",
        197,
        1,
        "a non-breaking space (U+00A0) here",
        "ordinary spaces",
    ),
    Mistake(
        "a field name spelt out",
        "    due: 2026/27 Q2\n",
        "    due_date: 2026/27 Q2\n",
        "S001",
        201,
        5,
        "unknown field 'due_date'",
        "did you mean 'due'?",
    ),
    Mistake(
        "no space after a colon in braces",
        "          - {date: 2026-06-30, value: 61}\n",
        "          - {date:2026-06-30, value: 61}\n",
        "S001",
        210,
        14,
        "unknown field",
        "put a space after the colon: 'date: 2026-06-30'",
    ),
    Mistake(
        "partners without a comma",
        PARTNERS,
        "    partners: [norfolk-constabulary nhs-norfolk-waveney-icb]\n",
        "R001",
        93,
        16,
        "is not a signatory",
        "separate them with commas",
    ),
    Mistake(
        "an empty due date",
        "    due: 2026/27 Q2\n",
        "    due:\n",
        "S002",
        201,
        9,
        "due is empty",
        "a date (YYYY-MM-DD) or a financial quarter",
    ),
    Mistake(
        "an empty status",
        "    status: at-risk\n    start: 2026-04-01\n    due: 2026/27 Q2\n",
        "    status:\n    start: 2026-04-01\n    due: 2026/27 Q2\n",
        "S002",
        199,
        12,
        "status is empty",
        "one of not-started",
    ),
    Mistake(
        "a signatory id in capitals",
        "  - id: nsft\n",
        "  - id: NSFT\n",
        "S005",
        67,
        9,
        "'NSFT' is not a valid id",
        "lower-case",
        file="signatories.yaml",
    ),
    # -- nothing lost without a word ----------------------------------------------------------
    Mistake(
        "a '#' in a note",
        "note: Second s136 suite bed opened;",
        "note: Suite #2 closed for a deep clean;",
        "Y010",
        188,
        21,
        "read as 'Suite'",
        "put the whole text in quotes",
    ),
    # -- one mistake, one message: nothing judged from what could not be read ------------------
    Mistake(
        "an update's '- ' missing (its dates are in doubt: no staleness warning)",
        "      - date: 2026-10-20\n        by: nhs-norfolk-waveney-icb\n        status: on-track",
        "        date: 2026-10-20\n        by: nhs-norfolk-waveney-icb\n        status: on-track",
        "Y002",
        38,
        9,
        "a new item whose '- ' line is missing",
        "start the new item with '- '",
    ),
    Mistake(
        "a commitment pasted into signatories.yaml",
        "  - id: british-transport-police\n",
        '  - id: "4.5"\n    title: Crisis beds for young people\n    theme: recovery\n'
        "    owner: nsft\n    status: not-started\n    due: 2027-03-31\n"
        "  - id: british-transport-police\n",
        "S001",
        98,
        5,
        "looks like a commitment (it has due, owner, status, theme, title)",
        "move it to commitments.yaml",
        file="signatories.yaml",
    ),
    Mistake(
        "the 'commitments:' line deleted (no second warning that the plan is empty)",
        "commitments:\n  # === 0.",
        "  # === 0.",
        "Y007",
        14,
        3,
        "the file holds a list",
        "under a 'commitments:' key",
    ),
]


def _write(folder: Path, mistake: Mistake) -> None:
    folder.mkdir()
    for name, text in (("commitments.yaml", COMMITMENTS), ("signatories.yaml", SIGNATORIES)):
        if name == mistake.file:
            assert mistake.old in text, mistake.name
            text = text.replace(mistake.old, mistake.new, 1)
        (folder / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_a_mistake_gets_one_message_at_its_line_with_a_hint(
    mistake: Mistake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "area", mistake)
    _, out, _ = invoke("validate", "area", "--as-of", "2026-11-22", "--format", "json")
    diagnostics = json.loads(out)["diagnostics"]
    found = [d for d in diagnostics if (d["code"], d["message"]) not in SHIPPED]
    assert len(found) == 1, [(d["code"], d["line"], d["message"]) for d in found]
    (problem,) = found
    where = (problem["code"], problem["file"], problem["line"], problem["column"])
    assert where == (mistake.code, f"area/{mistake.file}", mistake.line, mistake.column)
    assert mistake.message in problem["message"]
    assert problem["hint"] and mistake.hint in problem["hint"]
    for jargon in ("scalar", "token", "<document start>", "block mapping", "simple key"):
        assert jargon not in problem["message"] + problem["hint"]


def test_an_emptied_plan_is_one_warning_not_one_per_signatory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "commitments.yaml").write_text("commitments:\n", encoding="utf-8")
    (tmp_path / "signatories.yaml").write_text(SIGNATORIES, encoding="utf-8")
    code, out, _ = invoke("validate", ".", "--as-of", "2026-11-22", "--format", "json")
    codes = [d["code"] for d in json.loads(out)["diagnostics"]]
    assert code == 0 and codes == ["P007"]


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("Commitments.yaml", "found 'Commitments.yaml': rename it to 'commitments.yaml'"),
        ("commitments.yaml.txt", "found 'commitments.yaml.txt': rename it"),
        ("commitment.yaml", "found 'commitment.yaml': rename it to 'commitments.yaml'"),
    ],
)
def test_a_misnamed_plan_is_named_and_nothing_else_is_said(
    written: str, hint: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / written).write_text(COMMITMENTS, encoding="utf-8")
    (tmp_path / "signatories.yaml").write_text(SIGNATORIES, encoding="utf-8")
    _, out, _ = invoke("validate", ".", "--as-of", "2026-11-22", "--format", "json")
    (problem,) = json.loads(out)["diagnostics"]  # no P005 for every signatory
    assert problem["code"] == "F001" and hint in problem["hint"]


def test_a_file_or_the_commitments_folder_given_as_the_area_names_the_area(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "norfolk" / "commitments").mkdir(parents=True)
    (tmp_path / "norfolk" / "signatories.yaml").write_text(SIGNATORIES, encoding="utf-8")
    (tmp_path / "norfolk" / "commitments" / "plan.yaml").write_text(COMMITMENTS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke("validate", "norfolk/commitments/plan.yaml")
    assert code == 2 and "is a file: name the area's folder instead: norfolk" in err
    code, _, err = invoke("status", "norfolk/signatories.yaml")
    assert code == 2 and "name the area's folder instead: norfolk" in err
    monkeypatch.chdir(tmp_path / "norfolk" / "commitments")
    code, _, err = invoke("validate")
    assert code == 2 and "the area's commitments/ folder: name the area's folder instead: .." in err


def test_an_old_plan_beside_the_new_folder_is_one_error_naming_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "commitments").mkdir()
    (tmp_path / "signatories.yaml").write_text(SIGNATORIES, encoding="utf-8")
    (tmp_path / "commitments.yaml").write_text(COMMITMENTS, encoding="utf-8")
    (tmp_path / "commitments" / "plan.yaml").write_text(COMMITMENTS, encoding="utf-8")
    _, out, _ = invoke("validate", ".", "--as-of", "2026-11-22", "--format", "json")
    errors = [d for d in json.loads(out)["diagnostics"] if d["severity"] == "error"]
    assert [(d["code"], d["file"]) for d in errors] == [("F007", "commitments.yaml")]
    assert "20 ids are in both" in errors[0]["message"] and "commitments/" in errors[0]["hint"]
