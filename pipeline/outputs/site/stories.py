"""The site's news: an item for every dated event in content (orders, decisions submitted and adopted, yearly
reports, amendments) written for residents, and the hand-written ones, newest first, each with its page."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from markupsafe import Markup

from ...core import lt
from ...content import schema
from ...content import schema_life
from ...content.model import Plan
from .charts import counted, progress_summary
from .names import slug, unique_names


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


LINKS = Markup('<p><a href="pazanga.html">Pažanga pagal rodiklius</a> · <a href="rodikliai.html">Visi rodikliai</a> · '
               '<a href="dokumentai.html">Ataskaita ir sprendimas (dokumentai)</a></p>')


def generated_news(plan: Plan) -> list[News]:
    """Return a news item for every dated event in content: orders, the concept and the plan going to the
    council and approved, reports, amendments. A lead says what happened without the date the list shows."""
    return (_order_news(plan) + _submitted_news(plan) + _adopted_news(plan) + _report_news(plan)
            + _amendment_news(plan))


def _town(plan: Plan) -> str:
    """Return the municipality's genitive as a sentence begins with it: "Kauno miesto"."""
    town = plan.facts.municipality.genitive
    return town[0].upper() + town[1:]


def _order_news(plan: Plan) -> list[News]:
    """Return a news item for each dated mayor's order: the working groups it made and the schedule."""
    from ...content.views import order_file_names, order_view

    items = []
    title = plan.facts.plan.title
    names = order_file_names(plan)
    for order in plan.facts.orders:
        if order.date is None:
            continue
        view = order_view(plan, order, names[order.key])
        groups = view.groups
        n = len(groups)
        count = counted(n, "darbo grupė")
        made = lt.agreeing(n, ("sudaryta", "sudarytos", "sudaryta"))
        lead = _sentence(f"{_town(plan)} mero potvarkiu Nr. {order.number or '–'} {made} {count} "
                         f"{title.genitive} rengti")
        listed = Markup("<ul>{}</ul>").format(Markup("").join(
            Markup("<li><strong>{}</strong> – {}</li>").format(g.name.nominative, g.activity) for g in groups))
        stages = plan.facts.schedule.stages if plan.facts.schedule else []
        schedule = Markup("<p>Darbo grafikas:</p><ol>{}</ol>").format(Markup("").join(
            Markup("<li>{}: {} – {}</li>").format(s.name, lt.long_date(s.start), lt.long_date(s.end))
            for s in stages)) if stages else Markup("")
        items.append(News(order.date, f"{count[0].upper() + count[1:]} rengs {title.accusative}", lead,
                          _paragraphs(lead) + listed + schedule))
    return items


def _submitted_news(plan: Plan) -> list[News]:
    """Return a news item for the concept's and the plan's draft decisions submitted to the council."""
    items = []
    title = plan.facts.plan.title
    town = plan.facts.municipality.genitive
    concept = plan.concept.decision if plan.concept else None
    decision = plan.decision.decision if plan.decision else None
    for submitted, what, act in ((concept, f"{title.genitive} koncepcija", "koncepcijos patvirtinimo"),
                                 (decision, title.nominative, "patvirtinimo")):
        if submitted is not None and submitted.submitted is not None:
            lead = f"{_town(plan)} tarybai pateiktas sprendimo „Dėl {title.genitive} {act}“ projektas."
            items.append(News(submitted.submitted, f"Tarybai teikiama {what}" if "koncepcija" in what
                              else f"Tarybai teikiamas {what}", lead, _paragraphs(
                                  f"{lt.long_date(submitted.submitted)} {town} tarybai pateiktas sprendimo „Dėl "
                                  f"{title.genitive} {act}“ projektas.",
                                  Markup('Projektą ir jo aiškinamąjį raštą rasite skiltyje '
                                         '<a href="dokumentai.html">„Dokumentai“</a>.'))))
    return items


def _adopted_news(plan: Plan) -> list[News]:
    """Return a news item for the concept and the plan approved by the council."""
    items = []
    title = plan.facts.plan.title
    concept = plan.concept.decision if plan.concept else None
    decision = plan.decision.decision if plan.decision else None
    if concept is not None and concept.date is not None:
        lead = _sentence(f"{_town(plan)} taryba sprendimu Nr. {concept.number or '–'} patvirtino "
                         f"{title.genitive} koncepciją")
        items.append(News(concept.date, f"Patvirtinta {title.genitive} koncepcija", lead, _paragraphs(lead)))
    if decision is not None and decision.date is not None:
        lead = _sentence(f"{_town(plan)} taryba sprendimu Nr. {decision.number or '–'} patvirtino "
                         f"{title.accusative}")
        items.append(News(decision.date, f"Patvirtintas {title.nominative}", lead, _paragraphs(
            lead, f"Planas numato {_measure_count(plan)} ir jų finansavimą iki {plan.facts.plan.end} metų.")
            + Markup('<p><a href="planas.html">Planas: prioritetai, tikslai ir priemonės</a> · '
                     '<a href="rodikliai.html">Rodikliai</a></p>')))
    return items


def _report_news(plan: Plan) -> list[News]:
    """Return a news item for each yearly report the council approved or took note of, with what changed."""
    items = []
    title = plan.facts.plan.title
    for year, report in sorted(plan.reports.items()):
        if report.decision.date is None:
            continue
        verb = "patvirtino" if report.decision.action == schema_life.APPROVES else "pritarė"
        what = (f"{title.genitive} įgyvendinimo {year} metais ataskaitą" if report.decision.action == schema_life.APPROVES
                else f"{title.genitive} įgyvendinimo {year} metais ataskaitai")
        lead = _sentence(f"{_town(plan)} taryba {verb} {what}")
        summary = progress_summary(plan, year)
        items.append(News(report.decision.date, f"{title.nominative}: {year} metų įgyvendinimo ataskaita", lead,
                          _paragraphs(lead, summary.sentence if summary else "", _changes(plan, year)) + LINKS))
    return items


def _amendment_news(plan: Plan) -> list[News]:
    """Return a news item for the plan's amendment once adopted."""
    if plan.amendment is None or plan.amendment.decision.date is None:
        return []
    title = plan.facts.plan.title
    d = plan.amendment.decision
    lead = (f"{_town(plan)} taryba sprendimu Nr. {d.number or '–'} pakeitė {title.accusative} "
            f"ir išdėstė jį nauja redakcija.")
    return [News(d.date, f"Pakeistas {title.nominative}", lead, _paragraphs(lead) + Markup(
        '<p><a href="dokumentai.html">Pakeitimo sprendimas ir lyginamasis variantas</a></p>'))]


def _changes(plan: Plan, year: int) -> str:
    """Return what changed since the year before: indicators by status and implemented measures, then → now."""
    now, before = progress_summary(plan, year), progress_summary(plan, year - 1) if year - 1 in plan.reports else None
    if now is None or before is None:
        return ""
    from ...life.annual import COUNTED

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
    return counted(n, "priemonė", "galininkas") if n else "priemones"


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


def _lead(markdown: str) -> str:
    first = " ".join(next((p for p in markdown.split("\n\n") if p.strip()), "").split())
    cut = first.rfind(")") + 1  # no link's "(…)" ends past the last ")": the tail is not searched for one
    head = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", first[:cut])  # a link or a picture: its text, not its address
    plain = re.sub(r"[*_`#>\[\]]|\(https?://[^)]*\)", "", head) + re.sub(r"[*_`#>\[\]]", "", first[cut:])
    return plain if len(plain) <= 220 else plain[:217].rsplit(" ", 1)[0] + " …"
