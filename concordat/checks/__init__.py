"""Checks over a loaded area, one module per family of diagnostic codes.

Each family module has a ``check(area, settings)`` generator of diagnostics; its docstring
names the codes it owns. Schema, file and YAML problems come from loading (``area.py``).
Checks report what they find at its default severity; what an area decided about severities
and silences is applied afterwards (``policy.py``), never inside a check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from concordat.area import Area
from concordat.checks import (
    dates,
    declaration,
    delivery,
    history,
    identity,
    privacy,
    references,
    text,
)
from concordat.config import Settings
from concordat.diagnostics import Diagnostic

Check = Callable[[Area, Settings], Iterable[Diagnostic]]

FAMILIES: tuple[Check, ...] = (
    text.check,
    identity.check,
    references.check,
    dates.check,
    delivery.check,
    declaration.check,
    privacy.check,
    history.check,
)


def run(area: Area, settings: Settings) -> list[Diagnostic]:
    """Every diagnostic for the area: loading problems first, then each family's.

    One mistake gives one message: where a reference is both not a valid id (S005, from
    loading) and no signatory's id (R001, which knows the area and says what was meant),
    only the R001 is kept.
    """
    found = list(area.diagnostics)
    for family in FAMILIES:
        found.extend(family(area, settings))
    unknown = {(d.file, d.line, d.column) for d in found if d.code == "R001"}
    return [d for d in found if d.code != "S005" or (d.file, d.line, d.column) not in unknown]
