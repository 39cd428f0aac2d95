"""Time concordat against floors measured in the same run, on the same files.

    .venv/bin/python -m benchmarks.run [--repeat 10] [--data DIR]

It generates the national data set (152 areas x 60 commitments, about 8 MB; see
benchmarks/generate.py) unless --data names one, then runs every command as a separate process
(as a user would) and prints the best time of each with its ratio to its floor:

- the floor: PyYAML's C loader composing every file, nothing else;
- `concordat validate` over all areas on one core (--jobs 1) and on every core;
- `concordat status --format json` over all areas;
- check-jsonschema with the exported schemas, the peer a user could pick instead;
- peak memory of `validate --jobs 1` against the total size of the YAML;
- start-up: `concordat --version` against `import typer`, and `concordat validate` on the
  shipped example against importing typer, rich, pydantic and yaml.

With ``--baseline PATH`` another concordat (an older commit installed in its own virtual
environment) runs every concordat command in the same rounds, and its figures are printed
beside each row, so a change is measured against what it replaces on the same spell of the
machine.

Commands are run in rounds, each round running every command once, so a slow spell on a
shared machine touches a command and its floor alike. concordat's bytecode is compiled first,
as pip does on install, so an editable install measures what an installed one does.

Timing belongs here, never in the unit tests.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.generate import generate

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
AS_OF = "2026-11-22"

FLOOR = """
import sys, yaml
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as handle:
        yaml.compose(handle.read(), Loader=yaml.CSafeLoader)
"""


def once(command: Sequence[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time (s) and peak memory (KB) of one run."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed with exit {code}")
    return elapsed, usage.ru_maxrss


def rounds(commands: dict[str, list[str]], repeat: int, env: dict[str, str]) -> dict[str, float]:
    """Best time of each command over ``repeat`` rounds; peak memory under "<name> KB"."""
    best: dict[str, float] = {}
    for _ in range(repeat):
        for name, command in commands.items():
            seconds, peak = once(command, env)
            best[name] = min(best.get(name, float("inf")), seconds)
            best[f"{name} KB"] = max(best.get(f"{name} KB", 0), peak)
    return best


def tool(name: str) -> str:
    path = BIN / name
    return str(path) if path.exists() else shutil.which(name) or name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--data", type=Path, help="an existing folder of areas to use")
    parser.add_argument("--baseline", help="another concordat executable to time alongside")
    args = parser.parse_args()
    compileall.compile_dir(REPO / "concordat", quiet=1)
    with tempfile.TemporaryDirectory() as scratch:
        env = dict(os.environ, CONCORDAT_CACHE_DIR="")  # an older baseline's cache: off
        data = args.data or Path(scratch) / "national"
        if args.data is None:
            generate(data)
        files = sorted(str(p) for p in data.glob("*/*.yaml"))
        size_kb = sum(Path(f).stat().st_size for f in files) / 1024
        concordat, python, r = tool("concordat"), sys.executable, args.repeat
        cores = os.cpu_count() or 1
        print(f"{len(files)} files, {size_kb / 1024:.1f} MB, {cores} CPUs, best of {r}")

        validate = [concordat, "validate", str(data), "--as-of", AS_OF]
        example = [concordat, "validate", str(REPO), "--as-of", AS_OF]
        status = [concordat, "status", str(data), "--as-of", AS_OF, "--format", "json"]
        national = {
            "floor": [python, "-c", FLOOR, *files],
            "one": [*validate, "--jobs", "1"],
            "many": [*validate, "--jobs", str(cores)],
            "status": [*status],
        }
        times = rounds(_with_baseline(national, concordat, args.baseline), r, env)
        peer_times = []
        for stem in ("signatories", "commitments"):
            chosen = [f for f in files if f.endswith(f"/{stem}.yaml")]
            command = [tool("check-jsonschema"), "--schemafile",
                       str(REPO / "schema" / f"{stem}.schema.json"), *chosen]  # fmt: skip
            peer_times.append(rounds({"peer": command}, 2, env)["peer"])  # 25 s a round
        peer = sum(peer_times)

        startup = {
            "import typer": [python, "-c", "import typer"],
            "version": [concordat, "--version"],
            "imports": [python, "-c", "import typer, rich.console, pydantic, yaml"],
            "example": example,
        }
        times |= rounds(_with_baseline(startup, concordat, args.baseline), r * 3, env)

    floor, imports, typer_floor = times["floor"], times["imports"], times["import typer"]
    rows = [
        ("compose floor (CSafeLoader)", times["floor"], floor, None),
        ("validate, 1 core", times["one"], floor, 1.25),
        (f"validate, {cores} cores", times["many"], floor, 1.0),
        ("status --format json", times["status"], floor, None),
        ("check-jsonschema (peer)", peer, floor, None),
        ("import typer", typer_floor, typer_floor, None),
        ("concordat --version", times["version"], typer_floor, 1.15),
        ("import typer, rich, pydantic, yaml", imports, imports, None),
        ("validate the shipped example", times["example"], imports, 1.3),
    ]
    keys = {"validate, 1 core": "one", f"validate, {cores} cores": "many",
            "status --format json": "status", "concordat --version": "version",
            "validate the shipped example": "example"}  # fmt: skip
    extra = f"{'baseline':>10}{'ratio':>8}" if args.baseline else ""
    print(f"\n{'measure':<38}{'seconds':>9}{'ratio':>8}  {'target':<15}{extra}")
    for name, seconds, base, target in rows:
        ratio = seconds / base
        verdict = (
            "" if target is None else f"<= {target:<5} {'ok' if ratio <= target else 'MISSED'}"
        )
        then = times.get(f"{keys.get(name)}@baseline")
        beside = f"{then:>10.3f}{then / base:>7.2f}x" if then else ""
        print(f"{name:<38}{seconds:>9.3f}{ratio:>7.2f}x  {verdict:<15}{beside}")
    speedup = peer / times["one"]
    print(
        f"{'check-jsonschema / validate (1 core)':<38}{'':>9}{speedup:>7.1f}x  >= 10    "
        f"{'ok' if speedup >= 10 else 'MISSED'}"
    )
    peak = times["one KB"]
    memory = peak / size_kb
    label = "peak memory / YAML size (1 core)"
    verdict = "ok" if memory <= 15 else "MISSED"
    print(f"{label:<38}{peak / 1024:>7.0f}MB{memory:>7.1f}x  <= 15    {verdict}")


def _with_baseline(
    commands: dict[str, list[str]], concordat: str, baseline: str | None
) -> dict[str, list[str]]:
    """The commands, and each concordat one again run by the baseline executable."""
    if baseline is None:
        return commands
    again = {
        f"{name}@baseline": [baseline, *command[1:]]
        for name, command in commands.items()
        if command[0] == concordat
    }
    return commands | again


if __name__ == "__main__":
    main()
