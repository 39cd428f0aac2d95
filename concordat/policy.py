"""What an area decided about its diagnostics: severity overrides and silences.

Applied after every check has run, so a check never needs to know about either. A silence on
a commitment or signatory accepts one code inside that item, with a reason; a silence that
matches nothing is itself reported (C004) so stale silences do not pile up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from concordat.area import Area, Located
from concordat.config import FIXED_FAMILIES, Config, severity_of
from concordat.diagnostics import CODES, Diagnostic, Position, Silenced, did_you_mean


def apply(
    found: Iterable[Diagnostic], area: Area, config: Config
) -> tuple[list[Diagnostic], list[Silenced]]:
    """The diagnostics to report, and those silenced with their reasons."""
    kept: list[Diagnostic] = []
    for d in found:
        severity = severity_of(config, d.code, d.severity)
        if severity is not None:
            kept.append(d if severity is d.severity else replace(d, severity=severity))
    silenced: list[Silenced] = []
    items: list[Located[Any]] = [*area.signatories, *area.commitments]
    for located in items:
        for index, silence in enumerate(located.item.silence):
            where = located.where("silence", index, "code")
            if silence.code not in CODES:
                hint = did_you_mean(silence.code, CODES) or "codes are in docs/diagnostics.md"
                problem = f"silence names unknown code '{silence.code}'"
                kept.append(Diagnostic.at("C002", problem, located.file, where, hint))
                continue
            if silence.code.startswith(FIXED_FAMILIES):
                kept.append(
                    Diagnostic.at(
                        "C003",
                        f"{silence.code} cannot be silenced: fix the data instead",
                        located.file,
                        where,
                    )
                )
                continue
            span = located.where()
            matched = [
                d
                for d in kept
                if d.code == silence.code and d.file == located.file and _inside(d, span)
            ]
            for d in matched:
                kept.remove(d)
                silenced.append(Silenced(d, silence.reason))
            if not matched:
                kept.append(
                    Diagnostic.at(
                        "C004",
                        f"silence of {silence.code} matches no problem on this item",
                        located.file,
                        where,
                        "remove it: the problem it accepted is gone",
                    )
                )
    return kept, silenced


def _inside(d: Diagnostic, span: Position | None) -> bool:
    """Whether ``d`` starts inside the item (a YAML node's end is exclusive)."""
    if span is None or d.line is None or span.end_line is None or span.end_column is None:
        return False
    start = (d.line, d.column or 1)
    return (span.line, span.column) <= start < (span.end_line, span.end_column)
