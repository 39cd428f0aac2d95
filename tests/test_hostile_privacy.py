"""Hostile input, round 2: personal data is never printed in full, the privacy guard looks
everywhere and cannot be turned off, and a concordat.toml that is not a plain file in the
area is refused, located, never read through a link.

docs/hostile.md ("Privacy and concordat.toml") lists each case and what the user sees; a test
checks the two agree.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from concordat.cli import app
from tests.conftest import COMMITMENTS, REPO, SIGNATORIES, write_area

runner = CliRunner()
AS_OF = ["--as-of", "2026-11-22"]
NHS = "9434765919"  # passes the modulus-11 check
MASKED = "943 *** **19"
#: What must never be printed: the NHS number, in any spacing, and the email's local part.
SECRETS = (NHS, "476 5919", "476.5919", "4765919", "jo.bloggs")
EMAIL = "jo.bloggs@example.org"


def in_first(old: str, new: str, text: str = COMMITMENTS) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def sig(old: str, new: str) -> str:
    return in_first(old, new, SIGNATORIES)


@dataclass
class Case:
    name: str
    make: Callable[[Path], None]
    #: What `concordat validate` prints, each a part of one line of its output.
    expect: tuple[str, ...]
    exit_code: int = 1
    #: Never anywhere in the output of any format.
    secrets: tuple[str, ...] = SECRETS


def files(**content: str | bytes | None) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        write_area(folder, {name.replace("_", "."): text for name, text in content.items()})

    return make


def plan(old: str, new: str) -> Callable[[Path], None]:
    return files(commitments_yaml=in_first(old, new))


def signatories(old: str, new: str) -> Callable[[Path], None]:
    return files(signatories_yaml=sig(old, new))


def settings(text: str | bytes) -> Callable[[Path], None]:
    return files(concordat_toml=text)


NOTE = "note: going well"
FOLDED = (
    "    updates:\n      - date: 2026-11-01\n        by: police\n        note: >-\n"
    "          A long note that goes on and mentions 943 476\n          5919 here.\n"
)
UPDATE = "    updates: [{date: 2026-11-01, by: police, note: going well}]\n"
SILENCED = COMMITMENTS.replace(NOTE, f"note: seen {NHS}", 1)


def linked_out(folder: Path) -> None:
    write_area(folder, {})
    outside = folder.parent / "elsewhere.toml"
    outside.write_text('leaked-secret = "read from outside"\n', encoding="utf-8")
    (folder / "concordat.toml").symlink_to(outside)


def toml_folder(folder: Path) -> None:
    write_area(folder, {})
    (folder / "concordat.toml").mkdir()


def dangling(folder: Path) -> None:
    write_area(folder, {})
    (folder / "concordat.toml").symlink_to(folder / "gone.toml")


def loop(folder: Path) -> None:
    write_area(folder, {})
    (folder / "concordat.toml").symlink_to(folder / "other.toml")
    (folder / "other.toml").symlink_to(folder / "concordat.toml")


def huge(folder: Path) -> None:
    write_area(folder, {})
    with (folder / "concordat.toml").open("wb") as handle:
        handle.truncate(17 * 1024 * 1024)  # sparse: cheap to make


def named(name: str) -> Callable[[Path], None]:
    """A commitments/ folder whose one file is called ``name``, with an unknown owner in it
    (so every format has a result in that file to place)."""

    def make(folder: Path) -> None:
        write_area(folder, {"commitments.yaml": None})
        (folder / "commitments").mkdir()
        text = in_first("owner: icb", "owner: nobody")
        (folder / "commitments" / name).write_text(text, encoding="utf-8")

    return make


CASES = [
    # -- a value another check quotes is masked in its message ---------------------------------
    Case(
        "NHS number as a status",
        plan("status: on-track", f"status: '{NHS}'"),
        (f"commitments.yaml:6:13: S004 error: commitment 0.1: status '{MASKED}'", "X001"),
    ),
    Case(
        "NHS number as an owner",
        plan("owner: police", f"owner: '{NHS}'"),
        (f"commitments.yaml:5:12: R001 error: owner '{MASKED}' is not a signatory", "X001"),
    ),
    Case(
        "NHS number as a key",
        plan("    status: on-track\n", f"    '{NHS}': x\n    status: on-track\n"),
        (f"commitments.yaml:6:5: S001 error: commitment 0.1: unknown field '{MASKED}'", "X001"),
    ),
    Case(
        "NHS number as a date",
        plan("due: 2027-03-31", f"due: '{NHS}'"),
        (f"commitments.yaml:7:10: S006 error: commitment 0.1: due: '{MASKED}'", "X001"),
    ),
    Case(
        "NHS number as a measure's value spelt as a float",
        plan(
            "measures: [{name: a measure}]",
            "measures: [{name: m, baseline: {date: 2026-01-01, value: 9.434765919e+9}}]",
        ),
        ("X001 error: this looks like an NHS number (943 *** **19)",),
    ),
    Case(
        "email as an owner",
        plan("owner: police", f"owner: {EMAIL}"),
        ("commitments.yaml:5:12: R001 error: owner 'j***@example.org'", "5:12: X002"),
    ),
    Case(
        "NHS number as a setting's value",
        settings(f'stale-days = "{NHS}"\n'),
        (
            f"concordat.toml:1:1: C003 error: stale-days must be a whole number of days, not "
            f"'{MASKED}'",
            "concordat.toml:1:15: X001",
        ),
    ),
    Case(
        "NHS number as a setting's name",
        settings(f"{NHS} = 1\n"),
        (f"concordat.toml:1:1: C002 error: unknown setting '{MASKED}'", "concordat.toml:1:1: X001"),
    ),
    Case(
        "NHS number as a silenced code",
        plan(
            "    status: on-track\n",
            f"    status: on-track\n    silence: [{{code: '{NHS}', reason: agreed}}]\n",
        ),
        (f"S005 error: commitment 0.1: silence[1].code '{MASKED}' is not a valid", "X001"),
    ),
    # -- what the guard missed ----------------------------------------------------------------
    Case(
        "NHS number with dots",
        plan(NOTE, "note: seen 943.476.5919"),
        ("commitments.yaml:9:57: X001 error: this looks like an NHS number (943 *** **19)",),
    ),
    Case(
        "NHS number with en dashes",
        plan(NOTE, "note: seen 943\u2013476\u20135919"),
        ("commitments.yaml:9:57: X001",),
    ),
    Case(
        "NHS number with non-breaking spaces",
        plan(NOTE, "note: seen 943\u00a0476\u00a05919"),
        ("commitments.yaml:9:57: X001",),
    ),
    Case(
        "NHS number with two spaces",
        plan(NOTE, "note: seen 943  476  5919"),
        ("commitments.yaml:9:57: X001",),
    ),
    Case(
        "NHS number with a prefix",
        plan(NOTE, f"note: seen NHS-{NHS}"),
        ("commitments.yaml:9:61: X001",),
    ),
    Case(
        "NHS number wrapped in a folded note",
        plan(UPDATE, FOLDED),
        ("commitments.yaml:13:49: X001",),
    ),
    Case(
        "NHS number as an id", plan('id: "0.1"', f'id: "{NHS}"'), ("commitments.yaml:2:10: X001",)
    ),
    Case(
        "NHS number in an evidence link",
        plan(NOTE, f"note: done, evidence: 'https://example.org/{NHS}'"),
        ("commitments.yaml:9:89: X001",),
    ),
    Case(
        "NHS number in a link",
        plan("    status: on-track\n", f"    status: on-track\n    links: [https://x.org/{NHS}]\n"),
        ("commitments.yaml:7:27: X001",),
    ),
    Case(
        "NHS number as a theme",
        plan("theme: commissioning", f"theme: '{NHS}'"),
        ("commitments.yaml:4:13: X001", f"S004 error: commitment 0.1: theme '{MASKED}'"),
    ),
    Case(
        "NHS number as a sector",
        signatories("sector: police", f"sector: '{NHS}'"),
        ("signatories.yaml:3:51: X001", f"sector '{MASKED}'"),
    ),
    Case(
        "NHS number as an update's by",
        plan("by: police", f"by: '{NHS}'"),
        ("commitments.yaml:9:39: X001", f"R001 error: update author '{MASKED}'"),
    ),
    Case(
        "NHS number as a successor",
        signatories(
            "signed: 2014-08-01}\n  - {id: ambulance",
            f"signed: 2014-08-01, left: 2015-01-01, successor: '{NHS}'}}\n  - {{id: ambulance",
        ),
        ("signatories.yaml:3:108: X001", f"R001 error: successor '{MASKED}'"),
    ),
    Case(
        "NHS number as a signatory id",
        signatories("id: police,", f"id: '{NHS}',"),
        ("signatories.yaml:3:11: X001", f"P005 warning: '{MASKED}' signed the declaration"),
    ),
    Case(
        "email as a status",
        plan("status: on-track", f"status: {EMAIL}"),
        ("commitments.yaml:6:13: X002", "S004 error: commitment 0.1: status 'j***@example.org'"),
    ),
    Case(
        "email as a key",
        plan("    status: on-track\n", f"    {EMAIL}: x\n    status: on-track\n"),
        ("commitments.yaml:6:5: X002", "unknown field 'j***@example.org'"),
    ),
    Case(
        "NHS number in a YAML comment",
        plan("    status: on-track\n", f"    status: on-track  # patient {NHS}\n"),
        ("commitments.yaml:6:33: X001",),
    ),
    Case(
        "email in a YAML comment",
        files(commitments_yaml=f"# ask {EMAIL}\n" + COMMITMENTS),
        ("commitments.yaml:1:7: X002 error: an email address (j***@example.org)",),
    ),
    Case(
        "phone number in a YAML comment",
        files(commitments_yaml="# ring 07700 900123\n" + COMMITMENTS),
        ("commitments.yaml:1:8: X003 error: a phone number (07*******23)",),
        secrets=("07700 900123", "900123"),
    ),
    Case(
        "NHS number in a file with a syntax error",
        plan('  - id: "0.1"\n', f'# {NHS}\n  - id: "0.1"\n  bad: [\n'),
        ("commitments.yaml:2:3: X001",),
    ),
    Case(
        "phone number in an entry with a syntax error",
        plan(NOTE, "note: 'ring 07700 900123\n    bad: ["),
        (
            "commitments.yaml:9:58: X003 error: a phone number (07*******23) in free text",
            "commitments.yaml:9:52: Y001 error: the quote that starts this value is never closed",
        ),
    ),
    Case(
        "date of birth in a file that cannot be read",
        files(commitments_yaml="commitments: [\n  {note: DOB 01/02/1990, id: x\n"),
        ("commitments.yaml:2:14: X004 error: a date of birth",),
    ),
    Case(
        "phone number in an entry with a control character",
        plan(NOTE, "note: ring 07700 900123 \x07"),
        (
            "commitments.yaml:9:57: X003 error: a phone number (07*******23) in free text",
            "commitments.yaml:9:70: Y001 error: U+0007 is a control character",
        ),
    ),
    Case(
        "email in a concordat.toml comment",
        settings(f"stale-days = 90  # ask {EMAIL}\n"),
        ("concordat.toml:1:24: X002",),
    ),
    Case(
        "NHS number in broken concordat.toml",
        settings(f"stale-days = {NHS} x\n"),
        ("concordat.toml:1:14: X001", "C001 error: concordat.toml is not valid TOML"),
    ),
    # -- the guard cannot be turned off ---------------------------------------------------------
    Case(
        "silence of X001",
        files(
            commitments_yaml=in_first(
                "    status: on-track\n",
                "    status: on-track\n    silence: [{code: X001, reason: agreed}]\n",
                SILENCED,
            )
        ),
        (
            "commitments.yaml:7:22: C003 error: X001 cannot be silenced: the privacy guard is "
            "never turned off or down",
            "commitments.yaml:10:57: X001 error",
        ),
    ),
    Case(
        "X001 turned off in concordat.toml",
        files(commitments_yaml=SILENCED, concordat_toml='[severity]\nX001 = "off"\n'),
        (
            "concordat.toml:2:1: C003 error: X001 cannot be changed: the privacy guard is never "
            "turned off or down",
            "commitments.yaml:9:57: X001 error",
        ),
    ),
    Case(
        "X002 turned down to a warning",
        files(
            commitments_yaml=COMMITMENTS.replace(NOTE, f"note: ask {EMAIL}", 1),
            concordat_toml='[severity]\nX002 = "warning"\n',
        ),
        ("concordat.toml:2:1: C003 error: X002 cannot be changed", "X002 error"),
    ),
    Case(
        "email as a file name",
        named(f"{EMAIL}.yaml"),
        (
            "commitments/j***@example.org.yaml:37:12: R001 error: owner 'nobody' is not a "
            "signatory in this area",
        ),
    ),
    Case(
        "NHS number as a file name",
        named(f"plan-{NHS}.yaml"),
        (f"commitments/plan-{MASKED}.yaml:37:12: R001 error: owner 'nobody'",),
    ),
    # -- concordat.toml that is not a plain file in the area -------------------------------------
    Case(
        "concordat.toml linked outside the area",
        linked_out,
        (
            "concordat.toml: C001 error: cannot read concordat.toml: it is a symbolic link to a "
            "file outside the area folder",
        ),
        secrets=("leaked-secret", "read from outside"),
    ),
    Case(
        "concordat.toml that is a folder",
        toml_folder,
        ("concordat.toml: C001 error: cannot read concordat.toml: it is a folder",),
    ),
    Case(
        "concordat.toml that is a dangling link",
        dangling,
        (
            "concordat.toml: C001 error: cannot read concordat.toml: it is a symbolic link to a "
            "file that does not exist",
        ),
    ),
    Case(
        "concordat.toml that is a link loop",
        loop,
        (
            "concordat.toml: C001 error: cannot read concordat.toml: it is a symbolic link that "
            "loops back on itself",
        ),
    ),
    Case(
        "a setting set twice in concordat.toml",
        settings("stale-days = 90\n# quarterly\nstale-days = 30\n"),
        (
            "concordat.toml:3:1: C001 error: stale-days is set twice (lines 1 and 3)",
            "  hint: keep one and delete the other",
        ),
    ),
    Case(
        "a code set twice under [severity]",
        settings('[severity]\nP004 = "off"\n"P004" = "error"\n'),
        ("concordat.toml:3:2: C001 error: P004 is set twice in [severity] (lines 2 and 3)",),
    ),
    Case(
        "[severity] declared twice",
        settings('[severity]\nP004 = "off"\n\n[severity]\nP001 = "off"\n'),
        ("concordat.toml:4:2: C001 error: the table [severity] is declared twice (lines 1 and 4)",),
    ),
    Case(
        "an unknown code quoted under a [severity] heading with a comment",
        settings('[severity]   # per-code: "error", "warning" or "off"\n"Q999" = "off"\n'),
        ("concordat.toml:2:2: C002 error: unknown diagnostic code 'Q999'",),
    ),
    Case(
        "an unknown code quoted in single quotes under [severity]",
        settings("[severity]\n'Q999' = \"off\"\n"),
        ("concordat.toml:2:2: C002 error: unknown diagnostic code 'Q999'",),
    ),
    Case(
        "an unknown code in an inline severity table",
        settings('severity = {P004 = "off", Q999 = "off"}\n'),
        ("concordat.toml:1:27: C002 error: unknown diagnostic code 'Q999'",),
    ),
    Case(
        "an unknown code as a dotted key",
        settings('severity.Q999 = "off"\n'),
        ("concordat.toml:1:10: C002 error: unknown diagnostic code 'Q999'",),
    ),
    Case(
        "an unknown code under a quoted table name",
        settings('[ "severity" ]\n  Q999 = "off"\n'),
        ("concordat.toml:2:3: C002 error: unknown diagnostic code 'Q999'",),
    ),
    Case(
        "control character in concordat.toml",
        settings("stale-days = 90\n# a\x07b\n"),
        (
            "concordat.toml:2:4: C001 error: U+0007 is a control character, which TOML does "
            "not allow",
        ),
    ),
    Case(
        "concordat.toml with a byte-order mark",
        settings(b'\xef\xbb\xbf[severity]\nP004 = "warning"\n'),
        ("0 errors, 0 warnings",),
        exit_code=0,
    ),
    Case(
        "concordat.toml nested 5,000 deep",
        settings("stale-days = " + "[" * 5000 + "]" * 5000 + "\n"),
        ("concordat.toml:1:78: C001 error: concordat.toml is nested too deeply to read",),
    ),
    Case(
        "concordat.toml over 16 MB",
        huge,
        ("concordat.toml: C001 error: cannot read concordat.toml: it is 17.0 MB",),
    ),
    Case(
        "concordat.toml not UTF-8",
        settings(b"stale-days = 90\n# caf\xe9\n"),
        ("concordat.toml:2:6: C001 error: cannot read concordat.toml: byte 0xe9 is not valid",),
    ),
]


def outputs(folder: Path) -> dict[str, tuple[int, str]]:
    """What `concordat validate` prints in every format: exit code and stdout with stderr."""
    seen = {}
    for fmt in ("text", "json", "github", "sarif"):
        result = runner.invoke(app, ["validate", str(folder), *AS_OF, "--format", fmt])
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        seen[fmt] = (result.exit_code, result.stdout + result.stderr)
    shown = runner.invoke(app, ["validate", str(folder), *AS_OF, "--show-silenced"])
    seen["show-silenced"] = (shown.exit_code, shown.stdout + shown.stderr)
    return seen


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_privacy_and_settings(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    area = tmp_path / "area"
    area.mkdir()
    case.make(area)
    monkeypatch.chdir(area)
    seen = outputs(Path())
    code, text = seen["text"]
    assert code == case.exit_code, text[-2000:]
    for line in case.expect:
        assert line in text, text[-3000:]
    for fmt, (fmt_code, out) in seen.items():
        assert fmt_code == case.exit_code, (fmt, out[-2000:])
        assert "Traceback" not in out
        for secret in case.secrets:
            assert secret not in out, (fmt, secret, out[-3000:])
    json.loads(seen["json"][1])  # still a valid document


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_concordat_toml_that_is_a_named_pipe(tmp_path: Path) -> None:
    """Opening a pipe waits for a writer forever: it must be refused without being opened.
    Run in a separate process with a time limit, so a regression fails instead of hanging."""
    write_area(tmp_path, {})
    os.mkfifo(tmp_path / "concordat.toml")
    done = subprocess.run(
        [sys.executable, "-m", "concordat", "validate", ".", *AS_OF],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert (
        "concordat.toml: C001 error: cannot read concordat.toml: it is not a regular file"
        in done.stdout
    )


# -- what the views print: status, show and orgs draw what could be read --------------------------

BASELINE = f"baseline: {{date: 2026-01-01, value: {NHS}}}"
BROKEN_ELSEWHERE = "owner: icb"  # an unknown owner in the last commitment: the data has errors
VIEW_DATA: dict[str, str | bytes | None] = {
    "commitments.yaml": COMMITMENTS.replace(
        "title: Commitment led by police", "title: Held 943 476 5919 in cells", 1
    )
    .replace(NOTE, f"note: 'ask {EMAIL}, NHS-943.476.5919'", 1)
    .replace("measures: [{name: a measure}]", f"measures: [{{name: m, {BASELINE}}}]", 1)
    .replace(BROKEN_ELSEWHERE, "owner: icbb"),
    "signatories.yaml": sig("name: Testshire Police", "name: Testshire Police 943 476 5919"),
}
VIEWS = [
    ("status",),
    ("status", "--format", "csv"),
    ("status", "--format", "markdown"),
    ("status", "--format", "json"),
    ("show", "0.1"),
    ("show", "0.1", "--format", "json"),
    ("orgs",),
    ("orgs", "--format", "csv"),
    ("orgs", "--format", "markdown"),
    ("orgs", "--format", "json"),
]


@pytest.mark.parametrize("args", VIEWS, ids=[" ".join(v) for v in VIEWS])
def test_views_of_data_with_errors_mask_personal_data(
    args: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_area(tmp_path, VIEW_DATA)
    result = runner.invoke(app, [*args, *AS_OF], env={"COLUMNS": "200"})
    out = result.stdout + result.stderr
    assert result.exit_code == 1, out  # the data has errors, and the view is still drawn
    assert "Testshire Police" in out
    for secret in SECRETS:
        assert secret not in out, (secret, out)
    assert re.search(r"943 (\\\*|\*){3} (\\\*|\*){2}19", out), out  # masked, Markdown or not


def test_every_case_is_in_the_docs_table() -> None:
    doc = (REPO / "docs" / "hostile.md").read_text(encoding="utf-8")
    section = doc.split("## Privacy and concordat.toml", 1)[1]
    rows = set(re.findall(r"^\| ([^|]+?) \|", section, re.MULTILINE)) - {"input", "---"}
    others = {"concordat.toml that is a named pipe", "personal data in a view of data with errors"}
    assert rows == {c.name for c in CASES} | others
