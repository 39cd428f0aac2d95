"""A: the declaration as a whole. The Concordat expects every area's declaration to be
signed by its core agencies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from concordat.diagnostics import Diagnostic, one_of

if TYPE_CHECKING:
    from concordat.area import Area
    from concordat.checks import Settings


def check(area: Area, settings: Settings) -> Iterator[Diagnostic]:
    file = area.signatories_file
    if file is None or not area.signatories_readable or file.partial or area.invalid_signatories:
        return  # until every signatory can be read, its sector is unknown
    present = {
        s.item.sector
        for s in area.signatories
        if not (s.item.left and s.item.left <= settings.as_of)
    }
    missing = [sector.value for sector in settings.core_sectors if sector not in present]
    if missing:
        yield Diagnostic.at(
            "A001",
            f"no current signatory from the core agencies: {one_of(missing)}",
            file.name,
            file.locate(("signatories",), key=True),
            "add the missing organisation, or list the sectors this area needs as core-sectors "
            "in concordat.toml",
        )
