"""status, show and orgs as a partner organisation sees them, in every format."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from concordat.cli import app
from tests.conftest import COMMITMENTS, REPO, write_area

runner = CliRunner()
AS_OF = ["--as-of", "2026-11-22"]
GOLDEN = Path(__file__).parent / "golden"
ENV = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}


def invoke(*args: str | Path, width: int = 80) -> tuple[int, str, str]:
    env = {**ENV, "COLUMNS": str(width)}
    result = runner.invoke(app, [str(a) for a in args], env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def status_json(*args: str | Path) -> dict[str, object]:
    code, out, _ = invoke("status", REPO, *AS_OF, "--format", "json", *args)
    assert code == 0
    data: dict[str, object] = json.loads(out)
    return data


def test_status_shows_every_signatory_and_exits_0() -> None:
    code, out, _ = invoke("status", REPO, *AS_OF, width=200)
    assert code == 0
    _, listing, _ = invoke("orgs", REPO, *AS_OF, "--format", "json")
    organisations = json.loads(listing)["organisations"]
    assert len(organisations) == 15
    for org in organisations:
        assert (org["short_name"] or org["name"]) in out
    assert "4 warnings: run concordat validate" in out


def test_org_filter_shows_only_what_it_leads_or_supports() -> None:
    data = status_json("--org", "eeast")
    rows = data["commitments"]
    assert isinstance(rows, list) and rows
    assert all(r["owner"] == "eeast" or "eeast" in r["partners"] for r in rows)
    (org,) = data["organisations"]  # type: ignore[misc]
    assert org["leads"] == sum(1 for r in rows if r["owner"] == "eeast")
    assert org["partner_in"] == sum(1 for r in rows if "eeast" in r["partners"])
    led = status_json("--org", "eeast", "--lead-only")["commitments"]
    assert isinstance(led, list) and {r["owner"] for r in led} == {"eeast"}


def test_overdue_filter_shows_only_open_overdue_work() -> None:
    rows = status_json("--overdue")["commitments"]
    assert isinstance(rows, list)
    assert [r["id"] for r in rows] == ["1.3", "2.2"]
    assert all(r["overdue"] and r["days_to_due"] < 0 for r in rows)


def test_who_owns_what_counts_equal_the_rows_listed() -> None:
    for args in ([], ["--theme", "urgent-access"], ["--status", "on-track", "--status", "at-risk"]):
        data = status_json(*args)
        rows = data["commitments"]
        orgs = data["organisations"] + data["former_organisations"]  # type: ignore[operator]
        assert isinstance(rows, list)
        assert sum(o["leads"] for o in orgs) == len(rows) == data["summary"]["commitments"]  # type: ignore[index]
        for org in orgs:
            led = [r for r in rows if r["owner"] == org["id"]]
            assert org["leads"] == len(led)
            assert org["overdue"] == sum(1 for r in led if r["overdue"])
            for status, count in org["by_status"].items():
                assert count == sum(1 for r in led if r["status"] == status)


def test_due_within_accepts_days_weeks_and_months() -> None:
    by_weeks = status_json("--due-within", "6w")["commitments"]
    by_days = status_json("--due-within", "42d")["commitments"]
    assert by_weeks == by_days
    assert isinstance(by_weeks, list) and {r["id"] for r in by_weeks} == {
        "0.3",
        "1.2",
        "1.3",
        "2.2",
    }
    code, _, err = invoke("status", REPO, *AS_OF, "--due-within", "soon")
    assert code == 2 and "30d, 8w or 3m" in err


def test_unknown_org_is_a_usage_error_with_a_hint() -> None:
    code, out, err = invoke("status", REPO, *AS_OF, "--org", "eeats")
    assert code == 2 and out == ""
    assert "no signatory 'eeats' in this area; did you mean 'eeast'?" in err


def test_json_numbers_match_the_table() -> None:
    data = status_json()
    _, table, _ = invoke("status", REPO, *AS_OF, width=160)
    summary = data["summary"]
    assert isinstance(summary, dict)
    assert f"{summary['commitments']} commitments" in table
    for status, count in summary["by_status"].items():
        if count:
            assert f"{count} {status}" in table
    assert f"{summary['overdue']} overdue" in table


def test_csv_round_trips_and_neutralises_formulas(tmp_path: Path) -> None:
    hostile = COMMITMENTS.replace(
        "title: Commitment led by police", 'title: \'=HYPERLINK("http://x","y")\''
    ).replace("title: Commitment led by icb", "title: '@SUM(1+1), \"quoted\"'")
    write_area(tmp_path, {"commitments.yaml": hostile})
    code, out, _ = invoke("status", tmp_path, *AS_OF, "--format", "csv")
    assert code == 0
    assert out.startswith("\ufeff")  # the byte-order mark Excel needs to read UTF-8
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert len(rows) == 5
    titles = {r["Id"]: r["Commitment"] for r in rows}
    assert titles["0.1"] == '\'=HYPERLINK("http://x","y")'
    assert titles["4.1"] == '\'@SUM(1+1), "quoted"'
    assert rows[0]["RAG"] == "green" and rows[0]["Owner"] == "police"


def test_markup_in_titles_shows_literally(tmp_path: Path) -> None:
    hostile = (
        COMMITMENTS.replace(
            "title: Commitment led by police",
            "title: '[red]x[/red] [link=http://evil]y[/link] \x1b[2J'",
        )
        .replace("\x1b", "\\x1b")
        .replace("title: '[red]", 'title: "[red]')
        .replace("[2J'", '[2J"')
    )
    write_area(tmp_path, {"commitments.yaml": hostile})
    code, out, _ = invoke("status", tmp_path, *AS_OF, width=160)
    assert code == 0
    assert "[red]x[/red] [link=http://evil]y[/link]" in out
    assert "\x1b" not in out and "\\x1b[2J" in out


def test_markdown_escapes_pipes_and_markup(tmp_path: Path) -> None:
    hostile = COMMITMENTS.replace(
        "title: Commitment led by police", "title: 'a | b <script>*x*</script> [l](http://e)'"
    )
    write_area(tmp_path, {"commitments.yaml": hostile})
    code, out, _ = invoke("status", tmp_path, *AS_OF, "--format", "markdown")
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("| 0.1 |"))
    assert r"a \| b \<script\>\*x\*\</script\> \[l\](http:<span></span>//e)" in line
    assert line.count(" | ") == 6  # seven cells: the pipe in the title did not add one


def test_status_on_broken_data_shows_what_it_can_with_a_banner_and_exits_1(
    tmp_path: Path,
) -> None:
    write_area(tmp_path, {"commitments.yaml": COMMITMENTS.replace("owner: icb", "owner: icbb")})
    os.chdir(tmp_path)
    code, out, _ = invoke("status", ".", *AS_OF)
    assert code == 1 and "Traceback" not in out
    assert "The partnership's files have 1 error, so this view may be incomplete." in out
    assert "concordat validate" in out and "Who owns what" in out
    code, out, _ = invoke("status", ".", *AS_OF, "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["concordat"] == "status"
    assert data["problems"]["errors"] == 1 and data["summary"]["errors"] == 1


def test_show_gives_one_commitment_in_full() -> None:
    code, out, _ = invoke("show", "2.1", REPO, *AS_OF, width=160)
    assert code == 0
    flat = " ".join(out.split())
    assert "Norfolk and Suffolk NHS Foundation Trust" in flat  # names, not ids
    assert (
        "Norfolk Constabulary" in flat and "NHS Norfolk and Waveney Integrated Care Board" in flat
    )
    assert "s136 detentions held in police custody" in out and "improving" in out
    assert out.index("2026-10-28") < out.index("2014-10-15")  # newest update first
    assert "█" in out and "▁" in out  # the sparkline


def test_show_json_and_unknown_id() -> None:
    code, out, _ = invoke("show", "1.3", REPO, *AS_OF, "--format", "json")
    data = json.loads(out)["commitment"]
    assert code == 0 and data["status"] == "off-track" and data["overdue"] is True
    assert data["measures"][0]["direction"] == "improving"
    code, _, err = invoke("show", "9.9", REPO, *AS_OF)
    assert code == 2 and "no commitment '9.9'" in err


def test_orgs_lists_every_signatory_with_what_it_leads() -> None:
    code, out, _ = invoke("orgs", REPO, *AS_OF, "--format", "json")
    data = json.loads(out)["organisations"]
    assert code == 0 and len(data) == 15
    nsft = next(o for o in data if o["id"] == "nsft")
    assert nsft["led_commitments"] == ["1.1", "1.3", "2.1", "2.3", "3.2", "4.1"]
    assert nsft["leads"] == 6  # a count, as in status
    code, out, _ = invoke("orgs", REPO, *AS_OF, "--format", "csv")
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == 15


WIDTHS = (50, 60, 80, 120, 200)
GOLDENS = [
    *((f"status-{w}.txt", w, ["status", REPO, *AS_OF]) for w in WIDTHS),
    *((f"orgs-{w}.txt", w, ["orgs", REPO, *AS_OF]) for w in WIDTHS),
    *((f"show-2.1-{w}.txt", w, ["show", "2.1", REPO, *AS_OF]) for w in WIDTHS),
    ("status-eeast-120.txt", 120, ["status", REPO, *AS_OF, "--org", "eeast"]),
    ("status.md", 80, ["status", REPO, *AS_OF, "--format", "markdown"]),
]


@pytest.mark.parametrize(("name", "width", "args"), GOLDENS, ids=[g[0] for g in GOLDENS])
def test_golden_output(name: str, width: int, args: list[str | Path]) -> None:
    """Whole outputs at a fixed width and date. UPDATE_GOLDEN=1 rewrites them (review the diff)."""
    code, out, _ = invoke(*args, width=width)
    assert code == 0
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")
    if not name.endswith(".md"):
        assert all(len(line) <= width for line in out.splitlines())


def _words_of(text: str) -> set[str]:
    return {w.strip(",.;:()") for w in text.split()}


@pytest.mark.parametrize("width", WIDTHS)
def test_no_width_breaks_a_word_or_an_id_or_drops_a_column(width: int) -> None:
    _, out, _ = invoke("status", REPO, *AS_OF, width=width)
    _, doc, _ = invoke("status", REPO, *AS_OF, "--format", "json")
    data = json.loads(doc)
    shown = _words_of(out)
    for row in data["commitments"]:
        assert row["id"] in shown, row["id"]  # an id is never split
        for word in row["title"].split():
            assert word.strip(",.;:()") in shown, word  # nor a word of a title
    for org in data["organisations"]:
        for word in (org["short_name"] or org["name"]).split():
            assert word.strip(",.;:()") in shown, word
    for header in ("Leads", "Partner", "Overdue", "Due", "soon", "NS", "Owner", "Status"):
        assert header in shown, f"{header} dropped at {width}"
    _, listing, _ = invoke("orgs", REPO, *AS_OF, width=width)
    for org in json.loads(invoke("orgs", REPO, *AS_OF, "--format", "json")[1])["organisations"]:
        assert org["id"] in _words_of(listing)  # what a partner types into --org


@pytest.mark.parametrize("width", WIDTHS)
def test_show_breaks_no_word_or_date_at_any_width(width: int) -> None:
    _, out, _ = invoke("show", "3.1", REPO, *AS_OF, width=width)
    words = _words_of(out)
    for whole in ("Baseline", "Target", "Latest", "responses", "2026-03-31", "2027-03-31"):
        assert whole in words, (whole, width)
    assert all(len(line) <= width and line == line.rstrip() for line in out.splitlines())


@pytest.mark.parametrize("width", (80, 120, 200))
def test_every_theme_table_has_the_same_columns(width: int) -> None:
    _, out, _ = invoke("status", REPO, *AS_OF, width=width)
    headers = [line for line in out.splitlines() if line.startswith(" Id ")]
    assert len(headers) == 5 and len(set(headers)) == 1


def test_a_wide_terminal_does_not_stretch_the_tables() -> None:
    def rules(width: int) -> list[int]:
        _, out, _ = invoke("status", REPO, *AS_OF, width=width)
        return [len(line) for line in out.splitlines() if line.startswith(" ──")]

    # there were 140 blanks between a name and its numbers at 200 columns
    assert rules(200)[0] == rules(120)[0] < 100
    assert max(rules(200)) < 190


def test_completion_offers_ids_from_the_named_area(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess
    import sys

    monkeypatch.chdir(tmp_path)  # somewhere with no data: the ids must come from REPO
    script = Path(sys.executable).with_name("concordat")
    env = {
        **os.environ,
        "_CONCORDAT_COMPLETE": "complete_bash",
        "COMP_WORDS": f"concordat status {REPO} --org ee",
        "COMP_CWORD": "4",
    }
    done = subprocess.run([str(script)], env=env, capture_output=True, text=True, check=False)
    assert done.stdout.split() == ["eeast"]
