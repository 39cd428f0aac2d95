"""SARIF 2.1.0, for code-scanning dashboards (GitHub code scanning among them)."""

from __future__ import annotations

import json
from typing import Any

from concordat.diagnostics import CODES
from concordat.version import __version__
from concordat.views.validation import Validation


def log(validation: Validation) -> str:
    """One run of concordat: a rule for each code found, a result for each problem."""
    report = validation.report
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
    document = {
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
    return json.dumps(document, indent=2) + "\n"
