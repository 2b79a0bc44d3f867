"""The public website, read by parsing its HTML: pages, links and anchors, news, feed, timeline, escaping."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline import lt
from pipeline.site import build_site, pages

from .conftest import CONTENT, SAMPLES, copy_plan, plan_of

DAY = dt.date(2021, 7, 1)


class Page(HTMLParser):
    """What a test needs of a page: its links, ids, language, images and text."""

    def __init__(self, html: str):
        super().__init__()
        self.links, self.ids, self.images, self.text, self.lang = [], set(), [], [], None
        self.scripts = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag == "img":
            self.images.append(attrs)
        if tag == "script" and "src" not in attrs:
            self.scripts += 1

    def handle_data(self, data):
        self.text.append(data)

    @property
    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())


@pytest.fixture(scope="module")
def sites(built_plans):
    """Every sample's site, built in memory beside its built documents, for a fixed day."""
    return {name: pages(plan_of(name), built_plans[name], DAY) for name in SAMPLES}


def parsed(files: dict[str, bytes]) -> dict[str, Page]:
    return {name: Page(data.decode("utf-8")) for name, data in files.items() if name.endswith(".html")}


@pytest.mark.parametrize("name", SAMPLES)
def test_every_link_and_anchor_leads_somewhere(sites, name):
    files = sites[name]
    html = parsed(files)
    for page_name, page in html.items():
        assert page.lang == "lt" and page.scripts == 0, page_name
        assert "turinys" in page.ids and page.links[0] == "#turinys"  # the skip link comes first
        for link in page.links:
            target, _, anchor = link.partition("#")
            if link.startswith(("http://", "https://", "mailto:")):
                continue
            target = target or page_name
            assert target in files, (page_name, link)
            if anchor and target.endswith(".html"):
                assert anchor in html[target].ids, (page_name, link)
        for image in page.images:
            assert image["src"] in files and image.get("alt"), (page_name, image)


@pytest.mark.parametrize("name", SAMPLES)
def test_the_plan_page_anchors_every_measure_with_its_facts(sites, name):
    page = parsed(sites[name])["planas.html"]
    from pipeline.views import goals_by_priority

    plan = plan_of(name)
    for priority in goals_by_priority(plan):
        assert f"prioritetas-{priority.number}" in page.ids
        for goal in priority.goals:
            assert f"tikslas-{goal.number}" in page.ids
            for measure in goal.measures:
                assert f"priemone-{measure.number.replace('.', '-')}" in page.ids
                assert f"{measure.number}. {measure.name}" in page.plain
                assert measure.executor in page.plain and measure.total_text.replace("\u00a0", " ") in page.plain.replace(
                    "\u00a0", " ")


@pytest.mark.parametrize("name", SAMPLES)
def test_news_come_from_dated_events_and_hand_written_items(sites, name):
    plan = plan_of(name)
    files = sites[name]
    listing = parsed(files)["naujienos.html"]
    items = [link for link in listing.links if link.startswith("naujiena-")]
    dated_orders = [o for o in plan.facts.orders if o.date is not None]
    expected = (len(dated_orders) + len(plan.news) + sum(1 for r in plan.reports.values() if r.decision.date)
                + sum(1 for d in (plan.decision.decision, plan.concept.decision) for when in (d.date, d.submitted)
                      if when))
    assert len(items) == expected and items
    dates = [re.search(r"naujiena-(\d{4}-\d{2}-\d{2})", link).group(1) for link in items]
    assert dates == sorted(dates, reverse=True)  # newest first
    for order in dated_orders:
        from pipeline.context import order_context
        from pipeline.views import order_file_names

        view = order_context(plan, order, order_file_names(plan)[order.key])["order"]
        page = next(iter(parsed({k: v for k, v in files.items()
                                 if k.startswith(f"naujiena-{order.date.isoformat()}")}).values()))
        n = len(view.groups)
        assert f"{lt.agreeing(n, ('sudaryta', 'sudarytos', 'sudaryta'))} {lt.count(n, 'darbo grupė')}" in page.plain
        assert lt.long_date(order.date).replace("\u00a0", " ") in page.plain.replace("\u00a0", " ")
        for group in view.groups:
            assert group.name.nominative in page.plain
    for item in plan.news:
        assert any(item.title in parsed({k: v})[k].plain for k, v in files.items() if k.startswith("naujiena-"))


def test_a_draft_going_to_the_council_is_news(sites):
    listing = parsed(sites["kaunas-2030"])["naujienos.html"]
    assert "Tarybai teikiamas Kauno miesto savivaldybės strateginis plėtros planas iki 2030 metų" in listing.plain
    page = next(Page(data.decode("utf-8")) for name, data in sites["kaunas-2030"].items()
                if name.startswith("naujiena-2022-05-10-"))
    assert ("2022 m. gegužės 10 d. Kauno miesto savivaldybės tarybai pateiktas sprendimo „Dėl Kauno miesto "
            "savivaldybės strateginio plėtros plano iki 2030 metų patvirtinimo“ projektas.") in page.plain.replace(
                "\u00a0", " ")


@pytest.mark.parametrize("name", SAMPLES)
def test_the_feed_is_atom_with_every_item(sites, name):
    feed = ElementTree.fromstring(sites[name]["atom.xml"])
    atom = "{http://www.w3.org/2005/Atom}"
    entries = feed.findall(atom + "entry")
    listing = parsed(sites[name])["naujienos.html"]
    assert len(entries) == len([link for link in listing.links if link.startswith("naujiena-")])
    for entry in entries:
        assert entry.find(atom + "id").text and entry.find(atom + "updated").text.endswith("T00:00:00Z")
        assert entry.find(atom + "link").get("href") in sites[name]
        assert "<p>" in entry.find(atom + "content").text  # HTML as escaped text, as type="html" wants


def test_the_timeline_shows_stages_and_today_as_picture_and_text(tmp_path):
    plan = plan_of("alytus-2030")
    stages = plan.facts.schedule.stages
    day = stages[1].start + dt.timedelta(days=3)
    page = pages(plan, None, day)["rengimas.html"].decode("utf-8")
    svg = re.search(r"<svg.*?</svg>", page, re.DOTALL).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert svg.count('class="stage baigtas"') == 1 and svg.count('class="stage vyksta"') == 1
    assert svg.count('class="stage numatomas"') == len(stages) - 2
    assert 'class="today"' in svg
    text = Page(page).plain
    for stage in stages:
        assert f"{stage.name}: {lt.long_date(stage.start)} – {lt.long_date(stage.end)}" in text
    assert f"Šiandien – {lt.long_date(day)}" in page
    after = pages(plan, None, plan.facts.schedule.end + dt.timedelta(days=30))["rengimas.html"].decode("utf-8")
    assert 'class="today"' not in after and after.count("stage baigtas") == len(stages)


def test_content_is_text_never_markup(tmp_path):
    root = copy_plan("kaunas-2030", tmp_path)
    news = root / "naujienos" / "2021-09-15-kvietimas.md"
    news.write_text(news.read_text(encoding="utf-8").replace(
        "pavadinimas: Kviečiame", "pavadinimas: <script>alert(1)</script> Kviečiame")
        + "\n<script>alert(2)</script>\n\n[nuoroda](javascript:alert(3)) [failas](../../../etc/passwd) "
          "![paveikslas](../../planas.yaml) [gerai](https://kaunas.lt)\n\n"
          "[a](https://kaunas.lt){onclick=\"alert(4)\"} [b]{onmouseover=\"alert(5)\"} `c`{onclick=\"alert(6)\"}\n\n"
          "## Antraštė {onclick=\"alert(7)\"}\n\n::: {onclick=\"alert(8)\"}\nx\n:::\n", encoding="utf-8")
    strategy = root / "strategija.yaml"
    strategy.write_text(strategy.read_text(encoding="utf-8").replace(
        "vizija: >-\n", "vizija: >-\n  <b onclick=\"x()\">Drąsu</b> & {{ 7*7 }}\n", 1), encoding="utf-8")
    from pipeline.content import load_plan

    plan, problems = load_plan(root)
    assert plan is not None, problems
    files = pages(plan, None, DAY)
    everything = b"".join(data for name, data in files.items() if name.endswith((".html", ".xml"))).decode("utf-8")
    assert "<script>alert" not in everything and "javascript:" not in everything
    assert not re.search(r"<[^>]+\son\w+=", everything)  # no attribute of the author's choosing: no handlers
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in everything
    assert "<b onclick" not in everything and "&lt;b onclick=" in everything and "{{ 7*7 }}" in everything
    assert "etc/passwd" not in everything and "planas.yaml" not in everything
    assert 'href="https://kaunas.lt"' in everything


def test_the_site_is_reproducible_written_whole_and_skipped_when_unchanged(tmp_path, built_plans, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1625097600")  # 2021-07-01
    out = tmp_path / "site"
    written, unchanged = build_site(CONTENT / "alytus-2030", out, built_plans["alytus-2030"])
    assert written and not unchanged
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert {"index.html", "naujienos.html", "planas.html", "atom.xml", "style.css", "plan.docx"} <= set(first)
    again, unchanged = build_site(CONTENT / "alytus-2030", out, built_plans["alytus-2030"])
    assert again == [] and unchanged
    other = tmp_path / "other"
    build_site(CONTENT / "alytus-2030", other, built_plans["alytus-2030"])
    assert {p.name: p.read_bytes() for p in other.iterdir()} == first
    (out / "naujiena-senas.html").write_text("x", encoding="utf-8")
    build_site(CONTENT / "alytus-2030", out, built_plans["alytus-2030"], force=True)
    assert (out / "naujiena-senas.html").read_text(encoding="utf-8") == "x"  # not the site's: kept


def test_a_page_no_longer_made_is_removed_and_nothing_else(tmp_path, built_plans):
    plan = copy_plan("alytus-2030", tmp_path)
    (plan / "naujienos").mkdir()
    (plan / "naujienos" / "senas.md").write_text("---\ndata: 2021-01-05\npavadinimas: Sena žinia\n---\nTekstas.\n",
                                                  encoding="utf-8")
    out = tmp_path / "site"
    build_site(plan, out, built_plans["alytus-2030"])
    page = out / "naujiena-2021-01-05-sena-zinia.html"
    assert page.is_file()
    (out / "mano.txt").write_text("ranka", encoding="utf-8")
    (plan / "naujienos" / "senas.md").unlink()
    build_site(plan, out, built_plans["alytus-2030"])
    assert not page.exists()
    assert (out / "mano.txt").read_text(encoding="utf-8") == "ranka"


def test_documents_are_listed_with_their_titles_and_dates(sites):
    page = parsed(sites["klaipeda-2030"])["dokumentai.html"]
    assert "decision.docx" in page.links and "plan.docx" in page.links
    plan = plan_of("klaipeda-2030")
    adopted = lt.long_date(plan.decision.decision.date).replace("\u00a0", " ")
    assert adopted in page.plain.replace("\u00a0", " ")
    assert "Tarybos sprendimas dėl" in page.plain or "sprendim" in page.plain


def test_participation_lists_the_proposals(sites):
    page = parsed(sites["kaunas-2030"])["dalyvavimas.html"]
    plan = plan_of("kaunas-2030")
    assert lt.long_date(plan.participation.until).replace("\u00a0", " ") in page.plain.replace("\u00a0", " ")
    for proposal in plan.participation.proposals:
        assert proposal.text in page.plain and proposal.decision in page.plain
    assert "nerenkama" in parsed(sites["alytus-2030"])["dalyvavimas.html"].plain


def test_indicator_pages_have_a_chart_and_the_same_data_as_a_table(sites):
    plan = plan_of("kaunas-2030")
    files = sites["kaunas-2030"]
    for ind in [i for g in plan.groups if g.goals for i in g.goals.indicators][:10]:
        name = f"rodiklis-{ind.code.lower()}"
        page = parsed({f"{name}.html": files[f"{name}.html"]})[f"{name}.html"]
        values = [(y, r.indicators[ind.code].value) for y, r in sorted(plan.reports.items())
                  if ind.code in r.indicators and r.indicators[ind.code].value is not None]
        if not values:
            assert f"{name}.svg" not in files
            continue
        assert files[f"{name}.svg"].startswith(b"<?xml") and b"<svg" in files[f"{name}.svg"]
        assert page.images[0]["src"] == f"{name}.svg" and str(values[-1][0]) in page.images[0]["alt"]
        for year, value in values:
            assert str(year) in page.plain and lt.number(value).replace("\u00a0", " ") in page.plain.replace("\u00a0", " ")


def test_the_command_line_builds_the_site(tmp_path):
    from .conftest import run_cli

    result = run_cli("site", "content/alytus-2030", "--out", str(tmp_path / "s"), "--documents", str(tmp_path / "none"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "s" / "index.html").is_file() and "svetainė parengta" in result.stdout
    again = run_cli("site", "content/alytus-2030", "--out", str(tmp_path / "s"), "--documents", str(tmp_path / "none"))
    assert "svetainė nepakeista" in again.stdout
    assert Path(tmp_path / "s" / "dokumentai.html").read_text(encoding="utf-8").count("Dokumentų dar nėra") == 1


def test_a_news_item_s_heading_is_checked_at_its_lines(tmp_path):
    from .conftest import run_cli

    root = copy_plan("alytus-2030", tmp_path)
    (root / "naujienos").mkdir()
    (root / "naujienos" / "a.md").write_text("Be antraštės\n", encoding="utf-8")
    (root / "naujienos" / "b.md").write_text("---\ndata: 2021-13-01\npavadinimas: X\n---\nTekstas\n", encoding="utf-8")
    (root / "naujienos" / "c.md").write_text("---\npavadinimas: Y\nkita: 1\n---\nT\n", encoding="utf-8")
    result = run_cli("check", str(root))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    news = root / "naujienos"
    assert f"{news / 'a.md'}:1: failo pradžioje turi būti antraštė tarp dviejų „---“ eilučių (data: MMMM-MM-DD, " \
           "pavadinimas: …)" in lines
    assert f"{news / 'b.md'}:2: tokios datos nėra: „2021-13-01“" in lines
    assert f"{news / 'c.md'}:2: trūksta privalomo lauko „data“" in lines
    assert f"{news / 'c.md'}:3: nežinomas laukas „kita“; galimi laukai: data, pavadinimas" in lines
