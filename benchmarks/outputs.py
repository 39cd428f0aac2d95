"""Capture what every command prints, so a change of structure can be proven not to change it.

    .venv/bin/python -m benchmarks.outputs capture OUT [--code DIR]
    .venv/bin/python -m benchmarks.outputs compare BEFORE AFTER

``capture`` builds fixed data sets in a scratch folder (the shipped Norfolk files; broken
copies of them; one with settings and silences; the benchmark's national set of 152 areas; a
mixed set of areas, one broken and one silencing P003), runs every command in every format on
them as a separate process, from that folder, and writes each case's exit code, stdout and
stderr (and any file the command writes) to ``OUT/<case>.txt``. ``--code DIR`` runs the
concordat package found in DIR instead of the installed one, so an older commit can be
captured from a ``git worktree``. ``compare`` prints which cases differ, with a diff of each.

To compare a change against the commit before it:

    git worktree add /tmp/before HEAD~1
    .venv/bin/python -m benchmarks.outputs capture /tmp/out-before --code /tmp/before
    .venv/bin/python -m benchmarks.outputs capture /tmp/out-after
    .venv/bin/python -m benchmarks.outputs compare /tmp/out-before /tmp/out-after
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from benchmarks.generate import generate

REPO = Path(__file__).resolve().parent.parent
AS_OF = ("--as-of", "2026-11-22")

Case = tuple[str, list[str], dict[str, str]]  # name, arguments, extra environment


def _edit(path: Path, *pairs: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, (path, old)
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def _norfolk(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in ("signatories.yaml", "commitments.yaml"):
        shutil.copy(REPO / name, folder / name)
    return folder


def build(root: Path) -> None:
    """The data sets, always the same bytes."""
    _norfolk(root / "norfolk")
    broken = _norfolk(root / "broken")
    _edit(
        broken / "commitments.yaml",
        ("owner: eeast", "owner: eaest"),
        ("status: complete", "status: done"),
        ('id: "2.6"', 'id: "2.5"'),
    )
    _edit(broken / "signatories.yaml", ("sector: healthwatch", "sector: [healthwatch"))
    syntax = _norfolk(root / "syntax")
    _edit(syntax / "commitments.yaml", ("    title: ", '    title: "unclosed\n    status: x'))
    settings = _norfolk(root / "settings")
    (settings / "concordat.toml").write_text(
        'stale-days = 60\n\n[severity]\nP004 = "off"\nP001 = "error"\nP099 = "off"\n',
        encoding="utf-8",
    )
    _edit(
        settings / "commitments.yaml",
        (
            "    status: off-track\n",
            "    status: off-track\n    silence:\n"
            "      - {code: P001, reason: The board agreed a new date in November}\n"
            "      - {code: R003, reason: No such problem here}\n",
        ),
    )
    generate(root / "national")
    mixed = root / "mixed"
    generate(mixed, areas=6, commitments=12, seed=7)
    _norfolk(mixed / "norfolk")
    quiet = _norfolk(mixed / "norfolk-quiet")
    (quiet / "concordat.toml").write_text('[severity]\nP003 = "off"\nA001 = "off"\n')
    _edit(quiet / "signatories.yaml", ("area: Norfolk", "area: Norfolk quiet"))
    shutil.copytree(root / "broken", mixed / "zz-broken")


def cases() -> Iterator[Case]:
    plain: dict[str, str] = {}
    for data in ("norfolk", "broken", "syntax", "settings", "national", "mixed"):
        for output in ("text", "json", "github", "sarif"):
            yield f"validate-{data}-{output}", ["validate", data, "--format", output], plain
        yield f"validate-{data}-strict", ["validate", data, "--strict"], plain
        yield f"validate-{data}-stale-30", ["validate", data, "--stale-days", "30"], plain
        yield f"validate-{data}-jobs-1", ["validate", data, "--jobs", "1"], plain
    yield "validate-settings-silenced", ["validate", "settings", "--show-silenced"], plain
    yield "validate-two", ["validate", "norfolk", "broken", "--format", "json"], plain
    yield "validate-default-format-on-github", ["validate", "norfolk"], {"GITHUB_ACTIONS": "true"}
    for data in ("norfolk", "broken", "syntax", "settings", "national", "mixed"):
        for width in ("50", "60", "80", "120", "200"):
            yield f"status-{data}-{width}", ["status", data], {"COLUMNS": width}
        for output in ("json", "csv", "markdown"):
            yield f"status-{data}-{output}", ["status", data, "--format", output], plain
        yield f"status-{data}-stale-30", ["status", data, "--stale-days", "30"], plain
    filters = {
        "org": ["--org", "nsft"],
        "lead-only": ["--org", "nsft", "--lead-only"],
        "lead-only-alone": ["--lead-only"],
        "theme": ["--theme", "urgent-access", "--theme", "recovery"],
        "status": ["--status", "at-risk", "--status", "off-track"],
        "overdue": ["--overdue"],
        "due-within": ["--due-within", "3m"],
        "due-within-weeks": ["--due-within", "8w"],
        "combined": ["--org", "eeast", "--overdue"],
        "unknown-org": ["--org", "nsfy"],
        "bad-span": ["--due-within", "soon"],
        "long-span": ["--due-within", "2000m"],
        "bad-theme": ["--theme", "urgent"],
    }
    for name, args in filters.items():
        for output in ("table", "json", "markdown"):
            yield (
                f"status-filter-{name}-{output}",
                ["status", "norfolk", *args, "--format", output],
                {"COLUMNS": "120"},
            )
    yield "status-filter-many-areas", ["status", "mixed", "--overdue"], plain
    for width in ("60", "80", "120"):
        yield f"show-2.1-{width}", ["show", "2.1", "norfolk"], {"COLUMNS": width}
    for commitment in ("2.1", "1.3", "4.2", " 2.2 ", "9.9", "2.l"):
        yield (
            f"show-{commitment.strip()}-json",
            ["show", commitment, "norfolk", "--format", "json"],
            plain,
        )
    yield "show-broken", ["show", "2.1", "broken"], plain
    yield "show-broken-json", ["show", "2.1", "broken", "--format", "json"], plain
    yield "show-settings", ["show", "1.3", "settings"], plain
    for output in ("table", "json", "csv", "markdown"):
        yield f"orgs-norfolk-{output}", ["orgs", "norfolk", "--format", output], {"COLUMNS": "80"}
        yield f"orgs-broken-{output}", ["orgs", "broken", "--format", output], {"COLUMNS": "80"}
    yield "orgs-settings", ["orgs", "settings"], plain
    yield "usage-bad-as-of", ["validate", "norfolk", "--as-of", "next tuesday"], plain
    yield "usage-missing-folder", ["validate", "nowhere"], plain
    yield "usage-empty-folder", ["status", "empty"], plain
    yield "usage-show-missing-folder", ["show", "2.1", "nowhere"], plain
    yield "usage-orgs-file", ["orgs", "norfolk/signatories.yaml"], plain
    yield "version", ["--version"], plain
    colour = {"FORCE_COLOR": "1", "COLUMNS": "100", "TERM": "xterm-256color"}
    for name, args in {
        "validate-broken": ["validate", "broken"],
        "validate-settings": ["validate", "settings", "--show-silenced"],
        "validate-mixed": ["validate", "mixed"],
        "status-norfolk": ["status", "norfolk"],
        "status-norfolk-csv": ["status", "norfolk", "--format", "csv"],
        "status-broken": ["status", "broken"],
        "status-broken-markdown": ["status", "broken", "--format", "markdown"],
        "status-mixed": ["status", "mixed"],
        "show-norfolk": ["show", "2.1", "norfolk"],
        "show-broken": ["show", "2.1", "broken"],
        "orgs-norfolk": ["orgs", "norfolk"],
    }.items():
        yield f"colour-{name}", args, colour
        yield f"no-color-{name}", [*args, "--no-color"], colour


def _run(code: Path | None, args: list[str], cwd: Path, extra: dict[str, str]) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "CONCORDAT_"))}
    env.pop("COLUMNS", None)
    env.pop("NO_COLOR", None)
    env |= {"CONCORDAT_CACHE_DIR": "", "PYTHONHASHSEED": "0", "TERM": "dumb", "COLUMNS": "80"}
    if code is not None:
        env["PYTHONPATH"] = str(code)
    summary = cwd / "step-summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    env["GITHUB_STEP_SUMMARY"] = str(summary)
    env |= extra
    full = [*args, *AS_OF] if args != ["--version"] else args
    done = subprocess.run(
        [sys.executable, "-m", "concordat", *full],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    out = f"$ concordat {' '.join(full)}\nexit: {done.returncode}\n--- stdout\n{done.stdout}"
    out += f"--- stderr\n{done.stderr}"
    written = summary.read_text(encoding="utf-8")
    if written != "earlier step\n":
        out += f"--- step summary\n{written}"
    return out


def _files(folder: Path) -> str:
    return "".join(
        f"--- {path.relative_to(folder)}\n{path.read_text(encoding='utf-8')}"
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    )


def capture(out: Path, code: Path | None, only: str = "") -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        build(root)
        (root / "empty").mkdir()
        count = 0
        for name, args, extra in cases():
            if not name.startswith(only):
                continue
            (out / f"{name}.txt").write_text(_run(code, args, root, extra), encoding="utf-8")
            count += 1
        if only:
            print(f"captured {count} cases in {out}")
            return
        text = _run(code, ["schema", "--out", "schema-out"], root, {})
        (out / "schema.txt").write_text(text + _files(root / "schema-out"), encoding="utf-8")
        text = _run(code, ["init", "new-area"], root, {})
        (out / "init.txt").write_text(text + _files(root / "new-area"), encoding="utf-8")
        text = _run(code, ["init", "new-area"], root, {})
        (out / "init-again.txt").write_text(text, encoding="utf-8")
    print(f"captured {count + 3} cases in {out}")


def compare(before: Path, after: Path) -> int:
    names = sorted({p.name for p in before.glob("*.txt")} | {p.name for p in after.glob("*.txt")})
    differ = 0
    for name in names:
        old, new = before / name, after / name
        if not old.exists() or not new.exists():
            print(f"only in {'after' if new.exists() else 'before'}: {name}")
            differ += 1
            continue
        a, b = old.read_text(encoding="utf-8"), new.read_text(encoding="utf-8")
        if a != b:
            differ += 1
            print(f"differs: {name}")
            sys.stdout.writelines(
                difflib.unified_diff(a.splitlines(True), b.splitlines(True), str(old), str(new))
            )
    print(f"{len(names) - differ} of {len(names)} cases identical, {differ} differ")
    return 1 if differ else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    take = commands.add_parser("capture")
    take.add_argument("out", type=Path)
    take.add_argument("--code", type=Path, help="a checkout whose concordat package to run")
    take.add_argument("--only", default="", metavar="PREFIX", help="only the cases named so")
    check = commands.add_parser("compare")
    check.add_argument("before", type=Path)
    check.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "capture":
        capture(args.out, args.code, args.only)
    else:
        raise SystemExit(compare(args.before, args.after))


if __name__ == "__main__":
    main()
