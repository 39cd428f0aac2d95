"""SARIF as real consumers read it: the official OASIS schema and Microsoft's SARIF Multitool.

The SARIF comes from running ``concordat validate --format sarif`` on an area with a hostile
file name (space, ``#``, ``%``, ``?``, a non-ASCII letter and an escape character), a problem
with no line (a folder where a data file should be) and a problem after two emoji on its line.

The schema is the committed copy in tests/data/sarif (see its README), checked with a format
checker for ``uri`` and ``uri-reference`` written from RFC 3986's grammar: jsonschema checks
those formats only when an optional package is installed, and would otherwise pass anything.

The Multitool (npm ``@microsoft/sarif-multitool``) runs with GitHub's ingestion rules
(``--rule-kind "Sarif;Gh"``). ``.ci/run`` installs it and names its platform binary in
``CONCORDAT_SARIF_MULTITOOL``. Without that variable the Multitool tests are skipped on a
developer's machine, and fail on CI (``CI`` set), so CI can never pass without them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest
from typer.testing import CliRunner

from concordat.cli import app
from tests.conftest import COMMITMENTS, REPO, SIGNATORIES

SCHEMA = json.loads(
    (REPO / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)
DOCS = (REPO / "docs" / "diagnostics.md").read_text(encoding="utf-8")

HOSTILE = "a b#c%?é\x1b.yaml"
FOLDER = "d\x1bir.yaml"  # a folder where a data file should be: F002, with no line
#: One more commitment, on one line, whose unknown owner comes after two emoji.
EMOJI_LINE = (
    '  - {id: "9.1", title: "🚑🚑 crisis line", theme: recovery, owner: icbb, status: on-track,'
    " due: 2027-03-31, measures: [{name: calls answered}],"
    " updates: [{date: 2026-11-01, by: icb, note: going well}]}"
)

# RFC 3986, appendix A, as regular expressions.
_UNRESERVED = r"A-Za-z0-9\-._~"
_SUB_DELIMS = r"!$&'()*+,;="
_PCT = r"%[0-9A-Fa-f]{2}"
_PCHAR = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|{_PCT})"
_SEGMENT = rf"{_PCHAR}*"
_SEGMENT_NZ = rf"{_PCHAR}+"
_SEGMENT_NZ_NC = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}@]|{_PCT})+"
_QUERY = rf"(?:{_PCHAR}|[/?])*"
_HOST = (
    rf"(?:\[[0-9A-Fa-f:.vV{_UNRESERVED}{_SUB_DELIMS}]+\]|(?:[{_UNRESERVED}{_SUB_DELIMS}]|{_PCT})*)"
)
_AUTHORITY = rf"(?:(?:[{_UNRESERVED}{_SUB_DELIMS}:]|{_PCT})*@)?{_HOST}(?::[0-9]*)?"
_ABEMPTY = rf"(?:/{_SEGMENT})*"
_ABSOLUTE = rf"/(?:{_SEGMENT_NZ}(?:/{_SEGMENT})*)?"
_TAIL = rf"(?:\?{_QUERY})?(?:#{_QUERY})?"
URI = re.compile(
    rf"[A-Za-z][A-Za-z0-9+.\-]*:(?://{_AUTHORITY}{_ABEMPTY}|{_ABSOLUTE}"
    rf"|{_SEGMENT_NZ}(?:/{_SEGMENT})*|){_TAIL}"
)
RELATIVE_REF = re.compile(
    rf"(?://{_AUTHORITY}{_ABEMPTY}|{_ABSOLUTE}|{_SEGMENT_NZ_NC}(?:/{_SEGMENT})*|){_TAIL}"
)


def _checker() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker()
    checker.checks("uri")(lambda v: not isinstance(v, str) or bool(URI.fullmatch(v)))
    checker.checks("uri-reference")(
        lambda v: not isinstance(v, str) or bool(URI.fullmatch(v) or RELATIVE_REF.fullmatch(v))
    )
    return checker


def schema_errors(log: Any) -> list[str]:
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=_checker())
    return sorted(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)
    )


def github_anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces
    to hyphens."""
    headings = re.findall(r"^#+ (.+)$", markdown, re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


@pytest.fixture
def area(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path/area: signatories, and a commitments/ folder with the hostile files."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "area"
    (folder / "commitments").mkdir(parents=True)
    (folder / "signatories.yaml").write_text(SIGNATORIES, encoding="utf-8")
    plan = COMMITMENTS.replace("owner: icb", "owner: icbb") + EMOJI_LINE + "\n"
    (folder / "commitments" / HOSTILE).write_text(plan, encoding="utf-8")
    (folder / "commitments" / FOLDER).mkdir()
    return folder


def sarif_of(area: Path) -> dict[str, Any]:
    result = CliRunner().invoke(
        app, ["validate", "area", "--as-of", "2026-11-22", "--format", "sarif"]
    )
    assert result.exit_code == 1, result.output
    log: dict[str, Any] = json.loads(result.stdout)
    return log


def results_by_rule(log: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for result in log["runs"][0]["results"]:
        found.setdefault(result["ruleId"], []).append(result)
    return found


def _physical(result: dict[str, Any]) -> dict[str, Any]:
    physical: dict[str, Any] = result["locations"][0]["physicalLocation"]
    return physical


def test_every_uri_is_percent_encoded_relative_and_names_the_file(area: Path) -> None:
    log = sarif_of(area)
    uris = {_physical(r)["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {
        "area/commitments/a%20b%23c%25%3F%C3%A9%1B.yaml",
        "area/commitments/d%1Bir.yaml",
    }
    for uri in uris:
        assert RELATIVE_REF.fullmatch(uri), uri
        assert urlsplit(uri).scheme == "" and not uri.startswith("/")
        assert (Path.cwd() / unquote(uri)).exists(), uri  # decoded, it is the file's path


def test_columns_are_utf16_code_units_as_the_run_says(area: Path) -> None:
    log = sarif_of(area)
    (run,) = log["runs"]
    assert run["columnKind"] == "utf16CodeUnits"
    lines = (area / "commitments" / HOSTILE).read_text(encoding="utf-8").split("\n")
    regions = [_physical(r)["region"] for r in results_by_rule(log)["R001"]]
    assert [r["startLine"] for r in regions] == [37, len(lines) - 1]
    for region in regions:
        # what a consumer that counts UTF-16 (GitHub, editors) highlights: the unknown id
        units = lines[region["startLine"] - 1].encode("utf-16-le")
        start, end = (region["startColumn"] - 1) * 2, (region["endColumn"] - 1) * 2
        assert units[start:end].decode("utf-16-le") == "icbb", region
    # two emoji before it: each one character for concordat's text, two code units here
    assert regions[1]["startColumn"] == EMOJI_LINE.index("icbb") + 1 + 2


def test_a_whole_file_problem_has_a_region_and_no_raw_control_character(area: Path) -> None:
    log = sarif_of(area)
    (unreadable,) = results_by_rule(log)["F002"]
    assert _physical(unreadable)["region"] == {"startLine": 1, "startColumn": 1}
    text = unreadable["message"]["text"]
    assert text == "cannot read area/commitments/d\\x1bir.yaml: it is a folder"
    for result in log["runs"][0]["results"]:
        assert not re.search("[\x00-\x1f\x7f-\x9f]", result["message"]["text"])


def test_rules_have_descriptions_help_and_a_link_to_their_documentation(area: Path) -> None:
    log = sarif_of(area)
    driver = log["runs"][0]["tool"]["driver"]
    rules = driver["rules"]
    assert [r["id"] for r in rules] == ["F002", "R001"]
    anchors = github_anchors(DOCS)
    for index, rule in enumerate(rules):
        assert rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"].startswith(f"{rule['id']} {rule['name']} (error)")
        assert rule["help"]["text"] and rule["help"]["markdown"]
        link = urlsplit(rule["helpUri"])
        assert link.scheme == "https" and link.path.endswith("/docs/diagnostics.md")
        assert link.fragment in anchors, link.fragment
        assert rule["helpUri"] in rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] == "error"
        results = results_by_rule(log)[rule["id"]]
        assert all(r["ruleIndex"] == index and r["level"] == "error" for r in results)
    assert urlsplit(driver["informationUri"]).scheme == "https"


def test_the_official_schema_accepts_it_with_uri_formats_checked(area: Path) -> None:
    assert schema_errors(sarif_of(area)) == []


#: What concordat wrote before: a raw file name as the URI, rules with no help, no region.
OLD_SHAPE: dict[str, Any] = {
    "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
    "version": "2.1.0",
    "runs": [
        {
            "tool": {
                "driver": {
                    "name": "concordat",
                    "rules": [{"id": "R001", "shortDescription": {"text": "unknown id"}}],
                }
            },
            "results": [
                {
                    "ruleId": "R001",
                    "ruleIndex": 0,
                    "message": {"text": "owner 'icbb' is not a signatory"},
                    "locations": [
                        {"physicalLocation": {"artifactLocation": {"uri": f"area/{HOSTILE}"}}}
                    ],
                }
            ],
        }
    ],
}


def test_the_schema_check_can_fail() -> None:
    errors = schema_errors(OLD_SHAPE)
    assert errors == [
        "runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri: "
        f"{f'area/{HOSTILE}'!r} is not a 'uri-reference'"
    ]


def multitool() -> Path:
    """The Multitool's platform binary (its npm wrapper passes arguments through sh)."""
    named = os.environ.get("CONCORDAT_SARIF_MULTITOOL")
    if not named:
        if os.environ.get("CI"):
            pytest.fail("CI must run the SARIF Multitool: .ci/run sets CONCORDAT_SARIF_MULTITOOL")
        pytest.skip("set CONCORDAT_SARIF_MULTITOOL to the Sarif.Multitool binary (see .ci/run)")
    path = Path(named)
    assert path.is_file() and os.access(path, os.X_OK), f"not an executable: {path}"
    return path


def multitool_findings(log: dict[str, Any], folder: Path) -> list[str]:
    """Every result of ``Sarif.Multitool validate --rule-kind "Sarif;Gh"``, as
    ``RULE: message``. It exits 0 even when it finds errors, so its own log is read."""
    given, out = folder / "given.sarif", folder / "multitool.sarif"
    given.write_text(json.dumps(log), encoding="utf-8")
    command = [str(multitool()), "validate", str(given), "--rule-kind", "Sarif;Gh"]
    done = subprocess.run(
        [*command, "--output", str(out), "--log", "ForceOverwrite"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    findings = []
    for run in json.loads(out.read_text(encoding="utf-8-sig"))["runs"]:
        for result in run.get("results", []):
            message = result["message"]
            findings.append(f"{result['ruleId']}: {message.get('text') or message['arguments']}")
    return findings


def test_the_sarif_multitool_finds_nothing_with_githubs_rules(area: Path, tmp_path: Path) -> None:
    assert multitool_findings(sarif_of(area), tmp_path) == []


def test_the_sarif_multitool_check_can_fail(tmp_path: Path) -> None:
    rules = sorted({f.split(":")[0] for f in multitool_findings(OLD_SHAPE, tmp_path)})
    # an invalid URI; GitHub's required fullDescription and help; no region
    assert {"SARIF1002", "GH2012"} <= set(rules), rules


def test_help_links_point_at_the_commit_that_was_installed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Installed from git (as init's workflow does), the rules' links name that repository
    and commit, so they describe the code that ran; otherwise the project's home at main."""
    import importlib.metadata

    from concordat.diagnostics import CODES
    from concordat.render import sarif

    class Installed:
        def read_text(self, name: str) -> str:
            url, commit = "https://github.com/norfolk-partnership/concordat.git", "a" * 40
            return json.dumps({"url": url, "vcs_info": {"vcs": "git", "commit_id": commit}})

    monkeypatch.setattr(importlib.metadata, "distribution", lambda name: Installed())
    sarif.source.cache_clear()
    try:
        assert sarif.help_uri(CODES["R001"]) == (
            "https://github.com/norfolk-partnership/concordat/blob/"
            + "a" * 40
            + "/docs/diagnostics.md#r001-unknown-signatory-error"
        )
    finally:
        monkeypatch.undo()
        sarif.source.cache_clear()
    assert sarif.help_uri(CODES["R001"]).startswith(f"{sarif.PROJECT_URL}/blob/main/")
