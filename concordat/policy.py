"""What an area decided about its diagnostics: severity overrides and silences.

Applied after every check has run, so a check never needs to know about either. A silence on
a commitment or signatory accepts one code inside that item, with a reason; a silence that
matches nothing is itself reported (C004) so stale silences do not pile up.

Every diagnostic of a run passes through here, the settings file's own included, so here is
where personal data is masked in every message, hint and silence reason
(:func:`concordat.safe.masked`, an allowed contact too, as everywhere concordat prints): a
check may quote a value it does not understand (an owner, a status, a key), and the value may
be an NHS number or an email address. The privacy guard
itself (X) can be neither silenced nor turned down.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from concordat.area import Area, Located
from concordat.config import FIXED_FAMILIES, Config, fixed_because, severity_of
from concordat.diagnostics import CODES, Diagnostic, Position, Silenced, Suggester
from concordat.safe import masked


def apply(
    found: Iterable[Diagnostic], area: Area, config: Config
) -> tuple[list[Diagnostic], list[Silenced]]:
    """The diagnostics to report, and those silenced with their reasons."""
    kept: list[Diagnostic] = []
    for d in found:
        severity = severity_of(config, d.code, d.severity)
        if severity is not None:
            kept.append(d if severity is d.severity else replace(d, severity=severity))
    places = _Places(kept)
    added: list[Diagnostic] = []
    silenced: list[Silenced] = []
    suggest_code = Suggester(CODES)
    items: list[Located[Any]] = [*area.signatories, *area.commitments]
    for located in items:
        for index, silence in enumerate(located.item.silence):
            where = located.where("silence", index, "code")
            if silence.code not in CODES:
                hint = suggest_code(silence.code) or "codes are in docs/diagnostics.md"
                problem = f"silence names unknown code '{silence.code}'"
                added.append(Diagnostic.at("C002", problem, located.file, where, hint))
                continue
            if silence.code.startswith(FIXED_FAMILIES):
                problem = f"{silence.code} cannot be silenced: {fixed_because(silence.code)}"
                hint = (
                    "delete the personal data, and remove it from the git history too"
                    if silence.code.startswith("X")
                    else "fix the data instead"
                )
                added.append(Diagnostic.at("C003", problem, located.file, where, hint))
                continue
            matched = places.take(silence.code, located.file, located.where())
            silenced += (Silenced(kept[i], silence.reason) for i in matched)
            if not matched:
                added.append(
                    Diagnostic.at(
                        "C004",
                        f"silence of {silence.code} matches no problem on this item",
                        located.file,
                        where,
                        "remove it: the problem it accepted is gone",
                    )
                )
    kept = [d for i, d in enumerate(kept) if i not in places.taken]
    return (
        [_masked(d) for d in kept + added],
        [Silenced(_masked(q.diagnostic), masked(q.reason)) for q in silenced],
    )


def _masked(d: Diagnostic) -> Diagnostic:
    """``d`` with any personal data in its message and hint masked."""
    if d.code.startswith("X"):
        return d  # the privacy guard's own messages hold only masked values
    message = masked(d.message)
    hint = None if d.hint is None else masked(d.hint)
    if message is d.message and hint is d.hint:
        return d
    return replace(d, message=message, hint=hint)


class _Places:
    """The diagnostics by code and file, in order of place, so each silence finds the
    problems inside its item by bisection: thousands of silences stay cheap."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self._by: dict[tuple[str, str], list[tuple[tuple[int, int], int]]] = {}
        for i, d in enumerate(diagnostics):
            if d.line is not None:
                self._by.setdefault((d.code, d.file), []).append(((d.line, d.column or 1), i))
        for group in self._by.values():
            group.sort()
        self.taken: set[int] = set()

    def take(self, code: str, file: str, span: Position | None) -> list[int]:
        """The diagnostics of ``code`` that start inside ``span`` and no silence took yet
        (a YAML node's end is exclusive); they are taken."""
        group = self._by.get((code, file))
        if not group or span is None or span.end_line is None or span.end_column is None:
            return []
        low = bisect_left(group, ((span.line, span.column), -1))
        high = bisect_left(group, ((span.end_line, span.end_column), -1))
        matched = [i for _, i in group[low:high] if i not in self.taken]
        self.taken.update(matched)
        return matched
