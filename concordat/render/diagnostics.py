"""Validation reports as terminal text and as JSON."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from rich.text import Text

from concordat.diagnostics import Diagnostic, Report, Severity
from concordat.safe import printable

#: Bump when the JSON shape changes incompatibly; documented in docs/json.md.
JSON_VERSION = 1

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow"}


def location(d: Diagnostic) -> str:
    where = printable(d.file)
    if d.line is not None:
        where += f":{d.line}:{d.column or 1}"
    return where


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(report: Report) -> str:
    files = _plural(len(report.files), "file")
    errors, warnings = _plural(report.errors, "error"), _plural(report.warnings, "warning")
    return f"{errors}, {warnings} in {files}"


def text(report: Report, *, as_of: date | None = None) -> Text:
    out = Text()
    for d in report.diagnostics:
        out.append(location(d) + ":", style="bold")
        out.append(" ")
        out.append(d.code, style=_STYLE[d.severity])
        out.append(f" {d.severity.value}: ", style=_STYLE[d.severity])
        out.append(printable(d.message))
        out.append("\n")
        if d.hint:
            out.append("  hint: ", style="cyan")
            out.append(printable(d.hint))
            out.append("\n")
    if report.diagnostics:
        out.append("\n")
    mark, style = ("✗ ", "bold red") if report.errors else ("✓ ", "bold green")
    out.append(mark, style=style)
    out.append(summary(report))
    if as_of is not None:
        out.append(f" (as of {as_of.isoformat()})", style="dim")
    return out


def as_dict(report: Report, *, area: str | None, as_of: date) -> dict[str, Any]:
    return {
        "concordat": "validate",
        "version": JSON_VERSION,
        "area": area,
        "as_of": as_of.isoformat(),
        "files": list(report.files),
        "summary": {
            "errors": report.errors,
            "warnings": report.warnings,
            "files": len(report.files),
        },
        "diagnostics": [
            {
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
            for d in report.diagnostics
        ],
    }


def json_text(report: Report, *, area: str | None, as_of: date) -> str:
    return json.dumps(as_dict(report, area=area, as_of=as_of), indent=2) + "\n"
