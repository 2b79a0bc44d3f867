"""The law's calendar in check: a citation of an act or provision not in force on the act's day, a provision
wrong for the act's kind, and a free-text article the catalogue can tell was not in force (law.py holds the
catalogue and the wording)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..core import lt
from . import schema
from .law import (AMENDMENT, CONCEPT, ORDER, PLAN, REGULATIONS, REPORT, LawAct, Numbering, law_hits, numbers_in,
                  PLACE, catalogue, provision_text, references, resolve)


# The key an act's catalogue references are written under (a decision's, an order's, a report decision's alike).
BASIS = schema.key(schema.Decision, "basis")


@dataclass(frozen=True)
class Finding:
    """What is wrong with a citation: an error, or a warning when it cannot be told."""

    message: str
    error: bool = True


def day(value: dt.date) -> str:
    """Return a date as messages give it: "2021 m. sausio 1 d. (2021-01-01)"."""
    return f"{lt.long_date(value)} ({value.isoformat()})"


def check_reference(ref: str, kind: str, on: dt.date) -> Finding | None:
    """Return what is wrong with citing a catalogue reference in an act of a kind on a day, or None."""
    try:
        key, act, provision = resolve(ref)
    except KeyError:
        from ..core.errors import close_hint

        return Finding(f"teisės aktų kataloge nėra nuorodos „{ref}“{close_hint(ref, references())}")
    reason = catalogue().wrong.get(kind, {}).get(_canonical(ref))
    if reason:
        return Finding(f"{_kind_name(kind)} negali remtis nuostata „{ref}“: {reason}")
    if on < act.since:
        return Finding(f"{act.title} įsigalioja tik {day(act.since)}, o akto data – {day(on)}: "
                       "aktas gali remtis tik tuo, kas galiojo jo dieną")
    if act.until is not None and on > act.until:
        return Finding(f"{act.title} nebegalioja nuo {day(act.until + dt.timedelta(days=1))}, o akto data – {day(on)}")
    if provision is not None and provision.at(on) is None:
        spans = "; ".join(_span(n) + f" – {provision_text([n.place], 'įnagininkas')}" for n in provision.numbering)
        return Finding(f"nuostata „{ref}“ akto dieną, {day(on)}, negaliojo: {spans}")
    return None


def _canonical(ref: str) -> str:
    key, sep, provision = ref.partition(":")
    return f"{key.strip()}{sep}{provision.strip()}"


def _span(n: Numbering) -> str:
    since = f"nuo {n.since.isoformat()}" if n.since else ""
    until = f"iki {n.until.isoformat()}" if n.until else ""
    return " ".join(x for x in (since, until) if x) or "visada"


def _kind_name(kind: str) -> str:
    return {PLAN: "Plano tvirtinimo sprendimas", AMENDMENT: "Plano keitimo sprendimas",
            REPORT: "Sprendimas dėl ataskaitos", CONCEPT: "Sprendimas dėl koncepcijos",
            ORDER: "Potvarkis", REGULATIONS: "Reglamentas"}.get(kind, "Aktas")


def scan(text: str, kind: str, on: dt.date) -> list[Finding]:
    """Return what free text citing a catalogued law names that was not in force on the day, or is wrong.

    A law is found by its name in the genitive or instrumental; the places that follow it, up to the
    next law named, are its articles. A place the catalogue does not know is a warning (it cannot tell).
    """
    flat = " ".join(text.split())
    hits = law_hits(text)
    findings: list[Finding] = []
    for i, (start, end, ending, key, act) in enumerate(hits):
        if not act.in_force(on):
            findings.append(Finding(f"teisiniame pagrinde minimas {act.title} įsigalioja tik {day(act.since)}, "
                                    f"o akto data – {day(on)}"))
            continue
        if ending != "o":
            continue  # the whole law ("… įstatymu"): in force, nothing more to tell
        segment = flat[end:hits[i + 1][0] if i + 1 < len(hits) else len(flat)]
        at = 0
        while place := PLACE.match(segment, at + len(segment[at:]) - len(segment[at:].lstrip(" ,")) ):
            for part in numbers_in(place.group(2)):
                for point in numbers_in(place.group(3)):
                    finding = _check_place(key, act, (int(place.group(1)), part, point), kind, on)
                    if finding:
                        findings.append(finding)
            follows = re.match(r"\s*(?:,|ir)\s*(?=\d+\s+straipsni)", segment[place.end():])
            if not follows:
                break  # the list of this law's places ended
            at = place.end() + follows.end()
    return findings


def _check_place(key: str, act: LawAct, place: tuple, kind: str, on: dt.date) -> Finding | None:
    """Return what is wrong with citing a law's place on a day, or None when it is right."""
    written = provision_text([place], "įnagininkas")
    for name, provision in act.provisions.items():
        for numbering in provision.numbering:
            if numbering.place != place:
                continue
            if not numbering.in_force(on):
                current = provision.at(on)
                now = (f"; tą dieną ši nuostata buvo {provision_text([current.place], 'vardininkas')}"
                       if current else "")
                return Finding(f"{act.genitive} {written} negalima remtis akto dieną, {day(on)}: ši numeracija galiojo "
                               f"{_span(numbering)}{now}")
            reason = catalogue().wrong.get(kind, {}).get(f"{key}:{name}")
            if reason:
                return Finding(f"{_kind_name(kind)} negali remtis {act.genitive} {written}: {reason}")
            return None
    return Finding(f"{act.genitive} {written}: teisės aktų kataloge tokios nuostatos nėra, todėl nepatikrinta, ar ji "
                   f"galiojo {day(on)} – geriau nurodykite katalogo nuorodą lauke „{BASIS}“", error=False)
