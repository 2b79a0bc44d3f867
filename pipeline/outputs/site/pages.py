"""The site's pages: the Jinja environment (autoescaped, strict) and every file of the site by name, rendered
from the edition in force with what every page shares (menu, the data's standing, a draft's notice)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ... import TEMPLATES
from ...core import lt
from ...core.write import today
from ...content import progress
from ...content.model import Plan
from .charts import indicator_chart, progress_summary
from .consultation import Consultation, consultation
from .data import SiteData, site_data
from .exports import (documents_csv, indicators_csv, measures_csv, plan_about, plan_json, proposals_csv,
                      sources_csv, values_csv)
from .listing import ActGroup, act_groups, documents, draft_notice, timeline
from .names import slug, unique_names
from .stories import News, all_news

SITE_TEMPLATES = TEMPLATES / "site"
STATIC = ("style.css", "nustatymai.js", "paieska.js")


NAVIGATION = (("index.html", "Pradžia"), ("naujienos.html", "Naujienos"), ("planas.html", "Planas"),
              ("pazanga.html", "Pažanga"), ("rodikliai.html", "Rodikliai"), ("dokumentai.html", "Dokumentai"),
              ("duomenys.html", "Duomenys"), ("paieska.html", "Paieška"), ("rengimas.html", "Rengimas"),
              ("dalyvavimas.html", "Dalyvavimas"))
# Which menu item a page belongs to, by the start of its name.
SECTIONS = (("naujiena-", "naujienos.html"), ("rodiklis-", "rodikliai.html"), ("pazanga-", "pazanga.html"),
            ("konsultavimas.html", "dalyvavimas.html"))
CONSULTATION_PAGE = "konsultavimas.html"  # the public consultation's results, linked from the participation page


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


@dataclass(frozen=True)
class Site:
    """What the pages of one build are made from: the edition in force on the day and what is computed of it once."""

    plan: Plan  # the edition in force
    day: dt.date
    priorities: list  # views.goals_by_priority, once the plan has a strategy, decision and monitoring; else empty
    totals: Any  # views.totals of those priorities, or None before
    data: SiteData | None
    news: list[News]
    trust: Trust
    groups: list[ActGroup]
    document_files: dict[str, bytes]  # every document to publish, by its name on the site
    notice: str  # the draft's line every page shows, or ""
    consultation: Consultation | None  # the public consultation's results (konsultacija.yaml), or None

    @property
    def title(self) -> str:
        return self.plan.facts.plan.title.nominative


@dataclass
class Writer:
    """The site's files as they are made: each page rendered with what every page shares."""

    env: Any
    common: dict
    files: dict[str, bytes] = field(default_factory=dict)

    def page(self, name: str, template: str, **values) -> None:
        """Render a page, marking the menu item it belongs to."""
        section = next((menu for prefix, menu in SECTIONS if name.startswith(prefix)), name)
        self.render(name, template, values | {"current": name, "section": section})

    def render(self, name: str, template: str, values: dict) -> None:
        """Render a file from a template with what every page shares and its own values."""
        self.files[name] = self.env.get_template(template).render(self.common | values).encode("utf-8")


def pages(plan: Plan, documents_dir: Path | None, day: dt.date | None = None) -> dict[str, bytes]:
    """Return every file of the site by name."""
    site = _site(plan, documents_dir, day or today())
    out = Writer(environment(), _common(site))
    _front_pages(out, site)
    _plan_pages(out, site)
    _open_data(out, site)
    _other_pages(out, site)
    for name in STATIC:
        out.files[name] = (SITE_TEMPLATES / name).read_bytes()
    return out.files


def _site(content: Plan, documents_dir: Path | None, day: dt.date) -> Site:
    """Return what the pages are made from: the text in force on the day (the content's life), news, progress
    data, and the documents by act (the ledger's as adopted, the built ones not recorded there)."""
    from ...content import ledger, views
    from ...life.editions import plan_in_force

    recorded = ledger.read(content.root)
    plan, edition = plan_in_force(content, recorded, day)
    whole = plan.strategy and plan.decision and plan.monitoring
    priorities = views.goals_by_priority(plan) if whole else []
    news = all_news(plan)
    listed = [i for g in plan.groups if g.goals for i in g.goals.indicators]
    names = dict(zip([i.code for i in listed], [f"{n}.html" for n in
                                                unique_names([f"rodiklis-{slug(i.code)}" for i in listed])]))
    data = site_data(plan, priorities, names) if whole else None
    ledger_digests = {hashlib.sha256((e.folder / "dokumentai" / n).read_bytes()).digest()
                      for e in recorded.editions for kind in e.documents.values() for n in kind}
    built = documents(plan, documents_dir, ledger_digests)
    groups, document_files = act_groups(plan, recorded, built, day)
    register = plan.site.acts if plan.site else {}
    trust = Trust(edition.id.title() if edition else "", register.get(edition.id.number, "") if edition else "",
                  data_date(plan), data.year if data else None,
                  plan.site.licence if plan.site and plan.site.licence else "")
    return Site(plan, day, priorities, views.totals(plan, priorities) if whole else None, data, news, trust, groups, document_files,
                draft_notice(content, edition, [d.name for d, _ in built]),
                consultation(plan, data.measures if data else ()))


def _common(site: Site) -> dict:
    """Return what every page shows: the plan, the menu, the build's day, the data's standing, a draft's notice."""
    plan = site.plan
    return {"plan": plan.facts.plan, "municipality": plan.facts.municipality, "navigation": NAVIGATION,
            "period": lt.period(plan.facts.plan.start, plan.facts.plan.end), "built": site.day, "trust": site.trust,
            "address": plan.site.address if plan.site and plan.site.address else "", "search": False,
            "searchable": True, "draft_notice": site.notice,
            "description": f"{site.title}: prioritetai, tikslai, priemonės, rodikliai ir jų pažanga."}


def _front_pages(out: Writer, site: Site) -> None:
    """Write the front page, the news list, each news item with the pictures it shows, and the feed."""
    plan, data, news, title = site.plan, site.data, site.news, site.title
    summary = progress_summary(plan)
    out.page("index.html", "index.html", vision=plan.strategy.vision if plan.strategy else "",
             priorities=site.priorities, summary=summary, counts=data.counts() if data and summary else [],
             news=news[:3], totals=site.totals,
             description=f"{title}: vizija, prioritetai, įgyvendinimo pažanga ir naujienos.")
    out.page("naujienos.html", "news.html", news=news, description=f"{title}: naujienos apie plano rengimą ir "
             "įgyvendinimą.")
    for item in news:
        out.page(item.page, "news_item.html", item=item, description=item.lead)
        out.files.update(item.pictures)
    out.render("atom.xml", "atom.xml", {
        "news": news, "feed_id": f"tag:{slug(plan.name)}.strateginis-planas,{plan.facts.plan.start}:naujienos",
        "updated": news[0].date if news else site.day})


def _plan_pages(out: Writer, site: Site) -> None:
    """Write the plan, the indicators, the progress view with its filtered pages, and each indicator's page."""
    data, title = site.data, site.title
    by_number = {m.number: m for m in data.measures} if data else {}
    goals = {g.number: g for p in data.priorities for g in p.goals} if data else {}
    out.page("planas.html", "plan.html", priorities=site.priorities, indicators=data.by_code() if data else {},
             measures=by_number, goals=goals, year=data.year if data else None,
             totals=site.totals,
             description=f"{title}: prioritetai, tikslai, uždaviniai ir priemonės, jų būklė ir lėšos.")
    out.page("rodikliai.html", "indicators.html", data=data,
             description=f"{title}: visi rodikliai, jų pradinės, planuotos, faktinės ir siektinos reikšmės.")
    if data:
        progress_pages(out.page, data)
        for state in data.indicators:
            described = f"Rodiklis {state.code} „{state.name}“: reikšmės, būklė, apibrėžimas ir šaltinis."
            out.page(state.page, "indicator.html", indicator=state, chart=indicator_chart(state), csv=VALUES_CSV,
                     description=described)


def _open_data(out: Writer, site: Site) -> None:
    """Write the open data: the CSV tables and planas.json (duomenys.html documents them)."""
    plan, data = site.plan, site.data
    if data:
        out.files[VALUES_CSV] = values_csv(data)
        out.files["rodikliai.csv"] = indicators_csv(data)
        out.files["priemones.csv"] = measures_csv(data)
        out.files["planas.json"] = plan_json(plan, data, site.priorities, plan_about(plan, site.trust))
    if site.totals is not None:
        out.files["finansavimas.csv"] = sources_csv(site.totals)
    out.files["dokumentai.csv"] = documents_csv(site.groups, site.document_files)
    if plan.participation and plan.participation.proposals:
        out.files["pasiulymai.csv"] = proposals_csv(plan.participation.proposals)


def _other_pages(out: Writer, site: Site) -> None:
    """Write the documents with their files, open data, search, the timeline, participation (with the public
    consultation's results) and accessibility."""
    plan, title = site.plan, site.title
    out.page("dokumentai.html", "documents.html", groups=site.groups,
             description=f"{title}: priimti aktai ir jų dokumentai (Word ir PDF), projektai.")
    out.files.update(site.document_files)
    out.page("duomenys.html", "data.html", data=site.data, have_plan=site.totals is not None,
             description=f"{title}: atvirieji duomenys CSV ir JSON formatu ir jų aprašas.")
    out.page("paieska.html", "search.html", search=True, searchable=False,
             description=f"{title}: paieška svetainėje.")
    out.page("rengimas.html", "timeline.html", timeline=timeline(plan, site.day), schedule=plan.facts.schedule)
    participation = plan.participation
    out.page("dalyvavimas.html", "participation.html", participation=participation, day=site.day,
             contact=contact_parts(participation.contact) if participation and participation.contact else [],
             consultation_page=CONSULTATION_PAGE if site.consultation else "")
    if site.consultation:
        out.page(CONSULTATION_PAGE, "consultation.html", consultation=site.consultation,
                 description=f"{title}: visuomenės konsultavimo dėl plano projekto rezultatai – gauti pasiūlymai "
                 "ir darbo grupės nuomonė.")
    out.page("prieinamumas.html", "accessibility.html", statement=plan.site.accessibility if plan.site else None,
             description=f"{title}: prieinamumo deklaracija.")


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
