"""Help for people: arguments by name with no Python type, and no value split at a hyphen.

Typer writes an argument in help as ``[AREA_DIR]... <list[Path]>`` and in the usage line as
``{ID}``; click wraps a line after the hyphen of ``on-track`` or ``pre-commit``. These classes
write the usage line and the Arguments section as click does (``ID [AREA_DIR]``,
``[AREA_DIR]...``), keep hyphenated words whole, and leave everything else of typer's help
as it is. Each command's help ends with examples (:func:`examples`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from typer.core import TyperCommand, TyperGroup

if TYPE_CHECKING:
    from typer._click import Context, HelpFormatter, Parameter
else:  # the click that typer uses: its own copy in typer 0.2x, the click package before
    Context = TyperCommand.context_class
    HelpFormatter = Context.formatter_class
try:
    from typer._click.exceptions import ClickException
except ImportError:  # typer before it carried its own click
    from click.exceptions import ClickException  # type: ignore[assignment]

#: Stands for a hyphen while click wraps a line: a character no line is broken after.
_HELD = "\u2011"


class _Formatter(HelpFormatter):
    """Click's help layout, except that no line breaks inside a hyphenated word."""

    def _whole(self, start: int) -> None:
        self.buffer[start:] = [piece.replace(_HELD, "-") for piece in self.buffer[start:]]

    def write_text(self, text: str) -> None:
        start = len(self.buffer)
        super().write_text(text.replace("-", _HELD))
        self._whole(start)

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        start = len(self.buffer)
        held = [(term, text.replace("-", _HELD)) for term, text in rows]
        super().write_dl(held, col_max, col_spacing)
        self._whole(start)


class _Context(Context):
    formatter_class = _Formatter


def _shown(param: Parameter) -> str:
    """An argument as people read it: ``ID``, ``[AREA_DIR]``, ``[AREA_DIR]...``."""
    name = param.metavar or (param.name or "").upper()
    if not param.required:
        name = f"[{name}]"
    return name + ("..." if param.nargs != 1 else "")


class Command(TyperCommand):
    """A concordat command: arguments in help by name only."""

    context_class = _Context

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        arguments = [p for p in self.get_params(ctx) if p.param_type_name == "argument"]
        pieces = [self.options_metavar] if self.options_metavar else []
        return pieces + [_shown(p) for p in arguments]

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((_shown(param), record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


class Group(TyperGroup):
    """The ``concordat`` command itself, with the same help layout as its commands, and
    usage errors that quote what was typed (an option's value, an unknown option) with
    control characters escaped and personal identifiers masked, as everything else is."""

    context_class = _Context

    def make_context(self, *args: Any, **kwargs: Any) -> Context:
        try:
            return super().make_context(*args, **kwargs)
        except ClickException as error:
            raise _cleaned(error) from None

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except ClickException as error:
            raise _cleaned(error) from None


#: How typer (through pydantic) words a value that is none of an option's choices.
_NOT_ONE_OF = re.compile(
    r"(?:Value error, )?('.*'|\".*\") is not one of ((?:'[^']*'(?:, )?)+)\.?", re.S
)


def _cleaned(error: ClickException) -> ClickException:
    from concordat.safe import printable

    message = error.message
    found = _NOT_ONE_OF.fullmatch(message)
    if found is not None:  # in plain words, the choices as the help lists them
        words = re.findall(r"'([^']*)'", found.group(2))
        message = f"{found.group(1)} is not one of {choices(words)}"
    error.message = printable(message.removeprefix("Value error, "))
    return error


def examples(*lines: str, then: str = "") -> str:
    """An epilog of example command lines, each kept on its own line (click's ``\\b``), and
    ``then`` a paragraph after them."""
    shown = "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)
    return f"{shown}\n\n{then}" if then else shown


def choices(words: Iterable[str]) -> str:
    """``a, b or c``: the values an option takes, for its help."""
    *rest, last = list(words)
    return f"{', '.join(rest)} or {last}" if rest else last
