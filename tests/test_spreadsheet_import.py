"""`concordat import`: plans in the template's shape, as real areas kept them (Excel, CSV,
Word; different columns and RAG keys), imported into areas that validate but for what the
plan did not say, with every unreadable cell reported by its place."""

from __future__ import annotations

import re
import textwrap
from datetime import date
from pathlib import Path

import docx
import pytest
import typer
import yaml
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.styles import PatternFill
from typer.testing import CliRunner

from concordat import usage
from concordat.pipeline import check_area
from concordat.spreadsheet import command as sheets
from concordat.spreadsheet.export import write_workbook
from concordat.views.status import status_view
from concordat.vocab import Status
from tests.conftest import AS_OF, REPO

RED, AMBER, GREEN, GREY = "FF0000", "FFC000", "92D050", "BFBFBF"


def cli() -> typer.Typer:
    """The import command on a small app of its own, as cli.py will register it."""
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """concordat"""

    app.command("import", cls=usage.Command, epilog=sheets.EPILOG)(sheets.import_plan)
    return app


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli(), ["import", *map(str, args), "--as-of", "2026-11-22"])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def errors_of(folder: Path) -> list[tuple[str, str, str]]:
    checked = check_area(folder, AS_OF)
    return sorted(
        (d.code, Path(d.file).name, d.message) for d in checked.found if d.severity.value == "error"
    )


def only_fill_ins(folder: Path, said: str | None = None) -> None:
    """Every error concordat validate reports is a blank the plan did not fill: a sector or
    a signing date (and an owner, where the plan named none), each on the list import said
    (``said``) of things to fill in."""
    fill_ins = said.split("to fill in", 1)[1] if said is not None else ""
    for code, _name, message in errors_of(folder):
        assert code == "S002", message
        assert message.endswith(("sector is empty", "signed is empty", "owner is empty")), message
        if said is not None and message.startswith("signatory '"):
            named = re.match(r"signatory '([a-z0-9-]+)", message)
            assert named is not None and named[1] in fill_ins, message


# -- fixtures: the template's shape, as areas wrote it -------------------------------------------


def template_xlsx(path: Path) -> Path:
    """Gloucestershire/Northamptonshire style: a title, theme rows between the actions, RAG
    as a fill with no words, and the key under the table. Red meant "not yet started"."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Action plan"
    sheet["A1"] = "Testshire Crisis Care Concordat: action plan 2015/16"
    sheet.merge_cells("A1:G1")
    sheet.append([])
    sheet.append(["No.", "Action", "Timescale", "Led By", "Outcomes", "RAG", "Progress"])
    rows = [
        ("Theme 1: Access to support before crisis point",),
        ("1.1", "Publish a crisis line for the county", "March 2016", "NSFT",
         "People know whom to call", GREEN, "Line live since January"),
        ("1.2", "Street triage pilot", "Q4 2015/16", "Testshire Constabulary / NSFT",
         "Fewer s136 detentions", AMBER, "Pilot extended"),
        ("1.10", "Crisis cafe", "2015/16 Q4", "Norfolk & Suffolk NHS FT", None, RED, None),
        ("Theme 2: Urgent and emergency access to crisis care",),
        ("2.1", "No police cells as a place of safety", "31/03/2016",
         "Norfolk and Suffolk NHS Foundation Trust", "Nobody held in a cell", GREEN, None),
        ("2.2", "Ambulance response protocol for s136", "End of 2015",
         "East of England Ambulance Service", None, GREY, "Absorbed into 2.1"),
        ("2.3", "Staff the s136 suite", "April 2015 / Revised date: April 2017",
         "Testshire Police", None, AMBER, None),
        ("2.4", "Review the suite's opening hours", "Ongoing", "Testshire County Council (TCC)",
         None, GREEN, None),
        ("2.5", "Share information between control rooms", "When funding allows", "TCC",
         None, RED, None),
    ]  # fmt: skip
    for values in rows:
        if len(values) == 1:
            sheet.append(list(values))
            sheet.merge_cells(f"A{sheet.max_row}:G{sheet.max_row}")
            continue
        number, action, when, lead, outcome, fill, progress = values
        sheet.append([number, action, when, lead, outcome, None, progress])
        sheet.cell(sheet.max_row, 6).fill = PatternFill("solid", fgColor=fill)
    sheet.row_dimensions[9].hidden = True  # 2.1, hidden
    sheet.append([])
    sheet.append(["Key:"])
    sheet.append(["Red = Not yet started", "Amber = Ongoing", "Green = Complete"])
    sheet.append(["Grey = removed or absorbed into a different action"])
    book.save(path)
    return path


def words_xlsx(path: Path) -> Path:
    """Berkshire style: RAG written as words, a Lead and a Partners column, no theme rows (the
    theme from the id), a Comments column; red meant "a problem". The key is a sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet.append(["Ref", "Action", "Lead", "Partners", "By when", "Status", "Comments"])
    sheet.append(["0.1", "Joint commissioning of crisis beds", "Testshire ICB",
                  "Testshire Council; NSFT", "Sept 2016", "Green", "On schedule"])  # fmt: skip
    sheet.append(["3.1", "Crisis plans shared with A&E", "Testshire Hospitals",
                  "NSFT", "30.06.2016", "Red", "Data sharing agreement not signed"])  # fmt: skip
    sheet.append(["4.2", "Peer support after discharge", "Testshire Mind",
                  None, "2016/17 Q2", "amber", None])  # fmt: skip
    key = book.create_sheet("RAG key")
    key.append(["Colour", "Meaning"])
    key.append(["Red", "A problem: needs the board's help"])
    key.append(["Amber", "Some slippage"])
    key.append(["Green", "On track"])
    book.save(path)
    return path


CSV_PLAN = """\
Action No.,Actions required,Target date,Owner,Outcome,RAG rating,Update
1.1,Crisis line,2016-03-31,Testshire Police,People know whom to call,complete,Done
1.2,"Training for call handlers, in two waves",Mar-16,Testshire Police,,in progress,"Wave one done
wave two booked"
,Leaflets for GP surgeries,June 2016,Testshire Mind,,not started,
"""


def shade(cell: object, colour: str) -> None:
    properties = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), colour)
    properties.append(shading)


def plan_docx(path: Path) -> Path:
    """A plan kept as a Word table, the RAG as cell shading, a key table after it, and one
    cell holding a table of its own."""
    document = docx.Document()
    document.add_heading("Testshire Crisis Care Concordat action plan", 1)
    table = document.add_table(rows=1, cols=6)
    for cell, text in zip(
        table.rows[0].cells,
        ["No.", "Action", "Timescale", "Led by", "Outcomes", "RAG"],
        strict=True,
    ):
        cell.text = text
    for number, action, when, lead, outcome, colour in [
        ("2.1", "Place of safety open 24/7", "2015/16 Q3", "NSFT", "No cells used", GREEN),
        ("2.2", "Conveyance by ambulance", "Dec 2015", "EEAST", "", RED),
        ("3.1", "Crisis care audit", "31/12/2015", "Testshire ICB", "", AMBER),
    ]:
        row = table.add_row().cells
        for cell, text in zip(row, [number, action, when, lead, outcome, ""], strict=True):
            cell.text = text
        shade(row[5], colour)
    inner = table.rows[3].cells[4].add_table(rows=2, cols=2)
    inner.rows[0].cells[0].text = "Audit done"
    inner.rows[1].cells[1].text = "Report to the board"
    document.add_paragraph("Key")
    key = document.add_table(rows=3, cols=2)
    for row, (colour, meaning) in zip(
        key.rows,
        [(RED, "Not on track"), (AMBER, "At risk"), (GREEN, "Complete")],
        strict=True,
    ):
        shade(row.cells[0], colour)
        row.cells[1].text = meaning
    document.save(path)
    return path


# -- the template, with fills and a key under the table --------------------------------------------


def test_the_template_imports_with_its_own_key(tmp_path: Path) -> None:
    source = template_xlsx(tmp_path / "plan.xlsx")
    code, out, err = run(source, "-o", tmp_path / "area")
    assert err == ""
    assert code == 1  # one timescale could not be read: the coordinator must look
    commitments = yaml.safe_load((tmp_path / "area" / "commitments.yaml").read_text())
    by_id = {c["id"]: c for c in commitments["commitments"]}
    assert list(by_id) == ["1.1", "1.2", "1.10", "2.1", "2.2", "2.3", "2.4", "2.5"]
    # the plan's key: red not yet started, amber ongoing, green complete, grey removed
    assert [by_id[i]["status"] for i in by_id] == [
        "complete", "on-track", "not-started", "complete", "withdrawn", "on-track",
        "complete", "not-started",
    ]  # fmt: skip
    assert "the plan's own key: red means not-started, amber means on-track" in out
    # themes from the heading rows between the actions
    assert by_id["1.10"]["theme"] == "access-before-crisis"
    assert by_id["2.5"]["theme"] == "urgent-access"
    # timescales as people wrote them
    assert [by_id[i]["due"] for i in by_id] == [
        date(2016, 3, 31), "2015/16 Q4", "2015/16 Q4", date(2016, 3, 31), date(2015, 12, 31),
        date(2017, 4, 30), "2026/27 Q4", "2026/27 Q4",
    ]  # fmt: skip
    revised = by_id["2.3"]["updates"][0]["note"]
    assert revised.startswith("Timescale revised in the plan: first April 2015, then 2017-04-30")
    assert "Revised date: April 2017" in revised
    assert by_id["2.5"]["updates"][0]["note"] == (
        "Timescale in the plan, not read as a date: When funding allows (due set to 2026/27 Q4)"
    )
    assert "could not be read (1):" in out
    assert "plan.xlsx: Action plan!C13: timescale 'When funding allows' is not a date" in out
    assert "Action plan!C12: timescale 'Ongoing' has no date: due set to 2026/27 Q4" in out
    # one organisation written three ways is one, and the coordinator is told
    assert by_id["1.1"]["owner"] == by_id["1.10"]["owner"] == by_id["2.1"]["owner"]
    assert by_id["1.1"]["owner"] == "norfolk-and-suffolk-nhs-foundation-trust"
    assert (
        "merged: norfolk-and-suffolk-nhs-foundation-trust: one organisation, written 3 ways" in out
    )
    assert "'NSFT' (Action plan!D5" in out
    assert by_id["2.4"]["owner"] == by_id["2.5"]["owner"] == "testshire-county-council"
    assert by_id["2.3"]["owner"] == "testshire-constabulary"  # Police is the Constabulary
    # two leads in one cell: the first leads, the other is a partner, and it is said
    assert by_id["1.2"]["owner"] == "testshire-constabulary"
    assert by_id["1.2"]["partners"] == ["norfolk-and-suffolk-nhs-foundation-trust"]
    assert "names 2 leads: one organisation leads each commitment" in out
    assert "row 9 is hidden in the sheet: it was read as the others are" in out
    assert "to fill in" in out and "the sector and signing date of 4 organisations" in out
    only_fill_ins(tmp_path / "area", out)


def test_the_written_files_say_what_to_fill_in(tmp_path: Path) -> None:
    run(template_xlsx(tmp_path / "plan.xlsx"), "-o", tmp_path / "area")
    signatories = (tmp_path / "area" / "signatories.yaml").read_text()
    assert "  - id: testshire-constabulary\n    name: Testshire Constabulary\n" in signatories
    assert "sector:  # fill in: one of police, pcc," in signatories
    assert "the name suggests police" in signatories
    assert "signed:  # fill in: the date it signed the declaration, YYYY-MM-DD" in signatories
    assert "short_name: TCC" in signatories
    assert yaml.safe_load(signatories)["area"] == "Area"  # the folder's name
    commitments = (tmp_path / "area" / "commitments.yaml").read_text()
    assert '  # Action plan!A5\n  - id: "1.1"\n' in commitments


def test_colours_without_a_key_are_asked_about(tmp_path: Path) -> None:
    """Red meant "not started" in one area and "a problem" in another: never assumed."""
    book = Workbook()
    sheet = book.active
    sheet.append(["No.", "Action", "Led by", "Status"])
    sheet.append(["1.1", "A", "Testshire Police", "Red"])
    sheet.append(["1.2", "B", "Testshire Police", None])
    sheet["D3"].fill = PatternFill("solid", fgColor=GREEN)
    book.save(tmp_path / "plan.xlsx")
    code, out, err = run(tmp_path / "plan.xlsx", "-o", tmp_path / "area")
    assert code == 2 and out == ""
    assert "rates actions by colour (red in Sheet!D2; green in Sheet!D3)" in err
    assert "--rag red=STATUS,green=STATUS" in err
    assert not (tmp_path / "area").exists()
    code, out, err = run(
        tmp_path / "plan.xlsx", "-o", tmp_path / "area", "--rag", "red=off-track,green=complete"
    )
    assert code == 0, err
    statuses = yaml.safe_load((tmp_path / "area" / "commitments.yaml").read_text())
    assert [c["status"] for c in statuses["commitments"]] == ["off-track", "complete"]


def test_words_a_lead_and_partners_and_a_key_sheet(tmp_path: Path) -> None:
    code, out, err = run(words_xlsx(tmp_path / "plan.xlsx"), "-o", tmp_path / "area")
    assert code == 0, err
    items = yaml.safe_load((tmp_path / "area" / "commitments.yaml").read_text())["commitments"]
    assert [(c["id"], c["theme"], c["status"]) for c in items] == [
        ("0.1", "commissioning", "on-track"),
        ("3.1", "quality-of-care", "off-track"),  # red: "a problem", from the key sheet
        ("4.2", "recovery", "at-risk"),
    ]
    assert items[0]["partners"] == ["testshire-council", "nsft"]
    assert items[1]["due"] == date(2016, 6, 30)
    assert items[1]["updates"] == [
        {"date": date(2026, 11, 22), "by": "testshire-hospitals",
         "note": "Data sharing agreement not signed"}
    ]  # fmt: skip
    assert "the plan's own key: red means off-track, amber means at-risk" in out
    only_fill_ins(tmp_path / "area", out)


def test_column_overrides(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Item", "What we'll do", "Body responsible", "Deadline (revised)", "State"])
    sheet.append(["1.1", "Crisis line", "Testshire Police", "March 2016", "complete"])
    book.save(tmp_path / "plan.xlsx")
    code, _, err = run(tmp_path / "plan.xlsx", "-o", tmp_path / "a")
    assert code == 2 and "no table has a header row with an Action column" in err
    code, _, err = run(
        tmp_path / "plan.xlsx", "-o", tmp_path / "a",
        "--column", "title=What we'll do", "--column", "owner=Body responsible",
        "--column", "status=State",
    )  # fmt: skip
    assert code == 0, err
    (item,) = yaml.safe_load((tmp_path / "a" / "commitments.yaml").read_text())["commitments"]
    assert (item["title"], item["owner"], item["due"], item["status"]) == (
        "Crisis line", "testshire-police", date(2016, 3, 31), "complete"
    )  # fmt: skip
    code, _, err = run(tmp_path / "plan.xlsx", "-o", tmp_path / "b", "--column", "colour=State")
    assert code == 2 and "'colour' is not a column concordat reads" in err
    code, _, err = run(tmp_path / "plan.xlsx", "-o", tmp_path / "b", "--column", "title=Nope")
    assert code == 2 and "no column is headed 'Nope'" in err
    code, _, err = run(tmp_path / "plan.xlsx", "-o", tmp_path / "b", "--rag", "red=maybe")
    assert code == 2 and "--rag: 'red=maybe' is not COLOUR=STATUS" in err


def test_a_csv_plan(tmp_path: Path) -> None:
    (tmp_path / "plan.csv").write_text(CSV_PLAN, encoding="utf-8")
    code, out, err = run(tmp_path / "plan.csv", "-o", tmp_path / "area")
    assert code == 0, err
    items = yaml.safe_load((tmp_path / "area" / "commitments.yaml").read_text())["commitments"]
    assert [(c["id"], c["status"], c["due"]) for c in items] == [
        ("1.1", "complete", date(2016, 3, 31)),
        ("1.2", "on-track", date(2016, 3, 31)),
        ("1.3", "not-started", date(2016, 6, 30)),
    ]
    assert items[1]["title"] == "Training for call handlers, in two waves"
    assert items[1]["updates"][0]["note"] == "Wave one done\nwave two booked"
    assert "plan.csv!A4: no id: numbered 1.3" in out
    only_fill_ins(tmp_path / "area", out)


def test_a_csv_from_excel_on_windows(tmp_path: Path) -> None:
    text = "No.;Action;Led by;Timescale\r\n1.1;Caf\xe9 for people in crisis;Mind;May 2016\r\n"
    (tmp_path / "plan.csv").write_bytes(text.encode("cp1252"))
    code, out, err = run(tmp_path / "plan.csv", "-o", tmp_path / "area")
    assert code == 0, err
    assert "it is not UTF-8: it was read as Windows-1252" in out
    (item,) = yaml.safe_load((tmp_path / "area" / "commitments.yaml").read_text())["commitments"]
    assert item["title"] == "Caf\xe9 for people in crisis"


def test_a_word_table_with_shading_a_key_and_a_nested_table(tmp_path: Path) -> None:
    code, out, err = run(plan_docx(tmp_path / "plan.docx"), "-o", tmp_path / "area")
    assert code == 0, err
    items = yaml.safe_load((tmp_path / "area" / "commitments.yaml").read_text())["commitments"]
    assert [(c["id"], c["status"]) for c in items] == [
        ("2.1", "complete"),
        ("2.2", "off-track"),
        ("3.1", "at-risk"),
    ]
    assert items[2]["outcome"] == "Audit done\nReport to the board"
    assert "table 1!E4: holds a table of its own: its text was read as lines" in out
    assert items[0]["due"] == "2015/16 Q3"
    only_fill_ins(tmp_path / "area", out)


# -- the round trip ------------------------------------------------------------------------

ROUND_TRIP_FIELDS = ("id", "title", "owner", "partners", "status", "due", "reason", "theme")


@pytest.mark.parametrize("example", ["norfolk", "generated"])
def test_export_then_import_gives_the_same_commitments(example: str, tmp_path: Path) -> None:
    if example == "norfolk":
        folder = REPO
    else:
        from benchmarks.generate import generate

        (folder,) = generate(tmp_path / "national", areas=1, commitments=60)
    checked = check_area(folder, AS_OF)
    write_workbook(status_view(checked.area, AS_OF), tmp_path / "plan.xlsx")
    code, _, err = run(tmp_path / "plan.xlsx", "-o", tmp_path / "again")
    assert code == 0, err
    again = check_area(tmp_path / "again", AS_OF)
    assert errors_of(tmp_path / "again") == []  # the workbook's own Who owns what: nothing to fill
    assert again.area.label == checked.area.label
    before = {c.item.id: c.item for c in checked.area.commitments}
    after = {c.item.id: c.item for c in again.area.commitments}
    assert list(after) == sorted(before, key=list(after).index)
    for key, item in before.items():
        for name in ROUND_TRIP_FIELDS:
            assert getattr(after[key], name) == getattr(item, name), (key, name)
    signed = {s.item.id: s.item for s in checked.area.signatories}
    for s in again.area.signatories:
        assert (s.item.name, s.item.sector, s.item.signed) == (
            signed[s.item.id].name, signed[s.item.id].sector, signed[s.item.id].signed
        )  # fmt: skip


# -- never overwrite; dry run ---------------------------------------------------------------------


def test_an_existing_file_is_never_replaced(tmp_path: Path) -> None:
    source = words_xlsx(tmp_path / "plan.xlsx")
    area = tmp_path / "area"
    area.mkdir()
    (area / "commitments.yaml").write_text("mine\n")
    code, out, err = run(source, "-o", area)
    assert code == 2 and out == ""
    assert "commitments.yaml exists: import never replaces what is there" in err
    assert (area / "commitments.yaml").read_text() == "mine\n"
    assert not (area / "signatories.yaml").exists()


def test_dry_run_shows_and_writes_nothing(tmp_path: Path) -> None:
    code, out, err = run(words_xlsx(tmp_path / "plan.xlsx"), "-o", tmp_path / "area", "--dry-run")
    assert code == 0, err
    assert not (tmp_path / "area").exists()
    assert f"--- {tmp_path / 'area' / 'commitments.yaml'} (not written: --dry-run)" in out
    assert '  - id: "3.1"' in out


# -- hostile cells: YAML that reads back as exactly the text --------------------------------------

HOSTILE_TEXT = [
    "#", "# not a comment", "a: b", "key: value #x", "'quoted", "*alias", "&anchor", "!tag",
    "%directive", "@at", "`tick", "line one\nline two", "tab\there", "ctrl \x01\x07\x1b[31m",
    "del\x7f and c1 \x85\x9b", "sep \u2028 \u2029", "bom \ufeff", "yes", "No", "null", "~",
    "- dash", "[flow", "{map}", "|", ">", '"dq"', "back\\slash", "=1+1", "2014-08-01",
    "x" * 40_000, "emoji \U0001f691", "0x1F", "1e3", "on",
]  # fmt: skip


def _hostile_area(tmp_path: Path, texts: list[str], kind: str) -> list[str]:
    if kind == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.append(["No.", "Action", "Led by", "Timescale", "Outcome"])
        for n, text in enumerate(texts, start=1):
            sheet.append([f"1.{n}", text, "Testshire Police", "March 2016", text])
            for column in (2, 5):
                sheet.cell(sheet.max_row, column).data_type = "s"  # keep "=1+1" a string
        book.save(tmp_path / "plan.xlsx")
    else:
        import csv

        with (tmp_path / "plan.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["No.", "Action", "Led by", "Timescale", "Outcome"])
            for n, text in enumerate(texts, start=1):
                writer.writerow([f"1.{n}", text, "Testshire Police", "March 2016", text])
    code, _, err = run(tmp_path / f"plan.{kind}", "-o", tmp_path / "area")
    assert code == 0, err
    written = (tmp_path / "area" / "commitments.yaml").read_text(encoding="utf-8")
    items = yaml.safe_load(written)["commitments"]
    assert [c["title"] for c in items] == [c["outcome"] for c in items]
    # concordat's own reader reads the same text as a YAML library does
    checked = check_area(tmp_path / "area", AS_OF)
    assert [c.item.title for c in checked.area.commitments] == [c["title"] for c in items]
    return [c["title"] for c in items]


def test_hostile_cell_values_read_back_exactly(tmp_path: Path) -> None:
    """What a cell of a workbook can hold (XML 1.0 has no C0 control characters but tab and
    line breaks, and a cell holds 32,767 characters)."""
    texts = [
        t[:32_000] for t in HOSTILE_TEXT if not any(ord(c) < 32 and c not in "\t\n" for c in t)
    ]
    assert _hostile_area(tmp_path, texts, "xlsx") == [t.strip() for t in texts]


def test_hostile_csv_values_with_control_characters_read_back_exactly(tmp_path: Path) -> None:
    texts = [t for t in HOSTILE_TEXT if "\r" not in t]
    assert _hostile_area(tmp_path, texts, "csv") == [t.strip() for t in texts]


def test_personal_data_in_a_cell_is_never_written_in_full(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["No.", "Action", "Led by", "Comments"])
    sheet.append(["1.1", "Follow up", "Testshire Police", "Patient NHS 943 476 5919 seen"])
    book.save(tmp_path / "plan.xlsx")
    _, out, err = run(tmp_path / "plan.xlsx", "-o", tmp_path / "area")
    written = (tmp_path / "area" / "commitments.yaml").read_text()
    assert "943 476 5919" not in written and "943 *** **19" in written
    assert "Sheet!D2: holds what looks like personal data (an NHS number): written masked" in out
    assert "5919" not in out + err


def test_the_statuses_written_are_the_vocabulary() -> None:
    assert {s.value for s in Status} == {
        "not-started", "on-track", "at-risk", "off-track", "complete", "withdrawn"
    }  # fmt: skip


def test_help_names_every_option() -> None:
    result = CliRunner().invoke(cli(), ["import", "--help"])
    assert result.exit_code == 0
    for option in ("--out", "--column", "--rag", "--sheet", "--area", "--as-of", "--dry-run"):
        assert option in result.stdout
    assert textwrap.dedent(sheets.import_plan.__doc__ or "").strip() in result.stdout


# -- timescales, as docs/spreadsheets.md lists them ------------------------------------------------


@pytest.mark.parametrize(
    ("written", "due", "as_written"),
    [
        ("March 2016", date(2016, 3, 31), "2016-03-31"),
        ("Mar 2016", date(2016, 3, 31), "2016-03-31"),
        ("Mar-16", date(2016, 3, 31), "2016-03-31"),
        ("end of March 2016", date(2016, 3, 31), "2016-03-31"),
        ("31st March 2016", date(2016, 3, 31), "2016-03-31"),
        ("31/03/2016", date(2016, 3, 31), "2016-03-31"),
        ("31.03.2016", date(2016, 3, 31), "2016-03-31"),
        ("31-03-16", date(2016, 3, 31), "2016-03-31"),
        ("2016-03-31", date(2016, 3, 31), "2016-03-31"),
        ("Q4 2015/16", date(2016, 3, 31), "2015/16 Q4"),
        ("2015/16 Q4", date(2016, 3, 31), "2015/16 Q4"),
        ("2015-16 Q1", date(2015, 6, 30), "2015/16 Q1"),
        ("Q4 of 2015/16", date(2016, 3, 31), "2015/16 Q4"),
        ("2015/16", date(2016, 3, 31), "2015/16 Q4"),
        ("by end of 2015/16", date(2016, 3, 31), "2015/16 Q4"),
        ("End of 2015", date(2015, 12, 31), "2015-12-31"),
        ("2015", date(2015, 12, 31), "2015-12-31"),
    ],
)
def test_timescales_as_people_wrote_them(written: str, due: date, as_written: str) -> None:
    from concordat.spreadsheet.timescale import Timescale, read_timescale

    assert read_timescale(written) == Timescale(due, as_written)


@pytest.mark.parametrize(
    "written",
    ["Q4 2015", "soon", "When funding allows", "31/02/2016", "2015/17", "0214", "June 99999"],
)
def test_timescales_never_guessed(written: str) -> None:
    from concordat.spreadsheet.timescale import read_timescale

    assert read_timescale(written) is None


def test_revised_and_ongoing_timescales() -> None:
    from concordat.spreadsheet.timescale import Ongoing, Timescale, read_timescale

    assert read_timescale("April 2015 / Revised date: April 2017") == Timescale(
        date(2017, 4, 30), "2017-04-30", "April 2015"
    )
    assert read_timescale("April 2015 (revised to June 2016)") == Timescale(
        date(2016, 6, 30), "2016-06-30", "April 2015"
    )
    for words in ("Ongoing", "on-going", "Continuous", "Rolling", "As required"):
        assert read_timescale(words) == Ongoing(words)


def test_every_unreadable_cell_is_reported_by_its_place(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet.append(["No.", "Action", "Led by", "Timescale", "Status"])
    sheet.append(["1.1", "Crisis line", "Police", "sometime", "on track"])  # C... D2
    sheet.append(["1.2", "Triage", "Police", "March 2016", "going OK-ish"])  # E3
    sheet.append(["1.3", "Cafe", "Police", "=TODAY()", "complete"])  # D4, a formula unsaved
    sheet.append(["1.4", None, "Police", "March 2016", "complete"])  # no action: A5
    sheet.append(["1.5", "Beds", "Police", "Q5 2015/16", "complete"])  # D6
    book.save(tmp_path / "plan.xlsx")
    code, out, _ = run(tmp_path / "plan.xlsx", "-o", tmp_path / "area")
    assert code == 1
    unread = out.split("could not be read (", 1)[1].split("to fill in", 1)[0]
    places = sorted(line.split(": ")[1] for line in unread.splitlines()[1:] if line.strip())
    assert places == ["Plan!A5", "Plan!D2", "Plan!D4", "Plan!D6", "Plan!E3"]
    assert "could not be read (5):" in out
    items = yaml.safe_load((tmp_path / "area" / "commitments.yaml").read_text())["commitments"]
    notes = {c["id"]: [u["note"] for u in c.get("updates", [])] for c in items}
    assert notes["1.1"] == [
        "Timescale in the plan, not read as a date: sometime (due set to 2026/27 Q4)"
    ]
    assert notes["1.2"] == ["Status in the plan: going OK-ish"]
    assert notes["1.5"] == [
        "Timescale in the plan, not read as a date: Q5 2015/16 (due set to 2026/27 Q4)"
    ]


@settings(max_examples=300)
@given(st.text(max_size=200))
def test_any_text_is_written_as_yaml_that_reads_back_exactly(text: str) -> None:
    from concordat.yamltext import scalar

    assert yaml.safe_load(f"key: {scalar(text)}\n") == {"key": text}


def test_fills_from_the_workbook_theme_palette(tmp_path: Path) -> None:
    """Excel's palette offers its theme's colours first ("Red, Accent 2"), lightened or
    darkened: they are read through the workbook's theme."""
    from openpyxl.styles.colors import Color

    book = Workbook()
    sheet = book.active
    sheet.append(["No.", "Action", "Led by", "RAG"])
    for n, (theme, tint) in enumerate([(5, 0.0), (6, -0.25), (9, 0.4)], start=1):
        sheet.append([f"1.{n}", f"Action {n}", "Testshire Police", None])
        sheet.cell(sheet.max_row, 4).fill = PatternFill(
            "solid", fgColor=Color(theme=theme, tint=tint)
        )
    book.save(tmp_path / "plan.xlsx")
    code, _, err = run(
        tmp_path / "plan.xlsx", "-o", tmp_path / "area",
        "--rag", "red=off-track,green=on-track,amber=at-risk",
    )  # fmt: skip
    assert code == 0, err
    items = yaml.safe_load((tmp_path / "area" / "commitments.yaml").read_text())["commitments"]
    # openpyxl's theme: accent2 C0504D (red), accent3 9BBB59 (green), accent6 F79646 (orange)
    assert [c["status"] for c in items] == ["off-track", "on-track", "at-risk"]
