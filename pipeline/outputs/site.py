"""The plan's public website: static pages from the same content, with Jinja2 templates in templates/site/.

Pages (one flat folder, so that it opens from disk and from any web server):

    index.html            the plan, its vision and priorities, progress when a yearly report exists
    naujienos.html        news, newest first: generated from content events and written by hand
    naujiena-*.html       one news item;  atom.xml  the feed
    planas.html           priorities → goals → objectives → measures, each with its own anchor
    pazanga.html          progress: priority → goal → indicator with the yearly report's status;
                          pazanga-*.html the same filtered by status, priority or executor (no script needed)
    rodikliai.html        every indicator;  rodiklis-*.html  one indicator: its card, values, chart and table
    dokumentai.html       documents by act, newest first: the ledger's as adopted, the built drafts
    duomenys.html         open data: planas.json and the CSV files of every table, their structure, the licence
    paieska.html          search (Pagefind's index in pagefind/, made beside the pages)
    rengimas.html         the preparation timeline: an SVG picture and the same facts as text
    dalyvavimas.html      how and until when residents take part, the proposals' summary
    prieinamumas.html     the accessibility statement (svetaine.yaml)
    style.css, nustatymai.js, paieska.js   one stylesheet; the switches and filters; the search page's script
    paveikslas-*.*        the plan's pictures that hand-written news show

Everything from content is escaped by Jinja's autoescaping; Markdown news become HTML through
pandoc and an allow-list sanitizer (news.py). Every page carries a Content-Security-Policy that
lets it run only the site's own script files and load nothing from elsewhere: no inline script,
no frame, no object (the search page alone may read the site's own index and run its WebAssembly). Nothing outside the plan folder (and the build folder whose documents are
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
from ..core.write import today as build_day
from ..content.model import Plan

SITE_TEMPLATES = TEMPLATES / "site"
STATIC = ("style.css", "nustatymai.js", "paieska.js")
DOCUMENT_SUFFIXES = (".docx", ".pdf")
LEGACY_RECORD = ".inputs-site.json"  # where an earlier version kept its record: inside the published folder


def slug(text: str) -> str:
    """Return an ASCII name for a page or an anchor: "EK-01" → "ek-01"."""
    return lt.ascii_name(text, 60, "puslapis")


def today() -> dt.date:
    """Return the day the site is built for: SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    return build_day()


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


def _sentence(text: str) -> str:
    """Return text ending with one full stop: a title ending in "m." ends the sentence as it is."""
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _counted(n: int, noun: str, case: str = "vardininkas") -> str:
    """Return a count in digits with its agreeing noun: "5 darbo grupės", "21 priemonė", "12 priemonių"."""
    return f"{n} {lt.noun_form(n, noun, case)}"


def _status_phrase(status: str, n: int) -> str:
    """Return the report's phrase of a measure count in digits: "21 priemonė įgyvendinta", "atsisakyta 2 priemonių"."""
    from ..life.annual import STATUS_WORDS

    words = STATUS_WORDS.get(status)
    if words is None:
        return f"atsisakyta {_counted(n, 'priemonė', 'kilmininkas')}"
    return f"{_counted(n, 'priemonė')} {lt.agreeing(n, words)}"


LINKS = Markup('<p><a href="pazanga.html">Pažanga pagal rodiklius</a> · <a href="rodikliai.html">Visi rodikliai</a> · '
               '<a href="dokumentai.html">Ataskaita ir sprendimas (dokumentai)</a></p>')


def generated_news(plan: Plan) -> list[News]:
    """Return a news item for every dated event in content: orders, the concept and the plan going to the
    council and approved, reports, amendments. A lead says what happened without the date the list shows."""
    from ..documents.context import order_context
    from ..content.views import order_file_names

    items = []
    title = plan.facts.plan.title
    town = plan.facts.municipality.genitive
    names = order_file_names(plan)
    for order in plan.facts.orders:
        if order.date is None:
            continue
        view = order_context(plan, order, names[order.key])["order"]
        groups = view.groups
        n = len(groups)
        counted = _counted(n, "darbo grupė")
        made = lt.agreeing(n, ("sudaryta", "sudarytos", "sudaryta"))
        lead = _sentence(f"{town[0].upper() + town[1:]} mero potvarkiu Nr. {order.number or '–'} {made} {counted} "
                         f"{title.genitive} rengti")
        listed = Markup("<ul>{}</ul>").format(Markup("").join(
            Markup("<li><strong>{}</strong> – {}</li>").format(g.name.nominative, g.activity) for g in groups))
        stages = plan.facts.schedule.stages if plan.facts.schedule else []
        schedule = Markup("<p>Darbo grafikas:</p><ol>{}</ol>").format(Markup("").join(
            Markup("<li>{}: {} – {}</li>").format(s.name, lt.long_date(s.start), lt.long_date(s.end))
            for s in stages)) if stages else Markup("")
        items.append(News(order.date, f"{counted[0].upper() + counted[1:]} rengs {title.accusative}", lead,
                          _paragraphs(lead) + listed + schedule))
    concept = plan.concept.decision if plan.concept else None
    decision = plan.decision.decision if plan.decision else None
    for submitted, what, act in ((concept, f"{title.genitive} koncepcija", "koncepcijos patvirtinimo"),
                                 (decision, title.nominative, "patvirtinimo")):
        if submitted is not None and submitted.submitted is not None:
            lead = f"{town[0].upper() + town[1:]} tarybai pateiktas sprendimo „Dėl {title.genitive} {act}“ projektas."
            items.append(News(submitted.submitted, f"Tarybai teikiama {what}" if "koncepcija" in what
                              else f"Tarybai teikiamas {what}", lead, _paragraphs(
                                  f"{lt.long_date(submitted.submitted)} {town} tarybai pateiktas sprendimo „Dėl "
                                  f"{title.genitive} {act}“ projektas.",
                                  Markup('Projektą ir jo aiškinamąjį raštą rasite skiltyje '
                                         '<a href="dokumentai.html">„Dokumentai“</a>.'))))
    if concept is not None and concept.date is not None:
        lead = _sentence(f"{town[0].upper() + town[1:]} taryba sprendimu Nr. {concept.number or '–'} patvirtino "
                         f"{title.genitive} koncepciją")
        items.append(News(concept.date, f"Patvirtinta {title.genitive} koncepcija", lead, _paragraphs(lead)))
    if decision is not None and decision.date is not None:
        lead = _sentence(f"{town[0].upper() + town[1:]} taryba sprendimu Nr. {decision.number or '–'} patvirtino "
                         f"{title.accusative}")
        items.append(News(decision.date, f"Patvirtintas {title.nominative}", lead, _paragraphs(
            lead, f"Planas numato {_measure_count(plan)} ir jų finansavimą iki {plan.facts.plan.end} metų.")
            + Markup('<p><a href="planas.html">Planas: prioritetai, tikslai ir priemonės</a> · '
                     '<a href="rodikliai.html">Rodikliai</a></p>')))
    for year, report in sorted(plan.reports.items()):
        if report.decision.date is None:
            continue
        verb = "patvirtino" if report.decision.action == schema.APPROVES else "pritarė"
        what = (f"{title.genitive} įgyvendinimo {year} metais ataskaitą" if report.decision.action == schema.APPROVES
                else f"{title.genitive} įgyvendinimo {year} metais ataskaitai")
        lead = _sentence(f"{town[0].upper() + town[1:]} taryba {verb} {what}")
        summary = progress_summary(plan, year)
        items.append(News(report.decision.date, f"{title.nominative}: {year} metų įgyvendinimo ataskaita", lead,
                          _paragraphs(lead, summary.sentence if summary else "", _changes(plan, year)) + LINKS))
    if plan.amendment is not None and plan.amendment.decision.date is not None:
        d = plan.amendment.decision
        lead = (f"{town[0].upper() + town[1:]} taryba sprendimu Nr. {d.number or '–'} pakeitė {title.accusative} "
                f"ir išdėstė jį nauja redakcija.")
        items.append(News(d.date, f"Pakeistas {title.nominative}", lead, _paragraphs(lead) + Markup(
            '<p><a href="dokumentai.html">Pakeitimo sprendimas ir lyginamasis variantas</a></p>')))
    return items


def _changes(plan: Plan, year: int) -> str:
    """Return what changed since the year before: indicators by status and implemented measures, then → now."""
    now, before = progress_summary(plan, year), progress_summary(plan, year - 1) if year - 1 in plan.reports else None
    if now is None or before is None:
        return ""
    from ..life.annual import COUNTED

    was = dict(before.indicators)
    said = [f"{COUNTED[s]} – {n} (buvo {was[s]})" for s, n in now.indicators if n != was[s]]
    done, done_before = dict(now.measures).get("įgyvendinta", 0), dict(before.measures).get("įgyvendinta", 0)
    if done != done_before:
        said.append(f"įgyvendintų priemonių – {done} (buvo {done_before})")
    if not said:
        return f"Palyginti su {year - 1} metais, rodiklių būklė nepasikeitė."
    return f"Palyginti su {year - 1} metais, rodiklių: " + "; ".join(said) + "."


def _measure_count(plan: Plan) -> str:
    n = sum(len(o.measures) for g in plan.groups if g.goals for goal in g.goals.goals for o in goal.objectives)
    return _counted(n, "priemonė", "galininkas") if n else "priemones"


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
    """Return how the plan stands in its latest reported year (or `year`): measures and indicators by status,
    counted as the yearly report counts them."""
    if not plan.reports or plan.monitoring is None or plan.strategy is None:
        return None
    from ..life.annual import _indicators_of
    from ..content.views import goals_by_priority

    year = year or max(plan.reports)
    report = plan.reports[year]
    measures = [(s, sum(1 for m in report.measures.values() if m.status == s)) for s in schema.STATUSES]
    states = []
    for priority in goals_by_priority(plan):
        for ind in _indicators_of(plan, priority.goals):
            values = {y: r.indicators[ind.code].value for y, r in plan.reports.items() if ind.code in r.indicators}
            states.append(progress.standing(ind, values, year, plan.facts.plan.end, plan.monitoring.deviation).status)
    counted = [(s, states.count(s)) for s in progress.STATUSES]
    sentence = f"{year} metų pabaigoje " + ", ".join(_status_phrase(s, n) for s, n in measures if n) + "."
    return Summary(year, sentence, measures, counted)


@dataclass(frozen=True)
class Mark:
    """A point of an indicator chart: where it is (per cent of the drawing's width and height) and what it is."""

    x: float
    y: float
    kind: str  # "value", "intermediate", "target", "baseline"
    text: str


@dataclass(frozen=True)
class Chart:
    """An indicator's values over the years as an inline SVG drawing whose coordinates are per cent of its box:
    it takes the page's width, and its text keeps the page's font size (the A+/A++ switches enlarge it)."""

    title: str
    description: str
    grid: list[tuple[float, str]]  # y, the value's label
    ticks: list[tuple[float, str, int]]  # x, the year, the label's row (0 or 1: close years alternate)
    planned: list[tuple[float, float, float, float]]  # the planned path's segments
    actual: list[tuple[float, float, float, float]]  # the reported values' segments
    marks: list[Mark]


LEFT, RIGHT, TOP, BOTTOM = 4.0, 96.0, 8.0, 74.0


def _nice_step(span: float) -> float:
    """Return a round step for about four gridlines over a span: 1, 2, 2.5 or 5 times a power of ten."""
    import math

    raw = span / 4 if span > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def indicator_chart(state) -> Chart | None:
    """Return an indicator's chart: baseline and reported values, the planned path through the intermediate value
    to the target, every target year ticked; None without reported values."""
    import math

    ind = state.indicator
    if not state.history:
        return None
    end = state.end_year
    path = [(ind.baseline_year, ind.baseline)]
    if ind.intermediate is not None and ind.intermediate_year is not None:
        path.append((ind.intermediate_year, ind.intermediate))
    path.append((max(end, path[-1][0]), ind.target))
    actual = [(ind.baseline_year, ind.baseline)] + [(v.year, v.value) for v in state.history]
    years = [y for y, _ in path + actual]
    first, last = min(years), max(years)
    values = [float(v) for _, v in path + actual]
    step = _nice_step(max(values) - min(values))
    low, high = math.floor(min(values) / step) * step, math.ceil(max(values) / step) * step
    if high == low:
        low, high = low - step, high + step
    x = lambda year: LEFT + (RIGHT - LEFT) * (year - first) / max(last - first, 1)  # noqa: E731
    y = lambda value: BOTTOM - (BOTTOM - TOP) * (float(value) - low) / ((high - low) or 1.0)  # noqa: E731
    grid = []
    lines = max(1, min(round((high - low) / step), 12))  # counted, never stepped: huge values stay bounded
    for k in range(lines + 1):
        level = low + k * (high - low) / lines
        grid.append((round(y(level), 2), lt.number(Decimal(repr(round(level, 6))).normalize())))
    ticks, last_on_row = [], {0: None, 1: None}
    for year in sorted(set(years)):
        close = lambda other: other is not None and (x(year) - x(other)) < 14  # noqa: E731
        row = 0 if not close(last_on_row[0]) else 1 if not close(last_on_row[1]) else 0
        last_on_row[row] = year
        ticks.append((round(x(year), 2), str(year), row))
    segments = lambda points: [(round(x(a), 2), round(y(v), 2), round(x(b), 2), round(y(w), 2))  # noqa: E731
                               for (a, v), (b, w) in zip(points, points[1:])]
    marks = [Mark(round(x(ind.baseline_year), 2), round(y(ind.baseline), 2), "baseline",
                  f"pradinė reikšmė {lt.number(ind.baseline)} ({ind.baseline_year} m.)")]
    marks += [Mark(round(x(v.year), 2), round(y(v.value), 2), "value", f"{v.year} m. – {v.value_text}")
              for v in state.history]
    if ind.intermediate is not None and ind.intermediate_year is not None:
        marks.append(Mark(round(x(ind.intermediate_year), 2), round(y(ind.intermediate), 2), "intermediate",
                          f"tarpinė reikšmė {lt.number(ind.intermediate)} ({ind.intermediate_year} m.)"))
    marks.append(Mark(round(x(path[-1][0]), 2), round(y(ind.target), 2), "target",
                      f"siektina reikšmė {lt.number(ind.target)} ({end} m.)"))
    description = (f"Rodiklio {ind.code} reikšmės pagal metus: " + "; ".join(m.text for m in marks)
                   + ". Punktyrinė linija – planuotas kelias.")
    return Chart(f"{ind.code} {ind.name}, {ind.unit}", description, grid, ticks, segments(path), segments(actual),
                 marks)


# ---------------------------------------------------------------- documents and timeline


@dataclass(frozen=True)
class Listed:
    name: str  # the file's name on the site
    kind: str  # "Word" or "PDF"
    size_text: str  # "48 KB", "1,4 MB"


@dataclass(frozen=True)
class DocumentRow:
    """One document in its forms: the Word file and, when made, its PDF."""

    title: str
    files: list[Listed]


@dataclass(frozen=True)
class ActGroup:
    """An act with its documents, as the documents page lists it: adopted (from the ledger) or a draft."""

    title: str
    date: dt.date | None
    adopted: bool
    in_force: bool
    register: str  # the act in the register of legal acts, when content gives it
    rows: list[DocumentRow]


def size_text(size: int) -> str:
    """Return a file's size as a reader says it: "48 KB", "1,4 MB" (decimal comma)."""
    if size < 1024 * 1024:
        return f"{lt.number(Decimal(max(size, 1024)) / 1024, 0)}\u00a0KB"
    return f"{lt.number((Decimal(size) / 1024 / 1024).quantize(Decimal('0.1')), 1)}\u00a0MB"


def _rows(files: dict[str, bytes], prefix: str = "") -> tuple[list[DocumentRow], dict[str, bytes]]:
    """Return a row per document (Word and PDF together, in the order given) and the files by their site name."""
    rows, published = [], {}
    for name in [n for n in files if n.endswith(".docx")] + [n for n in files if n.endswith(".pdf")
                                                            and n[:-4] + ".docx" not in files]:
        forms = [n for n in (name, name[:-5] + ".pdf") if n in files] if name.endswith(".docx") else [name]
        listed = []
        for form in forms:
            published[prefix + form] = files[form]
            listed.append(Listed(prefix + form, "Word" if form.endswith(".docx") else "PDF",
                                 size_text(len(files[form]))))
        rows.append(DocumentRow(_title(files[name]) if name.endswith(".docx") else "" or Path(name).stem, listed))
    return [DocumentRow(r.title or Path(r.files[0].name).stem, r.files) for r in rows], published


def documents(plan: Plan, folder: Path | None, recorded: set[bytes] = frozenset()) -> list[tuple[Listed, bytes]]:
    """Return the built documents to publish (the .docx and .pdf files of the build folder) with their bytes.

    A PDF is published only when it was made from the .docx beside it (the PDF record says so): a draft's
    Word file is never paired with the PDF of an earlier text. A file the ledger holds as adopted is listed
    there, once.
    """
    if folder is None or not folder.is_dir():
        return []
    from .pdf import current_pdfs

    paired = current_pdfs(folder)
    listed = []
    for path in sorted(p for p in folder.iterdir() if p.suffix in DOCUMENT_SUFFIXES and p.is_file()
                       and not p.name.startswith(".") and (p.suffix != ".pdf" or p.name in paired)):
        data = path.read_bytes()
        if hashlib.sha256(data).digest() in recorded:
            continue
        listed.append((Listed(path.name, "Word" if path.suffix == ".docx" else "PDF", size_text(len(data))), data))
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


def _act_of(plan: Plan, stem: str):
    """Return the act a built document belongs to (ledger.ActId; number and date None in a draft)."""
    from ..content.ledger import ActId
    from ..content.views import order_file_names

    files = order_file_names(plan)
    names = {Path(files[o.key]).stem: o for o in plan.facts.orders}
    if stem in names or (stem == "regulations" and plan.facts.orders):
        order = names.get(stem) or plan.facts.orders[0]
        return ActId("order", order.number, order.date)
    if stem.startswith("concept"):
        d = plan.concept.decision if plan.concept else None
        return ActId("concept", d.number if d else None, d.date if d else None)
    year = re.search(r"(\d{4})$", stem)
    if stem.startswith("report") and year:
        report = plan.reports.get(int(year.group(1)))
        return ActId("report", report.decision.number if report else None,
                     report.decision.date if report else None, int(year.group(1)))
    if stem.startswith("amendment"):
        d = plan.amendment.decision if plan.amendment else None
        return ActId("amendment", d.number if d else None, d.date if d else None)
    d = plan.decision.decision if plan.decision else None
    return ActId("plan", d.number if d else None, d.date if d else None)


DRAFT_TITLES = {"order": "Darbo grupių sudarymas", "concept": "Plano koncepcija", "plan": "Plano patvirtinimas",
                "amendment": "Plano pakeitimas", "report": "metų įgyvendinimo ataskaita"}


def _draft_title(act) -> str:
    what = f"{act.year} {DRAFT_TITLES['report']}" if act.act == "report" else DRAFT_TITLES[act.act]
    return f"{what}: projektas, dar nepriimtas"


def act_groups(plan: Plan, ledger_, built: list[tuple[Listed, bytes]], day: dt.date) -> tuple[
        list[ActGroup], dict[str, bytes]]:
    """Return the documents grouped by act, newest first (drafts first of all), and every file to publish.

    An adopted act's documents come from the ledger as adopted; a built document joins its act's group.
    """
    register = plan.site.acts if plan.site else {}
    in_force = ledger_.in_force(day)
    groups: dict[tuple, dict] = {}
    files: dict[str, bytes] = {}
    for edition in ledger_.editions:
        recorded = {n: (edition.folder / "dokumentai" / n).read_bytes()
                    for kind in edition.documents.values() for n in kind}
        recorded.update(edition.pdfs())
        rows, published = _rows(recorded, f"redakcija-{edition.folder.name}-")
        files.update(published)
        groups[(edition.id.act, edition.id.number, edition.id.date, edition.id.year)] = dict(
            title=edition.id.title(), date=edition.id.date, adopted=True, in_force=edition is in_force,
            register=register.get(edition.id.number, ""), rows=rows)
    by_act: dict[tuple, dict[str, bytes]] = {}
    for listed, data in built:
        act = _act_of(plan, Path(listed.name).stem)
        by_act.setdefault((act.act, act.number, act.date, act.year), {})[listed.name] = data
    for key, named in by_act.items():
        rows, published = _rows(named)
        files.update(published)
        if key in groups:
            groups[key]["rows"] += rows
            continue
        from ..content.ledger import ActId

        act = ActId(*key)
        groups[key] = dict(title=act.title() if act.adopted else _draft_title(act), date=act.date,
                           adopted=act.adopted, in_force=False, register=register.get(act.number or "", ""),
                           rows=rows)
    ordered = sorted(groups.values(), key=lambda g: (g["date"] is None, g["date"] or dt.date.min), reverse=True)
    return [ActGroup(**g) for g in ordered], files


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
    step = max(1, -(-len(months) // 4))  # four labels fit a phone at the page's font size
    ticks = [(position, label) for position, label in months[::step] if position <= left + width - 50]
    return Timeline(stages, x(day) if start <= day <= end else None, lt.long_date(day),
                    60.0 + len(stages) * 56.0, ticks)


# ---------------------------------------------------------------- the pages


NAVIGATION = (("index.html", "Pradžia"), ("naujienos.html", "Naujienos"), ("planas.html", "Planas"),
              ("pazanga.html", "Pažanga"), ("rodikliai.html", "Rodikliai"), ("dokumentai.html", "Dokumentai"),
              ("duomenys.html", "Duomenys"), ("paieska.html", "Paieška"), ("rengimas.html", "Rengimas"),
              ("dalyvavimas.html", "Dalyvavimas"))
# Which menu item a page belongs to, by the start of its name.
SECTIONS = (("naujiena-", "naujienos.html"), ("rodiklis-", "rodikliai.html"), ("pazanga-", "pazanga.html"))


def environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(loader=FileSystemLoader(SITE_TEMPLATES), undefined=StrictUndefined,
                      autoescape=select_autoescape(["html", "xml", "svg"]), keep_trailing_newline=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(slug=slug, number=lt.number, date=lt.long_date,
                       status_symbol=lambda status: progress.SYMBOLS.get(status, ""),
                       as_text=lambda value: str.__str__(value))  # HTML to be escaped as text (a feed's content)
    return env


@dataclass(frozen=True)
class Trust:
    """What every page says of where its data stands: the text in force, its act, the register, the data's date."""

    edition: str  # the act of the edition in force ("Plano patvirtinimas: tarybos … sprendimas Nr. …"), or ""
    register: str  # that act in the register, when content gives it
    data_date: dt.date | None  # the latest dated fact the pages show
    report_year: int | None
    licence: str


def data_date(plan: Plan) -> dt.date | None:
    """Return the date of the latest fact the site shows: a report's decision or its data, news, an act."""
    dates = [r.decision.date for r in plan.reports.values()] + [
        v.source_date for r in plan.reports.values() for v in r.indicators.values()] + [n.date for n in plan.news]
    dates += [o.date for o in plan.facts.orders]
    for decision in (plan.concept.decision if plan.concept else None, plan.decision.decision if plan.decision
                     else None, plan.amendment.decision if plan.amendment else None):
        if decision is not None:
            dates.append(decision.date)
    return max((d for d in dates if d is not None), default=None)


VALUES_CSV = "rodikliu-reiksmes.csv"  # every indicator's values by year: the tables of the indicator pages
STATUS_FILTERS = tuple((s, lt.ascii_name(s, 30)) for s in progress.STATUSES)


def pages(plan: Plan, documents_dir: Path | None, day: dt.date | None = None) -> dict[str, bytes]:
    """Return every file of the site by name."""
    from ..documents.context import package
    from .site_data import indicators_csv, measures_csv, plan_json, site_data, values_csv

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
    listed = [i for g in plan.groups if g.goals for i in g.goals.indicators]
    names = dict(zip([i.code for i in listed], [f"{n}.html" for n in
                                                unique_names([f"rodiklis-{slug(i.code)}" for i in listed])]))
    data = site_data(plan, priorities, names) if pack else None
    ledger_digests = {hashlib.sha256((e.folder / "dokumentai" / n).read_bytes()).digest()
                      for e in recorded.editions for kind in e.documents.values() for n in kind}
    built = documents(plan, documents_dir, ledger_digests)
    groups, document_files = act_groups(plan, recorded, built, day)
    site = plan.site
    register = site.acts if site else {}
    trust = Trust(edition.id.title() if edition else "", register.get(edition.id.number, "") if edition else "",
                  data_date(plan), data.year if data else None, site.licence if site and site.licence else "")
    title = plan.facts.plan.title.nominative
    common = {"plan": plan.facts.plan, "municipality": plan.facts.municipality, "navigation": NAVIGATION,
              "period": lt.period(plan.facts.plan.start, plan.facts.plan.end), "built": day, "trust": trust,
              "address": site.address if site and site.address else "", "search": False, "searchable": True,
              "description": f"{title}: prioritetai, tikslai, priemonės, rodikliai ir jų pažanga.",
              "draft_notice": draft_notice(content, edition, [d.name for d, _ in built])}
    files: dict[str, bytes] = {}

    def page(name: str, template: str, **values) -> None:
        section = next((menu for prefix, menu in SECTIONS if name.startswith(prefix)), name)
        files[name] = env.get_template(template).render(common | values | {"current": name, "section": section}
                                                        ).encode("utf-8")

    summary = progress_summary(plan)
    page("index.html", "index.html", vision=plan.strategy.vision if plan.strategy else "", priorities=priorities,
         summary=summary, counts=data.counts() if data and summary else [], news=news[:3],
         totals=pack["totals"] if pack else None,
         description=f"{title}: vizija, prioritetai, įgyvendinimo pažanga ir naujienos.")
    page("naujienos.html", "news.html", news=news, description=f"{title}: naujienos apie plano rengimą ir "
         "įgyvendinimą.")
    for item in news:
        page(item.page, "news_item.html", item=item, description=item.lead)
        files.update(item.pictures)
    files["atom.xml"] = env.get_template("atom.xml").render(
        common | {"news": news, "feed_id": f"tag:{slug(plan.name)}.strateginis-planas,{plan.facts.plan.start}:naujienos",
                  "updated": news[0].date if news else day}).encode("utf-8")
    by_number = {m.number: m for m in data.measures} if data else {}
    goals = {g.number: g for p in data.priorities for g in p.goals} if data else {}
    page("planas.html", "plan.html", priorities=priorities, indicators=data.by_code() if data else {},
         measures=by_number, goals=goals, year=data.year if data else None, totals=pack["totals"] if pack else None,
         description=f"{title}: prioritetai, tikslai, uždaviniai ir priemonės, jų būklė ir lėšos.")
    page("rodikliai.html", "indicators.html", data=data,
         description=f"{title}: visi rodikliai, jų pradinės, planuotos, faktinės ir siektinos reikšmės.")
    if data:
        progress_pages(page, data)
        for state in data.indicators:
            chart = indicator_chart(state)
            page(state.page, "indicator.html", indicator=state, chart=chart, csv=VALUES_CSV,
                 description=f"Rodiklis {state.code} „{state.name}“: reikšmės, būklė, apibrėžimas ir šaltinis.")
        files[VALUES_CSV] = values_csv(data)
        files["rodikliai.csv"] = indicators_csv(data)
        files["priemones.csv"] = measures_csv(data)
        files["planas.json"] = plan_json(plan, data, priorities, {
            "pavadinimas": title, "savivaldybė": plan.facts.municipality.nominative,
            "laikotarpis": {"pradžia": plan.facts.plan.start, "pabaiga": plan.facts.plan.end},
            "redakcija": trust.edition or None, "registras": trust.register or None,
            "duomenų_data": trust.data_date.isoformat() if trust.data_date else None,
            "licencija": trust.licence or None})
    if pack:
        from .site_data import csv_bytes

        files["finansavimas.csv"] = csv_bytes(["šaltinis", "suma_eur", "dalis"], [
            [t.name, str(t.amount), t.share_text.replace("\u00a0", " ")] for t in pack["totals"].by_source])
    from .site_data import csv_bytes

    files["dokumentai.csv"] = csv_bytes(["aktas", "data", "priimtas", "dokumentas", "failas", "formatas", "dydis_baitais"],
                                        [[g.title, g.date.isoformat() if g.date else "", "taip" if g.adopted else "ne",
                                          row.title, f.name, f.kind, str(len(document_files[f.name]))]
                                         for g in groups for row in g.rows for f in row.files])
    if plan.participation and plan.participation.proposals:
        files["pasiulymai.csv"] = csv_bytes(["teikėjas", "pasiūlymas", "sprendimas"], [
            [p.author, p.text, p.decision] for p in plan.participation.proposals])
    page("dokumentai.html", "documents.html", groups=groups,
         description=f"{title}: priimti aktai ir jų dokumentai (Word ir PDF), projektai.")
    files.update(document_files)
    page("duomenys.html", "data.html", data=data, have_plan=pack is not None,
         description=f"{title}: atvirieji duomenys CSV ir JSON formatu ir jų aprašas.")
    page("paieska.html", "search.html", search=True, searchable=False, description=f"{title}: paieška svetainėje.")
    page("rengimas.html", "timeline.html", timeline=timeline(plan, day), schedule=plan.facts.schedule)
    page("dalyvavimas.html", "participation.html", participation=plan.participation, day=day,
         contact=contact_parts(plan.participation.contact) if plan.participation and plan.participation.contact
         else [])
    page("prieinamumas.html", "accessibility.html", statement=site.accessibility if site else None,
         description=f"{title}: prieinamumo deklaracija.")
    for name in STATIC:
        files[name] = (SITE_TEMPLATES / name).read_bytes()
    return files


def progress_pages(page, data) -> None:
    """Write the progress view and its filtered pages (links: the filters work without scripts)."""
    filters = {"status": [(s, f"pazanga-busena-{key}.html") for s, key in STATUS_FILTERS],
               "priority": [(f"{p.number} prioritetas", f"pazanga-prioritetas-{p.number}.html")
                            for p in data.priorities],
               "executor": list(zip(data.executors, [f"{n}.html" for n in unique_names(
                   [f"pazanga-vykdytojas-{slug(e)}" for e in data.executors])]))}
    common = {"data": data, "filters": filters}
    page("pazanga.html", "progress.html", **common, shown=None, heading="",
         description="Plano pažanga: kiekvieno rodiklio planuota ir faktinė reikšmė, būklė ir pokytis.")
    for status, name in filters["status"]:
        page(name, "progress.html", **common, searchable=False, shown=lambda i, s=status: i.status == s,
             heading=f"būklė „{status}“", description=f"Plano rodikliai, kurių būklė – „{status}“.")
    for p, (label, name) in zip(data.priorities, filters["priority"]):
        page(name, "progress.html", **common, searchable=False, shown=lambda i, n=p.number: i.priority is not None
             and i.priority[0] == n, only_priority=p.number, heading=f"{p.number} prioritetas „{p.name}“",
             description=f"{p.number} prioriteto „{p.name}“ rodiklių pažanga.")
    for executor, name in filters["executor"]:
        page(name, "progress.html", **common, searchable=False, shown=lambda i, e=executor: e in i.executors,
             heading=f"vykdytojas „{executor}“", description=f"Rodikliai, kuriuos veikia „{executor}“ priemonės.")


def contact_parts(text: str) -> list[tuple[str, str]]:
    """Split contacts into text and e-mail addresses: [("", "planas@kaunas.lt"), ("; Laisvės al. 96 …", "")]."""
    parts, at = [], 0
    for found in re.finditer(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", text):
        if found.start() > at:
            parts.append((text[at:found.start()], ""))
        parts.append(("", found.group(0)))
        at = found.end()
    if at < len(text):
        parts.append((text[at:], ""))
    return parts


# ---------------------------------------------------------------- search

SEARCH_DIR = "pagefind"  # Pagefind's bundle: its script, its WebAssembly and the index, in a folder of its own
# What the site's own search script (paieska.js) uses of the bundle: not Pagefind's ready-made interfaces.
_BUNDLE_SKIPS = re.compile(r"^pagefind-(component-ui|modular-ui|ui|highlight)\.(js|css)$")


def search_index(files: dict[str, bytes]) -> dict[str, bytes]:
    """Return the search index of the pages (paths inside SEARCH_DIR), made in a temporary folder."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix=".paieska-") as folder:
        output = Path(folder) / SEARCH_DIR
        with indexing(files, Path(folder), output) as finish:
            finish()
        return {path.relative_to(output).as_posix(): path.read_bytes() for path in sorted(output.rglob("*"))
                if path.is_file()}


@contextlib.contextmanager
def indexing(files: dict[str, bytes], scratch: Path, output: Path, prefix: str = ".paieska-"):
    """Start Pagefind over the searchable pages in the background, its bundle going to `output`; yield the
    function that waits for it. The site's files are written meanwhile (Pagefind reads its own copy of the
    pages, in a folder of `scratch`); Pagefind ends with this process however it ends.

    Pages mark what is searched (data-pagefind-body on their main part): menus and footers are not,
    nor the progress view's filtered copies. Raise StageError in Lithuanian when Pagefind is missing or fails.
    """
    import subprocess
    import tempfile

    from ..core.workers import die_with_parent

    binary = _pagefind()
    with tempfile.TemporaryDirectory(prefix=prefix, dir=scratch) as folder:
        pages_dir = Path(folder)
        for name, data in files.items():
            if name.endswith(".html") and b" data-pagefind-body" in data:
                (pages_dir / name).write_bytes(data)
        try:
            running = subprocess.Popen([str(binary), "--site", str(pages_dir), "--output-path", str(output),
                                        "--force-language", "lt", "--silent"], stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                       preexec_fn=functools.partial(die_with_parent, os.getpid()))
        except OSError as exc:
            raise StageError(f"paieškos rodyklės nepavyko parengti (Pagefind): {system_reason(exc)}") from exc

        def finish() -> None:
            try:
                _, errors = running.communicate(timeout=120)
            except subprocess.TimeoutExpired as exc:
                raise StageError("paieškos rodyklės nepavyko parengti (Pagefind): neatsakė per 120 s") from exc
            if running.returncode != 0:
                reason = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or ["be paaiškinimo"]
                raise StageError(f"paieškos rodyklės nepavyko parengti (Pagefind): {reason[0]}")
            for path in output.iterdir():
                if _BUNDLE_SKIPS.match(path.name):
                    path.unlink()

        try:
            yield finish
        finally:
            if running.poll() is None:
                running.kill()
                running.wait()


def _pagefind() -> Path:
    """Return Pagefind's program, installed with the Python package (pagefind[extended])."""
    try:
        from pagefind.service import get_executable
    except ImportError as exc:
        raise StageError("paieškai reikia Pagefind: įdiekite priklausomybes (pip install -e .)") from exc
    binary = get_executable()
    if binary is None or not Path(binary).is_file():
        raise StageError("paieškai reikia Pagefind programos: įdiekite „pagefind[extended]“ (pip install -e .)")
    return Path(binary)


def bundle_digest(bundle: dict[str, bytes]) -> str:
    h = hashlib.sha256()
    for name, data in sorted(bundle.items()):
        h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def folder_digest(folder: Path) -> str | None:
    """Return the digest of a written bundle folder as bundle_digest computes it; None when it cannot be read."""
    try:
        return bundle_digest({p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
                              if p.is_file() and not p.is_symlink()})
    except OSError:
        return None


def put_bundle(where: Place, aside: Path) -> None:
    """Put the search bundle written aside (in the site's folder) in place whole, by renames; remove the old one."""
    import shutil
    import tempfile

    current = where.real / SEARCH_DIR
    try:
        old = None
        if current.is_dir() and not current.is_symlink():
            old = Path(tempfile.mkdtemp(prefix=f".{SEARCH_DIR}.", suffix=".tmp", dir=where.real))
            os.replace(current, old / SEARCH_DIR)
        os.replace(aside, current)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise StageError(f"nepavyko įrašyti paieškos rodyklės į {display_path(where.folder)}: "
                         f"{system_reason(exc)}") from exc


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
    return isinstance(name, str) and bool(name) and not name.startswith(".") and "\0" not in name and (
        "/" not in name or name == SEARCH_DIR + "/")


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
        if name == SEARCH_DIR + "/":
            if folder_digest(where.real / SEARCH_DIR) != expected:
                return False
            continue
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
        remove(folder, {n + "/" if n.startswith(f".{SEARCH_DIR}.") else n for n in entries
                        if (m := _TEMPORARY.match(n)) and (m.group(1) in own or m.group(1) == SEARCH_DIR)})
        if folder == where.real.parent:  # the copy of the pages a killed run gave Pagefind
            remove(folder, {n + "/" for n in entries if n.startswith(f".{where.real.name}.paieska-")})


def remove(folder: Path, names: set[str]) -> None:
    """Remove the named files of a folder; raise StageError in Lithuanian when the system refuses."""
    import shutil

    for name in sorted(names):
        if name.endswith("/"):
            shutil.rmtree(folder / name, ignore_errors=True)  # the search bundle: a folder the site made whole
            continue
        try:
            os.unlink(folder / name)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise StageError(f"nepavyko pašalinti {display_path(folder / name)}: {system_reason(exc)}") from exc


def build_site(content_dir: Path, out_dir: Path, documents_dir: Path | None, force: bool = False) -> tuple[
        list[Path], bool]:  # noqa: C901
    """Build the site into out_dir; return the files written and whether it was up to date (nothing written).

    Only the site's own files are ever removed: those its record (beside the folder) lists. The
    record is marked unfinished before any page changes and completed last, so a build killed on
    the way is redone whole by the next one, which also removes the pages no longer made.
    """
    import secrets
    import shutil

    from ..content.plan import checked
    from ..core.write import prepare_folder, write_atomically

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
        write_record(where, None, before | made | {SEARCH_DIR + "/": ""})
        created = not where.real.exists()
        aside = where.real / f".{SEARCH_DIR}.{secrets.token_hex(4)}.tmp"  # a temporary the next run removes
        try:
            prepare_folder(where.real)
            # The index is made while the pages are written; Pagefind writes it aside in the folder.
            with indexing(files, where.real.parent, aside, f".{where.real.name}.paieska-") as finish:
                written = write_atomically(out_dir, files)
                finish()
            made[SEARCH_DIR + "/"] = folder_digest(aside) or ""
            put_bundle(where, aside)
        except BaseException:
            shutil.rmtree(aside, ignore_errors=True)
            if created and where.real.is_dir() and not any(where.real.iterdir()):
                where.real.rmdir()
            raise
        remove(where.real, set(before) - set(made) | set(record.legacy if record else ()))
        write_record(where, made_from, made)
    return written, False
