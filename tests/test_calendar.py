"""`concordat calendar`: an iCalendar file a real parser reads, whose events keep their UIDs
from one export to the next, so a second import updates them instead of adding copies."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from concordat import check_area
from concordat.cli import app
from tests.conftest import REPO

AS_OF = "2026-11-22"


def export(*args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(app, ["calendar", *args, "--as-of", AS_OF])
    return result.exit_code, result.stdout_bytes, result.stderr


def events(data: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_every_commitment_is_an_all_day_event_on_its_due_date() -> None:
    code, data, err = export(str(REPO))
    assert code == 0, err
    found = events(data)
    plan = {c.item.id: c.item for c in check_area(REPO, date(2026, 11, 22)).area.commitments}
    assert len(found) == len(plan)
    for event in found.values():
        number = str(event["summary"]).split(": ", 1)[1].split(" ", 1)[0]
        commitment = plan[number]
        start = event.decoded("dtstart")
        assert start == commitment.due and not hasattr(start, "hour")  # a day, not a time
        assert event.decoded("dtend") == commitment.due + timedelta(days=1)
        assert str(event["transp"]) == "TRANSPARENT"


def test_a_second_export_has_the_same_uids(tmp_path: Path) -> None:
    first = tmp_path / "due.ics"
    assert CliRunner().invoke(app, ["calendar", str(REPO), "-o", str(first)]).exit_code == 0
    again = CliRunner().invoke(app, ["calendar", str(REPO), "--as-of", "2027-01-05"])
    assert set(events(first.read_bytes())) == set(events(again.stdout_bytes))


def test_late_and_troubled_work_says_so_in_the_title() -> None:
    _, data, _ = export(str(REPO))
    plan = {c.item.id: c.item for c in check_area(REPO, date(2026, 11, 22)).area.commitments}
    titles = {uid.split(".norfolk")[0]: str(e["summary"]) for uid, e in events(data).items()}
    for commitment_id, commitment in plan.items():
        title = titles[commitment_id]
        if commitment.is_overdue(date(2026, 11, 22)):
            assert title.startswith("OVERDUE: "), title
        elif commitment.status.value == "at-risk":
            assert title.startswith("AT RISK: "), title
        elif commitment.status.value == "complete":
            assert title.startswith("Delivered: "), title


def test_org_keeps_only_its_work_and_an_unknown_org_is_refused() -> None:
    _, data, _ = export(str(REPO), "--org", "eeast")
    plan = check_area(REPO, date(2026, 11, 22)).area.commitments
    mine = {c.item.id for c in plan if "eeast" in (c.item.owner, *c.item.partners)}
    assert {uid.split(".norfolk")[0] for uid in events(data)} == mine
    code, _, err = export(str(REPO), "--org", "eest")
    assert code == 2 and "did you mean 'eeast'" in err


def test_hostile_text_is_escaped_and_masked(tmp_path: Path) -> None:
    folder = tmp_path / "area"
    folder.mkdir()
    (folder / "signatories.yaml").write_text(
        (REPO / "signatories.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    text = (REPO / "commitments.yaml").read_text(encoding="utf-8")
    hostile = 'title: "Beds\\x1b[31m;\\nBEGIN:VEVENT, call 07700 900123, a@b.org"'
    first = text.index("title:")
    text = text[:first] + hostile + text[text.index("\n", first) :]
    (folder / "commitments.yaml").write_text(text, encoding="utf-8")
    code, data, _ = export(str(folder))
    raw = data.decode("utf-8")
    assert "\x1b" not in raw
    lines = raw.split("\r\n")
    assert lines.count("BEGIN:VEVENT") == len(events(data)) == 20  # no event smuggled in
    assert "a@b.org" not in raw and "07700 900123" not in raw
    assert code in (0, 1)


@pytest.mark.parametrize("days", ["0", "7"])
def test_reminders_before_open_work(days: str) -> None:
    _, data, _ = export(str(REPO), "--remind-days", days)
    found = events(data)
    alarms = [a for e in found.values() for a in e.walk("VALARM")]
    if days == "0":
        assert alarms == []
    else:
        assert alarms and all(a.decoded("trigger") == -timedelta(days=7) for a in alarms)


def test_writing_through_a_folder_that_is_a_file_is_a_message(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    result = CliRunner().invoke(app, ["calendar", str(REPO), "-o", str(tmp_path / "f" / "d.ics")])
    assert result.exit_code == 2
    assert "is a file, not a folder" in result.stderr


def test_only_a_calendar_concordat_wrote_is_replaced(tmp_path: Path) -> None:
    import os

    mine = tmp_path / "due.ics"
    assert CliRunner().invoke(app, ["calendar", str(REPO), "-o", str(mine)]).exit_code == 0
    assert CliRunner().invoke(app, ["calendar", str(REPO), "-o", str(mine)]).exit_code == 0
    theirs = tmp_path / "commitments.yaml"
    theirs.write_text("commitments: []\n", encoding="utf-8")
    pipe = tmp_path / "pipe.ics"
    os.mkfifo(pipe)
    link = tmp_path / "link.ics"
    link.symlink_to(mine)
    for target, says in (
        (theirs, "is not a calendar concordat wrote"),
        (pipe, "is not a regular file"),
        (link, "is a symbolic link"),
    ):
        result = CliRunner().invoke(app, ["calendar", str(REPO), "-o", str(target)])
        assert result.exit_code == 2 and says in result.stderr, result.stderr
    assert theirs.read_text(encoding="utf-8") == "commitments: []\n"
    assert pipe.is_fifo() and link.is_symlink()
