"""Every report of two trusts, and the index pages, opened in headless Chromium as a reviewer on a phone would.

One browser and one page visit every built page once (at 390 px wide, every collapsed section opened); the tests
below read what was measured: axe-core finds no violations, nothing is requested from the network, the console
stays clean, nothing overflows the screen sideways, no text (chart text included) renders below 9 px, every tab
stop is interactive, and every in-page link has a target. Skipped without Debian's chromium (CI installs it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from edi_analysis.pipeline import run as reports
from edi_analysis.views.charts import MIN_TEXT_PX

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
TRUSTS = ("SYN02", "SYN08")
PHONE = {"width": 390, "height": 844}

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                                 "(installed by .ci/run)")]

# Elements a keyboard user may reach with Tab: each is either interactive by nature or a box that really scrolls.
_TAB_STOPS = """() => {
  const natural = el => el.matches('a[href], button, input, select, textarea, details > summary:first-of-type');
  return Array.from(document.querySelectorAll('*'))
    .filter(el => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length)
    .filter(el => !(natural(el) || (el.getAttribute('tabindex') === '0' && el.scrollWidth > el.clientWidth)))
    .map(el => el.outerHTML.slice(0, 120));
}"""

# The smallest text as rendered: page text by its computed size, chart text by its size in the SVG scaled as the
# image is drawn (an <img> hides its SVG from the DOM, so the SVG is decoded and measured here).
_SMALLEST_TEXT = """() => {
  let smallest = [1e9, ''];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || !el.getClientRects().length) continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (px < smallest[0]) smallest = [px, node.textContent.trim().slice(0, 60)];
  }
  for (const img of document.querySelectorAll('img[src^="data:image/svg+xml;base64,"]')) {
    if (!img.clientWidth) continue;
    const svg = new DOMParser().parseFromString(atob(img.src.split(',')[1]), 'image/svg+xml').documentElement;
    const viewWidth = parseFloat(svg.getAttribute('viewBox').split(/[ ,]+/)[2]);
    for (const t of svg.querySelectorAll('text')) {
      const m = /font-size:\\s*([\\d.]+)px/.exec(t.getAttribute('style') || '');
      if (!m) continue;
      const px = parseFloat(m[1]) * img.clientWidth / viewWidth;
      if (px < smallest[0]) smallest = [px, 'chart "' + (img.alt || '').slice(0, 40) + '": ' + t.textContent];
    }
  }
  return smallest;
}"""

_BROKEN_ANCHORS = """() => Array.from(document.querySelectorAll('a[href^="#"]'))
  .map(a => decodeURIComponent(a.getAttribute('href').slice(1)))
  .filter(id => id && !document.getElementById(id))"""


@pytest.fixture(scope="session")
def site(tmp_path_factory, synthetic_root) -> Path:
    """Every report of two synthetic trusts, built once."""
    out = tmp_path_factory.mktemp("browser-reports")
    outcomes = reports.build_all(ROOT / "params", ROOT / "notebooks", out, trusts=list(TRUSTS), jobs_n=1,
                                 echo=lambda *_: None)
    assert {o.status for o in outcomes} == {"built"}, [(o.name, o.status, o.message) for o in outcomes]
    return out


@pytest.fixture(scope="session")
def pages(site) -> dict[str, dict]:
    """What one phone-sized browser page measured on each built page (index pages and every report)."""
    playwright = pytest.importorskip("playwright.sync_api")
    from axe_playwright_python.sync_playwright import Axe

    files = sorted(p for p in site.rglob("*.html") if not any(part.startswith(".") for part in p.relative_to(site).parts))
    assert len(files) >= 1 + 5 * len(TRUSTS), files
    axe = Axe()
    measured: dict[str, dict] = {}
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-default-apps", "--no-first-run"])
        page = browser.new_page(viewport=PHONE)
        current: dict = {}
        page.on("request", lambda r: current["requests"].append(r.url))
        page.on("console", lambda m: current["console"].append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: current["console"].append(str(e)))
        # Anything but a local file is refused, so a stray link can never reach the network during the test.
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                   else route.abort())
        for f in files:
            current = {"requests": [], "console": []}
            page.goto(f.as_uri(), wait_until="load")
            page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
            result = axe.run(page)
            current.update(
                violations=[(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                            for v in result.response["violations"]],
                scroll_width=page.evaluate("document.documentElement.scrollWidth"),
                smallest=page.evaluate(_SMALLEST_TEXT),
                bad_tab_stops=page.evaluate(_TAB_STOPS),
                broken_anchors=page.evaluate(_BROKEN_ANCHORS),
                skip_link=page.locator("a.skip-link[href='#main-content']").count(),
                is_report=page.locator("main#main-content").count() == 1,
            )
            measured[str(f.relative_to(site))] = current
        browser.close()
    return measured


def _failing(pages: dict[str, dict], check) -> dict[str, object]:
    return {name: got for name, m in pages.items() if (got := check(m))}


def test_no_axe_violations(pages):
    assert not _failing(pages, lambda m: m["violations"])


def test_nothing_is_requested_from_the_network(pages):
    assert not _failing(pages, lambda m: [u for u in m["requests"] if not u.startswith(("file:", "data:"))])


def test_no_console_errors(pages):
    assert not _failing(pages, lambda m: m["console"])


def test_no_sideways_scrolling_of_the_page_on_a_phone(pages):
    assert not _failing(pages, lambda m: m["scroll_width"] if m["scroll_width"] > PHONE["width"] else None)


def test_no_text_below_9px_on_a_phone(pages):
    assert not _failing(pages, lambda m: m["smallest"] if m["smallest"][0] < MIN_TEXT_PX else None)


def test_tab_stops_only_on_interactive_elements(pages):
    assert not _failing(pages, lambda m: m["bad_tab_stops"])


def test_every_in_page_link_has_a_target(pages):
    assert not _failing(pages, lambda m: m["broken_anchors"])


def test_every_report_has_a_skip_link_to_its_content(pages):
    reports_ = {name: m for name, m in pages.items() if m["is_report"]}
    assert len(reports_) >= 5 * len(TRUSTS)
    assert not _failing(reports_, lambda m: "missing" if m["skip_link"] != 1 else None)
