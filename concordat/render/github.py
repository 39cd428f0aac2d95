"""GitHub Actions: an annotation on the line of each problem, and a table in the job summary.

A problem in a file whose path holds a personal identifier (a folder named by an NHS number)
is an annotation with no file: its message starts with the place, masked, as everywhere.

https://docs.github.com/actions/reference/workflow-commands-for-github-actions
"""

from __future__ import annotations

import re

from concordat.diagnostics import Severity
from concordat.render.diagnostics import location, summary
from concordat.safe import escaped, masked, md_cell, md_code, printable
from concordat.views.validation import Validation

#: Line and paragraph separators: not control characters, but a log viewer in a browser
#: may break the line at them, so they are escaped as control characters are.
_SEPARATORS = re.compile("[\u2028\u2029]")


def _shown(text: str) -> str:
    """``text`` with control characters and line separators escaped (``\x1b``, ``\u2028``)."""
    return _SEPARATORS.sub(lambda m: escaped(m.group()), printable(text))


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _file(name: str) -> str:
    """A file name for the ``file=`` property: a line break is carried (encoded) as GitHub's
    runner decodes it, so the annotation finds the file; any other control character is
    escaped, as everywhere, so that none reaches a terminal or a log raw."""
    parts = re.split(r"([\r\n])", name)
    return _property("".join(p if p in ("\r", "\n") else _shown(p) for p in parts))


def workflow_commands(validation: Validation) -> str:
    """Workflow commands: one annotation per diagnostic, then the summary line."""
    report = validation.report
    lines = []
    for d in report.diagnostics:
        # a file whose path holds personal data is named (masked) in the message, never as
        # the annotation's file: that must be the real path, and the log may be public
        hidden = masked(d.file) != d.file
        props = [] if hidden else [f"file={_file(d.file)}"]
        if d.line is not None and not hidden:
            props.append(f"line={d.line}")
            props.append(f"col={d.column or 1}")
            if d.end_line is not None:
                props.append(f"endLine={d.end_line}")
                if d.end_line == d.line and d.end_column is not None:
                    props.append(f"endColumn={d.end_column}")
        props.append(f"title={_property(f'{d.code} {d.name}')}")
        message = _shown(d.message) + (f"\nhint: {_shown(d.hint)}" if d.hint else "")
        if hidden:
            message = f"{_shown(location(d))}: {message}"
        lines.append(f"::{d.severity.value} {','.join(props)}::{_data(message)}")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def step_summary(validation: Validation) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: GitHub shows only ten annotations per step."""
    report = validation.report
    mark = "❌" if report.errors else "✅"
    heading = f"**{summary(report)}** as of {validation.as_of}."
    out = [f"## {mark} concordat validate", "", heading, ""]
    if report.diagnostics:
        out += ["| | Code | Where | Problem |", "|---|---|---|---|"]
        for d in report.diagnostics:
            icon = "❌" if d.severity is Severity.ERROR else "⚠️"
            problem = md_cell(d.message) + (f"<br>*{md_cell(d.hint)}*" if d.hint else "")
            # a | in the path would end the cell, even inside the code span: md_code escapes it
            out.append(f"| {icon} | {d.code} | {md_code(location(d))} | {problem} |")
        out.append("")
    return "\n".join(out) + "\n"
