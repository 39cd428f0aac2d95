"""A: the declaration as a whole. The Concordat expects every area's declaration to be
signed by its core agencies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from concordat.diagnostics import Diagnostic, one_of

if TYPE_CHECKING:
    from concordat.area import Area
    from concordat.config import Settings


def check(area: Area, settings: Settings) -> Iterator[Diagnostic]:
    # None while a signatory could not be read (its sector is unknown): nothing to say yet
    missing = area.missing_sectors(settings.core_sectors, settings.as_of)
    file = area.signatories_file
    if missing and file is not None:
        yield Diagnostic.at(
            "A001",
            f"no current signatory from the core agencies: {one_of(missing)}",
            file.name,
            file.locate(("signatories",), key=True),
            "add the missing organisation, or list the sectors this area needs as core-sectors "
            "in concordat.toml",
        )
