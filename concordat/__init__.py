"""concordat: a tracker for Mental Health Crisis Care Concordat partnerships.

The public API is small: :func:`validate` loads an area folder and checks it. Heavy modules
are imported only when it is called, so ``concordat --version`` starts fast.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from concordat.area import Area
    from concordat.diagnostics import Report

__all__ = ["__version__", "validate"]


def validate(folder: Path, *, as_of: date, stale_days: int | None = None) -> tuple[Area, Report]:
    """Load the area at ``folder`` and run every check as of ``as_of``.

    Raises ``concordat.area.AreaNotFound`` when the folder holds no concordat data.
    """
    from concordat import area as area_module
    from concordat import checks
    from concordat.diagnostics import Report

    settings = checks.Settings(as_of=as_of)
    if stale_days is not None:
        settings = checks.Settings(as_of=as_of, stale_days=stale_days)
    loaded = area_module.load(folder)
    found = checks.run(loaded, settings)
    return loaded, Report.build(found, [f.name for f in loaded.files])
