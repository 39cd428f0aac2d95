"""The signatories (`concordat orgs`): each with what it leads and supports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from concordat.area import Area
from concordat.views.doubt import Doubt
from concordat.views.status import OrgRow, commitment_rows, id_key, org_rows, signatories_by_id


@dataclass(frozen=True)
class OrgEntry:
    row: OrgRow
    led: tuple[str, ...]  # the ids of the commitments it leads, in id order


@dataclass(frozen=True)
class OrgListing:
    area: str
    as_of: date
    entries: tuple[OrgEntry, ...]
    #: What the area's errors put in doubt; None when it has none.
    doubt: Doubt | None = None


def org_listing(area: Area, as_of: date, doubt: Doubt | None = None) -> OrgListing:
    by_id = signatories_by_id(area)
    rows = commitment_rows(area, by_id, as_of)
    led: dict[str, list[str]] = {}
    for row in rows:
        led.setdefault(row.commitment.owner, []).append(row.id)
    entries = tuple(
        OrgEntry(org, tuple(sorted(led.get(org.signatory.id, []), key=id_key)))
        for org in org_rows(by_id.values(), rows, by_id, as_of)
    )
    return OrgListing(area=area.label, as_of=as_of, entries=entries, doubt=doubt)
