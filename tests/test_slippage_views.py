"""Slippage where it helps: `show` says "first promised 2015/16 Q4, moved twice", `status`
marks slipped work in every format, read from the git record the area is in."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.conftest import SIGNATORIES, invoke
from tests.test_history import GIT, Repo, commitment, plan, pytestmark, quiet_git, repo

__all__ = ["GIT", "pytestmark", "quiet_git", "repo"]  # the fixtures, used by name below

AS_OF = ("--as-of", "2017-06-01")


def slipped_twice(repo: Repo) -> Path:
    """2.1 first promised for 2015/16 Q4, moved later twice and still open; 2.2 never moved."""
    other = commitment("2.2", title="Ambulance reaches s136 calls in 30 minutes", due="2018-03-31")
    repo.commit(
        {"signatories.yaml": SIGNATORIES, "commitments.yaml": plan(commitment(), other)},
        when="2015-01-05",
    )
    for when, due in (("2015-06-01", "2016-06-30"), ("2016-06-01", "2017-09-30")):
        moved = commitment(
            due=due,
            status="at-risk",
            reason="the suite is not built",
            updates=((when, "building delayed"),),
        )
        repo.commit({"commitments.yaml": plan(moved, other)}, when=when)
    return repo.root


def test_status_marks_slipped_work_in_every_format(repo: Repo) -> None:
    folder = slipped_twice(repo)
    code, out, err = invoke("status", folder, *AS_OF, env={"COLUMNS": "120"})
    assert code == 0, err
    assert "slipped twice" in out
    assert "1 slipped" in out
    code, out, _ = invoke("status", folder, *AS_OF, "--format", "json")
    document = json.loads(out)
    assert document["summary"]["slipped"] == 1
    rows = {c["id"]: c for c in document["commitments"]}
    assert rows["2.1"]["slippage"] == {
        "first_due": "2016-03-31",
        "first_due_written": "2015/16 Q4",
        "times_moved": 2,
        "slips": 2,
        "slip_days": 548,
    }
    assert rows["2.2"]["slippage"]["times_moved"] == 0
    code, out, _ = invoke("status", folder, *AS_OF, "--format", "csv")
    table = {r["Id"]: r for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))}
    assert (table["2.1"]["Slipped"], table["2.2"]["Slipped"]) == ("2", "0")
    code, out, _ = invoke("status", folder, *AS_OF, "--format", "markdown")
    assert "slipped twice" in out and "1 slipped." in out


def test_show_says_when_it_was_first_promised(repo: Repo) -> None:
    folder = slipped_twice(repo)
    code, out, err = invoke("show", "2.1", folder, *AS_OF, env={"COLUMNS": "100"})
    assert code == 0, err
    assert "first promised 2015/16 Q4, moved twice" in " ".join(out.split())
    code, out, _ = invoke("show", "2.2", folder, *AS_OF)
    assert "first promised" not in out


def test_outside_git_nothing_is_claimed(tmp_path: Path) -> None:
    folder = tmp_path / "area"
    folder.mkdir()
    (folder / "signatories.yaml").write_text(SIGNATORIES, encoding="utf-8")
    (folder / "commitments.yaml").write_text(plan(commitment()), encoding="utf-8")
    code, out, _ = invoke("status", folder, *AS_OF, "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["summary"]["slipped"] is None
    assert document["commitments"][0]["slippage"] is None
    _, out, _ = invoke("status", folder, *AS_OF, "--format", "csv")
    assert next(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))["Slipped"] == ""


def test_the_rollup_shows_the_share_of_open_work_that_slipped(repo: Repo) -> None:
    first = commitment()
    other = commitment("2.2", title="Ambulance reaches s136 calls in 30 minutes", due="2018-03-31")
    area = {"signatories.yaml": SIGNATORIES, "commitments.yaml": plan(first, other)}
    repo.commit({f"areas/{a}/{n}": t for a in ("east", "west") for n, t in area.items()})
    moved = commitment(due="2017-09-30", status="at-risk", reason="not built")
    repo.commit({"areas/east/commitments.yaml": plan(moved, other)}, when="2016-01-01")
    folder = repo.root / "areas"
    code, out, _ = invoke("status", folder, *AS_OF, "--format", "json")
    assert all(r["slipped"] is None for r in json.loads(out)["areas"])  # not asked for
    code, out, err = invoke("status", folder, *AS_OF, "--history", "--format", "json")
    assert code == 0, err
    rows = {Path(r["folder"]).name: r for r in json.loads(out)["areas"]}
    assert (rows["east"]["slipped"], rows["east"]["slipped_share"]) == (1, 0.5)
    assert (rows["west"]["slipped"], rows["west"]["slipped_share"]) == (0, 0.0)
    code, out, _ = invoke("status", folder, *AS_OF, "--history", env={"COLUMNS": "120"})
    assert "Slipped" in out and "50%" in out
    code, out, _ = invoke("status", folder, *AS_OF, "--history", "--format", "markdown")
    assert "| Slipped |" in out and "25% slipped." in out


def test_the_board_report_reads_the_record(repo: Repo, tmp_path: Path) -> None:
    folder = slipped_twice(repo)
    page = tmp_path / "board.html"
    code, _, err = invoke("report", folder, *AS_OF, "--since", "2015-02-01", "-o", page)
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    changes = html[html.index('id="changes"') : html.index('id="owners"')]
    assert "status on-track -&gt; at-risk" in changes and "(for the worse)" in changes
    assert "due 2015/16 Q4 -&gt; 2017-09-30" in changes
    assert "first promised 2015/16 Q4, moved twice, 548 days later" in html
    code, out, _ = invoke("report", folder, *AS_OF, "--format", "markdown")
    assert "first promised 2015/16 Q4, moved twice, 548 days later" in out
