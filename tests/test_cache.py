"""The result cache: same output warm as cold, never a stale result, never in the way."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from concordat import cache, national
from tests.conftest import REPO, invoke

AS_OF = ["--as-of", "2026-11-22"]


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "norfolk"
    folder.mkdir()
    for name in ("signatories.yaml", "commitments.yaml"):
        shutil.copy(REPO / name, folder / name)
    monkeypatch.chdir(tmp_path)
    return folder


def entries(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("*.json"))


def no_checking(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, an area that is read and checked fails the test: only hits may answer."""

    def refuse(*_: object) -> None:
        raise AssertionError("the area was checked again")

    monkeypatch.setattr(national, "check_area", refuse)


@pytest.mark.parametrize(
    "options",
    [[], ["--format", "json"], ["--format", "github"], ["--format", "sarif"], ["--strict"]],
)
def test_a_warm_run_prints_exactly_what_the_cold_run_printed(
    shipped: Path, _own_cache: Path, monkeypatch: pytest.MonkeyPatch, options: list[str]
) -> None:
    cold = invoke("validate", "norfolk", *AS_OF, *options)
    assert len(entries(_own_cache)) == 1
    no_checking(monkeypatch)
    assert invoke("validate", "norfolk", *AS_OF, *options) == cold


def test_errors_silences_and_hostile_text_survive_the_cache(
    shipped: Path, _own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = shipped / "commitments.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("owner: nsft", 'owner: "[red]nsft\\e[2J"', 1)
    silence = "\n    silence: [{code: P001, reason: agreed at board}]"
    text = text.replace("status: off-track", "status: off-track" + silence, 1)
    path.write_text(text, encoding="utf-8")
    uncached = invoke("validate", "norfolk", *AS_OF, "--show-silenced", "--no-cache")
    cold = invoke("validate", "norfolk", *AS_OF, "--show-silenced", "--format", "json")
    assert cold[0] == 1 and json.loads(cold[1])["silenced"]
    invoke("validate", "norfolk", *AS_OF, "--show-silenced")
    no_checking(monkeypatch)
    assert invoke("validate", "norfolk", *AS_OF, "--show-silenced", "--format", "json") == cold
    assert invoke("validate", "norfolk", *AS_OF, "--show-silenced") == uncached
    assert "\x1b" not in uncached[1] and "[red]nsft\\x1b[2J" in uncached[1]


def test_any_change_to_a_byte_is_a_new_result(shipped: Path, _own_cache: Path) -> None:
    path = shipped / "commitments.yaml"
    before = invoke("validate", "norfolk", *AS_OF)
    info = path.stat()
    data = path.read_bytes().replace(b"status: at-risk", b"status: at-rizk", 1)
    path.write_bytes(data)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # same size and time: only bytes
    assert path.stat().st_size == info.st_size
    after = invoke("validate", "norfolk", *AS_OF)
    assert after[0] == 1 and "at-rizk" in after[1] and "at-rizk" not in before[1]
    assert len(entries(_own_cache)) == 2


@pytest.mark.parametrize(
    "change",
    [
        ["--as-of", "2027-06-01"],
        ["--stale-days", "30"],
        "settings",
        "split-file",
        "working-folder",
    ],
)
def test_whatever_decides_the_result_is_in_the_key(
    shipped: Path, _own_cache: Path, monkeypatch: pytest.MonkeyPatch, change: object
) -> None:
    first = invoke("validate", "norfolk", *AS_OF)
    args: list[str | Path] = ["validate", "norfolk", *AS_OF]
    if isinstance(change, list):
        args += change
    elif change == "settings":
        (shipped / "concordat.toml").write_text("stale-days = 30\n", encoding="utf-8")
    elif change == "split-file":
        (shipped / "commitments").mkdir()
        (shipped / "commitments" / "extra.yaml").write_text("commitments: []\n", encoding="utf-8")
    else:
        monkeypatch.chdir(shipped)
        args[1] = "."
    second = invoke(*args)
    assert second != first
    assert second == invoke(*args, "--no-cache")
    assert len(entries(_own_cache)) == 2


def test_an_area_with_a_link_is_never_cached(shipped: Path, _own_cache: Path) -> None:
    (shipped / "notes.yaml").symlink_to(shipped / "signatories.yaml")
    invoke("validate", "norfolk", *AS_OF)
    assert entries(_own_cache) == []


def test_a_damaged_entry_is_ignored(shipped: Path, _own_cache: Path) -> None:
    cold = invoke("validate", "norfolk", *AS_OF)
    (entry,) = entries(_own_cache)
    for damage in ("", "{", '{"format": 1}', "[]", json.dumps({"format": 99})):
        entry.write_text(damage, encoding="utf-8")
        assert invoke("validate", "norfolk", *AS_OF) == cold


def test_a_file_changed_while_it_was_checked_is_not_stored(
    shipped: Path, _own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = national.check_area

    def meanwhile(folder: Path, *args: object) -> national.AreaResult:
        result = real(folder, *args)  # type: ignore[arg-type]
        (folder / "commitments.yaml").write_text("commitments: []\n", encoding="utf-8")
        return result

    monkeypatch.setattr(national, "check_area", meanwhile)
    invoke("validate", "norfolk", *AS_OF)
    assert entries(_own_cache) == []


def test_the_cache_can_be_turned_off(
    shipped: Path, _own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoke("validate", "norfolk", *AS_OF, "--no-cache")
    assert entries(_own_cache) == []
    monkeypatch.setenv(cache.ENV, "")
    code, out, _ = invoke("validate", "norfolk", *AS_OF)
    assert code == 0 and "0 errors" in out
    assert invoke("cache")[1].startswith("the cache is off (CONCORDAT_CACHE_DIR is set but empty")


def test_an_unwritable_cache_is_no_error(
    shipped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(cache.ENV, str(blocked / "cache"))
    code, out, err = invoke("validate", "norfolk", *AS_OF)
    assert (code, err) == (0, "") and "0 errors" in out


def test_the_default_place_is_the_users_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(cache.ENV)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.directory() == tmp_path / "xdg" / "concordat"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.directory() == tmp_path / "home" / ".cache" / "concordat"


def test_the_roll_up_is_cached_too(
    tmp_path: Path, _own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("north", "south"):
        (tmp_path / "areas" / name).mkdir(parents=True)
        for file in ("signatories.yaml", "commitments.yaml"):
            shutil.copy(REPO / file, tmp_path / "areas" / name / file)
    monkeypatch.chdir(tmp_path)
    cold = invoke("status", "areas", *AS_OF, "--format", "json", "--jobs", "1")
    assert cold[0] == 0 and len(entries(_own_cache)) == 2
    no_checking(monkeypatch)
    assert invoke("status", "areas", *AS_OF, "--format", "json", "--jobs", "1") == cold


def test_cache_command_shows_and_clears(shipped: Path, _own_cache: Path) -> None:
    invoke("validate", "norfolk", *AS_OF)
    code, out, _ = invoke("cache")
    assert code == 0 and out.startswith(f"{_own_cache}: 1 stored result(s), ")
    assert invoke("cache", "--clear")[1] == f"removed 1 stored result(s) from {_own_cache}\n"
    assert entries(_own_cache) == []


def entry_name(n: int) -> str:
    return f"{n:064x}.json"


def test_the_least_recently_used_entries_are_pruned(tmp_path: Path) -> None:
    for n in range(10):
        entry = tmp_path / entry_name(n)
        entry.write_text("{}", encoding="utf-8")
        os.utime(entry, ns=(n * 10**9, n * 10**9))
    assert cache.prune(tmp_path, keep=8) == 4  # down to three quarters of the limit
    assert [p.name for p in entries(tmp_path)] == [entry_name(n) for n in range(4, 10)]
    assert cache.prune(tmp_path, keep=8) == 0


def test_files_that_are_not_entries_are_never_touched(
    shipped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even if CONCORDAT_CACHE_DIR names a folder of the user's own files."""
    mine = tmp_path / "documents"
    mine.mkdir()
    own = {"notes.json": "{}", "plan.tmp": "draft", "a.json": "[]"}
    for name, text in own.items():
        (mine / name).write_text(text, encoding="utf-8")
        os.utime(mine / name, ns=(0, 0))  # older than any entry
    monkeypatch.setenv(cache.ENV, str(mine))
    invoke("validate", "norfolk", *AS_OF)
    assert cache.summary(mine)[0] == 1
    assert cache.prune(mine, keep=0) == 1
    invoke("validate", "norfolk", *AS_OF)
    assert invoke("cache", "--clear")[1].startswith("removed 1 stored result(s)")
    assert {p.name: p.read_text(encoding="utf-8") for p in mine.iterdir()} == own


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_in_the_area_is_never_opened_for_the_key(shipped: Path, _own_cache: Path) -> None:
    os.mkfifo(shipped / "notes.yaml")  # opening it would wait for a writer forever
    done = subprocess.run(
        [sys.executable, "-m", "concordat", "validate", "norfolk", *AS_OF],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0 and "0 errors" in done.stdout
    assert entries(_own_cache) == []


def test_a_warm_run_over_many_areas_starts_no_workers(
    tmp_path: Path, _own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures

    for name in ("north", "south", "west"):
        (tmp_path / "areas" / name).mkdir(parents=True)
        for file in ("signatories.yaml", "commitments.yaml"):
            shutil.copy(REPO / file, tmp_path / "areas" / name / file)
    monkeypatch.chdir(tmp_path)
    cold = invoke("validate", "areas", *AS_OF, "--jobs", "2")
    assert cold[0] == 0 and len(entries(_own_cache)) == 3

    def no_pool(*_: object, **__: object) -> None:
        raise AssertionError("worker processes were started")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    assert invoke("validate", "areas", *AS_OF, "--jobs", "2") == cold


@pytest.mark.parametrize(("ci", "named", "on"), [("true", False, False), ("1", False, False),
                         ("false", False, True), ("true", True, True)])  # fmt: skip
def test_on_a_ci_runner_the_cache_is_off_unless_a_folder_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ci: str, named: bool, on: bool
) -> None:
    monkeypatch.setenv("CI", ci)
    monkeypatch.setenv("HOME", str(tmp_path))
    if not named:
        monkeypatch.delenv(cache.ENV)
    assert (cache.directory() is not None) == on
    if not on:
        assert invoke("cache")[1].startswith("the cache is off (CI is set")
