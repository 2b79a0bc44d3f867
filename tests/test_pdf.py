"""Every document through a real word processor: LibreOffice to PDF, read back with poppler."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal

import pytest

from pipeline.content.plan import load_plan
from pipeline.outputs.pdf import convert_folder

from .conftest import CONTENT, SAMPLES, needs, run_cli

pytestmark = needs("writer", "pdftotext", "pdffonts")

# What a reader expects of each document's length: a decision and its note fit on a page or two,
# regulations and a concept are short, an order is a page with a page of composition per group
# (its annexes), the plan of 4–8 groups' analysis, goals and measures runs to a few dozen pages, and
# the monitoring methodology is a few pages of text with a description card per indicator (2–4 a page).
PAGES = {"regulations": (2, 3), "concept": (2, 4), "decision": (1, 1), "plan": (18, 45),
         "explanatory-note": (1, 2), "concept-decision": (1, 1),
         "concept-explanatory-note": (1, 2), "consultation": (1, 2), "minutes": (1, 2)}
NEW_DOCUMENT = (1, 4)  # a document added since: a page or a few, until its own range is written here


def expected_pages(plan_name: str, document: str) -> tuple[int, int]:
    """Return the page range a reader would accept; an order's depends on how many groups it forms."""
    if document.startswith("minutes-"):  # a meeting's protocol: a page or two
        return PAGES["minutes"]
    if not document.startswith(("order", "monitoring")):
        return PAGES.get(document, NEW_DOCUMENT)
    plan, _ = load_plan(CONTENT / plan_name)
    if document == "monitoring":
        cards = sum(len(g.goals.indicators) for g in plan.groups if g.goals)
        return 2 + cards // 4, 6 + cards // 2
    key = "" if document == "order" else document.removeprefix("order-")
    from pipeline.content.views import order_file_names

    names = order_file_names(plan)
    order = next(o for o in plan.facts.orders if names[o.key] == f"{document}.docx" or o.key == key)
    return len(order.groups) + 1, len(order.groups) + 3


@pytest.fixture(scope="session")
def pdfs(built_plans):
    """Convert every sample's documents once; return {plan: folder}."""
    for folder in built_plans.values():
        convert_folder(folder)
    return built_plans


def pdftotext(path, first=None, last=None) -> str:
    args = ["pdftotext", "-layout"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    return subprocess.run(args + [str(path), "-"], capture_output=True, text=True, check=True).stdout


def pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def fonts(path) -> set[str]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return {line.split()[0].split("+")[-1] for line in out.splitlines()[2:] if line.strip()}


@pytest.mark.parametrize("name", SAMPLES)
def test_every_document_has_a_pdf_with_sane_pages_and_fonts(pdfs, name):
    folder = pdfs[name]
    for docx in sorted(folder.glob("*.docx")):
        pdf = docx.with_suffix(".pdf")
        assert pdf.is_file()
        low, high = expected_pages(name, docx.stem)
        assert low <= pages(pdf) <= high, (pdf.name, pages(pdf))
        used = fonts(pdf)
        assert used and all(f.startswith(("LiberationSerif", "TimesNewRoman")) for f in used), (pdf.name, used)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("name", SAMPLES)
def test_requisites_in_order_in_the_pdf(pdfs, name):
    plan, _ = load_plan(CONTENT / name)
    order = squash(pdftotext(pdfs[name] / "order.pdf", 1, 1))
    genitive = plan.facts.municipality.genitive.upper()
    mayor = {"vyras": "MERAS", "moteris": "MERĖ"}[plan.facts.mayor.gender]
    marks = [f"{genitive} {mayor}", "POTVARKIS", "DĖL", plan.facts.city, "S u d a r a u"]
    positions = [order.index(m) for m in marks]
    assert positions == sorted(positions)
    decision = squash(pdftotext(pdfs[name] / "decision.pdf"))
    marks = [f"{genitive} TARYBA", "SPRENDIMAS", "DĖL", plan.facts.city, "n u s p r e n d ž i a:", "1. Patvirtinti"]
    positions = [decision.index(m) for m in marks]
    assert positions == sorted(positions)


@pytest.mark.parametrize("name", SAMPLES)
def test_plan_table_of_contents_has_page_numbers(pdfs, name):
    toc = pdftotext(pdfs[name] / "plan.pdf", 2, 4)
    assert "Turinys" in toc
    for chapter in ("ĮVADAS", "SITUACIJOS ANALIZĖ", "VIZIJA", "PRIEMONIŲ PLANAS", "FINANSAVIMAS"):
        assert re.search(re.escape(chapter) + r"\s*\.{3,}\s*\d+", toc), chapter


@pytest.mark.parametrize("doc", ["plan", "order", "regulations"])
def test_page_numbers_start_on_page_two(pdfs, doc):
    pdf = pdfs["kaunas-2030"] / f"{doc}.pdf"
    first = pdftotext(pdf, 1, 1).strip().splitlines()
    second = pdftotext(pdf, 2, 2).strip().splitlines()
    assert first[0].strip() != "1"
    assert second[0].strip() == "2"


def test_missing_libreoffice_gets_an_install_hint(built_orders, tmp_path):
    env = {"PATH": str(tmp_path)}  # no soffice on this PATH
    result = run_cli("pdf", str(built_orders["alytus-2030"]), env=env)
    assert result.returncode == 1
    assert "libreoffice-writer-nogui" in result.stderr and "fonts-liberation" in result.stderr
    assert "Traceback" not in result.stderr


def test_parallel_conversions_do_not_clash(built_orders, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    folders = []
    for name in ("alytus-2030", "klaipeda-2030"):
        folder = tmp_path / name
        folder.mkdir()
        shutil.copy2(built_orders[name] / "order.docx", folder / "order.docx")
        folders.append(folder)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(convert_folder, folders))
    for folder, pdfs in zip(folders, results, strict=True):
        assert pdfs == [folder / "order.pdf"]
        assert "POTVARKIS" in pdftotext(folder / "order.pdf", 1, 1)


def test_a_picture_in_markdown_is_printed(plan_with_picture, tmp_path):
    from pipeline.outputs.pdf import convert

    source = tmp_path / "plan.docx"
    shutil.copy2(plan_with_picture[0], source)
    pdf = convert([source])[0]
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len(listing.strip().splitlines()) == 3  # two header lines and the one picture


# (A number and its unit are checked in the .docx: in a PDF's text, table cells follow each other
# line by line, and a cell ending in a number before one saying "Eur" is no broken line. A period
# "2021–2030" and a number "T2-57" are plain text, as the register wants them, so they may wrap.)
BROKEN_AT_LINE_END = [
    (re.compile(r"\bNr\.$"), re.compile(r"^(?:[A-ZĄČĘĖĮŠŲŪŽ]+\d*[-‑]|_)")),  # not a table's "Nr." column
]


@pytest.mark.parametrize("name", SAMPLES)
def test_no_line_of_a_pdf_breaks_where_typography_forbids(pdfs, name):
    for pdf in sorted(pdfs[name].glob("*.pdf")):
        lines = [line.strip() for line in subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                                         text=True, check=True).stdout.splitlines()]
        for first, second in zip(lines, lines[1:]):
            for end, start in BROKEN_AT_LINE_END:
                assert not (end.search(first) and start.search(second)), f"{pdf.name}: {first!r} / {second!r}"


def test_the_yearly_report_converts_with_its_charts(tmp_path):
    from pipeline.commands.build import Options, build

    build(CONTENT / "kaunas-2030", ["report"], tmp_path)
    convert_folder(tmp_path)
    report = tmp_path / "report-2024.pdf"
    assert 8 <= pages(report) <= 30, pages(report)
    assert all(f.startswith(("LiberationSerif", "TimesNewRoman")) for f in fonts(report)), fonts(report)
    images = subprocess.run(["pdfimages", "-list", str(report)], capture_output=True, text=True, check=True).stdout
    plan, _ = load_plan(CONTENT / "kaunas-2030")
    kinds = [line.split()[2] for line in images.splitlines()[2:]]
    assert kinds == ["image"] * (len(plan.strategy.priorities) + 2)  # greyscale, no transparency masks
    text = squash(pdftotext(report))
    assert "ĮGYVENDINIMO 2024 METAIS ATASKAITA" in text and "1 pav. 2024 m. pabaigoje vykdoma ar įgyvendinta" in text
    assert pages(tmp_path / "report-decision-2024.pdf") == 1


def calc_convert(source, target_dir, kind: str, profile):
    """Convert a spreadsheet with LibreOffice Calc (its own profile folder): xlsx → ods, ods → xlsx, …"""
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                    "--convert-to", kind, "--outdir", str(target_dir), str(source)],
                   capture_output=True, text=True, check=True, timeout=120)
    converted = target_dir / (source.stem + "." + kind.split(":")[0])
    assert converted.is_file(), f"LibreOffice did not convert {source.name}"
    return converted


def test_libreoffice_opens_a_form_and_one_it_saved_imports(tmp_path):
    from openpyxl import load_workbook

    from pipeline.life.forms import layout as forms
    from pipeline.life.forms.yearfile import import_forms

    from .conftest import copy_plan

    root = copy_plan("alytus-2030", tmp_path)
    result = run_cli("forms", str(root), "--year", "2025", "--out", str(tmp_path / "formos"))
    assert result.returncode == 0, result.stderr
    executors = [p for p in (tmp_path / "formos").glob("*.xlsx") if forms.MEASURES_SHEET in load_workbook(p).sheetnames
                 and load_workbook(p)[forms.INDICATORS_SHEET].cell(2, forms.VALUE_COLUMN).protection.locked is False]
    form = max(executors, key=lambda p: p.stat().st_size)
    book = load_workbook(form)
    sheet = book[forms.MEASURES_SHEET]
    sheet.cell(2, forms.STATUS_COLUMN, "vykdoma")
    sheet.cell(2, forms.used_column(0), "=1000+250")  # a formula: Calc computes and stores its value
    book[forms.INDICATORS_SHEET].cell(2, forms.VALUE_COLUMN, 7.5)
    book.save(form)
    profile = tmp_path / "lo-profile"
    ods = calc_convert(form, tmp_path / "ods", "ods", profile)
    saved = calc_convert(ods, tmp_path / "back", "xlsx:Calc Office Open XML", profile)
    lines = import_forms(root, 2025, [saved])
    assert re.match(r".+: 1 priemonė, 1 rodiklis", lines[0]), lines
    plan, _ = load_plan(root)
    measure = next(iter(plan.reports[2025].measures.values()))
    assert measure.status == "vykdoma" and sum(measure.used.values()) == 1250
    assert [v.value for v in plan.reports[2025].indicators.values()] == [Decimal("7.5")]


def test_the_comparative_version_shows_its_marks_in_libreoffice(tmp_path):
    import zipfile

    from pipeline.commands.build import Options, build

    from .conftest import ROOT

    build(CONTENT / "klaipeda-2030", ["amendment"], tmp_path, Options(since="T2-57"))
    convert_folder(tmp_path)
    text = squash(pdftotext(tmp_path / "amendment-comparison.pdf"))
    assert "LYGINAMASIS VARIANTAS" in text
    assert "Inžinerinės ir susisiekimo infrastruktūros" in text  # deleted, shown struck through
    assert "Kruizinių laivų keleivių terminalo prieigų" in text  # inserted
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "resaved"),
                    str(tmp_path / "amendment-comparison.docx")], capture_output=True, check=True, timeout=120)
    xml = zipfile.ZipFile(tmp_path / "resaved" / "amendment-comparison.docx").read("word/document.xml").decode()
    assert xml.count("<w:ins ") > 10 and xml.count("<w:del ") > 10  # LibreOffice keeps them as tracked changes
