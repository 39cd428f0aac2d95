"""Checks over a loaded area, one module per family of diagnostic codes.

Each family module has a ``check(area, settings)`` generator of diagnostics; its docstring
names the codes it owns. Schema, file and YAML problems come from loading (``area.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from concordat.area import Area
from concordat.checks import dates, declaration, delivery, identity, privacy, references
from concordat.config import DEFAULT_STALE_DAYS
from concordat.diagnostics import Diagnostic
from concordat.vocab import CORE_SECTORS, Sector


@dataclass(frozen=True)
class Settings:
    as_of: date
    #: Days without an update after which an open commitment counts as stale: a quarterly
    #: reporting cycle plus a month of slack.
    stale_days: int = DEFAULT_STALE_DAYS
    core_sectors: tuple[Sector, ...] = CORE_SECTORS
    #: Organisational emails and phone numbers the privacy guard lets through.
    allowed_contacts: tuple[str, ...] = ()


Check = Callable[[Area, Settings], Iterable[Diagnostic]]

FAMILIES: tuple[Check, ...] = (
    identity.check,
    references.check,
    dates.check,
    delivery.check,
    declaration.check,
    privacy.check,
)


def run(area: Area, settings: Settings) -> list[Diagnostic]:
    """Every diagnostic for the area: loading problems first, then each family's."""
    found = list(area.diagnostics)
    for family in FAMILIES:
        found.extend(family(area, settings))
    return found
