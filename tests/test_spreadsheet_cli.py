"""The wired commands, through concordat's own command line: `concordat status --format xlsx
-o FILE` (one area and the roll-up) and `concordat import`."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from benchmarks.generate import generate
from tests.conftest import REPO, invoke

AS_OF = ("--as-of", "2026-11-22")


def test_status_writes_a_workbook(tmp_path: Path) -> None:
    out_file = tmp_path / "plan.xlsx"
    code, out, err = invoke("status", REPO, *AS_OF, "--format", "xlsx", "-o", out_file)
    assert code == 0, err
    assert out == f"wrote {out_file}\n"
    assert load_workbook(out_file).sheetnames == ["Plan", "Who owns what", "Key"]


def test_a_workbook_needs_a_file_and_a_file_a_workbook(tmp_path: Path) -> None:
    code, _, err = invoke("status", REPO, "--format", "xlsx")
    assert code == 2 and "a workbook is written to a file: add -o FILE.xlsx" in err
    code, _, err = invoke("status", REPO, "-o", tmp_path / "x.csv")
    assert code == 2 and "only --format xlsx writes a file" in err


def test_the_roll_up_writes_a_national_workbook(tmp_path: Path) -> None:
    generate(tmp_path / "areas", areas=3, commitments=5)
    out_file = tmp_path / "national.xlsx"
    code, _, err = invoke("status", tmp_path / "areas", *AS_OF, "--format", "xlsx", "-o", out_file)
    assert code == 0, err
    book = load_workbook(out_file)
    assert book.sheetnames == ["Areas", "By sector", "Plan", "Key"]
    assert book["Plan"].max_row == 1 + 15


def test_a_workbook_is_never_written_through_a_link_out(tmp_path: Path) -> None:
    outside = tmp_path / "outside.xlsx"
    outside.write_bytes(b"theirs")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "plan.xlsx").symlink_to(outside)
    code, out, err = invoke(
        "status", REPO, *AS_OF, "--format", "xlsx", "-o", tmp_path / "out" / "plan.xlsx"
    )
    assert (code, out) == (2, "")
    assert "concordat never writes through a link" in err
    assert outside.read_bytes() == b"theirs"


def test_export_import_validate(tmp_path: Path) -> None:
    invoke("status", REPO, *AS_OF, "--format", "xlsx", "-o", tmp_path / "plan.xlsx")
    code, _, err = invoke("import", tmp_path / "plan.xlsx", "-o", tmp_path / "area", *AS_OF)
    assert code == 0, err
    code, out, err = invoke("validate", tmp_path / "area", *AS_OF)
    assert code == 0, out + err


def test_import_says_what_went_wrong_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "plan.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    code, out, err = invoke("import", tmp_path / "plan.xls", "-o", tmp_path / "area")
    assert (code, out) == (2, "")
    assert err.startswith("concordat: error: ") and err.count("\n") == 1
    assert "old Excel workbook (.xls" in err


def test_openpyxl_and_python_docx_are_loaded_only_when_a_spreadsheet_is() -> None:
    import subprocess
    import sys

    code = (
        "import sys, concordat.cli, concordat.spreadsheet.command;"
        "loaded = {'openpyxl', 'docx', 'lxml'} & {m.split('.')[0] for m in sys.modules};"
        "assert not loaded, loaded"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_a_workbook_replaces_only_one_concordat_wrote(tmp_path: Path) -> None:
    import shutil
    import subprocess

    book = tmp_path / "plan.xlsx"
    for _ in range(2):  # written again over its own
        code, _, err = invoke("status", REPO, *AS_OF, "--format", "xlsx", "-o", book)
        assert code == 0, err
    plan = tmp_path / "commitments.yaml"
    plan.write_text("commitments: []\n", encoding="utf-8")
    code, _, err = invoke("status", REPO, *AS_OF, "--format", "xlsx", "-o", plan)
    assert code == 2 and "is not a workbook concordat wrote" in err
    assert plan.read_text(encoding="utf-8") == "commitments: []\n"
    soffice = shutil.which("soffice")
    if soffice is None:
        return  # the LibreOffice tests elsewhere fail on CI without it
    saved = tmp_path / "saved"
    subprocess.run(
        [soffice, "--headless", "--convert-to", "xlsx", "--outdir", str(saved), str(book)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    edited = saved / "plan.xlsx"  # saved again in a spreadsheet: someone's work now
    before = edited.read_bytes()
    code, _, err = invoke("status", REPO, *AS_OF, "--format", "xlsx", "-o", edited)
    assert code == 2 and "is not a workbook concordat wrote" in err
    assert edited.read_bytes() == before
