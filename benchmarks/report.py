"""Time the board pack against the commands it is built from, in one run.

    .venv/bin/python -m benchmarks.report [--repeat 5] [--data DIR]

Each command runs as its own process, as a user runs it, in rounds (every command once per
round, so a slow spell of a shared machine touches a command and its floor alike); the best
wall time and the best CPU time (its workers' included: steadier on a shared machine) of
each are printed with their ratios; the targets are judged by wall time:

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
import time
from pathlib import Path

from benchmarks.generate import generate

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


def once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (s) of one run, its worker processes' CPU included: on a
    shared machine the CPU a command spends is steadier than how long it waits for it."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed with exit {code}")
    return elapsed, usage.ru_utime + usage.ru_stime


def rounds(
    commands: dict[str, list[str]], repeat: int, env: dict[str, str]
) -> dict[str, tuple[float, float]]:
    """The best wall time and the best CPU time of each command over ``repeat`` rounds."""
    best: dict[str, tuple[float, float]] = {}
    for _ in range(repeat):
        for name, command in commands.items():
            wall, cpu = once(command, env)
            before = best.get(name, (float("inf"), float("inf")))
            best[name] = (min(before[0], wall), min(before[1], cpu))
    return best


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
    print(f"{'command':<26}{'wall':>9}{'ratio':>8}{'cpu':>9}{'ratio':>8}{'target':>9}")
    for name, floor, target in (
        ("report, example", "status, example", TARGETS["example"]),
        ("report, national site", "validate, national", TARGETS["national"]),
    ):
        wall, cpu = best[floor]
        print(f"{floor:<26}{wall:>8.3f}s{'':>8}{cpu:>8.3f}s")
        wall_ratio, cpu_ratio = best[name][0] / wall, best[name][1] / cpu
        verdict = "ok" if wall_ratio <= target else "OVER"
        print(
            f"{name:<26}{best[name][0]:>8.3f}s{wall_ratio:>7.2f}x{best[name][1]:>8.3f}s"
            f"{cpu_ratio:>7.2f}x{target:>8.1f}x  {verdict} (by wall time)"
        )
    print(f"site pages written: {pages}")
    for suffix, size in sizes.items():
        verdict = "ok" if size < LARGEST else "OVER"
        print(f"one 60-commitment area's report ({suffix}): {size / 1000:,.0f} KB "
              f"(target < {LARGEST // 1000} KB)  {verdict}")  # fmt: skip


if __name__ == "__main__":
    main()
