"""Doubling runs: each check family, the loader's recovery and each view, on inputs of size n
and 2n, so that anything worse than linear shows as a ratio well above 2.

    .venv/bin/python -m benchmarks.doubling [--only NAME] [--size N] [--timeout S]

Each case builds an area from the shipped Norfolk files with one part grown to ``n`` (items,
fields, characters, ...), runs the command as a separate process, as a user would, and
prints the time at ``n`` and at ``2n``, the ratio, the size of the area's files, and the time
of the same command on the unchanged area (the floor of start-up and the rest of the data).
The target: an area under 1 MB is checked and drawn in under 2 s on this machine, and doubling
an input never more than about doubles the time. Timing belongs here, never in unit tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.generate import generate

REPO = Path(__file__).resolve().parent.parent
AS_OF = ["--as-of", "2026-11-22"]
SIGNATORIES = (REPO / "signatories.yaml").read_text(encoding="utf-8")
COMMITMENTS = (REPO / "commitments.yaml").read_text(encoding="utf-8")
ONE = COMMITMENTS[COMMITMENTS.index('  - id: "2.1"') : COMMITMENTS.index('  - id: "2.2"')]
NOTE = "note: Second s136 suite bed opened; police told to bring people to the suite first."


def _write(folder: Path, signatories: str = SIGNATORIES, commitments: str = COMMITMENTS) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "signatories.yaml").write_text(signatories, encoding="utf-8")
    (folder / "commitments.yaml").write_text(commitments, encoding="utf-8")


def _in_first(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# -- the cases: each writes an area whose part under test has size n ---------------------------


def privacy_words(folder: Path, n: int) -> None:
    """'dob' and 'born' followed by long runs of spaces: the patterns must not backtrack."""
    note = "dob" + " " * n + "born" + " " * n + "x"
    _write(folder, commitments=_in_first(COMMITMENTS, NOTE, f'note: "{note}"'))


def privacy_many(folder: Path, n: int) -> None:
    """n email addresses in one note."""
    note = " ".join(f"person{i}@example.org" for i in range(n))
    _write(folder, commitments=_in_first(COMMITMENTS, NOTE, f"note: {note}"))


def recovery(folder: Path, n: int) -> None:
    """n commitments and one syntax error: every item is read on its own."""
    items = "".join(ONE.replace('"2.1"', f'"2.{i}"') for i in range(1, n + 1))
    plan = "commitments:\n" + items.replace("    title: ", "    title: a: b ", 1)
    _write(folder, commitments=plan)


def identity(folder: Path, n: int) -> None:
    """n commitments sharing one id (I002 each)."""
    _write(folder, commitments="commitments:\n" + ONE * n)


def references(folder: Path, n: int) -> None:
    """n commitments whose owner is a typo among n signatories (R001 with 'did you mean')."""
    sigs = "area: Big\nsignatories:\n" + "".join(
        f"  - {{id: organisation-{i}, name: Org {i}, sector: other, signed: 2014-08-01}}\n"
        for i in range(n)
    )
    plan = "commitments:\n" + "".join(
        ONE.replace('"2.1"', f'"2.{i}"')
        .replace("owner: nsft", f"owner: organisaton-{i}")
        .replace("partners: [norfolk-constabulary, nhs-norfolk-waveney-icb]", "partners: []")
        .replace("by: nsft", "by: organisation-0")
        .replace("by: norfolk-constabulary", "by: organisation-0")
        for i in range(n)
    )
    _write(folder, sigs, plan)


def dates(folder: Path, n: int) -> None:
    """One commitment with n updates dated after the as-of date (D002 each)."""
    updates = "".join(
        f"      - {{date: 2027-01-01, by: nsft, note: update {i}}}\n" for i in range(n)
    )
    _write(folder, commitments=_in_first(COMMITMENTS, "    updates:\n", "    updates:\n" + updates))


def delivery(folder: Path, n: int) -> None:
    """n overdue, stale commitments with no measure (P001, P003, P004 each)."""
    stale = ONE.replace("due: 2027-03-31", "due: 2025-03-31")
    stale = (
        stale[: stale.index("    measures:")]
        + "    updates: [{date: 2020-01-01, by: nsft, note: x}]\n"
    )
    plan = "commitments:\n" + "".join(stale.replace('"2.1"', f'"2.{i}"') for i in range(n))
    _write(folder, commitments=plan)


def schema_fields(folder: Path, n: int) -> None:
    """One commitment with n unknown fields (S001 each, with a hint)."""
    fields = "".join(f"    field{i}: value\n" for i in range(n))
    _write(
        folder,
        commitments=_in_first(
            COMMITMENTS, "    theme: urgent-access\n", "    theme: urgent-access\n" + fields
        ),
    )


def settings(folder: Path, n: int) -> None:
    """A concordat.toml with n unknown settings (C002 each)."""
    _write(folder)
    (folder / "concordat.toml").write_text(
        "".join(f"setting{i} = 1\n" for i in range(n)), encoding="utf-8"
    )


def silences(folder: Path, n: int) -> None:
    """n silences on one commitment, none matching (C004 each)."""
    quiet = "".join(f"      - {{code: P004, reason: reason {i}}}\n" for i in range(n))
    _write(
        folder,
        commitments=_in_first(
            COMMITMENTS,
            "    theme: urgent-access\n",
            "    theme: urgent-access\n    silence:\n" + quiet,
        ),
    )


def organisations(folder: Path, n: int) -> None:
    """n signatories, each leading one commitment: the who-owns-what table."""
    sigs = "area: Big\nsignatories:\n" + "".join(
        f"  - {{id: org-{i}, name: Organisation {i}, sector: police, signed: 2014-08-01}}\n"
        for i in range(n)
    )
    plan = "commitments:\n" + "".join(
        f'  - {{id: "2.{i}", title: Commitment {i}, theme: urgent-access, owner: org-{i}, '
        f"partners: [org-{(i + 1) % n}], status: on-track, due: 2027-03-31, "
        f"measures: [{{name: m}}], updates: [{{date: 2026-11-01, by: org-{i}, note: x}}]}}\n"
        for i in range(n)
    )
    _write(folder, sigs, plan)


def long_title(folder: Path, n: int) -> None:
    """One title of n characters, in words."""
    title = " ".join(["word"] * (n // 5))
    _write(
        folder,
        commitments=_in_first(COMMITMENTS, "title: Police cells", f"title: {title} Police cells"),
    )


def detail(folder: Path, n: int) -> None:
    """One commitment with n updates and n readings: `show`."""
    updates = "".join(
        f"      - {{date: 2026-06-01, by: nsft, note: update {i}}}\n" for i in range(n)
    )
    readings = "".join(f"          - {{date: 2026-06-01, value: {i}}}\n" for i in range(n))
    text = _in_first(COMMITMENTS, "    updates:\n", "    updates:\n" + updates)
    text = _in_first(text, "        readings:\n", "        readings:\n" + readings)
    _write(folder, commitments=text)


@dataclass(frozen=True)
class Case:
    make: Callable[[Path, int], None]
    command: tuple[str, ...]
    size: int  # n for a run of about a second
    expect: str  # in what the command prints: proof the case tests what it means to


CASES = {
    "privacy-words": Case(privacy_words, ("validate",), 100_000, "0 errors"),
    "privacy-many": Case(privacy_many, ("validate",), 20_000, "X002"),
    "recovery": Case(recovery, ("validate",), 2_000, "Y001"),
    "identity": Case(identity, ("validate",), 2_000, "I002"),
    "references": Case(references, ("validate",), 1_000, "R001"),
    "dates": Case(dates, ("validate",), 5_000, "D002"),
    "delivery": Case(delivery, ("validate",), 2_000, "P003"),
    "schema": Case(schema_fields, ("validate",), 5_000, "S001"),
    "settings": Case(settings, ("validate",), 5_000, "C002"),
    "silences": Case(silences, ("validate",), 2_000, "C004"),
    "status": Case(organisations, ("status",), 2_000, "Who owns what"),
    "orgs": Case(organisations, ("orgs",), 2_000, "organisations"),
    "status-csv": Case(organisations, ("status", "--format", "csv"), 2_000, "Id,Commitment"),
    "long-title": Case(long_title, ("status",), 1_000_000, "more characters"),
    "show": Case(detail, ("show", "0.1"), 2_000, "update 1999"),
}


def run(command: list[str], timeout: float, expect: str = "") -> float | None:
    """Seconds the command took (None past ``timeout``); says so if ``expect`` was not seen."""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env={**os.environ, "COLUMNS": "120"},
        )
    except subprocess.TimeoutExpired:
        return None
    elapsed = time.perf_counter() - started
    if expect not in done.stdout:
        print(f"  (!) {' '.join(command[1:3])}: '{expect}' not in its output")
    return elapsed


def rollup_case(scratch: Path, timeout: float, concordat: str) -> None:
    """The roll-up over n and 2n areas."""
    times = []
    for areas in (50, 100):
        folder = scratch / f"rollup-{areas}"
        generate(folder, areas=areas, commitments=20)
        times.append(run([concordat, "status", str(folder), *AS_OF, "--jobs", "1"], timeout))
    _report("rollup (areas)", 50, times, None, None)


def _report(
    name: str, n: int, times: list[float | None], size: int | None, floor: float | None
) -> None:
    a, b = times
    shown = [f"{t:7.2f}s" if t is not None else "  >time" for t in times]
    ratio = f"{b / a:5.2f}x" if a and b else "    -"
    mb = f"{size / 1e6:6.2f} MB" if size is not None else "         "
    base = f"{floor:6.2f}s" if floor is not None else ""
    print(f"{name:<16}{n:>9,}{shown[0]:>10}{shown[1]:>10}{ratio:>8}{mb:>11}{base:>9}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only this case")
    parser.add_argument("--size", type=int, help="n for every case (default: each case's own)")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    concordat = str(bin_dir / "concordat") if (bin_dir / "concordat").exists() else "concordat"
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        plain = scratch / "plain"
        _write(plain)
        print(
            f"{'case':<16}{'n':>9}{'t(n)':>10}{'t(2n)':>10}{'ratio':>8}{'2n size':>11}{'floor':>9}"
        )
        for name, case in CASES.items():
            if args.only and name != args.only:
                continue
            n = args.size or case.size
            times, size = [], 0
            for k in (n, 2 * n):
                folder = scratch / f"{name}-{k}"
                case.make(folder, k)
                size = sum(p.stat().st_size for p in folder.iterdir())
                command = [concordat, *case.command, str(folder), *AS_OF]
                times.append(run(command, args.timeout, case.expect))
                shutil.rmtree(folder)
            floor = run([concordat, *case.command, str(plain), *AS_OF], args.timeout)
            _report(name, n, times, size, floor)
        if not args.only or args.only == "rollup":
            rollup_case(scratch, args.timeout, concordat)


if __name__ == "__main__":
    main()
