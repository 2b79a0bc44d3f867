"""A district municipality with a female mayor and one consultant, made from a sample by editing its content only.

Whatever a document says of the territory, the mayor or the consultants must come from content: no
template may say "miesto", "meras" or "konsultantai" on its own.
"""

from __future__ import annotations

import re

import pytest

from pipeline.commands.build import build
from pipeline.content.plan import load_plan
from pipeline.documents.registry import CONTENT_FILES, in_sets

from .conftest import CONTENT, copy_plan, paragraphs

# Every file `build … all` makes of the sample, as the registry declares them (minutes and consultation too).
SAMPLE, _ = load_plan(CONTENT / "alytus-2030", declared=CONTENT_FILES)
DOCUMENTS = [o.name for d in in_sets(["all"]) for o in d.outputs(SAMPLE)]


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    root = copy_plan("alytus-2030", tmp_path_factory.mktemp("district"))
    for path in root.rglob("*"):
        if path.suffix in (".yaml", ".md"):
            text = path.read_text(encoding="utf-8")
            text = text.replace("Alytaus miesto", "Alytaus rajono").replace("Alytaus mieste", "Alytaus rajone")
            path.write_text(text, encoding="utf-8")
    planas = root / "planas.yaml"
    text = planas.read_text(encoding="utf-8")
    text = text.replace("  vardas: Jonas Vardenis\n  lytis: vyras\n  pareigos: Savivaldybės meras",
                        "  vardas: Vardenė Pavardenė\n  lytis: moteris\n  pareigos: Savivaldybės merė")
    text = text.replace("miestas: Alytus\n", "miestas: Alytus\nkonsultantai: [UAB „Regiono ekspertai“]\n")
    planas.write_text(text, encoding="utf-8")
    for name in ("sprendimas.yaml", "koncepcija.yaml"):
        path = root / name
        path.write_text(path.read_text(encoding="utf-8")
                        .replace("pasirašo: Savivaldybės meras", "pasirašo: Savivaldybės merė")
                        .replace("pasirašančiojo_vardas: Jonas Vardenis", "pasirašančiojo_vardas: Vardenė Pavardenė"),
                        encoding="utf-8")
    plan, problems = load_plan(root)
    assert plan is not None, problems
    out = tmp_path_factory.mktemp("district-out")
    build(root, ["all"], out)
    content = " ".join(p.read_text(encoding="utf-8") for p in root.rglob("*") if p.suffix in (".yaml", ".md"))
    return out, " ".join(content.split())


def test_the_edits_left_the_content_without_the_city_and_the_male_mayor(district):
    _, content = district
    assert "Alytaus miesto" not in content and "Jonas Vardenis" not in content
    assert "Alytaus rajono savivaldybė" in content


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_word_of_city_mayor_or_consultants_comes_from_content(district, document):
    out, content = district
    text = " ".join(" ".join(paragraphs(out / document)).split())
    assert "Alytaus miesto" not in text and "Jonas Vardenis" not in text
    for word in ("miest", "meras", "mero ", "konsultantai", "konsultantų", "rengėjai"):
        for found in re.finditer(rf"(\S+ ){word}\w*", text):
            assert found.group(0) in content, f"{document}: „{found.group(0)}“ is not content's"


def test_the_documents_name_the_district_and_the_female_mayor(district):
    out, _ = district
    order = paragraphs(out / "order.docx")
    assert "ALYTAUS RAJONO SAVIVALDYBĖS MERĖ" in order
    assert any(t.startswith("Vadovaudamasi ") for t in order)
    for name in ("decision.docx", "concept-decision.docx"):
        texts = paragraphs(out / name)
        assert "ALYTAUS RAJONO SAVIVALDYBĖS TARYBA" in texts
        assert "Savivaldybės merė\tVardenė Pavardenė" in texts
    regulations = " ".join(paragraphs(out / "regulations.docx"))
    assert "Darbo grupėms metodinę pagalbą teikia UAB „Regiono ekspertai“." in regulations
    assert "Alytaus rajono savivaldybės" in regulations
