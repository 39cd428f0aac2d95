"""Pydantic's validation errors as located diagnostics a coordinator can act on.

Each error becomes one S code at the place of the value (or of its key, for an unknown
field), with a message in plain words and a hint: the closest allowed field or word, the
format of a date or an id, or how to quote a value YAML read as something else. One mistake
gives one message: a field written with a capital letter is one unknown field, not also a
missing one, and a commitment pasted into the list of the one above is said once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ValidationError

from concordat import characters, model
from concordat.diagnostics import Diagnostic, Position, Suggester, one_of
from concordat.source import SourceFile
from concordat.vocab import Role, Sector, Status, Theme, status_for

_VOCABULARIES: dict[str, type[StrEnum]] = {
    "sector": Sector,
    "role": Role,
    "theme": Theme,
    "status": Status,
}
_EXPECTED = {
    "string_type": "text",
    "float_type": "a number",
    "float_parsing": "a number",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "list_type": "a list",
    "model_type": "a mapping of 'key: value' lines",
    "dict_type": "a mapping of 'key: value' lines",
    "finite_number": "a finite number",
}
#: Words that say "nothing" where a list is expected.
_NOTHING = frozenset({"no", "none", "n/a", "na", "nil", "nobody", "-", "—", "tbc", "tbd"})
#: The fields that refer to signatories by id.
_REFERENCES = frozenset({"owner", "partners", "by", "successor"})


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    text = characters.shown(str(value))
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _path_text(loc: Sequence[str | int]) -> str:
    """('measures', 0, 'baseline') -> 'measures[1].baseline' (list positions count from 1)."""
    out = ""
    for step in loc:
        out += f"[{step + 1}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


def _model_at(cls: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model class that holds the mapping at ``loc`` inside ``cls``."""
    current: type[BaseModel] = cls
    for step in loc:
        if isinstance(step, int):
            continue
        info = current.model_fields.get(step)
        if info is None:
            return None
        found = _find_model(info.annotation)
        if found is None:
            return None
        current = found
    return current


def _find_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _find_model(arg)
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class _Error:
    """One of pydantic's errors, with what every message about it needs."""

    kind: str
    loc: tuple[str | int, ...]
    value: Any
    raw: dict[str, Any]
    cls: type[BaseModel]
    file: SourceFile
    base: tuple[str | int, ...]
    subject: str
    suggesters: dict[tuple[str, ...], Suggester]  # shared by one item's errors
    missing: frozenset[tuple[str | int, ...]] = frozenset()  # the item's missing fields

    def suggest(self, word: str, choices: Sequence[str]) -> str | None:
        """ "Did you mean", from one suggester per set of choices for the whole item, so
        thousands of unknown fields in one item cost linear time."""
        key = tuple(choices)
        if key not in self.suggesters:
            self.suggesters[key] = Suggester(key)
        return self.suggesters[key](word)

    @property
    def field(self) -> str:
        return next((s for s in reversed(self.loc) if isinstance(s, str)), "value")

    @property
    def prefix(self) -> str:
        if not (self.base and self.loc):
            return ""
        subject = self.subject  # "commitment 2.1": an id of thousands of digits is cut short
        return f"{subject[:40]}…: " if len(subject) > 40 else f"{subject}: "

    @property
    def path(self) -> str:
        return _path_text(self.loc) if self.loc else self.subject

    def at(self, loc: tuple[str | int, ...] | None = None, *, key: bool = False) -> Position | None:
        return self.file.locate(self.base + (self.loc if loc is None else loc), key=key)

    def diagnostic(
        self, code: str, message: str, where: Position | None, hint: str | None
    ) -> Diagnostic:
        return Diagnostic.at(code, self.prefix + message, self.file.name, where, hint)


def problems(
    error: ValidationError,
    cls: type[BaseModel],
    file: SourceFile,
    base: tuple[str | int, ...],
    subject: str,
) -> Iterator[Diagnostic]:
    shared: dict[tuple[str, ...], Suggester] = {}
    raw = error.errors()
    missing = frozenset(tuple(e["loc"]) for e in raw if e["type"] == "missing")
    errors = [
        _Error(
            e["type"],
            tuple(e["loc"]),
            e.get("input"),
            dict(e),
            cls,
            file,
            base,
            subject,
            shared,
            missing,
        )
        for e in raw
    ]
    pasted = _pasted_items(errors)
    explained = _missing_explained(errors)
    for e in errors:
        holder = next((p for p in pasted if e.loc[: len(p)] == p), None)
        if holder is not None:
            if e.loc == (*holder, "id"):
                yield _pasted(e, holder)
            continue
        if e.kind == "missing" and e.loc in explained:
            continue
        yield _RULES.get(e.kind, _wrong_type)(e)


def _pasted_items(errors: list[_Error]) -> list[tuple[str | int, ...]]:
    """Items of an inner list (updates, measures, ...) that have an 'id': a commitment or
    signatory pasted, indented, into the list of the one above."""
    return [
        e.loc[:-1]
        for e in errors
        if e.kind == "extra_forbidden" and e.loc[-1] == "id" and len(e.loc) >= 3
    ]


def _missing_explained(errors: list[_Error]) -> set[tuple[str | int, ...]]:
    """Missing fields that an unknown field of the same item stands for ('Owner' for
    'owner', 'RAG' for 'status'): the unknown field's message says it."""
    missing = {e.loc for e in errors if e.kind == "missing"}
    found = set()
    for e in errors:
        if e.kind != "extra_forbidden" or not isinstance(e.loc[-1], str):
            continue
        meant = _meant_field(e)
        if meant is not None and (*e.loc[:-1], meant) in missing:
            found.add((*e.loc[:-1], meant))
    return found


def _meant_field(e: _Error) -> str | None:
    """The allowed field an unknown one most likely means: one missing from the same item
    that it spells out (due_date for due, 'date:2026-06-30' for date), RAG for status, or
    the closest allowed name."""
    name = str(e.loc[-1])
    if name.lower() in ("rag", "rag status", "rag rating", "progress"):
        return "status"
    holder = _model_at(e.cls, e.loc[:-1])
    if holder is None:
        return None
    if ":" in name and name.split(":")[0] in holder.model_fields:
        return name.split(":")[0]
    words = set(re.split(r"[\W_]+", name.lower()))
    for loc in e.missing:
        if loc[:-1] == e.loc[:-1] and str(loc[-1]) in words:
            return str(loc[-1])
    hint = e.suggest(name, list(holder.model_fields))
    return hint.split("'")[1] if hint else None


def _pasted(e: _Error, holder: tuple[str | int, ...]) -> Diagnostic:
    kind = "signatory" if e.subject.startswith("signatory") else "commitment"
    listed = _path_text(holder)
    return e.diagnostic(
        "S001",
        f"{listed} has an 'id': it looks like a new {kind} indented into this one's "
        f"{holder[-2] if len(holder) > 1 else 'list'}",
        e.at(key=True),
        f"move it to the left, so that its '- ' lines up with the '- ' of the other {kind} items",
    )


def _missing(e: _Error) -> Diagnostic:
    info = _model_at(e.cls, e.loc[:-1])
    description = info.model_fields[e.field].description if info else None
    hint = f"add '{e.field}:'" + (f" ({description})" if description else "")
    return e.diagnostic("S002", f"required field '{e.path}' is missing", e.at(e.loc[:-1]), hint)


def _unknown_field(e: _Error) -> Diagnostic:
    name = str(e.loc[-1])
    holder = _model_at(e.cls, e.loc[:-1])
    allowed = list(holder.model_fields) if holder else []
    hint: str | None
    if _meant_field(e) == "status" and "status" in allowed and name.lower() != "status":
        meant = status_for(str(e.value)) if isinstance(e.value, str) else None
        hint = (
            "concordat keeps the RAG rating as the status: for "
            f"'{characters.shown(e.value)}', write 'status: {meant.value}'"
            if meant
            else "concordat keeps the RAG rating as the status: write 'status:' with one of "
            + one_of(s.value for s in Status)
        )
    elif ":" in name and name.split(":")[0] in allowed:
        field, value = name.split(":", 1)
        hint = f"put a space after the colon: '{characters.shown(f'{field}: {value}')}'"
    elif name.isdigit() and e.value is None:
        hint = "a comma inside braces separates fields: write the number without it (1200)"
    elif characters.advice(name):
        hint = characters.advice(name)
    else:
        closest = _meant_field(e)
        hint = (f"did you mean '{closest}'?" if closest else None) or (
            f"allowed fields: {one_of(allowed)}" if allowed else None
        )
    return e.diagnostic("S001", f"unknown field '{characters.shown(e.path)}'", e.at(key=True), hint)


def _vocabulary(e: _Error) -> Diagnostic:
    if e.field not in _VOCABULARIES:
        return _wrong_type(e)
    if e.value is None:
        return _empty(e)
    words = [m.value for m in _VOCABULARIES[e.field]]
    message = f"{e.path} {_describe(e.value)} is not one of: {one_of(words)}"
    hint = None
    if isinstance(e.value, str):
        odd = characters.advice(e.value)
        meant = status_for(e.value) if e.field == "status" else None
        if odd:
            hint = odd
        elif meant is not None:
            hint = (
                f"for '{characters.shown(e.value)}', write '{e.field}: {meant.value}' "
                f"({_key_words(meant)})"
            )
        else:
            hint = e.suggest(e.value, words)
    return e.diagnostic("S004", message, e.at(), hint)


def _key_words(status: Status) -> str:
    """'green, G in the key': how concordat's own key shows a status."""
    return f"{status.rag}, {status.letter} in the key concordat prints"


def _date(e: _Error) -> Diagnostic:
    if e.value is None:
        return _empty(e)
    hint = "write dates as YYYY-MM-DD, for example 2015-03-31"
    if e.field == "due":
        hint += ", or a financial quarter such as 2015/16 Q1"
    odd = characters.advice(e.value) if isinstance(e.value, str) else None
    return e.diagnostic("S006", f"{e.path}: {_message(e)}", e.at(), odd or hint)


def _message(e: _Error) -> str:
    """Pydantic's message, with the value it quotes shown as :func:`characters.shown` shows
    it (a zero-width space or a look-alike letter escaped), and at most 60 characters of it."""
    message = str(e.raw["msg"])
    value = e.raw.get("ctx", {}).get("value", e.value)
    if isinstance(value, str) and value and f"'{value}'" in message:
        message = message.replace(f"'{value}'", _describe(value), 1)
    return message


def _pattern(e: _Error) -> Diagnostic:
    pattern = e.raw.get("ctx", {}).get("pattern")
    if pattern == model.WEB_LINK:
        message = f"{e.path} {_describe(e.value)} is not a web link"
        return e.diagnostic(
            "S007", message, e.at(), "give the full address, starting with https://"
        )
    odd = characters.advice(e.value) if isinstance(e.value, str) else None
    if odd:
        hint = odd
    elif pattern == model.COMMITMENT_ID:
        hint = "number commitments inside their theme, like 2.1 or 2.1a"
    elif e.field == "owner" and isinstance(e.value, str) and "," in e.value:
        hint = model.ONE_LEAD
    else:
        hint = "signatory ids use lower-case letters, digits and hyphens, like nsft"
    return e.diagnostic("S005", f"{e.path} {_describe(e.value)} is not a valid id", e.at(), hint)


def _too_long(e: _Error) -> Diagnostic:
    if e.field != "id" or not isinstance(e.value, str):
        return _wrong_type(e)
    return e.diagnostic(
        "S005",
        f"{e.path} {_describe(e.value)} is {len(e.value):,} characters long; a commitment id "
        f"has at most {model.MAX_COMMITMENT_ID}",
        e.at(),
        "number commitments inside their theme, like 2.1 or 2.1a",
    )


def _empty(e: _Error) -> Diagnostic:
    holder = _model_at(e.cls, e.loc[:-1])
    info = holder.model_fields.get(e.field) if holder else None
    what = {"due": "a date (YYYY-MM-DD) or a financial quarter (2026/27 Q4)"}.get(e.field)
    if what is None and e.field in _VOCABULARIES:
        what = "one of " + one_of(m.value for m in _VOCABULARIES[e.field])
    hint = f"write {what or 'a value'} after '{e.field}:'"
    if info is not None and not info.is_required():
        hint += ", or remove the line"
    return e.diagnostic("S002", f"{e.path} is empty", e.at(), hint)


def _wrong_type(e: _Error) -> Diagnostic:
    if e.value is None:
        return _empty(e)
    expected = _EXPECTED.get(e.kind)
    if expected is not None:
        message = f"{e.path} should be {expected}, not {_describe(e.value)}"
    else:
        message = f"{e.path}: {_message(e)}"
    hint = None
    if e.field == "owner" and isinstance(e.value, list):
        hint = model.ONE_LEAD
    elif isinstance(e.value, dict | list) and expected == "text":
        hint = "quote text that contains ': ' or starts with '[' or '{'"
    elif isinstance(e.value, str) and expected == "a list":
        if e.value.strip().lower() in _NOTHING:
            hint = f"to say there are none, leave '{e.field}:' out, or write '{e.field}: []'"
        else:
            hint = f"write a list, even of one: [{characters.shown(e.value)}]"
    return e.diagnostic("S003", message, e.at(), hint)


_RULES: dict[str, Callable[[_Error], Diagnostic]] = {
    "missing": _missing,
    "extra_forbidden": _unknown_field,
    "enum": _vocabulary,
    "iso_date": _date,
    "string_pattern_mismatch": _pattern,
    "string_too_short": _empty,
    "string_too_long": _too_long,
}
