"""Processes, signals, streams and folders: what the user sees when the run itself is under
attack rather than the data. docs/hostile.md's section "Processes, signals and folders" lists
each case; a test checks the two agree.

A signal or a dying worker is tested in a real process: a small script patches
``area.load`` so that checking one named area sends the signal (to the whole process group,
as a terminal does for Ctrl-C) or kills its own process (as the out-of-memory killer does),
then runs the command line. Nothing in concordat knows about it.
"""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import COMMITMENTS, REPO, invoke, write_area

AS_OF = ["--as-of", "2026-11-22"]
POSIX = pytest.mark.skipif(not hasattr(os, "killpg"), reason="POSIX signals")

# Checking the area named by CONCORDAT_TEST_AREA does CONCORDAT_TEST_DO; every process that
# checks an area writes its pid to CONCORDAT_TEST_PIDS, so the test can see none survives.
SCRIPT = """
import os, signal, sys, time
from pathlib import Path
from concordat import area, pipeline

main_pid = os.getpid()
pipeline.default_jobs = lambda: 2  # two workers, even on a machine with one CPU
real = area.load

def load(folder):
    with open(os.environ["CONCORDAT_TEST_PIDS"], "a") as pids:
        pids.write(f"{os.getpid()}\\n")
    if folder.name == os.environ["CONCORDAT_TEST_AREA"]:
        do = os.environ["CONCORDAT_TEST_DO"]
        for _ in range(100):  # until the other worker is at work too
            with open(os.environ["CONCORDAT_TEST_PIDS"]) as pids:
                if len(set(pids.read().split())) > 1 or main_pid == os.getpid():
                    break
            time.sleep(0.05)
        if do == "oom":
            os.kill(os.getpid(), signal.SIGKILL)
        elif do == "ctrl-c":
            os.killpg(os.getpgid(0), signal.SIGINT)
        elif do == "term":
            os.kill(main_pid, signal.SIGTERM)
        time.sleep(30)  # a long check: the signal must end it
    return real(folder)

area.load = load
sys.argv = ["concordat", *sys.argv[1:]]
from concordat.cli import main
main()
"""


def national(root: Path, count: int = 4) -> Path:
    for n in range(1, count + 1):
        write_area(root / f"area-{n}", {})
    return root


def run_hooked(
    tmp_path: Path, do: str, target: str, *args: str | Path
) -> tuple[subprocess.CompletedProcess[str], list[int], float]:
    pids = tmp_path / "pids"
    env = {
        **os.environ,
        "CONCORDAT_TEST_AREA": target,
        "CONCORDAT_TEST_DO": do,
        "CONCORDAT_TEST_PIDS": str(pids),
        "COLUMNS": "120",
    }
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        start_new_session=True,  # its own process group: the Ctrl-C reaches only it
        check=False,
    )
    elapsed = time.monotonic() - started
    seen = [int(line) for line in pids.read_text().split()] if pids.exists() else []
    return done, sorted(set(seen)), elapsed


def alive(pid: int) -> bool:
    """Whether ``pid`` is still a running process (a zombie has ended)."""
    for _ in range(50):  # an orphan is reaped by init soon after it ends
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return False
        if stat.rsplit(")", 1)[1].split()[0] in "ZX":
            return False
        time.sleep(0.1)
    return True


def one_line(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


# -- signals and workers -----------------------------------------------------------------------


@POSIX
@pytest.mark.parametrize("command", ["validate", "status"])
def test_ctrl_c_during_a_national_run_ends_with_one_line_and_no_worker(
    tmp_path: Path, command: str
) -> None:
    done, pids, elapsed = run_hooked(
        tmp_path, "ctrl-c", "area-2", command, national(tmp_path / "areas"), "--jobs", "2", *AS_OF
    )
    assert done.returncode == 130
    assert one_line(done.stderr) == "concordat: interrupted"
    assert elapsed < 20  # the worker asleep in its check was ended, not waited for
    assert len(pids) >= 2 and not [p for p in pids if alive(p)]


@POSIX
def test_ctrl_c_during_a_single_area_run_ends_with_one_line(tmp_path: Path) -> None:
    write_area(tmp_path / "area-1", {})
    done, _, elapsed = run_hooked(tmp_path, "ctrl-c", "area-1", "status", "area-1", *AS_OF)
    assert done.returncode == 130 and elapsed < 20
    assert one_line(done.stderr) == "concordat: interrupted"


@POSIX
def test_sigterm_to_the_main_process_ends_every_worker(tmp_path: Path) -> None:
    done, pids, elapsed = run_hooked(
        tmp_path, "term", "area-2", "validate", national(tmp_path / "areas"), "--jobs", "2", *AS_OF
    )
    assert done.returncode == 143  # 128 + SIGTERM, as a shell reports it
    assert one_line(done.stderr) == "concordat: stopped by SIGTERM"
    assert elapsed < 20
    assert len(pids) >= 2 and not [p for p in pids if alive(p)]


@POSIX
def test_a_worker_killed_as_out_of_memory_is_that_areas_failure(tmp_path: Path) -> None:
    areas = national(tmp_path / "areas", 5)
    # an error in another area, so that its report is seen to come through as well
    owner = COMMITMENTS.replace("owner: police", "owner: nobody", 1)
    write_area(areas / "area-4", {"commitments.yaml": owner})
    done, _, _ = run_hooked(
        tmp_path, "oom", "area-2", "validate", areas, "--jobs", "2", "--format", "json", *AS_OF
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    data = json.loads(done.stdout)
    assert [a["folder"] for a in data["areas"]] == [f"areas/area-{n}" for n in range(1, 6)]
    found = {(d["file"], d["code"]) for d in data["diagnostics"] if d["severity"] == "error"}
    assert ("areas/area-2", "F002") in found
    assert ("areas/area-4/commitments.yaml", "R001") in found
    (killed,) = [d for d in data["diagnostics"] if d["code"] == "F002"]
    assert killed["message"] == (
        "cannot check areas/area-2: the process checking it was killed by SIGKILL "
        "(as the system does when it runs out of memory)"
    )
    done, _, _ = run_hooked(tmp_path, "oom", "area-3", "status", areas, "--jobs", "2", *AS_OF)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "concordat: 2 areas skipped because of errors: areas/area-3, areas/area-4" in (
        done.stderr
    )
    assert "Testshire" in done.stdout and "2 areas skipped because of errors" in done.stdout


# -- folders that cannot be read ----------------------------------------------------------------


@pytest.fixture
def deny(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Make folders unreadable as chmod 000 does for anyone but root: the folder itself can be
    looked at from its parent, but not listed, and nothing inside it can be reached."""
    denied: list[str] = []

    def refused(path: Any, *, inside: bool) -> bool:
        try:
            text = os.path.abspath(os.fsdecode(path))  # noqa: PTH100
        except TypeError:  # a file descriptor
            return False
        return any(text.startswith(d + os.sep) or (not inside and text == d) for d in denied)

    def guard(real: Callable[..., Any], *, inside: bool) -> Callable[..., Any]:
        def guarded(path: Any = ".", *args: Any, **kwargs: Any) -> Any:
            if refused(path, inside=inside):
                raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
            return real(path, *args, **kwargs)

        return guarded

    for name in ("scandir", "listdir"):
        monkeypatch.setattr(os, name, guard(getattr(os, name), inside=False))
    for name in ("stat", "lstat", "open"):
        monkeypatch.setattr(os, name, guard(getattr(os, name), inside=True))

    def add(folder: Path) -> None:
        denied.append(os.path.abspath(folder))  # noqa: PTH100

    return add


def test_an_unreadable_commitments_folder_is_that_areas_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, deny: Callable[[Path], None]
) -> None:
    monkeypatch.chdir(tmp_path)
    areas = national(tmp_path / "areas", 3)
    split = areas / "area-2"
    (split / "commitments.yaml").unlink()
    write_area(split, {"commitments.yaml": None, "commitments/plan.yaml": COMMITMENTS})
    deny(split / "commitments")
    code, out, _ = invoke("validate", "areas", "--jobs", "1", *AS_OF)
    assert code == 1
    assert (
        "areas/area-2/commitments: F002 error: cannot read the commitments/ folder: "
        "Permission denied" in out
    )
    assert "across 3 areas" in out and "in 5 files" in out  # the other two areas, read
    code, out, _ = invoke("status", "areas", "--jobs", "1", "--format", "json", *AS_OF)
    rollup = json.loads(out)
    assert code == 1 and len(rollup["areas"]) == 2
    assert [a["folder"] for a in rollup["skipped_areas"]] == ["areas/area-2"]
    code, out, _err = invoke("validate", "areas/area-2", *AS_OF)  # alone, too
    assert code == 1 and "F002 error: cannot read the commitments/ folder" in out


def test_an_unreadable_area_in_a_national_run_is_reported_and_the_rest_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, deny: Callable[[Path], None]
) -> None:
    monkeypatch.chdir(tmp_path)
    national(tmp_path / "areas", 3)
    deny(tmp_path / "areas" / "area-2")
    code, out, err = invoke("validate", "areas", "--jobs", "1", *AS_OF)
    assert code == 1
    assert "areas/area-2: F002 error: cannot read areas/area-2: Permission denied" in out
    assert "across 3 areas" in out
    code, out, err = invoke("status", "areas", "--jobs", "1", *AS_OF)
    assert code == 1 and "1 area skipped because of errors: areas/area-2" in err
    assert "Testshire" in out
    code, out, err = invoke("status", "areas/area-2", *AS_OF)  # named alone: cannot run
    assert code == 2 and err == "concordat: error: cannot read areas/area-2: Permission denied\n"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads all")
def test_a_real_unreadable_area_is_reported(tmp_path: Path) -> None:  # pragma: no cover
    areas = national(tmp_path / "areas", 3)
    (areas / "area-2").chmod(0)
    try:
        done = concordat(tmp_path, "validate", "areas", *AS_OF)
    finally:
        (areas / "area-2").chmod(0o755)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "areas/area-2: F002 error: cannot read areas/area-2: Permission denied" in done.stdout


# -- names, streams, the working folder ------------------------------------------------------


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="names must be UTF-8 there")
def test_names_that_are_not_utf8_are_shown_escaped_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    areas = national(tmp_path / "areas", 2)
    odd = areas / os.fsdecode(b"area-\xff")
    bad = COMMITMENTS.replace("owner: police", "owner: nobody", 1)
    write_area(odd, {"commitments.yaml": None, os.fsdecode(b"commitments/b\xfe.yaml"): bad})
    summary = tmp_path / "summary.md"
    code, out, _err = invoke(
        "validate", "areas", "--format", "github", "--jobs", "1", *AS_OF,
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )  # fmt: skip
    assert code == 1
    assert "::error file=areas/area-\\udcff/commitments/b\\udcfe.yaml,line=5" in out
    assert "area-\\udcff" in summary.read_text(encoding="utf-8")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_stdout_on_a_full_disk_is_one_line_and_exit_2(tmp_path: Path) -> None:
    national(tmp_path / "areas", 2)
    commands = [  # a national run, a file format, a table drawn by rich, click's help
        ["validate", "areas", "--format", "sarif"],
        ["orgs", "areas/area-1", "--format", "csv"],
        ["show", "0.1", "areas/area-1"],
        ["--help"],
    ]
    with Path("/dev/full").open("w") as full:
        running = [
            subprocess.Popen(
                [sys.executable, "-m", "concordat", *args, *(AS_OF if len(args) > 1 else [])],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                cwd=tmp_path,
                env={**os.environ, "COLUMNS": "100"},
            )
            for args in commands
        ]
        for args, process in zip(commands, running, strict=True):
            _, err = process.communicate(timeout=60)
            assert (process.returncode, err) == (
                2,
                "concordat: error: cannot write the output: No space left on device\n",
            ), args


def test_running_from_a_deleted_folder_says_so(deleted_cwd: Path) -> None:
    for args in (["validate"], ["status"], ["orgs"], ["show", "0.1"], ["validate", "../x"]):
        code, out, err = invoke(*args, *AS_OF)
        assert (code, out) == (2, ""), args
        assert err == (
            "concordat: error: the current folder no longer exists (it was deleted or moved): "
            "cd to the area's folder again, or name it by its full path\n"
        )
    write_area(deleted_cwd.parent / "area", {})
    code, out, _ = invoke("validate", deleted_cwd.parent / "area", *AS_OF)  # a full path works
    assert code == 0 and "0 errors" in out


def test_a_width_that_is_not_a_width_draws_at_80(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_area(tmp_path, {})
    _, wide, _ = invoke("status", *AS_OF, env={"COLUMNS": "80"})
    assert "Testshire" in wide
    for columns in ("0", "00", "-3", "abc", ""):
        code, out, _ = invoke("status", *AS_OF, env={"COLUMNS": columns})
        assert (code, out) == (0, wide), columns
    code, out, _ = invoke("status", *AS_OF, env={"COLUMNS": "9" * 30})
    assert code == 0 and "Testshire" in out and len(out) < 100_000


# -- dates and spans -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["--as-of", "9999-12-01", "--due-within", "3m"],
            "Invalid value for '--as-of': '9999-12-01' is not a plausible date: "
            "the year must be between 1900 and 2199",
        ),
        (
            ["--as-of", "9999-12-31", "--due-within", "30d"],
            "Invalid value for '--as-of': '9999-12-31' is not a plausible date",
        ),
        (
            ["--as-of", "0001-01-01", "--due-within", "1w"],
            "Invalid value for '--as-of': '0001-01-01' is not a plausible date",
        ),
    ],
)
def test_dates_that_run_off_the_calendar_are_usage_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], said: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write_area(tmp_path, {})
    code, out, err = invoke("status", *args)
    assert code == 2 and out == ""
    assert said in " ".join(err.split()), err


def test_a_span_from_the_last_days_of_the_calendar_is_refused() -> None:
    from datetime import date

    from concordat.dates import parse_span

    with pytest.raises(ValueError, match="ends past the last day concordat can count to"):
        parse_span("30d", date(9999, 12, 31))
    with pytest.raises(ValueError, match="ends past the last day concordat can count to"):
        parse_span("3m", date(9999, 12, 1))


# -- cousins ------------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_pipe_or_a_dangling_link_named_as_an_area(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    os.mkfifo("pipe")
    Path("nowhere").symlink_to("missing")
    code, _, err = invoke("validate", "pipe", *AS_OF)
    assert code == 2 and err.startswith("concordat: error: pipe is not a folder: ")
    code, _, err = invoke("validate", "nowhere", *AS_OF)
    assert code == 2
    assert err == "concordat: error: nowhere is a link to something that does not exist\n"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
def test_a_linked_area_folder_that_leaves_the_folder_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "L" / "nat").mkdir(parents=True)
    write_area(tmp_path / "L" / "nat" / "real", {})
    outside = COMMITMENTS.replace("owner: police", "owner: nobody", 1)
    write_area(tmp_path / "out", {"commitments.yaml": outside})
    (tmp_path / "L" / "nat" / "evil").symlink_to(tmp_path / "out")
    (tmp_path / "L" / "nat" / "inner").symlink_to("real")  # stays inside: read
    code, out, err = invoke("validate", "L/nat", "--jobs", "1", *AS_OF)
    assert code == 1 and "Traceback" not in err
    assert out.count("F002") == 1
    assert (
        "L/nat/evil: F002 error: a symbolic link to a folder outside L/nat: concordat does not "
        "read areas through links that leave the folder it was given" in out
    )
    assert "nobody" not in out and "out/" not in out  # nothing read through it
    assert "in 4 files across 3 areas" in out  # real, and inner, the link that stays inside
    code, out, err = invoke("status", "L/nat", "--format", "json", *AS_OF)
    rollup = json.loads(out)
    assert code == 1 and [a["folder"] for a in rollup["skipped_areas"]] == ["L/nat/evil"]
    assert len(rollup["areas"]) == 2
    assert not any("out" in json.dumps(a) for a in rollup["areas"])


def test_the_entry_point_answers_ctrl_c_before_the_heavy_imports() -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import concordat.__main__"],
        capture_output=True, text=True, cwd=REPO, timeout=60, check=False,
    )  # fmt: skip
    imported = set(re.findall(r"\|\s+([\w.]+)\s*$", done.stderr, re.MULTILINE))
    assert "concordat.__main__" in imported
    heavy = {"pydantic", "yaml", "rich", "typer", "click", "concordat.pipeline", "typing"}
    assert imported & heavy == set()
    # a Ctrl-C while the command line is still importing: one line, exit 130
    script = (
        "import os, signal, sys\n"
        "class Hook:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'concordat.pipeline':\n"
        "            os.kill(os.getpid(), signal.SIGINT)\n"
        "sys.meta_path.insert(0, Hook())\n"
        "sys.argv = ['concordat', '--help']\n"
        "from concordat.__main__ import run\n"
        "run()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True, text=True, cwd=REPO, timeout=60, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (130, "concordat: interrupted\n")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="ulimit")
def test_too_few_open_files_for_workers_checks_the_areas_here(tmp_path: Path) -> None:
    national(tmp_path / "areas", 6)
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_NOFILE, (12, 12))\n"
        "from concordat import pipeline\n"
        "pipeline.default_jobs = lambda: 4\n"
        "sys.argv = ['concordat', *sys.argv[1:]]\n"
        "from concordat.__main__ import run\n"
        "run()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "validate", "areas", *AS_OF],
        capture_output=True, text=True, cwd=tmp_path, timeout=60, check=False,
    )  # fmt: skip
    assert "Traceback" not in done.stderr and done.stderr == ""
    assert done.returncode == 0, done.stdout
    assert "across 6 areas" in done.stdout


MEMORY = """
import sys
from concordat import area, pipeline
pipeline.default_jobs = lambda: 2
real = area.load
def load(folder):
    if folder.name == "area-2":
        raise MemoryError
    return real(folder)
if sys.argv[1] == "status":  # in the summary the worker makes of the area, too
    from concordat.views import rollup
    real_row = rollup.area_row
    def area_row(checked, **kwargs):
        if checked.area.folder.name == "area-2" and checked.area.name:  # read
            raise MemoryError
        return real_row(checked, **kwargs)
    rollup.area_row = area_row
else:
    area.load = load
sys.argv = ["concordat", *sys.argv[1:]]
from concordat.cli import main
main()
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_running_out_of_memory_on_one_area(tmp_path: Path, jobs: str) -> None:
    national(tmp_path / "areas", 3)
    for command in ("validate", "status"):
        done = subprocess.run(
            [sys.executable, "-c", MEMORY, command, "areas", "--jobs", jobs, *AS_OF],
            capture_output=True, text=True, cwd=tmp_path, timeout=60, check=False,
        )  # fmt: skip
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        if command == "validate":
            assert (
                "areas/area-2: F002 error: cannot check areas/area-2: it ran out of memory"
                in done.stdout
            )
            assert "across 3 areas" in done.stdout
        else:
            assert "1 area skipped because of errors: areas/area-2" in done.stderr


def concordat(cwd: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "concordat", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        check=False,
    )


# -- the docs table ---------------------------------------------------------------------------

CASES: dict[str, Callable[..., None]] = {
    "Ctrl-C during a national run": (
        test_ctrl_c_during_a_national_run_ends_with_one_line_and_no_worker
    ),
    "Ctrl-C during a single-area run": test_ctrl_c_during_a_single_area_run_ends_with_one_line,
    "SIGTERM to the main process": test_sigterm_to_the_main_process_ends_every_worker,
    "a worker killed as out of memory": (
        test_a_worker_killed_as_out_of_memory_is_that_areas_failure
    ),
    "unreadable commitments/ folder": test_an_unreadable_commitments_folder_is_that_areas_error,
    "unreadable area in a national run": (
        test_an_unreadable_area_in_a_national_run_is_reported_and_the_rest_checked
    ),
    "file and folder names that are not UTF-8": (
        test_names_that_are_not_utf8_are_shown_escaped_everywhere
    ),
    "stdout on a full disk": test_stdout_on_a_full_disk_is_one_line_and_exit_2,
    "running from a deleted folder": test_running_from_a_deleted_folder_says_so,
    "COLUMNS=0, negative or not a number": test_a_width_that_is_not_a_width_draws_at_80,
    "--as-of past the calendar's end with --due-within": (
        test_dates_that_run_off_the_calendar_are_usage_errors
    ),
    "a named pipe or a dangling link named as an area": (
        test_a_pipe_or_a_dangling_link_named_as_an_area
    ),
    "a linked area folder that leaves the folder named": (
        test_a_linked_area_folder_that_leaves_the_folder_named
    ),
    "Ctrl-C while the command line is still importing": (
        test_the_entry_point_answers_ctrl_c_before_the_heavy_imports
    ),
    "too few open files for the workers (ulimit -n 12)": (
        test_too_few_open_files_for_workers_checks_the_areas_here
    ),
    "out of memory while checking one area": test_running_out_of_memory_on_one_area,
}


def _section() -> Iterator[str]:
    doc = (REPO / "docs" / "hostile.md").read_text(encoding="utf-8")
    section = doc.split("## Processes, signals and folders", 1)[1].split("\n## ", 1)[0]
    yield from re.findall(r"^\| ([^|]+?) \|", section, re.MULTILINE)


def test_every_case_is_in_the_docs_table() -> None:
    assert set(_section()) - {"input", "---"} == set(CASES)
