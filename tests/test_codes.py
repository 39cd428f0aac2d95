"""One small YAML snippet per diagnostic code, asserting the code, line and column.

The last test checks the table covers every code concordat defines, so a new code cannot
land without a test.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from concordat.diagnostics import CODES
from concordat.source import text as source_text
from tests.conftest import SIGNATORIES, AreaRunner, Files, only

SIG_HEAD = "area: Testshire\nsignatories:\n"
COM_HEAD = "commitments:\n"
#: One valid commitment, as block YAML, for snippets to change (lines 2-9 of the file).
ONE = """\
  - id: "2.1"
    title: Police cells are never used as a place of safety
    theme: urgent-access
    owner: mh-trust
    status: on-track
    due: 2027-03-31
    measures: [{name: s136 detentions in custody}]
    updates: [{date: 2026-11-01, by: mh-trust, note: on track}]
"""


#: Two commitments, 2.1 and 2.2: a plan to keep in two places at once.
TWO = COM_HEAD + ONE + ONE.replace('"2.1"', '"2.2"')


def com(text: str) -> Files:
    return {"commitments.yaml": COM_HEAD + text}


def sig(text: str) -> Files:
    return {"signatories.yaml": SIG_HEAD + text}


def edit(old: str, new: str) -> Files:
    assert old in ONE
    return com(ONE.replace(old, new))


@dataclass
class Case:
    code: str
    files: Files
    file: str
    line: int | None
    column: int | None
    options: dict[str, int] | None = None
    id: str = ""


CASES = [
    # F: files
    Case("F001", {"signatories.yaml": None}, "signatories.yaml", None, None, id="no signatories"),
    Case(
        "F003", {"commitments.yaml": b"commitments:\n  - id: caf\xe9\n"}, "commitments.yaml", 2, 12
    ),
    Case(
        "F003",
        {"commitments.yaml": "\ufeffcommitments: []\n".encode("utf-16")},
        "commitments.yaml",
        1,
        1,
        id="utf-16",
    ),
    Case("F004", {"signatories.yaml": b"area: Test\x00shire\n"}, "signatories.yaml", 1, 11),
    Case("F006", {"signatories.yml": SIGNATORIES}, "signatories.yml", None, None),
    Case(
        "F007",
        {"commitments.yaml": TWO, "commitments/a.yaml": TWO},
        "commitments.yaml",
        None,
        None,
    ),
    # Y: YAML
    Case(
        "Y001",
        com(ONE.replace("note: on track", "note: done: on track")),
        "commitments.yaml",
        9,
        58,
        id="colon in value",
    ),
    Case("Y001", com(ONE.replace("    theme:", "\ttheme:")), "commitments.yaml", 4, 1, id="tab"),
    Case(
        "Y001",
        {"commitments.yaml": "commitments:\n  - id: \x07\n"},
        "commitments.yaml",
        2,
        9,
        id="control character",
    ),
    Case(
        "Y002",
        edit("    status: on-track\n", "    status: on-track\n    status: at-risk\n"),
        "commitments.yaml",
        7,
        5,
    ),
    Case(
        "Y003",
        edit("title: Police", "title: !!python/object:os.system Police"),
        "commitments.yaml",
        3,
        12,
    ),
    Case("Y004", com(ONE + "---\ncommitments: []\n"), "commitments.yaml", 10, 1),
    Case(
        "Y005",
        com(
            ONE.replace("owner: mh-trust", "owner: &o mh-trust")
            + ONE.replace("owner: mh-trust", "owner: *o").replace('"2.1"', '"2.2"')
        ),
        "commitments.yaml",
        13,
        12,
        id="alias",
    ),
    Case(
        "Y005",
        edit("    status: on-track\n", "    <<: {status: on-track}\n"),
        "commitments.yaml",
        6,
        5,
        id="merge key",
    ),
    Case("Y006", {"commitments.yaml": "# nothing yet\n"}, "commitments.yaml", 1, 1),
    Case("Y007", {"commitments.yaml": ONE}, "commitments.yaml", 1, 1),
    Case(
        "Y008",
        edit("    status: on-track\n", "    status: on-track\n    ? [a, b]\n    : c\n"),
        "commitments.yaml",
        7,
        7,
    ),
    Case(
        "Y009",
        {"commitments.yaml": "commitments: " + "[" * 70 + "]" * 70 + "\n"},
        "commitments.yaml",
        1,
        77,
        id="nested",
    ),
    Case(
        "Y009",
        {"commitments.yaml": "commitments: " + "[" * 5000 + "]" * 5000 + "\n"},
        "commitments.yaml",
        1,
        77,
        id="nested past the composer's limit",
    ),
    Case(
        "Y009",
        {"commitments.yaml": "commitments: " + "[" * 1500 + "]" * 1500 + "\n"},
        "commitments.yaml",
        1,
        77,
        id="nested past libyaml's limit in a short file",
    ),
    Case(
        "Y011",
        edit("title: Police cells are never used as a place of safety", 'title: "In S:\\teams"'),
        "commitments.yaml",
        3,
        18,
    ),
    Case(
        "Y010",
        edit("title: Police cells are", "title: Police cells #2 are"),
        "commitments.yaml",
        3,
        25,
    ),
    # S: schema
    Case("S001", edit("    title:", "    titel:"), "commitments.yaml", 3, 5),
    Case("S002", edit("    owner: mh-trust\n", ""), "commitments.yaml", 2, 5),
    Case("S002", edit("owner: mh-trust", "owner:"), "commitments.yaml", 5, 11, id="empty"),
    Case(
        "S003",
        edit(
            "measures: [{name: s136 detentions in custody}]",
            "measures: [{name: m, baseline: {date: 2014-03-31, value: forty}}]",
        ),
        "commitments.yaml",
        8,
        62,
    ),
    Case("S004", edit("status: on-track", "status: on track"), "commitments.yaml", 6, 13),
    Case("S005", edit('id: "2.1"', "id: two"), "commitments.yaml", 2, 9),
    Case(
        "S005",
        sig("  - {id: Norfolk Police, name: N, sector: police, signed: 2014-08-01}\n"),
        "signatories.yaml",
        3,
        10,
        id="signatory id",
    ),
    Case("S006", edit("due: 2027-03-31", "due: 2015-02-30"), "commitments.yaml", 7, 10),
    Case(
        "S006",
        edit("due: 2027-03-31", "due: 2015/17 Q1"),
        "commitments.yaml",
        7,
        10,
        id="bad quarter",
    ),
    Case(
        "S007",
        edit("note: on track}", "note: on track, evidence: board paper}"),
        "commitments.yaml",
        9,
        74,
    ),
    # I: identity
    Case(
        "I001",
        {
            "signatories.yaml": SIGNATORIES
            + "  - {id: icb, name: Other ICB, sector: commissioner, signed: 2020-04-01}\n"
        },
        "signatories.yaml",
        8,
        10,
    ),
    Case(
        "I002",
        {"commitments/extra.yaml": COM_HEAD + ONE.replace('"2.1"', '"0.1"')},
        "commitments/extra.yaml",
        2,
        9,
        id="across files",
    ),
    # R: references
    Case("R001", edit("owner: mh-trust", "owner: mh-turst"), "commitments.yaml", 5, 12),
    Case("R001", edit("by: mh-trust", "by: health"), "commitments.yaml", 9, 38, id="author"),
    Case(
        "R002",
        {
            "signatories.yaml": SIGNATORIES.replace(
                "signed: 2014-08-01}\n  - {id: council",
                "signed: 2014-08-01, left: 2020-03-31}\n  - {id: council",
            ),
            **com(ONE),
        },
        "commitments.yaml",
        5,
        12,
    ),
    Case(
        "R003",
        edit("owner: mh-trust\n", "owner: mh-trust\n    partners: [police, mh-trust]\n"),
        "commitments.yaml",
        6,
        24,
    ),
    Case(
        "R004",
        edit("owner: mh-trust\n", "owner: mh-trust\n    partners: [police, police]\n"),
        "commitments.yaml",
        6,
        24,
    ),
    Case(
        "R005",
        {
            "signatories.yaml": SIGNATORIES.replace(
                "sector: police, signed: 2014-08-01}",
                "sector: police, signed: 2014-08-01, left: 2020-01-01}",
            ),
            **edit("owner: mh-trust\n", "owner: mh-trust\n    partners: [police]\n"),
        },
        "commitments.yaml",
        6,
        16,
    ),
    Case(
        "R006",
        {
            "signatories.yaml": SIGNATORIES
            + "  - {id: old, name: Old, sector: other, signed: 2014-08-01, left: 2015-01-01,"
            " successor: old}\n"
        },
        "signatories.yaml",
        8,
        90,
    ),
    # D: dates
    Case(
        "D001",
        edit("due: 2027-03-31", "due: 2027-03-31\n    start: 2027-04-01"),
        "commitments.yaml",
        8,
        12,
    ),
    Case("D002", edit("date: 2026-11-01", "date: 2026-12-01"), "commitments.yaml", 9, 22),
    Case(
        "D003",
        edit(
            "measures: [{name: s136 detentions in custody}]",
            "measures: [{name: m, baseline: {date: 2015-01-01, value: 4},"
            " readings: [{date: 2014-06-30, value: 5}]}]",
        ),
        "commitments.yaml",
        8,
        84,
    ),
    Case(
        "D004",
        edit(
            "measures: [{name: s136 detentions in custody}]",
            "measures: [{name: m, readings: [{date: 2027-06-30, value: 5}]}]",
        ),
        "commitments.yaml",
        8,
        44,
    ),
    Case(
        "D005",
        edit(
            "measures: [{name: s136 detentions in custody}]",
            "measures: [{name: m, baseline: {date: 2015-01-01, value: 4},"
            " target: {date: 2014-01-01, value: 0}}]",
        ),
        "commitments.yaml",
        8,
        81,
    ),
    Case(
        "D006",
        sig("  - {id: p, name: P, sector: police, signed: 2014-08-01, left: 2013-01-01}\n"),
        "signatories.yaml",
        3,
        64,
    ),
    # P: progress and delivery
    Case("P001", edit("due: 2027-03-31", "due: 2026/27 Q2"), "commitments.yaml", 7, 10),
    Case("P002", edit("status: on-track", "status: complete"), "commitments.yaml", 6, 13),
    Case("P003", edit("date: 2026-11-01", "date: 2026-01-01"), "commitments.yaml", 9, 5),
    Case("P003", com(ONE), "commitments.yaml", 9, 5, {"stale_days": 20}, id="--stale-days"),
    Case(
        "P003",
        edit("    updates: [{date: 2026-11-01, by: mh-trust, note: on track}]\n", ""),
        "commitments.yaml",
        6,
        13,
        id="never updated",
    ),
    Case(
        "P004",
        edit("    measures: [{name: s136 detentions in custody}]\n", ""),
        "commitments.yaml",
        2,
        9,
    ),
    Case("P005", com(ONE), "signatories.yaml", 3, 10),
    Case("P006", edit("status: on-track", "status: off-track"), "commitments.yaml", 6, 13),
    Case("P007", {"commitments.yaml": "commitments:\n  # nothing yet\n"}, "commitments.yaml", 1, 1),
    # X: the privacy guard
    Case(
        "X001", edit("note: on track", "note: seen 943 476 5919 today"), "commitments.yaml", 9, 59
    ),
    Case(
        "X002", edit("note: on track", "note: ask jo.bloggs@example.org"), "commitments.yaml", 9, 58
    ),
    Case("X003", edit("note: on track", "note: ring 07700 900123"), "commitments.yaml", 9, 59),
    Case("X004", edit("note: on track", "note: 'DOB: 01/02/1990'"), "commitments.yaml", 9, 60),
    Case(
        "X005",
        edit("note: on track", "note: 'born on 1 May 1990, NR1 3QA'"),
        "commitments.yaml",
        9,
        75,
    ),
    # C: configuration and silences
    Case("C001", {"concordat.toml": "stale-days = \n"}, "concordat.toml", 1, 14),
    Case("C002", {"concordat.toml": "# settings\nstale-day = 90\n"}, "concordat.toml", 2, 1),
    Case(
        "C002",
        edit(
            "    status: on-track\n",
            "    status: on-track\n    silence: [{code: P999, reason: r}]\n",
        ),
        "commitments.yaml",
        7,
        22,
        id="unknown code in a silence",
    ),
    Case(
        "C003",
        {"concordat.toml": "[severity]\nP004 = 'off'\nY001 = 'off'\n"},
        "concordat.toml",
        3,
        1,
    ),
    Case(
        "C004",
        edit(
            "    status: on-track\n",
            "    status: on-track\n    silence: [{code: P004, reason: agreed}]\n",
        ),
        "commitments.yaml",
        7,
        22,
    ),
    # A: the declaration
    Case(
        "A001",
        {"signatories.yaml": SIGNATORIES.replace("sector: ambulance", "sector: other")},
        "signatories.yaml",
        2,
        1,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id or c.code for c in CASES])
def test_code_is_reported_at_its_place(area: AreaRunner, case: Case) -> None:
    report = area(case.files, **(case.options or {}))
    found = only(report, case.code)
    assert found, f"{case.code} not reported; got {[d.code for d in report.diagnostics]}"
    first = found[0]
    assert (first.file, first.line, first.column) == (case.file, case.line, case.column), first
    assert first.severity is CODES[case.code].severity
    assert first.message and first.message[0] != " "


def test_f002_unreadable_when_a_folder_has_the_files_name(area: AreaRunner, tmp_path: Path) -> None:
    (tmp_path / "commitments.yaml").mkdir()
    report = area({"commitments.yaml": None})
    (found,) = only(report, "F002")
    assert (found.file, found.line) == ("commitments.yaml", None)
    assert "it is a folder" in found.message


def test_f005_file_too_large(area: AreaRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source_text, "MAX_FILE_BYTES", 100)
    report = area()
    found = only(report, "F005")
    assert [(d.file, d.line) for d in found] == [
        ("commitments.yaml", None),
        ("signatories.yaml", None),
    ]


def _git(folder: Path, *args: str, when: str = "2026-10-01") -> None:
    import os
    import subprocess

    env = {
        **os.environ,
        "HOME": str(folder),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "A. Clerk",
        "GIT_AUTHOR_EMAIL": "clerk@example.org",
        "GIT_COMMITTER_NAME": "A. Clerk",
        "GIT_COMMITTER_EMAIL": "clerk@example.org",
        "GIT_AUTHOR_DATE": f"{when}T10:00:00+00:00",
        "GIT_COMMITTER_DATE": f"{when}T10:00:00+00:00",
    }
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


def test_p008_due_moved_later_with_no_update_or_reason(area: AreaRunner, tmp_path: Path) -> None:
    """P008 needs the record: the working tree (or the last commit) against the version
    before it. Outside a repository it does not run."""
    assert not only(area(com(ONE)), "P008")  # no git repository: not checked
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "plan")
    moved = edit("due: 2027-03-31", "due: 2027-09-30")
    (found,) = only(area(moved), "P008")  # the working tree is the change
    assert (found.file, found.line, found.column) == ("commitments.yaml", 7, 10)
    assert found.severity is CODES["P008"].severity
    assert "from 2027-03-31 to 2027-09-30, in uncommitted changes" in found.message
    _git(tmp_path, "commit", "-q", "-am", "moved", when="2026-10-02")
    (found,) = only(area(moved), "P008")  # clean: the last commit is the change
    assert "in commit " in found.message
    with_reason = edit("due: 2027-03-31", "due: 2027-09-30\n    reason: the board agreed")
    assert not only(area(with_reason), "P008")  # a reason given in the same change


def test_every_code_has_a_case() -> None:
    tested = {c.code for c in CASES} | {"F002", "F005", "P008"}
    assert tested == set(CODES)
