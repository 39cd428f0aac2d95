"""The two questions the commands ask of the record: each commitment's history, and what
changed between two points (a revision or a date, and a revision or the working tree)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from concordat.history import git
from concordat.history.timeline import History, Span, between, follow
from concordat.history.walk import revisions

#: Without --since and without a tag: the changes of this many days.
DEFAULT_DAYS = 90
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def history_of(folder: Path) -> History:
    """Every commitment's timeline in the area at ``folder``, the working tree last.
    Raises :class:`~concordat.history.git.GitProblem` when git cannot answer."""
    return follow(revisions(git.locate(folder)))


@dataclass(frozen=True)
class Compared:
    span: Span
    since: str  # the start, in words: "tag v1.0", "2026-09-01", "a1b2c3d4e"
    until: str  # the end, in words: "the working tree", "main"


def _midnight(day: date) -> int:
    """The first second of ``day`` in England, as a timestamp."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from concordat.dates import TIME_ZONE

    try:
        zone = ZoneInfo(TIME_ZONE)
    except ZoneInfoNotFoundError:  # pragma: no cover - no time zone data: UTC
        from datetime import UTC as zone  # type: ignore[assignment]
    return int(datetime.combine(day, time(), zone).timestamp())


def changes_of(folder: Path, since: str | None, until: str | None, as_of: date) -> Compared:
    """What changed in the area at ``folder`` after ``since`` (a revision, or a date as
    YYYY-MM-DD; default: the last tag, else the last :data:`DEFAULT_DAYS` days) up to
    ``until`` (a revision; default: the working tree)."""
    from concordat.dates import parse_day
    from concordat.safe import printable

    repo = git.locate(folder)
    since_commit: str | None = None
    since_time: int | None = None
    if since is None:
        tag = git.last_tag(repo, until)
        if tag is not None:
            since, words = tag, f"tag {printable(tag)}"
        else:
            start = as_of - timedelta(days=DEFAULT_DAYS)
            since_time, words = _midnight(start), f"{start.isoformat()} (the last 90 days)"
    else:
        words = printable(since)
    if since is not None and since_time is None:
        if _DAY.fullmatch(since.strip()):
            try:
                since_time = _midnight(parse_day(since.strip()))
            except ValueError as error:
                raise git.GitProblem(str(error)) from None
        else:
            since_commit = git.first_parent_commit(repo, since)
    span = between(
        revisions(repo, until, with_working_tree=until is None),
        since_commit=since_commit,
        since_time=since_time,
    )
    if since_commit is not None and (span.since is None or span.since.id != since_commit):
        raise git.GitProblem(
            f"'{printable(since or '')}' is not on the main line of "
            f"{printable(until) if until else 'the current branch'}: name a commit or tag it "
            "was built from"
        )
    return Compared(span, words, printable(until) if until else "the working tree")
