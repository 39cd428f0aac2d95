"""Count the instructions concordat's commands take, against floors counted the same way.

    .venv/bin/python -m benchmarks.instructions [--baseline EXE] [--national]

On a shared machine wall time moves by a fifth from one minute to the next; the number of
instructions a process runs does not. Each command runs once under valgrind's callgrind
(about fifty times slower than normal), and its count is printed with its ratio to a floor:
``import typer`` for ``--version``; importing typer, rich, pydantic and yaml for the shipped
example; and, with ``--national``, PyYAML's C loader composing the national set (152 areas,
a few minutes) for ``validate --jobs 1``. With ``--baseline EXE`` another concordat (an older
commit in its own virtual environment) runs the same commands, printed beside. Needs
valgrind. Instructions are not seconds (I/O and waiting do not count), so this complements
``benchmarks.run``; it never replaces it.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.generate import generate
from benchmarks.run import AS_OF, FLOOR, REPO, tool


def count(command: list[str]) -> int:
    """The instructions ``command`` runs, all its processes together."""
    env = dict(os.environ, PYTHONHASHSEED="0", CONCORDAT_CACHE_DIR="")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "callgrind.out.%p"
        done = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--trace-children=yes",
                f"--callgrind-out-file={out}",
                *command,
            ],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        totals = [int(n.replace(",", "")) for n in re.findall(r"Collected : ([\d,]+)", done.stderr)]
    if not totals:
        raise SystemExit(f"valgrind counted nothing for {' '.join(command)}:\n{done.stderr}")
    return sum(totals)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", help="another concordat executable to count alongside")
    parser.add_argument("--national", action="store_true", help="also the national set")
    args = parser.parse_args()
    concordat, python = tool("concordat"), sys.executable
    rows: list[tuple[str, list[str], str]] = [  # name, concordat's arguments, floor
        ("concordat --version", ["--version"], "import typer"),
        ("validate the shipped example", ["validate", str(REPO), "--as-of", AS_OF], "imports"),
        ("status of the shipped example", ["status", str(REPO), "--as-of", AS_OF], "imports"),
    ]
    floors = {
        "import typer": [python, "-c", "import typer"],
        "imports": [python, "-c", "import typer, rich.console, pydantic, yaml"],
    }
    with tempfile.TemporaryDirectory() as scratch:
        if args.national:
            data = Path(scratch) / "national"
            generate(data)
            files = sorted(str(p) for p in data.glob("*/*.yaml"))
            floors["compose"] = [python, "-c", FLOOR, *files]
            validate = ["validate", str(data), "--as-of", AS_OF, "--jobs", "1"]
            rows.append(("validate the national set, 1 core", validate, "compose"))
        counted = {name: count(command) for name, command in floors.items()}
        head = f"{'measure':<36}{'instructions':>16}{'ratio':>8}"
        print(head + (f"{'baseline':>16}{'ratio':>8}" if args.baseline else ""))
        for name, value in counted.items():
            print(f"{'floor: ' + name:<36}{value:>16,}{1:>7.2f}x")
        for name, arguments, floor in rows:
            value = count([concordat, *arguments])
            line = f"{name:<36}{value:>16,}{value / counted[floor]:>7.2f}x"
            if args.baseline:
                then = count([args.baseline, *arguments])
                line += f"{then:>16,}{then / counted[floor]:>7.2f}x"
            print(line)


if __name__ == "__main__":
    main()
