"""`concordat validate`'s report as text for people and as JSON.

Text is one line per problem, ``file:line:column: CODE severity: message``, which editors and
CI systems turn into a link to the place, with a hint under it when there is a next step.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rich.text import Text

from concordat.diagnostics import Diagnostic, Report, Severity
from concordat.render.common import envelope, json_text, plural
from concordat.safe import printable
from concordat.views.validation import Validation

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow"}


def location(d: Diagnostic) -> str:
    where = printable(d.file)
    if d.line is not None:
        where += f":{d.line}:{d.column or 1}"
    return where


def summary(report: Report) -> str:
    """'0 errors, 4 warnings (1 silenced) in 2 files'."""
    files = plural(len(report.files), "file")
    errors, warnings = plural(report.errors, "error"), plural(report.warnings, "warning")
    quiet = f" ({len(report.silenced)} silenced)" if report.silenced else ""
    return f"{errors}, {warnings}{quiet} in {files}"


Segment = tuple[str, str]  # (text, rich style)


def _line(d: Diagnostic, reason: str | None = None) -> Iterator[Segment]:
    quiet = reason is not None
    style = "dim" if quiet else _STYLE[d.severity]
    yield location(d) + ":", "dim" if quiet else "bold"
    yield " ", ""
    yield d.code, style
    yield f" {d.severity.value}: ", style
    yield printable(d.message) + "\n", "dim" if quiet else ""
    if reason is not None:
        yield "  silenced: ", "cyan"
        yield printable(reason) + "\n", ""
    elif d.hint:
        yield "  hint: ", "cyan"
        yield printable(d.hint) + "\n", ""


def segments(validation: Validation) -> Iterator[Segment]:
    """The report as styled pieces of text (every piece already made printable)."""
    report, show_silenced = validation.report, validation.show_silenced
    for d in report.diagnostics:
        yield from _line(d)
    if show_silenced and report.silenced:
        if report.diagnostics:
            yield "\n", ""
        yield "Silenced in the data:\n", "bold"
        for quiet in report.silenced:
            yield from _line(quiet.diagnostic, quiet.reason)
    if report.diagnostics or (show_silenced and report.silenced):
        yield "\n", ""
    yield ("✗ ", "bold red") if report.errors else ("✓ ", "bold green")
    yield summary(report), ""
    if len(validation.areas) > 1:
        yield f" across {plural(len(validation.areas), 'area')}", ""
    yield f" (as of {validation.as_of.isoformat()})", "dim"


def rich_text(validation: Validation, width: int = 80) -> Text:
    """For a terminal, in colour."""
    out = Text()
    for piece, style in segments(validation):
        out.append(piece, style=style)
    return out


def plain(validation: Validation) -> str:
    """The same text without styles, for pipes and logs: no rich layout work at all."""
    return "".join(piece for piece, _ in segments(validation)) + "\n"


def diagnostic_dict(d: Diagnostic) -> dict[str, Any]:
    return {
        "code": d.code,
        "name": d.name,
        "severity": d.severity.value,
        "message": d.message,
        "hint": d.hint,
        "file": d.file,
        "line": d.line,
        "column": d.column,
        "end_line": d.end_line,
        "end_column": d.end_column,
    }


def as_dict(validation: Validation) -> dict[str, Any]:
    report = validation.report
    out = envelope(
        "validate",
        area=validation.area,
        as_of=validation.as_of.isoformat(),
        files=list(report.files),
        summary={
            "errors": report.errors,
            "warnings": report.warnings,
            "silenced": len(report.silenced),
            "files": len(report.files),
        },
        diagnostics=[diagnostic_dict(d) for d in report.diagnostics],
        silenced=[{**diagnostic_dict(s.diagnostic), "reason": s.reason} for s in report.silenced],
    )
    if validation.areas:
        out["areas"] = [
            {"area": a.area, "folder": a.folder, "errors": a.errors, "warnings": a.warnings}
            for a in validation.areas
        ]
    return out


def json_document(validation: Validation) -> str:
    return json_text(as_dict(validation))
