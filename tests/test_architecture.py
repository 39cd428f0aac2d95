"""The shape of the code, as docs/architecture.md describes it, checked so it cannot drift."""

from __future__ import annotations

import ast
import inspect
import json
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
import typer.main

from concordat import cli
from concordat.render import (
    ShowFormat,
    ValidateFormat,
    ViewFormat,
    detail,
    orgs,
    rollup,
    status,
    validation,
)
from tests.conftest import REPO, invoke

PACKAGE = REPO / "concordat"


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str) -> Iterator[str]:
    """Every concordat module ``name`` imports, at any level (lazy imports included)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.split(".")[0] == "concordat")
        elif isinstance(node, ast.ImportFrom):
            assert not node.level, f"{name}: relative import"
            base = node.module or ""
            if base.split(".")[0] != "concordat":
                continue
            for alias in node.names:  # `from concordat.render import status` names a module
                sub = f"{base}.{alias.name}"
                yield sub if sub in MODULES else base


def test_no_module_imports_the_package_root() -> None:
    offenders = [name for name in MODULES if "concordat" in set(_imports(name))]
    assert offenders == [], "import from the module that defines it, not from concordat"


def test_there_is_no_import_cycle() -> None:
    graph = {name: {i for i in _imports(name) if i in MODULES and i != name} for name in MODULES}
    # a package imports its own submodules to re-export them; that is not a cycle of ideas
    for name in graph:
        graph[name] = {i for i in graph[name] if not (MODULES[name].name == "__init__.py"
                       and i.startswith(name + "."))}  # fmt: skip
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        path.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)


def test_every_command_body_fits_on_a_screen() -> None:
    group = typer.main.get_command(cli.app)
    commands = getattr(group, "commands", {})
    assert commands
    for name, command in commands.items():
        function = command.callback
        assert function is not None
        source = inspect.getsource(inspect.unwrap(function))
        body = ast.parse(source).body[0]
        assert isinstance(body, ast.FunctionDef)
        first, last = body.body[0].lineno, body.body[-1].end_lineno or 0
        assert last - first + 1 <= 30, f"concordat {name}: {last - first + 1} lines"


REGISTRIES: list[tuple[type[StrEnum], Any]] = [
    (ValidateFormat, validation.FORMATS),
    (ViewFormat, status.FORMATS),
    (ViewFormat, rollup.FORMATS),
    (ViewFormat, orgs.FORMATS),
    (ShowFormat, detail.FORMATS),
]


@pytest.mark.parametrize(("formats", "registry"), REGISTRIES)
def test_every_format_a_command_offers_has_a_renderer(
    formats: type[StrEnum], registry: Any
) -> None:
    assert set(registry) == set(formats)
    for renderer in registry.values():
        assert renderer.text is not None or renderer.terminal is not None


def _key_types(value: object, found: dict[str, set[str]]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if item is not None:
                found.setdefault(key, set()).add(type(item).__name__)
            _key_types(item, found)
    elif isinstance(value, list):
        for item in value:
            _key_types(item, found)


def test_a_json_key_means_the_same_thing_in_every_document(tmp_path: Path) -> None:
    national = tmp_path / "areas"
    for name in ("a", "b"):
        (national / name).mkdir(parents=True)
        for file in ("signatories.yaml", "commitments.yaml"):
            (national / name / file).write_bytes((REPO / file).read_bytes())
    as_of = ["--as-of", "2026-11-22", "--format", "json"]
    found: dict[str, set[str]] = {}
    for args in (
        ["validate", REPO],
        ["validate", national],
        ["status", REPO],
        ["status", national],
        ["show", "2.1", REPO],
        ["orgs", REPO],
    ):
        _, out, _ = invoke(*args, *as_of)
        _key_types(json.loads(out), found)
    mixed = {key: kinds for key, kinds in found.items() if len(kinds) > 1}
    # Keys on different kinds of object, as docs/json.md describes them: a "summary" counts
    # what the document lists under the same name, and "overdue" is whether a commitment is
    # overdue (due soon, stale), or how many of an organisation's or an area's are.
    by_design = {
        "commitments": {"int", "list"},
        "files": {"int", "list"},
        "silenced": {"int", "list"},
        "overdue": {"int", "bool"},
        "due_soon": {"int", "bool"},
        "stale": {"int", "bool"},
    }
    assert mixed == by_design, "a key whose type depends on the document"
    assert found["leads"] == {"int"}
