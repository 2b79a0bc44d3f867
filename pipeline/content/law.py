"""The law as data: the catalogue of cited acts (teises-aktai.yaml) and the citations made from it.

Content names what an act rests on by catalogue reference ("VSĮ:planai", "metodika") and by the
municipality's own acts; the catalogue says which provisions each kind of act rests on, when each
act and each provision's numbering was in force, and what a kind of act must not rest on. From it
the preamble is written in the numbering in force on the act's date, and check tells an act that
cites what was not in force on its date, or rests on the wrong provision.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..core import lt
from ..core.write import today

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

# The kinds of act the documents are, as the catalogue names them.
PLAN, AMENDMENT, REPORT, CONCEPT, ORDER, REGULATIONS = (
    "planas", "pakeitimas", "ataskaita", "koncepcija", "potvarkis", "reglamentas")

# How an act's kind is cited: instrumental ("… sprendimu"), genitive and accusative.
KIND_FORMS = {
    "sprendimas": ("sprendimu", "sprendimo", "sprendimą"),
    "potvarkis": ("potvarkiu", "potvarkio", "potvarkį"),
    "įsakymas": ("įsakymu", "įsakymo", "įsakymą"),
    "nutarimas": ("nutarimu", "nutarimo", "nutarimą"),
}
CASES = ("įnagininkas", "kilmininkas", "galininkas")
# The words of a provision by case: (singular, plural) for article, part and point.
_WORDS = {
    "įnagininkas": {"straipsnis": ("straipsniu", "straipsniais"), "dalis": ("dalimi", "dalimis"),
                    "punktas": ("punktu", "punktais")},
    "galininkas": {"straipsnis": ("straipsnį", "straipsnius"), "dalis": ("dalį", "dalis"),
                   "punktas": ("punktą", "punktus")},
    "vardininkas": {"straipsnis": ("straipsnis", "straipsniai"), "dalis": ("dalis", "dalys"),
                    "punktas": ("punktas", "punktai")},
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


class Numbering(_Model):
    """Where a provision stood in its law during a period: article, part, point."""

    since: dt.date | None = Field(None, alias="nuo")
    until: dt.date | None = Field(None, alias="iki")
    article: int = Field(alias="straipsnis")
    part: int | None = Field(None, alias="dalis")
    point: int | None = Field(None, alias="punktas")
    source: Text = Field(alias="šaltinis")
    certainty: Text | None = Field(None, alias="patikimumas")

    def in_force(self, on: dt.date) -> bool:
        """Tell whether this numbering was the law's on a day."""
        return (self.since is None or self.since <= on) and (self.until is None or on <= self.until)

    @property
    def place(self) -> tuple[int, int | None, int | None]:
        return (self.article, self.part, self.point)


class Provision(_Model):
    about: Text = Field(alias="apie")
    numbering: list[Numbering] = Field(alias="numeracija", min_length=1)

    def at(self, on: dt.date) -> Numbering | None:
        """Return the numbering in force on a day, or None when the provision was not in force."""
        return next((n for n in self.numbering if n.in_force(on)), None)


class Edition(_Model):
    number: Text = Field(alias="numeris")
    date: dt.date = Field(alias="data")
    since: dt.date | None = Field(None, alias="galioja_nuo")
    source: Text = Field(alias="šaltinis")


class DocumentForms(_Model):
    """A document an act approved, with its participle, by case: „Strateginio valdymo metodika, patvirtinta“."""

    nominative: Text = Field(alias="vardininkas")
    genitive: Text = Field(alias="kilmininkas")
    accusative: Text = Field(alias="galininkas")
    instrumental: Text = Field(alias="įnagininkas")


class LawAct(_Model):
    kind: Text = Field(alias="rūšis")
    issuer: Text = Field(alias="leidėjas")
    issuer_genitive: Text | None = Field(None, alias="leidėjo_kilmininkas")
    date: dt.date = Field(alias="data")
    number: Text = Field(alias="numeris")
    title: Text = Field(alias="pavadinimas")
    genitive: Text | None = Field(None, alias="kilmininkas")
    accusative: Text | None = Field(None, alias="galininkas")
    instrumental: Text | None = Field(None, alias="įnagininkas")
    document: DocumentForms | None = Field(None, alias="dokumentas")
    since: dt.date = Field(alias="galioja_nuo")
    until: dt.date | None = Field(None, alias="galioja_iki")
    source: Text = Field(alias="šaltinis")
    certainty: Text | None = Field(None, alias="patikimumas")
    editions: list[Edition] = Field(default_factory=list, alias="redakcijos")
    amendments: list[Edition] = Field(default_factory=list, alias="pakeitimai")
    provisions: dict[str, Provision] = Field(default_factory=dict, alias="nuostatos")

    @property
    def is_law(self) -> bool:
        return self.kind == "įstatymas"

    def in_force(self, on: dt.date) -> bool:
        return self.since <= on and (self.until is None or on <= self.until)


class Catalogue(_Model):
    acts: dict[str, LawAct] = Field(alias="aktai")
    bases: dict[str, list[str]] = Field(alias="pagrindai")
    wrong: dict[str, dict[str, Text]] = Field(alias="netinka")


@functools.cache
def catalogue() -> Catalogue:
    """Return the catalogue shipped with the pipeline (checked once: a broken catalogue is a defect)."""
    text = resources.files("pipeline.content").joinpath("teises-aktai.yaml").read_text(encoding="utf-8")
    # libyaml where PyYAML has it: the pure Python parser takes most of a check's time on this file.
    found = Catalogue.model_validate(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    for kind, refs in list(found.bases.items()) + [(k, list(v)) for k, v in found.wrong.items()]:
        for ref in refs:
            resolve(ref, found)  # every reference the catalogue makes names an act and a provision it has
    return found


def resolve(ref: str, cat: Catalogue | None = None) -> tuple[str, LawAct, Provision | None]:
    """Return the act (and provision) a reference "VSĮ:planai" or "metodika" names; KeyError if unknown."""
    cat = cat or catalogue()
    key, _, provision = ref.partition(":")
    act = cat.acts[key.strip()]
    return key.strip(), act, act.provisions[provision.strip()] if provision else None


def references() -> list[str]:
    """Return every reference content may use, in catalogue order."""
    cat = catalogue()
    return [ref for key, act in cat.acts.items() for ref in [key] + [f"{key}:{p}" for p in act.provisions]]


# ---------------------------------------------------------------- writing citations


def provision_text(numbers: list[tuple[int, int | None, int | None]], case: str = "įnagininkas",
                   last: bool = True) -> str:
    """Return places in one law as Lithuanian acts write them, in a case.

    [(15, 2, 32)] → "15 straipsnio 2 dalies 32 punktu"; [(25, 5, None), (27, 2, 10), (27, 2, 26)] →
    "25 straipsnio 5 dalimi ir 27 straipsnio 2 dalies 10 ir 26 punktais"; [(22, 2, None), (22, 3, None)] →
    "22 straipsnio 2 ir 3 dalimis". Places are joined with "ir" before the last only when `last` (the
    law ends the list): otherwise commas, the list's own "ir" coming before its last item.
    """
    words = _WORDS[case]
    groups: dict[tuple, list[int]] = {}
    for article, part, point in numbers:
        if point is not None:
            groups.setdefault((article, part, "punktas"), []).append(point)
        elif part is not None:
            groups.setdefault((article, None, "dalis"), []).append(part)
        else:
            groups.setdefault((None, None, "straipsnis"), []).append(article)
    out = []
    for (article, part, level), values in groups.items():
        values = list(dict.fromkeys(values))
        word = words[level][len(values) > 1]
        head = (f"{article} straipsnio " if article is not None else "") + (f"{part} dalies " if part is not None else "")
        out.append(f"{head}{_and([str(v) for v in values])} {word}")
    return _and(out) if last else ", ".join(out)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " ir " + items[-1]


def act_reference(act: LawAct, case: str = "įnagininkas") -> str:
    """Return a whole act as a reference names it: issuer, date, kind, number and title (or the law's name)."""
    if act.is_law:
        return {"įnagininkas": act.instrumental, "kilmininkas": act.genitive, "galininkas": act.accusative}[case]
    issued = f"{act.issuer_genitive} {lt.long_date(act.date)} {KIND_FORMS[act.kind][0]} Nr. {act.number} „{act.title}“"
    document = {"įnagininkas": act.document.instrumental, "kilmininkas": act.document.genitive,
                "galininkas": act.document.accusative}[case] if act.document else ""
    return f"{document} {issued}" if document else issued


@dataclass(frozen=True)
class OwnAct:
    """A municipality's own act a preamble cites, as content gives it."""

    issuer: str  # genitive: "Kauno miesto savivaldybės tarybos"
    kind: str  # sprendimas, potvarkis, įsakymas, nutarimas
    date: dt.date
    number: str
    title: str
    document: str | None = None  # what it approved, in the instrumental with its participle

    def cited(self, case: str = "įnagininkas") -> str:
        """Return "Kauno miesto savivaldybės tarybos 2021 m. … sprendimu Nr. T-50 „Dėl …“" (with the document)."""
        index = CASES.index(case)
        issued = f"{self.issuer} {lt.long_date(self.date)} {KIND_FORMS[self.kind][index]} Nr. {self.number} „{self.title}“"
        if self.document and case == "įnagininkas":
            return f"{self.document} {self.issuer} {lt.long_date(self.date)} {KIND_FORMS[self.kind][0]} Nr. " \
                   f"{self.number} „{self.title}“"
        return issued


def basis(kind: str, on: dt.date, refs: list[str] = ()) -> list[tuple[str, LawAct, Numbering | None]]:
    """Return what an act of a kind rests on, on its date: the catalogue's bases in force, then content's refs.

    Each item is (act key, act, numbering); numbering is None for a whole act. A reference not in force
    on the day is left out (check reports those content names).
    """
    cat = catalogue()
    items: list[tuple[str, LawAct, Numbering | None]] = []
    seen: set[tuple] = set()
    for ref in list(cat.bases.get(kind, [])) + list(refs):
        try:
            key, act, provision = resolve(ref)
        except KeyError:
            continue
        if not act.in_force(on):
            continue
        numbering = provision.at(on) if provision else None
        if provision is not None and numbering is None:
            continue
        mark = (key, numbering.place if numbering else None)
        if mark not in seen:
            seen.add(mark)
            items.append((key, act, numbering))
    return items


def citations(kind: str, on: dt.date, refs: list[str] = (), own: list[OwnAct] = (),
              case: str = "įnagininkas") -> list[str]:
    """Return each cited act as a preamble names it, laws first in catalogue order, then own acts.

    The catalogue's bases of the kind come before `refs`; no kind ("") cites `refs` alone (a preamble
    passes the bases in `refs` itself).
    """
    cat = catalogue()
    grouped: dict[str, list] = {}
    for key, act, numbering in basis(kind, on, refs):
        grouped.setdefault(key, []).append(numbering)
    out = []
    keys = [k for k in cat.acts if k in grouped]
    for i, key in enumerate(keys):
        act, numbers = cat.acts[key], grouped[key]
        places = [n.place for n in numbers if n is not None]
        if places and act.is_law:
            out.append(f"{act.genitive} {provision_text(places, case, last=i == len(keys) - 1 and not own)}")
        else:
            out.append(act_reference(act, case))
    return out + [a.cited(case) for a in own]


def preamble(kind: str, on: dt.date, refs: list[str] = (), own: list[OwnAct] = (), free: str | None = None) -> str:
    """Return the text after "Vadovaudamasi": "… 15 straipsnio 2 dalies 32 punktu, … 22 straipsnio 2 dalimi ir …".

    A law that the free text itself names is cited there only, as typed (check holds it to the calendar).
    """
    named = laws_named(free) if free else set()
    cat = catalogue()
    kept = [r for r in list(cat.bases.get(kind, [])) + list(refs) if r.partition(":")[0].strip() not in named]
    items = citations("", on, kept, own)
    text = _and(items) if items else ""
    if free:
        text = f"{text}, {free}" if text else free
    return text


def regulation(kind: str, on: dt.date) -> str:
    """Return what the law says of an act of a kind, for an explanatory note's "current regulation" point."""
    cat = catalogue()
    sentences = []
    for key, act, numbering in basis(kind, on):
        if numbering is None:
            continue
        provision = next(p for p in act.provisions.values() if numbering in p.numbering)
        sentences.append(f"pagal {act.genitive} {provision_text([numbering.place], 'galininkas')} {provision.about}")
    methodology = cat.acts.get("metodika")
    if kind in (PLAN, AMENDMENT, REPORT) and methodology is not None and methodology.in_force(on):
        sentences.append(f"savivaldybės strateginis plėtros planas rengiamas, keičiamas ir jo įgyvendinimas stebimas "
                         f"pagal {act_reference(methodology, 'galininkas')}")
    if not sentences:
        return ""
    text = "; ".join(sentences)
    return text[0].upper() + text[1:] + "."


# A place in a law as free text writes it: "16 straipsnio 2 dalies 40 punktu", "22 straipsnio 2 dalimi",
# "6 straipsnio 22 punktu", "27 straipsnio 2 dalies 10 ir 26 punktais", "11 straipsniu".
_NUM_LIST = r"\d+(?:\s*(?:,|ir)\s*\d+)*"
PLACE = re.compile(rf"(\d+)\s+straipsni\w*(?:\s+({_NUM_LIST})\s+dal\w*)?(?:\s+({_NUM_LIST})\s+punkt\w*)?",
                    re.IGNORECASE)


def numbers_in(text: str | None) -> list[int | None]:
    return [int(n) for n in re.findall(r"\d+", text)] if text else [None]


def law_hits(text: str) -> list[tuple[int, int, str, str, LawAct]]:
    """Return where free text names a catalogued law: (start, end, case ending, key, act), in order."""
    flat = " ".join(text.split())
    hits = []
    for key, act in catalogue().acts.items():
        if not act.is_law:
            continue
        stem = act.genitive.removeprefix("Lietuvos Respublikos ").rsplit(" ", 1)[0]  # "vietos savivaldos"
        for match in re.finditer(rf"{re.escape(stem)}\s+įstatym(o|u|ą|as)\b", flat, re.IGNORECASE):
            hits.append((match.start(), match.end(), match.group(1).lower(), key, act))
    return sorted(hits, key=lambda h: h[0])


def laws_named(text: str) -> set[str]:
    """Return the catalogue keys of the laws free text names."""
    return {key for _, _, _, key, _ in law_hits(text)}


def act_day(date: dt.date | None, submitted: dt.date | None = None) -> dt.date:
    """Return the day whose law an act cites: its date; a draft's, the day it is submitted, else the build's day."""
    return date or submitted or today()
