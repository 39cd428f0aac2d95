"""Time `concordat history` and `concordat changes` against a floor measured in the same run.

    .venv/bin/python -m benchmarks.history [--commits 1000] [--repeat 3]

It generates a git repository (with ``git fast-import``, seeded, so every run builds the same
one) of ``--commits`` commits over an area of 100 commitments: due dates moved (some with an
update, some without), statuses changed, updates and measure readings added, and halfway
through, ``commitments.yaml`` split into a ``commitments/`` folder of one file per theme.
Then, in rounds (each round runs everything once, so a slow spell touches all alike):

- the floor: every distinct blob of the data files read through one ``git cat-file --batch``
  and composed with libyaml (PyYAML's C composer), nothing else;
- ``history``: the whole record read, every commitment's timeline, and its JSON written;
- ``changes --since`` the first commit: the whole span compared, and its JSON written.

Each is run in this process (no interpreter start-up on either side) and printed as the best
time and its ratio to the floor (target: both at most 1.5x). Then the peak Python memory of
``history`` at half and at all the commits, each in a fresh process, so the growth with the
number of commits can be read beside the size of the result.

Timing belongs here, never in the unit tests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import yaml

THEMES = ("commissioning", "access-before-crisis", "urgent-access", "quality-of-care", "recovery")
STATUSES = ("not-started", "on-track", "at-risk", "off-track", "complete")
OWNERS = ("police", "ambulance", "mh-trust", "council", "icb")
SIGNATORIES = """\
area: Benchshire
signatories:
  - {id: police, name: Benchshire Police, sector: police, signed: 2014-08-01}
  - {id: ambulance, name: Benchshire Ambulance, sector: ambulance, signed: 2014-08-01}
  - {id: mh-trust, name: Benchshire MH Trust, sector: mental-health-trust, signed: 2014-08-01}
  - {id: council, name: Benchshire Council, sector: local-authority, signed: 2014-08-01}
  - {id: icb, name: Benchshire ICB, sector: commissioner, signed: 2014-08-01}
"""
GIT_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def _item(c: dict[str, object]) -> str:
    theme = THEMES[int(str(c["id"]).split(".")[0])]
    text = (
        f'  - id: "{c["id"]}"\n    title: Commitment {c["id"]} of the plan\n'
        f"    theme: {theme}\n    owner: {c['owner']}\n    status: {c['status']}\n"
        f"    due: {c['due']}\n"
    )
    if c["status"] in ("at-risk", "off-track"):
        text += "    reason: waiting for funding\n"
    readings = c["readings"]
    assert isinstance(readings, list)
    text += "    measures:\n      - name: people helped\n"
    if readings:
        text += "        readings:\n" + "".join(
            f"          - {{date: {d}, value: {v}}}\n" for d, v in readings
        )
    updates = c["updates"]
    assert isinstance(updates, list)
    if updates:
        text += "    updates:\n" + "".join(
            f"      - date: {d}\n        by: {c['owner']}\n        note: {n}\n" for d, n in updates
        )
    return text


def _files(plan: list[dict[str, object]], split: bool) -> dict[str, str]:
    if not split:
        return {"commitments.yaml": "commitments:\n" + "".join(_item(c) for c in plan)}
    out: dict[str, list[str]] = {}
    for c in plan:
        theme = THEMES[int(str(c["id"]).split(".")[0])]
        out.setdefault(f"commitments/{theme}.yaml", []).append(_item(c))
    return {name: "commitments:\n" + "".join(items) for name, items in out.items()}


def generate(root: Path, commits: int, commitments: int = 100, seed: int = 14) -> None:
    """A repository at ``root`` of ``commits`` commits over one area (see the module)."""
    rng = random.Random(seed)
    start = date(2015, 1, 1)
    plan: list[dict[str, object]] = [
        {
            "id": f"{n % 5}.{n // 5 + 1}",
            "owner": OWNERS[n % 5],
            "status": "on-track",
            "due": (start + timedelta(days=365 + 7 * n)).isoformat(),
            "updates": [],
            "readings": [],
        }
        for n in range(commitments)
    ]
    root.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True, env=_env(root))
    stream: list[bytes] = []
    previous: dict[str, str] = {}
    for number in range(commits):
        day = start + timedelta(days=number * 3)
        if number:
            c = plan[rng.randrange(len(plan))]
            action = rng.randrange(4)
            if action == 0:
                due = date.fromisoformat(str(c["due"])) + timedelta(days=rng.choice((30, 91, 182)))
                c["due"] = due.isoformat()
                if rng.random() < 0.5:
                    assert isinstance(c["updates"], list)
                    c["updates"].append((day.isoformat(), "the board agreed a new date"))
            elif action == 1:
                c["status"] = rng.choice(STATUSES)
            elif action == 2:
                assert isinstance(c["updates"], list)
                c["updates"].append((day.isoformat(), f"progress report {number}"))
            else:
                assert isinstance(c["readings"], list)
                c["readings"].append((day.isoformat(), rng.randrange(100)))
        files = {"signatories.yaml": SIGNATORIES, **_files(plan, number >= commits // 2)}
        when = int(time.mktime(day.timetuple())) + 36000
        message = f"change {number}".encode()
        stream.append(b"commit refs/heads/main\n")
        stream.append(b"committer Bench <bench@example.org> %d +0000\n" % when)
        stream.append(b"data %d\n%s\n" % (len(message), message))
        for name in previous.keys() - files.keys():
            stream.append(b"D %s\n" % name.encode())
        for name, text in files.items():
            if previous.get(name) != text:
                data = text.encode()
                stream.append(
                    b"M 100644 inline %s\ndata %d\n%s\n" % (name.encode(), len(data), data)
                )
        previous = files
    subprocess.run(
        ["git", "fast-import", "--quiet"],
        cwd=root,
        input=b"".join(stream),
        check=True,
        env=_env(root),
    )
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True, env=_env(root))


def _env(root: Path) -> dict[str, str]:
    return {**os.environ, **GIT_ENV, "HOME": str(root.parent)}


def distinct_blobs(root: Path) -> list[str]:
    """Every distinct blob of the data files, over the whole history (not timed)."""
    done = subprocess.run(
        ["git", "log", "--raw", "--no-abbrev", "--no-renames", "--format=", "--",
         "signatories.yaml", "commitments.yaml", "commitments/"],
        cwd=root, capture_output=True, check=True, text=True,
    )  # fmt: skip
    blobs = {line.split()[3] for line in done.stdout.splitlines() if line.startswith(":")}
    blobs.discard("0" * 40)
    return sorted(blobs)


def floor(root: Path, blobs: list[str]) -> None:
    """Read every blob through one cat-file --batch and compose each with libyaml."""
    process = subprocess.Popen(
        ["git", "cat-file", "--batch"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert process.stdin is not None and process.stdout is not None
    stdin = process.stdin

    def feed() -> None:
        stdin.write("".join(b + "\n" for b in blobs).encode())
        stdin.close()

    writer = threading.Thread(target=feed)
    writer.start()
    for _ in blobs:
        size = int(process.stdout.readline().split()[2])
        text = process.stdout.read(size + 1)[:size].decode("utf-8")
        yaml.compose(text, Loader=yaml.CSafeLoader)
    writer.join()
    process.stdout.close()
    process.wait()


def history(root: Path) -> str:
    from concordat.history.record import history_of
    from concordat.render.common import json_text
    from concordat.render.history import as_dict
    from concordat.views.history import history_view

    record = history_of(root)
    return json_text(as_dict(history_view(record, "bench")))


def changes(root: Path, first: str) -> str:
    from concordat.history.record import changes_of
    from concordat.render.changes import as_dict
    from concordat.render.common import json_text
    from concordat.views.changes import changes_view

    return json_text(as_dict(changes_view(changes_of(root, first, None, date(2026, 1, 1)), "b")))


def best(run: Callable[[], object], times: list[float]) -> None:
    started = time.perf_counter()
    run()
    times.append(time.perf_counter() - started)


MEMORY = """
import sys, tracemalloc
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from benchmarks.history import history
tracemalloc.start()
out = history(Path(sys.argv[1]))
print(tracemalloc.get_traced_memory()[1], len(out))
"""


def peak_memory(root: Path) -> tuple[int, int]:
    """Peak Python memory of `history` (bytes) in a fresh process, and the JSON's size."""
    repo = str(Path(__file__).resolve().parent.parent)
    done = subprocess.run(
        [sys.executable, "-c", MEMORY, str(root), repo], capture_output=True, text=True, check=True
    )
    peak, size = done.stdout.split()
    return int(peak), int(size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import gc

    gc.disable()  # as the command runs (concordat.cli.main)
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary) / "repo"
        half = Path(temporary) / "half"
        generate(root, args.commits)
        generate(half, args.commits // 2)
        blobs = distinct_blobs(root)
        first = subprocess.run(
            ["git", "rev-list", "--max-parents=0", "HEAD"],
            cwd=root, capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        os.environ.update({**GIT_ENV, "HOME": temporary})
        history(root)  # warm: imports, caches of the file system
        timed: dict[str, list[float]] = {"floor": [], "history": [], "changes": []}
        for _ in range(args.repeat):
            best(lambda: floor(root, blobs), timed["floor"])
            best(lambda: history(root), timed["history"])
            best(lambda: changes(root, first), timed["changes"])
        low = min(timed["floor"])
        print(f"{args.commits} commits, 100 commitments, {len(blobs)} distinct blobs")
        for name, times in timed.items():
            print(f"  {name:8} {min(times) * 1000:8.0f} ms  {min(times) / low:5.2f}x the floor")
        for label, where, count in (("half", half, args.commits // 2), ("all", root, args.commits)):
            peak, size = peak_memory(where)
            print(
                f"  peak memory of history at {count:5} commits: {peak / 1e6:6.1f} MB"
                f" (its JSON: {size / 1e6:.1f} MB) [{label}]"
            )
        check = json.loads(history(root))
        assert len(check["commitments"]) == 100, len(check["commitments"])


if __name__ == "__main__":
    main()
