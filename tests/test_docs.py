"""The docs cannot drift from the code: every code and every option is documented."""

from __future__ import annotations

import re

import pytest
import typer.main

from concordat.cli import app
from concordat.diagnostics import CODES
from tests.conftest import REPO

DOCS = (REPO / "docs" / "diagnostics.md").read_text(encoding="utf-8")
README = (REPO / "README.md").read_text(encoding="utf-8")


def _section(code: str) -> str:
    match = re.search(rf"^### {code} .*?(?=^##|\Z)", DOCS, re.MULTILINE | re.DOTALL)
    assert match, f"{code} has no section in docs/diagnostics.md"
    return match.group()


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_is_documented(code: str) -> None:
    info = CODES[code]
    section = _section(code)
    assert section.startswith(f"### {code} {info.name} ({info.severity.value})")
    for part in ("**What it flags:**", "**Why it matters:**", "**How to fix:**"):
        assert part in section, f"{code}: missing {part}"
    row = f"| {code} | {info.name} | {info.severity.value} | {info.summary} |"
    assert row in README, f"README's code table lacks: {row}"


def test_no_documented_code_is_unknown() -> None:
    documented = set(re.findall(r"^### ([A-Z]\d{3}) ", DOCS, re.MULTILINE))
    in_readme = set(re.findall(r"^\| ([A-Z]\d{3}) \|", README, re.MULTILINE))
    assert documented == set(CODES) == in_readme


def test_every_command_and_option_is_in_the_readme() -> None:
    group = typer.main.get_command(app)
    commands = getattr(group, "commands", {})
    assert commands
    for name, command in commands.items():
        assert f"concordat {name}" in README, f"command {name} is not in the README"
        for param in command.params:
            for flag in param.opts:
                if flag.startswith("-"):
                    assert f"`{flag}" in README, f"{name} {flag} is not in the README"
                else:  # an argument: shown by its metavar in the command's heading
                    shown = getattr(param, "metavar", None) or flag.upper()
                    assert f"`concordat {name} " in README and shown.strip("[].") in README, shown
