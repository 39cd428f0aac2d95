"""concordat init: a new partnership repository that validates, and never a replaced file."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from concordat import init
from concordat.cli import app
from tests.conftest import REPO, invoke

runner = CliRunner()
URL = "https://github.com/example/concordat"
SHA = "0123456789abcdef0123456789abcdef01234567"


def test_init_then_validate_exits_0_and_a_second_init_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "west-sussex"
    first = runner.invoke(app, ["init", str(folder)])
    assert first.exit_code == 0 and "skipped" not in first.stdout
    names = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert names == [
        ".github/workflows/concordat.yml",
        ".pre-commit-config.yaml",
        "README.md",
        "commitments.yaml",
        "concordat.toml",
        "schema/commitments.schema.json",
        "schema/signatories.schema.json",
        "signatories.yaml",
    ]
    assert "area: West Sussex" in (folder / "signatories.yaml").read_text(encoding="utf-8")
    checked = runner.invoke(app, ["validate", str(folder), "--as-of", "2026-11-22"])
    assert checked.exit_code == 0, checked.stdout
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    second = runner.invoke(app, ["init", str(folder)])
    assert second.exit_code == 0
    assert second.stdout.count("skipped") == len(before) and "created" not in second.stdout
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_init_keeps_what_the_user_already_wrote(tmp_path: Path) -> None:
    mine = "area: Mine\nsignatories: []\n"
    (tmp_path / "signatories.yaml").write_text(mine, encoding="utf-8")
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 0
    assert f"skipped  {tmp_path / 'signatories.yaml'}" in result.stdout
    assert (tmp_path / "signatories.yaml").read_text(encoding="utf-8") == mine
    assert not list(tmp_path.rglob("*.tmp"))  # no temporary files left behind


def _no_source(monkeypatch: pytest.MonkeyPatch) -> None:
    """concordat as if installed from nowhere init can name (a local folder, an index)."""
    monkeypatch.setattr(init, "installed_source", lambda: None)


def _written(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_generated_ci_files_parse_and_install_our_distribution_at_one_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(init, "installed_source", lambda: init.Source(URL, SHA))
    runner.invoke(app, ["init", str(tmp_path)])
    config = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo == {"repo": URL, "rev": SHA, "hooks": [{"id": "concordat-validate"}]}
    (shipped,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert shipped["id"] == "concordat-validate"  # the hook the config asks for exists
    workflow = yaml.safe_load(
        (tmp_path / ".github/workflows/concordat.yml").read_text(encoding="utf-8")
    )
    steps = workflow["jobs"]["validate"]["steps"]
    assert steps[-2]["run"] == f'python -m pip install "concordat-tracker @ git+{URL}@{SHA}"'
    assert steps[-1]["run"] == "concordat validate ."
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert f'pipx install "concordat-tracker @ git+{URL}@{SHA}"' in readme


def test_installed_from_a_public_git_repository_init_leaves_nothing_to_fill_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(init, "installed_source", lambda: init.Source(URL, SHA))
    folder = tmp_path / "area"
    outcome = init.scaffold(folder)
    for name, text in _written(folder).items():
        assert "YOUR-ORGANISATION" not in text and "COMMIT-SHA" not in text, name
    message = "\n".join(init.closing(folder, outcome))
    assert "fill in" not in message
    assert f"CI and pre-commit install concordat from {URL} at commit {SHA[:12]}" in message


def test_the_closing_message_lists_every_placeholder_with_its_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_source(monkeypatch)
    folder = tmp_path / "area"
    message = init.closing(folder, init.scaffold(folder))
    found = [
        (name, number, token)
        for name, text in _written(folder).items()
        for number, line in enumerate(text.splitlines(), start=1)
        for token in ("YOUR-ORGANISATION", "COMMIT-SHA")
        if token in line
    ]
    # the workflow, the pre-commit config and the README each name the address and the commit
    assert {Path(name).as_posix() for name, _, _ in found} == {
        ".github/workflows/concordat.yml",
        ".pre-commit-config.yaml",
        "README.md",
    }
    places = {(f"{folder / name}:{number}", token) for name, number, token in found}
    assert message[0].startswith("fill in what init could not know")
    headings = {
        "YOUR-ORGANISATION": "  the https address of concordat's git repository, in place of "
        "https://github.com/YOUR-ORGANISATION/concordat:",
        "COMMIT-SHA": "  a full commit SHA of that repository, the same in every file "
        "(`git ls-remote ADDRESS HEAD` prints the newest), or a release tag of it, in place "
        "of COMMIT-SHA:",
    }
    for token, heading in headings.items():
        after = message[message.index(heading) + 1 :]
        listed = [
            m.strip()
            for m in after[: next(i for i, m in enumerate(after) if not m.startswith("    "))]
        ]
        assert sorted(listed) == sorted(place for place, t in places if t == token), token
    assert message[-1].startswith("next: add your organisations to")


def test_a_placeholder_in_a_file_init_skipped_is_not_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_source(monkeypatch)
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "concordat.yml").write_text("name: mine\n")
    message = "\n".join(init.closing(tmp_path, init.scaffold(tmp_path)))
    assert "concordat.yml" not in message and ".pre-commit-config.yaml:7" in message


def test_init_itself_prints_the_places_to_fill_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_source(monkeypatch)
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 0
    assert f"    {tmp_path / '.pre-commit-config.yaml'}:7" in result.stdout
    assert f"    {tmp_path / '.github' / 'workflows' / 'concordat.yml'}:20" in result.stdout


def _fake_install(site: Path, direct_url: object) -> None:
    """A distribution as pip leaves it, with its PEP 610 record of where it came from."""
    info = site / "concordat_tracker-0.1.0.dist-info"
    info.mkdir(parents=True)
    meta = "Metadata-Version: 2.1\nName: concordat-tracker\nVersion: 0.1.0\n"
    (info / "METADATA").write_text(meta, encoding="utf-8")
    (info / "direct_url.json").write_text(json.dumps(direct_url), encoding="utf-8")


@pytest.mark.parametrize(
    ("url", "found"),
    [
        (URL, True),
        ("file:///home/me/concordat", False),  # a runner cannot clone a path on my machine
        ("https://user:token@github.com/example/concordat", False),  # never write a secret
        ("git@github.com:example/concordat.git", False),
    ],
)
def test_init_reads_where_pip_installed_concordat_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str, found: bool
) -> None:
    vcs = {"vcs": "git", "commit_id": SHA, "requested_revision": "main"}
    _fake_install(tmp_path, {"url": url, "vcs_info": vcs})
    monkeypatch.syspath_prepend(str(tmp_path))
    assert init.installed_source() == (init.Source(URL, SHA) if found else None)


def _git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("pushed", [True, False])
def test_installed_from_a_clone_init_uses_its_origin_once_the_commit_is_pushed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pushed: bool
) -> None:
    clone = tmp_path / "clone"
    clone.mkdir()
    _git(clone, "init", "-q")
    _git(
        clone,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.org",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "start",
    )
    _git(clone, "remote", "add", "origin", "git@github.com:example/concordat.git")
    commit = _git(clone, "rev-parse", "HEAD")
    if pushed:
        _git(clone, "update-ref", "refs/remotes/origin/main", commit)
    _fake_install(tmp_path / "site", {"url": clone.as_uri(), "dir_info": {"editable": True}})
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    expected = init.Source("https://github.com/example/concordat.git", commit)
    assert init.installed_source() == (expected if pushed else None)


def test_init_on_a_file_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "a-file"
    target.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 2 and "not a folder" in result.stderr


def test_files_written_are_readable_as_any_new_file_is(tmp_path: Path) -> None:
    """Not owner-only like the temporary file they are written through."""
    code, _, _ = invoke("init", tmp_path / "area")
    assert code == 0
    mask = os.umask(0)
    os.umask(mask)
    for path in (tmp_path / "area").rglob("*"):
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask, path
