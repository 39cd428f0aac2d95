"""Shell completion: commitment ids for `show`, signatory ids for `--org`.

The ids come from the area named on the command line so far (or the current folder). A
completion never fails: an area that cannot be read offers nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from concordat.area import Area


def _area(ctx: typer.Context) -> Area | None:
    """The area named on the command line so far, loaded without its checks."""
    try:
        from concordat import area as area_module

        # while completing, a variadic argument may still sit unparsed in ctx.args
        named = [
            *(ctx.params.get("area_dirs") or ()),
            *(a for a in ctx.args if not a.startswith("-")),
            ctx.params.get("area_dir") or Path(),
        ]
        return area_module.load(Path(named[0]))
    except Exception:
        return None


def signatory_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    loaded = _area(ctx)
    ids = [s.item.id for s in loaded.signatories] if loaded else []
    return [i for i in ids if i.startswith(incomplete)]


def commitment_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    loaded = _area(ctx)
    ids = [c.item.id for c in loaded.commitments] if loaded else []
    return [i for i in ids if i.startswith(incomplete)]
