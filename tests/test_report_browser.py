"""The board pack in a real browser: headless Chromium (Debian's package, driven by Playwright
from PyPI, no browser download) and axe-core (npm, installed into tests/browser/).

- axe finds no WCAG 2.2 AA violations in the shipped data's report and in a site's index;
- a hostile corpus runs nothing and loads nothing; the Content-Security-Policy itself stops
  a script and a remote image that an escaping mistake would let through;
- at 375, 640 (1280 at 200% zoom) and 1280 pixels the body never scrolls sideways;
- the report prints to an A4 PDF; a screenshot at each width is kept for a person to look at
  (in $CONCORDAT_SCREENSHOTS, else a temporary folder; the path is printed).

Locally these tests skip only when Chromium is missing; with CI set, anything missing (the
browser, Playwright, axe-core) fails them. `.ci/run` installs all three.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, write_area
from tests.test_report import AS_OF, hostile, run

CHROMIUM = Path(os.environ.get("CONCORDAT_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(__file__).parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LEVELS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
WIDTHS = (375, 640, 1280)


def _missing() -> list[str]:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"Chromium ({CHROMIUM}): apt-get install -y chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("Playwright: pip install -e '.[test]'")
    if not AXE.exists():
        missing.append("axe-core: npm install --prefix tests/browser")
    return missing


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    missing = _missing()
    if missing:
        if os.environ.get("CI") or CHROMIUM.exists():
            pytest.fail("the browser tests need " + "; ".join(missing))
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The reports every test opens: the shipped data's, a site's index, a hostile area's."""
    root = tmp_path_factory.mktemp("reports")
    shipped = root / "norfolk.html"
    assert run(REPO, "--as-of", AS_OF, "-o", shipped)[0] == 0
    national = root / "areas"
    for name in ("norfolk", "suffolk"):
        (national / name).mkdir(parents=True)
        for file in ("signatories.yaml", "commitments.yaml"):
            shutil.copy(REPO / file, national / name / file)
    write_area(national / "testshire", {})
    assert run(national, "--as-of", AS_OF, "-o", f"{root / 'site'}/")[0] == 0
    bad = root / "hostile.html"
    run(hostile(root / "hostile"), "--as-of", AS_OF, "-o", bad)
    assert bad.exists()
    return {"shipped": shipped, "index": root / "site" / "index.html", "hostile": bad}


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wanted = os.environ.get("CONCORDAT_SCREENSHOTS")
    folder = Path(wanted) if wanted else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _axe(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = page.evaluate(
        """async (levels) => (await axe.run(document, {runOnly: levels})).violations
            .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.html)}))""",
        LEVELS,
    )
    return found


@pytest.mark.parametrize("which", ["shipped", "index"])
@pytest.mark.parametrize("width", [375, 1280])
def test_axe_finds_no_violations(
    browser: Any, pages: dict[str, Path], which: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900}, bypass_csp=True)
    page.goto(pages[which].as_uri())
    assert _axe(page) == []
    page.close()


def test_axe_can_fail(browser: Any, tmp_path: Path) -> None:
    """The check itself: a page with a missing alt and grey on grey has violations."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="en"><title>t</title><img src="data:,">'
        '<p style="color:#999;background:#aaa">grey</p></html>',
        encoding="utf-8",
    )
    page = browser.new_page(bypass_csp=True)
    page.goto(bad.as_uri())
    assert {v["id"] for v in _axe(page)} >= {"image-alt", "color-contrast"}
    page.close()


def _watched(browser: Any, **options: Any) -> tuple[Any, list[str], list[str]]:
    """A page, and what it does: its dialogs, and every request it answers (a response),
    or that fails for a reason other than the page's Content-Security-Policy."""
    page = browser.new_page(**options)
    dialogs: list[str] = []
    requests: list[str] = []

    def dialog(d: Any) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.on("response", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: r.failure != "csp" and requests.append(r.url))
    return page, dialogs, requests


def test_hostile_text_runs_nothing_and_loads_nothing(browser: Any, pages: dict[str, Path]) -> None:
    page, dialogs, requests = _watched(browser)
    attempted: list[str] = []
    page.on("request", lambda r: attempted.append(r.url))
    url = pages["hostile"].as_uri()
    page.goto(url)
    for element in page.query_selector_all("a, span, td, th, h1, h3, h4, dd, p"):
        if element.is_visible():
            element.hover(timeout=2000, force=True)
            break
    page.wait_for_timeout(300)
    assert dialogs == []
    assert attempted == requests == [url]  # nothing else even tried
    counts = page.evaluate(
        """() => ['script', 'img', 'iframe', 'style', 'link', 'object', 'embed', 'textarea']
            .map(t => document.getElementsByTagName(t).length)"""
    )
    assert counts == [0, 0, 0, 1, 0, 0, 0, 0]  # one style: the report's own
    links = page.evaluate("() => [...document.links].map(a => a.protocol)")
    assert set(links) <= {"https:", "http:", "file:"}
    assert page.evaluate("() => [...document.links].every(a => a.protocol !== 'file:' || a.hash)")
    assert "<script>" in page.inner_text("h1")  # shown as text
    page.close()


def test_the_content_security_policy_stops_a_script_and_a_remote_load(
    browser: Any, pages: dict[str, Path], tmp_path: Path
) -> None:
    """As if escaping had failed: a script and a remote image put straight into the page."""
    text = pages["hostile"].read_text(encoding="utf-8")
    injected = (
        "<script>document.title = 'ran'; alert('ran')</script>"
        '<img src="https://example.org/pixel.png" alt="">'
        '<p style="display:none" id="styled">inline style</p>'
    )
    forged = tmp_path / "forged.html"
    forged.write_text(text.replace("<main>", "<main>" + injected, 1), encoding="utf-8")
    page, dialogs, requests = _watched(browser)
    blocked: list[str] = []
    page.on("requestfailed", lambda r: r.failure == "csp" and blocked.append(r.url))
    page.goto(forged.as_uri())
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.title() != "ran"
    assert requests == [forged.as_uri()]
    assert blocked == ["https://example.org/pixel.png"]
    assert page.is_visible("#styled")  # only the report's own stylesheet applies
    page.close()
    # the same page without the policy runs the script: the check can fail
    bypass, dialogs, _ = _watched(browser, bypass_csp=True)
    bypass.route("https://example.org/**", lambda route: route.abort())
    bypass.goto(forged.as_uri())
    bypass.wait_for_timeout(300)
    assert dialogs == ["ran"]
    bypass.close()


@pytest.mark.parametrize("which", ["shipped", "index", "hostile"])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_sideways_scroll(
    browser: Any, pages: dict[str, Path], screenshots: Path, which: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.goto(pages[which].as_uri())
    scroll, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, f"{which} at {width}px scrolls sideways: {scroll} > {client}"
    if which != "hostile":
        shot = screenshots / f"report-{which}-{width}.png"
        page.screenshot(path=str(shot))
        print(f"screenshot: {shot}")
    page.close()


def test_wide_tables_scroll_inside_their_own_container(
    browser: Any, pages: dict[str, Path]
) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 900})
    page.goto(pages["shipped"].as_uri())
    wide = page.evaluate(
        """() => [...document.querySelectorAll('table')]
            .filter(t => t.scrollWidth > document.documentElement.clientWidth)
            .map(t => t.parentElement.className)"""
    )
    assert wide and set(wide) == {"scroll"}
    page.close()


def test_on_a_phone_each_commitment_is_a_block_and_still_a_table(
    browser: Any, pages: dict[str, Path]
) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 900})
    page.goto(pages["shipped"].as_uri())
    shown = "() => getComputedStyle(document.querySelector('table.stack tr')).display"
    assert page.evaluate(shown) == "block"
    first = page.get_by_role("table").filter(has_text="0.1").first
    assert first.get_by_role("columnheader").count() >= 7
    assert first.get_by_role("rowheader").first.inner_text() == "0.1"
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.evaluate(shown) == "table-row"
    page.close()


def test_the_report_prints_to_an_a4_pdf(
    browser: Any, pages: dict[str, Path], screenshots: Path
) -> None:
    page = browser.new_page()
    page.goto(pages["shipped"].as_uri())
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    (screenshots / "report-shipped.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf))
    assert pages >= 3  # the shipped report runs to several A4 pages
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf)
    assert box is not None  # A4 is 595 by 842 points (210 by 297 mm)
    assert abs(float(box[1]) - 595) < 2 and abs(float(box[2]) - 842) < 2
    # on paper nothing scrolls: every table fits A4's width inside its margins (186 mm)
    page.set_viewport_size({"width": 703, "height": 1000})
    page.emulate_media(media="print")
    wide = page.evaluate(
        "() => [...document.querySelectorAll('table')].filter(t => t.scrollWidth > 703).length"
    )
    assert wide == 0
    if shutil.which("pdfinfo"):
        info = subprocess.run(
            ["pdfinfo", str(screenshots / "report-shipped.pdf")], capture_output=True, text=True
        ).stdout
        assert "A4" in info
    page.close()
