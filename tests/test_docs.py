"""The docs cannot drift from the code: every code and every option is documented."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import pytest
import typer.main

from concordat import init
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


# -- installing: our distribution's name, commands for every system --------------------------

#: A command that installs (or runs from an index) the packages named after it.
INSTALLS = re.compile(
    r"\b(?:(?:pip3?|pipx|uv\s+(?:tool|pip))(?:\.exe)?\s+(?:install|run)|uvx)\b"
    r"(?P<args>[^\n`;&|]*)"  # to the end of the line, the inline code or the shell command
)
#: The bare name as a requirement: not part of a longer name, a path or an address.
BARE = re.compile(r"(?<![\w/\\.@+-])concordat(?![\w-])")


def _bare_installs(text: str) -> list[str]:
    return [m.group() for m in INSTALLS.finditer(text) if BARE.search(m.group("args"))]


#: What the check must catch (the first was in init's pre-commit comment) and let through.
BARE_INSTALLS = [
    "# `pip install pre-commit concordat`, then `pre-commit install`",
    'run: python -m pip install "concordat @ git+https://github.com/x/concordat"',
    "pipx install concordat",
    "uv tool install concordat==0.1.0",
    "uvx concordat status",
    "pip3 install 'concordat[test]'",
    "pipx run concordat validate",
]
OUR_INSTALLS = [
    'pipx install "concordat-tracker @ git+https://github.com/x/concordat@0123abc"',
    "python3 -m venv .venv && .venv/bin/python -m pip install -q -e '.[test]'",
    "uv tool install git+https://example.org/partners/concordat",
    "python -m pip install pre-commit      (or: pipx install pre-commit)",
    "`pip install` puts the `concordat` command in the folder",
    r"py -m venv .venv; .venv\Scripts\python -m pip install -q .; .venv\Scripts\concordat",
]


def _shipped_texts(tmp_path: Path) -> dict[str, str]:
    """Everything a user reads: docs, code and data files, and every file init writes."""
    skip = {
        ".git",
        ".venv",
        "tests",
        "__pycache__",
        ".mypy_cache",
        ".ruff_cache",
        ".hypothesis",
        ".pytest_cache",
        "build",
        "dist",
    }
    texts = {}
    for path in REPO.rglob("*"):
        parts = set(path.relative_to(REPO).parts)
        wanted = path.suffix in {".md", ".py", ".yaml", ".yml", ".toml", ".json", ".txt"}
        if path.is_file() and not parts & skip and (wanted or path.name == "run"):
            texts[str(path.relative_to(REPO))] = path.read_text(encoding="utf-8")
    known = init.Source("https://github.com/example/concordat", "0" * 40)
    for source in (init.UNKNOWN, known):
        for path, text in init.files(tmp_path / "area", source).items():
            texts[f"written by init: {path.name} ({source.url})"] = text
    return texts


def test_nothing_tells_anyone_to_install_the_bare_name(tmp_path: Path) -> None:
    """`concordat` on PyPI is an unrelated project: installing it installs someone else's."""
    assert all(_bare_installs(line) for line in BARE_INSTALLS)
    assert not any(_bare_installs(line) for line in OUR_INSTALLS)
    found = {
        name: bad
        for name, text in _shipped_texts(tmp_path).items()
        if (bad := _bare_installs(text))
    }
    assert not found


def test_every_install_from_git_names_our_distribution(tmp_path: Path) -> None:
    name = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]
    assert name == init.DIST_NAME != "concordat"
    named = {
        requirement
        for text in _shipped_texts(tmp_path).values()
        for requirement in re.findall(r"([\w.-]+) @ git\+", text)
    }
    assert named == {name}  # pip refuses a git install whose name is not the project's


def test_docs_ci_shows_exactly_what_init_writes() -> None:
    ci = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```yaml\n(.*?)^```", ci, re.MULTILINE | re.DOTALL)
    assert init.workflow() in blocks and init.pre_commit_config() in blocks


def test_no_doc_names_a_rev_that_does_not_exist(tmp_path: Path) -> None:
    """pre-commit stops at a `rev` that is not in the repository (as `v0.1.0` did)."""
    tags = subprocess.run(
        ["git", "-C", str(REPO), "tag", "--list"], capture_output=True, text=True, check=False
    ).stdout.split()
    revs = {
        (name, rev)
        for name, text in _shipped_texts(tmp_path).items()
        if name.endswith(".md") or name.startswith("written by init")
        for rev in re.findall(r"^\s*rev:\s*(\S+)", text, re.MULTILINE)
    }
    assert revs
    allowed = {*tags, init.COMMIT_PLACEHOLDER}  # the placeholder init lists for filling in
    assert not {(n, r) for n, r in revs if r not in allowed and not re.fullmatch("[0-9a-f]{40}", r)}


def _block(marker: str) -> list[str]:
    """The lines of the README's block between <!-- marker --> and <!-- /marker -->."""
    match = re.search(rf"<!-- {marker} -->\n```sh\n(.*?)```\n<!-- /{marker} -->", README, re.DOTALL)
    assert match, marker
    return match.group(1).splitlines()


def test_the_readme_starts_with_the_two_posix_commands_then_the_same_two_for_windows() -> None:
    (run,), (test,) = _block("main-command"), _block("test-command")
    assert run.startswith("python3 -m venv .venv && ") and run.endswith(
        ".venv/bin/concordat status"
    )
    assert test.endswith(".venv/bin/python -m pytest -q")  # what .ci/run evals
    after = README[README.index("<!-- /test-command -->") :]
    windows = re.search(r"```powershell\n(.*?)```", after, re.DOTALL)
    assert windows and after.index("```powershell") < after.index("\n## ")

    def powershell(posix: str) -> str:
        return (
            posix.replace("python3 -m venv", "py -m venv")
            .replace(" && ", "; ")
            .replace(".venv/bin/", ".venv\\Scripts\\")
        )

    assert windows.group(1).splitlines() == [powershell(run), powershell(test)]


def test_the_readme_says_how_to_run_the_command_and_how_to_get_it_without_a_clone() -> None:
    for text in (
        ". .venv/bin/activate",
        ".venv\\Scripts\\Activate.ps1",
        ".venv/bin/concordat validate",
        ".venv\\Scripts\\concordat validate",
        'pipx install "concordat-tracker @ git+',
        'uv tool install "concordat-tracker @ git+',
        "not published on PyPI yet",
    ):
        assert text in README, text
