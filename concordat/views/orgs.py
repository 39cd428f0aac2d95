"""The signatories (`concordat orgs`): each with what it leads and supports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from concordat.area import Area
from concordat.views.status import OrgRow, commitment_rows, id_key, org_row, signatories_by_id


@dataclass(frozen=True)
class OrgEntry:
    row: OrgRow
    led: tuple[str, ...]  # the ids of the commitments it leads, in id order


@dataclass(frozen=True)
class OrgListing:
    area: str
    as_of: date
    entries: tuple[OrgEntry, ...]


def org_listing(area: Area, as_of: date) -> OrgListing:
    by_id = signatories_by_id(area)
    rows = commitment_rows(area, as_of)
    entries = []
    for signatory in by_id.values():
        led = sorted((r.id for r in rows if r.commitment.owner == signatory.id), key=id_key)
        entries.append(OrgEntry(org_row(signatory, rows, by_id, as_of), tuple(led)))
    return OrgListing(area=area.label, as_of=as_of, entries=tuple(entries))
