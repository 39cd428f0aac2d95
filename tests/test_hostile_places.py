"""Hostile input, round 2 (issue 13): wrong places, names and values.

Every line and column counts lines as an editor does (LF, CR or CR LF; never YAML's extra
NEL, line and paragraph separators); every value a message quotes shows its invisible and
look-alike characters; a link that loops is a loop, and a commitments/ folder that is a link
back into the area is refused; ids, numbers and names at their limits end in a message, not
a traceback. docs/hostile.md's section "Places, names and values" lists each case.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from concordat.cli import app
from tests.conftest import COMMITMENTS, REPO, SIGNATORIES, write_area

runner = CliRunner()
Z = "\u200b"  # a zero-width space


def first(old: str, new: str, text: str = COMMITMENTS) -> str:
    assert old in text
    return text.replace(old, new, 1)


def writes(**files: str | bytes | None) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        write_area(folder, {name.replace("_", "."): text for name, text in files.items()})

    return make


def linked(name: str, target: str, **files: str | bytes | None) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        writes(**files)(folder)
        (folder / name).symlink_to(target)

    return make


def commitments_folder_outside(folder: Path) -> None:
    write_area(folder, {"commitments.yaml": None})
    elsewhere = folder.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "plan.yaml").write_text(COMMITMENTS, encoding="utf-8")
    (folder / "commitments").symlink_to(elsewhere)


def measure(value: str, readings: str) -> str:
    return first(
        "measures: [{name: a measure}]",
        f'measures: [{{name: m, unit: "%", baseline: {{date: 2026-01-01, value: {value}}}, '
        f"target: {{date: 2027-01-01, value: 1e308}}, readings: [{readings}]}}]",
    )


UNKNOWN_LAST_OWNER = first("owner: icb", "owner: nobody")


def separator_in_a_file_name(folder: Path) -> None:
    write_area(folder, {"commitments.yaml": None})
    (folder / "commitments").mkdir()
    (folder / "commitments" / "a\u2028b.yaml").write_text(UNKNOWN_LAST_OWNER, encoding="utf-8")


def split_plan(*names: str) -> Callable[[Path], None]:
    """A commitments/ folder holding the plan's commitments in files called ``names``,
    the first five commitments in the first file, and so on (an empty plan for the rest)."""

    def make(folder: Path) -> None:
        write_area(folder, {"commitments.yaml": None})
        (folder / "commitments").mkdir()
        for index, name in enumerate(names):
            text = COMMITMENTS if index == 0 else "commitments: []\n"
            (folder / "commitments" / name).write_text(text, encoding="utf-8")

    return make


MANY_READINGS = ", ".join(f"{{date: 2026-06-01, value: {i}}}" for i in range(20_000))
NHS_IN_FIRST_NOTE = first("note: going well", "note: see 943 476 5919")


@dataclass
class Place:
    name: str  # the row in docs/hostile.md
    make: Callable[[Path], None]
    args: list[str]  # the command, run in the area
    shown: str  # what the user sees, in full, on one line of the output
    exit_code: int = 1
    area: str = "."


CASES = [
    Place(
        "line separator in a quoted title",
        writes(
            commitments_yaml=first(
                "title: Commitment led by police", 'title: "a\u2028b"', UNKNOWN_LAST_OWNER
            )
        ),
        ["validate"],
        "commitments.yaml:37:12: R001 error: owner 'nobody' is not a signatory in this area",
    ),
    Place(
        "next-line character in a quoted title",
        writes(
            commitments_yaml=first(
                "title: Commitment led by police", 'title: "a\x85b"', UNKNOWN_LAST_OWNER
            )
        ),
        ["validate"],
        "commitments.yaml:37:12: R001 error: owner 'nobody' is not a signatory in this area",
    ),
    Place(
        "paragraph separator in a title and a syntax error below",
        writes(
            commitments_yaml=first(
                "title: Commitment led by ambulance",
                "title: a: b",
                first("title: Commitment led by police", "title: 'a\u2029b'", NHS_IN_FIRST_NOTE),
            )
        ),
        ["validate"],
        "commitments.yaml:11:13: Y001 error: the text contains ': ', which YAML reads as the "
        "start of another field",
    ),
    Place(
        "line separator in a comment",
        writes(commitments_yaml="# a\u2028b\n" + COMMITMENTS),
        ["validate"],
        "commitments.yaml:1:4: Y001 error: a line separator (U+2028) here, which YAML reads "
        "as the end of the line, though an editor shows none",
    ),
    Place(
        "lone CR line ends and a syntax error",
        writes(
            commitments_yaml=first(
                "title: Commitment led by ambulance", "title: a: b", NHS_IN_FIRST_NOTE
            ).replace("\n", "\r")
        ),
        ["validate"],
        "commitments.yaml:9:56: X001 error: this looks like an NHS number (943 *** **19): "
        "patient data must never be in a partnership tracker",
    ),
    Place(
        "invalid UTF-8 in a lone-CR file",
        writes(
            commitments_yaml=COMMITMENTS.replace("\n", "\r")
            .encode()
            .replace(b"Commitment led by council", b"bad \xc3\x28 byte")
        ),
        ["validate"],
        "commitments.yaml:27:16: F003 error: byte 0xc3 is not valid UTF-8",
    ),
    Place(
        "control character after accented text",
        writes(commitments_yaml=first("title: Commitment led by police", "title: éééé ü\x01")),
        ["validate"],
        "commitments.yaml:3:18: Y001 error: U+0001 is a control character, which YAML does "
        "not allow",
    ),
    Place(
        "control character in one commitment's note",
        writes(
            commitments_yaml=first("note: going well", "note: going\x07 well", UNKNOWN_LAST_OWNER)
        ),
        ["validate"],
        "commitments.yaml:9:57: Y001 error: U+0007 is a control character, which YAML does "
        "not allow",
    ),
    Place(
        "control character in one commitment's note, as the other problems",
        writes(
            commitments_yaml=first("note: going well", "note: going\x07 well", UNKNOWN_LAST_OWNER)
        ),
        ["validate"],
        "commitments.yaml:37:12: R001 error: owner 'nobody' is not a signatory in this area",
    ),
    Place(
        "control character in one commitment's note, in status",
        writes(commitments_yaml=first("note: going well", "note: going\x1b well")),
        ["status"],
        "Not shown, because their entries could not be read: 0.1 (police).",
    ),
    Place(
        "control characters in an id",
        writes(commitments_yaml=first('id: "0.1"', 'id: "0\x07.\x1b1"')),
        ["validate"],
        "commitments.yaml:2:11: Y001 error: U+0007 is a control character, which YAML does "
        "not allow (1 more in this entry)",
    ),
    Place(
        "control character in a comment",
        writes(commitments_yaml="# a\x1b[2J plan\n" + UNKNOWN_LAST_OWNER),
        ["validate"],
        "commitments.yaml:38:12: R001 error: owner 'nobody' is not a signatory in this area",
    ),
    Place(
        "control character in a comment between entries",
        writes(
            commitments_yaml=first(
                '  - id: "1.1"', '  # === 1.\x07 Access ===\n  - id: "1.1"', UNKNOWN_LAST_OWNER
            )
        ),
        ["status"],
        "Testshire  as of 2026-11-22  5 commitments",
    ),
    Place(
        "control character after a # inside a block of text",
        writes(
            commitments_yaml=first(
                "title: Commitment led by police",
                "title: |-\n      # \x1b not a comment\n      but text",
            )
        ),
        ["status"],
        "Not shown, because their entries could not be read: 0.1 (police).",
    ),
    Place(
        "control character in a signatory",
        writes(
            signatories_yaml=first("name: Testshire ICB", "name: Testshire\x07 ICB", SIGNATORIES)
        ),
        ["status"],
        "Organisations not shown, because their entries could not be read: icb.",
    ),
    Place(
        "control character in a top-level value",
        writes(signatories_yaml=first("area: Testshire", "area: Test\x07shire", SIGNATORIES)),
        ["validate"],
        "signatories.yaml:1:11: Y001 error: U+0007 is a control character, which YAML does "
        "not allow",
    ),
    Place(
        "commitment file with an upper-case extension",
        split_plan("b.yaml", "a.YAML"),
        ["validate"],
        "commitments/a.YAML: F002 error: commitments/a.YAML is not read: concordat reads only "
        "names ending in .yaml or .yml, in lower case",
    ),
    Place(
        "commitment file with an upper-case extension, the hint",
        split_plan("b.yaml", "a.YAML"),
        ["validate"],
        "  hint: rename it to commitments/a.yaml",
    ),
    Place(
        "commitment file with a hidden .txt extension",
        split_plan("b.yaml", "a.yml.txt"),
        ["validate"],
        "commitments/a.yml.txt: F002 error: commitments/a.yml.txt is not read: its name ends "
        "in .txt (an extension Windows may hide)",
    ),
    Place(
        "commitments/ folder with only misnamed files",
        split_plan("plan.YML"),
        ["validate"],
        "commitments: F001 error: no commitments: the commitments/ folder holds no .yaml or "
        ".yml file",
    ),
    Place(
        "zero-width space in a signatory id",
        writes(signatories_yaml=first("id: police", f"id: pol{Z}ice", SIGNATORIES)),
        ["validate"],
        "  hint: did you mean 'pol\\u200bice'?",
    ),
    Place(
        "look-alike letter in a signatory id",
        writes(signatories_yaml=first("id: police", "id: p\u043elice", SIGNATORIES)),
        ["validate"],
        "  hint: did you mean 'p\\u043elice'?",
    ),
    Place(
        "zero-width space in a date",
        writes(commitments_yaml=first("due: 2027-03-31", f"due: 2027-03-3{Z}1")),
        ["validate"],
        "commitments.yaml:7:10: S006 error: commitment 0.1: due: '2027-03-3\\u200b1' is "
        "neither a date (YYYY-MM-DD) nor a financial quarter (2015/16 Q1)",
    ),
    Place(
        "zero-width space in a measure name",
        writes(
            commitments_yaml=first(
                "measures: [{name: a measure}]",
                f'measures: [{{name: "m{Z}x", baseline: {{date: 2026-01-01, value: 1}}, '
                "target: {date: 2025-01-01, value: 2}}]",
            )
        ),
        ["validate"],
        "commitments.yaml:8:85: D005 error: measure 'm\\u200bx' has its target date "
        "2025-01-01 before its baseline date 2026-01-01",
    ),
    Place(
        "zero-width space in text before a comment",
        writes(commitments_yaml=first("title: Commitment led by police", f"title: p{Z}olice #2")),
        ["validate"],
        "commitments.yaml:3:20: Y010 warning: a comment starts here, so the text is read as "
        "'p\\u200bolice' and the rest of the line is dropped",
        0,
    ),
    Place(
        "symlink loop",
        linked("signatories.yaml", "signatories.yaml", signatories_yaml=None),
        ["validate"],
        "signatories.yaml: F002 error: signatories.yaml is a symbolic link in a loop: "
        "following it leads back to it, never to a file",
    ),
    Place(
        "commitments/ linked to the area folder",
        linked("commitments", ".", commitments_yaml=None),
        ["validate"],
        "commitments/signatories.yaml: F002 error: the commitments/ folder is a symbolic link "
        "to the area folder itself, so commitments/signatories.yaml would be the area's own "
        "file read again",
    ),
    Place(
        "commitments/ linked to a folder outside the area",
        commitments_folder_outside,
        ["validate"],
        "commitments/plan.yaml: F002 error: the commitments/ folder is a symbolic link to a "
        "folder outside the area folder",
    ),
    Place(
        "5,000-digit id",
        writes(commitments_yaml=first('id: "0.1"', "id: " + "9" * 5000)),
        ["validate"],
        "commitments.yaml:2:9: S005 error: commitment 99999999999999999999999999999"
        "…: id '" + "9" * 60 + "…' is 5,000 characters long; a commitment id has at most 24",
    ),
    Place(
        "5,000-digit id in status",
        writes(commitments_yaml=first('id: "0.1"', "id: " + "9" * 5000)),
        ["status"],
        "Testshire  as of 2026-11-22  4 commitments",
    ),
    Place(
        "measure values at the float limits",
        writes(
            commitments_yaml=measure(
                "1e308", "{date: 2026-06-01, value: -1e308}, {date: 2026-07-01, value: 1e-320}"
            )
        ),
        ["show", "0.1"],
        " m        1e308 %     1e308 %     1e-320 %    █▁▅",
        0,
    ),
    Place(
        "20,000 readings",
        writes(commitments_yaml=measure("1", MANY_READINGS)),
        ["show", "0.1"],
        "19,999 %    ▁▂▂▃▄▄▅▅▆▇▇█",
        0,
    ),
    Place(
        "@mentions and bare links in an area name",
        writes(
            signatories_yaml=first(
                "area: Testshire",
                "area: '@team see https://x.org www.x.org &#64;x'",
                SIGNATORIES,
            )
        ),
        ["status", "--format", "markdown"],
        "@<span></span>team see https:<span></span>//x.org www<span></span>.x.org",
        0,
    ),
    Place(
        "line separator in a file name, as GitHub annotations",
        separator_in_a_file_name,
        ["validate", "--format", "github"],
        "::error file=commitments/a\\u2028b.yaml,line=37,col=12,endLine=37,endColumn=18,"
        "title=R001 unknown-signatory::owner 'nobody' is not a signatory in this area",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_place_name_and_value_is_shown_as_an_editor_would_show_it(
    case: Place, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    area = tmp_path / "area"
    area.mkdir()
    case.make(area)
    monkeypatch.chdir(area)
    monkeypatch.setenv("COLUMNS", "80")
    result = runner.invoke(app, [*case.args, "--as-of", "2026-11-22"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.output.splitlines()
    assert any(case.shown in line for line in lines), result.output[-3000:]
    assert result.exit_code == case.exit_code, result.output[-2000:]
    assert "Traceback" not in result.output
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.output)


def test_a_year_9999_in_the_data_is_not_a_plausible_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_area(tmp_path, {"commitments.yaml": first("date: 2026-11-01", "date: 9999-12-31")})
    monkeypatch.chdir(tmp_path)
    for args in (["validate"], ["status"], ["show", "0.1"]):
        result = runner.invoke(app, [*args, "--as-of", "2026-11-22"])
        assert result.exit_code == 1 and "Traceback" not in result.output
    assert (
        "commitments.yaml:9:22: S006 error: commitment 0.1: updates[1].date: '9999-12-31' is "
        "not a plausible date: the year must be between 1900 and 2199"
        in runner.invoke(app, ["validate", "--as-of", "2026-11-22"]).output
    )


def test_a_control_character_in_the_shipped_data_costs_only_its_commitment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One BEL in commitment 1.1's first note: one Y001 at it, every other problem still
    found, and status shows the other 19 commitments and names the one it could not read."""
    text = (REPO / "commitments.yaml").read_text(encoding="utf-8")
    broken = text.replace("note: Two more nurses", "note: Two more\x07 nurses", 1)
    assert broken != text
    write_area(
        tmp_path,
        {
            "signatories.yaml": (REPO / "signatories.yaml").read_text(encoding="utf-8"),
            "commitments.yaml": text,
        },
    )
    monkeypatch.chdir(tmp_path)
    clean = runner.invoke(app, ["validate", "--as-of", "2026-11-22"], env={"COLUMNS": "200"})
    (tmp_path / "commitments.yaml").write_text(broken, encoding="utf-8")
    result = runner.invoke(app, ["validate", "--as-of", "2026-11-22"], env={"COLUMNS": "200"})
    lines = result.output.splitlines()
    assert [line for line in lines if " Y001 " in line] == [
        "commitments.yaml:111:23: Y001 error: U+0007 is a control character, which YAML does "
        "not allow"
    ]
    # every other problem the file has is still reported, outside commitment 1.1
    others = [line for line in clean.output.splitlines() if line.startswith("commitments.yaml:")]
    assert others and all(line in lines for line in others), result.output
    assert result.exit_code == 1 and "\x07" not in result.output
    status = runner.invoke(app, ["status", "--as-of", "2026-11-22"], env={"COLUMNS": "200"})
    assert "Norfolk  as of 2026-11-22  19 commitments" in status.output
    assert "Not shown, because their entries could not be read: 1.1 (nsft)." in status.output
    assert "1.2  " in status.output and "Could not be read at all" not in status.output
    assert status.exit_code == 1


def test_a_control_character_in_a_signatory_id_is_not_also_an_unknown_owner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The signatory whose id holds a BEL is not read, but its id, as meant, is known: the
    commitment it owns is not also an R001 "not a signatory"."""
    write_area(tmp_path, {"signatories.yaml": first("id: police", "id: pol\x07ice", SIGNATORIES)})
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", "--as-of", "2026-11-22"])
    codes = re.findall(r"^\S+: ([A-Z]\d{3}) ", result.output, re.MULTILINE)
    assert codes == ["Y001"], result.output
    assert "signatories.yaml:3:13: Y001 error: U+0007 is a control character" in result.output


def test_a_misnamed_file_beside_its_right_name_is_to_be_merged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    split_plan("a.yaml", "a.YAML")(tmp_path)
    if (
        not (tmp_path / "commitments" / "a.YAML").is_file()
        or len(list((tmp_path / "commitments").iterdir())) < 2
    ):
        pytest.skip("the file system does not tell a.yaml from a.YAML")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", "--as-of", "2026-11-22"])
    assert "  hint: merge it into commitments/a.yaml and delete it" in result.output


def test_control_characters_in_skipped_area_names_are_escaped(tmp_path: Path) -> None:
    """A national run names the areas it skipped: the names' control characters escaped."""
    good, bad = tmp_path / "good", tmp_path / "bad\x1b]0;x\x07"
    for folder in (good, bad):
        folder.mkdir()
        write_area(folder, {})
    (bad / "commitments.yaml").write_text(COMMITMENTS + "x: [\n", encoding="utf-8")
    result = runner.invoke(app, ["status", str(good), str(bad), "--as-of", "2026-11-22"])
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "bad\\x1b]0;x\\x07" in result.output


def test_every_case_has_a_row_in_the_docs() -> None:
    doc = (REPO / "docs" / "hostile.md").read_text(encoding="utf-8")
    section = doc.split("## Places, names and values", 1)[1]
    rows = set(re.findall(r"^\| ([^|]+?) \|", section, re.MULTILINE)) - {"input", "---"}
    names = {c.name for c in CASES} | {
        "year 9999 in the data",
        "control characters in skipped area names",
        "control character in the shipped data",
    }
    assert rows >= names, names - rows
