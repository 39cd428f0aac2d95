"""Spreadsheets both ways, timed: the workbook export against the CSV it stands beside, and
the import of a 1,000-row plan.

    .venv/bin/python -m benchmarks.spreadsheet [--repeat 3]

Export: over the national set (152 areas of 60 commitments, ``benchmarks.generate``), the
roll-up workbook with the national plan sheet (9,120 rows) against ``concordat status
--format csv`` on the same set, each a process of its own from start to end (target: 3x the
CSV or less); and one area (Norfolk) the same way. Import: a 1,000-row plan in the
template's layout, read and written as YAML by a process of its own (target: under 2 s).
Each figure is the best of ``--repeat`` runs; the ratio is against the floor measured in
the same run, on the same machine.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import generate

REPO = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-22"

#: What `concordat status --format xlsx -o FILE` does once wired (the patch in the issue's
#: report): check the areas in workers, write the workbook.
EXPORT_MANY = """
import functools, sys
from datetime import date
from pathlib import Path
from concordat.layout import find_areas
from concordat.pipeline import check_many
from concordat.spreadsheet.export import national_area, write_rollup_workbook
from concordat.views.rollup import rollup
day = date.fromisoformat(sys.argv[3])
summaries = check_many(find_areas([Path(sys.argv[1])]), day,
                       summarise=functools.partial(national_area, stale_days=90))
view = rollup([type(s)(s.folder, s.name, s.report, s.value.row) for s in summaries], day)
write_rollup_workbook(view, Path(sys.argv[2]), [s.value for s in summaries])
"""
EXPORT_ONE = """
import sys
from datetime import date
from pathlib import Path
from concordat.pipeline import check_area
from concordat.spreadsheet.export import write_workbook
from concordat.views.status import status_view
day = date.fromisoformat(sys.argv[3])
checked = check_area(Path(sys.argv[1]), day)
write_workbook(status_view(checked.area, day), Path(sys.argv[2]))
"""
IMPORT = """
import sys
from datetime import date
from pathlib import Path
from concordat.spreadsheet.importer import import_plan, write
write(import_plan(Path(sys.argv[1]), Path(sys.argv[2]), as_of=date.fromisoformat(sys.argv[3])))
"""


def _best(command: list[str], repeat: int, before: object = None) -> float:
    times = []
    for _ in range(repeat):
        if callable(before):
            before()
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=REPO)
        times.append(time.perf_counter() - started)
    return min(times)


def _concordat() -> str:
    found = shutil.which("concordat", path=str(Path(sys.executable).parent))
    return found or "concordat"


def plan_workbook(path: Path, rows: int) -> Path:
    """A plan in the template's layout: theme rows, RAG fills, a key under the table."""
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    fills = [PatternFill("solid", fgColor=c) for c in ("FF0000", "FFC000", "92D050")]
    leads = ["NSFT", "Norfolk & Suffolk NHS FT", "Norfolk Constabulary", "Norfolk County Council",
             "East of England Ambulance Service", "Norfolk and Waveney ICB", "Mind"]  # fmt: skip
    times = ["March 2016", "Q4 2015/16", "31/03/2016", "April 2015 / Revised date: April 2017",
             "Ongoing", "End of 2015", "2016/17 Q2"]  # fmt: skip
    book = Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet.append(
        ["No.", "Action", "Timescale", "Led by", "Partners", "Outcomes", "RAG", "Progress"]
    )
    per_theme = rows // 5 + 1
    for n in range(rows):
        theme, number = divmod(n, per_theme)
        if number == 0:
            sheet.append([f"Theme {theme}: the Concordat's theme {theme}"])
        sheet.append([
            f"{theme}.{number + 1}", f"Action {n}: crisis care that works for people",
            times[n % len(times)], leads[n % len(leads)], leads[(n + 3) % len(leads)],
            "Fewer people held in police custody", None, f"Progress note {n}",
        ])  # fmt: skip
        sheet.cell(sheet.max_row, 7).fill = fills[n % 3]
    sheet.append([])
    sheet.append(["Red = not started", "Amber = ongoing", "Green = complete"])
    book.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    python, concordat = sys.executable, _concordat()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        national = root / "national"
        generate(national)
        out = root / "out.xlsx"

        csv_many = _best([concordat, "status", "--format", "csv", "--as-of", AS_OF,
                          str(national)], args.repeat)  # fmt: skip
        xlsx_many = _best([python, "-c", EXPORT_MANY, str(national), str(out), AS_OF], args.repeat)
        size = out.stat().st_size
        csv_one = _best([concordat, "status", "--format", "csv", "--as-of", AS_OF, str(REPO)],
                        args.repeat)  # fmt: skip
        xlsx_one = _best([python, "-c", EXPORT_ONE, str(REPO), str(out), AS_OF], args.repeat)

        source = plan_workbook(root / "plan.xlsx", 1000)
        area = root / "imported"
        imported = _best(
            [python, "-c", IMPORT, str(source), str(area), AS_OF],
            args.repeat,
            before=lambda: shutil.rmtree(area, ignore_errors=True),
        )
    print(f"export, national set (152 areas, 9,120 plan rows; workbook {size / 1e6:.1f} MB):")
    print(f"  status --format csv  {csv_many:6.2f} s")
    print(
        f"  workbook (.xlsx)     {xlsx_many:6.2f} s  = {xlsx_many / csv_many:.2f}x (target <= 3x)"
    )
    print("export, one area (Norfolk):")
    print(f"  status --format csv  {csv_one:6.2f} s")
    print(f"  workbook (.xlsx)     {xlsx_one:6.2f} s  = {xlsx_one / csv_one:.2f}x (target <= 3x)")
    print("import, a 1,000-row plan (.xlsx, template layout):")
    print(f"  import               {imported:6.2f} s  (target < 2 s)")


if __name__ == "__main__":
    main()
