"""Amendments: the approved edition of a plan, what changed in its content, and the amending documents.

The approved edition is a folder, or a git revision of the repository the content lives in
(its stored files written into a scratch folder by revision.py, git itself never run: nothing is
checked out over the official's files, and nothing the repository configures is executed).
It is loaded and checked like any plan. The content diff matches measures by their `id` and
indicators by their code, never by position, so renumbering is not a change; it drives the
explanatory note's tables. The comparative version itself is redline.py's work on the two
rendered editions.
"""

from __future__ import annotations

import contextlib
import hashlib
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated

from ..core import lt
from ..content import schema
from ..core.errors import ContentError, Problem, display_path, quote
from ..content.model import Plan
from ..content.views import BLANK_NUMBER, goals_by_priority, totals


def _problem(where: Path | str, message: str) -> ContentError:
    return ContentError([Problem(display_path(where) if isinstance(where, Path) else where, 0, message)])


@contextlib.contextmanager
def approved_folder(content_dir: Path, since: str):
    """Yield the folder holding the approved edition: `since` itself, or a git revision extracted from it."""
    if not since.strip():
        raise _problem(content_dir, "--since nenurodyta: nurodykite patvirtintos redakcijos aplanką arba git versiją")
    if since.startswith("-"):  # no revision is named so, and git's tools would read it as an option
        raise _problem(content_dir, f"--since {quote(since)}: git versija negali prasidėti „-“")
    folder = Path(since)
    if folder.is_dir():
        if not (folder / "planas.yaml").is_file():
            raise _problem(folder, f"--since {quote(since)}: aplanke nėra planas.yaml – tai ne plano aplankas")
        yield folder, display_path(folder)
        return
    from ..content.revision import extract

    with tempfile.TemporaryDirectory(prefix="pipeline-approved-") as scratch:
        target = Path(scratch) / content_dir.resolve().name
        target.mkdir()
        yield target, extract(content_dir, since, target)


def check_approved(approved: Plan, current: Plan, shown: str) -> None:
    """Refuse an approved edition that is another plan, whose approving decision is not yet adopted, or whose
    measures (or the current ones) have no `id` to be matched by."""
    a, c = approved.facts, current.facts
    if a.municipality.nominative != c.municipality.nominative or (a.plan.start, a.plan.end) != (c.plan.start,
                                                                                                c.plan.end):
        raise _problem(shown, f"tai ne to paties plano redakcija: {a.municipality.nominative} "
                       f"{a.plan.start}–{a.plan.end}, o keičiamas {c.municipality.nominative} {c.plan.start}–{c.plan.end}")
    for plan, where in ((approved, shown), (current, display_path(current.root))):
        missing = sum(1 for g in plan.groups if g.goals for goal in g.goals.goals for o in goal.objectives
                      for m in o.measures if m.key is None)
        if missing:
            key = schema.key(schema.Measure, "key")
            raise _problem(where, f"{missing} priemonės be „{key}“: priemonės abiejose redakcijose lyginamos pagal "
                           f"„{key}“ (tikslai.yaml), todėl jį turi turėti kiekviena")
    decision = approved.decision.decision if approved.decision else None
    if decision is None or decision.is_draft:
        raise _problem(shown, "patvirtintoje redakcijoje sprendimas.yaml neturi sprendimo numerio ar datos: "
                       "keisti galima tik priimtą sprendimą")


def digest(folder: Path) -> str:
    """Return a digest of an approved edition's files (what the amendment documents are made from)."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


# ---------------------------------------------------------------- the content diff


@dataclass(frozen=True)
class MeasureChange:
    kind: Annotated[str, "„pridėta“, „išbraukta“ arba „pakeista“"]
    number: Annotated[str, "numeris naujoje redakcijoje (išbrauktos – ankstesnis)"]
    key: Annotated[str, "pastovus žymuo"]
    name: Annotated[str, "pavadinimas"]
    executor: Annotated[str, "vykdytojas"]
    period_text: Annotated[str, "laikotarpis (pakeistos: „buvo → bus“, jei keitėsi)"]
    financing_text: Annotated[str, "finansavimas pagal šaltinius (pakeistos: „buvo → bus“)"]
    what: Annotated[str, "kas pakeista: „finansavimas, laikotarpis“; ko nerodo kiti stulpeliai – „iš ko → į ką“ "
                         "(„partneriai: A → A, B“) arba „–“"]
    fields: Annotated[tuple[str, ...], "pakeistų laukų pavadinimai: („finansavimas“, „laikotarpis“)"] = ()


@dataclass(frozen=True)
class IndicatorChange:
    kind: Annotated[str, "„pridėtas“, „išbrauktas“ arba „pakeistas“"]
    code: Annotated[str, "kodas"]
    name: Annotated[str, "pavadinimas"]
    target_text: Annotated[str, "siektina reikšmė (pakeistų: „buvo → bus“)"]
    what: Annotated[str, "kas pakeista; ko nerodo kiti stulpeliai – „iš ko → į ką“ („tarpinė reikšmė: 50 (2025 m.) → "
                         "60 (2025 m.)“)"]
    fields: Annotated[tuple[str, ...], "pakeistų laukų pavadinimai: („šaltinis“, „siektina reikšmė“)"] = ()


@dataclass(frozen=True)
class MoneyChange:
    name: Annotated[str, "šaltinis arba prioritetas"]
    before_text: Annotated[str, "buvo"]
    after_text: Annotated[str, "bus"]
    change_text: Annotated[str, "pokytis: „+1 000,00 Eur“"]


@dataclass(frozen=True)
class Changes:
    measures: list[MeasureChange]
    indicators: list[IndicatorChange]
    by_source: list[MoneyChange]
    by_priority: list[MoneyChange]
    total: MoneyChange

    @property
    def empty(self) -> bool:
        return not self.measures and not self.indicators


MEASURE_FIELDS = (("place", "vieta plane (tikslas ar uždavinys)"), ("name", "pavadinimas"), ("executor", "vykdytojas"), ("partners", "partneriai"),
                  ("start", "laikotarpis"), ("end", "laikotarpis"), ("financing", "finansavimas"),
                  ("indicators", "rodikliai"))
INDICATOR_FIELDS = (("name", "pavadinimas"), ("unit", "matas"), ("source", "šaltinis"), ("baseline", "pradinė reikšmė"),
                    ("baseline_year", "pradinė reikšmė"), ("intermediate", "tarpinė reikšmė"),
                    ("intermediate_year", "tarpinė reikšmė"), ("target", "siektina reikšmė"))


@dataclass(frozen=True)
class _Placed:
    """A measure with where it stands: its priority, goal and objective (by name, not number)."""

    measure: schema.Measure
    place: tuple[str, str, str]

    def __getattr__(self, name):
        return getattr(self.measure, name)


def _measures(plan: Plan) -> dict[str, tuple[str, _Placed]]:
    raw = {m.key: _Placed(m, (goal.priority, goal.name, o.name)) for g in plan.groups if g.goals
           for goal in g.goals.goals for o in goal.objectives for m in o.measures}
    numbered = [m for p in goals_by_priority(plan) for g in p.goals for m in g.measures]
    return {m.key: (m.number, raw[m.key]) for m in numbered}


def _financing(measure: schema.Measure, sources: list[str]) -> str:
    return "; ".join(f"{s}: {lt.money(measure.financing[s])}" for s in sources if s in measure.financing) or "–"


def _period(measure: schema.Measure) -> str:
    return lt.years(measure.start, measure.end)


def _measure_field(measure: _Placed, name: str) -> str:
    """Return how a measure's field is written in the note, for the fields no other column shows."""
    if name == "place":
        return " / ".join(measure.place[1:])
    if name == "partners":
        return ", ".join(measure.partners) or "–"
    if name == "indicators":
        return ", ".join(measure.indicators) or "–"
    return str(getattr(measure, name))


def _indicator_field(indicator: schema.Indicator, name: str) -> str:
    """Return how an indicator's field is written in the note: a value with its year and unit."""
    if name in ("baseline", "baseline_year"):
        return f"{lt.number(indicator.baseline)} {indicator.unit} ({indicator.baseline_year} m.)"
    if name in ("intermediate", "intermediate_year"):
        if indicator.intermediate is None:
            return "nėra"
        return f"{lt.number(indicator.intermediate)} {indicator.unit} ({indicator.intermediate_year} m.)"
    return str(getattr(indicator, name))


# Fields the note's own columns show as "before → after"; any other change says its values in "what".
MEASURE_COLUMNS = {"name", "executor", "start", "end", "financing"}
INDICATOR_COLUMNS = {"name", "target"}


def _what(before, after, fields, columns: set[str], written) -> tuple[str, tuple[str, ...]]:
    """Return what changed: a column's field by its label, any other as "label: before → after"; and the labels."""
    said: dict[str, str] = {}
    for name, label in fields:
        if getattr(before, name) == getattr(after, name) or label in said:
            continue
        said[label] = label if name in columns else f"{label}: {written(before, name)} → {written(after, name)}"
    text = "; ".join(said.values()) if any(":" in v for v in said.values()) else ", ".join(said.values())
    return text, tuple(said)


def _either(before: str, after: str) -> str:
    return after if before == after else f"{before} → {after}"


def _money(name: str, before: Decimal, after: Decimal) -> MoneyChange:
    change = after - before
    sign = "+" if change > 0 else "−" if change < 0 else ""
    return MoneyChange(name, lt.money(before), lt.money(after), f"{sign}{lt.money(abs(change))}" if change else "–")


def changes(approved: Plan, current: Plan) -> Changes:
    """Return what changed from the approved edition's content to the current one's."""
    order = {"pridėta": 0, "pakeista": 1, "išbraukta": 2, "pridėtas": 0, "pakeistas": 1, "išbrauktas": 2}
    measures, indicators = _measure_changes(approved, current), _indicator_changes(approved, current)
    return Changes(sorted(measures, key=lambda m: order[m.kind]), sorted(indicators, key=lambda i: order[i.kind]),
                   *_money_changes(approved, current))


def _measure_changes(approved: Plan, current: Plan) -> list[MeasureChange]:
    """Return the measures added, changed and struck out, in the current edition's order, then the old one's."""
    sources = current.strategy.sources
    old, new = _measures(approved), _measures(current)
    measures = []
    for key, (number, measure) in new.items():
        if key not in old:
            measures.append(MeasureChange("pridėta", number, key, measure.name, measure.executor, _period(measure),
                                          _financing(measure, sources), "–"))
            continue
        before = old[key][1]
        what, labels = _what(before, measure, MEASURE_FIELDS, MEASURE_COLUMNS, _measure_field)
        if what:
            measures.append(MeasureChange("pakeista", number, key, _either(before.name, measure.name),
                                          _either(before.executor, measure.executor),
                                          _either(_period(before), _period(measure)),
                                          _either(_financing(before, sources), _financing(measure, sources)),
                                          what, labels))
    for key, (number, measure) in old.items():
        if key not in new:
            measures.append(MeasureChange("išbraukta", number, key, measure.name, measure.executor, _period(measure),
                                          _financing(measure, sources), "–"))
    return measures


def _indicator_changes(approved: Plan, current: Plan) -> list[IndicatorChange]:
    """Return the indicators added, changed and struck out, in the current edition's order, then the old one's."""
    old_ind = {i.code: i for g in approved.groups if g.goals for i in g.goals.indicators}
    new_ind = {i.code: i for g in current.groups if g.goals for i in g.goals.indicators}
    indicators = []
    for code, ind in new_ind.items():
        target = f"{lt.number(ind.target)} {ind.unit}"
        if code not in old_ind:
            indicators.append(IndicatorChange("pridėtas", code, ind.name, target, "–"))
            continue
        before = old_ind[code]
        what, labels = _what(before, ind, INDICATOR_FIELDS, INDICATOR_COLUMNS, _indicator_field)
        if what:
            indicators.append(IndicatorChange("pakeistas", code, _either(before.name, ind.name),
                                              _either(f"{lt.number(before.target)} {before.unit}", target), what,
                                              labels))
    for code, ind in old_ind.items():
        if code not in new_ind:
            indicators.append(IndicatorChange("išbrauktas", code, ind.name, f"{lt.number(ind.target)} {ind.unit}", "–"))
    return indicators


def _money_changes(approved: Plan, current: Plan) -> tuple[list[MoneyChange], list[MoneyChange], MoneyChange]:
    """Return the money before and after by source, by priority, and in total."""
    sources = current.strategy.sources
    before_totals, after_totals = totals(approved, goals_by_priority(approved)), totals(current, goals_by_priority(current))
    by_source = [_money(s, next((t.amount for t in before_totals.by_source if t.name == s), Decimal(0)),
                        next((t.amount for t in after_totals.by_source if t.name == s), Decimal(0)))
                 for s in dict.fromkeys([t.name for t in before_totals.by_source] + sources)]
    names = list(dict.fromkeys([p.name for p in before_totals.by_priority] + [p.name for p in after_totals.by_priority]))
    by_priority = [_money(n, next((p.amount for p in before_totals.by_priority if p.name == n), Decimal(0)),
                          next((p.amount for p in after_totals.by_priority if p.name == n), Decimal(0)))
                   for n in names]
    return by_source, by_priority, _money("Iš viso", before_totals.total, after_totals.total)


# A changed field as the operative point names it, in the accusative: "pakeičiant … priemonės finansavimą".
_FIELD_ACCUSATIVE = {"vieta plane (tikslas ar uždavinys)": "vietą plane", "pavadinimas": "pavadinimą",
                     "vykdytojas": "vykdytoją", "partneriai": "partnerius", "laikotarpis": "įgyvendinimo laikotarpį",
                     "finansavimas": "finansavimą", "rodikliai": "rodiklius", "matas": "matavimo vienetą",
                     "šaltinis": "duomenų šaltinį", "pradinė reikšmė": "pradinę reikšmę",
                     "tarpinė reikšmė": "tarpinę reikšmę", "siektina reikšmė": "siektiną reikšmę"}


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " ir " + items[-1]


def _fields(labels: tuple[str, ...]) -> str:
    return _and([_FIELD_ACCUSATIVE.get(f, f) for f in labels])


def _new(text: str) -> str:
    """Return the new side of a "before → after" text."""
    return text.rsplit(" → ", 1)[-1]


def what_changes(changes: Changes, indicators_only: bool = False) -> list[str]:
    """Return what an amendment does to the plan, as its operative point says it (Law on Legislation art. 14)."""
    out = []
    if not indicators_only:
        for m in changes.measures:
            if m.kind == "pridėta":
                out.append(f"papildant jį {m.number} priemone „{m.name}“")
            elif m.kind == "išbraukta":
                out.append(f"išbraukiant {m.number} priemonę „{m.name}“")
            else:
                out.append(f"pakeičiant {m.number} priemonės „{_new(m.name)}“ {_fields(m.fields)}")
    for i in changes.indicators:
        if i.kind == "pridėtas":
            out.append(f"papildant {'ją' if indicators_only else 'jį'} rodikliu {i.code} „{i.name}“")
        elif i.kind == "išbrauktas":
            out.append(f"išbraukiant rodiklį {i.code} „{i.name}“")
        else:
            out.append(f"pakeičiant rodiklio {i.code} „{_new(i.name)}“ {_fields(i.fields)}")
    return out


def acts(approved: Plan, amendment: schema.Decision, municipality: str,
         changes: Changes | None = None) -> dict[str, str]:
    """Return how the amending documents cite the amended act and the amending one, and what changes."""
    decision = approved.decision.decision
    title = approved.facts.plan.title
    act = f"„Dėl {title.genitive} patvirtinimo“"
    approved_by = f"{municipality} tarybos {lt.long_date(decision.date)} sprendimu Nr. {decision.number} {act}"
    plan_changes = what_changes(changes) if changes is not None else []
    method_changes = what_changes(changes, indicators_only=True) if changes is not None else []
    how = ", ".join(plan_changes) + " ir išdėstant jį nauja redakcija" if plan_changes else \
        "ir išdėstyti jį nauja redakcija"
    method_how = ", ".join(method_changes) + " ir išdėstant ją nauja redakcija" if method_changes else \
        "ir išdėstyti ją nauja redakcija"
    return {
        "amended": f"{municipality} tarybos {lt.long_date(decision.date)} sprendimo Nr. {decision.number} {act} pakeitimo",
        "point": f"Pakeisti {title.accusative}, patvirtintą {approved_by}, {how} (pridedama).",
        "methodology_point": (f"Pakeisti {title.genitive} įgyvendinimo stebėsenos metodiką, patvirtintą {approved_by}, "
                              f"{method_how} (pridedama)."),
        "acts": (f"Sprendimu keičiamas {municipality} tarybos {lt.long_date(decision.date)} sprendimas Nr. "
                 f"{decision.number} {act}: juo patvirtinti dokumentai išdėstomi nauja redakcija; kitų teisės aktų "
                 "keisti nereikės."),
        "edition": (f"{municipality} tarybos {lt.long_date(amendment.date)} sprendimo Nr. "
                    f"{amendment.number or BLANK_NUMBER} redakcija"),
    }


def changes_of(plan: Plan) -> Changes:
    """Return what changed since the approved edition the build loaded, computed once per build."""
    if plan.derived.changes is None:
        plan.derived.changes = changes(plan.derived.approved, plan)
    return plan.derived.changes


def methodology_changes(plan: Plan) -> bool:
    """Tell whether an amendment changes what the monitoring methodology holds: the indicators."""
    return bool(changes_of(plan).indicators)
