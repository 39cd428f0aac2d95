"""`concordat import` on files that are not what a plan should be: each gets a clear message
(exit 2, nothing written) or a sensible result, never a traceback, in bounded time and memory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from concordat.pipeline import check_area
from tests.conftest import AS_OF
from tests.test_spreadsheet_import import run, template_xlsx, words_xlsx

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def refused(source: Path, tmp_path: Path, *words: str) -> str:
    started = time.monotonic()
    code, out, err = run(source, "-o", tmp_path / "area")
    assert time.monotonic() - started < 30
    assert (code, out) == (2, ""), err
    assert err.startswith("concordat: error: ") and err.count("\n") == 1, err
    for word in words:
        assert word in err
    assert not (tmp_path / "area").exists()
    return err


def _ole(directory_names: list[str]) -> bytes:
    """The start of an OLE2 compound file, with its directory's stream names (UTF-16) where
    a reader finds them: what Excel 97-2003 and Word 97-2003 files, and Office's encrypted
    workbooks, are."""
    names = b"".join(n.encode("utf-16-le") + b"\x00\x00" for n in directory_names)
    return OLE + b"\x00" * 504 + names + b"\x00" * 2048


def test_a_password_protected_workbook(tmp_path: Path) -> None:
    (tmp_path / "plan.xlsx").write_bytes(_ole(["EncryptionInfo", "EncryptedPackage"]))
    refused(tmp_path / "plan.xlsx", tmp_path, "protected with a password", "remove the password")


def test_an_old_xls(tmp_path: Path) -> None:
    (tmp_path / "plan.xls").write_bytes(_ole(["Workbook", "SummaryInformation"]))
    refused(tmp_path / "plan.xls", tmp_path, "old Excel workbook (.xls", "save it as .xlsx")


def test_an_old_doc(tmp_path: Path) -> None:
    (tmp_path / "plan.doc").write_bytes(_ole(["WordDocument", "1Table"]))
    refused(tmp_path / "plan.doc", tmp_path, "old Word document (.doc", "save it as .docx")


def test_a_real_xls_saved_by_libreoffice(tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have LibreOffice: .ci/run installs it")
        pytest.skip("LibreOffice (soffice) is not installed")
    source = words_xlsx(tmp_path / "plan.xlsx")
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "xls", "--outdir", str(tmp_path / "old"), str(source)],
        capture_output=True, timeout=180, check=True,
    )  # fmt: skip
    refused(tmp_path / "old" / "plan.xls", tmp_path, "old Excel workbook (.xls")


def test_a_macro_enabled_workbook_is_read_and_nothing_run(tmp_path: Path) -> None:
    source = words_xlsx(tmp_path / "plan.xlsx")
    target = tmp_path / "plan.xlsm"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            new.writestr(item, old.read(item.filename))
        new.writestr("xl/vbaProject.bin", b'Attribute VB_Name = "Module1"\nSub Auto_Open()\n')
    code, out, err = run(target, "-o", tmp_path / "area")
    assert code == 0, err
    assert "it holds macros: only the values were read; no macro was run" in out
    items = yaml.safe_load((tmp_path / "area" / "commitments.yaml").read_text())["commitments"]
    assert len(items) == 3


def test_a_formula_with_no_saved_result_is_reported_not_calculated(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["No.", "Action", "Led by", "Timescale"])
    sheet.append(["1.1", "Crisis line", "Testshire Police", "=DATE(2016,3,31)"])
    book.save(tmp_path / "plan.xlsx")
    code, out, err = run(tmp_path / "plan.xlsx", "-o", tmp_path / "area")
    assert code == 1, err
    assert "Sheet!D2: holds a formula whose result was never saved" in out
    assert "Sheet!D2: no timescale" in out
    text = (tmp_path / "area" / "commitments.yaml").read_text()
    assert "DATE(" not in text


def test_a_formula_with_a_saved_result_gives_the_result(tmp_path: Path) -> None:
    """The value LibreOffice saved is read; the formula itself is never run by concordat."""
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have LibreOffice: .ci/run installs it")
        pytest.skip("LibreOffice (soffice) is not installed")
    book = Workbook()
    sheet = book.active
    sheet.append(["No.", "Action", "Led by", "Timescale"])
    sheet.append(["1.1", '="Crisis "&"line"', "Testshire Police", "=DATE(2016,3,31)"])
    book.save(tmp_path / "plan.xlsx")
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "xlsx", "--outdir", str(tmp_path / "saved"), str(tmp_path / "plan.xlsx")],
        capture_output=True, timeout=180, check=True,
    )  # fmt: skip
    saved = tmp_path / "saved" / "plan.xlsx"
    assert load_workbook(saved)["Sheet"]["B2"].data_type == "f"  # still a formula in the file
    code, out, err = run(saved, "-o", tmp_path / "area")
    assert code == 0, out + err
    (item,) = yaml.safe_load((tmp_path / "area" / "commitments.yaml").read_text())["commitments"]
    assert item["title"] == "Crisis line"
    # the saved result of DATE() is Excel's count of days, shown as a number: read as a date
    assert str(item["due"]) == "2016-03-31"
    assert "Sheet!D2: the number 42460 was read as the date 2016-03-31" in out


def test_merged_lead_cells_give_each_row_its_lead(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["No.", "Action", "Led by", "Timescale"])
    sheet.append(["1.1", "Crisis line", "Testshire Police", "March 2016"])
    sheet.append(["1.2", "Street triage", None, "April 2016"])
    sheet.merge_cells("C2:C3")
    book.save(tmp_path / "plan.xlsx")
    code, _, err = run(tmp_path / "plan.xlsx", "-o", tmp_path / "area")
    assert code == 0, err
    items = yaml.safe_load((tmp_path / "area" / "commitments.yaml").read_text())["commitments"]
    assert [c["owner"] for c in items] == ["testshire-police", "testshire-police"]


def test_hidden_rows_are_read_and_said(tmp_path: Path) -> None:
    _, out, _ = run(template_xlsx(tmp_path / "plan.xlsx"), "-o", tmp_path / "area")
    assert "row 9 is hidden in the sheet" in out
    items = yaml.safe_load((tmp_path / "area" / "commitments.yaml").read_text())["commitments"]
    assert "2.1" in [c["id"] for c in items]


# -- size --------------------------------------------------------------------------------------


def _limited(source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """The import in a process of its own with 1 GiB of address space at most."""
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from tests.test_spreadsheet_import import cli\n"
        "from typer.testing import CliRunner\n"
        "r = CliRunner().invoke(cli(), ['import', sys.argv[1], '-o', sys.argv[2]])\n"
        "sys.stdout.write(r.stdout); sys.stderr.write(r.stderr)\n"
        "raise SystemExit(r.exit_code)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(source), str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parent.parent,
        check=False,
    )


def test_a_hundred_thousand_rows(tmp_path: Path) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Plan")
    sheet.append(["No.", "Action", "Led by", "Timescale"])
    for n in range(100_000):
        sheet.append([f"1.{n}", f"Action {n}", "Testshire Police", "March 2016"])
    book.save(tmp_path / "plan.xlsx")
    started = time.monotonic()
    done = _limited(tmp_path / "plan.xlsx", tmp_path / "area")
    assert time.monotonic() - started < 60
    assert done.returncode == 2, done.stderr
    assert "Plan has more than 10,000 rows: an action plan has tens or hundreds" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "area").exists()


def test_a_hundred_thousand_rows_of_csv(tmp_path: Path) -> None:
    lines = ["No.,Action,Led by"] + [f"1.{n},Action {n},Police" for n in range(100_000)]
    (tmp_path / "plan.csv").write_text("\n".join(lines))
    err = refused(tmp_path / "plan.csv", tmp_path, "more than 10,000 rows")
    assert "plan.csv has more than" in err


def test_a_zip_bomb_posing_as_a_workbook(tmp_path: Path) -> None:
    bomb = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):  # 300 MB of nothing, in about 300 KB
                entry.write(chunk)
    assert bomb.stat().st_size < 2_000_000
    refused(bomb, tmp_path, "zip bomb", "nothing was unpacked")


def test_a_zip_bomb_posing_as_a_word_document(tmp_path: Path) -> None:
    bomb = tmp_path / "plan.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document/>" + b" " * 50_000_000)
    refused(bomb, tmp_path, "unpacks to far more than it holds")


def test_entity_expansion_in_a_sheet_is_refused(tmp_path: Path) -> None:
    """The 'billion laughs': entities that expand to gigabytes from a few hundred bytes."""
    source = words_xlsx(tmp_path / "plan.xlsx")
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    target = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = f"<!DOCTYPE worksheet [{entities}]>".encode() + data.replace(
                    b"<t>Action</t>", b"<t>&lol9;</t>"
                )
            new.writestr(item, data)
    started = time.monotonic()
    done = _limited(target, tmp_path / "area")
    assert time.monotonic() - started < 60
    assert "Traceback" not in done.stderr
    assert done.returncode == 2, done.stdout + done.stderr
    assert "declares XML entities, which Excel and Word never write" in done.stderr


# -- damaged or misnamed files -------------------------------------------------------------------


def test_a_text_file_named_xlsx(tmp_path: Path) -> None:
    (tmp_path / "plan.xlsx").write_text("No.,Action\n1.1,x\n")
    refused(tmp_path / "plan.xlsx", tmp_path, "it is called .xlsx but is not one")


def test_a_truncated_workbook(tmp_path: Path) -> None:
    source = words_xlsx(tmp_path / "whole.xlsx")
    (tmp_path / "plan.xlsx").write_bytes(source.read_bytes()[:3000])
    refused(tmp_path / "plan.xlsx", tmp_path, "damaged")


def test_a_zip_that_is_neither(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "plan.xlsx", "w") as archive:
        archive.writestr("readme.txt", "hello")
    refused(tmp_path / "plan.xlsx", tmp_path, "neither an Excel workbook nor a Word document")


def test_a_file_of_another_kind_a_folder_and_nothing(tmp_path: Path) -> None:
    (tmp_path / "plan.pdf").write_bytes(b"%PDF-1.4")
    refused(tmp_path / "plan.pdf", tmp_path, "imports .xlsx, .xlsm, .csv and .docx files, not .pdf")
    (tmp_path / "folder.xlsx").mkdir()
    refused(tmp_path / "folder.xlsx", tmp_path, "a folder, not a file")
    refused(tmp_path / "missing.xlsx", tmp_path, "cannot be read: No such file")


def test_a_sheet_with_no_plan(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["Budget", "2015/16"])
    book.save(tmp_path / "plan.xlsx")
    refused(tmp_path / "plan.xlsx", tmp_path, "no table has a header row with an Action column")


def test_a_sheet_named_that_is_not_there(tmp_path: Path) -> None:
    code, _, err = run(words_xlsx(tmp_path / "plan.xlsx"), "-o", tmp_path / "a", "--sheet", "Q3")
    assert code == 2 and "it has no sheet 'Q3'; its sheets: Plan, RAG key" in err


def test_deeply_nested_word_tables(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["No.", "Action", "Led by"], strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "1.1"
    table.rows[1].cells[2].text = "Testshire Police"
    cell = table.rows[1].cells[1]
    cell.text = "Crisis line"
    for depth in range(20):
        inner = cell.add_table(rows=1, cols=1)
        cell = inner.rows[0].cells[0]
        cell.text = f"level {depth}"
    document.save(tmp_path / "plan.docx")
    code, out, err = run(tmp_path / "plan.docx", "-o", tmp_path / "area")
    assert code == 0, err
    (item,) = yaml.safe_load((tmp_path / "area" / "commitments.yaml").read_text())["commitments"]
    assert item["title"].startswith("Crisis line\nlevel 0")
    assert "level 5" in item["title"] and "level 19" not in item["title"]
    assert "table 1!B2: holds a table of its own" in out


def test_an_area_folder_that_is_a_link_out_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "area").symlink_to(elsewhere)
    code, out, err = run(words_xlsx(tmp_path / "plan.xlsx"), "-o", tmp_path / "area")
    assert (code, out) == (2, "")
    assert "is a symbolic link" in err and "nothing" in err
    assert list(elsewhere.iterdir()) == []


def test_a_word_document_too_long_to_be_a_plan(tmp_path: Path) -> None:
    big = tmp_path / "plan.docx"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_STORED) as archive:  # no bomb: not packed
        archive.writestr("word/document.xml", b"<w:document/>" + b" " * 40 * 1024 * 1024)
    refused(big, tmp_path, "its text is 40 MB: far larger than any action plan")


# -- anything at all in the cells: a message or a result, never a traceback -----------------------

_CELL = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.sampled_from(
        ["Red", "amber", "G", "complete", "Q4 2015/16", "31/02/2016", "Ongoing", "NSFT", "1.1",
         "1.1.", "Theme 2", "=1+1", "All partners", "Key:", "Red = not started", "#", "a / b"]
    ),
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(_CELL, min_size=1, max_size=7), max_size=12),
    st.sampled_from(["", "red=off-track,amber=at-risk,green=on-track"]),
)
def test_any_cells_give_a_message_or_a_result(rows: list[list[str | None]], rag: str) -> None:
    import csv
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        with (folder / "plan.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["No.", "Action", "Led by", "Timescale", "RAG", "Partners", "Theme"])
            writer.writerows([["" if c is None else c for c in row] for row in rows])
        extra = ["--rag", rag] if rag else []
        code, out, err = run(folder / "plan.csv", "-o", folder / "area", *extra)  # re-raises
        assert code in (0, 1, 2)
        if code == 2:
            assert out == "" and err.startswith("concordat: error: ")
            assert not (folder / "area").exists()
        else:
            written = folder / "area" / "commitments.yaml"
            assert isinstance(yaml.safe_load(written.read_text(encoding="utf-8")), dict)
            check_area(folder / "area", AS_OF)  # concordat reads what it wrote


_GOOD: dict[str, bytes] = {}


def _a_good(kind: str) -> bytes:
    if kind not in _GOOD:
        import tempfile

        from tests.test_spreadsheet_import import plan_docx

        with tempfile.TemporaryDirectory() as scratch:
            make = words_xlsx if kind == "xlsx" else plan_docx
            _GOOD[kind] = make(Path(scratch) / f"plan.{kind}").read_bytes()
    return _GOOD[kind]


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
@settings(max_examples=60, deadline=None)
@given(
    flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=8)
)
def test_a_damaged_file_gives_a_message_or_a_result(
    kind: str, flips: list[tuple[int, int]]
) -> None:
    """Bytes changed anywhere in a good workbook or document (its zip, its XML, its text)."""
    import tempfile

    data = bytearray(_a_good(kind))
    for where, value in flips:
        data[where % len(data)] = value
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / f"plan.{kind}").write_bytes(bytes(data))
        code, out, err = run(folder / f"plan.{kind}", "-o", folder / "area")  # re-raises
        assert code in (0, 1, 2)
        if code == 2:
            assert out == "" and err.startswith("concordat: error: ") and err.count("\n") == 1


def test_a_write_that_fails_part_way_says_what_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concordat.spreadsheet import importer

    real = importer.write_atomic

    def full_disk(path: Path, text: str, *, inside: Path | None = None) -> None:
        if path.name == "commitments.yaml":
            raise OSError(28, "No space left on device", str(path))
        real(path, text, inside=inside)

    monkeypatch.setattr(importer, "write_atomic", full_disk)
    code, out, err = run(words_xlsx(tmp_path / "plan.xlsx"), "-o", tmp_path / "area")
    assert code == 2
    assert out == f"wrote {tmp_path / 'area' / 'signatories.yaml'}\n"
    assert err == (
        f"concordat: error: cannot write {tmp_path / 'area' / 'commitments.yaml'}: No space "
        "left on device; nothing more was written\n"
    )
