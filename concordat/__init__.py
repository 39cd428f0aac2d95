"""concordat: a tracker for Mental Health Crisis Care Concordat partnerships.

The public API is the pipeline every command uses: :func:`check_area` loads an area folder,
checks it and applies its policy; :func:`check_many` does the same for several areas in
parallel processes. The names are imported from :mod:`concordat.pipeline` when first used,
so importing the package imports nothing heavy: ``python -m concordat`` and the
``concordat`` command answer Ctrl-C before anything else loads.
"""

from __future__ import annotations

from concordat.version import __version__

TYPE_CHECKING = False  # not typing's: importing typing costs more than this package
if TYPE_CHECKING:
    from concordat.pipeline import Checked, Summary, check_area, check_many, report_only

__all__ = ["Checked", "Summary", "__version__", "check_area", "check_many", "report_only"]

_FROM_PIPELINE = frozenset(__all__) - {"__version__"}


def __getattr__(name: str) -> object:
    if name in _FROM_PIPELINE:
        from concordat import pipeline

        value = getattr(pipeline, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'concordat' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
