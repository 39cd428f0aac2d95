"""A quick reading of everyday command lines, from the same declarations typer reads.

typer 0.29 builds a pydantic TypeAdapter for every parameter of the command it runs, which
imports most of pydantic and costs more than checking the shipped example itself. A command
line made only of the command's own options, with values that are plainly valid, is read here
instead, from the command function's signature and its ``typer.Option``/``typer.Argument``
metadata, so there is no second list of options to keep in step. Anything else (help, a
misspelt or repeated option, a value that is not valid, ``--``, shell completion) returns
None and typer reads the command line as always, with its own messages.
"""

from __future__ import annotations

import os
import types
import typing
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from typer.models import ArgumentInfo, OptionInfo
from typer.utils import get_params_from_function

_NOT_GIVEN = object()


class _Param:
    def __init__(self, name: str, annotation: Any, info: OptionInfo | ArgumentInfo) -> None:
        self.name = name
        self.info = info
        args = typing.get_args(annotation)
        optional = typing.get_origin(annotation) in (typing.Union, types.UnionType)
        if optional and type(None) in args:
            (annotation,) = (a for a in args if a is not type(None))
        self.many = typing.get_origin(annotation) is list
        self.kind = typing.get_args(annotation)[0] if self.many else annotation

    def convert(self, text: str) -> Any:
        """The value typer would give, or _NOT_GIVEN when typer should judge it."""
        kind, info = self.kind, self.info
        if text.startswith("-") and text != "-":
            return _NOT_GIVEN  # click may read it as an option: leave it to typer
        if kind is str:
            return text
        if kind is Path:
            return Path(text) if text else _NOT_GIVEN
        if kind is int:
            if not text.isascii() or not text.isdigit():
                return _NOT_GIVEN
            number = int(text)
            low, high = getattr(info, "min", None), getattr(info, "max", None)
            if (low is not None and number < low) or (high is not None and number > high):
                return _NOT_GIVEN
            return number
        if isinstance(kind, type) and issubclass(kind, Enum):
            if not getattr(info, "case_sensitive", True):
                return _NOT_GIVEN
            for member in kind:
                if member.value == text:
                    return member
        return _NOT_GIVEN


def _params(command: Callable[..., Any]) -> list[_Param]:
    """The command's parameters as typer itself reads them from the signature."""
    found = []
    for name, meta in get_params_from_function(command).items():
        info = meta.default
        if not isinstance(info, OptionInfo | ArgumentInfo):
            raise TypeError(f"{command.__name__}: {name} is not a typer parameter")
        if info.callback is not None or info.envvar is not None or info.parser is not None:
            raise TypeError(f"{command.__name__}: {name} cannot be read quickly")
        found.append(_Param(name, meta.annotation, info))
    return found


def parse(command: Callable[..., Any], args: Sequence[str]) -> dict[str, Any] | None:
    """The keyword arguments typer would call ``command`` with, or None to let typer decide."""
    if any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ):
        return None  # shell completion
    params = _params(command)
    options: dict[str, _Param] = {}
    for param in params:
        if isinstance(param.info, OptionInfo):
            for declared in param.info.param_decls or ():
                if "/" in declared or not declared.startswith("--"):
                    return None  # --x/--no-x pairs and short options are typer's to read
                options[declared] = param
    positional = [p for p in params if isinstance(p.info, ArgumentInfo)]
    values: dict[str, Any] = {}
    loose: list[str] = []
    tokens = list(args)
    while tokens:
        token = tokens.pop(0)
        if not token.startswith("-") or token == "-":
            loose.append(token)
            continue
        name, equals, attached = token.partition("=")
        found = options.get(name)
        if found is None:
            return None  # --help, --, a typo: typer explains
        param = found
        if param.kind is bool:
            if equals or param.name in values:
                return None
            values[param.name] = True
            continue
        if equals:
            text = attached
        elif tokens:
            text = tokens.pop(0)
        else:
            return None
        value = param.convert(text)
        if value is _NOT_GIVEN:
            return None
        if param.many:
            values.setdefault(param.name, []).append(value)
        elif param.name in values:
            return None
        else:
            values[param.name] = value
    if loose:
        if len(positional) != 1 or not positional[0].many:
            return None  # only a single variadic argument is read here
        converted = [positional[0].convert(word) for word in loose]
        if any(value is _NOT_GIVEN for value in converted):
            return None
        values[positional[0].name] = converted
    return values
