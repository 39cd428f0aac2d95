"""Time concordat against floors measured in the same run, on the same files.

    .venv/bin/python -m benchmarks.run [--repeat 5] [--data DIR]

It generates the national data set (152 areas x 60 commitments, about 8 MB; see
benchmarks/generate.py) unless --data names one, then runs every command as a separate process
(as a user would), several times, and prints the best time of each with its ratio to its floor:

- the floor: PyYAML's C loader composing every file, nothing else;
- `concordat validate` over all areas on one core (--jobs 1) and on every core;
- `concordat status --format json` over all areas;
- check-jsonschema with the exported schemas, the peer a user could pick instead;
- peak memory of `validate --jobs 1` against the total size of the YAML;
- start-up: `concordat --version` against `import typer`, and `concordat validate` on the
  shipped example against importing typer, rich, pydantic and yaml.

Timing belongs here, never in the unit tests.
"""

from __future__ import annotations

import argparse
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


def run(command: Sequence[str], repeat: int) -> tuple[float, int]:
    """Best wall time (s) and largest peak memory (KB) over ``repeat`` runs."""
    best, peak = float("inf"), 0
    for _ in range(repeat):
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed with exit {process.returncode}")
        best, peak = min(best, elapsed), max(peak, usage.ru_maxrss)
    return best, peak


def tool(name: str) -> str:
    path = BIN / name
    return str(path) if path.exists() else shutil.which(name) or name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data", type=Path, help="an existing folder of areas to use")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        data = args.data or Path(scratch) / "national"
        if args.data is None:
            generate(data)
        files = sorted(str(p) for p in data.glob("*/*.yaml"))
        size_kb = sum(Path(f).stat().st_size for f in files) / 1024
        concordat = tool("concordat")
        python = sys.executable
        r = args.repeat
        print(f"{len(files)} files, {size_kb / 1024:.1f} MB, {os.cpu_count()} CPUs, best of {r}")

        floor, _ = run([python, "-c", FLOOR, *files], r)
        one, one_mem = run([concordat, "validate", str(data), "--as-of", AS_OF, "--jobs", "1"], r)
        cores = os.cpu_count() or 1
        many, _ = run([concordat, "validate", str(data), "--as-of", AS_OF, "--jobs", str(cores)], r)
        status, _ = run([concordat, "status", str(data), "--as-of", AS_OF, "--format", "json"], r)
        schema = REPO / "schema"
        peer_times = []
        for stem in ("signatories", "commitments"):
            chosen = [f for f in files if f.endswith(f"/{stem}.yaml")]
            command = [tool("check-jsonschema"), "--schemafile",
                       str(schema / f"{stem}.schema.json"), *chosen]  # fmt: skip
            peer_times.append(run(command, max(1, r // 2))[0])
        peer = sum(peer_times)

        typer_floor, _ = run([python, "-c", "import typer"], r * 2)
        version, _ = run([concordat, "--version"], r * 2)
        imports, _ = run([python, "-c", "import typer, rich.console, pydantic, yaml"], r * 2)
        example, _ = run([concordat, "validate", str(REPO), "--as-of", AS_OF], r * 2)

    rows = [
        ("compose floor (CSafeLoader)", floor, floor, None),
        ("validate, 1 core", one, floor, 1.25),
        (f"validate, {cores} cores", many, floor, 1.0),
        ("status --format json", status, floor, None),
        ("check-jsonschema (peer)", peer, floor, None),
        ("import typer", typer_floor, typer_floor, None),
        ("concordat --version", version, typer_floor, 1.15),
        ("import typer, rich, pydantic, yaml", imports, imports, None),
        ("validate the shipped example", example, imports, 1.3),
    ]
    print(f"\n{'measure':<38}{'seconds':>9}{'ratio':>8}  target")
    for name, seconds, base, target in rows:
        ratio = seconds / base
        verdict = (
            "" if target is None else f"<= {target:<5} {'ok' if ratio <= target else 'MISSED'}"
        )
        print(f"{name:<38}{seconds:>9.3f}{ratio:>7.2f}x  {verdict}")
    speedup = peer / one
    print(
        f"{'check-jsonschema / validate (1 core)':<38}{'':>9}{speedup:>7.1f}x  >= 10    "
        f"{'ok' if speedup >= 10 else 'MISSED'}"
    )
    memory = one_mem / size_kb
    label = "peak memory / YAML size (1 core)"
    verdict = "ok" if memory <= 15 else "MISSED"
    print(f"{label:<38}{one_mem / 1024:>7.0f}MB{memory:>7.1f}x  <= 15    {verdict}")


if __name__ == "__main__":
    main()
