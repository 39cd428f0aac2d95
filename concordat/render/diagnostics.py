"""Validation reports as terminal text and as JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
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


def segments(
    report: Report, *, as_of: date | None = None, show_silenced: bool = False, areas: int = 1
) -> Iterator[Segment]:
    """The validate report as styled pieces of text (every piece already made printable)."""
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
    if areas > 1:
        yield f" across {areas} areas", ""
    if as_of is not None:
        yield f" (as of {as_of.isoformat()})", "dim"


def text(
    report: Report, *, as_of: date | None = None, show_silenced: bool = False, areas: int = 1
) -> Text:
    """For a terminal, in colour."""
    out = Text()
    for piece, style in segments(report, as_of=as_of, show_silenced=show_silenced, areas=areas):
        out.append(piece, style=style)
    return out


def plain(
    report: Report, *, as_of: date | None = None, show_silenced: bool = False, areas: int = 1
) -> str:
    """The same text without styles, for pipes and logs: no rich layout work at all."""
    pieces = segments(report, as_of=as_of, show_silenced=show_silenced, areas=areas)
    return "".join(piece for piece, _ in pieces)


def as_dict(
    report: Report,
    *,
    area: str | None,
    as_of: date,
    areas: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    out = {
        "concordat": "validate",
        "version": JSON_VERSION,
        "area": area,
        "as_of": as_of.isoformat(),
        "files": list(report.files),
        "summary": {
            "errors": report.errors,
            "warnings": report.warnings,
            "silenced": len(report.silenced),
            "files": len(report.files),
        },
        "diagnostics": [_diagnostic_dict(d) for d in report.diagnostics],
        "silenced": [
            {**_diagnostic_dict(s.diagnostic), "reason": s.reason} for s in report.silenced
        ],
    }
    if areas is not None:
        out["areas"] = areas
    return out


def _diagnostic_dict(d: Diagnostic) -> dict[str, Any]:
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


def json_text(
    report: Report,
    *,
    area: str | None,
    as_of: date,
    areas: list[dict[str, Any]] | None = None,
) -> str:
    return json.dumps(as_dict(report, area=area, as_of=as_of, areas=areas), indent=2) + "\n"


# -- GitHub Actions -------------------------------------------------------------------------


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def github(report: Report) -> str:
    """GitHub Actions workflow commands: one annotation per diagnostic, then a summary.

    https://docs.github.com/actions/reference/workflow-commands-for-github-actions
    """
    lines = []
    for d in report.diagnostics:
        props = [f"file={_gh_property(d.file)}"]
        if d.line is not None:
            props.append(f"line={d.line}")
            props.append(f"col={d.column or 1}")
            if d.end_line is not None:
                props.append(f"endLine={d.end_line}")
                if d.end_line == d.line and d.end_column is not None:
                    props.append(f"endColumn={d.end_column}")
        props.append(f"title={_gh_property(f'{d.code} {d.name}')}")
        message = printable(d.message) + (f"\nhint: {printable(d.hint)}" if d.hint else "")
        lines.append(f"::{d.severity.value} {','.join(props)}::{_gh_data(message)}")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def step_summary(report: Report, *, as_of: date) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: GitHub shows only ten annotations per step."""
    from concordat.safe import md_cell

    mark = "❌" if report.errors else "✅"
    out = [f"## {mark} concordat validate", "", f"**{summary(report)}** as of {as_of}.", ""]
    if report.diagnostics:
        out += ["| | Code | Where | Problem |", "|---|---|---|---|"]
        for d in report.diagnostics:
            icon = "❌" if d.severity is Severity.ERROR else "⚠️"
            problem = md_cell(d.message) + (f"<br>*{md_cell(d.hint)}*" if d.hint else "")
            out.append(f"| {icon} | {d.code} | `{location(d).replace('`', '')}` | {problem} |")
        out.append("")
    return "\n".join(out) + "\n"


# -- SARIF ----------------------------------------------------------------------------------


def sarif(report: Report) -> str:
    """SARIF 2.1.0, for code-scanning dashboards."""
    from concordat import __version__
    from concordat.diagnostics import CODES

    used = sorted({d.code for d in report.diagnostics})
    rules = [
        {
            "id": code,
            "name": CODES[code].name,
            "shortDescription": {"text": CODES[code].summary},
            "defaultConfiguration": {"level": CODES[code].severity.value},
        }
        for code in used
    ]
    results = []
    for d in report.diagnostics:
        location: dict[str, Any] = {"artifactLocation": {"uri": d.file}}
        if d.line is not None:
            region = {"startLine": d.line, "startColumn": d.column or 1}
            if d.end_line is not None and d.end_column is not None:
                region |= {"endLine": d.end_line, "endColumn": d.end_column}
            location["region"] = region
        text = d.message + (f" (hint: {d.hint})" if d.hint else "")
        results.append(
            {
                "ruleId": d.code,
                "ruleIndex": used.index(d.code),
                "level": d.severity.value,
                "message": {"text": text},
                "locations": [{"physicalLocation": location}],
            }
        )
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "concordat",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"
