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

from pipeline.outputs.site import pages

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
PAGES = ["index.html", "naujienos.html", "planas.html", "rodikliai.html", "rodiklis-ek-01.html", "dokumentai.html",
         "rengimas.html", "dalyvavimas.html"]


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
    for name, data in pages(plan_of("kaunas-2030"), built_plans["kaunas-2030"], dt.date(2021, 7, 1)).items():
        (folder / name).write_bytes(data)
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
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                                       target: v.nodes[0] && v.nodes[0].target.join(' ')}));
    }""")
    return [f"{v['id']} ({v['impact']}, {v['nodes']}: {v['target']})" for v in result
            if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("contrast", [False, True], ids=["įprastas", "didelis kontrastas"])
def test_no_serious_or_critical_accessibility_violations(server, browser, contrast):
    base, news = server
    context = browser.new_context(bypass_csp=True)  # axe is injected as an inline script, which the pages forbid
    page = context.new_page()
    found = {}
    for name in PAGES + news[:1]:
        page.goto(base + name)
        if contrast and not page.evaluate("document.documentElement.classList.contains('kontrastas')"):
            page.click("#kontrastas")
        violations = _violations(page)
        if violations:
            found[name] = violations
    context.close()
    assert found == {}


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
