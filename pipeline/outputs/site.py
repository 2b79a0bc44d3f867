"""The plan's public website: static pages from the same content, with Jinja2 templates in templates/site/.

Pages (one flat folder, so that it opens from disk and from any web server):

    index.html            the plan, its vision and priorities, progress when a yearly report exists
    naujienos.html        news, newest first: generated from content events and written by hand
    naujiena-*.html       one news item;  atom.xml  the feed
    planas.html           priorities → goals → objectives → measures, each with its own anchor
    rodikliai.html        every indicator;  rodiklis-*.html  one indicator, its values, chart and table
    dokumentai.html       the built .docx and .pdf files, copied beside the pages
    rengimas.html         the preparation timeline: an SVG picture and the same facts as text
    dalyvavimas.html      how and until when residents take part, the proposals' summary
    style.css, nustatymai.js   one stylesheet; the font-size and contrast switches (remembered)
    paveikslas-*.*        the plan's pictures that hand-written news show

Everything from content is escaped by Jinja's autoescaping; Markdown news become HTML through
pandoc and an allow-list sanitizer (news.py). Every page carries a Content-Security-Policy that
lets it run only the site's own script file and load nothing from elsewhere: no inline script,
no frame, no object. Nothing outside the plan folder (and the build folder whose documents are
listed) is read; nothing but the site's own files, as its record lists them, is ever removed.
The record and the lock sit beside the site's folder (build/<plan>/.site.inputs.json), never in
what is published.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from markupsafe import Markup

from .. import TEMPLATES
from ..core import lt
from ..content import progress, schema
from ..core.errors import StageError, display_path, quote, system_reason
from ..content.model import Plan

SITE_TEMPLATES = TEMPLATES / "site"
STATIC = ("style.css", "nustatymai.js")
DOCUMENT_SUFFIXES = (".docx", ".pdf")
LEGACY_RECORD = ".inputs-site.json"  # where an earlier version kept its record: inside the published folder


def slug(text: str) -> str:
    """Return an ASCII name for a page or an anchor: "EK-01" → "ek-01"."""
    return lt.ascii_name(text, 60, "puslapis")


def today() -> dt.date:
    """Return the day the site is built for: SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch else dt.date.today()


# ---------------------------------------------------------------- news


@dataclass(frozen=True)
class News:
    date: dt.date
    title: str
    lead: str  # one sentence for the list and the feed
    body: Markup  # the item's HTML
    page: str = ""
    pictures: tuple[tuple[str, bytes], ...] = ()  # the plan's pictures it shows, by their name on the site

    @property
    def date_text(self) -> str:
        return lt.long_date(self.date)


def _paragraphs(*texts: str) -> Markup:
    return Markup("").join(Markup("<p>{}</p>").format(t) for t in texts if t)


def generated_news(plan: Plan) -> list[News]:
    """Return a news item for every dated event in content: orders, the concept and the plan going to the
    council and approved, reports, amendments."""
    from ..documents.context import order_context
    from ..content.views import order_file_names

    items = []
    title = plan.facts.plan.title
    names = order_file_names(plan)
    for order in plan.facts.orders:
        if order.date is None:
            continue
        view = order_context(plan, order, names[order.key])["order"]
        groups = view.groups
        n = len(groups)
        counted = lt.count(n, "darbo grupė")
        made = lt.agreeing(n, ("sudaryta", "sudarytos", "sudaryta"))
        lead = (f"{lt.long_date(order.date)} {plan.facts.municipality.genitive} mero potvarkiu "
                f"Nr. {order.number or '–'} {made} {counted} {title.genitive} rengti.")
        listed = Markup("<ul>{}</ul>").format(Markup("").join(
            Markup("<li><strong>{}</strong> – {}</li>").format(g.name.nominative, g.activity) for g in groups))
        stages = plan.facts.schedule.stages if plan.facts.schedule else []
        schedule = Markup("<p>Darbo grafikas:</p><ol>{}</ol>").format(Markup("").join(
            Markup("<li>{}: {} – {}</li>").format(s.name, lt.long_date(s.start), lt.long_date(s.end))
            for s in stages)) if stages else Markup("")
        items.append(News(order.date, f"{counted.capitalize()} rengs {title.accusative}", lead,
                          _paragraphs(lead) + listed + schedule))
    concept = plan.concept.decision if plan.concept else None
    decision = plan.decision.decision if plan.decision else None
    for submitted, what, act in ((concept, f"{title.genitive} koncepcija", "koncepcijos patvirtinimo"),
                                 (decision, title.nominative, "patvirtinimo")):
        if submitted is not None and submitted.submitted is not None:
            lead = (f"{lt.long_date(submitted.submitted)} {plan.facts.municipality.genitive} tarybai pateiktas "
                    f"sprendimo „Dėl {title.genitive} {act}“ projektas.")
            items.append(News(submitted.submitted, f"Tarybai teikiama {what}" if "koncepcija" in what
                              else f"Tarybai teikiamas {what}", lead, _paragraphs(
                                  lead, "Projektą ir jo aiškinamąjį raštą rasite skiltyje „Dokumentai“.")))
    if concept is not None and concept.date is not None:
        lead = (f"{lt.long_date(concept.date)} {plan.facts.municipality.genitive} taryba sprendimu Nr. "
                f"{concept.number or '–'} patvirtino {title.genitive} koncepciją.")
        items.append(News(concept.date, f"Patvirtinta {title.genitive} koncepcija", lead, _paragraphs(lead)))
    if decision is not None and decision.date is not None:
        lead = (f"{lt.long_date(decision.date)} {plan.facts.municipality.genitive} taryba sprendimu Nr. "
                f"{decision.number or '–'} patvirtino {title.accusative}.")
        items.append(News(decision.date, f"Patvirtintas {title.nominative}", lead, _paragraphs(
            lead, f"Planas numato {_measure_count(plan)} ir jų finansavimą iki {plan.facts.plan.end} metų.")))
    for year, report in sorted(plan.reports.items()):
        if report.decision.date is None:
            continue
        verb = "patvirtino" if report.decision.action == schema.APPROVES else "pritarė"
        what = (f"{title.genitive} įgyvendinimo {year} metais ataskaitą" if report.decision.action == schema.APPROVES
                else f"{title.genitive} įgyvendinimo {year} metais ataskaitai")
        lead = f"{lt.long_date(report.decision.date)} {plan.facts.municipality.genitive} taryba {verb} {what}."
        summary = progress_summary(plan, year)
        items.append(News(report.decision.date, f"{title.nominative}: {year} metų įgyvendinimo ataskaita", lead,
                          _paragraphs(lead, summary.sentence if summary else "")))
    if plan.amendment is not None and plan.amendment.decision.date is not None:
        d = plan.amendment.decision
        lead = (f"{lt.long_date(d.date)} {plan.facts.municipality.genitive} taryba sprendimu Nr. {d.number or '–'} "
                f"pakeitė {title.accusative} ir išdėstė jį nauja redakcija.")
        items.append(News(d.date, f"Pakeistas {title.nominative}", lead, _paragraphs(lead)))
    return items


def _measure_count(plan: Plan) -> str:
    n = sum(len(o.measures) for g in plan.groups if g.goals for goal in g.goals.goals for o in goal.objectives)
    return lt.count(n, "priemonė", "galininkas") if n else "priemones"


def all_news(plan: Plan) -> list[News]:
    """Return every news item, newest first, each with a page name of its own."""
    from .news import plan_pictures, to_html

    written = []
    pictures = plan_pictures(plan.root, plan.files) if plan.news else {}
    for item in plan.news:
        html = to_html(item.text, item.path, plan.root, pictures)
        written.append(News(item.date, item.title, _lead(item.text), html.body,
                            pictures=tuple(sorted(html.pictures.items()))))
    items = sorted(generated_news(plan) + written, key=lambda n: (n.date, n.title), reverse=True)
    names = unique_names([f"naujiena-{n.date.isoformat()}-{slug(n.title)}" for n in items])
    return [News(n.date, n.title, n.lead, n.body, f"{name}.html", n.pictures) for n, name in zip(items, names)]


def unique_names(names: list[str]) -> list[str]:
    """Return the names in order, each repeated one given the first free suffix ("-2", "-3", …).

    Titles that differ only in case or punctuation ("EK-01" and "ek-01") make one name; each
    keeps a page of its own, and no suffix takes a name another item has by itself.
    """
    taken = set(names)
    given: set[str] = set()
    unique = []
    for name in names:
        chosen, n = name, 1
        while chosen in given:
            n += 1
            chosen = f"{name}-{n}"
            if chosen in taken:
                chosen = name  # another item's own name: try the next suffix
        given.add(chosen)
        unique.append(chosen)
    return unique


def _lead(markdown: str) -> str:
    first = " ".join(next((p for p in markdown.split("\n\n") if p.strip()), "").split())
    cut = first.rfind(")") + 1  # no link's "(…)" ends past the last ")": the tail is not searched for one
    head = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", first[:cut])  # a link or a picture: its text, not its address
    plain = re.sub(r"[*_`#>\[\]]|\(https?://[^)]*\)", "", head) + re.sub(r"[*_`#>\[\]]", "", first[cut:])
    return plain if len(plain) <= 220 else plain[:217].rsplit(" ", 1)[0] + " …"


# ---------------------------------------------------------------- progress and indicators


@dataclass(frozen=True)
class Summary:
    year: int
    sentence: str
    measures: list[tuple[str, int]]
    indicators: list[tuple[str, int]]


def progress_summary(plan: Plan, year: int | None = None) -> Summary | None:
    """Return how the plan stands in its latest reported year (or `year`): measures and indicators by status."""
    if not plan.reports or plan.monitoring is None:
        return None
    from ..life.annual import status_phrase

    year = year or max(plan.reports)
    report = plan.reports[year]
    measures = [(s, sum(1 for m in report.measures.values() if m.status == s)) for s in schema.STATUSES]
    indicators = [i for g in plan.groups if g.goals for i in g.goals.indicators]
    states = [progress.progress(i, report.indicators[i.code].value if i.code in report.indicators else None,
                                year, plan.facts.plan.end, plan.monitoring.deviation).status for i in indicators]
    counted = [(s, states.count(s)) for s in progress.STATUSES]
    sentence = f"{year} metų pabaigoje " + ", ".join(status_phrase(s, n) for s, n in measures if n) + "."
    return Summary(year, sentence, measures, counted)


@dataclass(frozen=True)
class IndicatorPage:
    code: str
    name: str
    level: str
    unit: str
    source: str
    baseline_text: str
    intermediate_text: str
    target_text: str
    page: str
    chart: str  # the SVG file's name, or "" without reported values
    chart_alt: str
    values: list[tuple[str, str, str, str]] = field(default_factory=list)  # year, value, reached, status
    measures: list[tuple[str, str]] = field(default_factory=list)  # number, name


def indicator_pages(plan: Plan, priorities) -> list[IndicatorPage]:
    labels = plan.strategy.level_labels.by_level()
    used: dict[str, list[tuple[str, str]]] = {}
    for p in priorities:
        for g in p.goals:
            for m in g.measures:
                for code in (c.strip() for c in m.indicators_text.split(",") if c.strip()):
                    used.setdefault(code, []).append((m.number, m.name))
    pages = []
    listed = [i for g in plan.groups if g.goals for i in g.goals.indicators]
    for ind, name in zip(listed, unique_names([f"rodiklis-{slug(i.code)}" for i in listed])):
        values = []
        for year, report in sorted(plan.reports.items()):
            reported = report.indicators.get(ind.code)
            if reported is None or reported.value is None:
                continue
            state = progress.progress(ind, reported.value, year, plan.facts.plan.end, plan.monitoring.deviation)
            values.append((str(year), lt.number(reported.value),
                           lt.percent(state.reached.quantize(Decimal("0.1")), 1), state.status))
        pages.append(IndicatorPage(
            ind.code, ind.name, labels[ind.level], ind.unit, ind.source,
            f"{lt.number(ind.baseline)} ({ind.baseline_year} m.)",
            f"{lt.number(ind.intermediate)} ({ind.intermediate_year} m.)" if ind.intermediate is not None else "–",
            f"{lt.number(ind.target)} ({plan.facts.plan.end} m.)", f"{name}.html",
            f"{name}.svg" if values else "",
            (f"Rodiklio {ind.code} reikšmės pagal metus: " + "; ".join(f"{y} m. – {v}" for y, v, _, _ in values)
             + f"; siektina reikšmė {lt.number(ind.target)} ({plan.facts.plan.end} m.).") if values else "",
            values, used.get(ind.code, [])))
    return pages


@functools.cache
def _canvas():
    """Return the one figure every indicator chart of this process is drawn on (making one costs more than
    the chart), with SVG output set to be reproducible and to keep text as text."""
    from ..life.charts import pyplot_ready

    pyplot = pyplot_ready()
    import matplotlib

    matplotlib.rcParams["svg.hashsalt"] = "plan"
    matplotlib.rcParams["svg.fonttype"] = "none"
    figure, axes = pyplot.subplots(figsize=(6.0, 2.8))
    figure.subplots_adjust(left=0.14, right=0.98, top=0.95, bottom=0.12)
    return figure, axes


def indicator_chart(ind: schema.Indicator, values: list[tuple[int, Decimal]], end_year: int) -> bytes:
    """Return an indicator's values over the years as an SVG line chart with its baseline and target."""
    import io

    from ..life.charts import axis_number, literal_text

    figure, axes = _canvas()
    axes.clear()
    years = [ind.baseline_year] + [y for y, _ in values]
    points = [float(ind.baseline)] + [float(v) for _, v in values]
    axes.plot(years, points, color="black", marker="o", linewidth=1.5)  # baseline and reported values
    axes.plot([end_year], [float(ind.target)], marker="D", color="black", linestyle="none")  # the target
    if ind.intermediate is not None and ind.intermediate_year is not None:
        axes.plot([ind.intermediate_year], [float(ind.intermediate)], marker="s", markerfacecolor="white",
                  color="black", linestyle="none")
    axes.set_xticks(sorted(set(years + [end_year])))
    axes.yaxis.set_major_formatter(axis_number)
    # The markers are explained in the figure's caption: a legend adds a third to the time.
    axes.set_ylabel(ind.unit, parse_math=False)
    literal_text(figure)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue().encode("utf-8")


# ---------------------------------------------------------------- documents and timeline


@dataclass(frozen=True)
class Listed:
    name: str
    title: str
    date_text: str
    kind: str
    size_text: str


def documents(plan: Plan, folder: Path | None) -> list[tuple[Listed, bytes]]:
    """Return the built documents to publish (the .docx and .pdf files of the build folder) with their bytes.

    A PDF is published only when it was made from the .docx beside it (the PDF record says so):
    a draft's Word file is never paired with the PDF of an earlier text.
    """
    if folder is None or not folder.is_dir():
        return []
    from .pdf import current_pdfs

    paired = current_pdfs(folder)
    listed = []
    for path in sorted(p for p in folder.iterdir() if p.suffix in DOCUMENT_SUFFIXES and p.is_file()
                       and not p.name.startswith(".") and (p.suffix != ".pdf" or p.name in paired)):
        data = path.read_bytes()
        docx = path.with_suffix(".docx")
        title = _title(docx.read_bytes() if docx.is_file() else b"") or path.stem
        when = _act_date(plan, path.stem)
        size = len(data)
        listed.append((Listed(path.name, title, lt.long_date(when) if when else "projektas",
                              "Word" if path.suffix == ".docx" else "PDF",
                              f"{lt.number(Decimal(size) / 1024, 0)} KB"), data))
    return listed


def _title(docx: bytes) -> str:
    import io
    import zipfile

    try:
        core = zipfile.ZipFile(io.BytesIO(docx)).read("docProps/core.xml").decode("utf-8")
    except (zipfile.BadZipFile, KeyError, ValueError):
        return ""
    found = re.search(r"<dc:title>([^<]*)</dc:title>", core)
    import html

    return html.unescape(found.group(1)) if found else ""


def _act_date(plan: Plan, stem: str) -> dt.date | None:
    """Return the date of the act a built document belongs to, or None for a draft."""
    from ..content.views import order_file_names

    files = order_file_names(plan)
    names = {Path(files[o.key]).stem: o for o in plan.facts.orders}
    if stem in names:
        return names[stem].date
    if stem == "regulations":
        return plan.facts.orders[0].date if plan.facts.orders else None
    if stem.startswith("concept"):
        return plan.concept.decision.date if plan.concept else None
    if stem.startswith(("report-", "report")):
        year = re.search(r"(\d{4})$", stem)
        report = plan.reports.get(int(year.group(1))) if year else None
        return report.decision.date if report else None
    if stem.startswith("amendment"):
        return plan.amendment.decision.date if plan.amendment else None
    return plan.decision.decision.date if plan.decision else None


@dataclass(frozen=True)
class EditionListed:
    """An adopted act in the plan's ledger, as the documents page lists it, with its documents."""

    words: str
    date_text: str
    in_force: bool
    documents: list[Listed]


def editions(plan: Plan, ledger_, day: dt.date) -> tuple[list[EditionListed], dict[str, bytes]]:
    """Return every recorded act, newest first, with its documents as adopted (copied beside the pages)."""
    in_force = ledger_.in_force(day)
    listed, files = [], {}
    for edition in reversed(ledger_.editions):
        documents_ = []
        recorded = [n for kind in edition.documents.values() for n in kind] + list(edition.pdfs())
        for name in recorded:
            data = (edition.folder / "dokumentai" / name).read_bytes()
            published = f"redakcija-{edition.folder.name}-{name}"
            files[published] = data
            documents_.append(Listed(published, _title(data) if name.endswith(".docx") else name,
                                     lt.long_date(edition.id.date), "Word" if name.endswith(".docx") else "PDF",
                                     f"{lt.number(Decimal(len(data)) / 1024, 0)} KB"))
        listed.append(EditionListed(edition.id.title(), lt.long_date(edition.id.date), edition is in_force,
                                    documents_))
    return listed, files


def draft_notice(plan: Plan, edition, published: list[str]) -> str:
    """Return the line every page shows while an amendment is a draft, or while no edition is adopted."""
    if plan.amendment is not None and plan.amendment.decision.is_draft:
        shown = f" ({edition.id.title()})" if edition is not None else ""
        where = ("; pakeitimo projektas ir lyginamasis variantas – skiltyje „Dokumentai“"
                 if "amendment-comparison.docx" in published else "")
        return (f"Rengiamas plano pakeitimas – projektas, dar nepriimtas. Puslapiuose – galiojanti plano "
                f"redakcija{shown}{where}.")
    if edition is None and (plan.decision is None or plan.decision.decision.is_draft):
        return "Planas dar rengiamas: puslapiuose – plano projektas."
    return ""


@dataclass(frozen=True)
class Stage:
    name: str
    start_text: str
    end_text: str
    x: float
    width: float
    y: float
    state: str  # "baigtas", "vyksta", "numatomas"


@dataclass(frozen=True)
class Timeline:
    stages: list[Stage]
    today_x: float | None
    today_text: str
    height: float
    ticks: list[tuple[float, str]]


def timeline(plan: Plan, day: dt.date) -> Timeline | None:
    schedule = plan.facts.schedule
    if schedule is None or not schedule.stages:
        return None
    start, end = schedule.start, max(schedule.end, max(s.end for s in schedule.stages))
    span = max((end - start).days, 1)
    left, width = 10.0, 780.0
    x = lambda d: left + width * (min(max(d, start), end) - start).days / span  # noqa: E731
    stages = []
    for i, s in enumerate(schedule.stages):
        state = "baigtas" if s.end < day else "vyksta" if s.start <= day else "numatomas"
        stages.append(Stage(s.name, lt.long_date(s.start), lt.long_date(s.end), x(s.start),
                            max(x(s.end) - x(s.start), 2.0), 40.0 + i * 56.0, state))
    months = []
    cursor = dt.date(start.year, start.month, 1)
    while cursor <= end:
        if cursor >= start:
            months.append((x(cursor), f"{cursor.year}-{cursor.month:02d}"))
        cursor = dt.date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
    step = max(1, len(months) // 8)
    ticks = [(position, label) for position, label in months[::step] if position <= left + width - 50]
    return Timeline(stages, x(day) if start <= day <= end else None, lt.long_date(day),
                    60.0 + len(stages) * 56.0, ticks)


# ---------------------------------------------------------------- the pages


NAVIGATION = (("index.html", "Pradžia"), ("naujienos.html", "Naujienos"), ("planas.html", "Planas"),
              ("rodikliai.html", "Rodikliai"), ("dokumentai.html", "Dokumentai"), ("rengimas.html", "Rengimas"),
              ("dalyvavimas.html", "Dalyvavimas"))


def environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(loader=FileSystemLoader(SITE_TEMPLATES), undefined=StrictUndefined,
                      autoescape=select_autoescape(["html", "xml", "svg"]), keep_trailing_newline=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(slug=slug, number=lt.number, date=lt.long_date,
                       as_text=lambda value: str.__str__(value))  # HTML to be escaped as text (a feed's content)
    return env


def pages(plan: Plan, documents_dir: Path | None, day: dt.date | None = None) -> dict[str, bytes]:
    """Return every file of the site by name."""
    from ..documents.context import package

    from ..content import ledger
    from ..life.editions import plan_in_force

    day = day or today()
    env = environment()
    recorded = ledger.read(plan.root)
    content = plan
    plan, edition = plan_in_force(plan, recorded, day)  # the text in force today, the content's life
    pack = package(plan) if plan.strategy and plan.decision and plan.monitoring else None
    priorities = pack["priorities"] if pack else []
    news = all_news(plan)
    indicators = indicator_pages(plan, priorities) if pack else []
    published = documents(plan, documents_dir)
    common = {"plan": plan.facts.plan, "municipality": plan.facts.municipality, "navigation": NAVIGATION,
              "period": lt.period(plan.facts.plan.start, plan.facts.plan.end), "built": day,
              "draft_notice": draft_notice(content, edition, [listed.name for listed, _ in published])}
    files: dict[str, bytes] = {}

    def page(name: str, template: str, **values) -> None:
        files[name] = env.get_template(template).render(common | values | {"current": name}).encode("utf-8")

    summary = progress_summary(plan)
    page("index.html", "index.html", vision=plan.strategy.vision if plan.strategy else "", priorities=priorities,
         summary=summary, news=news[:3], totals=pack["totals"] if pack else None)
    page("naujienos.html", "news.html", news=news)
    for item in news:
        page(item.page, "news_item.html", item=item)
        files.update(item.pictures)
    files["atom.xml"] = env.get_template("atom.xml").render(
        common | {"news": news, "feed_id": f"tag:{slug(plan.name)}.strateginis-planas,{plan.facts.plan.start}:naujienos",
                  "updated": news[0].date if news else day}).encode("utf-8")
    page("planas.html", "plan.html", priorities=priorities, indicators={i.code: i for i in indicators},
         totals=pack["totals"] if pack else None)
    page("rodikliai.html", "indicators.html", indicators=indicators)
    reported = {ind.code: [(y, r.indicators[ind.code].value) for y, r in sorted(plan.reports.items())
                           if ind.code in r.indicators and r.indicators[ind.code].value is not None]
                for g in plan.groups if g.goals for ind in g.goals.indicators}
    charts = _charts(plan, [i for i in indicators if i.chart], reported)
    for indicator in indicators:
        page(indicator.page, "indicator.html", indicator=indicator)
    files.update(charts)
    adopted, adopted_files = editions(plan, recorded, day)
    page("dokumentai.html", "documents.html", documents=[listed for listed, _ in published], editions=adopted)
    files.update({listed.name: data for listed, data in published})
    files.update(adopted_files)
    page("rengimas.html", "timeline.html", timeline=timeline(plan, day), schedule=plan.facts.schedule)
    page("dalyvavimas.html", "participation.html", participation=plan.participation)
    for name in STATIC:
        files[name] = (SITE_TEMPLATES / name).read_bytes()
    return files


def _charts(plan: Plan, indicators: list[IndicatorPage], reported: dict) -> dict[str, bytes]:
    """Draw the indicators' charts, in two processes when there are many (the machine's two cores)."""
    raw = {i.code: i for g in plan.groups if g.goals for i in g.goals.indicators}
    jobs = [(i.chart, raw[i.code], reported[i.code]) for i in indicators]
    end = plan.facts.plan.end
    if len(jobs) < 12:
        return {name: indicator_chart(ind, values, end) for name, ind, values in jobs}
    from ..core.workers import forked_pool

    _canvas()  # matplotlib imported and the figure made once, before the fork
    with forked_pool(2) as pool:
        drawn = pool.map(_chart_job, [(ind, values, end) for _, ind, values in jobs], chunksize=8)
        return {name: data for (name, _, _), data in zip(jobs, drawn, strict=True)}


def _chart_job(job) -> bytes:
    return indicator_chart(*job)


# ---------------------------------------------------------------- building


def digest(plan: Plan, documents_dir: Path | None, day: dt.date) -> str:
    """Return a digest of everything the site is made from: code, site templates, content, documents, the day."""
    from .inputs import code_digest
    from .news import FILTER

    h = hashlib.sha256(code_digest().encode() + day.isoformat().encode() + FILTER.read_bytes())
    for path in sorted(SITE_TEMPLATES.iterdir()):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    for path in sorted(plan.files):
        h.update(path.relative_to(plan.root).as_posix().encode() + b"\0" + path.read_bytes())
    from ..content.ledger import LEDGER_DIR

    for path in sorted((plan.root / LEDGER_DIR).glob("*/aktas.yaml")):  # each act's file digests its documents
        h.update(path.parent.name.encode() + b"\0" + path.read_bytes())
    if documents_dir is not None and documents_dir.is_dir():
        for path in sorted(p for p in documents_dir.iterdir() if p.suffix in DOCUMENT_SUFFIXES and p.is_file()):
            h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


@dataclass(frozen=True)
class Place:
    """Where a site goes: its folder, and beside it (never published) the record of what it wrote, and its lock."""

    folder: Path  # as given, for messages and the paths reported
    real: Path
    record: Path
    lock: Path


@dataclass(frozen=True)
class Record:
    """What the previous build wrote: the digest it was made from (None until it finished) and its files."""

    digest: str | None
    files: dict[str, str]  # name → SHA-256 of the bytes written
    legacy: tuple[str, ...] = ()  # an earlier version's own files inside the folder, to be removed


# The files an earlier version made, which kept its record inside the folder and no list of files.
_LEGACY_NAMES = re.compile(r"^(index|naujienos|planas|rodikliai|dokumentai|rengimas|dalyvavimas)\.html$"
                           r"|^atom\.xml$|^style\.css$|^nustatymai\.js$|^naujiena-.+\.html$"
                           r"|^rodiklis-.+\.(html|svg)$|^.+\.(docx|pdf)$")
# What write_atomically leaves when killed while writing: ".index.html.k3j_x9a2.tmp".
_TEMPORARY = re.compile(r"^\.(.+)\.[A-Za-z0-9_]{8}\.tmp$")


def place(out_dir: Path) -> Place:
    """Return where a site goes: the record and the lock sit beside its folder, named after it."""
    try:
        real = out_dir.resolve()
    except (OSError, RuntimeError) as exc:
        raise StageError(f"svetainės aplanko {display_path(out_dir)} kelias netinkamas: {exc}") from exc
    return Place(out_dir, real, real.parent / f".{real.name}.inputs.json", real.parent / f".{real.name}.lock")


def previous_record(where: Place) -> Record | None:
    """Return the record of the previous build into this folder, or None when the site never wrote there."""
    try:
        entry = json.loads(where.record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        entry = None
    if isinstance(entry, dict) and isinstance(entry.get("files"), dict):
        digest_ = entry.get("digest")
        return Record(digest_ if isinstance(digest_, str) else None,
                      {n: str(h) for n, h in entry["files"].items() if _own_name(n)})
    try:
        legacy = json.loads((where.real / LEGACY_RECORD).read_text(encoding="utf-8"))
        names = sorted(e.name for e in os.scandir(where.real) if e.is_file(follow_symlinks=False))
    except (OSError, ValueError):
        return None
    if not isinstance(legacy, dict) or "digest" not in legacy:
        return None
    return Record(None, {n: "" for n in names if _LEGACY_NAMES.match(n)},
                  tuple(n for n in (LEGACY_RECORD, ".lock") if n in names))


def _own_name(name: object) -> bool:
    """Tell whether a record's entry names a file the site writes: one plain name, in the folder itself."""
    return isinstance(name, str) and bool(name) and not name.startswith(".") and "/" not in name and "\0" not in name


def refuse_foreign(where: Place, root: Path, documents_dir: Path | None, record: Record | None) -> None:
    """Raise StageError in Lithuanian when the folder is not the site's to write.

    Not the site's: the plan folder or a folder inside it, the documents' folder, and a folder
    holding anything while no record of the site lists its files (an official's own folder).
    """
    shown = display_path(where.folder)
    tail = "; nieko neįrašyta ir neištrinta, nurodykite kitą aplanką (--out)"
    if where.real.is_relative_to(root.resolve()):
        raise StageError(f"svetainės aplankas {shown} yra plano aplanke {display_path(root)}: ten svetainė "
                         f"nerašoma{tail}")
    if documents_dir is not None and where.real == documents_dir.resolve():
        raise StageError(f"svetainės aplankas {shown} yra dokumentų aplankas: svetainė ir dokumentai rašomi "
                         f"į skirtingus aplankus{tail}")
    if where.real.exists() and not where.real.is_dir():
        raise StageError(f"svetainės aplankas {shown} negali būti sukurtas: tai failas, o ne aplankas{tail}")
    if record is None and where.real.is_dir():
        try:
            strangers = sorted(os.listdir(where.real))
        except OSError as exc:
            raise StageError(f"nepavyko perskaityti svetainės aplanko {shown}: {system_reason(exc)}") from exc
        if strangers:
            raise StageError(f"aplanke {shown} yra failų, kurių svetainė nekūrė (pvz., {quote(strangers[0])}): "
                             "nieko neįrašyta ir neištrinta; nurodykite tuščią arba naują aplanką (--out)")


@contextlib.contextmanager
def held(where: Place):
    """Hold the site's folder for one build at a time, saying what a waiting build waits for.

    The lock is an advisory lock on a file beside the folder: the system releases it when its
    holder ends, however it ends (write.py).
    """
    from ..core.write import lock_file_held, prepare_folder

    prepare_folder(where.real.parent)
    with lock_file_held(where.lock, "kitas svetainės rengimas"):
        yield where


def unchanged(where: Place, record: Record | None, made_from: str) -> bool:
    """Tell whether the folder holds, untouched, every file the previous build made from the same inputs."""
    if record is None or record.digest != made_from or not record.files or record.legacy:
        return False
    for name, expected in record.files.items():
        try:
            if hashlib.sha256((where.real / name).read_bytes()).hexdigest() != expected:
                return False
        except OSError:
            return False
    return True


def write_record(where: Place, made_from: str | None, files: dict[str, str]) -> None:
    """Write the record beside the folder; a record without a digest marks a build that has not finished."""
    from ..core.write import write_atomically

    entry = {"digest": made_from, "files": dict(sorted(files.items()))}
    write_atomically(where.real.parent, {where.record.name: (json.dumps(entry, ensure_ascii=False, indent=1)
                                                             + "\n").encode("utf-8")})


def remove_temporaries(where: Place, names: set[str]) -> None:
    """Remove what a killed build of the site left half-written: temporaries of its own files and record."""
    for folder, own in ((where.real, names), (where.real.parent, {where.record.name})):
        try:
            entries = [e.name for e in os.scandir(folder)]
        except OSError:
            continue  # no folder yet; one that cannot be read is reported when written to
        remove(folder, {n for n in entries if (m := _TEMPORARY.match(n)) and m.group(1) in own})


def remove(folder: Path, names: set[str]) -> None:
    """Remove the named files of a folder; raise StageError in Lithuanian when the system refuses."""
    for name in sorted(names):
        try:
            os.unlink(folder / name)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise StageError(f"nepavyko pašalinti {display_path(folder / name)}: {system_reason(exc)}") from exc


def build_site(content_dir: Path, out_dir: Path, documents_dir: Path | None, force: bool = False) -> tuple[
        list[Path], bool]:
    """Build the site into out_dir; return the files written and whether it was up to date (nothing written).

    Only the site's own files are ever removed: those its record (beside the folder) lists. The
    record is marked unfinished before any page changes and completed last, so a build killed on
    the way is redone whole by the next one, which also removes the pages no longer made.
    """
    from ..content.plan import checked
    from ..core.write import write_atomically

    plan, _ = checked(content_dir)
    day = today()
    made_from = digest(plan, documents_dir, day)
    where = place(out_dir)
    refuse_foreign(where, plan.root, documents_dir, previous_record(where))
    with held(where):
        record = previous_record(where)  # read again: another build may have finished meanwhile
        refuse_foreign(where, plan.root, documents_dir, record)
        if not force and unchanged(where, record, made_from):
            return [], True
        files = pages(plan, documents_dir, day)
        made = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
        before = dict(record.files) if record else {}
        remove_temporaries(where, set(before) | set(files))
        write_record(where, None, before | made)
        created = not where.real.exists()
        try:
            written = write_atomically(out_dir, files)
        except BaseException:
            if created and where.real.is_dir() and not any(where.real.iterdir()):
                where.real.rmdir()
            raise
        remove(where.real, set(before) - set(files) | set(record.legacy if record else ()))
        write_record(where, made_from, made)
    return written, False
