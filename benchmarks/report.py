"""Time the board pack against the commands it is built from, in one run.

    .venv/bin/python -m benchmarks.report [--repeat 5] [--data DIR]

Each command runs as its own process, as a user runs it, in rounds (every command once per
round, so a slow spell of a shared machine touches a command and its floor alike); the best
time of each is printed with its ratio:

- `report` on the shipped example against `status` on it (target: at most 1.5x);
- `report` writing the national site over 152 areas (benchmarks/generate.py) against
  `validate` over the same areas (target: at most 3x);
- the size of one generated area's report (60 commitments with measures and updates;
  target: under 500 KB), in HTML and in Markdown.

Until cli.py wires `concordat report`, the report runs through a small typer app that
registers the command exactly as cli.py will (``--run-report``), so its start-up is the same
kind of program's. Timing belongs here, never in the unit tests.
"""

from __future__ import annotations

import argparse
import compileall
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.generate import generate
from benchmarks.run import rounds

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
AS_OF = "2026-11-22"
TARGETS = {"example": 1.5, "national": 3.0}
LARGEST = 500_000


def _run_report(argv: list[str]) -> None:
    """`concordat report ARGS`, registered on a typer app as cli.py registers it, and run
    as cli.main runs a command (no cyclic garbage collector, streams prepared)."""
    import gc

    gc.disable()
    import typer

    from concordat import output, usage
    from concordat.report.command import EPILOG, report

    app = typer.Typer(cls=usage.Group)
    app.command("report", cls=usage.Command, epilog=EPILOG)(report)
    app.command("version")(lambda: None)  # a second command: `report` is a subcommand
    output.prepare_streams()
    app(["report", *argv], prog_name="concordat")


def report_command() -> list[str]:
    """How `concordat report` is run here: the command, once cli.py has it."""
    concordat = str(BIN / "concordat")
    wired = subprocess.run([concordat, "report", "-h"], capture_output=True, check=False).returncode
    if wired == 0:
        return [concordat, "report"]
    return [sys.executable, "-m", "benchmarks.report", "--run-report"]


def main() -> None:
    if sys.argv[1:2] == ["--run-report"]:
        _run_report(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data", type=Path, help="a national data set (default: generated)")
    args = parser.parse_args()
    compileall.compile_dir(REPO / "concordat", quiet=1)
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
    concordat = str(BIN / "concordat")
    report = report_command()
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        national = args.data or work / "national"
        if args.data is None:
            generate(national)
        commands = {
            "status, example": [concordat, "status", "--as-of", AS_OF, str(REPO)],
            "report, example": [*report, "--as-of", AS_OF, "-o", str(work / "n.html"), str(REPO)],
            "validate, national": [concordat, "validate", "--as-of", AS_OF, str(national)],
            "report, national site": [
                *report, "--as-of", AS_OF, "-o", f"{work / 'site'}/", str(national)
            ],
        }  # fmt: skip
        best = rounds(commands, args.repeat, env)
        one = sorted(p for p in national.iterdir() if p.is_dir())[0]
        sizes = {}
        for suffix in ("html", "md"):
            out = work / f"one.{suffix}"
            subprocess.run([*report, "--as-of", AS_OF, "-o", str(out), str(one)], env=env,
                           check=False, capture_output=True)  # fmt: skip
            sizes[suffix] = out.stat().st_size
        pages = len(list((work / "site").iterdir()))
    print(f"{'command':<26}{'best':>9}{'ratio':>8}{'target':>9}")
    for name, floor, target in (
        ("report, example", "status, example", TARGETS["example"]),
        ("report, national site", "validate, national", TARGETS["national"]),
    ):
        print(f"{floor:<26}{best[floor]:>8.3f}s")
        ratio = best[name] / best[floor]
        verdict = "ok" if ratio <= target else "OVER"
        print(f"{name:<26}{best[name]:>8.3f}s{ratio:>7.2f}x{target:>8.1f}x  {verdict}")
    print(f"site pages written: {pages}")
    for suffix, size in sizes.items():
        verdict = "ok" if size < LARGEST else "OVER"
        print(f"one 60-commitment area's report ({suffix}): {size / 1000:,.0f} KB "
              f"(target < {LARGEST // 1000} KB)  {verdict}")  # fmt: skip


if __name__ == "__main__":
    main()
