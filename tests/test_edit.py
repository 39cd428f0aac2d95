"""`concordat update` and `concordat add`: the fields asked for, and not one other byte.

Every test runs the command as a coordinator would and then reads the area back as
`concordat validate` does: the new update (or commitment) holds exactly what was typed, and
every byte of the file outside the commitment's own lines is as it was.
"""

from __future__ import annotations

import codecs
import errno
import os
import shutil
import stat
import subprocess
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from concordat import check_area
from concordat.cli import app
from concordat.model import Commitment
from concordat.vocab import Status
from tests.conftest import REPO
from tests.test_fuzz import mutated

TODAY = date.today()
SHIPPED = (REPO / "commitments.yaml").read_text(encoding="utf-8")
SIGNATORIES = (REPO / "signatories.yaml").read_text(encoding="utf-8")


def _area(folder: Path, commitments: str = SHIPPED, *, newline: str = "\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "signatories.yaml").write_text(SIGNATORIES, encoding="utf-8")
    (folder / "commitments.yaml").write_bytes(commitments.replace("\n", newline).encode())
    return folder


def run(folder: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*args], catch_exceptions=False, env={"COLUMNS": "100"})
    del folder
    return result.exit_code, result.stdout, result.stderr


def commitments(folder: Path) -> dict[str, Commitment]:
    checked = check_area(folder, TODAY)
    return {c.item.id: c.item for c in checked.area.commitments}


def lines_of(folder: Path, commitment_id: str) -> tuple[int, int]:
    """The first and last line (1-based) of a commitment's entry, from the loader."""
    checked = check_area(folder, TODAY)
    located = next(c for c in checked.area.commitments if c.item.id == commitment_id)
    span = located.lines()
    assert span is not None
    return span


def changed_lines(before: bytes, after: bytes) -> tuple[int, int]:
    """The first and last line of ``before`` that ``after`` differs in (1-based, editor
    lines): every byte before the first and after the last is the same."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return head + 1, len(old) - tail


@pytest.fixture
def area(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = _area(tmp_path / "norfolk")
    monkeypatch.chdir(folder)
    return folder


# -- update: the shipped plan, commitment by commitment ----------------------------------------


def _shipped_ids() -> list[str]:
    checked = check_area(REPO, TODAY)
    return [c.item.id for c in checked.area.commitments]


@pytest.mark.parametrize("commitment_id", _shipped_ids())
def test_update_changes_only_the_commitments_lines(area: Path, commitment_id: str) -> None:
    before = (area / "commitments.yaml").read_bytes()
    first, last = lines_of(area, commitment_id)
    others = {k: v for k, v in commitments(area).items() if k != commitment_id}
    code, out, err = run(
        area,
        "update",
        commitment_id,
        "--by",
        "nsft",
        "--note",
        "Suite #2 closed: a deep clean, 'as planned'",
        "--status",
        "at-risk",
        "--reason",
        "Two beds closed for a week; the ICB funds agency cover",
        "--date",
        TODAY.isoformat(),
    )
    assert code == 0, err
    after = (area / "commitments.yaml").read_bytes()
    start, end = changed_lines(before, after)
    assert first <= start and end <= last + 1, (start, end, first, last)
    now = commitments(area)
    changed = now[commitment_id]
    assert changed.status is Status.AT_RISK
    assert changed.reason == "Two beds closed for a week; the ICB funds agency cover"
    new = changed.updates[-1]
    assert (new.date, new.by, new.note, new.status) == (
        TODAY,
        "nsft",
        "Suite #2 closed: a deep clean, 'as planned'",
        Status.AT_RISK,
    )
    assert {k: v for k, v in now.items() if k != commitment_id} == others
    assert f"+{' ' * 8}note: \"Suite #2 closed: a deep clean, 'as planned'\"" in out


HOSTILE_NOTES = [
    "Suite #2 closed",
    "Ratio: 1 in 3",
    "'quoted at the start",
    '"double" quotes',
    "* a star",
    "& an ampersand",
    "! a bang",
    "% per cent",
    "@ the station",
    "`code`",
    "- a dash",
    "yes",
    "null",
    "2026-01-01",
    "1.5",
    "ends in a colon:",
    "tab\there",
    "two\nlines",
    "back\\slash",
    "[not a list]",
    "{not: a map}",
    "é, ünïcode and 中文",
    "a" * 3000,
]


@pytest.mark.parametrize("note", HOSTILE_NOTES, ids=range(len(HOSTILE_NOTES)))
def test_update_text_reads_back_exactly_as_typed(area: Path, note: str) -> None:
    code, _, err = run(area, "update", "2.1", "--by", "nsft", "--note", note)
    assert code == 0, err
    assert commitments(area)["2.1"].updates[-1].note == note
    checked = check_area(area, TODAY)
    assert checked.report.errors == 0


@given(note=st.text(min_size=1, max_size=60).filter(lambda t: t.strip() == t and t))
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_note_reads_back_or_is_refused_untouched(area: Path, note: str) -> None:
    path = area / "commitments.yaml"
    before = path.read_bytes()
    code, _, err = run(area, "update", "2.1", "--by", "nsft", "--note", note)
    assert "Traceback" not in err
    if code == 0:
        assert commitments(area)["2.1"].updates[-1].note == note
        path.write_bytes(before)
    else:
        assert code == 1, err  # the note itself adds an error (personal data, say)
        assert "nothing was written" in err
        assert path.read_bytes() == before


@given(data=st.data())
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_fuzzed_files_update_or_refuse_untouched(tmp_path: Path, data: st.DataObject) -> None:
    """Every file the fuzz tests generate: an update reads back and changes only the
    commitment's lines, or is refused and the file is untouched."""
    text = data.draw(mutated(SHIPPED), label="mutated file")
    folder = _area(tmp_path / f"f{abs(hash(text))}", text)
    ids = list(commitments(folder))
    assume(ids)
    wanted = data.draw(st.sampled_from(ids), label="id")
    path = folder / "commitments.yaml"
    before = path.read_bytes()
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        span = lines_of(folder, wanted)
        code, _, err = run(folder, "update", wanted, "--by", "nsft", "--note", "Checked #3")
    finally:
        os.chdir(cwd)
    assert "Traceback" not in err
    if code == 0:
        start, end = changed_lines(before, path.read_bytes())
        assert span[0] <= start and end <= span[1] + 1
        assert commitments(folder)[wanted].updates[-1].note == "Checked #3"
    else:
        assert code in (1, 2), err
        assert path.read_bytes() == before
    shutil.rmtree(folder)


def test_line_endings_and_byte_order_mark_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _area(tmp_path / "crlf", newline="\r\n")
    path = folder / "commitments.yaml"
    path.write_bytes(codecs.BOM_UTF8 + path.read_bytes())
    monkeypatch.chdir(folder)
    code, _, err = run(
        folder, "update", "0.3", "--by", "nsft", "--note", "Met", "--status", "on-track"
    )
    assert code == 0, err
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    assert b"\n" not in data.replace(b"\r\n", b"")  # every line still ends CR LF
    assert commitments(folder)["0.3"].updates[-1].note == "Met"


def test_an_update_to_a_commitment_without_updates_adds_the_list(area: Path) -> None:
    path = area / "commitments.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index('  - id: "2.4"')
    end = text.index("  - id:", start + 5)
    entry = text[start:end]
    cut = entry[: entry.index("    updates:")] + "\n"
    path.write_text(text[:start] + cut + text[end:], encoding="utf-8")
    assert commitments(area)["2.4"].updates == []
    code, _, err = run(area, "update", "2.4", "--by", "norfolk-constabulary", "--note", "Audited")
    assert code == 0, err
    assert [u.note for u in commitments(area)["2.4"].updates] == ["Audited"]
    assert "\n    updates:\n      - date: " in path.read_text(encoding="utf-8")


def test_due_date_moves_only_with_a_reason(area: Path) -> None:
    path = area / "commitments.yaml"
    before = path.read_bytes()
    code, _, err = run(area, "update", "0.3", "--by", "nsft", "--note", "x", "--due", "2027-06-30")
    assert code == 2
    assert "--reason" in err and path.read_bytes() == before
    code, _, err = run(
        area,
        "update",
        "0.3",
        "--by",
        "nsft",
        "--note",
        "Shares not agreed",
        "--due",
        "2027/28 Q1",
        "--reason",
        "Finance leads need another quarter",
    )
    assert code == 0, err
    moved = commitments(area)["0.3"]
    assert moved.due == date(2027, 6, 30)
    assert moved.reason == "Finance leads need another quarter"
    assert "    due: 2027/28 Q1\n" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["9.9", "--by", "nsft", "--note", "x"], 2, "no commitment '9.9'"),
        (["2.1", "--by", "nsf", "--note", "x"], 2, "did you mean 'nsft'"),
        (["2.1", "--by", "nsft", "--note", "x", "--status", "green"], 2, "--status"),
        (["2.1", "--by", "nsft", "--note", "x", "--evidence", "www.x.org"], 2, "web link"),
        (["2.1", "--by", "nsft", "--note", "x", "--date", "2026-13-01"], 2, "not a date"),
        (["2.1", "--by", "nsft", "--note", "x", "--due", "soon", "--reason", "r"], 2, "--due"),
        (["2.1", "--by", "nsft", "--note", "NHS 943 476 5919"], 1, "X001"),
        (["2.1", "--by", "nsft", "--note", "x", "--date", "2150-01-01"], 1, "nothing was written"),
    ],
)
def test_refusals_leave_the_file_untouched(
    area: Path, args: list[str], code: int, says: str
) -> None:
    path = area / "commitments.yaml"
    before = path.read_bytes()
    got, _, err = run(area, "update", *args)
    assert got == code, err
    assert says in err
    assert "Traceback" not in err
    assert path.read_bytes() == before
    assert "943 476 5919" not in err


def test_dry_run_shows_the_diff_and_writes_nothing(area: Path) -> None:
    path = area / "commitments.yaml"
    before = path.read_bytes()
    code, out, err = run(area, "update", "2.1", "--by", "nsft", "--note", "Opened", "--dry-run")
    assert code == 0
    assert "+        note: Opened" in out and "--- commitments.yaml" in out
    assert "dry run" in err
    assert path.read_bytes() == before


def test_a_read_only_file_is_refused(area: Path) -> None:
    path = area / "commitments.yaml"
    before = path.read_bytes()
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    try:
        code, _, err = run(area, "update", "2.1", "--by", "nsft", "--note", "x")
    finally:
        path.chmod(0o644)
    assert code == 2
    assert "read-only" in err
    assert path.read_bytes() == before


def test_a_file_changed_meanwhile_is_not_overwritten(
    area: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concordat.edit import session

    path = area / "commitments.yaml"
    theirs = path.read_bytes() + b"# saved by someone else meanwhile\n"
    verify = session.verify

    def slow_verify(*args: object, **kwargs: object) -> session.Verdict:
        verdict = verify(*args, **kwargs)  # type: ignore[arg-type]
        path.write_bytes(theirs)  # another editor saves while concordat checks
        return verdict

    monkeypatch.setattr(session, "verify", slow_verify)
    code, _, err = run(area, "update", "2.1", "--by", "nsft", "--note", "x")
    assert code == 2
    assert "changed on disk" in err
    assert path.read_bytes() == theirs


def test_a_full_disk_leaves_the_file_and_no_temporary_file(
    area: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = area / "commitments.yaml"
    before = path.read_bytes()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    code, _, err = run(area, "update", "2.1", "--by", "nsft", "--note", "x")
    assert code == 2
    assert "No space left on device" in err and "as it was" in err
    assert path.read_bytes() == before
    assert sorted(p.name for p in area.iterdir()) == ["commitments.yaml", "signatories.yaml"]


def test_a_commitment_in_a_commitments_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "split"
    folder.mkdir()
    (folder / "signatories.yaml").write_text(SIGNATORIES, encoding="utf-8")
    head, rest = SHIPPED.split("  # === 2.", 1)
    (folder / "commitments").mkdir()
    (folder / "commitments" / "early.yaml").write_text(head, encoding="utf-8")
    (folder / "commitments" / "later.yaml").write_text(
        "commitments:\n  # === 2." + rest, encoding="utf-8"
    )
    early = (folder / "commitments" / "early.yaml").read_bytes()
    monkeypatch.chdir(folder)
    code, _, err = run(folder, "update", "2.1", "--by", "nsft", "--note", "x")
    assert code == 0, err
    assert (folder / "commitments" / "early.yaml").read_bytes() == early
    assert commitments(folder)["2.1"].updates[-1].note == "x"


def test_a_quarter_of_updates_shows_in_git_diff_as_new_lines_only(area: Path) -> None:
    git = shutil.which("git")
    assert git, "git is needed"
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(area)}

    def g(*args: str) -> str:
        return subprocess.run(
            [git, *args], cwd=area, env=env, check=True, capture_output=True, text=True
        ).stdout

    g("init", "-q")
    g("-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    g("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "plan")
    plan = commitments(area)
    open_work = [k for k, c in plan.items() if c.status.is_open]
    new_lists = sum(1 for k in open_work if not plan[k].updates)
    for commitment_id in open_work:
        owner = commitments(area)[commitment_id].owner
        code, _, err = run(
            area, "update", commitment_id, "--by", owner, "--note", f"Q3 report on {commitment_id}"
        )
        assert code == 0, err
    numstat = g("diff", "--numstat").split()
    added, deleted = int(numstat[0]), int(numstat[1])
    assert deleted == 0
    assert added == 3 * len(open_work) + new_lists
    diff = g("diff", "-U0")
    assert all(
        line.startswith(
            ("+      - date: ", "+        by: ", "+        note: Q3 report", "+    updates:")
        )
        for line in diff.splitlines()
        if line.startswith("+") and not line.startswith("+++")
    )


# -- add -------------------------------------------------------------------------------------


def test_add_takes_the_next_id_and_sits_after_its_theme(area: Path) -> None:
    before = commitments(area)
    code, _, err = run(
        area,
        "add",
        "--theme",
        "urgent-access",
        "--title",
        "Train every call handler: s136",
        "--owner",
        "nsft",
        "--partner",
        "norfolk-constabulary",
        "--due",
        "2027/28 Q1",
    )
    assert code == 0, err
    after = commitments(area)
    assert set(after) - set(before) == {"2.7"}
    new = after["2.7"]
    assert (new.title, new.owner, new.partners, new.status) == (
        "Train every call handler: s136",
        "nsft",
        ["norfolk-constabulary"],
        Status.NOT_STARTED,
    )
    text = (area / "commitments.yaml").read_text(encoding="utf-8")
    assert text.index('id: "2.7"') < text.index("# === 3.")
    assert text.index('id: "2.6"') < text.index('id: "2.7"')
    assert check_area(area, TODAY).report.errors == 0


def test_add_refuses_an_unknown_owner_and_a_taken_id(area: Path) -> None:
    path = area / "commitments.yaml"
    before = path.read_bytes()
    common = ["--theme", "recovery", "--title", "x", "--due", "2027-03-31"]
    code, _, err = run(area, "add", *common, "--owner", "nobody")
    assert code == 2 and "no signatory 'nobody'" in err
    code, _, err = run(area, "add", *common, "--owner", "nsft", "--id", "4.1")
    assert code == 2 and "already exists" in err
    assert path.read_bytes() == before


def test_add_into_a_new_area_from_init(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "new"
    assert CliRunner().invoke(app, ["init", str(folder)]).exit_code == 0
    monkeypatch.chdir(folder)
    with (folder / "signatories.yaml").open("a", encoding="utf-8") as file:
        file.write("  - id: nsft\n    name: NSFT\n    sector: mental-health-trust\n")
        file.write("    signed: 2026-04-01\n")
    code, _, err = run(
        folder,
        "add",
        "--theme",
        "commissioning",
        "--title",
        "Agree the plan",
        "--owner",
        "nsft",
        "--due",
        "2027-03-31",
    )
    assert code == 0, err
    assert list(commitments(folder)) == ["0.1"]
    assert check_area(folder, TODAY).report.errors == 0


def test_a_data_file_linked_inside_the_area_is_written_where_it_is(area: Path) -> None:
    (area / "data").mkdir()
    (area / "commitments.yaml").rename(area / "data" / "plan.yaml")
    (area / "commitments.yaml").symlink_to(Path("data") / "plan.yaml")
    code, _, err = run(area, "update", "2.1", "--by", "nsft", "--note", "Through the link")
    assert code == 0, err
    assert (area / "commitments.yaml").is_symlink()  # still the link it was
    assert "Through the link" in (area / "data" / "plan.yaml").read_text(encoding="utf-8")


def test_an_area_named_through_a_link_is_edited(area: Path, tmp_path: Path) -> None:
    link = tmp_path / "norfolk-link"
    link.symlink_to(area)
    code, _, err = run(area, "update", "2.1", str(link), "--by", "nsft", "--note", "Via a link")
    assert code == 0, err
    assert commitments(area)["2.1"].updates[-1].note == "Via a link"


def test_a_file_with_two_names_is_not_split(area: Path) -> None:
    path = area / "commitments.yaml"
    os.link(path, area / "copy.yaml")
    before = path.read_bytes()
    code, _, err = run(area, "update", "2.1", "--by", "nsft", "--note", "x")
    assert code == 2 and "hard links" in err
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--by", "north-norfolk-ccg", "--note", "x"], "left the partnership on 2020-03-31"),
        (["--by", "nsft", "--note", "   "], "--note is empty"),
        (["--by", "nsft", "--note", "x\udcffy"], "not UTF-8 text"),
    ],
)
def test_what_was_typed_is_refused_in_plain_words(area: Path, args: list[str], says: str) -> None:
    path = area / "commitments.yaml"
    before = path.read_bytes()
    code, _, err = run(area, "update", "2.1", *args)
    assert code == 2 and says in err, err
    assert path.read_bytes() == before


def test_text_and_dates_are_written_tidy_and_visible(area: Path) -> None:
    code, _, err = run(
        area,
        "update",
        "0.3",
        "--by",
        "nsft",
        "--note",
        "  spaced, with a hidden \u202e override  ",
        "--due",
        " 2027/28 q1 ",
        "--reason",
        "Shares not agreed",
    )
    assert code == 0, err
    text = (area / "commitments.yaml").read_text(encoding="utf-8")
    assert "    due: 2027/28 Q1\n" in text
    assert 'note: "spaced, with a hidden \\u202e override"' in text  # seen in a diff
    assert commitments(area)["0.3"].updates[-1].note == "spaced, with a hidden \u202e override"


def test_add_keeps_an_id_in_its_theme(area: Path) -> None:
    code, _, err = run(
        area,
        "add",
        "--theme",
        "urgent-access",
        "--title",
        "x",
        "--owner",
        "nsft",
        "--due",
        "2027-03-31",
        "--id",
        "9.1",
    )
    assert code == 2 and "is not numbered in its theme" in err
