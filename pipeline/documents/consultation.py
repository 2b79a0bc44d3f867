"""The public consultation table, annexed to the plan's explanatory note: its content file, rule and context.

konsultacija.yaml lists the proposals received while the draft plan was published: who and when,
what is proposed, the working group's opinion ("Pritarti", "Nepritarti", "Pritarti iš dalies")
with its reasons, and the measure (by its id) the proposal changed. The annex is consultation.docx,
with the totals by opinion in words; a plan without the file has no annex.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal, TypedDict

from ..content import ledger, schema
from ..content.folder import LEDGER_DIR
from ..content.ledger import CONTENT_DIR
from ..content.load import read_yaml
from ..content.validate import parse
from ..content.files import ContentFile, Loaded
from ..content.layout import GOALS_FILE
from ..content.model import Plan
from ..content.parts import Parts, Rule
from ..content.schema import F, Model, Text
from ..core import lt
from .made import Output, act

Opinion = Literal["Pritarti", "Pritarti iš dalies", "Nepritarti"]
OPINIONS: tuple[str, ...] = Opinion.__args__
PROPOSAL = ("pasiūlymas", "pasiūlymai", "pasiūlymų")


class Proposal(Model):
    author: Text = F("teikėjas", "Kas pateikė pasiūlymą (gyventojas, organizacija)")
    date: dt.date = F("data", "Kada pasiūlymas gautas (MMMM-MM-DD)")
    text: Text = F("pasiūlymas", "Ką siūloma")
    opinion: Opinion = F("nuomonė", "Darbo grupės nuomonė: „Pritarti“, „Pritarti iš dalies“ arba „Nepritarti“")
    reasons: Text = F("motyvai", "Kodėl pritarta ar nepritarta")
    measure: Text | None = F("priemonė", "Pakeistos priemonės id iš tikslai.yaml, pvz., „EK-P01“", default=None)


class ConsultationFile(Model):
    """konsultacija.yaml: the proposals received in the public consultation on the draft plan."""

    proposals: list[Proposal] = F("pasiūlymai", "Gauti pasiūlymai ir darbo grupės nuomonė", min_length=1)


def check(report, parts: Parts) -> None:
    """Check the proposals: each linked to a measure the groups have, none received after the plan's adoption."""
    files = parts.extra["consultation"]
    _check_measures(report, files, parts.groups)
    for loaded in files:
        _check_after_adoption(report, parts.root, loaded)


def _check_measures(report, files: list[Loaded], groups) -> None:
    """Refuse a proposal linked to a measure id no group's goals have (when every group's goals could be read:
    a measure in a file with mistakes is not unknown, and that file's mistakes are told already)."""
    if any(g.goals is None and (g.folder / GOALS_FILE).is_file() for g in groups):
        return
    known = {m.key for g in groups if g.goals for goal in g.goals.goals for o in goal.objectives for m in o.measures}
    keys = schema.keys(ConsultationFile)
    for loaded in files:
        for index, proposal in enumerate(loaded.data.proposals):
            if proposal.measure is not None and proposal.measure not in known:
                report.error(loaded.file, (keys.proposals, index, schema.key(Proposal, "measure")),
                             f"priemonės „{proposal.measure}“ nėra: nurodykite priemonės id iš grupių tikslai.yaml")


def _check_after_adoption(report, root: Path, loaded: Loaded) -> None:
    """Warn of a proposal received or written down after the plan was adopted: the adopted annex, kept in the
    ledger, lacks it.

    A warning, not an error: the file is the plan's life, and a later proposal is rightly kept for the next
    amendment; only the adopted explanatory note's annex cannot hold it, and a build serves that annex as adopted.
    """
    edition = next((e for e in ledger.read(root).editions if e.id.act == "plan"), None)
    if edition is None:
        return
    adopted, recorded = edition.id, _recorded(edition.content / loaded.relative)
    for index, proposal in enumerate(loaded.data.proposals):
        loc = (schema.key(ConsultationFile, "proposals"), index, schema.key(Proposal, "date"))
        if proposal.date > adopted.date:
            report.warn(loaded.file, loc, f"pasiūlymas gautas {proposal.date.isoformat()}, po plano patvirtinimo "
                        f"{adopted.date.isoformat()} (sprendimas Nr. {adopted.number}): patvirtinto aiškinamojo "
                        "rašto priede jo nėra – jis svarstomas rengiant plano pakeitimą")
        elif recorded is not None and proposal not in recorded:
            report.warn(loaded.file, loc, f"pasiūlymas įrašytas po plano patvirtinimo {adopted.date.isoformat()} "
                        f"(sprendimas Nr. {adopted.number}): " + (
                            f"patvirtintame aiškinamojo rašto priede jo nėra (žr. {LEDGER_DIR}/{edition.folder.name}/"
                            f"{CONTENT_DIR}/{loaded.relative})" if recorded else
                            "patvirtintas aiškinamasis raštas konsultavimo rezultatų priedo neturi"))


def _recorded(path: Path) -> list[Proposal] | None:
    """Return the proposals of the adopted edition's copy of the file (none when it had none), or None when
    that copy cannot be read (then nothing is compared)."""
    if not path.is_file():
        return []
    data, problems = parse(read_yaml(path), ConsultationFile)
    return None if data is None or problems else list(data.proposals)


CONTENT = ContentFile("konsultacija.yaml", ConsultationFile, "visuomenės konsultavimo rezultatai",
                      "konsultacija.schema.json", key="consultation",
                      rule=Rule("pasiūlymų priemonės ir datos", ("consultation",), check), life=True)


class ProposalRow(TypedDict):
    number: Annotated[int, "eilės numeris"]
    author: Annotated[str, "kas pateikė"]
    date_text: Annotated[str, "kada gautas: „2021-10-12“"]
    text: Annotated[str, "ką siūloma"]
    opinion: Annotated[str, "„Pritarti“, „Pritarti iš dalies“ arba „Nepritarti“"]
    reasons: Annotated[str, "motyvai"]
    measure: Annotated[str, "pakeista priemonė: „EK-P01 Vieno langelio paslauga investuotojams“ arba tuščia"]


class OpinionTotal(TypedDict):
    opinion: Annotated[str, "nuomonė"]
    count_text: Annotated[str, "kiek pasiūlymų, žodžiais: „du pasiūlymai“ (nė vieno – „nėra“)"]


class ConsultationContext(TypedDict):
    municipality: Annotated[schema.NameForms, "savivaldybės pavadinimas: .nominative, .genitive"]
    plan_title: Annotated[schema.PlanTitle, "plano pavadinimas linksniais"]
    proposals: Annotated[list[ProposalRow], "pasiūlymai lentelėje"]
    totals: Annotated[list[OpinionTotal], "pasiūlymų skaičius pagal nuomonę"]
    total_text: Annotated[str, "iš viso, žodžiais: „penki pasiūlymai“"]


def counted(n: int) -> str:
    """Return "penki pasiūlymai", "vienas pasiūlymas", "dvylika pasiūlymų"."""
    return f"{lt.numeral(n, 'm')} {lt.agreeing(n, PROPOSAL)}"


def _measures(plan: Plan) -> dict[str, str]:
    return {m.key: f"{m.key} {m.name}" for g in plan.groups if g.goals for goal in g.goals.goals
            for o in goal.objectives for m in o.measures if m.key}


@dataclass(frozen=True)
class Results:
    """The consultation's results computed once: what the annex prints and the site shows."""

    rows: tuple[ProposalRow, ...]
    measures: tuple[str | None, ...]  # the id of the measure each row's proposal changed
    totals: tuple[OpinionTotal, ...]
    total_text: str


def results(plan: Plan, consultation: ConsultationFile) -> Results:
    """Return the proposals as rows, the totals by opinion in agreeing words and the total."""
    measures = _measures(plan)
    rows = tuple(ProposalRow(number=i, author=p.author, date_text=p.date.isoformat(), text=p.text, opinion=p.opinion,
                             reasons=p.reasons, measure=measures.get(p.measure, "") if p.measure else "")
                 for i, p in enumerate(consultation.proposals, start=1))
    totals = tuple(OpinionTotal(opinion=o, count_text=counted(n) if (n := sum(r["opinion"] == o for r in rows))
                                else "nėra") for o in OPINIONS)
    return Results(rows, tuple(p.measure for p in consultation.proposals), totals, counted(len(rows)))


def context(plan: Plan, consultation: ConsultationFile) -> ConsultationContext:
    found = results(plan, consultation)
    return ConsultationContext(municipality=plan.facts.municipality, plan_title=plan.facts.plan.title,
                               proposals=list(found.rows), totals=list(found.totals), total_text=found.total_text)


def contexts(plan: Plan) -> dict[str, ConsultationContext]:
    """Return the annex's context as consultation.docx, or nothing when the plan has no konsultacija.yaml."""
    return {"consultation.docx": context(plan, loaded.data) for loaded in plan.extra.get("consultation", [])}


def outputs(plan: Plan) -> list[Output]:
    """Return the consultation annex when the plan has its file (konsultacija.yaml); it belongs to the plan."""
    if not plan.extra.get("consultation"):
        return []
    return [Output("consultation.docx", "visuomenės konsultavimo rezultatų lentelė", act(plan, "plan"))]
