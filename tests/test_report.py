"""`concordat report`: the board pack as a user runs it, through a typer app that registers the
command exactly as cli.py will (until cli.py wires it, this is how it is run)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from concordat import usage
from concordat.report import ReportFormat
from concordat.report.command import EPILOG, report
from concordat.report.formats import FORMATS, INDEXES, PAGES
from concordat.report.site import page_name, page_names
from tests.conftest import REPO, SIGNATORIES, write_area

AS_OF = "2026-11-22"
app = typer.Typer(context_settings={"help_option_names": ["-h", "--help"]}, cls=usage.Group)
app.command("report", cls=usage.Command, epilog=EPILOG)(report)


@app.command("other")
def _other() -> None:  # a second command, so that `report` is a subcommand as in cli.py
    """Nothing."""


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["report", *map(str, args)])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def shipped(tmp_path: Path, *args: str) -> tuple[int, str, str, str]:
    out = tmp_path / "norfolk.html"
    code, stdout, stderr = run(REPO, "--as-of", AS_OF, "-o", out, *args)
    return code, stdout, stderr, out.read_text(encoding="utf-8") if out.exists() else ""


SECTIONS = [
    "Headline counts",
    "Exceptions: off track, at risk and overdue",
    "What changed since the last board",
    "Who owns what",
    "Every commitment by theme",
    "Outcome measures",
]


def test_the_shipped_report_has_every_section_in_the_order_a_board_reads(tmp_path: Path) -> None:
    code, stdout, _, page = shipped(tmp_path)
    assert code == 0
    assert "wrote" in stdout
    assert page.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
    headings = re.findall(r"<h2 id=\"[a-z-]+\">([^<]+)</h2>", page)
    assert headings == SECTIONS
    # section 1: the area, the as-of date and the period covered
    assert "<h1>Norfolk: Mental Health Crisis Care Concordat board report</h1>" in page
    assert "22 November 2026" in page and "Plan period" in page
    # exceptions first: 1.3 is off track, before the at-risk 2.2 and 0.3
    exceptions = page[page.index('id="exceptions"') : page.index('id="changes"')]
    ids = re.findall(r"<h3 id=\"x-\d+\">([\d.]+) ", exceptions)
    assert ids[0] == "1.3" and set(ids) >= {"1.3", "2.2", "0.3"}
    assert "Stale: no update for over 120 days" in exceptions and "3.1" in exceptions
    # section 4: the shipped data is in this repository, so its record is read (or, in a
    # clone without its history, the section says why not)
    changes = page[page.index('id="changes"') : page.index('id="owners"')]
    assert "Since " in changes or "not shown" in changes


def test_the_page_is_self_contained_and_forbids_scripts(tmp_path: Path) -> None:
    _, _, _, page = shipped(tmp_path)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None
    assert "default-src 'none'" in policy.group(1) and "img-src data:" in policy.group(1)
    assert "script" not in policy.group(1)
    assert "<script" not in page.lower()
    assert not re.search(r"\son[a-z]+=", page)  # no event handler
    assert not re.search(r"(src|href)=\"(?!https?://|#)", page.replace('href="#', 'href="#'))
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert "@media print" in page and "size: A4" in page


def test_status_is_in_words_as_well_as_colour(tmp_path: Path) -> None:
    _, _, _, page = shipped(tmp_path)
    for words in ("not started", "on track", "at risk", "off track", "complete", "withdrawn"):
        cls = words.replace(" ", "-")
        assert f'<span class="status s-{cls}">{words}</span>' in page


def test_tables_have_headers_and_charts_have_text_alternatives(tmp_path: Path) -> None:
    _, _, _, page = shipped(tmp_path)
    assert page.count('<th scope="col">') > 20 and '<th scope="row">' in page
    charts = re.findall(r"<svg class=\"chart\"[^>]*aria-labelledby=\"([^\"]+)\"", page)
    assert len(charts) >= 10
    for labels in charts:
        for ident in labels.split():
            assert f'id="{ident}"' in page
    # 1.1's nurses: the chart's numbers are in its table too
    assert "Control room shifts with a mental health nurse on duty" in page
    measure = page[page.index("Control room shifts with a mental health nurse on duty") :]
    measure = measure[: measure.index("</table>")]
    for value in ("71", "78", "86", "95"):
        assert f'<td class="n">{value}</td>' in measure


def test_the_markdown_board_paper_has_the_same_sections(tmp_path: Path) -> None:
    out = tmp_path / "paper.md"
    code, _, _ = run(REPO, "--as-of", AS_OF, "-o", out)
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert re.findall(r"^## (.+)$", text, re.MULTILINE) == SECTIONS
    assert text.startswith("# Norfolk: ")
    assert text.rstrip().endswith("concordat may overwrite this file -->")
    assert "| 🔴 off track | 1 |" in text
    # the charts become their tables
    assert "| 30 September 2026 | Reading | 86 |" in text


def test_markdown_to_standard_output_and_format_by_name(tmp_path: Path) -> None:
    code, stdout, _ = run(REPO, "--as-of", AS_OF, "--format", "markdown")
    assert code == 0 and stdout.startswith("# Norfolk")
    code, stdout, _ = run(REPO, "--as-of", AS_OF)
    assert code == 0 and stdout.startswith("<!DOCTYPE html>")


def test_every_format_has_a_page_and_an_index() -> None:
    assert set(PAGES) == set(INDEXES) == set(FORMATS) == set(ReportFormat)


# -- hostile data -------------------------------------------------------------------------

HOSTILE_SIGNATORIES = """\
area: "<script>alert('area')</script>Hostile\\u202eshire"
signatories:
  - id: police
    name: "<img src=x onerror=alert(1)>Police</style><style>body{display:none}</style>"
    sector: police
    signed: 2014-08-01
  - {id: ambulance, name: "Ambulance\\u2066 \\u202e]]>", sector: ambulance, signed: 2014-08-01}
  - {id: mh-trust, name: "MH {{ 7*7 }} Trust", sector: mental-health-trust, signed: 2014-08-01}
  - id: council
    name: "Council\\" onmouseover=\\"alert(2)"
    sector: local-authority
    signed: 2014-08-01
  - {id: icb, name: "ICB %s %(x)s ${x}", sector: commissioner, signed: 2014-08-01}
"""
HOSTILE_COMMITMENTS = (
    """\
commitments:
  - id: "1.1"
    title: "<script>alert('title')</script> and <a href='javascript:alert(3)'>click</a>"
    theme: urgent-access
    owner: police
    partners: [ambulance, council]
    status: off-track
    due: 2026-09-30
    reason: "</textarea><iframe src=//evil.example></iframe>"
    links: ["https://example.org/\\"><script>alert(4)</script>"]
    measures:
      - name: "<svg onload=alert(5)>"
        unit: "</text><script>alert(6)</script>"
        baseline: {date: 2026-01-01, value: -1.0e+308}
        target: {date: 2027-01-01, value: 1.0e+308}
        readings: [{date: 2026-06-01, value: 5}]
    updates:
      - {date: 2026-11-01, by: police, note: "[x](javascript:alert(7)) <b onclick=alert(8)>b</b>"}
  - id: "1.2"
    title: """
    + '"'
    + "W" * 200_000
    + '"'
    + """
    theme: recovery
    owner: mh-trust
    status: on-track
    due: 2027-03-31
    updates: [{date: 2026-11-01, by: mh-trust, note: "\\u202egnp.exe"}]
"""
)


def hostile(folder: Path) -> Path:
    return write_area(
        folder, {"signatories.yaml": HOSTILE_SIGNATORIES, "commitments.yaml": HOSTILE_COMMITMENTS}
    )


def test_hostile_text_is_text(tmp_path: Path) -> None:
    area = hostile(tmp_path / "area")
    out = tmp_path / "out.html"
    code, _, _ = run(area, "--as-of", AS_OF, "-o", out)
    page = out.read_text(encoding="utf-8")
    assert code in (0, 1)
    assert "<script" not in page.lower()
    assert "<img" not in page and "<iframe" not in page and "<svg onload" not in page
    assert not re.search(r"<[a-z]+[^>]*\son[a-z]+=", page)  # no element with a handler
    assert "javascript:" not in re.findall(r'href="([^"]*)"', page).__str__()
    assert "&lt;script&gt;" in page
    assert "MH {{ 7*7 }} Trust" in page  # data is never a template
    assert "\u202e" not in page and "\\u202e" in page  # bidi controls shown, not obeyed
    assert "W" * 200_000 in page  # an enormous string is kept, and wraps (tested in a browser)


def test_hostile_text_in_markdown_is_escaped(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    area = hostile(tmp_path / "area")
    out = tmp_path / "out.md"
    run(area, "--as-of", AS_OF, "-o", out)
    text = out.read_text(encoding="utf-8")
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    assert "<script" not in rendered and "<img" not in rendered and "<iframe" not in rendered
    assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', rendered))
    assert "\u202e" not in text


NHS = "943 476 5919"  # a valid NHS number (the check digit passes)


def test_personal_data_blocks_the_report(tmp_path: Path) -> None:
    area = write_area(tmp_path / "area", {})
    path = area / "commitments.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("note: going well", f"note: seen patient {NHS}", 1), "utf-8")
    out = tmp_path / "r.html"
    code, _, stderr = run(area, "--as-of", AS_OF, "-o", out)
    assert code == 1
    assert not out.exists()
    assert "X001" in stderr and "--allow-private" in stderr
    assert NHS not in stderr and "9434765919" not in stderr
    code, _, stderr = run(area, "--as-of", AS_OF, "-o", out, "--allow-private", "board asked")
    page = out.read_text(encoding="utf-8")
    assert NHS not in page and "943 *** **19" in page
    assert "Reason given: board asked" in page
    code, _, stderr = run(area, "--as-of", AS_OF, "-o", out, "--allow-private", "  ")
    assert code == 2 and "reason" in stderr


# -- writing ------------------------------------------------------------------------------


def test_a_previous_report_is_replaced_and_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "board.html"
    assert run(REPO, "--as-of", AS_OF, "-o", out)[0] == 0
    assert run(REPO, "--as-of", "2026-11-23", "-o", out)[0] == 0
    assert "23 November 2026" in out.read_text(encoding="utf-8")
    mine = tmp_path / "mine.html"
    mine.write_text("<p>my own notes</p>", encoding="utf-8")
    code, _, stderr = run(REPO, "--as-of", AS_OF, "-o", mine)
    assert code == 2 and "not a report concordat wrote" in stderr
    assert mine.read_text(encoding="utf-8") == "<p>my own notes</p>"
    paper = tmp_path / "paper.md"
    assert run(REPO, "--as-of", AS_OF, "-o", paper)[0] == 0
    assert run(REPO, "--as-of", AS_OF, "-o", paper)[0] == 0


def test_never_through_a_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside.html"
    outside.write_text("", encoding="utf-8")
    link = tmp_path / "report.html"
    link.symlink_to(outside)
    code, _, stderr = run(REPO, "--as-of", AS_OF, "-o", link)
    assert code == 2 and "symbolic link" in stderr
    assert outside.read_text(encoding="utf-8") == ""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").symlink_to(outside)
    code, _, stderr = run(REPO, "--as-of", AS_OF, "-o", f"{site}/")
    assert code == 2 and "symbolic link" in stderr
    assert outside.read_text(encoding="utf-8") == ""


def test_usage_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    code, _, stderr = run(REPO, "--as-of", "2026-13-01")
    assert code == 2 and "not a date" in stderr and "Traceback" not in stderr
    code, _, stderr = run(tmp_path / "nowhere", "--as-of", AS_OF)
    assert code == 2 and "Traceback" not in stderr
    national = tmp_path / "areas"
    for name in ("a", "b"):
        write_area(national / name, {})
    code, _, stderr = run(national, "--as-of", AS_OF, "-o", tmp_path / "x.html")
    assert code == 2 and "several areas make a site" in stderr


def test_an_area_with_errors_is_reported_with_what_could_be_read(tmp_path: Path) -> None:
    area = write_area(tmp_path / "area", {})
    path = area / "commitments.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: on-track", "status: grean", 1)
    )
    out = tmp_path / "r.html"
    code, _, stderr = run(area, "--as-of", AS_OF, "-o", out)
    assert code == 1 and "could not be read" in stderr
    page = out.read_text(encoding="utf-8")
    assert "What could not be read" in page and "0.1" in page
    assert "1.1" in page  # the rest is shown


# -- the site -----------------------------------------------------------------------------


def test_several_areas_make_a_site_with_relative_links(tmp_path: Path) -> None:
    national = tmp_path / "areas"
    write_area(national / "Norfolk", {})
    # no name in its signatories.yaml: the area is called by its folder's name
    nameless = SIGNATORIES.replace("area: Testshire", 'area: ""')
    write_area(national / "<b onclick=x>evil & \u202eco", {"signatories.yaml": nameless})
    write_area(national / "index", {})
    site = tmp_path / "site"
    code, stdout, stderr = run(national, "--as-of", AS_OF, "-o", f"{site}/")
    assert code == 1, stdout  # the nameless area's files have an error
    assert "skipped because of errors" in stderr
    names = sorted(p.name for p in site.iterdir())
    assert names == ["b-onclick-x-evil-co.html", "index-2.html", "index.html", "norfolk.html"]
    index = (site / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', index)
    assert sorted(links) == ["b-onclick-x-evil-co.html", "index-2.html", "norfolk.html"]
    page = (site / "norfolk.html").read_text(encoding="utf-8")
    assert '<a href="index.html">All areas</a>' in page
    assert "<b onclick" not in index and "&lt;b onclick=x&gt;evil &amp; \\u202eco" in index


def test_page_names_are_safe_and_unique() -> None:
    assert page_name("../../etc/passwd") == "etc-passwd"
    assert page_name("Ëast Sussex") == "east-sussex"
    assert page_name("\u202e\x1b[31m") == "31m"
    assert page_name("汉字") == "area"
    assert page_names(["A", "a", "index", ""], ReportFormat.HTML) == [
        "a.html",
        "a-2.html",
        "index-2.html",
        "area.html",
    ]


def test_jinja2_is_loaded_only_when_a_report_is_drawn() -> None:
    code = (
        "import sys, concordat.report.command, concordat.report.view, concordat.cli;"
        "assert 'jinja2' not in sys.modules and 'markupsafe' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_help_names_every_option(fmt: ReportFormat) -> None:
    code, stdout, _ = run("-h")
    assert code == 0
    for option in ("-o", "--output", "--format", "--as-of", "--since", "--allow-private"):
        assert option in stdout
    assert fmt.value in stdout


# -- the history seam, and the charts -------------------------------------------------------


def test_history_plugs_in_as_an_input() -> None:
    from datetime import date

    from concordat.history.slippage import Slippage
    from concordat.pipeline import check_area
    from concordat.report.history import Change, History
    from concordat.report.html import page
    from concordat.report.markdown import paper
    from concordat.report.view import board_report

    checked = check_area(REPO, date(2026, 11, 22))
    history = History(
        since="tag board-2026-09 (15 September 2026)",
        changes=(Change("status", "status on-track -> at-risk", "2.2", worse=True),),
        slippage={"2.2": Slippage(date(2026, 6, 30), "2026/27 Q1", 2, 2, 92)},
    )
    board = board_report(checked, history=history)
    html = page(board)
    assert "Since tag board-2026-09 (15 September 2026):" in html
    assert "<strong>2.2</strong>: status on-track -&gt; at-risk" in html
    assert "(for the worse)" in html
    assert '<th scope="col" role="columnheader">Slippage</th>' in html
    assert "first promised 2026/27 Q1, moved twice, 92 days later" in html
    markdown = paper(board)
    assert "- **2.2**: status on-track -\\> at-risk (for the worse)" in markdown
    assert "first promised 2026/27 Q1, moved twice, 92 days later" in markdown
    without = page(board_report(checked))
    assert "Slippage" not in without


def test_without_history_the_section_says_why(tmp_path: Path) -> None:
    from datetime import date

    from concordat.report.history import NOT_IN_GIT, NoHistory, history_of

    area = write_area(tmp_path / "area", {})
    assert history_of(area, date(2026, 11, 22), None) == NoHistory(NOT_IN_GIT)
    code, stdout, stderr = run(area, "--as-of", AS_OF, "--since", "2026-09-01")
    assert code == 0 and "This area is not in git" in stdout
    assert "--since is not used" in stderr
    (tmp_path / ".git").mkdir()  # a .git that git will not read: said, not fatal
    found = history_of(area, date(2026, 11, 22), None)
    assert isinstance(found, NoHistory)
    assert found.why.startswith("Changes since the last board are not shown: ")


def test_a_chart_escapes_its_words_and_survives_the_float_limits() -> None:
    from concordat.model import Measure
    from concordat.report import svg

    measure = Measure.model_validate(
        {
            "name": "</title><script>alert(1)</script>",
            "unit": "%",
            "baseline": {"date": "2026-01-01", "value": -1e308},
            "target": {"date": "2027-01-01", "value": 1e308},
            "readings": [{"date": "2026-06-01", "value": 0}],
        }
    )
    drawn = svg.chart(measure, "improving", "t1")
    assert drawn is not None
    assert "<script" not in drawn and "&lt;/title&gt;&lt;script&gt;" in drawn
    assert "nan" not in drawn and "inf" not in drawn
    one = Measure.model_validate({"name": "n", "readings": [{"date": "2026-06-01", "value": 3}]})
    assert svg.chart(one, "unknown", "t2") is None
    assert svg.ticks(0, 105) == [0, 50, 100]
    assert svg.ticks(0, 1) == [0, 0.5, 1]
    assert "***" in svg.number(9434765919)
    assert svg.alternative(measure, "improving").startswith("Baseline -1e308% on 1 January 2026")


def test_a_markdown_site(tmp_path: Path) -> None:
    national = tmp_path / "areas"
    for name in ("north", "south"):
        write_area(national / name, {})
    site = tmp_path / "papers"
    code, stdout, _ = run(national, "--as-of", AS_OF, "--format", "markdown", "-o", f"{site}/")
    assert code == 0 and "wrote" in stdout and "2 area pages" in stdout
    assert sorted(p.name for p in site.iterdir()) == ["index.md", "north.md", "south.md"]
    index = (site / "index.md").read_text(encoding="utf-8")
    assert "[Testshire](north.md)" in index and "[Testshire](south.md)" in index
    assert (site / "north.md").read_text(encoding="utf-8").startswith("[All areas](index.md)")


def test_one_area_into_a_folder_is_a_site_of_one(tmp_path: Path) -> None:
    area = write_area(tmp_path / "norfolk", {})
    code, _, _ = run(area, "--as-of", AS_OF, "-o", f"{tmp_path / 'site'}/")
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["index.html", "norfolk.html"]


def test_personal_data_in_one_area_stops_the_whole_site(tmp_path: Path) -> None:
    national = tmp_path / "areas"
    write_area(national / "clean", {})
    leaky = write_area(national / "leaky", {})
    path = leaky / "commitments.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("note: going well", "note: call jo.bloggs@example.org", 1))
    site = tmp_path / "site"
    code, _, stderr = run(national, "--as-of", AS_OF, "-o", f"{site}/")
    assert code == 1 and "X002" in stderr and "j***@example.org" in stderr
    assert not site.exists()
    code, _, _ = run(national, "--as-of", AS_OF, "-o", f"{site}/", "--allow-private", "internal")
    assert code == 1  # X002 is an error in the data: the run still fails, the site is written
    page = (site / "leaky.html").read_text(encoding="utf-8")
    assert "jo.bloggs@example.org" not in page and "j***@example.org" in page
    assert "Reason given: internal" in page
    assert "Reason given" not in (site / "clean.html").read_text(encoding="utf-8")


def test_an_area_that_cannot_be_read_gets_a_page_saying_so(tmp_path: Path) -> None:
    national = tmp_path / "areas"
    write_area(national / "good", {})
    bad = write_area(national / "bad", {})
    (bad / "commitments.yaml").write_bytes(b"\x00\x01binary")
    site = tmp_path / "site"
    code, _, stderr = run(national, "--as-of", AS_OF, "-o", f"{site}/")
    assert code == 1 and "skipped because of errors" in stderr
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "Areas whose files have errors" in index and 'href="bad.html"' in index
    page = (site / "bad.html").read_text(encoding="utf-8")
    assert "What could not be read" in page


def test_a_site_never_replaces_a_page_someone_wrote(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>Our partnership</h1>", encoding="utf-8")
    code, _, stderr = run(REPO, "--as-of", AS_OF, "-o", f"{site}/")
    assert (
        code == 2 and "not a report concordat wrote" in stderr and "nothing was written" in stderr
    )
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    (site / "index.html").unlink()
    assert run(REPO, "--as-of", AS_OF, "-o", f"{site}/")[0] == 0
    assert run(REPO, "--as-of", AS_OF, "-o", f"{site}/")[0] == 0  # again: its own pages
