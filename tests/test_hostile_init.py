"""The hostile corpus for the commands that write: `concordat init` and `concordat schema`.

Whatever the folder holds or is called, they never write outside the folder they were given,
never through a link that loops, never leave a half-written file, and say what they did:
exit 2 and a message naming the path when they refuse or stop, and files that validate when
they finish. docs/hostile.md ("init and schema") lists each case; a test checks the two agree.
"""

from __future__ import annotations

import errno
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from concordat import init
from concordat.cli import app
from tests.conftest import REPO

runner = CliRunner()
SENTINEL = "a file outside the folder init was given\n"


def _snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder``, links as their targets: to see that nothing changed."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = f"-> {path.readlink()}"
        elif path.is_file():
            found[name] = path.read_bytes()
        else:
            found[name] = "folder"
    return found


@dataclass
class Case:
    name: str
    make: Callable[[Path], None]  # builds what the command meets, in the current folder
    args: list[str]
    says: list[str]  # what the output (stdout, then stderr) must contain
    exit_code: int = 2


def linked(link: str, target: str, *, folders: tuple[str, ...] = ()) -> Callable[[Path], None]:
    def make(here: Path) -> None:
        for folder in folders:
            (here / folder).mkdir(parents=True, exist_ok=True)
        (here / link).symlink_to(target)

    return make


def a_file(name: str, *, folders: tuple[str, ...] = ()) -> Callable[[Path], None]:
    def make(here: Path) -> None:
        for folder in folders:
            (here / folder).mkdir(parents=True, exist_ok=True)
        (here / name).write_text("mine\n", encoding="utf-8")

    return make


OUTSIDE = "never writes through a link that leaves the folder it was given"

CASES = [
    Case(
        "init: schema/ is a link out of the folder",
        linked("t/schema", "../outside", folders=("t",)),
        ["init", "t"],
        [f"t/schema is a symbolic link to ../outside, outside t: concordat {OUTSIDE}", "nothing"],
    ),
    Case(
        "init: .github/ is a link out of the folder",
        linked("t/.github", "../outside", folders=("t",)),
        ["init", "t"],
        [f"t/.github is a symbolic link to ../outside, outside t: concordat {OUTSIDE}"],
    ),
    Case(
        "init: .github/workflows/ is a link out of the folder",
        linked("t/.github/workflows", "../../outside", folders=("t/.github",)),
        ["init", "t"],
        ["t/.github/workflows is a symbolic link to ../../outside, outside t"],
    ),
    Case(
        "init: a file it would write is a dangling link out of the folder",
        linked("t/README.md", "../outside/README.md", folders=("t",)),
        ["init", "t"],
        ["t/README.md is a symbolic link to ../outside/README.md, outside t"],
    ),
    Case(
        "init: the folder itself is a link",
        linked("t", "outside"),
        ["init", "t"],
        ["t is a symbolic link (to outside): name the real folder, not a link to it"],
    ),
    Case(
        "init: the folder is a symlink loop",
        linked("t", "t"),
        ["init", "t"],
        ["t is a symbolic link that loops: it never reaches a folder; init wrote nothing"],
    ),
    Case(
        "init: a folder under a symlink loop",
        linked("t", "t"),
        ["init", "t/sub"],
        ["t/sub is reached through a symbolic link that loops; init wrote nothing"],
    ),
    Case(
        "init: schema/ is a symlink loop",
        linked("t/schema", "schema", folders=("t",)),
        ["init", "t"],
        ["t/schema is a symbolic link that loops: it never reaches a file or folder"],
    ),
    Case(
        "init: a file where a folder should be",
        a_file("t/schema", folders=("t",)),
        ["init", "t"],
        [
            "created  t/signatories.yaml",
            "created  t/README.md",
            "not created  t/schema/signatories.schema.json",
            "not created  t/schema/commitments.schema.json",
            "cannot write t/schema/signatories.schema.json: t/schema is a file, not a folder; "
            "init stopped there, and created 6 of 8 files",
        ],
    ),
    Case(
        "init: a dangling link inside the folder where a folder should be",
        linked("t/.github", "missing", folders=("t",)),
        ["init", "t"],
        [
            "created  t/.pre-commit-config.yaml",
            "not created  t/.github/workflows/concordat.yml",
            "not created  t/README.md",
            "cannot write t/.github/workflows/concordat.yml: t/.github is a symbolic link to "
            "missing, which does not exist",
        ],
    ),
    Case(
        "schema --out is a link out of the folder",
        linked("s", "outside"),
        ["schema", "--out", "s"],
        ["s is a symbolic link (to outside): name the real folder, not a link to it"],
    ),
    Case(
        "schema --out holds a schema file that links out of it",
        linked("s/signatories.schema.json", "../outside/sentinel", folders=("s",)),
        ["schema", "--out", "s"],
        [
            f"s/signatories.schema.json is a symbolic link to ../outside/sentinel, outside s: "
            f"concordat {OUTSIDE}; nothing was written"
        ],
    ),
    Case(
        "schema --out under a file",
        a_file("f"),
        ["schema", "--out", "f/sub"],
        ["cannot write f/sub/signatories.schema.json: f is a file, not a folder"],
    ),
    Case(
        "schema --out into a symlink loop",
        linked("s", "s"),
        ["schema", "--out", "s"],
        ["s is a symbolic link that loops: it never reaches a folder; nothing was written"],
    ),
]


def _no_traceback_nor_control_characters(result: Any) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    text = result.stdout + result.stderr
    assert "Traceback" not in text
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f]", text), text


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_init_and_schema_never_write_outside_and_say_why_they_stop(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(init, "installed_source", lambda: None)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "sentinel").write_text(SENTINEL, encoding="utf-8")
    case.make(tmp_path)
    before = _snapshot(tmp_path)
    result = runner.invoke(app, case.args)
    _no_traceback_nor_control_characters(result)
    assert result.exit_code == case.exit_code, result.stdout + result.stderr
    for words in case.says:
        assert words in result.stdout + result.stderr, result.stdout + result.stderr
    assert _snapshot(tmp_path / "outside") == {
        k.removeprefix("outside/"): v for k, v in before.items() if k.startswith("outside/")
    }
    assert not list(tmp_path.rglob("*.tmp"))
    after = _snapshot(tmp_path)
    if "created  " not in result.stdout:  # refused: not one file written anywhere
        assert after == before


def _full_disk_on_the(nth: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The nth file written gets half its text, then ENOSPC, as on a disk that fills."""
    real = os.fdopen
    opened: list[int] = []

    class Filling:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> Filling:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: Any) -> int:
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name: str) -> Any:
            return getattr(self.handle, name)

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        opened.append(fd)
        handle = real(fd, *args, **kwargs)
        return Filling(handle) if len(opened) == nth else handle

    monkeypatch.setattr(os, "fdopen", fdopen)


def _read_only(folder: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder whose files cannot be created: as a read-only one is for anyone but root
    (the tests may run as root, for whom permissions are no bar)."""
    real = tempfile.mkstemp

    def mkstemp(*args: Any, **kwargs: Any) -> Any:
        if Path(kwargs["dir"]).name == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(kwargs["dir"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


STOPS: dict[str, tuple[Callable[[pytest.MonkeyPatch], None], int, str]] = {
    "init: the disk fills part-way": (
        lambda patch: _full_disk_on_the(3, patch),
        2,
        "cannot write t/concordat.toml: No space left on device; init stopped there, and "
        "created 2 of 8 files",
    ),
    "init: a read-only subfolder": (
        lambda patch: _read_only("schema", patch),
        6,
        "cannot write t/schema/signatories.schema.json: Permission denied; init stopped "
        "there, and created 6 of 8 files",
    ),
}


@pytest.mark.parametrize("name", list(STOPS))
def test_init_failing_part_way_says_what_it_created_and_leaves_no_half_file(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(init, "installed_source", lambda: None)
    fail, created, message = STOPS[name]
    fail(monkeypatch)
    result = runner.invoke(app, ["init", "t"])
    _no_traceback_nor_control_characters(result)
    assert result.exit_code == 2
    assert message in result.stderr
    planned = init.files(Path("t"))
    for number, (path, text) in enumerate(planned.items()):
        if number < created:
            assert f"created  {path}\n" in result.stdout
            assert path.read_text(encoding="utf-8") == text  # whole, never a part
        else:
            assert f"not created  {path}\n" in result.stdout
            assert not path.exists()
    assert "next: add your organisations" not in result.stdout  # the run did not finish
    assert not list(tmp_path.rglob("*.tmp")) and not list(tmp_path.rglob(".*.tmp"))


#: Folder names with YAML punctuation, and the area name init makes of each.
NAMES = {
    "a #1": "A #1",
    "a: b": "A: B",
    "o'brien": "O'brien",
    'say "hi"': 'Say "hi"',
    "[draft": "[draft",
    "{draft": "{draft",
    "&anchor": "&anchor",
    "*alias": "*alias",
    "!tag": "!tag",
    "%directive": "%directive",
    "@home": "@home",
    "-leading": "Leading",
    "trailing ": "Trailing",
    "ynys môn": "Ynys Môn",
    "yes": "Yes",
    "null": "Null",
    "~": "~",
    "0x1f": "0x1f",
    "2026-01-01": "2026 01 01",
    "back\\slash": "Back\\slash",
    "|pipe": "|pipe",
    ">fold": ">fold",
    "?key": "?key",
    ",comma": ",comma",
    "`tick": "`tick",
    "esc\x1bbel\x07": "Esc Bel",
    "line\u2028sep": "Line Sep",
}


def test_init_writes_files_that_validate_whatever_the_folder_is_called(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Folder names with YAML punctuation: every one validates, and reads back its area."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(init, "installed_source", lambda: None)
    wrong = {}
    for name, area in NAMES.items():
        made = runner.invoke(app, ["init", "--", name])
        _no_traceback_nor_control_characters(made)
        checked = runner.invoke(
            app, ["validate", "--as-of", "2026-11-22", "--format", "json", "--", name]
        )
        errors = [d for d in json.loads(checked.stdout)["diagnostics"] if d["severity"] == "error"]
        data = {
            p.name: yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in Path(name).rglob("*")
            if p.suffix in (".yaml", ".yml")
        }
        if (
            made.exit_code
            or checked.exit_code
            or errors
            or data["signatories.yaml"]["area"] != area
        ):
            wrong[name] = (made.exit_code, errors, data["signatories.yaml"]["area"])
    assert wrong == {}


def test_init_echoes_control_characters_in_folder_names_as_escapes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(init, "installed_source", lambda: None)
    result = runner.invoke(app, ["init", "a\x1b[2Jb\x07c\nd\re"])
    _no_traceback_nor_control_characters(result)
    assert result.exit_code == 0
    assert "created  a\\x1b[2Jb\\x07c\\x0ad\\x0de/signatories.yaml\n" in result.stdout
    assert result.stdout.splitlines()[0].startswith("created  ")


@pytest.mark.skipif(
    sys.platform in ("darwin", "win32"), reason="these systems keep every file name Unicode"
)
def test_init_into_a_folder_whose_name_is_not_utf8(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(init, "installed_source", lambda: None)
    name = os.fsdecode(b"caf\xe9")
    result = runner.invoke(app, ["init", name])
    _no_traceback_nor_control_characters(result)
    assert result.exit_code == 0
    assert "created  caf\\udce9/signatories.yaml" in result.stdout.replace("\ufffd", "\\udce9")
    checked = runner.invoke(app, ["validate", name, "--as-of", "2026-11-22"])
    assert checked.exit_code == 0
    assert "area: Caf\n" in Path(name, "signatories.yaml").read_text(encoding="utf-8")


def test_init_from_a_deleted_folder_says_so(deleted_cwd: Path) -> None:
    result = runner.invoke(app, ["init"])
    _no_traceback_nor_control_characters(result)
    assert result.exit_code == 2
    assert "the current folder no longer exists" in result.stderr


OTHERS = [
    *STOPS,
    "init: folder names with YAML punctuation",
    "init: control characters in the folder name",
    "init: a folder name that is not UTF-8",
    "init: from a deleted folder",
    "init: a folder named by an NHS number, an email or a phone number",
]


def test_every_case_is_in_the_docs_section() -> None:
    doc = (REPO / "docs" / "hostile.md").read_text(encoding="utf-8")
    section = doc.split("\n## init and schema\n", 1)[1].split("\n## ", 1)[0]
    rows = set(re.findall(r"^\| ([^|]+?) \|", section, re.MULTILINE)) - {"input", "---"}
    assert rows == {c.name for c in CASES} | set(OTHERS)


@pytest.mark.parametrize("name", ["9434765919", "jo.bloggs@example.org", "07700 900123"])
def test_init_never_copies_personal_data_from_a_folder_name(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init", name])
    assert result.exit_code == 0
    written = "".join(p.read_text(encoding="utf-8") for p in Path(name).rglob("*") if p.is_file())
    assert name not in written and "area: Your area" in written
    checked = runner.invoke(app, ["validate", name])
    assert "X00" not in checked.stdout
