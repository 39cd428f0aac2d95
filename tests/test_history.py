"""`concordat history` and `concordat changes` on real git repositories built in temporary
folders, commit dates and authors fixed by environment variables."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SIGNATORIES, invoke

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")


def commitment(
    cid: str = "2.1",
    *,
    title: str = "Police cells are never used as a place of safety",
    status: str = "on-track",
    due: str = "2015/16 Q4",
    reason: str | None = None,
    updates: tuple[tuple[str, str], ...] = (),
    readings: tuple[tuple[str, float], ...] = (),
) -> str:
    text = f"""\
  - id: "{cid}"
    title: {title}
    theme: urgent-access
    owner: mh-trust
    status: {status}
    due: {due}
"""
    if reason:
        text += f"    reason: {reason}\n"
    if readings:
        text += "    measures:\n      - name: s136 detentions\n        readings:\n"
        text += "".join(f"          - {{date: {d}, value: {v}}}\n" for d, v in readings)
    if updates:
        text += "    updates:\n"
        text += "".join(f"      - {{date: {d}, by: mh-trust, note: {n}}}\n" for d, n in updates)
    return text


def plan(*items: str) -> str:
    return "commitments:\n" + "".join(items)


class Repo:
    """A git repository in a temporary folder, with commits at fixed dates and authors."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, when: str = "2015-01-01", author: str = "A. Clerk") -> str:
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": author,
            "GIT_AUTHOR_EMAIL": "clerk@example.org",
            "GIT_COMMITTER_NAME": "Board",
            "GIT_COMMITTER_EMAIL": "board@example.org",
            "GIT_AUTHOR_DATE": f"{when}T10:00:00+00:00",
            "GIT_COMMITTER_DATE": f"{when}T10:00:00+00:00",
        }
        done = subprocess.run(
            ["git", *args], cwd=self.root, env=env, capture_output=True, check=True
        )
        return done.stdout.decode("utf-8", "replace").strip()

    def write(self, files: dict[str, str | None]) -> None:
        for name, text in files.items():
            path = self.root / name
            if text is None:
                if path.is_symlink() or path.exists():
                    path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")

    def commit(
        self,
        files: dict[str, str | None],
        message: str = "update the plan",
        *,
        when: str = "2015-01-01",
        author: str = "A. Clerk",
    ) -> str:
        self.write(files)
        self.git("add", "-A")
        message_file = self.root.parent / "message.txt"
        message_file.write_text(message, encoding="utf-8")
        self.git("commit", "-q", "--allow-empty", "-F", str(message_file), when=when, author=author)
        return self.git("rev-parse", "HEAD")


@pytest.fixture(autouse=True)
def quiet_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No user or system git configuration can change what these tests see."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_DIR", raising=False)
    monkeypatch.delenv("GIT_WORK_TREE", raising=False)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "plan")


def scripted(repo: Repo, folder: str = "") -> list[str]:
    """The acceptance story: 2.1's due date moves twice and its status goes on-track,
    at-risk, complete; 2.2 is added on the way."""
    at = f"{folder}/" if folder else ""
    one = repo.commit(
        {f"{at}signatories.yaml": SIGNATORIES, f"{at}commitments.yaml": plan(commitment())},
        "first plan",
        when="2015-01-05",
    )
    two = repo.commit(
        {
            f"{at}commitments.yaml": plan(
                commitment(
                    due="2016-06-30",
                    status="at-risk",
                    reason="the suite is not built",
                    updates=(("2015-05-20", "building delayed"),),
                ),
                commitment("2.2", title="Ambulance reaches s136 calls in 30 minutes"),
            )
        },
        "board of June: 2.1 moved",
        when="2015-06-01",
        author="B. Officer",
    )
    three = repo.commit(
        {
            f"{at}commitments.yaml": plan(
                commitment(
                    due="2017-03-31",
                    status="complete",
                    reason="the suite is not built",
                    updates=(("2015-05-20", "building delayed"),),
                ),
                commitment("2.2", title="Ambulance reaches s136 calls in 30 minutes"),
            )
        },
        "2.1 delivered",
        when="2017-04-02",
    )
    return [one, two, three]


def history_json(folder: Path, *ids: str) -> dict[str, object]:
    code, out, err = invoke("history", *ids, "--area", folder, "--format", "json")
    assert code == 0, err
    document = json.loads(out)
    assert isinstance(document, dict)
    return document


def test_acceptance_history_of_2_1_in_every_format(repo: Repo) -> None:
    one, two, three = scripted(repo)
    document = history_json(repo.root, "2.1")
    assert document["concordat"] == "history" and document["version"] == 2
    (line,) = document["commitments"]  # type: ignore[misc]
    assert line["first_appeared"]["due_written"] == "2015/16 Q4"
    assert line["first_appeared"]["due"] == "2016-03-31"
    assert line["first_appeared"]["revision"]["commit"] == one
    moves = [(c["from"], c["to"], c["revision"]["commit"]) for c in line["due_changes"]]
    assert moves == [("2016-03-31", "2016-06-30", two), ("2016-06-30", "2017-03-31", three)]
    first, second = line["due_changes"]
    assert (first["with_update"], first["with_reason"]) == (True, True)
    assert (second["with_update"], second["with_reason"]) == (False, False)
    assert first["revision"]["author"] == "B. Officer"
    assert first["revision"]["date"] == "2015-06-01"
    statuses = [(c["from"], c["to"], c["direction"]) for c in line["status_changes"]]
    assert statuses == [("on-track", "at-risk", "worse"), ("at-risk", "complete", "better")]
    assert [u["date"] for u in line["updates_added"]] == ["2015-05-20"]
    assert (line["slips"], line["slip_days"]) == (2, 365)
    assert line["ended"]["how"] == "complete" and line["ended"]["revision"]["commit"] == three

    code, table, _ = invoke("history", "2.1", "--area", repo.root, "--no-color")
    assert code == 0
    assert "due 2015/16 Q4 (2016-03-31)" in table
    assert "slipped 2 times: 365 days later than first promised" in table
    assert "status on-track → at-risk (worse)" in table
    assert "status at-risk → complete (better)" in table
    assert "B. Officer" in table and "2015-06-01" in table
    assert "complete in " + three[:9] in table

    code, md, _ = invoke("history", "2.1", "--area", repo.root, "--format", "markdown")
    assert code == 0
    assert "### 2.1 Police cells are never used as a place of safety" in md
    assert "- Slipped 2 times: 365 days later than first promised" in md
    assert (
        f"| 2015-06-01 | due 2015/16 Q4 (2016-03-31) → 2016-06-30 (+91 days), with an update "
        f"and a reason | B. Officer | {two[:9]} |"
    ) in md
    assert "with no update and no reason" in md  # the second move


def test_acceptance_changes_over_the_whole_span(repo: Repo) -> None:
    one, _, three = scripted(repo)
    code, out, err = invoke("changes", repo.root, "--since", one, "--format", "json")
    assert code == 0, err
    document = json.loads(out)
    assert document["since"]["commit"] == one and document["until"]["commit"] == three
    assert document["revisions"] == 2
    assert [(c["id"], c["from"], c["to"], c["direction"]) for c in document["status_changes"]] == [
        ("2.1", "on-track", "complete", "better")
    ]
    (due,) = document["due_changes"]
    assert (due["id"], due["from"], due["to"], due["days"]) == (
        "2.1",
        "2016-03-31",
        "2017-03-31",
        365,
    )
    assert [m["to"] for m in due["moves"]] == ["2016-06-30", "2017-03-31"]
    assert due["explained"] is False
    assert [c["id"] for c in document["added"]] == ["2.2"]
    assert document["removed"] == [] and document["renumbered"] == []
    assert [u["id"] for u in document["updates_added"]] == ["2.1"]
    assert [r["id"] for r in document["reasons"]] == ["2.1"]

    code, md, _ = invoke("changes", repo.root, "--since", one, "--format", "markdown")
    assert code == 0
    assert "### Status better" in md and "### Due dates moved" in md
    assert "| 2.1 | Police cells are never used as a place of safety | on-track | complete |" in md
    assert "### Commitments added" in md and "| 2.2 |" in md
    code, table, _ = invoke("changes", repo.root, "--since", one, "--no-color")
    assert code == 0
    assert "Status better" in table and "Due dates moved" in table
    assert "B. Officer" in " ".join(table.split())


def test_changes_since_a_date_and_until_a_revision(repo: Repo) -> None:
    _, two, _ = scripted(repo)
    code, out, _ = invoke(
        "changes", repo.root, "--since", "2015-03-01", "--until", two, "--format", "json"
    )
    assert code == 0
    document = json.loads(out)
    assert document["until"]["commit"] == two and document["revisions"] == 1
    assert [(c["from"], c["to"]) for c in document["due_changes"]] == [("2016-03-31", "2016-06-30")]
    assert document["due_changes"][0]["explained"] is True


def test_changes_default_since_the_last_tag_else_90_days(repo: Repo) -> None:
    _, two, _ = scripted(repo)
    repo.git("tag", "board-2016", two)
    code, out, _ = invoke("changes", repo.root, "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["since_words"] == "tag board-2016"
    assert [(c["from"], c["to"]) for c in document["due_changes"]] == [("2016-06-30", "2017-03-31")]
    repo.git("tag", "-d", "board-2016")
    code, out, _ = invoke("changes", repo.root, "--as-of", "2017-05-01", "--format", "json")
    document = json.loads(out)
    assert document["since_words"] == "2017-01-31 (the last 90 days)"
    assert document["revisions"] == 1


def test_working_tree_changes_are_a_revision(repo: Repo) -> None:
    scripted(repo)
    text = (repo.root / "commitments.yaml").read_text(encoding="utf-8")
    repo.write({"commitments.yaml": text.replace("due: 2017-03-31", "due: 2017-06-30", 1)})
    document = history_json(repo.root, "2.1")
    last = document["commitments"][0]["due_changes"][-1]  # type: ignore[index]
    assert last["revision"] == {
        "commit": None,
        "date": None,
        "author": None,
        "subject": "uncommitted changes",
    }
    _code, table, _ = invoke("history", "2.1", "--area", repo.root, "--no-color")
    assert "working tree" in table and "uncommitted" in table
    _code, out, _ = invoke("changes", repo.root, "--since", "HEAD", "--format", "json")
    assert json.loads(out)["until_words"] == "the working tree"
    assert [c["to"] for c in json.loads(out)["due_changes"]] == ["2017-06-30"]


def test_a_clean_working_tree_adds_no_revision(repo: Repo) -> None:
    scripted(repo)
    assert history_json(repo.root)["revisions"] == 3


def test_area_in_a_subfolder(repo: Repo) -> None:
    scripted(repo, "areas/norfolk")
    repo.commit({"README.md": "other files\n"}, "not the plan", when="2018-01-01")
    document = history_json(repo.root / "areas" / "norfolk", "2.1")
    assert document["revisions"] == 3
    assert document["commitments"][0]["slips"] == 2  # type: ignore[index]


def test_a_rename_and_the_split_into_a_folder_are_followed(repo: Repo) -> None:
    repo.commit(
        {"signatories.yaml": SIGNATORIES, "commitments.yml": plan(commitment(), commitment("1.1"))},
        when="2015-01-05",
    )
    repo.commit(
        {"commitments.yml": None, "commitments.yaml": plan(commitment(), commitment("1.1"))},
        "rename",
        when="2015-02-01",
    )
    repo.commit(
        {
            "commitments.yaml": None,
            "commitments/access.yaml": plan(commitment("1.1")),
            "commitments/urgent.yaml": plan(commitment(due="2016-09-30")),
        },
        "one file per theme",
        when="2015-03-01",
    )
    document = history_json(repo.root)
    lines = {c["id"]: c for c in document["commitments"]}  # type: ignore[union-attr]
    assert set(lines) == {"1.1", "2.1"}
    assert all(line["ended"] is None for line in lines.values())
    assert [c["to"] for c in lines["2.1"]["due_changes"]] == ["2016-09-30"]
    assert lines["2.1"]["first_appeared"]["revision"]["date"] == "2015-01-05"


def test_a_revision_that_does_not_parse_is_listed_and_skipped(repo: Repo) -> None:
    repo.commit(
        {"signatories.yaml": SIGNATORIES, "commitments.yaml": plan(commitment())},
        when="2015-01-05",
    )
    broken = repo.commit(
        {"commitments.yaml": "commitments:\n  - id: [unclosed\n"}, "oops", when="2015-02-01"
    )
    repo.commit({"commitments.yaml": plan(commitment(due="2016-06-30"))}, when="2015-03-01")
    document = history_json(repo.root)
    (unread,) = document["unreadable_revisions"]  # type: ignore[misc]
    assert unread["revision"]["commit"] == broken
    assert unread["problem"].startswith("commitments.yaml: line 2")
    (line,) = document["commitments"]  # type: ignore[misc]
    assert line["ended"] is None  # not removed by the broken revision
    assert [(c["from"], c["to"]) for c in line["due_changes"]] == [("2016-03-31", "2016-06-30")]
    code, table, _ = invoke("history", "--area", repo.root, "--no-color")
    assert code == 0 and "Revisions that could not be read" in table and broken[:9] in table


def test_a_file_renamed_to_a_symlink_is_not_followed(repo: Repo) -> None:
    repo.commit(
        {"signatories.yaml": SIGNATORIES, "commitments.yaml": plan(commitment())},
        when="2015-01-05",
    )
    (repo.root / "elsewhere.yaml").write_text(plan(commitment(due="2030-01-01")), "utf-8")
    (repo.root / "commitments.yaml").unlink()
    (repo.root / "commitments.yaml").symlink_to("elsewhere.yaml")
    repo.commit({}, "link", when="2015-02-01")
    document = history_json(repo.root)
    (unread,) = document["unreadable_revisions"]  # type: ignore[misc]
    assert "symbolic link" in unread["problem"]
    assert document["commitments"][0]["due_changes"] == []  # type: ignore[index]


def test_a_renumbering_is_recognised(repo: Repo) -> None:
    repo.commit(
        {"signatories.yaml": SIGNATORIES, "commitments.yaml": plan(commitment("1.2"))},
        when="2015-01-05",
    )
    repo.commit({"commitments.yaml": plan(commitment("1.2", due="2016-06-30"))}, when="2015-02-01")
    moved = repo.commit(
        {"commitments.yaml": plan(commitment("2.1", due="2016-09-30"))},
        "renumber into theme 2",
        when="2015-03-01",
    )
    document = history_json(repo.root)
    lines = {c["id"]: c for c in document["commitments"]}  # type: ignore[union-attr]
    assert lines["1.2"]["ended"] == {
        "how": "renumbered",
        "revision": lines["1.2"]["ended"]["revision"],
        "renumbered_to": "2.1",
    }
    assert lines["1.2"]["ended"]["revision"]["commit"] == moved
    assert lines["2.1"]["renumbered_from"]["id"] == "1.2"
    assert [c["to"] for c in lines["2.1"]["due_changes"]] == ["2016-06-30", "2016-09-30"]
    assert lines["2.1"]["slips"] == 2
    _code, table, _ = invoke("history", "1.2", "2.1", "--area", repo.root, "--no-color")
    assert "renumbered to 2.1" in table and "renumbered from 1.2" in table
    _code, out, _ = invoke("changes", repo.root, "--since", "HEAD~1", "--format", "json")
    changed = json.loads(out)
    assert changed["renumbered"] == [
        {"from": "1.2", "to": "2.1", "title": "Police cells are never used as a place of safety"}
    ]
    assert changed["added"] == [] and changed["removed"] == []


def test_removed_commitments_and_organisations(repo: Repo) -> None:
    repo.commit(
        {
            "signatories.yaml": SIGNATORIES,
            "commitments.yaml": plan(commitment(), commitment("1.1")),
        },
        when="2015-01-05",
    )
    signatories = (
        SIGNATORIES.replace(
            "signed: 2014-08-01}\n  - {id: ambulance",
            "signed: 2014-08-01, left: 2015-03-01}\n  - {id: ambulance",
            1,
        )
        + "  - {id: mind, name: Testshire Mind, sector: voluntary, signed: 2015-02-01}\n"
    )
    gone = repo.commit(
        {"signatories.yaml": signatories, "commitments.yaml": plan(commitment())},
        when="2015-03-01",
    )
    document = history_json(repo.root, "1.1")
    assert document["commitments"][0]["ended"]["how"] == "removed"  # type: ignore[index]
    assert document["commitments"][0]["ended"]["revision"]["commit"] == gone  # type: ignore[index]
    _code, out, _ = invoke("changes", repo.root, "--since", "HEAD~1", "--format", "json")
    changed = json.loads(out)
    assert [c["id"] for c in changed["removed"]] == ["1.1"]
    assert changed["organisations_joined"] == [{"id": "mind", "name": "Testshire Mind"}]
    assert changed["organisations_left"] == [
        {"id": "police", "name": "Testshire Police", "left": "2015-03-01"}
    ]


def test_readings_added(repo: Repo) -> None:
    repo.commit(
        {"signatories.yaml": SIGNATORIES, "commitments.yaml": plan(commitment())},
        when="2015-01-05",
    )
    repo.commit(
        {"commitments.yaml": plan(commitment(readings=(("2015-03-31", 41),)))}, when="2015-04-02"
    )
    _code, out, _ = invoke("changes", repo.root, "--since", "HEAD~1", "--format", "json")
    assert json.loads(out)["readings_added"] == [
        {
            "id": "2.1",
            "title": "Police cells are never used as a place of safety",
            "readings": [{"measure": "s136 detentions", "date": "2015-03-31", "value": 41.0}],
        }
    ]


# -- git cannot answer: one line, exit 2 ---------------------------------------------------


def test_not_a_git_repository(tmp_path: Path) -> None:
    area = tmp_path / "area"
    area.mkdir()
    (area / "signatories.yaml").write_text(SIGNATORIES, encoding="utf-8")
    (area / "commitments.yaml").write_text(plan(commitment()), encoding="utf-8")
    for args in (["history", "--area", area], ["changes", area]):
        code, out, err = invoke(*args)
        assert code == 2 and out == ""
        assert "is not in a git repository" in err and "Traceback" not in err


def test_git_not_installed(repo: Repo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    scripted(repo)
    empty = tmp_path / "no-git"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    for args in (["history", "--area", repo.root], ["changes", repo.root]):
        code, _, err = invoke(*args)
        assert code == 2
        assert "git is not installed" in err


def test_a_shallow_clone_says_to_fetch_the_whole_history(repo: Repo, tmp_path: Path) -> None:
    scripted(repo)
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True
    )
    code, _, err = invoke("history", "--area", clone)
    assert code == 2
    assert "shallow clone" in err and "git fetch --unshallow" in err and "fetch-depth: 0" in err


def test_an_unknown_revision(repo: Repo) -> None:
    scripted(repo)
    for option in ("--since", "--until"):
        code, out, err = invoke("changes", repo.root, option, "no-such-tag")
        assert code == 2 and out == ""
        assert "unknown revision 'no-such-tag'" in err


def test_an_unknown_id_says_what_was_meant(repo: Repo) -> None:
    scripted(repo)
    code, _, err = invoke("history", "2.3", "--area", repo.root)
    assert code == 2
    assert "no commitment '2.3' in the record" in err and "did you mean" in err


def test_a_repository_with_no_commit_yet(repo: Repo) -> None:
    repo.write({"signatories.yaml": SIGNATORIES, "commitments.yaml": plan(commitment())})
    document = history_json(repo.root)
    assert document["revisions"] == 1
    assert document["commitments"][0]["first_appeared"]["revision"]["commit"] is None  # type: ignore[index]


# -- hostile text from git ---------------------------------------------------------------------


def test_hostile_author_names_and_subjects_are_data(repo: Repo) -> None:
    repo.commit(
        {"signatories.yaml": SIGNATORIES, "commitments.yaml": plan(commitment())},
        when="2015-01-05",
    )
    hostile = "Eve \x1b[31m[bold red]boss[/bold red] jo.bloggs@example.org"
    repo.commit(
        {"commitments.yaml": plan(commitment(due="2016-06-30"))},
        "\x1b]0;owned\x07 [link=https://evil.example]click[/link] " + "x" * 1_000_000,
        when="2015-02-01",
        author=hostile,
    )
    for fmt in ("table", "markdown", "json"):
        code, out, _ = invoke("history", "--area", repo.root, "--format", fmt, "--no-color")
        assert code == 0
        assert "\x1b" not in out and "\x07" not in out
        assert "jo.bloggs@example.org" not in out
        masked = {"markdown": "j\\*\\*\\*@<span></span>example.org"}.get(fmt, "j***@example.org")
        assert masked in out
        assert len(out) < 20_000  # a 1 MB subject is not printed whole
    code, table, _ = invoke("history", "--area", repo.root, "--no-color")
    assert "red]boss[/bold" in table  # shown as written, never read as markup
    code, out, _ = invoke("history", "--area", repo.root, "--format", "json")
    subject = json.loads(out)["commitments"][0]["due_changes"][0]["revision"]["subject"]
    assert len(subject) == 200
    code, out, _ = invoke("changes", repo.root, "--since", "HEAD~1", "--format", "markdown")
    assert "\x1b" not in out and "jo.bloggs@example.org" not in out
    assert "\\[bold red\\]" in out  # Markdown escaped


def test_a_hostile_branch_name_in_a_message(repo: Repo) -> None:
    scripted(repo)
    code, _, err = invoke("changes", repo.root, "--until", "evil\x1b[2J")
    assert code == 2
    assert "\x1b" not in err and "\\x1b" in err


def test_every_format_has_a_renderer() -> None:
    from concordat.render import HistoryFormat
    from concordat.render import changes as changes_render
    from concordat.render import history as history_render

    for registry in (history_render.FORMATS, changes_render.FORMATS):
        assert set(registry) == set(HistoryFormat)


def test_validate_needs_no_git(repo: Repo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """P008 runs only where the record can be read; validate works everywhere else."""
    scripted(repo)  # the last commit moved 2.1 later with no update and no reason
    code, out, _ = invoke("validate", repo.root, "--as-of", "2017-05-01")
    assert code == 0 and "P008" in out and "in commit " in out
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True
    )
    code, out, err = invoke("validate", clone, "--as-of", "2017-05-01")
    assert code == 0 and "P008" not in out and "Traceback" not in err
    empty = tmp_path / "no-git"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    code, out, err = invoke("validate", repo.root, "--as-of", "2017-05-01")
    assert code == 0 and "P008" not in out and "Traceback" not in err


def test_the_readme_examples_are_what_the_commands_print(repo: Repo) -> None:
    """The README's examples come from the scripted repository: commit ids included (fixed
    dates, authors and messages give the same ids on every machine)."""
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    one, _, _ = scripted(repo)
    repo.git("tag", "board-2015-03", one)
    code, md, _ = invoke("changes", repo.root, "--format", "markdown")
    assert code == 0
    for section in md.split("\n\n### ")[:4]:
        assert section in readme
    code, table, _ = invoke(
        "history", "2.1", "--area", repo.root, "--no-color", env={"COLUMNS": "96"}
    )
    assert code == 0
    for line in table.splitlines():
        assert line in readme, line


def test_a_hostile_file_name_in_the_commitments_folder(repo: Repo) -> None:
    repo.commit(
        {"signatories.yaml": SIGNATORIES, "commitments/urgent.yaml": plan(commitment())},
        when="2015-01-05",
    )
    repo.commit({"commitments/\x1b[2Jx.yaml": "commitments: [\n"}, "broken", when="2015-02-01")
    for fmt in ("table", "markdown", "json"):
        code, out, _ = invoke("history", "--area", repo.root, "--format", fmt, "--no-color")
        assert code == 0 and "\x1b" not in out
        assert ("\\u001b" if fmt == "json" else "\\x1b") in out  # the name, escaped


def test_a_since_date_that_is_no_day(repo: Repo) -> None:
    scripted(repo)
    code, out, err = invoke("changes", repo.root, "--since", "2015-13-01")
    assert code == 2 and out == "" and "'2015-13-01' is not a date" in err


def test_updates_added_show_their_notes_for_the_board(repo: Repo) -> None:
    one, two, _ = scripted(repo)
    code, md, _ = invoke(
        "changes", repo.root, "--since", one, "--until", two, "--format", "markdown"
    )
    assert code == 0
    assert "| 2015-05-20 by mh-trust: building delayed |" in md


def test_slippage_for_other_views(repo: Repo, tmp_path: Path) -> None:
    """What show, status and the roll-up can call: None where there is no record."""
    from concordat.history.slippage import slippage, slipped_share

    scripted(repo)
    found = slippage(repo.root)
    assert found is not None
    assert found["2.1"].words() == "first promised 2015/16 Q4, moved twice"
    assert (found["2.1"].slips, found["2.1"].slip_days, found["2.1"].slipped) == (2, 365, True)
    assert found["2.2"].words() == "" and not found["2.2"].slipped
    assert slipped_share(found, {"2.1", "2.2"}) == 0.5
    assert slippage(tmp_path) is None


def test_line_ends_made_crlf_on_checkout_are_no_change(repo: Repo) -> None:
    """What git's autocrlf leaves on disk on Windows is the last commit, not a change."""
    scripted(repo)
    for name in ("signatories.yaml", "commitments.yaml"):
        path = repo.root / name
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert history_json(repo.root)["revisions"] == 3
    code, out, _ = invoke("validate", repo.root, "--as-of", "2017-05-01")
    assert (
        code == 0 and "P008" in out and "in commit " in out
    )  # the last commit is still the change judged


def test_a_merged_branch_is_one_change_on_the_main_line(repo: Repo) -> None:
    repo.commit(
        {"signatories.yaml": SIGNATORIES, "commitments.yaml": plan(commitment())},
        when="2015-01-05",
    )
    repo.git("checkout", "-q", "-b", "proposal")
    repo.commit({"commitments.yaml": plan(commitment(due="2016-06-30"))}, when="2015-02-01")
    repo.commit({"commitments.yaml": plan(commitment(due="2016-09-30"))}, when="2015-02-02")
    repo.git("checkout", "-q", "main")
    repo.commit({"README.md": "notes\n"}, "other work", when="2015-02-03")
    repo.git("merge", "-q", "--no-ff", "proposal", "-m", "merge the proposal", when="2015-02-10")
    merge = repo.git("rev-parse", "HEAD")
    document = history_json(repo.root)
    (move,) = document["commitments"][0]["due_changes"]  # type: ignore[index]
    assert (move["from"], move["to"]) == ("2016-03-31", "2016-09-30")
    assert move["revision"]["commit"] == merge and move["revision"]["date"] == "2015-02-10"


def test_p008_judges_a_merge_against_the_main_line(repo: Repo) -> None:
    repo.commit(
        {"signatories.yaml": SIGNATORIES, "commitments.yaml": plan(commitment())},
        when="2015-01-05",
    )
    repo.git("checkout", "-q", "-b", "proposal")
    repo.commit({"commitments.yaml": plan(commitment(due="2016-06-30"))}, when="2015-02-01")
    repo.git("checkout", "-q", "main")
    repo.commit({"README.md": "notes\n"}, "other work", when="2015-02-03")
    repo.git("merge", "-q", "--no-ff", "proposal", "-m", "merge", when="2015-02-10")
    merge = repo.git("rev-parse", "HEAD")
    code, out, _ = invoke("validate", repo.root, "--as-of", "2015-03-01")
    assert code == 0 and f"in commit {merge[:9]}" in out and "P008" in out


def test_a_json_key_means_what_it_means_in_the_other_documents(repo: Repo) -> None:
    from tests.conftest import REPO
    from tests.test_architecture import _key_types

    one, _, _ = scripted(repo)
    theirs: dict[str, set[str]] = {}
    for args in (["status", REPO], ["show", "2.1", REPO], ["orgs", REPO]):
        _, out, _ = invoke(*args, "--as-of", "2026-11-22", "--format", "json")
        _key_types(json.loads(out), theirs)
    ours: dict[str, set[str]] = {}
    _key_types(history_json(repo.root), ours)
    _, out, _ = invoke("changes", repo.root, "--since", one, "--format", "json")
    _key_types(json.loads(out), ours)
    # each key has here a type it has there ("commitments" is a list, as in status)
    differ = {k: (ours[k], theirs[k]) for k in ours.keys() & theirs.keys() if ours[k] - theirs[k]}
    assert differ == {}


@pytest.mark.parametrize("revision", ["HEAD^{tree}", "HEAD:commitments.yaml", "HEAD~1..HEAD"])
def test_since_must_be_a_commit_tag_or_day(repo: Repo, revision: str) -> None:
    scripted(repo)
    code, _, err = invoke("changes", repo.root, "--since", revision)
    assert code == 2, err
    assert "range" in err or "is not a commit" in err or "unknown revision" in err
    assert "Traceback" not in err


def test_since_a_day_goes_by_when_each_change_was_written(repo: Repo) -> None:
    """A rebase (GitHub's "rebase and merge") rewrites every committer's date; a change is
    still the change written on its author's day, as `history` dates it."""
    scripted(repo)
    repo.git("rebase", "-q", "-f", "--root", when="2026-12-01")
    code, out, err = invoke("changes", repo.root, "--since", "2016-01-01", "--format", "json")
    assert code == 0, err
    document = json.loads(out)
    assert document["added"] == []  # 2.1 and 2.2 were written in 2015: not added since
    assert [m["id"] for m in document["due_changes"]] == ["2.1"]
