"""The public consultation's results on the site: the same proposals, opinions and totals as consultation.docx,
linked to the measures they changed, escaped, absent without konsultacija.yaml, accessible and searchable."""

from __future__ import annotations

import datetime as dt
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.commands.build import build
from pipeline.content.plan import load_plan
from pipeline.documents.consultation import contexts
from pipeline.documents.registry import CONTENT_FILES
from pipeline.outputs.site.pages import pages

from .conftest import CONTENT, build_day, copy_plan
from .test_snapshots import document_text

DAY = dt.date(2021, 7, 1)
PAGE = "konsultavimas.html"


class Table(HTMLParser):
    """The page's text, its links and ids, and the consultation table's rows as cell texts (hidden words left out)."""

    def __init__(self, html: str):
        super().__init__()
        self.rows: list[list[str]] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.items: list[str] = []
        self.text: list[str] = []
        self._cell: list[str] | None = None
        self._hidden = 0
        self._item: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self._cell = []
        if tag == "li":
            self._item = []
        if tag == "span" and "sr" in (attrs.get("class") or "").split() or self._hidden and tag == "span":
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag == "li" and self._item is not None:
            self.items.append(" ".join("".join(self._item).split()))
            self._item = None
        if tag == "span" and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        self.text.append(data)
        if self._item is not None:
            self._item.append(data)
        if self._cell is not None and not self._hidden:
            self._cell.append(data)

    @property
    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())


def site_of(root: Path, documents: Path | None = None) -> dict[str, bytes]:
    """Return the site of a plan folder read as the site command reads it: with the documents' own files."""
    plan, problems = load_plan(root, declared=CONTENT_FILES)
    assert plan is not None, problems
    return pages(plan, documents, DAY)


@pytest.fixture(scope="module")
def alytus(tmp_path_factory):
    """Alytus' draft plan built (its consultation.docx among the plan's documents) and its site beside it."""
    folder = tmp_path_factory.mktemp("alytus")
    root = copy_plan("alytus-2030", folder, ledger=False)
    with build_day():
        build(root, ["plan"], folder / "out")
    return root, folder / "out", site_of(root, folder / "out")


def docx_table(text: str) -> tuple[list[list[str]], list[str]]:
    """Return the annex's proposal rows (cells) and its lines after the table, from the document's text."""
    lines = text.splitlines()
    start, end = lines.index("[lentelė]"), lines.index("[/lentelė]")
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines[start + 2:end]]
    return rows, [line for line in lines[end + 1:] if line.strip() and not line.startswith("_")][:4]


def test_the_page_lists_the_same_proposals_opinions_and_totals_as_the_annex(alytus):
    _, out, files = alytus
    rows, after = docx_table(document_text(out / "consultation.docx"))
    page = Table(files[PAGE].decode("utf-8"))
    shown = page.rows[1:]  # the header row first
    assert len(rows) == len(shown) == 3
    for cells, row in zip(rows, shown):
        assert row[:5] == cells[:5]  # No., who and when, what, the opinion, the reasons
        assert row[5] == (cells[5] or "–")  # the measure changed; "–" on the site where the annex leaves it empty
    assert [r[3] for r in shown] == ["Pritarti", "Nepritarti", "Pritarti iš dalies"]
    assert after[0] == "Iš viso gauta: trys pasiūlymai." and after[0] in page.plain
    totals = [line.rstrip(";.") for line in after[1:4]]
    assert totals == ["Pritarti – vienas pasiūlymas", "Pritarti iš dalies – vienas pasiūlymas",
                      "Nepritarti – vienas pasiūlymas"]
    assert page.items[-3:] == totals


def test_the_totals_come_from_the_annex_s_own_computation(alytus):
    root, _, _ = alytus
    from pipeline.outputs.site.consultation import consultation

    plan, _ = load_plan(root, declared=CONTENT_FILES)
    shown = consultation(plan, ())
    annex = contexts(plan)["consultation.docx"]
    assert [p.row for p in shown.proposals] == annex["proposals"]
    assert list(shown.totals) == annex["totals"] and shown.total_text == annex["total_text"]
    assert all(p.link == "" for p in shown.proposals)  # no measures shown on the plan page: no links


def test_a_changed_measure_links_to_its_place_on_the_plan_page_and_every_link_resolves(alytus):
    _, _, files = alytus
    page = Table(files[PAGE].decode("utf-8"))
    plan_page = Table(files["planas.html"].decode("utf-8"))
    measure_links = [link for link in page.links if link.startswith("planas.html#")]
    assert measure_links == ["planas.html#priemone-1-1-1", "planas.html#priemone-1-1-2"]
    for link in measure_links:
        anchor = link.partition("#")[2]
        assert anchor in plan_page.ids
    assert "EK-P01" in files["planas.html"].decode("utf-8").split('id="priemone-1-1-1"')[1][:400]
    assert "EK-P02" in files["planas.html"].decode("utf-8").split('id="priemone-1-1-2"')[1][:400]
    for link in page.links:
        target = link.partition("#")[0]
        assert target == "" or target in files, link
    participation = Table(files["dalyvavimas.html"].decode("utf-8"))
    assert PAGE in participation.links  # reached from the participation page, which the menu links
    assert '<a href="dalyvavimas.html" aria-current="page">' in files[PAGE].decode("utf-8")
    assert b" data-pagefind-body" in files[PAGE]  # searched like the other pages


@pytest.mark.parametrize("name", ["kaunas-2030", "klaipeda-2030", "panevezys-2027"])
def test_a_plan_without_konsultacija_yaml_has_no_page_and_no_link(name):
    files = site_of(CONTENT / name)
    assert PAGE not in files
    assert not [n for n, data in files.items() if n.endswith(".html") and PAGE.encode() in data]


def test_content_in_the_table_is_text_never_markup(tmp_path):
    root = copy_plan("alytus-2030", tmp_path, ledger=False)
    table = root / "konsultacija.yaml"
    table.write_text(table.read_text(encoding="utf-8")
                     .replace("teikėjas: Gyventojas", 'teikėjas: "<script>alert(1)</script> Gyventojas"')
                     .replace("pasiūlymas: Įrengti baseiną kiekviename mikrorajone.",
                              "pasiūlymas: '<b onclick=\"x()\">Įrengti</b> {{ 7*7 }}'")
                     .replace("motyvai: Lėšų", "motyvai: <a href=javascript:alert(2)>Lėšų</a> &amp;"),
                     encoding="utf-8")
    html = site_of(root)[PAGE].decode("utf-8")
    assert "<script>alert" not in html and "<b onclick" not in html and "<a href=javascript" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Gyventojas" in html
    assert "&lt;b onclick=&#34;x()&#34;&gt;Įrengti&lt;/b&gt; {{ 7*7 }}" in html
    assert "&lt;a href=javascript:alert(2)&gt;Lėšų&lt;/a&gt; &amp;amp;" in html


def test_the_site_command_reads_the_consultation(tmp_path, monkeypatch):
    from pipeline.outputs.site.building import build_site

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1625097600")  # 2021-07-01
    written, _ = build_site(CONTENT / "alytus-2030", tmp_path / "site", None)
    assert tmp_path / "site" / PAGE in written
    assert "Iš viso gauta: trys pasiūlymai." in (tmp_path / "site" / PAGE).read_text(encoding="utf-8")


# The page in a real browser: axe-core in every mode, a phone's width at the largest font, search.
from .test_site_browser import MODES, _search, _serve, _violations, browser, missing  # noqa: E402, F401

in_browser = pytest.mark.skipif(bool(missing) and os.environ.get("CI") != "true",
                                reason="naršyklės testams trūksta: " + ", ".join(missing))


@pytest.fixture(scope="module")
def server(tmp_path_factory, alytus):
    """Serve Alytus' site, with its search index, over HTTP."""
    from pipeline.outputs.site.search import search_index

    folder = tmp_path_factory.mktemp("site")
    files = alytus[2]
    for name, data in files.items():
        (folder / name).write_bytes(data)
    for name, data in search_index(files).items():
        (folder / "pagefind" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "pagefind" / name).write_bytes(data)
    httpd, address = _serve(folder)
    yield address
    httpd.shutdown()


@in_browser
@pytest.mark.parametrize("mode", MODES)
def test_the_page_has_no_accessibility_violations_in_any_mode(server, browser, mode):
    context = browser.new_context(bypass_csp=True, **MODES[mode])  # axe is injected as an inline script
    page = context.new_page()
    found = {}
    for name in (PAGE, "dalyvavimas.html"):
        page.goto(server + name)
        if mode == "didelis kontrastas" and not page.evaluate(
                "document.documentElement.classList.contains('kontrastas')"):
            page.click("#kontrastas")
        if violations := _violations(page):
            found[name] = violations
    context.close()
    assert found == {}


@in_browser
def test_at_360_px_and_a_plus_plus_the_table_stacks_labelled_and_nothing_scrolls_sideways(server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(server + PAGE)
    page.click("button[data-size='3']")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert page.is_visible("table.consultation caption")
    labels = page.evaluate("""[...document.querySelectorAll('main td')].map(td =>
        getComputedStyle(td, '::before').content)""")
    assert len(labels) == 15 and all(label.startswith('"') and len(label) > 4 for label in labels), labels
    context.close()


@in_browser
def test_search_finds_a_proposal_on_the_page(server, browser):
    context = browser.new_context()
    page = context.new_page()
    found = _search(page, server, "baseiną")
    assert any(link.removeprefix("./").startswith(PAGE) for link in found), found
    context.close()
