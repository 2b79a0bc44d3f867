"""The content schema: what each content file holds, field by field.

Keys are Lithuanian (the officials' language) and are the aliases below; attribute names
are English. Each field's description is what an editor shows while an official types.
`make schema` writes these models as JSON Schema to schema/.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
YEARS = (1990, 2100)  # the years content may name
Year = Annotated[int, Field(ge=YEARS[0], le=YEARS[1])]
Value = Annotated[Decimal, Field(max_digits=18, decimal_places=4, allow_inf_nan=False)]
Money = Annotated[Decimal, Field(ge=0, max_digits=15, decimal_places=2, allow_inf_nan=False)]
Gender = Literal["vyras", "moteris"]
Role = Literal["pirmininkas", "pirmininko pavaduotojas", "sekretorius", "narys"]
GroupKind = Literal["teminė", "koordinacinė"]
Level = Literal["poveikio", "rezultato", "produkto"]

# The content's vocabulary, each value written once: in the Literal types above.
GENDERS: tuple[str, ...] = Gender.__args__
ROLES: tuple[str, ...] = Role.__args__  # in the order a composition lists members
GROUP_KINDS: tuple[str, ...] = GroupKind.__args__
LEVELS: tuple[str, ...] = Level.__args__  # from the widest to the narrowest
# What a yearly report says of a measure (the methodology's form lists them).
Status = Literal["įgyvendinta", "vykdoma", "nepradėta", "atidėta", "atsisakyta"]
STATUSES: tuple[str, ...] = Status.__args__
MALE, FEMALE = GENDERS
CHAIR, DEPUTY_CHAIR, SECRETARY, MEMBER = ROLES
THEMATIC, COORDINATING = GROUP_KINDS
IMPACT, RESULT, PRODUCT = LEVELS


def key(model: type[BaseModel], field: str) -> str:
    """Return the Lithuanian key a model's field is written as: key(GroupFile, "members") == "nariai"."""
    return model.model_fields[field].alias


def keys(model: type[BaseModel]) -> SimpleNamespace:
    """Return a model's Lithuanian keys by field name: keys(GroupFile).members == "nariai"."""
    return SimpleNamespace(**{name: info.alias for name, info in model.model_fields.items()})


def one_of(values: tuple[str, ...], quoted: bool = False) -> str:
    """Return "a, b arba c" (or „a“ arba „b“) for a field's help."""
    shown = [f"„{v}“" if quoted else v for v in values]
    return f"{', '.join(shown[:-1])} arba {shown[-1]}"


def F(alias: str, description: str, **kwargs):
    """Declare a field by its Lithuanian key and the help an editor shows for it."""
    return Field(alias=alias, description=description, **kwargs)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=False, frozen=True,
                              str_strip_whitespace=True, coerce_numbers_to_str=True)


class Adoptable:
    """An act that is a draft until adopted: an order, a council decision (its `number` and `date`)."""

    @property
    def is_draft(self) -> bool:
        """Tell whether the act is still a draft: its number or its date is not known yet."""
        return self.number is None or self.date is None


# ---------------------------------------------------------------- planas.yaml


class NameForms(Model):
    """The forms of a name the documents use; never guessed from the nominative."""

    nominative: Text = F("vardininkas", "Kas? – „Alytaus miesto savivaldybė“")
    genitive: Text = F("kilmininkas", "Ko? – „Alytaus miesto savivaldybės“")
    accusative: Text | None = F("galininkas", "Ką? – „Alytaus miesto savivaldybę“", default=None)


class Mayor(Model):
    name: Text = F("vardas", "Mero vardas ir pavardė, kaip jie rašomi po parašu")
    gender: Gender = F("lytis", f"{one_of(GENDERS, quoted=True)}: lemia „Vadovaudamasis“ / „Vadovaudamasi“")
    position: Text = F("pareigos", "Pareigos parašo eilutėje, pvz., „Savivaldybės meras“")


class PlanTitle(Model):
    nominative: Text = F("vardininkas", "„Alytaus miesto savivaldybės strateginis plėtros planas iki 2030 m.“")
    genitive: Text = F("kilmininkas", "„Alytaus miesto savivaldybės strateginio plėtros plano iki 2030 m.“")
    accusative: Text = F("galininkas", "„Alytaus miesto savivaldybės strateginį plėtros planą iki 2030 m.“")


class Act(Model):
    """A legal act as the register of legal acts names it."""

    date: dt.date = F("data", "Akto data (MMMM-MM-DD)")
    number: Text = F("numeris", "Registracijos numeris, pvz., „T2-90“")
    title: Text = F("pavadinimas", "Pavadinimas, kaip registre, be kabučių: „Dėl … patvirtinimo“")


ActKind = Literal["sprendimas", "potvarkis", "įsakymas", "nutarimas"]


class OwnAct(Model):
    """The municipality's own act a preamble cites (e.g. its strategic-planning procedure description)."""

    issuer: Text = F("leidėjas", "Kas priėmė, kilmininku: „Kauno miesto savivaldybės tarybos“, „… mero“")
    kind: ActKind = F("rūšis", "„sprendimas“, „potvarkis“, „įsakymas“ arba „nutarimas“")
    date: dt.date = F("data", "Akto data (MMMM-MM-DD)")
    number: Text = F("numeris", "Registracijos numeris, pvz., „T-50“")
    title: Text = F("pavadinimas", "Pavadinimas, kaip registre, be kabučių: „Dėl … patvirtinimo“")
    document: Text | None = F("dokumentas", "Kas tuo aktu patvirtinta, įnagininku su dalyviu: „Kauno miesto "
                              "savivaldybės strateginio planavimo tvarkos aprašu, patvirtintu“", default=None)


# What an act rests on: a reference to the catalogue of acts the pipeline ships ("VSĮ:planai",
# "SVĮ:22-2", "metodika"; see pipeline/content/teises-aktai.yaml) or the municipality's own act.
# The item's kind is told by its shape, so that a mistake is reported for that kind only.
BasisItem = Annotated[
    Annotated[Text, Tag("pagrindas")] | Annotated[OwnAct, Tag("savivaldybės aktas")],
    Discriminator(lambda v: "savivaldybės aktas" if isinstance(v, (dict, OwnAct)) else "pagrindas")]
BASIS_HELP = ("Kuo aktas remiasi, be to, ką pagal akto rūšį ir datą cituoja pats įrankis: teisės aktų katalogo "
              "nuorodos („VSĮ:planai“, „SVĮ:22-2“, „metodika“) ir savivaldybės aktai (leidėjas, rūšis, data, "
              "numeris, pavadinimas)")
FREE_BASIS_HELP = ("Laisvas tekstas preambulės pabaigoje, po katalogo ir savivaldybės aktų, pvz., „atsižvelgdama į …“; "
                   "įstatymų straipsnius rašykite lauke „pagrindas“")


class PreviousPlan(Model):
    """The plan this one replaces, repealed by the decision approving this one."""

    approved_by: Act = F("patvirtintas", "Tarybos sprendimas, kuriuo ankstesnis planas patvirtintas")
    repealed_from: dt.date | None = F("netenka_galios", "Nuo kada ankstesnis planas netenka galios (MMMM-MM-DD); "
                                      "nenurodžius – nuo sprendimo įsigaliojimo", default=None)


class PlanFacts(Model):
    title: PlanTitle = F("pavadinimas", "Plano pavadinimas linksniais")
    start: Year = F("pradžia", "Pirmieji plano įgyvendinimo metai")
    end: Year = F("pabaiga", "Paskutiniai plano įgyvendinimo metai")
    previous: PreviousPlan | None = F("ankstesnis", "Ankstesnis planas, kurį šis pakeičia: tarybos sprendimas, "
                                      "kuriuo jis patvirtintas", default=None)


class Stage(Model):
    name: Text = F("pavadinimas", "Etapo pavadinimas")
    start: dt.date = F("pradžia", "Etapo pradžia (MMMM-MM-DD)")
    end: dt.date = F("pabaiga", "Etapo pabaiga (MMMM-MM-DD)")


class Schedule(Model):
    start: dt.date = F("pradžia", "Darbo grupių darbo pradžia (MMMM-MM-DD)")
    end: dt.date = F("pabaiga", "Numatoma darbo pabaiga (MMMM-MM-DD)")
    stages: list[Stage] = F("etapai", "Darbo etapai eilės tvarka", default_factory=list)


class ExtraPoint(Model):
    verb: Text = F("veiksmažodis", "Veiksmažodis, rašomas išretintai, pvz., „Pavedu“, „Nustatau“")
    text: Text = F("tekstas", "Punkto tekstas po veiksmažodžio; jei reikia kablelio, pradėkite juo: „, kad …“")


class Order(Adoptable, Model):
    key: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$")] = F(
        "id", "Trumpas potvarkio žymuo (mažosiomis raidėmis, be tarpų), pvz., „temines“")
    number: Text | None = F("numeris", "Registracijos numeris, pvz., „M-18“; nenurodžius – projektas", default=None)
    date: dt.date | None = F("data", "Pasirašymo data (MMMM-MM-DD); nenurodžius – projektas", default=None)
    subject: Text = F("dėl", "Antraštė po „DĖL“, mažosiomis raidėmis, pvz., „… darbo grupių sudarymo“")
    basis: list[BasisItem] = F("pagrindas", BASIS_HELP, default_factory=list)
    legal_basis: Text | None = F("teisinis_pagrindas", FREE_BASIS_HELP + "; be dvitaškio pabaigoje", default=None)
    groups: list[str | int] = F("grupės", "Sudaromos darbo grupės: aplankų grupes/ pavadinimai, pvz., [\"01\", \"02\"]",
                                min_length=1)
    approves_regulations: bool = F("tvirtina_reglamentą", "Ar šiuo potvarkiu tvirtinamas darbo reglamentas", default=False)
    extra_points: list[ExtraPoint] = F("papildomi_punktai", "Papildomi potvarkio punktai", default_factory=list)


class Regulations(Model):
    meetings: Text = F("posėdžiai", "Kaip dažnai ir kaip šaukiami posėdžiai")
    reporting: Text = F("atskaitomybė", "Kam ir kaip darbo grupės atsiskaito")
    quorum: Annotated[int, Field(ge=50, le=100)] = F(
        "kvorumas", "Kiek procentų narių turi dalyvauti, kad posėdis būtų teisėtas", default=50)
    mandate_end: dict[GroupKind, Text] = F(
        "veiklos_pabaiga", "Kada baigia veiklą kiekvienos rūšies grupės, tekstas po „baigia veiklą, kai“: "
        "teminė: „Savivaldybės taryba patvirtina Planą“; koordinacinė: …", default_factory=dict)


class PlanFile(Model):
    """planas.yaml: the plan's facts, its orders and the groups' work schedule."""

    municipality: NameForms = F("savivaldybė", "Savivaldybės pavadinimas linksniais")
    city: Text = F("miestas", "Miestas, kuriame pasirašomas dokumentas, pvz., „Alytus“")
    coat_of_arms: Text | None = F("herbas", "Herbo paveikslėlis (PNG arba JPEG) plano aplanke", default=None)
    website: Text | None = F("svetainė", "Savivaldybės interneto svetainės adresas, pvz., „www.kaunas.lt“: sprendimai "
                             "skelbiami Teisės aktų registre ir joje", default=None)
    mayor: Mayor = F("meras", "Meras, pasirašantis potvarkius")
    plan: PlanFacts = F("planas", "Planas: pavadinimas ir laikotarpis")
    consultants: list[Text] = F("konsultantai", "Konsultantai, pvz., „UAB „Civitta““", default_factory=list)
    schedule: Schedule = F("darbo_grafikas", "Darbo grupių darbo grafikas")
    orders: list[Order] = F("potvarkiai", "Mero potvarkiai; pirmasis, sudarantis temines grupes, – order.docx",
                            min_length=1)
    regulations: Regulations = F("reglamentas", "Darbo reglamento dalys, priklausančios nuo plano")


# ---------------------------------------------------------------- grupes/NN/grupe.yaml


class Member(Model):
    name: Text = F("vardas", "Vardas ir pavardė")
    gender: Gender = F("lytis", f"{one_of(GENDERS, quoted=True)}: lemia „pirmininkas“ / „pirmininkė“")
    position: Text = F("pareigos", "Pareigos")
    institution: Text | None = F("institucija", "Institucija ar organizacija", default=None)
    role: Role = F("vaidmuo", one_of(ROLES))


class GroupName(Model):
    nominative: Text = F("vardininkas", "„Ekonomikos ir verslo aplinkos darbo grupė“")
    genitive: Text = F("kilmininkas", "„Ekonomikos ir verslo aplinkos darbo grupės“")
    accusative: Text = F("galininkas", "„Ekonomikos ir verslo aplinkos darbo grupę“")


class GroupFile(Model):
    """grupes/NN/grupe.yaml: one working group."""

    name: GroupName = F("pavadinimas", "Darbo grupės pavadinimas linksniais")
    kind: GroupKind = F("rūšis", one_of(GROUP_KINDS, quoted=True))
    activity: Text = F("veikla", "Ką grupė darys, po žodžio „kuri“: „koordinuos … klausimus“")
    members: list[Member] = F("nariai", "Darbo grupės nariai", default_factory=list)


# ---------------------------------------------------------------- grupes/NN/ssgg.yaml


class SwotFile(Model):
    """grupes/NN/ssgg.yaml: the group's SWOT analysis."""

    strengths: list[Text] = F("stiprybės", "Stiprybės", min_length=1)
    weaknesses: list[Text] = F("silpnybės", "Silpnybės", min_length=1)
    opportunities: list[Text] = F("galimybės", "Galimybės", min_length=1)
    threats: list[Text] = F("grėsmės", "Grėsmės", min_length=1)


# ---------------------------------------------------------------- grupes/NN/tikslai.yaml


class Indicator(Model):
    code: Text = F("kodas", "Unikalus rodiklio kodas, pvz., „E-01“")
    name: Text = F("pavadinimas", "Rodiklio pavadinimas")
    level: Level = F("lygis", one_of(LEVELS))
    unit: Text = F("matas", "Matavimo vienetas, pvz., „proc.“, „vnt.“, „Eur“")
    source: Text = F("šaltinis", "Duomenų šaltinis")
    baseline: Value = F("pradinė_reikšmė", "Pradinė reikšmė")
    baseline_year: Year = F("pradiniai_metai", "Pradinės reikšmės metai")
    intermediate: Value | None = F("tarpinė_reikšmė", "Tarpinė reikšmė", default=None)
    intermediate_year: Year | None = F("tarpiniai_metai", "Tarpinės reikšmės metai", default=None)
    target: Value = F("siektina_reikšmė", "Siektina reikšmė plano pabaigoje")
    # The description card of the methodology (what is not given is said in general terms there).
    definition: Text | None = F("apibrėžimas", "Ką rodiklis matuoja (kortelėje; nenurodžius – pavadinimas)",
                                default=None)
    method: Text | None = F("skaičiavimas", "Skaičiavimo būdas arba formulė (nenurodžius – pagal duomenų šaltinį)",
                            default=None)
    frequency: Text | None = F("dažnumas", "Kada ir kaip dažnai gaunami duomenys (nenurodžius – kasmet, "
                               "metinei ataskaitai)", default=None)
    responsible: Text | None = F("atsakingas", "Kas teikia rodiklio reikšmę savo formoje (nenurodžius – produkto "
                                 "rodiklio priemonės vykdytojas, kitų – stebesena.yaml „duomenis_apibendrina“); "
                                 "būtinas, kai rodiklį turi kelių vykdytojų priemonės", default=None)


class Measure(Model):
    key: Text | None = F("id", "Pastovus priemonės žymuo, pvz., „EK-P01“: juo priemonė nurodoma metinėse ataskaitose ir "
                         "pakeitimuose, kad ir kaip pasikeistų jos numeris", default=None)
    name: Text = F("pavadinimas", "Priemonės pavadinimas")
    executor: Text = F("vykdytojas", "Atsakingas vykdytojas")
    partners: list[Text] = F("partneriai", "Partneriai", default_factory=list)
    start: Year = F("pradžia", "Pirmieji įgyvendinimo metai")
    end: Year = F("pabaiga", "Paskutiniai įgyvendinimo metai")
    financing: dict[str, Money] = F("finansavimas", "Lėšos eurais pagal šaltinį (šaltiniai – strategija.yaml)",
                                    default_factory=dict)
    indicators: list[Text] = F("rodikliai", "Produkto rodiklių kodai", default_factory=list)


class Objective(Model):
    name: Text = F("pavadinimas", "Uždavinio pavadinimas")
    indicators: list[Text] = F("rodikliai", "Rezultato rodiklių kodai", default_factory=list)
    measures: list[Measure] = F("priemonės", "Priemonės", default_factory=list)


class Goal(Model):
    name: Text = F("pavadinimas", "Tikslo pavadinimas")
    priority: Text = F("prioritetas", "Prioriteto žymuo iš strategija.yaml, pvz., „P1“")
    indicators: list[Text] = F("rodikliai", "Poveikio rodiklių kodai", default_factory=list)
    objectives: list[Objective] = F("uždaviniai", "Uždaviniai", default_factory=list)
    summary: Text | None = F("santrauka", "Paprasta kalba: ką tikslas reiškia gyventojui (svetainėje)", default=None)


class GoalsFile(Model):
    """grupes/NN/tikslai.yaml: the goals the group proposes and their indicators."""

    goals: list[Goal] = F("tikslai", "Tikslai su uždaviniais ir priemonėmis", default_factory=list)
    indicators: list[Indicator] = F("rodikliai", "Visi šios grupės rodikliai", default_factory=list)


# ---------------------------------------------------------------- strategija.yaml


class Priority(Model):
    key: Text = F("id", "Prioriteto žymuo, pvz., „P1“")
    name: Text = F("pavadinimas", "Prioriteto pavadinimas")
    description: Text = F("aprašymas", "Trumpas prioriteto aprašymas")


# What each level of indicators is called in the plan's tables: one key for each of LEVELS.
class LevelLabels(Model):
    impact: Text = F(IMPACT, "Poveikio rodiklių pavadinimas")
    result: Text = F(RESULT, "Rezultato rodiklių pavadinimas")
    product: Text = F(PRODUCT, "Produkto rodiklių pavadinimas")

    def by_level(self) -> dict[str, str]:
        """Return each level's label: {"poveikio": …, "rezultato": …, "produkto": …}."""
        return {info.alias: getattr(self, name) for name, info in type(self).model_fields.items()}


class StrategyFile(Model):
    """strategija.yaml: vision, priorities, indicator labels and financing sources."""

    vision: Text = F("vizija", "Miesto vizija")
    priorities: list[Priority] = F("prioritetai", "Plėtros prioritetai eilės tvarka", min_length=1)
    level_labels: LevelLabels = F("rodiklių_lygiai", "Rodiklių lygių pavadinimai")
    sources: list[Text] = F("finansavimo_šaltiniai", "Finansavimo šaltiniai eilės tvarka", min_length=1)


# ---------------------------------------------------------------- koncepcija.yaml


class ConceptFile(Model):
    """koncepcija.yaml: what the concept says beyond facts found elsewhere."""

    purpose: Text = F("tikslas", "Plano rengimo tikslas")
    legal_basis: Text = F("teisinis_pagrindas", "Teisinis pagrindas")
    principles: list[Text] = F("principai", "Rengimo principai", min_length=1)
    participation: Text = F("dalyvavimas", "Kaip įtraukiama visuomenė")
    structure: list[Text] = F("struktūra", "Numatoma plano struktūra (skyriai)", min_length=1)
    decision: "Decision" = F("sprendimas", "Tarybos sprendimas, kuriuo tvirtinama koncepcija (kaip sprendimas.yaml)")
    note: "ExplanatoryNote" = F("aiškinamasis_raštas", "To sprendimo projekto aiškinamasis raštas")


# ---------------------------------------------------------------- sprendimas.yaml


class Decision(Adoptable, Model):
    number: Text | None = F("numeris", "Sprendimo numeris, pvz., „T-558“; nenurodžius – projektas", default=None)
    date: dt.date | None = F("data", "Sprendimo data (MMMM-MM-DD)", default=None)
    submitted: dt.date | None = F("teikiama", "Kada projektas pateiktas tarybai (MMMM-MM-DD): svetainės naujienai",
                                  default=None)
    basis: list[BasisItem] = F("pagrindas", BASIS_HELP, default_factory=list)
    legal_basis: Text | None = F("teisinis_pagrindas", FREE_BASIS_HELP + "; be kablelio pabaigoje", default=None)
    in_force: dt.date | None = F("įsigalioja", "Nuo kada sprendimas įsigalioja, jei ne nuo paskelbimo (MMMM-MM-DD); "
                                 "ne anksčiau už sprendimo datą", default=None)
    extra_points: list[Text] = F("papildomi_punktai", "Papildomi punktai (ankstesnio plano pripažinimą netekusiu "
                                 "galios šablonas rašo pats iš planas.yaml „ankstesnis“)", default_factory=list)
    closing: list[Text] = F("baigiamosios_nuostatos", "Apskundimo nuostatos po punktų (skelbimo Teisės aktų registre ir "
                            "savivaldybės svetainėje sakinį rašo įrankis); nenurodžius – „Šis sprendimas gali būti "
                            "skundžiamas …“", default_factory=list)
    signer: Text = F("pasirašo", "Pareigos parašo eilutėje, pvz., „Savivaldybės meras“")
    signer_name: Text = F("pasirašančiojo_vardas", "Pasirašančiojo vardas ir pavardė")


class ExplanatoryNote(Model):
    date: dt.date | None = F("data", "Aiškinamojo rašto data (MMMM-MM-DD); nenurodžius – tuščia vieta datai",
                             default=None)
    author_position: Text = F("rengėjo_pareigos", "Rengėjo pareigos ir padalinys: parašo eilutės kairėje")
    author_name: Text = F("rengėjo_vardas", "Rengėjo vardas ir pavardė: parašo eilutės dešinėje")
    aims: Text = F("tikslai", "Projekto tikslai ir uždaviniai")
    current: Text = F("dabartinis_reglamentavimas", "Kaip šiuo metu reglamentuojama")
    proposed: Text = F("siūlomos_nuostatos", "Kokios nuostatos siūlomos")
    results: Text = F("laukiami_rezultatai", "Laukiami rezultatai")
    risks: Text = F("galimos_neigiamos_pasekmės", "Galimos neigiamos pasekmės ir kaip jų išvengti")
    anticorruption: Text = F("antikorupcinis_vertinimas", "Ar atliktas antikorupcinis vertinimas ir jo išvados, "
                             "arba kodėl jis neatliekamas")
    opinions: Text = F("gautos_išvados", "Gautos institucijų išvados ir pastabos (pvz., regiono plėtros tarybos) "
                       "arba „Negauta.“")
    consultation: Text = F("viešoji_konsultacija", "Visuomenės konsultavimo rezultatai: kada ir kaip konsultuota, "
                           "kiek pasiūlymų gauta ir kaip į juos atsižvelgta")
    other: Text | None = F("kiti_pagrindimai", "Kiti pagrindimai, pastabos", default=None)


class DecisionFile(Model):
    """sprendimas.yaml: the council decision and its explanatory note."""

    decision: Decision = F("sprendimas", "Tarybos sprendimo duomenys")
    note: ExplanatoryNote = F("aiškinamasis_raštas", "Aiškinamojo rašto tekstai")
