"""Every document as printed: LibreOffice's PDF read back for margins, split words, wide tables, lone headings."""

from __future__ import annotations

import os
import shutil

import docx
import pytest
from docx.shared import Mm

from pipeline.commands.build import Options, build
from pipeline.outputs.printcheck import Docx, Finding, Section, _alone_at_foot, check_document, check_tables, read_docx

from .conftest import CONTENT, SAMPLES, copy_plan, plan_of, run_cli

HAVE_OFFICE = shutil.which("soffice") is not None
needs_office = pytest.mark.skipif(not HAVE_OFFICE and os.environ.get("CI") != "true",
                                  reason="LibreOffice is not installed (CI installs it)")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """Build every document of every sample (every year's report, Klaipėda's amendment) and convert them to PDF.

    Documents are rendered from content, not served from a ledger, so that what is printed is what the templates
    make today; Klaipėda's year data name a measure only its recorded edition has, so its report and amendment are
    built with the ledger (they are drafts: rendered all the same) and its plan package from content without it.
    """
    from pipeline.outputs.pdf import Converter

    folders = {}
    for name in SAMPLES:
        scratch = tmp_path_factory.mktemp(f"content-{name}")
        fresh = copy_plan(name, scratch, ledger=False)
        if name == "klaipeda-2030":
            shutil.rmtree(fresh / "stebesena")
        folder = tmp_path_factory.mktemp(f"print-{name}")
        build(fresh, ["all"], folder)
        source = CONTENT / name if name == "klaipeda-2030" else fresh
        for year in sorted(plan_of(name).reports):
            build(source, ["report"], folder, Options(year=year))
        folders[name] = folder
    build(CONTENT / "klaipeda-2030", ["amendment"], folders["klaipeda-2030"])
    converter = Converter()
    try:
        for folder in folders.values():
            converter.convert(sorted(folder.glob("*.docx")))
    finally:
        converter.close()
    return folders


@needs_office
@pytest.mark.parametrize("name", SAMPLES)
def test_every_document_prints_within_its_margins_with_whole_words(printed, name):
    documents = sorted(printed[name].glob("*.docx"))
    assert any(d.name.startswith("report-2") for d in documents)
    if name == "klaipeda-2030":
        assert (printed[name] / "amendment-explanatory-note.docx").is_file()
    findings = [str(f) for d in documents for f in check_document(d, d.with_suffix(".pdf"))]
    assert findings == []


def _narrow_table(path, text: str, column_mm: float):
    document = docx.Document()
    document.add_paragraph("Lentelė su siaura skiltimi.")
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    for column, cell, width in zip(table.columns, table.rows[0].cells, (column_mm, 60)):
        column.width = cell.width = Mm(width)
    table.rows[0].cells[0].text = text
    table.rows[0].cells[1].text = "Pastaba"
    document.save(path)


@needs_office
def test_a_word_broken_in_a_narrow_cell_is_found_and_named(tmp_path):
    from pipeline.outputs.pdf import convert

    narrow, wide = tmp_path / "narrow.docx", tmp_path / "wide.docx"
    _narrow_table(narrow, "finansavimas", 8)
    _narrow_table(wide, "finansavimas", 40)
    convert([narrow, wide])
    findings = check_document(narrow, narrow.with_suffix(".pdf"))
    assert findings and all(f.document == "narrow.docx" and f.page == 1 for f in findings)
    assert any("(dokumente – „finansavimas“)" in f.message for f in findings), findings
    assert check_document(wide, wide.with_suffix(".pdf")) == []


def test_a_table_wider_than_its_sections_text_area_is_found(tmp_path):
    fits, wide = tmp_path / "fits.docx", tmp_path / "wide.docx"
    _narrow_table(fits, "Nr.", 40)  # 40 + 60 mm on python-docx's Letter page: 152,4 mm of text width
    _narrow_table(wide, "Nr.", 100)
    assert check_tables("fits.docx", read_docx(fits)) == []
    assert [str(f) for f in check_tables("wide.docx", read_docx(wide))] == [
        "wide.docx: lentelė „Nr.…“ platesnė už teksto plotą: 160,0 mm, o teksto plotas – 152,4 mm"]


def _line(text: str, bottom: float) -> list[dict]:
    return [{"text": t, "x0": 100 + 40 * i, "x1": 130 + 40 * i, "bottom": bottom} for i, t in enumerate(text.split())]


def test_a_caption_alone_at_the_foot_of_a_page_is_found():
    known = Docx(frozenset(), ("3 lentelė. Stebėsenos rodikliai",), (Section(210, 297, 30, 10),), ())
    body = _line("Tekstas prieš lentelę.", 700)
    alone = body + _line("3 lentelė. Stebėsenos rodikliai", 760) + _line("4", 800)
    followed = alone[:-1] + _line("Kodas Rodiklis", 780)
    assert [str(f) for f in _alone_at_foot("monitoring.docx", 2, alone, known)] == [
        "monitoring.docx, 2 psl.: antraštė ar lentelės pavadinimas „3 lentelė. Stebėsenos rodikliai“ liko puslapio "
        "apačioje be teksto po juo"]
    assert _alone_at_foot("monitoring.docx", 2, followed, known) == []


def test_a_finding_names_document_and_page():
    assert str(Finding("report-2024.docx", 3, "žodis perskeltas: „Mata“")) == \
        "report-2024.docx, 3 psl.: žodis perskeltas: „Mata“"


def test_print_check_without_documents_says_so_in_one_line(tmp_path):
    result = run_cli("print-check", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.strip() == f"klaida: aplanke {tmp_path} nėra .docx dokumentų: pirmiausia paleiskite make plan"
    assert "Traceback" not in result.stderr
