"""What a view of an area with errors can still be trusted with.

A partner who runs `concordat status --org nsft` cannot fix the coordinator's files, and one
typo in another organisation's entry must not hide NSFT's own work. So the views draw what
could be read, and say what could not: how many errors the files have, which commitments are
missing because their entries could not be read, and which shown commitments have an error in
their own entry (their data is in doubt). The exit code stays 1, so CI still fails.
"""

from __future__ import annotations

from dataclasses import dataclass

from concordat.area import Area, Unread
from concordat.diagnostics import Report, Severity

#: At most this many unread commitments are named; the rest are counted.
NAMED = 10


@dataclass(frozen=True)
class Doubt:
    errors: int
    #: Commitments not shown because their entries could not be read: "2.3 (eeast)".
    unread: tuple[str, ...]
    #: Files that could not be read at all.
    unread_files: tuple[str, ...]
    #: Organisations not shown because their entries could not be read.
    unread_organisations: tuple[str, ...]
    #: The ids of shown commitments with an error inside their own entry.
    in_doubt: frozenset[str]

    def words(self, *, marks: bool = True) -> list[str]:
        """The banner, one sentence a line, in plain words (``marks``: with the sentence
        that explains the ? beside a commitment)."""
        errors = f"{self.errors} error{'' if self.errors == 1 else 's'}"
        out = [f"The partnership's files have {errors}, so this view may be incomplete."]
        if self.unread_files:
            out.append(f"Could not be read at all: {_listed(self.unread_files)}.")
        if self.unread:
            out.append(
                f"Not shown, because their entries could not be read: {_listed(self.unread)}."
            )
        if self.unread_organisations:
            names = _listed(self.unread_organisations)
            out.append(
                f"Organisations not shown, because their entries could not be read: {names}."
            )
        if self.in_doubt and marks:
            out.append("Marked ?: commitments whose own entry, or whose owner's, has an error.")
        out.append("The coordinator sees every error with: concordat validate")
        return out


def _listed(items: tuple[str, ...]) -> str:
    named = ", ".join(items[:NAMED])
    more = len(items) - NAMED
    return f"{named} and {more:,} more" if more > 0 else named


def doubt_of(area: Area, report: Report) -> Doubt | None:
    """What the errors in ``report`` put in doubt in ``area``; None when it has none."""
    errors = [d for d in report.diagnostics if d.severity is Severity.ERROR]
    if not errors:
        return None
    unread_orgs = tuple(_named(u) for u in area.unread_signatories)
    owners = {u.id for u in area.unread_signatories if u.id}
    in_doubt = {
        c.item.id
        for c in area.commitments
        if c.item.owner in owners or area.error_within(c, among=report.diagnostics)
    }
    unread = tuple(_named(u) for u in area.unread)
    files = tuple(f.name for f in area.files if f.root is None)
    return Doubt(len(errors), unread, files, unread_orgs, frozenset(in_doubt))


def _named(unread: Unread) -> str:
    """'2.3 (eeast)', or where the entry is when even its id could not be read."""
    where = f"an entry in {unread.where}"
    return (unread.id or where) + (f" ({unread.owner})" if unread.owner else "")
