"""The content schema of the plan's life: monitoring (stebesena.yaml), the yearly reports
(stebesena/<metai>.yaml), an amendment (pakeitimas.yaml), news, participation and the site (svetaine.yaml).

Like schema.py: keys are Lithuanian aliases, attribute names English, descriptions what an editor shows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .schema import (BASIS_HELP, FREE_BASIS_HELP, STATUSES, Adoptable, BasisItem, Decision, ExplanatoryNote, F, Model, Money,
                     Status, Text, Value, Year, one_of)


# ---------------------------------------------------------------- stebesena.yaml


class MonitoringFile(Model):
    """stebesena.yaml: how the plan's implementation is monitored."""

    organiser: Text = F("organizuoja", "Kas organizuoja Plano įgyvendinimo stebėseną, vardininku: „Savivaldybės meras“; "
                        "tai cituoja ir planas, ir metodika")
    monitors: Text = F("vykdo", "Kas vykdo stebėseną: kas renka duomenis ir rengia ataskaitą")
    frequency: Text = F("dažnumas", "Kaip dažnai renkami duomenys ir vertinama")
    report_day: Text = F("ataskaitos_terminas", "Iki kada metinė ataskaita teikiama tarybai")
    deviation: Annotated[Decimal, Field(ge=0, le=100)] = F(
        "nuokrypis_proc", "Kiek procentų rodiklis gali atsilikti, kol siūloma peržiūrėti planą", default=Decimal(10))
    revision: Text = F("peržiūra", "Kaip nuokrypiai lemia plano peržiūrą (nuokrypio ribą šablonas jau nurodo)")
    participants: list[Text] = F("dalyviai", "Kas dalyvauja stebėsenoje", default_factory=list)
    executors_deadline: Text | None = F("vykdytojų_terminas", "Iki kada (kitų metų) vykdytojai grąžina užpildytas "
                                        "formas: „kovo 1 d.“; nenurodžius – terminas iš „dažnumas“ („… iki kovo 1 "
                                        "d. …“)", default=None)
    contact: Text | None = F("kontaktai", "Kam grąžinti formas ir kur kreiptis (formose): vardas, telefonas, "
                             "el. paštas", default=None)
    data_owner: Text = F("duomenis_apibendrina", "Kas surenka ir apibendrina rodiklių duomenis; rodiklių kortelėse "
                         "jis atsakingas už poveikio ir rezultato rodiklius, kurių „atsakingas“ nenurodytas",
                         default="Savivaldybės administracija")


# ---------------------------------------------------------------- stebesena/<metai>.yaml

CouncilAction = Literal["tvirtina", "pritaria"]
COUNCIL_ACTIONS: tuple[str, ...] = CouncilAction.__args__
APPROVES, TAKES_NOTE = COUNCIL_ACTIONS


class ReportedValue(Model):
    value: Value | None = F("reikšmė", "Faktinė rodiklio reikšmė tais metais; tuščia (~) – duomenų dar nėra",
                            default=None)
    note: Text | None = F("pastaba", "Pastaba apie reikšmę", default=None)
    source_date: dt.date | None = F("šaltinio_data", "Kada duomenys paskelbti ar gauti (MMMM-MM-DD)", default=None)


class MeasureReport(Model):
    status: Status = F("būklė", one_of(STATUSES))
    used: dict[str, Money] = F("panaudota", "Tais metais panaudotos lėšos eurais pagal šaltinį (šaltiniai – "
                               "strategija.yaml)", default_factory=dict)
    account: Text | None = F("kas_atlikta", "Trumpai: kas tais metais atlikta", default=None)


class DeviationNote(Model):
    explanation: Text = F("paaiškinimas", "Kodėl rodiklis atsilieka nuo planuotos reikšmės")
    action: Text | None = F("veiksmai", "Kokie korekciniai veiksmai siūlomi", default=None)


class ReportDecision(Adoptable, Model):
    number: Text | None = F("numeris", "Tarybos sprendimo dėl ataskaitos numeris; nenurodžius – projektas",
                            default=None)
    date: dt.date | None = F("data", "Sprendimo data (MMMM-MM-DD)", default=None)
    basis: list[BasisItem] = F("pagrindas", BASIS_HELP, default_factory=list)
    legal_basis: Text | None = F("teisinis_pagrindas", FREE_BASIS_HELP + "; be kablelio pabaigoje", default=None)
    action: CouncilAction = F("taryba", "Ką taryba daro su ataskaita: „tvirtina“ (patvirtinti) arba „pritaria“ "
                              "(pritarti)", default=APPROVES)
    closing: list[Text] = F("baigiamosios_nuostatos", "Apskundimo nuostatos (skelbimo sakinį rašo įrankis); "
                            "nenurodžius – įprastas sakinys", default_factory=list)
    signer: Text | None = F("pasirašo", "Pareigos parašo eilutėje; nenurodžius – mero pareigos iš planas.yaml",
                            default=None)
    signer_name: Text | None = F("pasirašančiojo_vardas", "Vardas ir pavardė; nenurodžius – meras iš planas.yaml",
                                 default=None)


class YearReportFile(Model):
    """stebesena/<metai>.yaml: what was done and measured in one year of the plan."""

    year: Year = F("metai", "Ataskaitiniai metai; sutampa su failo pavadinimu")
    prepared_by: Text = F("parengė", "Kas parengė ataskaitą (padalinys)")
    decision: ReportDecision = F("sprendimas", "Tarybos sprendimo dėl ataskaitos duomenys")
    indicators: dict[str, ReportedValue] = F("rodikliai", "Rodiklių reikšmės pagal rodiklio kodą; rodiklis be "
                                             "reikšmės ataskaitoje rodomas kaip „duomenų nėra“", default_factory=dict)
    measures: dict[str, MeasureReport] = F("priemonės", "Priemonių būklė ir lėšos pagal priemonės „id“",
                                           default_factory=dict)
    deviations: dict[str, DeviationNote] = F("nuokrypiai", "Nuokrypių paaiškinimai pagal rodiklio kodą",
                                             default_factory=dict)
    note: ExplanatoryNote | None = F("aiškinamasis_raštas", "Sprendimo projekto aiškinamasis raštas; nenurodžius – "
                                     "jis nerengiamas", default=None)


# ---------------------------------------------------------------- pakeitimas.yaml


class Comparison(Model):
    author: Text = F("autorius", "Kieno vardu žymimi pakeitimai lyginamajame variante, pvz., skyriaus pavadinimas")
    date: dt.date = F("data", "Pakeitimų data lyginamajame variante (MMMM-MM-DD)")


class AmendmentFile(Model):
    """pakeitimas.yaml: the council decision amending the approved plan, its note, and the comparison's marks."""

    decision: Decision = F("sprendimas", "Keičiančio tarybos sprendimo duomenys (be numerio ar datos – projektas)")
    note: ExplanatoryNote = F("aiškinamasis_raštas", "Keičiančio sprendimo projekto aiškinamasis raštas")
    comparison: Comparison = F("lyginamasis_variantas", "Lyginamojo varianto pakeitimų autorius ir data")



# ---------------------------------------------------------------- naujienos/*.md and dalyvavimas.yaml


class NewsFront(Model):
    """The heading of a hand-written news item (naujienos/*.md), between "---" lines."""

    date: dt.date = F("data", "Naujienos data (MMMM-MM-DD)")
    title: Text = F("pavadinimas", "Naujienos antraštė")


class Proposal(Model):
    author: Text = F("teikėjas", "Kas pateikė pasiūlymą (gyventojas, organizacija)")
    text: Text = F("pasiūlymas", "Pasiūlymo santrauka")
    decision: Text = F("sprendimas", "Kaip į pasiūlymą atsižvelgta arba kodėl ne")


Link = Annotated[str, StringConstraints(pattern=r"^https://[^\s\"'<>]+$", max_length=500)]


class AccessibilityStatement(Model):
    """The website's accessibility statement (prieinamumo deklaracija)."""

    conformity: Text = F("atitiktis", "Kiek svetainė atitinka prieinamumo reikalavimus (WCAG 2.1 AA, LST EN 301 549)")
    exceptions: list[Text] = F("neprieinama", "Kas dar neprieinama ir kodėl", default_factory=list)
    contact: Text = F("kontaktai", "Kur pranešti apie prieinamumo problemas")
    prepared: dt.date = F("parengta", "Deklaracijos parengimo ar peržiūros data (MMMM-MM-DD)")


class SiteFile(Model):
    """svetaine.yaml: what the website says of itself: data licence, address, register links, accessibility."""

    licence: Text | None = F("licencija", "Atvirų duomenų licencija, pvz., „CC BY 4.0“", default=None)
    address: Link | None = F("adresas", "Svetainės adresas internete (https://…): nuorodoms dalintis", default=None)
    acts: dict[str, Link] = F("registras", "Aktų nuorodos Teisės aktų registre pagal akto numerį, pvz., "
                                  "„T-250: https://www.e-tar.lt/…“", default_factory=dict)
    accessibility: AccessibilityStatement | None = F("prieinamumas", "Prieinamumo deklaracija", default=None)


class ParticipationFile(Model):
    """dalyvavimas.yaml: how residents take part, until when, and the proposals received."""

    how: Text = F("kaip", "Kaip gyventojai gali teikti pasiūlymus")
    until: dt.date | None = F("iki", "Iki kada priimami pasiūlymai (MMMM-MM-DD)", default=None)
    contact: Text | None = F("kontaktai", "Kam ir kur siųsti: el. paštas, adresas", default=None)
    proposals: list[Proposal] = F("pasiūlymai", "Gautų pasiūlymų santrauka", default_factory=list)
