"""What a partner sees: its own work even when someone else's entry is broken, line breaks as
line breaks, what a board needs in every format, and one vocabulary with a key."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.test_views import AS_OF, invoke


@pytest.fixture
def norfolk(tmp_path: Path) -> Path:
    """A copy of the shipped Norfolk area to break."""
    area = tmp_path / "norfolk"
    area.mkdir()
    for name in ("signatories.yaml", "commitments.yaml"):
        shutil.copy(REPO / name, area / name)
    return area


def _edit(area: Path, old: str, new: str, count: int = 1) -> None:
    path = area / "commitments.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_one_typo_in_eeast_s_entry_does_not_hide_nsft_s_work(norfolk: Path) -> None:
    _edit(norfolk, "owner: eeast\n", "owner: eeast\n    status: on-trak\n")  # a second status
    code, out, _ = invoke("status", norfolk, "--org", "nsft", *AS_OF, width=120)
    assert code == 1
    assert "The partnership's files have" in out and "concordat validate" in out
    assert "fix the errors above" not in out
    for nsft_led in ("1.1", "1.3", "2.1", "2.3", "3.2", "4.1"):
        assert f" {nsft_led} " in out
    code, out, _ = invoke("show", "2.1", norfolk, *AS_OF)
    assert code == 1 and "Police cells are never used" in out
    assert "The partnership's files have" in out
    code, out, _ = invoke("orgs", norfolk, *AS_OF)
    assert code == 1 and "nsft" in out and "The partnership's files have" in out


def test_an_entry_that_cannot_be_read_is_named_and_show_says_why(norfolk: Path) -> None:
    _edit(norfolk, "status: at-risk", "status: at-rsk")  # 0.3, the first at-risk
    code, out, _ = invoke("status", norfolk, *AS_OF, width=120)
    assert code == 1
    assert "Not shown, because their entries could not be read: 0.3 (nhs-norfolk-waveney-icb)" in (
        " ".join(out.split())
    )
    assert not re.search(r"^ 0\.3 ", out, re.MULTILINE)  # no row for it
    code, out, err = invoke("show", "0.3", norfolk, *AS_OF)
    assert code == 1
    assert "commitment 0.3 could not be read: its entry in" in err and "line" in err
    assert "concordat validate" in err
    code, out, _ = invoke("status", norfolk, *AS_OF, "--format", "json")
    data = json.loads(out)
    assert data["problems"]["unread"] == ["0.3 (nhs-norfolk-waveney-icb)"]
    assert "0.3" not in {c["id"] for c in data["commitments"]}


def test_a_commitment_with_an_error_in_its_own_entry_is_marked(norfolk: Path) -> None:
    _edit(norfolk, "partners: [norfolk-county-council, nsft]", "partners: [norfolk-county, nsft]")
    code, out, _ = invoke("status", norfolk, *AS_OF, width=120)
    assert code == 1
    assert (
        " 0.1 ?" in out
        and "Marked ?: commitments whose own entry, or whose owner's, has an error." in out
    )
    assert " 0.2 ?" not in out
    code, out, _ = invoke("status", norfolk, *AS_OF, "--format", "json")
    flags = {c["id"]: c["in_doubt"] for c in json.loads(out)["commitments"]}
    assert flags["0.1"] is True and not any(v for k, v in flags.items() if k != "0.1")
    code, out, _ = invoke("status", norfolk, *AS_OF, "--format", "csv")
    rows = {r["Id"]: r for r in csv.DictReader(io.StringIO(out.removeprefix("\ufeff")))}
    assert code == 1 and rows["0.1"]["In doubt"] == "yes" and rows["0.2"]["In doubt"] == "no"
    code, out, _ = invoke("status", norfolk, *AS_OF, "--format", "markdown")
    assert code == 1 and out.count("> ") >= 3 and "| 0.1 **?** |" in out
    code, out, _ = invoke("show", "0.1", norfolk, *AS_OF)
    assert "This commitment's own entry has an error" in out


def test_a_file_format_says_the_errors_on_stderr_too(norfolk: Path) -> None:
    _edit(norfolk, "status: at-risk", "status: at-rsk")
    code, out, err = invoke("status", norfolk, *AS_OF, "--format", "csv")
    assert code == 1 and "The partnership's files have 1 error" in err
    assert "The partnership's files" not in out  # the spreadsheet holds only the rows


def test_line_breaks_are_line_breaks_and_other_controls_stay_escaped(norfolk: Path) -> None:
    _edit(
        norfolk,
        "note: Crisis resolution and home treatment contracts varied to the new specification.",
        'note: "- contracts varied\\n- staff trained \\e[31m"',
    )
    _edit(
        norfolk, "reason: >-\n      Partners have", "reason: >-\n      First\n\n      Partners have"
    )
    code, out, _ = invoke("show", "0.1", norfolk, *AS_OF, width=100)
    assert code == 0, out
    assert "\\x0a" not in out and "- contracts varied\n" in out
    assert "\\x1b[31m" in out and "\x1b" not in out
    code, out, _ = invoke("status", norfolk, *AS_OF, width=120)
    assert "\\x0a" not in out and "- staff trained" in out
    code, out, _ = invoke("status", norfolk, *AS_OF, "--format", "csv")
    rows = {r["Id"]: r for r in csv.DictReader(io.StringIO(out.removeprefix("\ufeff")))}
    assert rows["0.1"]["Latest update"] == "'- contracts varied\n- staff trained \\x1b[31m"
    assert rows["0.3"]["Reason"].startswith("First\nPartners have not yet agreed")
    code, out, _ = invoke("status", norfolk, *AS_OF, "--format", "markdown")
    assert "\\- contracts varied<br>\\- staff trained" in out or "- contracts varied<br>" in out
    assert "\\x0a" not in out


def test_status_carries_what_a_board_needs_in_every_format() -> None:
    code, out, _ = invoke("status", REPO, *AS_OF, width=120)
    assert code == 0
    flat = " ".join(out.split())
    assert "Reason: Handover delays at acute hospitals" in flat  # 2.2 is at-risk
    assert "Latest (3 weeks ago): One adult held in custody in Q2" in flat
    assert "1 stale (no update for over 120 days)" in flat and "stale: no update for" in flat
    _, doc, _ = invoke("status", REPO, *AS_OF, "--format", "json")
    rows = {c["id"]: c for c in json.loads(doc)["commitments"]}
    assert rows["2.2"]["reason"].startswith("Handover delays")
    assert rows["2.1"]["latest_update"]["note"].startswith("One adult held in custody")
    assert sum(1 for r in rows.values() if r["stale"]) == json.loads(doc)["summary"]["stale"] == 1
    assert rows["2.1"]["partner_names"] == [
        "Norfolk Constabulary",
        "NHS Norfolk and Waveney Integrated Care Board",
    ]
    _, table, _ = invoke("status", REPO, *AS_OF, "--format", "csv")
    csv_rows = {r["Id"]: r for r in csv.DictReader(io.StringIO(table.removeprefix("\ufeff")))}
    assert csv_rows["2.1"]["Partner names"] == (
        "Norfolk Constabulary; NHS Norfolk and Waveney Integrated Care Board"
    )
    assert csv_rows["2.2"]["Reason"].startswith("Handover delays")
    _, md, _ = invoke("status", REPO, *AS_OF, "--format", "markdown")
    assert "*Reason:* Handover delays" in md and "*Latest (3 weeks ago):* One adult" in md
    assert "**stale**" in md


def test_one_vocabulary_and_a_key_for_every_column() -> None:
    _, out, _ = invoke("status", REPO, *AS_OF, width=120)
    _, md, _ = invoke("status", REPO, *AS_OF, "--format", "markdown")
    _, table, _ = invoke("status", REPO, *AS_OF, "--format", "csv")
    heads = table.removeprefix("\ufeff").splitlines()[0].split(",")
    for word in ("Id", "Commitment", "Owner", "Partners", "Due", "Status", "Overdue", "Due soon"):
        assert word in heads and word in md, word
    for word in ("Leads", "Partner in", "Overdue", "Due soon"):
        assert f"{word}:" in out and word in md  # each column of who-owns-what explained
    headers = [line for line in (out + md).splitlines() if "Commitment" in line or "Leads" in line]
    for gone in (" Ref ", " Lead ", " Late ", "≤90d", " Action ", "Last update"):
        assert not any(gone in line for line in headers), gone
    assert "(s)" not in out


def test_clutter_is_shown_only_when_it_says_something(tmp_path: Path) -> None:
    code, out, _ = invoke("status", REPO, *AS_OF, "--theme", "commissioning", width=120)
    assert "BTP" not in out and "NHS England" not in out  # not involved in theme 0
    assert "Organisations that have left" not in out
    _, every, _ = invoke("status", REPO, *AS_OF, width=120)
    assert "Have left: North Norfolk CCG (now N&W ICB)" in " ".join(every.split())
    (tmp_path / "signatories.yaml").write_text(
        "area: Fresh\nsignatories:\n  - {id: icb, name: ICB, sector: commissioner,"
        " signed: 2024-01-01}\n",
        encoding="utf-8",
    )
    (tmp_path / "commitments.yaml").write_text("commitments:\n", encoding="utf-8")
    code, out, _ = invoke("status", tmp_path, *AS_OF, "--status", "complete")
    assert code == 0 and "No commitments match." in out and "Key:" not in out


def test_lead_only_needs_an_org_and_a_leaver_points_to_its_successor() -> None:
    code, _, err = invoke("status", REPO, *AS_OF, "--lead-only")
    assert code == 2 and "--lead-only" in err and "--org" in err
    code, _, err = invoke("status", REPO, *AS_OF, "--org", "north-norfolk-ccg")
    assert code == 0
    assert "left on 2020-03-31; its work passed to nhs-norfolk-waveney-icb" in err
    assert "concordat status --org nhs-norfolk-waveney-icb" in err


def test_plurals_are_right(tmp_path: Path) -> None:
    code, out, _ = invoke("status", REPO, *AS_OF, "--org", "british-transport-police")
    assert code == 0 and out.startswith("Norfolk  as of 2026-11-22  1 commitment (")
    code, out, _ = invoke("status", REPO, *AS_OF, "--format", "markdown", "--theme", "recovery")
    assert "4 commitments:" in out


def test_the_invariants_docs_json_md_states_hold() -> None:
    _, doc, _ = invoke("status", REPO, *AS_OF, "--format", "json")
    data = json.loads(doc)
    orgs = data["organisations"] + data["former_organisations"]
    ids = {o["id"] for o in orgs}
    owned = [c for c in data["commitments"] if c["owner"] in ids]
    assert sum(o["leads"] for o in orgs) == len(owned) == data["summary"]["commitments"]
    _, doc, _ = invoke("status", REPO, *AS_OF, "--format", "json", "--org", "nsft")
    data = json.loads(doc)
    (nsft,) = data["organisations"]
    rows = data["commitments"]
    assert nsft["leads"] == sum(1 for c in rows if c["owner"] == "nsft") < len(rows)
    assert nsft["partner_in"] == sum(1 for c in rows if "nsft" in c["partners"])


def test_a_signatory_that_cannot_be_read_is_named_and_its_work_marked(norfolk: Path) -> None:
    path = norfolk / "signatories.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("sector: mental-health-trust", "sector: mental-health-trsut"), "utf-8"
    )
    code, out, _ = invoke("status", norfolk, *AS_OF, width=120)
    assert code == 1
    assert "Organisations not shown, because their entries could not be read: nsft." in out
    assert " 2.1 ?" in out and " 2.2 ?" not in out  # NSFT leads 2.1, EEAST 2.2
    code, out, _ = invoke("orgs", norfolk, *AS_OF, "--format", "json")
    assert json.loads(out)["problems"]["unread_organisations"] == ["nsft"]


def test_an_area_with_no_commitments_shows_no_empty_tables(tmp_path: Path) -> None:
    (tmp_path / "signatories.yaml").write_text(
        "area: Fresh\nsignatories:\n  - {id: icb, name: ICB, sector: commissioner,"
        " signed: 2024-01-01}\n",
        encoding="utf-8",
    )
    (tmp_path / "commitments.yaml").write_text("commitments:\n", encoding="utf-8")
    code, out, _ = invoke("status", tmp_path, *AS_OF)
    assert code == 0 and "The plan has no commitments yet" in out
    assert "Who owns what" not in out and "Key:" not in out


@pytest.mark.parametrize("width", (50, 65, 70, 72, 80))
def test_theme_headings_wrap_at_every_width(width: int) -> None:
    _, out, _ = invoke("status", REPO, *AS_OF, width=width)
    assert max(len(line) for line in out.splitlines()) <= width
    assert "responsive crisis services" in " ".join(out.split())


def test_a_cut_title_is_cut_at_a_word() -> None:
    from concordat.render.grid import clipped

    cut = clipped("crisis " * 800)
    assert cut.split("…")[0].endswith("crisis ") or cut.split("…")[0].endswith("crisis")


def test_a_table_written_in_cp1252_is_laid_out_as_written(norfolk: Path) -> None:
    """Characters cp1252 lacks are written as stand-ins or escapes, wider than they were:
    the columns are measured as written, so rows still fit the terminal."""
    import os
    import subprocess
    import sys

    path = norfolk / "signatories.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "short_name: NSFT", "short_name: ノーフォーク🚑"
    )
    path.write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "COLUMNS": "80", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "concordat", "status", str(norfolk), *AS_OF],
        capture_output=True,
        env=env,
        check=False,
    )
    out = done.stdout.decode("cp1252")
    assert done.returncode == 0 and "\\u30ce" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_a_line_separator_in_a_title_is_shown_escaped(norfolk: Path) -> None:
    _edit(
        norfolk,
        "title: Commission one 24/7 crisis pathway",
        'title: "Commission one\\u2028 24/7 crisis pathway',
    )
    _edit(norfolk, "with a shared specification\n", 'with a shared specification"\n')
    for fmt in ("table", "csv", "markdown"):
        code, out, _ = invoke("status", norfolk, *AS_OF, "--format", fmt, width=120)
        assert code == 0 and "\u2028" not in out and "\\u2028" in out, fmt
    code, out, _ = invoke("show", "0.1", norfolk, *AS_OF)
    assert "\u2028" not in out and "\\u2028" in out
