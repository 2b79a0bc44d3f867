"""The public website, read by parsing its HTML: pages, links and anchors, news, feed, timeline, escaping."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.core import lt
from pipeline.outputs.site.building import build_site
from pipeline.outputs.site.pages import pages
from pipeline.outputs.site.search import folder_digest

from .conftest import CONTENT, SAMPLES, copy_plan, in_force_plan_of, plan_of

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
    from pipeline.content.views import goals_by_priority

    plan = in_force_plan_of(name, DAY)  # the site shows the text in force on its day
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
        from pipeline.documents.context import order_context
        from pipeline.content.views import order_file_names

        view = order_context(plan, order, order_file_names(plan)[order.key])["order"]
        page = next(iter(parsed({k: v for k, v in files.items()
                                 if k.startswith(f"naujiena-{order.date.isoformat()}")}).values()))
        n = len(view.groups)
        assert f"{lt.agreeing(n, ('sudaryta', 'sudarytos', 'sudaryta'))} {n} {lt.noun_form(n, 'darbo grupė')}" in page.plain
        assert lt.long_date(order.date).replace("\u00a0", " ") in page.plain.replace("\u00a0", " ")
        for group in view.groups:
            assert group.name.nominative in page.plain
    for item in plan.news:
        assert any(item.title in parsed({k: v})[k].plain for k, v in files.items() if k.startswith("naujiena-"))


@pytest.mark.parametrize("name", SAMPLES)
def test_news_say_counts_in_digits_once_dated_with_single_full_stops(sites, name):
    files = sites[name]
    listing = parsed(files)["naujienos.html"]
    for item in re.findall(r"<article>.*?</article>", files["naujienos.html"].decode("utf-8"), re.S):
        lead = Page(item.split("</p>", 1)[1]).plain
        assert not re.search(r"\d{4} m\. \w+ \d+ d\.", lead), lead  # the date is said once, above the lead
    for page in [p for n, p in parsed(files).items() if n.startswith("naujiena-")] + [listing]:
        assert ".." not in page.plain.replace("…", ""), page.plain
        assert not re.search(r"\b(viena|dvi|trys|keturios|penkios|šešios|septynios|aštuonios|devynios|dešimt)\b "
                             r"(darbo grup|priemon)", page.plain), page.plain


def test_a_yearly_report_item_says_what_changed_and_links_the_report_and_indicators(tmp_path, built_plans):
    root = copy_plan("kaunas-2030", tmp_path, ledger=False)
    report = root / "stebesena" / "2024.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace(
        "  taryba: tvirtina\n", "  taryba: tvirtina\n  numeris: T-300\n  data: 2025-06-19\n"), encoding="utf-8")
    from pipeline.content.plan import load_plan

    plan, problems = load_plan(root)
    assert plan is not None, problems
    files = pages(plan, None, dt.date(2025, 7, 1))
    name = next(n for n in files if n.startswith("naujiena-2025-06-19-"))
    page = parsed({name: files[name]})[name]
    assert "Palyginti su 2023 metais, rodiklių:" in page.plain
    assert re.search(r"atsilieka – \d+ \(buvo \d+\)", page.plain), page.plain
    assert {"pazanga.html", "rodikliai.html", "dokumentai.html"} <= set(page.links)


def test_a_past_deadline_is_in_the_past_tense_and_an_e_mail_is_a_link(sites):
    page = parsed(sites["kaunas-2030"])["dalyvavimas.html"]  # its deadline: 2021-10-31; the day: 2021-07-01
    assert "Pasiūlymai priimami iki" in page.plain
    later = pages(plan_of("kaunas-2030"), None, dt.date(2025, 1, 1))
    after = parsed(later)["dalyvavimas.html"]
    assert "Pasiūlymai buvo priimami iki 2021 m. spalio 31 d. ; šis etapas baigėsi." in after.plain.replace("\u00a0", " ")
    assert "Pasiūlymai priimami" not in after.plain
    assert "mailto:planas@kaunas.lt" in after.links


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
    from pipeline.content.plan import load_plan

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
    first = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert {"index.html", "naujienos.html", "planas.html", "atom.xml", "style.css", "plan.docx"} <= set(first)
    assert (out / "pagefind" / "pagefind.js").is_file()  # the search index, beside the pages
    again, unchanged = build_site(CONTENT / "alytus-2030", out, built_plans["alytus-2030"])
    assert again == [] and unchanged
    other = tmp_path / "other"
    build_site(CONTENT / "alytus-2030", other, built_plans["alytus-2030"])
    assert {p.name: p.read_bytes() for p in other.iterdir() if p.is_file()} == first
    assert folder_digest(other / "pagefind") == folder_digest(out / "pagefind")
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]  # record and lock are not published
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [
        ".other.inputs.json", ".other.lock", ".site.inputs.json", ".site.lock"]
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


def test_documents_are_listed_by_act_once_each_word_and_pdf_in_one_row(sites, built_plans):
    files = sites["klaipeda-2030"]
    html = files["dokumentai.html"].decode("utf-8")
    page = parsed(files)["dokumentai.html"]
    adopted = "Plano patvirtinimas: tarybos 2021 m. kovo 25 d. sprendimas Nr. T2-57"
    assert adopted in visible(files["dokumentai.html"])
    published = [link for link in page.links if link.endswith((".docx", ".pdf"))]
    assert len(published) == len(set(published))
    digests = [hashlib.sha256(files[name]).digest() for name in published]
    assert len(digests) == len(set(digests))  # the adopted edition's files once, from the ledger
    assert "redakcija-2021-03-25-t2-57-planas-plan.docx" in published and "plan.docx" not in published
    for row in re.findall(r"<tr><th scope=\"row\">.*?</tr>", html, re.S):
        words = [w for w in re.findall(r">(Word|PDF)<", row)]
        assert words in (["Word"], ["Word", "PDF"], ["PDF"]), row  # one row per document
        assert re.search(r"\(\d+(,\d)?\u00a0(KB|MB)\)", row), row
    assert not re.search(r"\d \d{3}\u00a0KB", html)  # a megabyte is said in MB
    titles = re.findall(r'<th scope="row">([^<]+)</th>', html)
    assert "Klaipėdos miesto savivaldybės strateginis plėtros planas 2021–2030 m." in " ".join(titles) or titles
    assert not [t for t in titles if t.endswith((".docx", ".pdf"))]


def test_sizes_are_said_in_kb_and_mb_with_a_decimal_comma():
    from pipeline.outputs.site.listing import size_text

    assert size_text(48 * 1024) == "48\u00a0KB"
    assert size_text(300) == "1\u00a0KB"
    assert size_text(1480 * 1024) == "1,4\u00a0MB"


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
    charted = 0
    for ind in [i for g in plan.groups if g.goals for i in g.goals.indicators]:
        name = f"rodiklis-{ind.code.lower()}.html"
        html = files[name].decode("utf-8")
        page = parsed({name: files[name]})[name]
        values = [(y, r.indicators[ind.code].value) for y, r in sorted(plan.reports.items())
                  if ind.code in r.indicators and r.indicators[ind.code].value is not None]
        assert not [n for n in files if n.endswith(".svg") or n.endswith(".png")]  # charts are inline
        if not values:
            assert "<svg" not in html
            continue
        charted += 1
        svg = html[html.index("<svg"):html.rindex("</svg>")]
        assert 'role="img"' in svg and "viewBox" not in svg  # per cent of its box: no scaling of its text
        assert 'class="planned"' in svg  # the planned path
        ticks = re.findall(r'class="axis">(\d{4})</text>', svg)
        for year in {ind.baseline_year, plan.facts.plan.end, *(y for y, _ in values)} | (
                {ind.intermediate_year} if ind.intermediate_year else set()):
            assert str(year) in ticks, (ind.code, year)  # every target year ticked
        for year, value in values:
            assert str(year) in page.plain and lt.number(value).replace("\u00a0", " ") in page.plain.replace("\u00a0", " ")
        assert "rodikliu-reiksmes.csv" in page.links
    assert charted > 10


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


# ---------------------------------------------------------------- hostile content

# A news item written to run a script and load from elsewhere: pandoc writes `![](data:text/html;…)` as an
# <embed> whose page runs its script in a frame, a picture by its address as <video>, <audio> or <embed>.
SCRIPT = ('<script>console.log("HOSTILE");window.hostile=1;fetch("https://example.com/fetch");'
          'new Image().src="https://example.com/beacon.png"</script><img src="https://example.com/img.png">')
HOSTILE = f"""---
data: 2021-09-16
pavadinimas: Piktybinė naujiena
---
Įžanga be pavojaus.

![](data:text/html;base64,{__import__("base64").b64encode(SCRIPT.encode()).decode()})

![vaizdo įrašas](https://example.com/v.mp4) ![garsas](https://example.com/a.mp3) ![](https://example.com/p.png)
![dokumentas](https://example.com/d.pdf) ![svg](data:image/svg+xml;base64,PHN2Zy8+) ![vietinis](v.webm)

[spustelėkite](javascript:console.log("HOSTILE")) [j](java&#115;cript:console.log("HOSTILE"))
[duomenys](data:text/html,<script>console.log("HOSTILE")</script>) [vbs](vbscript:x) [failas](file:///etc/passwd)

<script>console.log("HOSTILE")</script> <iframe src="https://example.com/"></iframe>
<style>body{{display:none}}</style> <img src=x onerror=console.log("HOSTILE")>

![Miesto schema](schema.png) ![Už plano](../../schema.png) ![Ne paveikslas](../planas.yaml) ![Nėra](nera.png)
![Ta pati schema](../naujienos/./schema.png)

[Planas](planas.html#prioritetas-1) [Savivaldybė](https://www.kaunas.lt/) [Laiškas](mailto:info@kaunas.lt)
"""
ACTIVE_TAGS = {"script", "style", "embed", "iframe", "object", "video", "audio", "source", "track", "form", "input",
               "frame", "frameset", "svg", "math", "base", "link", "meta"}


class Elements(HTMLParser):
    """Every element of a page with its attributes, in order."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def tree(folder: Path) -> dict[str, bytes]:
    """Return every file under a folder (hidden ones too) by its relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def hostile_plan(tmp_path: Path, name: str = "kaunas-2030") -> Path:
    """A copy of a sample plan with the hostile news item and a picture of its own beside it."""
    from .conftest import png

    root = copy_plan(name, tmp_path / "plans")
    (root / "naujienos").mkdir(exist_ok=True)
    (root / "naujienos" / "2021-09-16-piktybine.md").write_text(HOSTILE, encoding="utf-8")
    (root / "naujienos" / "schema.png").write_bytes(png(30, 20))
    (tmp_path / "plans" / "schema.png").write_bytes(png(10, 10))  # outside the plan folder
    return root


def test_a_news_item_reaches_the_site_without_active_content(tmp_path):
    from .conftest import png, run_cli

    root = hostile_plan(tmp_path, "alytus-2030")
    before = tree(tmp_path / "plans")
    result = run_cli("site", str(root), "--out", str(tmp_path / "svetaine"), "--documents", str(tmp_path / "nera"))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert tree(tmp_path / "plans") == before
    site = tmp_path / "svetaine"
    page = next(site.glob("naujiena-2021-09-16-*.html")).read_text(encoding="utf-8")
    article = page.split("<article>")[1].split("</article>")[0]
    elements = Elements(article).found
    assert not {tag for tag, _ in elements} & ACTIVE_TAGS, elements
    assert [a for tag, a in Elements(page).found if tag == "script"] == [{"src": "nustatymai.js", "defer": None}]
    for tag, attrs in elements:
        assert not [name for name in attrs if name.startswith("on") or name == "style"], (tag, attrs)
        for name in ("href", "src"):
            assert not (attrs.get(name) or "").lower().startswith(("javascript:", "data:", "vbscript:", "file:")), attrs
    links = [a["href"] for tag, a in elements if tag == "a" and "href" in a]
    assert {"planas.html#prioritetas-1", "https://www.kaunas.lt/", "mailto:info@kaunas.lt"} <= set(links)
    assert not [link for link in links if "example.com" in link or "passwd" in link]
    assert not [a for tag, a in elements if tag == "a" and "href" not in a]  # a link elsewhere is its text
    pictures = [a for tag, a in elements if tag == "img"]
    assert [a["alt"] for a in pictures] == ["Miesto schema", "Ta pati schema"]
    copied = {a["src"] for a in pictures}
    assert len(copied) == 1 and re.fullmatch(r"paveikslas-[0-9a-f]{16}\.png", min(copied))
    assert (site / min(copied)).read_bytes() == png(30, 20)  # the plan's own picture, copied beside the page
    for text in ("vaizdo įrašas", "garsas", "dokumentas", "svg", "vietinis", "Už plano", "Ne paveikslas", "Nėra",
                 "spustelėkite", "duomenys", "failas"):
        assert text in Page(article).plain  # what is no picture of the plan, no link allowed, stays as text
    assert not list(site.glob("*.yaml")) and not [p for p in site.iterdir() if p.is_file()
                                                  and p.read_bytes() == png(10, 10)]



def test_the_allow_list_cleans_whatever_pandoc_writes(monkeypatch, tmp_path):
    import pipeline.outputs.site.news as news
    from .conftest import png

    written = (
        '<p><embed src="data:text/html;base64,PHNjcmlwdD4="><video src="v.mp4"><a href="v.mp4">Video</a></video>'
        '<audio src="a.mp3"></audio><object data="x.swf"></object><iframe src="https://example.com/"></iframe>'
        '<script>alert(1)</script><style>p{}</style><form action="https://example.com/"><input name="x"></form>'
        '<a href="javascript:alert(1)">j</a><a href=" JaVaScRiPt:alert(1)">k</a><a href="//example.com/">l</a>'
        '<a href="data:text/html,x">d</a><img src="https://example.com/p.png" alt="r"><img src="//example.com/q.png">'
        '<img src="naujienos/schema.png" alt="s" onerror="alert(1)" style="x"><p style="color:red" onclick="x()">t</p>'
        '<svg><script>alert(1)</script></svg><math><mi>x</mi></math><base href="https://example.com/">'
        '<meta http-equiv="refresh" content="0;https://example.com/"><link rel="stylesheet" href="https://x/">'
        '<h2 id="turinys" class="skip">h</h2><a href="planas.html#tikslas-1">p</a><a href="mailto:a@b.lt">m</a></p>')
    monkeypatch.setattr(news, "_pandoc", lambda text, source, environment: written)
    picture = news.Picture("paveikslas-0123456789abcdef.png", png())
    html = news.to_html("", tmp_path / "naujienos" / "a.md", tmp_path, {"naujienos/schema.png": picture})
    found = Elements(str(html.body)).found
    assert not {tag for tag, _ in found} & ACTIVE_TAGS
    assert [(tag, a) for tag, a in found if tag in ("a", "img", "h2")] == [
        *[("a", {"rel": "noopener noreferrer"})] * 4, ("img", {"alt": "r"}), ("img", {}),
        ("img", {"src": "paveikslas-0123456789abcdef.png", "alt": "s"}), ("h2", {}),
        ("a", {"href": "planas.html#tikslas-1", "rel": "noopener noreferrer"}),
        ("a", {"href": "mailto:a@b.lt", "rel": "noopener noreferrer"})]
    assert html.pictures == {picture.name: picture.data}
    assert "alert" not in str(html.body) and "Video" not in str(html.body)

def test_every_page_carries_a_policy_that_runs_only_the_site_s_script(sites):
    for name in SAMPLES:
        for page_name, data in sites[name].items():
            if not page_name.endswith(".html"):
                continue
            elements = Elements(data.decode("utf-8")).found
            policies = [a["content"] for tag, a in elements
                        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy"]
            assert len(policies) == 1, (name, page_name)
            tags = [tag for tag, _ in elements]
            assert tags[:4] == ["html", "head", "meta", "meta"] and elements[3][1].get("http-equiv") == (
                "Content-Security-Policy")  # before anything the page loads
            directives = {d.split()[0]: d.split()[1:] for d in policies[0].split(";") if d.strip()}
            search = page_name == "paieska.html"  # Pagefind's index is read (connect) and its WebAssembly run
            assert directives["default-src"] == ["'self'"] and directives["script-src"] == (
                ["'self'", "'wasm-unsafe-eval'"] if search else ["'self'"])
            assert directives["connect-src"] == (["'self'"] if search else ["'none'"])
            for kind in ("object-src", "frame-src", "base-uri", "form-action"):
                assert directives[kind] == ["'none'"], (page_name, kind)
            assert not any("unsafe" in " ".join(v).replace("'wasm-unsafe-eval'", "") or "http" in " ".join(v)
                           for v in directives.values())
            assert [a for tag, a in elements if tag == "script"] == [{"src": "nustatymai.js", "defer": None}] + (
                [{"src": "paieska.js", "defer": None}] if search else [])
            assert not [tag for tag, a in elements if tag == "style" or "style" in a
                        or any(k.startswith("on") for k in a)], page_name


# ---------------------------------------------------------------- only the site's own files are removed


def test_the_site_is_never_written_into_the_plan_folder(tmp_path):
    from .conftest import run_cli

    root = copy_plan("alytus-2030", tmp_path)
    before = tree(tmp_path)
    for out, shown in ((root, root), (root / "svetaine", root / "svetaine"), (root / "grupes", root / "grupes")):
        result = run_cli("site", str(root), "--out", str(out), "--documents", str(tmp_path / "nera"))
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr.splitlines() == [
            f"klaida: svetainės aplankas {shown} yra plano aplanke {root}: ten svetainė nerašoma; nieko neįrašyta "
            "ir neištrinta, nurodykite kitą aplanką (--out)"]
        assert tree(tmp_path) == before  # planas.yaml and every other file as they were, no lock, no folder


def test_a_folder_holding_files_the_site_never_made_is_refused(tmp_path):
    from .conftest import run_cli

    own = tmp_path / "dokumentai"
    own.mkdir()
    (own / "ataskaita.docx").write_bytes(b"official's own")
    (own / "pastabos.txt").write_text("mano", encoding="utf-8")
    before = tree(tmp_path)
    result = run_cli("site", "content/alytus-2030", "--out", str(own), "--documents", str(tmp_path / "nera"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"klaida: aplanke {own} yra failų, kurių svetainė nekūrė (pvz., „ataskaita.docx“): "
        "nieko neįrašyta ir neištrinta; nurodykite tuščią arba naują aplanką (--out)"]
    assert tree(tmp_path) == before
    documents = run_cli("site", "content/alytus-2030", "--out", str(tmp_path / "build"), "--documents",
                        str(tmp_path / "build"))
    assert documents.returncode == 1 and documents.stderr.startswith(
        f"klaida: svetainės aplankas {tmp_path / 'build'} yra dokumentų aplankas")
    assert tree(tmp_path) == before


def test_only_pages_the_site_made_are_removed_when_no_longer_made(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1625097600")
    root = hostile_plan(tmp_path, "alytus-2030")
    out = tmp_path / "build" / "site"
    build_site(root, out, None)
    news = next(out.glob("naujiena-2021-09-16-*.html")).name
    (out / "mano.html").write_text("rankomis", encoding="utf-8")  # an official's file put among the pages
    (root / "naujienos" / "2021-09-16-piktybine.md").unlink()
    written, unchanged = build_site(root, out, None)
    assert written and not unchanged
    assert not (out / news).exists() and not list(out.glob("paveikslas-*"))  # the item and its picture are gone
    assert (out / "mano.html").read_text(encoding="utf-8") == "rankomis"



def test_a_site_folder_of_the_earlier_version_is_taken_over(tmp_path):
    """A folder that kept the record inside is the site's: its pages are replaced, its own files kept."""
    out = tmp_path / "site"
    out.mkdir()
    (out / ".inputs-site.json").write_text('{"digest": "x"}', encoding="utf-8")
    (out / ".lock").write_bytes(b"")
    (out / "naujiena-2020-01-01-sena.html").write_text("sena", encoding="utf-8")
    (out / "pastabos.txt").write_text("mano", encoding="utf-8")
    written, unchanged = build_site(CONTENT / "alytus-2030", out, None)
    assert written and not unchanged
    assert sorted(p.name for p in out.iterdir() if not p.name.endswith((".html", ".csv", ".json", ".css", ".js",
                                                                         ".xml"))) == ["pagefind", "pastabos.txt"]
    assert not (out / "naujiena-2020-01-01-sena.html").exists()

def test_a_killed_site_build_leaves_no_stale_page_marked_unchanged(tmp_path, monkeypatch):
    import pipeline.core.write

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1625097600")
    root = hostile_plan(tmp_path, "alytus-2030")
    out = tmp_path / "build" / "site"
    build_site(root, out, None)
    news = next(out.glob("naujiena-2021-09-16-*.html")).name
    (root / "naujienos" / "2021-09-16-piktybine.md").unlink()
    real = pipeline.core.write.write_atomically

    def killed_after_the_pages(folder, files):
        written = real(folder, files)
        if "index.html" in files:
            raise KeyboardInterrupt  # as a kill between writing the pages and finishing
        return written

    monkeypatch.setattr(pipeline.core.write, "write_atomically", killed_after_the_pages)
    with pytest.raises(KeyboardInterrupt):
        build_site(root, out, None)
    monkeypatch.setattr(pipeline.core.write, "write_atomically", real)
    written, unchanged = build_site(root, out, None)
    assert not unchanged and written
    assert not (out / news).exists()
    assert "Piktybinė naujiena" not in (out / "naujienos.html").read_text(encoding="utf-8")
    assert build_site(root, out, None) == ([], True)


# ---------------------------------------------------------------- nothing lost


def test_news_and_indicators_whose_names_make_one_page_get_a_page_each(tmp_path):
    root = copy_plan("kaunas-2030", tmp_path, ledger=False)
    for title, name in (("Susitikimas su gyventojais!", "a"), ("Susitikimas su gyventojais?", "b"),
                        ("Susitikimas su gyventojais-2", "c")):
        (root / "naujienos" / f"2021-10-01-{name}.md").write_text(
            f"---\ndata: 2021-10-01\npavadinimas: {title}\n---\nTekstas {name}.\n", encoding="utf-8")
    for path in [root / "grupes" / "01" / "tikslai.yaml", *sorted((root / "stebesena").glob("*.yaml"))]:
        path.write_text(re.sub(r"\bEK-02\b", "ek-01", path.read_text(encoding="utf-8")), encoding="utf-8")
    from .conftest import run_cli

    before = tree(tmp_path)
    out = tmp_path / "out" / "site"
    result = run_cli("site", str(root), "--out", str(out), "--documents", str(tmp_path / "nera"))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert result.stdout.startswith(f"{root}: svetainė parengta (")
    assert tree(tmp_path / root.name) == {k[len(root.name) + 1:]: v for k, v in before.items()}
    files = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    news = {n: Page(files[n].decode("utf-8")).plain for n in files if n.startswith("naujiena-2021-10-01-")}
    base = "naujiena-2021-10-01-susitikimas-su-gyventojais"
    assert sorted(news) == [f"{base}-2.html", f"{base}-3.html", f"{base}.html"]
    assert "Tekstas b." in news[f"{base}.html"] and "Tekstas c." in news[f"{base}-2.html"]  # its own name
    assert "Tekstas a." in news[f"{base}-3.html"]  # a suffix that takes no other item's own name
    listing = parsed(files)["naujienos.html"]
    assert set(news) <= set(listing.links)
    codes = {re.search(r'<span class="code">([^<]*)</span>', files[n].decode("utf-8")).group(1)
             for n in ("rodiklis-ek-01.html", "rodiklis-ek-01-2.html")}
    assert codes == {"EK-01", "ek-01"}
    index = parsed(files)["rodikliai.html"]
    assert {"rodiklis-ek-01.html", "rodiklis-ek-01-2.html"} <= set(index.links)


# ---------------------------------------------------------------- content is never read as a formula


def test_a_dollar_in_content_is_drawn_as_written_not_read_as_math(tmp_path):
    from .conftest import run_cli

    root = copy_plan("alytus-2030", tmp_path / "plans")
    goals = root / "grupes" / "03" / "tikslai.yaml"
    text = goals.read_text(encoding="utf-8")
    goals.write_text(text.replace("    matas: ", "    matas: '$\\foo{x$ ' # ", 1), encoding="utf-8")
    before = tree(tmp_path / "plans")
    result = run_cli("site", str(root), "--out", str(tmp_path / "svetaine"), "--documents", str(tmp_path / "nera"))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "vidinė programos klaida" not in result.stderr
    charts = [p.read_text(encoding="utf-8") for p in (tmp_path / "svetaine").glob("rodiklis-*.html")
              if "<svg" in p.read_text(encoding="utf-8")]
    assert [c for c in charts if "$\\foo{x$" in c.split("<svg")[1]]  # the unit, as written, in the chart's title
    assert tree(tmp_path / "plans") == before


def test_the_report_charts_draw_a_dollar_as_written():
    from pipeline.life.charts import Bar, bars

    picture = bars([Bar("$\\foo{x$", (1.0, 2.0), "$\\bar{"), Bar("E-02", (3.0, 1.0))], ("$\\a{", "$b$"),
                   "$\\frac{", reference=2.0, reference_label="$\\x{")
    assert picture.startswith(b"\x89PNG")


# ---------------------------------------------------------------- editions in time


def visible(page: bytes) -> str:
    """Return a page's text as a reader sees it: tags dropped, spaces plain."""
    import html

    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.decode("utf-8"))).replace("\u00a0", " ").split())


def test_the_site_shows_the_edition_in_force_and_marks_the_draft_amendment(sites):
    files = sites["klaipeda-2030"]  # its ledger holds the 2021 edition; pakeitimas.yaml is a draft
    plan_page = visible(files["planas.html"])
    assert "139 330 000,00 Eur" in plan_page and "133 330 000,00 Eur" not in plan_page  # the adopted total
    for name, data in files.items():
        if name.endswith(".html"):
            assert ('Projektas. Rengiamas plano pakeitimas – projektas, dar nepriimtas. Puslapiuose – galiojanti '
                    'plano redakcija (Plano patvirtinimas: tarybos 2021 m. kovo 25 d. sprendimas Nr. T2-57)') \
                in visible(data), name
    documents = visible(files["dokumentai.html"])
    assert "Plano patvirtinimas: tarybos 2021 m. kovo 25 d. sprendimas Nr. T2-57 – galiojanti redakcija" in documents
    recorded = CONTENT / "klaipeda-2030" / "redakcijos" / "2021-03-25-t2-57-planas" / "dokumentai"
    for path in recorded.iterdir():
        assert files[f"redakcija-2021-03-25-t2-57-planas-{path.name}"] == path.read_bytes()


def test_editions_are_listed_newest_first_and_an_adopted_plan_shows_no_banner(sites, built_plans):
    kaunas = pages(plan_of("kaunas-2030"), built_plans["kaunas-2030"], dt.date(2025, 1, 1))
    documents = visible(kaunas["dokumentai.html"])
    report = documents.index("2023 metų įgyvendinimo ataskaita: tarybos 2024 m. birželio 12 d. sprendimas Nr. T-223")
    plan = documents.index("Plano patvirtinimas: tarybos 2022 m. gegužės 24 d. sprendimas Nr. T-250 – galiojanti "
                           "redakcija")
    assert report < plan
    assert "Projektas." not in visible(kaunas["index.html"])
    assert "Planas dar rengiamas: puslapiuose – plano projektas." in visible(sites["alytus-2030"]["index.html"])


def test_a_pdf_of_an_earlier_text_is_not_published_beside_its_document(tmp_path, built_plans):
    import shutil

    from pipeline.core import records
    from pipeline.outputs.pdf import RECORD

    folder = tmp_path / "docs"
    shutil.copytree(built_plans["alytus-2030"], folder)
    (folder / "plan.pdf").write_bytes(b"%PDF-1.4 earlier text")
    (folder / "decision.pdf").write_bytes(b"%PDF-1.4 of this text")
    made_from = {"plan.docx": "0" * 64, "decision.docx": records.sha256((folder / "decision.docx").read_bytes())}
    records.write(folder, RECORD, records.Record(inputs=made_from))
    files = pages(plan_of("alytus-2030"), folder, DAY)
    assert "decision.pdf" in files and "plan.pdf" not in files
    assert "plan.pdf" not in files["dokumentai.html"].decode("utf-8")


# ---------------------------------------------------------------- progress: one status everywhere, open data


def _cells(html: str, selector_class: str = "") -> list[list[str]]:
    rows = re.findall(r"<tr[^>]*data-status[^>]*>(.*?)</tr>", html, re.S)
    return [[" ".join(re.sub(r"<[^>]+>", " ", c).replace("\u00a0", " ").split())
             for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows]


@pytest.mark.parametrize("name", ["kaunas-2030", "klaipeda-2030"])
def test_each_indicator_s_status_is_the_report_s_on_every_page_and_in_the_home_counts(name, built_plans):
    from pipeline.life import annual

    day = dt.date(2025, 7, 1)
    plan = in_force_plan_of(name, day)
    files = pages(plan_of(name), built_plans[name], day)
    year = max(plan.reports)
    report = annual.year_report(in_force_plan_of(name, dt.date(year, 12, 31)), year)  # what the report measures
    expected = {row.code: row.status for p in report["priorities"] for row in p.indicators}
    progress_rows = _cells(files["pazanga.html"].decode("utf-8"))
    assert progress_rows
    seen = {}
    for cells in progress_rows:
        code = cells[0].split()[0]
        status = cells[5].split(" ", 1)[1]  # after its symbol
        seen.setdefault(code, set()).add(status)
    assert {c: s.pop() for c, s in seen.items() if len(s) == 1} == {c: expected[c] for c in seen}
    for code, status in expected.items():
        page = visible(files[f"rodiklis-{code.lower()}.html"])
        assert f"Būklė {year} m.: " in page and re.search(rf"Būklė {year} m\.: \S+ {re.escape(status)} \.", page), code
        listing = visible(files["rodikliai.html"])
        row = re.search(rf"{re.escape(code)} .*?(pasiektas|pagal planą|atsilieka|duomenų nėra)", listing)
        assert row and row.group(1) == status, code
    counts = dict(re.findall(r"(pasiekti|vykdomi pagal planą|atsilieka|duomenų nėra) – (\d+)",
                             report["indicator_counts"]))
    home = visible(files["index.html"])
    for status, word in (("pasiektas", "pasiekti"), ("pagal planą", "vykdomi pagal planą"),
                         ("atsilieka", "atsilieka"), ("duomenų nėra", "duomenų nėra")):
        assert re.search(rf"\S {re.escape(status)} {counts[word]}\b", home), (status, counts[word])


def test_a_value_of_an_earlier_year_is_shown_as_such_never_as_the_year_s_status(built_plans):
    files = pages(plan_of("kaunas-2030"), built_plans["kaunas-2030"], dt.date(2025, 7, 1))
    listing = visible(files["rodikliai.html"])
    assert "16 (2023 m.), pagal planą" not in listing and "(2023 m.), pagal" not in listing
    ek11 = re.search(r"EK-11 .*?(pasiektas|pagal planą|atsilieka|duomenų nėra)", listing)
    assert ek11.group(1) == "duomenų nėra" and "ankstesnių metų reikšmė: 16 (2023 m.)" in ek11.group(0)
    page = visible(files["rodiklis-ek-11.html"])
    assert "Būklė 2024 m.: ? duomenų nėra ." in page and "Pastaba: Duomenys bus paskelbti vėliau" in page


def test_csv_and_json_parse_and_hold_every_indicator_and_measure(built_plans):
    import csv
    import io
    import json

    plan = in_force_plan_of("kaunas-2030", dt.date(2025, 7, 1))
    files = pages(plan_of("kaunas-2030"), built_plans["kaunas-2030"], dt.date(2025, 7, 1))
    codes = [i.code for g in plan.groups if g.goals for i in g.goals.indicators]
    measures = [m for g in plan.groups if g.goals for goal in g.goals.goals for o in goal.objectives
                for m in o.measures]
    rows = list(csv.DictReader(io.StringIO(files["rodikliai.csv"].decode("utf-8-sig"))))
    assert [r["kodas"] for r in rows] == codes
    ek11 = next(r for r in rows if r["kodas"] == "EK-11")
    assert (ek11["būklė"], ek11["faktinė_reikšmė"], ek11["ankstesnė_reikšmė"], ek11["ankstesnės_reikšmės_metai"]) == (
        "duomenų nėra", "", "16", "2023")
    listed = list(csv.DictReader(io.StringIO(files["priemones.csv"].decode("utf-8-sig"))))
    assert [r["id"] for r in listed] == [m.key or "" for m in measures] and len(listed) == len(measures)
    for name in [n for n in files if n.endswith(".csv")]:
        table = list(csv.reader(io.StringIO(files[name].decode("utf-8-sig"))))
        assert len({len(r) for r in table}) == 1 and len(table) > 1, name
    data = json.loads(files["planas.json"])
    assert [i["kodas"] for i in data["rodikliai"]] == codes
    assert sorted(m["id"] for m in data["priemonės"] if m["id"]) == sorted(m.key for m in measures if m.key)
    assert data["ataskaitiniai_metai"] == 2024 and data["licencija"] and data["struktūra"] == "duomenys.html"
    first = data["rodikliai"][0]
    assert set(first) >= {"kodas", "pavadinimas", "pradinė", "siektina", "reikšmės", "būklė"}
    assert data["licencija"] in visible(files["duomenys.html"])
    for key in ("prioritetai[]", "rodikliai[]", "priemonės[]", "ataskaitiniai_metai", "licencija"):
        assert key in visible(files["duomenys.html"])  # the structure is documented


def test_every_page_says_its_data_date_and_approval_with_a_register_link(built_plans):
    files = pages(plan_of("kaunas-2030"), built_plans["kaunas-2030"], dt.date(2025, 7, 1))
    plan = plan_of("kaunas-2030")
    link = plan.site.acts["T-250"]
    for name, data in files.items():
        if name.endswith(".html"):
            text = visible(data)
            assert "Galiojanti redakcija: Plano patvirtinimas: tarybos 2022 m. gegužės 24 d. sprendimas Nr. T-250" \
                in text, name
            assert "Duomenų data:" in text and f'href="{link}"' in data.decode("utf-8"), name
            assert '<meta name="description" content="' in data.decode("utf-8")
            assert '<meta property="og:title" content="' in data.decode("utf-8")
    statement = visible(files["prieinamumas.html"])
    assert plan.site.accessibility.conformity in statement and plan.site.accessibility.contact in statement


def test_a_goal_s_plain_language_summary_is_shown_when_content_has_one(sites):
    plan = plan_of("alytus-2030")
    summaries = [g.summary for group in plan.groups if group.goals for g in group.goals.goals if g.summary]
    assert summaries
    assert summaries[0] in visible(sites["alytus-2030"]["planas.html"])


def test_a_register_link_that_is_no_web_address_is_refused_at_its_line(tmp_path):
    from .conftest import run_cli

    root = copy_plan("alytus-2030", tmp_path)
    (root / "svetaine.yaml").write_text("licencija: CC BY 4.0\nregistras:\n  T-1: \"javascript:alert(1)\"\n",
                                        encoding="utf-8")
    before = tree(root)
    result = run_cli("site", str(root), "--out", str(tmp_path / "svetaine"), "--documents", str(tmp_path / "nera"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (f"{root / 'svetaine.yaml'}:3: laukas „T-1“: tikėtasi nuorodos, prasidedančios „https://“, be tarpų; "
            "rasta „javascript:alert(1)“") in result.stderr
    assert not (tmp_path / "svetaine").exists() and tree(root) == before
