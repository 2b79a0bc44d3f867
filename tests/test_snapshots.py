"""Every document of every sample as plain text, compared with the reviewed copy in tests/snapshots/<plan>/.

A word changed in a template or a figure changed by a computation shows here as a unified diff naming the
document. After a deliberate change, rewrite the copies and review them in git:

    make snapshots        (or: python -m pytest tests/test_snapshots.py --update-snapshots)

The text is what a reader sees, marked so that a diff stays readable: a table starts with "[lentelė]" and
each of its rows is a line "| cell | cell |", a tracked insertion is {+…+} and a deletion [-…-], a picture is
[paveikslas: its alternative text], headers, footers and footnotes follow the body under their part's name.
Non-breaking spaces are shown as "⍽" (Lithuanian typography puts them between a number and its unit, and a
lost one is a defect a reviewer must see, while a raw U+00A0 looks like a space in any diff); other invisible
characters as <U+XXXX>.
"""

from __future__ import annotations

import difflib
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from .conftest import SAMPLES, build_samples

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
NBSP = "⍽"
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2011\u202f\u2060\ufeff]")
PARTS = re.compile(r"word/(header|footer|footnotes|endnotes)\d*\.xml")
EXTRA_REPORTS = {"kaunas-2030": [2023]}  # recorded years whose reports are served from the ledger


def document_text(path: Path) -> str:
    """Return a .docx as marked plain text: the body, then headers, footers and notes by part name."""
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        lines = _block_lines(etree.fromstring(package.read("word/document.xml")).find(W + "body"))
        for name in sorted(n for n in names if PARTS.fullmatch(n)):
            part = _block_lines(etree.fromstring(package.read(name)))
            if any(line.strip() for line in part):
                lines += ["", f"=== {name} ===", *part]
    return "\n".join(lines) + "\n"


def _block_lines(container) -> list[str]:
    """Return the lines of a body, cell or part: a paragraph a line, a table a marker and a line per row."""
    lines = []
    for child in container:
        if child.tag == W + "p":
            lines.append(_paragraph_text(child))
        elif child.tag == W + "tbl":
            lines.append("[lentelė]")
            lines += [_row_text(row) for row in child.iter(W + "tr") if _own(row, child)]
            lines.append("[/lentelė]")
        elif child.tag in (W + "sdt", W + "sdtContent", W + "footnote", W + "endnote", W + "customXml"):
            lines += _block_lines(child.find(W + "sdtContent") if child.tag == W + "sdt" else child)
    return lines


def _own(row, table) -> bool:
    """Tell a row of this table from a row of a table nested in one of its cells."""
    return next(a for a in row.iterancestors(W + "tbl")) is table


def _row_text(row) -> str:
    cells = [" / ".join(_block_lines(cell)) for cell in row if cell.tag == W + "tc"]
    return "| " + " | ".join(cells) + " |"


def _paragraph_text(p) -> str:
    """Return a paragraph's text with tracked changes and pictures marked, tables inside cells left out."""
    parts = []
    for e in p.iter(W + "t", W + "delText", W + "tab", W + "br", WP + "docPr", W + "footnoteReference"):
        if _in_properties(e):
            continue
        if e.tag == W + "t":
            parts.append(_marked(e, e.text or ""))
        elif e.tag == W + "delText":
            parts.append(f"[-{e.text or ''}-]")
        elif e.tag == W + "tab":
            parts.append("\t")
        elif e.tag == W + "br":
            parts.append("↵")
        elif e.tag == W + "footnoteReference":
            parts.append(f"[^{e.get(W + 'id')}]")
        else:
            parts.append(f"[paveikslas: {e.get('descr', '')}]")
    text = "".join(parts).replace("+}{+", "").replace("-][-", "")
    return INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text.replace("\u00a0", NBSP))


def _marked(element, text: str) -> str:
    return f"{{+{text}+}}" if any(a.tag == W + "ins" for a in element.iterancestors(W + "ins")) else text


def _in_properties(element) -> bool:
    """Tell a tab stop or a property (inside pPr/rPr) from content."""
    return any(a.tag in (W + "pPr", W + "rPr") for a in element.iterancestors(W + "pPr", W + "rPr"))


# ---------------------------------------------------------------- the samples' documents


@pytest.fixture(scope="module")
def recorded_reports(tmp_path_factory) -> dict[str, list[Path]]:
    """Build the recorded yearly reports besides the latest (Kaunas 2023); return their folders by plan."""
    out = {}
    for name, years in EXTRA_REPORTS.items():
        out[name] = [build_samples(tmp_path_factory, "report", [name], year=year)[name] for year in years]
    return out


def documents_of(name: str, *folders: Path) -> dict[str, Path]:
    """Return the .docx files built into the folders, by snapshot name."""
    return {p.stem: p for folder in folders for p in sorted(folder.glob("*.docx"))}


@pytest.mark.parametrize("name", SAMPLES)
def test_every_document_reads_as_reviewed(request, name, built_plans, built_reports, built_amendments,
                                          recorded_reports):
    folders = [built_plans[name], built_reports[name], *recorded_reports.get(name, [])]
    if name in built_amendments:
        folders.append(built_amendments[name])
    documents = documents_of(name, *folders)
    assert {"decision", "plan"} <= set(documents) and any(d.startswith("report-decision-") for d in documents)
    folder = SNAPSHOTS / name
    if request.config.getoption("--update-snapshots"):
        write_snapshots(folder, documents)
        return
    problems = [f"{name}/{stale.stem}: no such document is built any more (make snapshots removes it)"
                for stale in sorted(folder.glob("*.txt")) if stale.stem not in documents]
    for document, path in documents.items():
        expected = folder / f"{document}.txt"
        actual = document_text(path)
        if not expected.exists():
            problems.append(f"{name}/{document}: no reviewed snapshot (make snapshots writes it)")
        elif (was := expected.read_text(encoding="utf-8")) != actual:
            problems.append("".join(difflib.unified_diff(
                was.splitlines(keepends=True), actual.splitlines(keepends=True),
                f"tests/snapshots/{name}/{document}.txt", f"{document}.docx (built now)", n=2)))
    assert not problems, "\n".join(problems) + "\n(if the change is meant: make snapshots, then review git diff)"


def write_snapshots(folder: Path, documents: dict[str, Path]) -> None:
    """Rewrite a plan's snapshots from the documents built now, removing those of documents no longer built."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.txt"):
        if stale.stem not in documents:
            stale.unlink()
    for document, path in documents.items():
        (folder / f"{document}.txt").write_text(document_text(path), encoding="utf-8")


def test_the_report_decision_says_how_it_may_be_appealed(built_reports):
    for name in SAMPLES:
        decision = next(built_reports[name].glob("report-decision-*.docx"))
        assert "gali būti skundžiamas" in document_text(decision).replace(NBSP, " "), name


# ---------------------------------------------------------------- the text itself


def docx_with(tmp_path: Path, body: str, parts: dict[str, str] | None = None) -> Path:
    """Write a minimal .docx whose body is the given WordprocessingML."""
    path = tmp_path / "t.docx"
    ns = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", f"<w:document {ns}><w:body>{body}</w:body></w:document>")
        for name, xml in (parts or {}).items():
            z.writestr(name, xml.replace("<w:hdr>", f"<w:hdr {ns}>"))
    return path


def test_text_marks_tables_changes_pictures_and_invisible_characters(tmp_path):
    body = ('<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="1"/></w:tabs></w:pPr><w:r><w:t>5\u00a0%</w:t></w:r>'
            '<w:r><w:tab/><w:t>a\u2060b</w:t></w:r></w:p>'
            '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>A</w:t></w:r></w:p><w:p><w:r><w:t>B</w:t></w:r></w:p></w:tc>'
            '<w:tc><w:p><w:ins><w:r><w:t>new</w:t></w:r></w:ins><w:del><w:r><w:delText>old</w:delText></w:r>'
            '</w:del></w:p></w:tc></w:tr></w:tbl>'
            '<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="x" descr="Diagrama"/></wp:inline></w:drawing>'
            '</w:r></w:p>')
    header = '<w:hdr><w:p><w:r><w:t>Projektas</w:t></w:r></w:p></w:hdr>'
    assert document_text(docx_with(tmp_path, body, {"word/header1.xml": header})) == (
        "5⍽%\ta<U+2060>b\n[lentelė]\n| A / B | {+new+}[-old-] |\n[/lentelė]\n[paveikslas: Diagrama]\n"
        "\n=== word/header1.xml ===\nProjektas\n")
