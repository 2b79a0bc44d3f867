"""Content is never template source: Markdown reaches a document only after its template is rendered,
and YAML values are placed as text, in every part of the package."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest


from .conftest import copy_plan, plain, run_cli


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Every form of tag docxtpl and Jinja know, and docxtpl's escapes of them.
TAGS = "{{ 7*7 }} {% for x in range(3) %}L{% endfor %} {%p if 1 %} {{r x }} {{p x }} {_{ y }_} {#c#} {%- raw %}"


def _markdown(tags: str) -> str:
    """Return the tags as Markdown source that reads back as exactly `tags` (underscores escaped)."""
    return tags.replace("_", "\\_")


def part_paragraphs(docx: Path, part: str) -> list[str]:
    """Return the text of every paragraph of one part of a .docx (word/document.xml, word/footnotes.xml)."""
    from lxml import etree

    with zipfile.ZipFile(docx) as package:
        root = etree.fromstring(package.read(part))
    return [plain("".join(t.text or "" for t in p.iter(W + "t"))) for p in root.iter(W + "p")]



# ---------------------------------------------------------------- content is never template source


HOSTILE_CHAPTER = f"""
## Antraštė {_markdown(TAGS)} pabaiga

Pastraipa {_markdown(TAGS)} pabaiga.

| Stulpelis | Kitas |
|---|---|
| Lentelė {_markdown(TAGS)} pabaiga | x |

- Sąrašas {_markdown(TAGS)} pabaiga

> Citata {_markdown(TAGS)} pabaiga

[Nuoroda {_markdown(TAGS)} pabaiga](https://www.example.lt/)

Tekstas su išnaša[^x].

[^x]: Išnaša {_markdown(TAGS)} pabaiga
"""


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """Alytus with every tag form in each Markdown position and in YAML values, built whole."""
    root = copy_plan("alytus-2030", tmp_path_factory.mktemp("hostile"))
    chapter = root / "grupes/01/skyriai/01-ekonomika-ir-verslo-aplinka.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + HOSTILE_CHAPTER, encoding="utf-8")
    quoted = TAGS.replace("'", "''")
    strategy = root / "strategija.yaml"
    text = strategy.read_text(encoding="utf-8")
    text = re.sub(r"vizija: >-\n(  .*\n)+", f"vizija: 'Vizija {quoted} pabaiga'\n", text, count=1)
    strategy.write_text(text, encoding="utf-8")
    goals = root / "grupes/01/tikslai.yaml"
    text = goals.read_text(encoding="utf-8")
    goals.write_text(re.sub(r"(?m)^  - pavadinimas: Didinti.*$", f"  - pavadinimas: 'Tikslas {quoted} pabaiga'", text,
                            count=1), encoding="utf-8")
    group = root / "grupes/01/grupe.yaml"
    text = group.read_text(encoding="utf-8")
    group.write_text(re.sub(r"(?m)^veikla: .*$", f"veikla: 'veikla {quoted} pabaiga'", text, count=1), encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile-out")
    result = run_cli("build", str(root), "all", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("word", ["Antraštė", "Pastraipa", "Lentelė", "Sąrašas", "Citata", "Nuoroda"])
def test_markdown_tags_come_out_as_typed(hostile_build, word):
    texts = part_paragraphs(hostile_build / "plan.docx", "word/document.xml")
    assert f"{word} {TAGS} pabaiga" in [t.strip(" .") for t in texts]


def test_footnote_tags_come_out_as_typed(hostile_build):
    texts = part_paragraphs(hostile_build / "plan.docx", "word/footnotes.xml")
    assert any(t.strip().endswith(f"Išnaša {TAGS} pabaiga") for t in texts), texts


@pytest.mark.parametrize("document, text", [
    ("plan.docx", f"Vizija {TAGS} pabaiga"),
    ("concept.docx", f"Vizija {TAGS} pabaiga"),
    ("plan.docx", f"Tikslas {TAGS} pabaiga"),
    ("regulations.docx", f"veikla {TAGS} pabaiga"),
])
def test_yaml_tags_come_out_as_typed(hostile_build, document, text):
    body = "\n".join(part_paragraphs(hostile_build / document, "word/document.xml"))
    assert text in body


def test_no_part_of_any_document_was_evaluated(hostile_build):
    for document in hostile_build.glob("*.docx"):
        with zipfile.ZipFile(document) as package:
            for name in package.namelist():
                if name.endswith(".xml"):
                    xml = package.read(name).decode("utf-8")
                    assert "49 " not in re.sub(r"<[^>]+>", "", xml).replace("{{ 7*7 }}", ""), (document, name)
                    assert "LLL" not in xml, (document, name)
