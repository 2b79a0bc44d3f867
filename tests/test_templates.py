"""Templates are the officials' to edit: what they add in Word is honoured, and make rebuilds only what changed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import TypedDict

import docx
import pytest

from pipeline.commands.build import Options, build
from pipeline.documents.registry import DOCUMENTS

from .conftest import ROOT, copy_plan, needs, paragraphs, png


def test_coat_of_arms_is_placed_above_the_issuer(tiny, tmp_path):
    (tiny / "herbas.png").write_bytes(png())
    plan = tiny / "planas.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("miestas: Bandomasis", "miestas: Bandomasis\nherbas: herbas.png"),
                    encoding="utf-8")
    build(tiny, ["order"], tmp_path)
    with zipfile.ZipFile(tmp_path / "order.docx") as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        document = z.read("word/document.xml").decode()
        assert len(media) == 1 and z.read(media[0]) == png()
    assert document.index("<pic:pic") < document.index("BANDOMOSIOS MIESTO SAVIVALDYBĖS MERAS")
    assert docx.Document(tmp_path / "order.docx").inline_shapes[0].height.mm == pytest.approx(20, abs=0.1)


def edit_template(source: Path, target: Path, edit) -> None:
    """Copy a .docx template, letting edit(document) change it as an official would in Word."""
    document = docx.Document(source)
    edit(document)
    document.save(target)


def test_a_point_added_in_word_is_numbered(tiny, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)

    def add_point(document):
        anchor = next(p for p in document.paragraphs if p.text.startswith("Darbo grupės darbą organizuoja"))
        new = anchor.insert_paragraph_before("Darbo grupės nariai gali dalyvauti posėdžiuose nuotoliniu būdu.")
        new.style = document.styles["Punktas"]

    edit_template(ROOT / "templates" / "regulations.docx", templates / "regulations.docx", add_point)
    before = paragraphs(build(tiny, ["order"], tmp_path / "a", Options(templates=ROOT / "templates")).written[-1])
    after = paragraphs(build(tiny, ["order"], tmp_path / "b", Options(templates=templates)).written[-1])
    old = next(t for t in before if "Darbo grupės darbą organizuoja" in t)
    number = int(old.split(".")[0])
    assert f"{number}. Darbo grupės nariai gali dalyvauti posėdžiuose nuotoliniu būdu." in after
    assert f"{number + 1}. Darbo grupės darbą organizuoja" in "\n".join(after)
    last = [t for t in after if t[:1].isdigit() and t.split(".")[1][:1] == " "][-1]
    assert int(last.split(".")[0]) == int([t for t in before if t[:1].isdigit() and t.split(".")[1][:1] == " "][-1].split(".")[0]) + 1


def test_restyled_template_keeps_its_look(tiny, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)

    def restyle(document):
        document.styles["Normal"].font.name = "Arial"
        document.styles["Rekvizitas"].font.size = docx.shared.Pt(14)

    edit_template(ROOT / "templates" / "order.docx", templates / "order.docx", restyle)
    out = build(tiny, ["order"], tmp_path / "o", Options(templates=templates)).written[0]
    document = docx.Document(out)
    assert document.styles["Normal"].font.name == "Arial"
    assert document.styles["Rekvizitas"].font.size == docx.shared.Pt(14)


def _template_ast(name: str):
    from docxtpl import DocxTemplate

    from pipeline.documents.environment import environment

    template = DocxTemplate(ROOT / "templates" / name)
    template.init_docx()
    xml = template.patch_xml(template.get_xml())
    return xml, environment().parse(xml)


def _chains(ast) -> set[str]:
    """Return every dotted name a template reads from its context: "order.groups", "plan.title.genitive"."""
    from jinja2 import nodes

    chains = set()
    for node in ast.find_all(nodes.Getattr):
        parts = []
        while isinstance(node, nodes.Getattr):
            parts.append(node.attr)
            node = node.node
        if isinstance(node, nodes.Name) and node.ctx == "load":
            chains.add(".".join([node.name] + parts[::-1]))
    return chains


TEMPLATES = [(t, kind) for d in DOCUMENTS for t, kind in d.templates.items()]


def test_the_registry_names_every_template_once():
    # plan.docx serves the plan and its new edition in an amendment: one file, named by both.
    assert sorted({t for t, _ in TEMPLATES}) == sorted(p.name for p in (ROOT / "templates").glob("*.docx"))


@pytest.mark.parametrize("document, template", [(d, t) for d in DOCUMENTS for t in d.templates],
                         ids=[t for t, _ in TEMPLATES])
def test_every_template_passes_the_template_check(document, template):
    """Styles present, tags whole, and exactly the names its context type declares, both ways."""
    from pipeline.documents.template_check import problems

    assert problems(ROOT / "templates" / template, document.templates[template], document.markdown) == []


def test_the_template_check_names_what_an_official_broke(tmp_path):
    from pipeline.documents.context_types import DecisionContext
    from pipeline.documents.template_check import problems

    def spoil(document):
        document.paragraphs[0].insert_paragraph_before("{{ decision.date_text }} {{ nežinomas }} {{ „kabutės“ }}")
        document.styles["Punktas"].delete()

    edit_template(ROOT / "templates" / "decision.docx", tmp_path / "decision.docx", spoil)
    found = problems(tmp_path / "decision.docx", DecisionContext)
    assert "trūksta stiliaus „Punktas“" in found
    # docxtpl straightens a closing quote itself; the opening „ stays and is named.
    assert any(p.startswith("žymėje {{ „kabutės") and p.endswith("yra lietuviškos ar lenktos kabutės: žymėse rašykite "
                                                                  "tiesias \" ar '") for p in found), found


class Narrower(TypedDict):
    """A context type that lacks what the decision template uses and declares what it does not."""

    council: str
    extra: str


def test_the_template_check_names_unknown_and_unused_values(tmp_path):
    from pipeline.documents.context_types import DecisionContext
    from pipeline.documents.template_check import problems

    found = problems(ROOT / "templates" / "decision.docx", Narrower)
    assert "naudojamas nežinomas kintamasis „decision“ (žr. templates/KINTAMIEJI.md)" in found
    assert "nenaudojamas kintamasis „extra“: jo tipas Narrower jį skelbia veltui" in found
    assert problems(ROOT / "templates" / "decision.docx", DecisionContext) == []


@pytest.mark.parametrize("template, kind", TEMPLATES, ids=[t for t, _ in TEMPLATES])
def test_every_dotted_name_a_template_reads_is_documented(template, kind):
    from typing import get_type_hints

    from pipeline.documents.template_docs import variables

    known = {path.replace("[]", "") for path, _ in variables(kind)}
    _, ast = _template_ast(template)
    roots = set(get_type_hints(kind))
    unknown = {c for c in _chains(ast) if c.split(".")[0] in roots and c not in known}
    assert not unknown, f"{template}: {sorted(unknown)}"


def test_the_published_list_of_template_names_is_current():
    from pipeline.documents.template_docs import text

    assert (ROOT / "templates" / "KINTAMIEJI.md").read_text(encoding="utf-8") == text(), "run make context-docs"


def make_tree(tmp_path: Path) -> tuple[Path, list[str]]:
    """Copy the project with the Alytus sample to a scratch tree; return it and make's arguments for it."""
    tree = tmp_path / "tree"
    for name in ("pipeline", "templates", "Makefile", "pyproject.toml"):
        source = ROOT / name
        (shutil.copytree(source, tree / name) if source.is_dir() else shutil.copy2(source, tree / name))
    shutil.copytree(ROOT / "content" / "alytus-2030", tree / "content" / "alytus-2030")
    ready = tree / "ready"
    ready.touch()
    return tree, ["PLAN=alytus-2030", f"PY={sys.executable}", f"READY={ready}"]


def make(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["make", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(cwd)})


@needs("make")
def test_make_rebuilds_only_what_changed(tmp_path):
    tree, args = make_tree(tmp_path)
    first = make("order", *args, cwd=tree)
    assert first.returncode == 0, first.stderr
    assert (tree / "build" / "alytus-2030" / "order.docx").is_file()
    assert make("-q", "order", *args, cwd=tree).returncode == 0  # nothing to do
    chapter = next((tree / "content" / "alytus-2030").glob("grupes/01/skyriai/*.md"))
    later = time.time() + 10  # copied files keep the repository's older times
    os.utime(chapter, (later, later))
    assert make("-q", "order", *args, cwd=tree).returncode == 0  # the order does not read chapters
    assert make("-q", "plan", *args, cwd=tree).returncode == 1  # the plan does
    group = tree / "content" / "alytus-2030" / "grupes" / "02" / "grupe.yaml"
    os.utime(group, (later, later))
    assert make("-q", "order", *args, cwd=tree).returncode == 1


@needs("make")
def test_make_knows_the_coat_of_arms_and_a_new_chapter(tmp_path):
    """What make rebuilds comes from the pipeline's dependency files: a picture and an added file count."""
    tree, args = make_tree(tmp_path)
    plan = tree / "content" / "alytus-2030"
    (plan / "img").mkdir()
    (plan / "img" / "herbas.png").write_bytes(png())
    planas = plan / "planas.yaml"
    planas.write_text(planas.read_text(encoding="utf-8") + "herbas: img/herbas.png\n", encoding="utf-8")
    assert make("order", "plan", *args, cwd=tree).returncode == 0
    assert make("-q", "order", "plan", *args, cwd=tree).returncode == 0
    time.sleep(0.01)
    (plan / "img" / "herbas.png").write_bytes(png(30, 30))
    assert make("-q", "order", *args, cwd=tree).returncode == 1
    assert make("order", *args, cwd=tree).returncode == 0
    (plan / "grupes" / "01" / "skyriai" / "02-naujas.md").write_text("Naujas skyrius.\n", encoding="utf-8")
    assert make("-q", "order", *args, cwd=tree).returncode == 0  # the order reads no chapter
    assert make("-q", "plan", *args, cwd=tree).returncode == 1


def test_building_never_writes_to_the_templates(tiny, tmp_path):
    before = {p.name: p.read_bytes() for p in (ROOT / "templates").glob("*.docx")}
    stamps = {p.name: p.stat().st_mtime_ns for p in (ROOT / "templates").glob("*.docx")}
    plan = copy_plan("alytus-2030", tmp_path)
    build(plan, ["all"], tmp_path / "out")
    assert {p.name: p.read_bytes() for p in (ROOT / "templates").glob("*.docx")} == before
    assert {p.name: p.stat().st_mtime_ns for p in (ROOT / "templates").glob("*.docx")} == stamps
