"""End-to-end: `order` for the four sample plans, read back from the .docx files."""

from __future__ import annotations


import docx
import pytest
from docx.shared import Mm, Pt

from pipeline.content import law
from pipeline.core import lt
from pipeline.content.views import legal_basis, order_file_names

from .conftest import SAMPLES, paragraphs, plan_of, text_of



@pytest.mark.parametrize("name", SAMPLES)
def test_order_requisites_in_order(built_orders, name):
    plan = plan_of(name)
    order = next(o for o in plan.facts.orders if order_file_names(plan)[o.key] == "order.docx")
    texts = paragraphs(built_orders[name] / "order.docx")
    expected = [
        f"{plan.facts.municipality.genitive.upper()} {'MERĖ' if plan.facts.mayor.gender == 'moteris' else 'MERAS'}",
        "POTVARKIS",
        f"DĖL {order.subject.upper()}",
        f"{lt.long_date(order.date)} Nr. {order.number or '______'}",
        plan.facts.city,
    ]
    positions = [texts.index(line) for line in expected]
    assert positions == sorted(positions)
    preamble = next(t for t in texts if t.startswith("Vadovaudam"))
    participle = "Vadovaudamasis" if plan.facts.mayor.gender == "vyras" else "Vadovaudamasi"
    assert preamble == f"{participle} {legal_basis(law.ORDER, order)}:"
    assert positions[-1] < texts.index(preamble)
    signature = f"{plan.facts.mayor.position}\t{plan.facts.mayor.name}"
    assert texts.index(signature) > texts.index(preamble)


ROLES = {
    ("pirmininkas", "vyras"): "darbo grupės pirmininkas", ("pirmininkas", "moteris"): "darbo grupės pirmininkė",
    ("pirmininko pavaduotojas", "vyras"): "darbo grupės pirmininko pavaduotojas",
    ("pirmininko pavaduotojas", "moteris"): "darbo grupės pirmininko pavaduotoja",
    ("sekretorius", "vyras"): "darbo grupės sekretorius", ("sekretorius", "moteris"): "darbo grupės sekretorė",
    ("narys", "vyras"): "darbo grupės narys", ("narys", "moteris"): "darbo grupės narė",
}


def annex(texts: list[str], title: str) -> list[str]:
    """Return the numbered member lines of the composition annex with this title."""
    start = texts.index(title)
    end = texts.index("_________________", start)
    return [t for t in texts[start + 1:end] if t]


@pytest.mark.parametrize("name", SAMPLES)
def test_every_group_and_member_appears_with_role(built_orders, name):
    plan = plan_of(name)
    names = order_file_names(plan)
    for order in plan.facts.orders:
        texts = paragraphs(built_orders[name] / names[order.key])
        text = "\n".join(texts)
        refs = [str(g).zfill(2) for g in order.groups]
        groups = [next(g for g in plan.groups if g.key == ref) for ref in refs]
        for number, group in enumerate(groups, start=1):
            assert f"{group.info.name.accusative}, kuri {group.info.activity}" in text
            assert (f"{number} priedas" if len(groups) > 1 else "priedas") in texts  # an only annex takes no number
            lines = annex(texts, f"{group.info.name.genitive.upper()} SUDĖTIS")
            assert len(lines) == len(group.info.members)
            assert [int(line.split(".", 1)[0]) for line in lines] == list(range(1, len(lines) + 1))
            assert ROLES[("pirmininkas", next(m.gender for m in group.info.members if m.role == "pirmininkas"))] in lines[0]
            for member in group.info.members:
                parts = [member.position] + ([member.institution] if member.institution else [])
                expected = f"{member.name} – {', '.join(parts)}, {ROLES[(member.role, member.gender)]}"
                assert any(line.split(". ", 1)[1].rstrip(";.") == expected for line in lines), expected
            assert lines[-1].endswith(".") and all(line.endswith(";") for line in lines[:-1])


@pytest.mark.parametrize("name", SAMPLES)
def test_points_are_numbered_and_verbs_spaced(built_orders, name):
    texts = paragraphs(built_orders[name] / "order.docx")
    points = [t for t in texts if t[:2] in ("1.", "2.", "3.")]
    assert any(t.startswith("1. S u d a r a u ") for t in texts)
    assert any(t.startswith("2. T v i r t i n u ") and t.endswith("reglamentą (pridedama).") for t in texts)
    assert points


@pytest.mark.parametrize("name", SAMPLES)
def test_regulations_have_approval_mark_and_chapters(built_orders, name):
    plan = plan_of(name)
    order = next(o for o in plan.facts.orders if o.approves_regulations)
    texts = paragraphs(built_orders[name] / "regulations.docx")
    mark = ["PATVIRTINTA", f"{plan.facts.municipality.genitive} mero",
            f"{lt.long_date(order.date)} potvarkiu Nr. {order.number or '______'}"]
    assert texts[:3] == mark
    chapters = [t for t in texts if t.endswith(" SKYRIUS")]
    assert chapters == [f"{lt.roman(i)} SKYRIUS" for i in range(1, len(chapters) + 1)]
    assert len(chapters) >= 5
    numbers = [t.split(" ", 1)[0] for t in texts if t[:1].isdigit()]
    top = [int(n[:-1]) for n in numbers if n.count(".") == 1]
    assert top == list(range(1, len(top) + 1))
    assert any(n.count(".") == 2 for n in numbers)
    formed = [str(g).zfill(2) for g in order.groups]
    for group in plan.groups:
        listed = f"{group.info.name.accusative}, kuri {group.info.activity}" in "\n".join(texts)
        assert listed == (group.key in formed)
        if group.info.kind == "koordinacinė":
            assert f"Teminių darbo grupių veiklą koordinuoja {group.info.name.nominative}, kuri" in "\n".join(texts)
    assert lt.long_date(plan.facts.schedule.start) in "\n".join(texts)


def test_alytus_order_is_numbered_not_draft(built_orders):
    texts = paragraphs(built_orders["alytus-2030"] / "order.docx")
    assert "2020 m. birželio 2 d. Nr. M-18" in texts
    assert "Projektas" not in texts
    assert "Alytus" in texts
    assert ("S u d a r a u šešias Alytaus miesto savivaldybės strateginio plėtros plano iki 2030 metų rengimo "
            "darbo grupes:") in "\n".join(texts)


@pytest.mark.parametrize("name", ["panevezys-2027", "klaipeda-2030"])
def test_unnumbered_order_is_a_draft(built_orders, name):
    texts = paragraphs(built_orders[name] / "order.docx")
    assert texts[0] == "Projektas"
    assert any(t.endswith("Nr. ______") for t in texts)


def test_kaunas_has_two_orders(built_orders):
    folder = built_orders["kaunas-2030"]
    assert (folder / "order.docx").is_file()
    assert (folder / "order-koordinacine.docx").is_file()
    main = text_of(folder / "order.docx")
    coordinating = text_of(folder / "order-koordinacine.docx")
    assert "S u d a r a u aštuonias Kauno miesto savivaldybės strateginio plėtros plano iki 2030 metų rengimo darbo grupes" in main
    assert "2021 m. sausio 27 d." in coordinating
    assert "Koordinacinę Kauno miesto savivaldybės strateginio plėtros plano rengimo darbo grupę" in coordinating


@pytest.mark.parametrize("file", ["order.docx", "regulations.docx"])
def test_page_setup_and_font(built_orders, file):
    document = docx.Document(built_orders["alytus-2030"] / file)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.left_margin, section.right_margin, section.top_margin,
                                  section.bottom_margin)] == [30, 10, 20, 20]
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(12)
    assert normal.paragraph_format.alignment == 3  # justified
    assert Mm(0) < normal.paragraph_format.first_line_indent <= Mm(22)
    # Page numbers from page 2: a PAGE field in the header, and a different (empty) first page header.
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
    lang = document.styles.element.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang")
    assert lang.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") == "lt-LT"


def test_female_mayor_and_members(built_orders):
    plan = plan_of("panevezys-2027")
    assert plan.facts.mayor.gender == "moteris"
    text = text_of(built_orders["panevezys-2027"] / "order.docx")
    assert "\nVadovaudamasi " in "\n" + text
    women = [m for g in plan.groups for m in g.info.members if m.gender == "moteris"]
    assert women
    assert any("darbo grupės narė" in text or "darbo grupės pirmininkė" in text for _ in women)


def test_no_template_tags_left(built_orders):
    for folder in built_orders.values():
        for path in folder.glob("*.docx"):
            text = text_of(path)
            assert "{{" not in text and "{%" not in text, path


SEED_GROUPS = {
    "alytus-2030": ["Ekonomikos ir verslo aplinkos darbo grupė", "Švietimo, sporto ir kultūros darbo grupė",
                    "Sveikatos ir socialinės aplinkos darbo grupė", "Aplinkos apsaugos ir infrastruktūros darbo grupė",
                    "Viešojo sektoriaus darbo grupė"],
    "panevezys-2027": ["Ekonomikos, verslo ir darbo aplinkos darbo grupė", "Aplinkos apsaugos ir infrastruktūros darbo grupė",
                       "Socialinės aplinkos darbo grupė", "Viešojo sektoriaus ir bendruomenės įtraukimo darbo grupė"],
    "klaipeda-2030": ["Aplinkos apsaugos darbo grupė", "Ekonominės ir verslo aplinkos darbo grupė",
                      "Socialinės aplinkos darbo grupė", "Švietimo, sporto ir kultūros darbo grupė",
                      "Urbanistinio planavimo ir infrastruktūros darbo grupė", "Viešojo sektoriaus darbo grupė"],
    "kaunas-2030": ["Sumanios ir konkurencingos Kauno miesto ekonomikos plėtros darbo grupė",
                    "Miesto tapatumo ir įvaizdžio stiprinimo, kultūros ir turizmo plėtros darbo grupė",
                    "Kokybiškos švietimo ir sporto paslaugų sistemos plėtros darbo grupė",
                    "Kokybiškų sveikatos priežiūros ir socialinių paslaugų plėtros darbo grupė",
                    "Darnios teritorijų ir gyvenamosios aplinkos vystymosi darbo grupė",
                    "Kauno miesto darnios judumo sistemos plėtros darbo grupė",
                    "Žaliojo kurso vystymo Kaune darbo grupė",
                    "Sumanaus miesto valdymo, kokybiškų viešųjų paslaugų plėtros darbo grupė"],
}


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_thematic_groups_are_the_seeds(name):
    plan = plan_of(name)
    thematic = [g.info.name.nominative for g in plan.groups if g.info.kind == "teminė"]
    assert thematic == SEED_GROUPS[name]
    coordinating = [g for g in plan.groups if g.info.kind == "koordinacinė"]
    assert len(coordinating) == (0 if name == "klaipeda-2030" else 1)


def test_an_only_annex_takes_no_number(built_orders):
    texts = paragraphs(built_orders["kaunas-2030"] / "order-koordinacine.docx")
    assert "priedas" in texts and "1 priedas" not in texts
    assert any(t.endswith("(sudėtis pridedama).") for t in texts)


def test_one_consultant_reads_right(tiny, tmp_path):
    from pipeline.commands.build import build

    planas = tiny / "planas.yaml"
    planas.write_text(planas.read_text(encoding="utf-8").replace("miestas: Bandomasis",
                                                                 "miestas: Bandomasis\nkonsultantai: [UAB „Civitta“]"),
                      encoding="utf-8")
    build(tiny, ["order"], tmp_path)
    text = text_of(tmp_path / "regulations.docx")
    assert "Darbo grupėms metodinę pagalbą teikia UAB „Civitta“." in text
    assert "rengėjai" not in text and "konsultantai" not in text


def test_each_kind_of_group_ends_its_work_as_content_says(built_orders):
    plan = plan_of("kaunas-2030")
    text = text_of(built_orders["kaunas-2030"] / "regulations.docx")
    ends = plan.facts.regulations.mandate_end
    assert f"Teminės darbo grupės baigia veiklą, kai {ends['teminė']}." in text
    assert f"Koordinacinė darbo grupė baigia veiklą, kai {ends['koordinacinė']}." in text
