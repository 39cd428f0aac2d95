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

    ``stale_days`` overrides the area's ``concordat.toml``. Raises
    ``concordat.layout.AreaNotFound`` when the folder holds no concordat data.
    """
    from concordat import area as area_module
    from concordat import checks, config, policy
    from concordat.diagnostics import Report
    from concordat.layout import display_path

    loaded = area_module.load(folder)
    config_name = display_path(folder / config.FILE_NAME)
    settings_file, config_problems = config.load(folder, config_name)
    settings = checks.Settings(
        as_of=as_of,
        stale_days=stale_days or settings_file.stale_days,
        core_sectors=settings_file.core_sectors,
        allowed_contacts=settings_file.allowed_contacts,
    )
    found = checks.run(loaded, settings) + config_problems
    kept, silenced = policy.apply(found, loaded, settings_file)
    files = [f.name for f in loaded.files]
    if settings_file.file:
        files.append(settings_file.file)
    return loaded, Report.build(kept, files, silenced)
