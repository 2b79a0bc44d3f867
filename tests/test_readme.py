"""The README's walk-through for a new plan builds exactly as written: every file it shows, every document."""

from __future__ import annotations

import re

from pipeline.commands.build import build
from pipeline.content.plan import load_plan

from .conftest import ROOT, text_of

# A fenced block whose first line names the file it is: "# content/…" (YAML) or "<!-- content/… -->" (Markdown).
BLOCK = re.compile(r"^```(?:yaml|markdown)\n(?:# |<!-- )content/([^\n]+?)(?: -->)?\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def readme_files() -> dict[str, str]:
    return {path: text for path, text in BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8"))}


def test_the_walk_through_shows_a_whole_plan():
    files = readme_files()
    assert "marijampole-2030/planas.yaml" in files and "marijampole-2030/tekstai/ivadas.md" in files
    assert len(files) == 11


def test_the_walk_through_checks_clean_and_builds_every_document(tmp_path):
    for path, text in readme_files().items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    root = tmp_path / "marijampole-2030"
    plan, problems = load_plan(root)
    assert plan is not None and problems == [], problems
    result = build(root, ["all"], tmp_path / "out")
    assert len(result.written) == 9
    order = text_of(tmp_path / "out" / "order.docx")
    assert "MARIJAMPOLĖS SAVIVALDYBĖS MERĖ" in order  # a female mayor
    assert "Vadovaudamasi Lietuvos Respublikos vietos savivaldos" in order  # a female mayor
    assert "priedas" in order.splitlines() and "1 priedas" not in order  # an only annex
    assert "miesto" not in text_of(tmp_path / "out" / "regulations.docx")  # a district, not a city
    assert "Darbo grupėms metodinę pagalbą teikia UAB „Konsultantas“." in text_of(tmp_path / "out" / "regulations.docx")


def test_every_command_the_officials_guide_names_is_a_make_target():
    guide = (ROOT / "docs" / "vadovas.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    from pipeline.documents.registry import SETS

    sets = " ".join(SETS)
    phony = re.search(r"^\.PHONY: (.*)$", makefile, re.MULTILINE).group(1).replace("$(SETS)", sets)
    targets = set(phony.split())
    named = set(re.findall(r"`make ([a-z][a-z-]*)", guide))
    assert {"plan", "order", "concept", "approve", "forms", "import", "report", "amend", "site"} <= named
    assert named <= targets, named - targets
