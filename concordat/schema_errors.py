"""Pydantic's validation errors as located diagnostics a coordinator can act on.

Each error becomes one S code at the place of the value (or of its key, for an unknown
field), with a message in plain words and a hint: the closest allowed field or word, the
format of a date or an id, or how to quote a value YAML read as something else.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ValidationError

from concordat import model
from concordat.diagnostics import Diagnostic, did_you_mean, one_of
from concordat.source import SourceFile
from concordat.vocab import Role, Sector, Status, Theme

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


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    text = str(value)
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


def problems(
    error: ValidationError,
    cls: type[BaseModel],
    file: SourceFile,
    base: tuple[str | int, ...],
    subject: str,
) -> Iterator[Diagnostic]:
    for e in error.errors():
        loc = tuple(e["loc"])
        kind, value = e["type"], e.get("input")
        field_name = next((s for s in reversed(loc) if isinstance(s, str)), "value")
        where_text = _path_text(loc)
        prefix = f"{subject}: " if base else ""
        if not loc:  # the item itself is the wrong kind of value
            prefix, where_text = "", subject
        hint: str | None = None
        if kind == "missing":
            code, where = "S002", file.locate(base + loc[:-1])
            message = f"{prefix}required field '{where_text}' is missing"
            info = _model_at(cls, loc[:-1])
            description = info.model_fields[field_name].description if info else None
            hint = f"add '{field_name}:'" + (f" ({description})" if description else "")
        elif kind == "extra_forbidden":
            code, where = "S001", file.locate(base + loc, key=True)
            message = f"{prefix}unknown field '{where_text}'"
            holder = _model_at(cls, loc[:-1])
            allowed = list(holder.model_fields) if holder else []
            hint = did_you_mean(field_name, allowed) or (
                f"allowed fields: {one_of(allowed)}" if allowed else None
            )
        elif kind == "enum" and field_name in _VOCABULARIES:
            words = [m.value for m in _VOCABULARIES[field_name]]
            code, where = "S004", file.locate(base + loc)
            message = f"{prefix}{where_text} {_describe(value)} is not one of: {one_of(words)}"
            hint = did_you_mean(str(value), words) if isinstance(value, str) else None
        elif kind == "iso_date":
            code, where = "S006", file.locate(base + loc)
            message = f"{prefix}{where_text}: {e['msg']}"
            hint = "write dates as YYYY-MM-DD, for example 2015-03-31"
            if field_name == "due":
                hint += ", or a financial quarter such as 2015/16 Q1"
        elif kind == "string_pattern_mismatch":
            where = file.locate(base + loc)
            if e.get("ctx", {}).get("pattern") == model.WEB_LINK:
                code = "S007"
                message = f"{prefix}{where_text} {_describe(value)} is not a web link"
                hint = "give the full address, starting with https://"
            else:
                code = "S005"
                message = f"{prefix}{where_text} {_describe(value)} is not a valid id"
                if e.get("ctx", {}).get("pattern") == model.COMMITMENT_ID:
                    hint = "number commitments inside their theme, like 2.1 or 2.1a"
                else:
                    hint = "signatory ids use lower-case letters, digits and hyphens, like nsft"
        elif kind == "string_too_short" or (kind == "string_type" and value is None):
            code, where = "S002", file.locate(base + loc)
            message = f"{prefix}{where_text} is empty"
            hint = f"write a value after '{field_name}:', or remove the line if it is optional"
        else:
            code, where = "S003", file.locate(base + loc)
            expected = _EXPECTED.get(kind)
            if expected is not None:
                message = f"{prefix}{where_text} should be {expected}, not {_describe(value)}"
            else:
                message = f"{prefix}{where_text}: {e['msg']}"
            if isinstance(value, dict | list) and expected == "text":
                hint = "quote text that contains ': ' or starts with '[' or '{'"
            elif isinstance(value, str) and expected == "a list":
                hint = f"write a list, even of one: [{value}]"
        yield Diagnostic.at(code, message, file.name, where, hint)
