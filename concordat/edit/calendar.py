"""Due dates as an iCalendar file (RFC 5545), for every partner's calendar.

Each commitment is an all-day event on its due date (calendar programs show events; most
ignore to-dos), with a UID made from the area's name and the commitment's id, so importing
the file again updates the events instead of adding copies. Late and troubled work says so
at the start of its title; a withdrawn commitment's event is cancelled; open work carries a
reminder some days before. Every string from the data is masked and escaped as any output
is (:func:`concordat.safe.printable`); the library writes iCalendar's own escaping.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from concordat.area import Area
from concordat.model import Commitment
from concordat.safe import printable
from concordat.vocab import Status

#: Days before the due date that open work reminds its calendar's owner.
DEFAULT_REMIND_DAYS = 14
#: The most that makes sense: a reminder years ahead is a typing mistake.
MAX_REMIND_DAYS = 3660
#: How a calendar concordat wrote starts (so that it may be written again over it).
PRODID = "-//concordat//Concordat due dates//EN"


def ours(path: Path) -> bool:
    """Whether the file at ``path`` is a calendar concordat wrote."""
    with path.open("rb") as handle:
        head = handle.read(512)
    return head.startswith(b"BEGIN:VCALENDAR") and b"PRODID:" + PRODID.encode() in head


def _prefix(commitment: Commitment, as_of: date) -> str:
    status = commitment.status
    if commitment.is_overdue(as_of):
        return "OVERDUE: "
    return {
        Status.AT_RISK: "AT RISK: ",
        Status.OFF_TRACK: "OFF TRACK: ",
        Status.COMPLETE: "Delivered: ",
        Status.WITHDRAWN: "Withdrawn: ",
    }.get(status, "Due: ")


_EPOCH = date(2020, 1, 1)


def area_key(label: str) -> str:
    """The part of every UID that names the area: its name as a slug, and a short digest of
    the name as written, so two areas never share a UID and the UID never holds odd text
    (nor a figure: a phone number in a name is not carried into every event)."""
    slug = re.sub(r"[^a-z]+", "-", printable(label).lower()).strip("-")[:40] or "area"
    digest = hashlib.sha256(label.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{slug}-{digest}"


def calendar(
    area: Area,
    as_of: date,
    *,
    org: str | None = None,
    remind_days: int = DEFAULT_REMIND_DAYS,
    now: datetime | None = None,
) -> bytes:
    """The iCalendar file of the area's due dates (``org``: only what it leads or is a
    partner in)."""
    import icalendar

    from concordat.views.status import signatories_by_id

    names = {k: s.label for k, s in signatories_by_id(area).items()}
    stamp = now or datetime.now(UTC)
    key = area_key(area.label)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", printable(f"{area.label}: Concordat due dates"))
    for located in sorted(area.commitments, key=lambda c: (c.item.due, c.item.id)):
        c = located.item
        if org is not None and org != c.owner and org not in c.partners:
            continue
        event = icalendar.Event()
        event.add("uid", f"{c.id}.{key}@concordat")
        event.add("dtstamp", stamp)
        event.add("dtstart", c.due)
        event.add("dtend", c.due + timedelta(days=1))
        event.add("summary", printable(f"{_prefix(c, as_of)}{c.id} {c.title}"))
        event.add("description", _description(c, names))
        event.add("categories", [printable(c.theme.heading)])
        event.add("transp", "TRANSPARENT")  # a reminder, not time taken
        event.add("status", "CANCELLED" if c.status is Status.WITHDRAWN else "CONFIRMED")
        # a higher sequence tells a calendar the event has news: the day of the export
        # only grows, so each import of a newer file is taken as the news it may hold
        event.add("sequence", (stamp.date() - _EPOCH).days)
        if c.last_update is not None:
            event.add("last-modified", datetime.combine(c.last_update, datetime.min.time(), UTC))
        if c.status.is_open and remind_days > 0:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", printable(f"{c.id} {c.title} is due in {remind_days} days"))
            alarm.add("trigger", timedelta(days=-remind_days))
            event.add_component(alarm)
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data


def _description(c: Commitment, names: dict[str, str]) -> str:
    lines = [
        f"Status: {c.status.value.replace('-', ' ')} ({c.status.rag})",
        f"Owner: {names.get(c.owner, c.owner)}",
    ]
    if c.partners:
        lines.append("Partners: " + ", ".join(names.get(p, p) for p in c.partners))
    if c.reason:
        lines.append(f"Reason: {c.reason}")
    if c.updates:
        last = max(c.updates, key=lambda u: u.date)
        lines.append(f"Latest update, {last.date.isoformat()}, {names.get(last.by, last.by)}:")
        lines.append(last.note)
    return "\n".join(printable(line) for line in lines)
