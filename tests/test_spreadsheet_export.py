"""The status view and the roll-up as an Excel workbook, read back by openpyxl and by
LibreOffice (the spreadsheet a partner opens): ids as text, dates as dates, no formulas."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from concordat.files import Refused
from concordat.pipeline import check_area, check_many
from concordat.spreadsheet.export import (
    PLAN_COLUMNS,
    national_area,
    write_rollup_workbook,
    write_workbook,
)
from concordat.views.rollup import rollup
from concordat.views.status import status_view
from tests.conftest import AS_OF, REPO, write_area

#: Text that a spreadsheet would run, or read as something else, if it were not a string.
HOSTILE = ["=1+1", "+SUM(A1:A2)", "-2+3", "@SUM(A1)", '=HYPERLINK("http://x","y")', "0012"]

SIGNATORIES = """\
area: "=Testshire"
signatories:
  - {id: police, name: "=cmd|' /C calc'!A0", sector: police, signed: 2014-08-01}
  - {id: council, name: Testshire Council, short_name: TC, sector: local-authority,
     signed: 2014-08-01}
  - {id: old-ccg, name: Old CCG, sector: commissioner, signed: 2014-08-01, left: 2020-03-31,
     successor: council}
"""


def _commitments() -> str:
    items = []
    for n, text in enumerate(HOSTILE, start=1):
        items.append(
            f"""\
  - id: "2.{n}0"
    title: '{text.replace("'", "''")}'
    theme: urgent-access
    owner: police
    partners: [council]
    status: at-risk
    reason: '{text.replace("'", "''")} because of NHS number 943 476 5919'
    due: 2015/16 Q4
    updates: [{{date: 2026-10-01, by: police, note: "line one\\nline two\\u0007"}}]
"""
        )
    items.append(
        """\
  - id: "1.1a"
    title: A plain one
    theme: access-before-crisis
    owner: council
    status: complete
    due: 2016-03-31
    outcome: People are helped sooner
"""
    )
    return "commitments:\n" + "".join(items)


@pytest.fixture
def hostile_area(tmp_path: Path) -> Path:
    return write_area(
        tmp_path / "area", {"signatories.yaml": SIGNATORIES, "commitments.yaml": _commitments()}
    )


def _workbook(folder: Path, out: Path) -> Path:
    checked = check_area(folder, AS_OF)
    write_workbook(status_view(checked.area, AS_OF), out)
    return out


def test_the_plan_sheet_is_in_the_template_layout(hostile_area: Path, tmp_path: Path) -> None:
    book = load_workbook(_workbook(hostile_area, tmp_path / "plan.xlsx"))
    assert book.sheetnames == ["Plan", "Who owns what", "Key"]
    plan = book["Plan"]
    head = [c.value for c in plan[1]]
    assert tuple(head) == PLAN_COLUMNS
    assert plan.freeze_panes == "A2"
    assert plan.auto_filter.ref == f"A1:K{plan.max_row}"
    rows = {r[0].value: r for r in plan.iter_rows(min_row=2)}
    assert list(rows) == ["1.1a", "2.10", "2.20", "2.30", "2.40", "2.50", "2.60"]
    first = rows["2.10"]
    assert first[0].data_type == "s"  # 2.10 stays 2.10
    assert first[1].value == "=1+1" and first[1].data_type == "s"
    assert first[3].value == "=cmd|' /C calc'!A0"
    assert first[4].value == "Testshire Council"
    assert isinstance(first[5].value, datetime) and first[5].value.date() == date(2016, 3, 31)
    assert first[5].number_format == "yyyy-mm-dd"
    assert first[6].value == "at-risk" and first[6].fill.fgColor.rgb.endswith("FFC000")
    assert first[7].value == "=1+1 because of NHS number 943 *** **19"  # never in full
    assert first[8].value == "line one\nline two\\x07"
    assert first[9].value.date() == date(2026, 10, 1)
    assert rows["1.1a"][10].value == "People are helped sooner"
    # widths fitted to the text, within bounds
    widths = {k: d.width for k, d in plan.column_dimensions.items()}
    assert widths["A"] < widths["B"] <= 60


def test_no_cell_in_any_sheet_is_a_formula(hostile_area: Path, tmp_path: Path) -> None:
    out = _workbook(hostile_area, tmp_path / "plan.xlsx")
    book = load_workbook(out)
    seen = set()
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}: {cell.value}"
                if isinstance(cell.value, str):
                    seen.add(cell.value)
    assert set(HOSTILE) <= seen
    assert "=Testshire" in seen  # the area's name, on the Key sheet
    # and in the file itself: no <f> element anywhere
    import zipfile

    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_the_status_column_has_a_drop_down_of_the_vocabulary(
    hostile_area: Path, tmp_path: Path
) -> None:
    plan = load_workbook(_workbook(hostile_area, tmp_path / "plan.xlsx"))["Plan"]
    (choices,) = plan.data_validations.dataValidation
    assert choices.type == "list"
    assert choices.formula1 == '"not-started,on-track,at-risk,off-track,complete,withdrawn"'
    assert str(choices.sqref) == f"G2:G{plan.max_row}"
    assert choices.showErrorMessage
    rules = [r for cf in plan.conditional_formatting for r in cf.rules]
    assert sorted(r.formula[0] for r in rules) == sorted(
        f'"{s}"'
        for s in ("not-started", "on-track", "at-risk", "off-track", "complete", "withdrawn")
    )


def test_who_owns_what_and_the_key(hostile_area: Path, tmp_path: Path) -> None:
    book = load_workbook(_workbook(hostile_area, tmp_path / "plan.xlsx"))
    orgs = {r[1].value: [c.value for c in r] for r in book["Who owns what"].iter_rows(min_row=2)}
    assert orgs["police"][:6] == [
        "=cmd|' /C calc'!A0", "police", None, "police", "signatory", datetime(2014, 8, 1)
    ]  # fmt: skip
    assert orgs["police"][8:10] == [6, 0]  # leads, partner in: numbers
    assert orgs["old-ccg"][6:8] == [datetime(2020, 3, 31), "council"]
    key = [[c.value for c in r if c.value is not None] for r in book["Key"].iter_rows(min_row=2)]
    assert key[0] == ["complete", "blue", "B", "Delivered"]
    assert ["Area", "=Testshire"] in key
    assert ["As of", "2026-11-22"] in key


def test_a_link_out_of_the_folder_is_refused(hostile_area: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.xlsx"
    outside.write_bytes(b"theirs")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "plan.xlsx").symlink_to(outside)
    with pytest.raises(Refused):
        _workbook(hostile_area, folder / "plan.xlsx")
    assert outside.read_bytes() == b"theirs"
    assert [p.name for p in folder.iterdir()] == ["plan.xlsx"]  # no temporary left


def test_the_roll_up_workbook(tmp_path: Path) -> None:
    areas = [write_area(tmp_path / name, {}) for name in ("one", "two")]
    write_area(tmp_path / "broken", {"commitments.yaml": "commitments: [{id: x}]\n"})
    import functools

    summaries = check_many(
        [*areas, tmp_path / "broken"],
        AS_OF,
        summarise=functools.partial(national_area, stale_days=90),
        jobs=1,
    )
    view = rollup([type(s)(s.folder, s.name, s.report, s.value.row) for s in summaries], AS_OF)
    out = tmp_path / "national.xlsx"
    write_rollup_workbook(view, out, [s.value for s in summaries])
    book = load_workbook(out)
    assert book.sheetnames == ["Areas", "By sector", "Plan", "Key"]
    areas_sheet = [[c.value for c in r] for r in book["Areas"].iter_rows(min_row=2)]
    assert [r[0] for r in areas_sheet] == ["Testshire", "Testshire", "Testshire"]
    assert [r[-1] for r in areas_sheet] == ["no", "no", "yes"]
    assert areas_sheet[0][2] == 5  # commitments, a number
    plan = book["Plan"]
    assert [c.value for c in plan[1]][:2] == ["Area", "No."]
    assert plan.max_row == 1 + 10  # the broken area's rows are not in the national plan
    assert str(plan.data_validations.dataValidation[0].sqref) == "H2:H11"
    assert book["By sector"]["E2"].number_format == "0%"


# -- LibreOffice --------------------------------------------------------------------------------


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI must open the workbook in LibreOffice: .ci/run installs it")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def _convert(soffice: str, source: Path, to: str, out: Path, profile: Path) -> Path:
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    result = out / (source.stem + "." + to.split(":")[0])
    assert done.returncode == 0 and result.exists(), done.stdout + done.stderr
    return result


def test_libreoffice_opens_the_workbook_with_ids_as_text_and_no_formulas(
    hostile_area: Path, tmp_path: Path
) -> None:
    soffice = _soffice()
    source = _workbook(hostile_area, tmp_path / "plan.xlsx")
    profile = tmp_path / "profile"
    # the first sheet as CSV (UTF-8, comma, quoted), as a partner's Calc shows it
    as_csv = _convert(
        soffice, source, "csv:Text - txt - csv (StarCalc):44,34,76,1", tmp_path / "csv", profile
    )
    rows = list(csv.reader(io.StringIO(as_csv.read_text(encoding="utf-8"), newline="")))
    assert tuple(rows[0]) == PLAN_COLUMNS
    by_id = {r[0]: r for r in rows[1:]}
    assert "2.10" in by_id and "2.1" not in by_id  # text, not the number 2.1
    assert by_id["2.10"][1] == "=1+1"  # shown as typed: never calculated to 2
    assert by_id["2.20"][1] == "+SUM(A1:A2)"
    assert by_id["2.30"][1] == "-2+3"
    assert by_id["2.40"][1] == "@SUM(A1)"
    assert by_id["2.60"][1] == "0012"
    assert by_id["2.10"][5] == "2016-03-31"
    assert by_id["2.10"][6] == "at-risk"
    # LibreOffice's own xlsx, read back: still strings, still no formula cells, dates as dates
    again = _convert(soffice, source, "xlsx", tmp_path / "again", profile)
    book = load_workbook(again)
    plan = book["Plan"]
    for row in plan.iter_rows(min_row=2):
        assert row[0].data_type == "s"
        assert all(c.data_type != "f" for c in row)
        assert isinstance(row[5].value, datetime)
    assert {c.value for c in plan["B"]} >= set(HOSTILE)
    assert book.sheetnames == ["Plan", "Who owns what", "Key"]
    assert len(plan.data_validations.dataValidation) == 1


def test_libreoffice_opens_the_shipped_example(tmp_path: Path) -> None:
    soffice = _soffice()
    source = _workbook(REPO, tmp_path / "norfolk.xlsx")
    as_csv = _convert(
        soffice,
        source,
        "csv:Text - txt - csv (StarCalc):44,34,76,1",
        tmp_path / "csv",
        tmp_path / "profile",
    )
    rows = list(csv.reader(io.StringIO(as_csv.read_text(encoding="utf-8"), newline="")))
    checked = check_area(REPO, AS_OF)
    assert sorted(r[0] for r in rows[1:]) == sorted(c.item.id for c in checked.area.commitments)


# -- any text from the data ---------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.text(max_size=40))
def test_any_text_is_a_string_cell_as_shown(text: str, name: str) -> None:
    """Whatever a title, a reason or an area's name holds, the workbook is written, and each
    cell holds the text as concordat shows it (masked, escaped), never a formula."""
    from concordat.spreadsheet.cells import cell_text
    from concordat.spreadsheet.export import NationalArea, PlanRow, rollup_workbook
    from concordat.views.rollup import Rollup, RollupRow
    from concordat.vocab import Status, Theme

    row = RollupRow(name, name, 1, 1, {}, 0, 0, True, 0, 0)
    plan = PlanRow(text or "x", text, Theme.RECOVERY, name, (text,), AS_OF, Status.AT_RISK,
                   text, text, None, text)  # fmt: skip
    data = rollup_workbook(Rollup(AS_OF, (row,), (), ()), [NationalArea(row, (plan,))])
    book = load_workbook(io.BytesIO(data))
    cells = [c for sheet in book for r in sheet.iter_rows() for c in r]
    assert all(c.data_type != "f" for c in cells)
    plan_row = [c.value for c in book["Plan"][2]]
    shown = cell_text(text) or None
    assert plan_row[0] == (cell_text(name) or None)
    assert plan_row[2] == shown  # the title
    assert plan_row[8] == shown  # the reason


def test_libreoffice_opens_the_national_workbook(tmp_path: Path) -> None:
    import functools

    from benchmarks.generate import generate

    soffice = _soffice()
    folders = generate(tmp_path / "areas", areas=3, commitments=4)
    summaries = check_many(
        folders, AS_OF, summarise=functools.partial(national_area, stale_days=90), jobs=1
    )
    view = rollup([type(s)(s.folder, s.name, s.report, s.value.row) for s in summaries], AS_OF)
    source = tmp_path / "national.xlsx"
    write_rollup_workbook(view, source, [s.value for s in summaries])
    again = _convert(soffice, source, "xlsx", tmp_path / "again", tmp_path / "profile")
    book = load_workbook(again)
    assert book.sheetnames == ["Areas", "By sector", "Plan", "Key"]
    areas = list(book["Areas"].iter_rows(min_row=2, values_only=True))
    assert len(areas) == 3 and all(isinstance(r[2], int) for r in areas)  # figures: numbers
    plan = book["Plan"]
    assert plan.max_row == 1 + 12
    for row in plan.iter_rows(min_row=2):
        assert row[1].data_type == "s" and all(c.data_type != "f" for c in row)
        assert isinstance(row[6].value, datetime)


def test_a_workbook_named_relative_to_the_current_folder_keeps_its_mode(
    hostile_area: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _workbook(hostile_area, Path("plan.xlsx"))  # the last one concordat wrote
    Path("plan.xlsx").chmod(0o640)
    _workbook(hostile_area, Path("plan.xlsx"))
    assert Path("plan.xlsx").stat().st_mode & 0o777 == 0o640  # replaced, as it was shared
    assert load_workbook("plan.xlsx").sheetnames == ["Plan", "Who owns what", "Key"]
