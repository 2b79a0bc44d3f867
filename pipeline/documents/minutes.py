"""Working-group meeting minutes: their content file, the rule on who chairs, and each template's context.

One file a meeting, grupes/NN/posedziai/*.yaml; one protocol a meeting, minutes-<group>-<date>.docx,
in the form the document drafting rules give minutes (institution, "… POSĖDŽIO PROTOKOLAS", date
and number, place, time, chair, secretary, attendance and quorum, agenda, per item "SVARSTYTA.",
speakers and "NUTARTA:", the signatures of chair and secretary). The number is not typed: it is the
meeting's place among the group's meetings of that year, in order of date and time.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, TypedDict

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from ..content import schema
from ..content.files import ContentFile, Loaded
from ..content.model import Group, Plan
from ..content.parts import Parts, Rule
from ..content.schema import F, Model, Text
from ..core import lt
from .made import Output

# Hours and minutes as officials type them: "14.00" (the documents' form) or "14:00", "9.30" or "09:30".
CLOCK = r"^([01]?[0-9]|2[0-3])[.:]([0-5][0-9])$"


def _clock(value: object) -> str:
    """Return a time typed "14.00" or "14:00" as "14.00" (the hour in two digits: it sorts as text)."""
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 14:00 as the number 840 (minutes): the quotes keep the time.
        raise PydanticCustomError("explained", "laiką rašykite kabutėse, pvz., „14.00“ arba „14:00“ "
                                  "(be kabučių YAML 14:00 perskaito kaip minučių skaičių)")
    match = re.match(CLOCK, str(value)) if isinstance(value, str | Decimal) else None  # unquoted 14.00: Decimal
    if match is None:
        raise PydanticCustomError("explained", "tikėtasi laiko valandomis ir minutėmis, pvz., „14.00“ arba „14:00“")
    return f"{int(match[1]):02}.{match[2]}"


Time = Annotated[str, BeforeValidator(_clock), WithJsonSchema({"type": "string", "pattern": CLOCK})]


def clock_text(time: str) -> str:
    """Return a time as Lithuanian documents write it: "14.00", "9.30" (hours and minutes split by a full stop)."""
    hours, minutes = time.split(".")
    return f"{int(hours)}.{minutes}"


class Item(Model):
    question: Text = F("klausimas", "Darbotvarkės klausimas: „Dėl … aptarimo“")
    considered: Text = F("svarstyta", "Kas svarstyta (tekstas po „SVARSTYTA.“)")
    speakers: list[Text] = F("kalbėjo", "Kas kalbėjo ir ką pasakė: „Vardenis Pavardenis pristatė …“",
                             default_factory=list)
    decided: Text = F("nutarta", "Kas nutarta (tekstas po „NUTARTA:“)")


class MeetingFile(Model):
    """grupes/NN/posedziai/*.yaml: one meeting of the working group."""

    date: dt.date = F("data", "Posėdžio data (MMMM-MM-DD)")
    place: Text = F("vieta", "Kur vyko posėdis (adresas, salė) arba „nuotoliniu būdu“")
    start: Time = F("pradžia", "Posėdžio pradžia: „14.00“ (arba „14:00“)")
    end: Time = F("pabaiga", "Posėdžio pabaiga: „15.30“ (arba „15:30“)")
    chair: Text = F("pirmininkas", "Posėdžio pirmininkas: darbo grupės narys (vardas ir pavardė)")
    secretary: Text = F("sekretorius", "Posėdžio sekretorius: darbo grupės narys (vardas ir pavardė)")
    present: list[Text] = F("dalyvavo", "Dalyvavę darbo grupės nariai (vardai ir pavardės)", min_length=1)
    guests: list[Text] = F("kviestieji", "Kviestieji asmenys: „Vardenis Pavardenis, pareigos“", default_factory=list)
    agenda: list[Item] = F("darbotvarkė", "Darbotvarkės klausimai", min_length=1)


def _group_of(meeting: Loaded, groups: list[Group]) -> Group | None:
    key = meeting.relative.split("/")[1]  # grupes/<key>/posedziai/<file>
    return next((g for g in groups if g.key == key), None)


def check(report, parts: Parts) -> None:
    """Refuse a chair, secretary or attendee who is not a member of the meeting's group."""
    keys = schema.keys(MeetingFile)
    for meeting in parts.extra["minutes"]:
        group = _group_of(meeting, parts.groups)
        if group is None:
            continue  # its grupe.yaml could not be read: reported there
        members = {m.name for m in group.info.members}
        data: MeetingFile = meeting.data
        for field, name in (("chair", data.chair), ("secretary", data.secretary)):
            if name not in members:
                report.error(meeting.file, (getattr(keys, field),), f"„{name}“ nėra šios darbo grupės narys "
                             f"(grupe.yaml): posėdžio {'pirmininkas' if field == 'chair' else 'sekretorius'} turi būti "
                             "grupės narys")
        for index, name in enumerate(data.present):
            if name not in members:
                report.error(meeting.file, (keys.present, index), f"„{name}“ nėra šios darbo grupės narys: "
                             f"kviestuosius rašykite prie „{keys.guests}“")
        for field, name in (("chair", data.chair), ("secretary", data.secretary)):
            if name in members and name not in data.present:
                report.error(meeting.file, (getattr(keys, field),), f"„{name}“ nenurodytas tarp dalyvavusių "
                             f"(„{keys.present}“)")


CONTENT = ContentFile("grupes/*/posedziai/*.yaml", MeetingFile, "darbo grupės posėdis", "posedis.schema.json",
                      key="minutes", rule=Rule("posėdžio pirmininkas, sekretorius ir dalyviai – grupės nariai",
                                               ("minutes",), check), life=True)


class ItemInfo(TypedDict):
    question: Annotated[str, "klausimas: „Dėl … aptarimo“"]
    considered_text: Annotated[str, "klausimas ir kas svarstyta (po „SVARSTYTA.“)"]
    speakers: Annotated[list[str], "kas kalbėjo ir ką pasakė"]
    decided: Annotated[str, "kas nutarta (po „NUTARTA:“)"]


class MinutesContext(TypedDict):
    municipality: Annotated[schema.NameForms, "savivaldybės pavadinimas: .nominative, .genitive"]
    city: Annotated[str, "miestas, kuriame vyko posėdis"]
    group: Annotated[schema.GroupName, "darbo grupės pavadinimas linksniais (antraštėje – .genitive|upper)"]
    date_text: Annotated[str, "posėdžio data: „2021 m. birželio 10 d.“"]
    number: Annotated[int, "protokolo numeris: grupės posėdžio eilės numeris tais metais"]
    place: Annotated[str, "posėdžio vieta"]
    start: Annotated[str, "pradžia: „14.00“ (valandos ir minutės skiriamos tašku)"]
    end: Annotated[str, "pabaiga: „15.30“"]
    chair: Annotated[str, "posėdžio pirmininkas"]
    secretary: Annotated[str, "posėdžio sekretorius"]
    present: Annotated[list[str], "dalyvavę grupės nariai"]
    guests: Annotated[list[str], "kviestieji asmenys"]
    quorum_text: Annotated[str, "„Dalyvavo septyni iš devynių darbo grupės narių, kvorumas yra.“"]
    items: Annotated[list[ItemInfo], "darbotvarkės klausimai"]


def quorum_text(present: int, members: int, quorum: int) -> str:
    """Return the sentence on attendance and quorum: the regulations' share of members must attend."""
    has = present * 100 >= quorum * members
    return (f"Dalyvavo {present} iš {members} darbo grupės {lt.agreeing(members, ('nario', 'narių', 'narių'))}, "
            f"kvorumas {'yra' if has else 'nėra'}.")


def numbered(meetings: list[Loaded]) -> list[tuple[int, Loaded]]:
    """Return one group's meetings in order of date and time, each with its number within its year."""
    ordered = sorted(meetings, key=lambda m: (m.data.date, m.data.start, m.relative))
    counts: dict[int, int] = {}
    result = []
    for meeting in ordered:
        counts[meeting.data.date.year] = counts.get(meeting.data.date.year, 0) + 1
        result.append((counts[meeting.data.date.year], meeting))
    return result


def sentence(text: str) -> str:
    """Return text ending with one full stop, as it stands in a sentence of the protocol."""
    return text if text.endswith(".") else f"{text}."


def context(plan: Plan, group: Group, number: int, meeting: MeetingFile) -> MinutesContext:
    return MinutesContext(
        municipality=plan.facts.municipality, city=plan.facts.city, group=group.info.name,
        date_text=lt.long_date(meeting.date), number=number, place=sentence(meeting.place),
        start=clock_text(meeting.start), end=clock_text(meeting.end), chair=meeting.chair,
        secretary=meeting.secretary, present=list(meeting.present),
        guests=list(meeting.guests),
        quorum_text=quorum_text(len(meeting.present), len(group.info.members), plan.facts.regulations.quorum),
        items=[ItemInfo(question=i.question, considered_text=f"{sentence(i.question)} {i.considered}",
                        speakers=list(i.speakers), decided=i.decided)
               for i in meeting.agenda])


def meetings(plan: Plan) -> dict[str, tuple[Group, int, Loaded]]:
    """Return each meeting with its group and number by its protocol's file name: minutes-<group>-<date>.docx
    (a second meeting of the group that day: …-<date>-<number>.docx)."""
    found: dict[str, tuple[Group, int, Loaded]] = {}
    for group in plan.groups:
        for number, meeting in numbered([m for m in plan.extra.get("minutes", []) if _group_of(m, [group])]):
            name = f"minutes-{group.key}-{meeting.data.date.isoformat()}"
            name = f"{name}-{number}" if f"{name}.docx" in found else name
            found[f"{name}.docx"] = (group, number, meeting)
    return found


def contexts(plan: Plan) -> dict[str, MinutesContext]:
    """Return each meeting's protocol context by its file name (`meetings`)."""
    return {name: context(plan, group, number, meeting.data)
            for name, (group, number, meeting) in meetings(plan).items()}


def outputs(plan: Plan) -> list[Output]:
    """Return one protocol a meeting; minutes are part of no act."""
    return [Output(name, f"{group.info.name.genitive} {lt.long_date(meeting.data.date)} posėdžio protokolas", None)
            for name, (group, _, meeting) in meetings(plan).items()]
