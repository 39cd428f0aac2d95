"""The formats of `concordat validate`: text, JSON, GitHub annotations and SARIF."""

from __future__ import annotations

from collections.abc import Mapping

from concordat.render import Renderer, ValidateFormat, diagnostics, github, sarif
from concordat.views.validation import Validation

FORMATS: Mapping[ValidateFormat, Renderer[Validation]] = {
    ValidateFormat.TEXT: Renderer(
        text=diagnostics.plain, terminal=diagnostics.rich_text, wrap=False
    ),
    ValidateFormat.JSON: Renderer(text=diagnostics.json_document, for_programs=True),
    ValidateFormat.GITHUB: Renderer(
        text=github.workflow_commands, job_summary=github.step_summary, for_programs=True
    ),
    ValidateFormat.SARIF: Renderer(text=sarif.log, for_programs=True),
}


def default_format(environ: Mapping[str, str]) -> ValidateFormat:
    """Annotations on GitHub Actions (which sets GITHUB_ACTIONS=true), text elsewhere."""
    on_github = environ.get("GITHUB_ACTIONS") == "true"
    return ValidateFormat.GITHUB if on_github else ValidateFormat.TEXT
