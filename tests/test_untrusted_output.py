"""Untrusted text on the way out: every format, every kind of payload, shown harmlessly."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from concordat.cli import app
from tests.conftest import COMMITMENTS, SIGNATORIES, write_area

runner = CliRunner()

# Written as YAML double-quoted escapes, so the loaded text holds the raw characters.
PAYLOADS = {
    "rich markup": ("[bold red]x[/bold red] [link=http://evil.example]y[/link]", "[bold red]x"),
    "ANSI clear screen": ("a\\e[2Jb", "\\x1b[2J"),
    "OSC 8 hyperlink": ("\\e]8;;http://evil.example\\e\\\\click\\e]8;;\\e\\\\", "\\x1b]8;;"),
    "bell and C1 CSI": ("a\\ab\\x9b31mc", "\\x9b31m"),
    "bidi override": ("abc\\u202edcba", "\\u202e"),
    "script tag": ("<script>alert(1)</script>", "script"),
    "markdown pipe": ("a | b | c", "a"),
    "formula": ('=HYPERLINK(\\"http://evil.example\\",\\"x\\")', "HYPERLINK"),
    "newline injection": ("ok\\n::error file=x::forged", "forged"),
}
RAW_CONTROL = ("\x1b", "\x07", "\x9b", "\u202e")


def area_with(folder: Path, payload: str) -> None:
    commitments = COMMITMENTS.replace(
        "title: Commitment led by police", f'title: "{payload}"', 1
    ).replace("note: going well", f'note: "{payload}"', 1)
    signatories = SIGNATORIES.replace("name: Testshire Police", f'name: "{payload}"')
    write_area(folder, {"commitments.yaml": commitments, "signatories.yaml": signatories})


def broken_with(folder: Path, payload: str) -> None:
    """A status word holding the payload: validate's message repeats what was written."""
    short = payload[:40]
    text = COMMITMENTS.replace("status: on-track", f'status: "{short}"', 1)
    write_area(folder, {"commitments.yaml": text})


FORMATS = {
    "validate text": (broken_with, ["validate"]),
    "validate json": (broken_with, ["validate", "--format", "json"]),
    "validate github": (broken_with, ["validate", "--format", "github"]),
    "validate sarif": (broken_with, ["validate", "--format", "sarif"]),
    "status table": (area_with, ["status"]),
    "status json": (area_with, ["status", "--format", "json"]),
    "status csv": (area_with, ["status", "--format", "csv"]),
    "status markdown": (area_with, ["status", "--format", "markdown"]),
    "show table": (area_with, ["show", "0.1"]),
    "show json": (area_with, ["show", "0.1", "--format", "json"]),
    "orgs table": (area_with, ["orgs"]),
    "orgs csv": (area_with, ["orgs", "--format", "csv"]),
    "orgs markdown": (area_with, ["orgs", "--format", "markdown"]),
}


@pytest.mark.parametrize("payload_name", list(PAYLOADS))
@pytest.mark.parametrize("format_name", list(FORMATS))
def test_payload_is_shown_harmlessly(
    format_name: str, payload_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    make, args = FORMATS[format_name]
    payload, visible = PAYLOADS[payload_name]
    make(tmp_path, payload)
    result = runner.invoke(app, [*args, "--as-of", "2026-11-22"], env={"COLUMNS": "200"})
    assert result.exception is None or isinstance(result.exception, SystemExit)
    out = result.stdout
    for char in RAW_CONTROL:
        assert char not in out, f"raw {char!r} reached the output"
    kind = format_name.split()[1]
    if kind in ("text", "table"):
        assert visible in out  # shown literally, not interpreted
    elif kind in ("json", "sarif"):
        json.loads(out)
    elif kind == "github":
        commands = [line for line in out.splitlines() if line.startswith("::")]
        assert all(not line.startswith("::error file=x") for line in commands)
        assert len(commands) == len([d for d in out.splitlines() if "::" in d[:10]])
    elif kind == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        cells = [cell for row in rows[1:] for cell in row]
        assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    elif kind == "markdown":
        for line in out.splitlines():
            if line.startswith("|") and payload_name == "markdown pipe" and "a \\| b" in line:
                break
        else:
            assert payload_name != "markdown pipe", "the pipe was not escaped"
        assert "<script>" not in out
