"""The website in a real browser: Debian's Chromium driven by Playwright, checked by axe-core.

Skipped on a machine without Chromium, Playwright or axe-core, with the reason; in CI (CI=true,
where `.ci/run` installs them) never skipped.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from pipeline.outputs.site.pages import pages
from pipeline.outputs.site.search import search_index

from .conftest import plan_of

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = Path(os.environ.get("PIPELINE_AXE", Path.home() / ".cache" / "pipeline-axe" / "node_modules" / "axe-core"
                          / "axe.min.js"))
try:
    import playwright.sync_api  # noqa: F401

    HAVE_PLAYWRIGHT = True
except ImportError:
    HAVE_PLAYWRIGHT = False

missing = [what for what, present in (("Chromium (apt install chromium)", CHROMIUM), ("Playwright", HAVE_PLAYWRIGHT),
                                      (f"axe-core ({AXE})", AXE.is_file())) if not present]
pytestmark = pytest.mark.skipif(bool(missing) and os.environ.get("CI") != "true",
                                reason="naršyklės testams trūksta: " + ", ".join(missing))
PAGES = ["index.html", "naujienos.html", "planas.html", "pazanga.html", "pazanga-busena-atsilieka.html",
         "rodikliai.html", "rodiklis-ek-01.html", "rodiklis-ek-11.html", "dokumentai.html", "duomenys.html",
         "paieska.html", "rengimas.html", "dalyvavimas.html", "prieinamumas.html"]
DAY = dt.date(2025, 7, 1)  # after the 2024 report: progress, charts and the past deadline all show


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(folder: Path):
    """Serve a folder over HTTP on 127.0.0.1; return the server and its address."""
    handler = functools.partial(_Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


@pytest.fixture(scope="module")
def server(tmp_path_factory, built_plans):
    """Serve kaunas-2030's site over HTTP (local storage then behaves as on a web server)."""
    folder = tmp_path_factory.mktemp("site")
    files = pages(plan_of("kaunas-2030"), built_plans["kaunas-2030"], DAY)
    bundle = search_index(files)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    for name, data in bundle.items():
        (folder / "pagefind" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "pagefind" / name).write_bytes(data)
    news = sorted(p.name for p in folder.glob("naujiena-*.html"))
    httpd, address = _serve(folder)
    yield address, news
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        instance = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield instance
        instance.close()


def _violations(page) -> list[str]:
    """Return every axe-core violation of the page, of any impact, with the rules axe runs by default."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document);
        return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                                       target: v.nodes[0] && v.nodes[0].target.join(' ')}));
    }""")
    return [f"{v['id']} ({v['impact']}, {v['nodes']}: {v['target']})" for v in result]


MODES = {"įprastas": {}, "didelis kontrastas": {}, "priverstinės spalvos": {"forced_colors": "active"},
         "360 px": {"viewport": {"width": 360, "height": 740}}}


@pytest.mark.parametrize("mode", MODES)
def test_no_accessibility_violations_in_any_mode(server, browser, mode):
    base, news = server
    # axe is injected as an inline script, which the pages forbid
    context = browser.new_context(bypass_csp=True, **MODES[mode])
    page = context.new_page()
    found = {}
    for name in PAGES + news[:1]:
        page.goto(base + name)
        if mode == "didelis kontrastas" and not page.evaluate(
                "document.documentElement.classList.contains('kontrastas')"):
            page.click("#kontrastas")
        violations = _violations(page)
        if violations:
            found[name] = violations
    context.close()
    assert found == {}


def test_axe_is_of_the_version_installed_not_pinned_to_an_older_one(server, browser):
    page = browser.new_page(bypass_csp=True) if False else browser.new_context(bypass_csp=True).new_page()
    page.goto(server[0] + "index.html")
    page.add_script_tag(path=str(AXE))
    version = page.evaluate("axe.version")
    assert tuple(int(x) for x in version.split(".")[:2]) >= (4, 14), version  # knows label-content-name-mismatch
    page.context.close()


def test_the_font_size_control_enlarges_text_and_is_remembered(server, browser):
    base, _ = server
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "planas.html")
    size = lambda: page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")  # noqa: E731
    normal = size()
    page.click("button[data-size='3']")
    larger = size()
    assert larger > normal * 1.3
    assert page.get_attribute("button[data-size='3']", "aria-pressed") == "true"
    assert page.get_attribute("button[data-size='1']", "aria-pressed") == "false"
    page.goto(base + "index.html")  # another page, no reload of the setting needed
    assert size() == pytest.approx(larger, rel=0.01)
    page.click("#kontrastas")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.reload()
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == background == "rgb(0, 0, 0)"
    assert page.get_attribute("#kontrastas", "aria-pressed") == "true"
    context.close()


def test_at_360_px_every_cell_is_labelled_nothing_scrolls_sideways_at_a_plus_plus_and_chart_text_is_12_px(
        server, browser):
    base, _ = server
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(base + "index.html")
    page.click("button[data-size='3']")
    for name in PAGES:
        page.goto(base + name)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), name
        unlabelled = page.evaluate("""() => [...document.querySelectorAll('main td')].filter(td => {
            const head = td.closest('table').querySelector('thead');
            const headShown = head && head.getBoundingClientRect().height > 1;
            const label = getComputedStyle(td, '::before').content;
            return !headShown && !(label && label !== 'none' && label.length > 4);
        }).map(td => td.textContent.slice(0, 40))""")
        assert unlabelled == [], name
    page.goto(base + "rodiklis-ek-01.html")
    sizes = page.evaluate("[...document.querySelectorAll('.chart svg text')].map(t => parseFloat(getComputedStyle(t).fontSize))")
    assert sizes and min(sizes) >= 12 * 1.3  # A++ enlarges the chart's text too
    page.click("button[data-size='1']")
    normal = page.evaluate("[...document.querySelectorAll('.chart svg text')].map(t => t.getBoundingClientRect().height)")
    assert min(page.evaluate("[...document.querySelectorAll('.chart svg text')].map(t => parseFloat(getComputedStyle(t).fontSize))")) >= 12
    assert min(normal) >= 12  # drawn at that size: the picture is not scaled down to the phone's width
    context.close()


def test_the_status_of_an_indicator_reads_the_same_in_the_browser_on_its_page_and_in_the_progress_view(server,
                                                                                                        browser):
    base, _ = server
    page = browser.new_page()
    page.goto(base + "pazanga.html")
    rows = page.evaluate("""[...document.querySelectorAll('tr[data-status]')].map(r => [
        r.querySelector('.code').textContent, r.querySelector('.status').textContent.trim()])""")
    assert len(rows) > 20
    for code, status in rows[:12]:
        page.goto(base + f"rodiklis-{code.lower()}.html")
        assert page.inner_text(".standing .status").strip() == status, code
    page.close()


def test_the_progress_filters_work_with_and_without_scripts(server, browser):
    base, _ = server
    page = browser.new_page()
    page.goto(base + "pazanga.html")
    total = page.locator("tr[data-status]").count()
    page.select_option("#f-busena", "atsilieka")
    shown = page.evaluate("[...document.querySelectorAll('tr[data-status]')].filter(r => !r.hidden).length")
    assert 0 < shown < total
    assert page.inner_text("#f-rezultatas") == f"Rodoma rodiklių: {shown}."
    page.close()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "pazanga.html")
    assert page.is_hidden("#filtrai")
    page.click("text=atsilieka")
    assert page.url.endswith("pazanga-busena-atsilieka.html")
    assert page.locator("tr[data-status]").count() == shown
    assert set(page.evaluate("[...document.querySelectorAll('tr[data-status]')].map(r => r.dataset.status)")) == {
        "atsilieka"}
    context.close()


def _search(page, base: str, words: str) -> list[str]:
    import time

    page.goto(base + "paieska.html")
    page.fill("#paieskos-laukas", words)
    page.press("#paieskos-laukas", "Enter")
    for _ in range(200):
        state = page.inner_text("#paieskos-busena")
        if state and not state.startswith("Ieškoma"):
            break
        time.sleep(0.05)
    return page.evaluate("[...document.querySelectorAll('#paieskos-rezultatai a')].map(a => a.getAttribute('href'))")


def test_search_finds_an_indicator_by_a_word_of_its_name_and_a_measure_by_its_id(server, browser):
    base, _ = server
    context = browser.new_context()
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    found = _search(page, base, "inkubatoriuje")  # EK-11 "Verslo inkubatoriuje įrengtų darbo vietų skaičius"
    assert any(link.endswith("rodiklis-ek-11.html") for link in found), found
    found = _search(page, base, "EK-P01")
    assert "planas.html#priemone-1-1-1" in found, found
    found = _search(page, base, "2.1.2")
    assert "planas.html#priemone-2-1-2" in found, found
    assert [url for url in requests if not url.startswith(base)] == []  # offline: nothing from elsewhere
    context.close()


def test_print_hides_navigation_and_controls(server, browser):
    base, _ = server
    page = browser.new_page()
    page.goto(base + "pazanga.html")
    page.emulate_media(media="print")
    for selector in ("header.site nav", "#nustatymai", "nav.filters", "#filtrai"):
        assert page.is_hidden(selector), selector
    assert page.is_visible("main h1")
    page.close()


def test_pages_read_without_javascript_and_fit_a_phone(server, browser):
    base, _ = server
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    for name in PAGES:
        page.goto(base + name)
        assert page.is_hidden("#nustatymai")  # the switches need scripts; reading does not
        assert page.inner_text("main").strip()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), name
    context.close()


def test_the_skip_link_and_focus_are_visible(server, browser):
    base, _ = server
    page = browser.new_page()
    page.goto(base + "index.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#turinys"
    assert page.evaluate("document.activeElement.getBoundingClientRect().left >= 0")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#turinys"
    page.close()


def test_a_hostile_news_item_runs_no_script_and_loads_nothing_from_elsewhere(tmp_path, browser):
    from pipeline.content.plan import load_plan

    from .test_site import hostile_plan

    plan, problems = load_plan(hostile_plan(tmp_path))
    assert plan is not None, problems
    folder = tmp_path / "site"
    folder.mkdir()
    for name, data in pages(plan, None, dt.date(2021, 10, 1)).items():
        (folder / name).write_bytes(data)
    httpd, base = _serve(folder)
    context = browser.new_context()
    requests, messages, dialogs = [], [], []

    def only_here(route):
        requests.append(route.request.url)
        if route.request.url.startswith(base):
            route.continue_()
        else:
            route.abort()  # recorded: nothing may leave 127.0.0.1

    context.route("**/*", only_here)
    page = context.new_page()
    page.on("console", lambda message: messages.append(message.text))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        names = [n.name for n in folder.glob("naujiena-2021-09-16-*.html")] + ["naujienos.html", "index.html"]
        for name in names:
            page.goto(base + name)
            page.wait_for_load_state("networkidle")
            assert page.frames == [page.main_frame], name  # no <embed>, <iframe> or <object> made a frame
            assert page.evaluate("typeof window.hostile") == "undefined"
            assert page.is_visible("#nustatymai")  # the site's own script did run
    finally:
        context.close()
        httpd.shutdown()
    assert not [m for m in messages if "HOSTILE" in m] and not dialogs
    assert [url for url in requests if not url.startswith(base)] == []
    assert any("paveikslas-" in url for url in requests)  # the plan's own picture is shown
