"""The site's open data: the plan and its reported values as CSV tables and one JSON file (duomenys.html
documents their structure). Numbers are data here: a decimal point, no grouping."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from ...content.model import Plan
from .data import SiteData


def _plain(value: Decimal | None) -> str:
    """Return a number as data: a decimal point, no grouping ("1234.5"); "" for none."""
    return "" if value is None else format(value.normalize(), "f") if value == value.to_integral() else str(value)


def _json_number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral() else float(value)


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    """Return a table as CSV: UTF-8 with a byte-order mark (spreadsheets read the letters), comma-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


INDICATOR_COLUMNS = ["kodas", "pavadinimas", "matas", "lygis", "prioritetas", "tikslas", "šaltinis",
                     "pradinė_reikšmė", "pradiniai_metai", "tarpinė_reikšmė", "tarpiniai_metai", "siektina_reikšmė",
                     "siektini_metai", "ataskaitiniai_metai", "planuota_reikšmė", "faktinė_reikšmė", "būklė",
                     "pokytis_per_metus", "ankstesnė_reikšmė", "ankstesnės_reikšmės_metai", "pastaba"]
MEASURE_COLUMNS = ["numeris", "id", "pavadinimas", "vykdytojas", "prioritetas", "tikslas", "laikotarpis",
                   "suplanuota_eur", "rodikliai", "ataskaitiniai_metai", "būklė", "kas_atlikta",
                   "panaudota_per_metus_eur", "panaudota_iki_metų_pabaigos_eur"]


def indicators_csv(data: SiteData) -> bytes:
    rows = []
    for i in data.indicators:
        ind = i.indicator
        earlier = i.standing.earlier if i.standing and i.value is None else None
        rows.append([i.code, i.name, i.unit, i.level, str(i.priority[0]) if i.priority else "",
                     i.goal[0] if i.goal else "", i.source, _plain(ind.baseline), str(ind.baseline_year),
                     _plain(ind.intermediate), str(ind.intermediate_year or ""), _plain(ind.target), str(i.end_year),
                     str(i.year or ""), _plain(i.planned), _plain(i.value), i.status if i.standing else "",
                     _plain(i.trend), _plain(earlier[1]) if earlier else "", str(earlier[0]) if earlier else "",
                     i.note])
    return csv_bytes(INDICATOR_COLUMNS, rows)


def measures_csv(data: SiteData) -> bytes:
    rows = [[m.number, m.key or "", m.name, m.executor, str(m.priority[0]), m.goal[0], m.period_text,
             _plain(m.total), ", ".join(m.indicators), str(m.year or ""), m.status, m.account,
             _plain(sum((a for _, a in m.used_year), Decimal(0))) if m.status else "",
             _plain(m.used_total) if m.status else ""] for m in data.measures]
    return csv_bytes(MEASURE_COLUMNS, rows)


def values_csv(data: SiteData) -> bytes:
    """Return every indicator's values by year (the table of each indicator's page, all in one file)."""
    return csv_bytes(["kodas", "metai", "reikšmė", "siektinos_pasiekta_proc", "būklė"],
                     [[i.code, str(v.year), _plain(v.value), _plain(v.reached.quantize(Decimal("0.1"))), v.status]
                      for i in data.indicators for v in i.history])


def plan_json(plan: Plan, data: SiteData, priorities: list, about: dict) -> bytes:
    """Return the whole plan and its reported values as JSON (structure documented on duomenys.html)."""
    ind = {i.code: i for i in data.indicators}
    by_number = {m.number: m for m in data.measures}
    document = {
        "struktūra": "duomenys.html",
        **about,
        "ataskaitiniai_metai": data.year,
        "prioritetai": [{
            "id": p.key, "numeris": p.number, "pavadinimas": p.name, "aprašymas": p.description,
            "tikslai": [{
                "numeris": g.number, "pavadinimas": g.name, "rodikliai": list(g.indicators),
                "santrauka": next((gp.summary for pp in data.priorities for gp in pp.goals
                                   if gp.number == g.number), "") or None,
                "uždaviniai": [{"numeris": o.number, "pavadinimas": o.name, "rodikliai": list(o.indicators),
                                "priemonės": [m.number for m in o.measures]} for o in g.objectives],
            } for g in p.goals]} for p in priorities],
        "rodikliai": [{
            "kodas": i.code, "pavadinimas": i.name, "matas": i.unit, "lygis": i.indicator.level,
            "šaltinis": i.source, "apibrėžimas": i.definition, "skaičiavimas": i.method, "dažnumas": i.frequency,
            "atsakingas": i.responsible,
            "pradinė": {"reikšmė": _json_number(i.indicator.baseline), "metai": i.indicator.baseline_year},
            "tarpinė": ({"reikšmė": _json_number(i.indicator.intermediate), "metai": i.indicator.intermediate_year}
                        if i.indicator.intermediate is not None else None),
            "siektina": {"reikšmė": _json_number(i.indicator.target), "metai": i.end_year},
            "reikšmės": [{"metai": y, "reikšmė": _json_number(r.indicators[i.code].value),
                          "pastaba": r.indicators[i.code].note}
                         for y, r in sorted(plan.reports.items()) if i.code in r.indicators],
            "būklė": {"metai": i.year, "planuota": _json_number(i.planned), "faktinė": _json_number(i.value),
                      "būklė": i.status, "pokytis": _json_number(i.trend),
                      "ankstesnė": ({"metai": i.standing.earlier[0], "reikšmė": _json_number(i.standing.earlier[1])}
                                    if i.standing and i.value is None and i.standing.earlier else None)}
            if i.standing else None,
        } for i in ind.values()],
        "priemonės": [{
            "numeris": m.number, "id": m.key, "pavadinimas": m.name, "vykdytojas": m.executor,
            "laikotarpis": m.period_text, "finansavimas": {s: _json_number(a) for s, a in m.financing},
            "iš_viso": _json_number(m.total), "rodikliai": list(m.indicators),
            "ataskaitos": [{"metai": y, "būklė": r.measures[m.key].status, "kas_atlikta": r.measures[m.key].account,
                            "panaudota": {s: _json_number(a) for s, a in r.measures[m.key].used.items()}}
                           for y, r in sorted(plan.reports.items()) if m.key and m.key in r.measures],
        } for m in by_number.values()],
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def plan_about(plan: Plan, trust) -> dict:
    """Return what planas.json says of itself: the plan, its period, the edition in force, the data's date."""
    return {"pavadinimas": plan.facts.plan.title.nominative, "savivaldybė": plan.facts.municipality.nominative,
            "laikotarpis": {"pradžia": plan.facts.plan.start, "pabaiga": plan.facts.plan.end},
            "redakcija": trust.edition or None, "registras": trust.register or None,
            "duomenų_data": trust.data_date.isoformat() if trust.data_date else None,
            "licencija": trust.licence or None}


def sources_csv(totals) -> bytes:
    """Return the plan's financing by source: amount and share."""
    return csv_bytes(["šaltinis", "suma_eur", "dalis"], [
        [t.name, str(t.amount), t.share_text.replace("\u00a0", " ")] for t in totals.by_source])


def documents_csv(groups: list, files: dict[str, bytes]) -> bytes:
    """Return every published document by act: its title, file, format and size."""
    return csv_bytes(["aktas", "data", "priimtas", "dokumentas", "failas", "formatas", "dydis_baitais"],
                     [[g.title, g.date.isoformat() if g.date else "", "taip" if g.adopted else "ne",
                       row.title, f.name, f.kind, str(len(files[f.name]))]
                      for g in groups for row in g.rows for f in row.files])


def proposals_csv(proposals: list) -> bytes:
    """Return the residents' proposals and what was decided of each."""
    return csv_bytes(["teikėjas", "pasiūlymas", "sprendimas"], [[p.author, p.text, p.decision] for p in proposals])
