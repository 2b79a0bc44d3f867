"""A check of documents as printed: LibreOffice's PDF of each .docx read back with pdfplumber.

What a reader of the paper meets and no test of the .docx shows:
- text outside the page's margins (a table running off the paper);
- a word of the document split across lines (a narrow table cell breaking "Matas" into "Mata" and
  "s"): every word of the PDF must be a word of the .docx text;
- a table wider than the text area of its section (the sum of its grid columns, read from the .docx);
- a heading or a table's caption alone at the foot of a page, its text on the next.

Each finding is "document, page: what", in Lithuanian. pdfplumber (MIT, pure Python, on pdfminer.six)
gives every character with its box, which is all these rules need; it adds no compiled library.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..core.errors import StageError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MM_PER_PT = 25.4 / 72
TWIPS_PER_MM = 1440 / 25.4
TOLERANCE_MM = 1.0  # a glyph's side bearing and LibreOffice's rounding, no more
# Styles whose paragraph introduces what follows it: never the last thing on a page.
LEADING_STYLES = re.compile(r"^(Heading|Antrašt|Antrast|Title|Skyrius|TableCaption|Table ?Caption|Caption|"
                            r"Pavadinimas|Rekvizitas)", re.IGNORECASE)
# Words Word makes rather than the text holds: list numbers ("1.2.", "IV"), bullets, dot leaders and page
# numbers of the table of contents.
GENERATED = re.compile(r"^(\d+\.)+\d*\.?$|^[IVXLCDM]+\.?$|^[a-z]\)$|^[•◦▪·–—-]$|^\.{2,}\d*$|^\d{1,3}$")
HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u00ad": None})
LEADERS = re.compile(r"\.{3,}\d*$")  # a table of contents' dot leader and page number after an entry
SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2060]+")


@dataclass(frozen=True)
class Finding:
    document: str
    page: int  # 0 when the place is the whole document
    message: str

    def __str__(self) -> str:
        return f"{self.document}, {self.page} psl.: {self.message}" if self.page else f"{self.document}: {self.message}"


@dataclass(frozen=True)
class Section:
    width_mm: float
    height_mm: float
    left_mm: float
    right_mm: float

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.left_mm - self.right_mm


@dataclass(frozen=True)
class Docx:
    words: frozenset[str]  # every word of the text (and every two neighbours joined)
    leading: tuple[str, ...]  # texts of headings and captions
    sections: tuple[Section, ...]
    tables: tuple[tuple[float, Section, str], ...]  # grid width in mm, its section, its first cell's text


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(HYPHENS)


def _paragraph_text(p, notes: list[int] | None = None) -> str:
    """Return a paragraph's text as printed; `notes` counts footnote marks, which print as their number."""
    parts = []
    for e in p.iter(W + "t", W + "delText", W + "tab", W + "br", W + "noBreakHyphen", W + "cr", W + "footnoteReference"):
        if e.tag in (W + "t", W + "delText"):
            parts.append(e.text or "")
        elif e.tag == W + "footnoteReference":
            if notes is not None:
                notes[0] += 1
                parts.append(str(notes[0]))
        elif e.tag == W + "noBreakHyphen":
            parts.append("-")
        elif e.getparent() is not None and e.getparent().tag == W + "r":
            parts.append(" ")
    return _norm("".join(parts))


def _section(sect) -> Section:
    size, margins = sect.find(W + "pgSz"), sect.find(W + "pgMar")
    twips = lambda e, k, d: int(e.get(W + k, d)) / TWIPS_PER_MM if e is not None else d / TWIPS_PER_MM  # noqa: E731
    return Section(twips(size, "w", 11906), twips(size, "h", 16838), twips(margins, "left", 1701),
                   twips(margins, "right", 567))


def read_docx(path: Path) -> Docx:
    """Return what the print check compares the PDF with: the words, headings, sections and tables."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        parts = [n for n in names if re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml", n)]
        trees = {n: etree.fromstring(archive.read(n)) for n in parts}
        numbering = etree.fromstring(archive.read("word/numbering.xml")) if "word/numbering.xml" in names else None
    words = _words(trees.values(), numbering)
    leading, sections, tables = _layout(trees["word/document.xml"].find(W + "body"))
    return Docx(frozenset(w for w in words if w), tuple(leading), tuple(sections), tuple(tables))


def _words(trees, numbering) -> set[str]:
    """Return every word the document's parts print, and the words of its list labels."""
    words: set[str] = set()
    for tree in trees:
        notes = [0]
        for p in tree.iter(W + "p"):
            tokens = SPACES.split(_paragraph_text(p, notes).strip())
            words.update(tokens)
            words.update(a + b for a, b in zip(tokens, tokens[1:]))
            # A line may end after a dash between words ("rugpjūčio–" / "rugsėjo") or after the hyphen of a
            # code or number ("COVID-" / "19", "T2-" / "57": plain hyphens, so that a register finds them).
            words.update(part for t in tokens if re.search(r"[–-]", t[1:-1])
                         for part in re.split(r"(?<=[–-])", t) if part)
    if numbering is not None:  # literal words of list labels ("%1 SKYRIUS")
        for level in numbering.iter(W + "lvlText"):
            words.update(SPACES.split(re.sub(r"%\d", "", level.get(W + "val", ""))))
    return words


def _table(element) -> tuple[float, str]:
    """Return a table's grid width in mm and its first cell's text (to name it)."""
    grid = sum(int(g.get(W + "w", "0")) for g in element.find(W + "tblGrid").iter(W + "gridCol")) \
        if element.find(W + "tblGrid") is not None else 0
    first = element.find(f".//{W}tc")
    return grid / TWIPS_PER_MM, SPACES.sub(" ", "".join(
        _paragraph_text(p) + " " for p in first.iter(W + "p"))).strip() if first is not None else ""


def _layout(body) -> tuple[list, list, list]:
    """Return the body's leading paragraphs (headings, captions), its sections and each table with its section."""
    leading, sections, tables = [], [], []
    pending: list = []  # tables waiting for the section that ends after them
    for element in body:
        sect = None
        if element.tag == W + "p":
            style = element.find(f"{W}pPr/{W}pStyle")
            if style is not None and LEADING_STYLES.match(style.get(W + "val", "")):
                text = SPACES.sub(" ", _paragraph_text(element)).strip()
                if text:
                    leading.append(text)
            sect = element.find(f"{W}pPr/{W}sectPr")
        elif element.tag == W + "tbl":
            pending.append(_table(element))
        elif element.tag == W + "sectPr":
            sect = element
        if sect is not None:
            section = _section(sect)
            sections.append(section)
            tables += [(width, section, first) for width, first in pending]
            pending = []
    return leading, sections, tables


def _section_of(page, sections: tuple[Section, ...]) -> Section:
    """Return the section a PDF page belongs to by its size (portrait or landscape): the widest text area."""
    width, height = float(page.width) * MM_PER_PT, float(page.height) * MM_PER_PT
    same = [s for s in sections if abs(s.width_mm - width) < 3 and abs(s.height_mm - height) < 3]
    if not same:
        return Section(width, height, 0.0, 0.0)
    return max(same, key=lambda s: s.text_width_mm)


def _lines(words: list[dict]) -> list[list[dict]]:
    """Group a page's words into lines by their baseline."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["bottom"]), w["x0"])):
        if lines and abs(lines[-1][0]["bottom"] - word["bottom"]) < 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


def _fragment_of(word: str, known: frozenset[str]) -> str:
    """Return a word of the document a fragment is part of, for the message, or ""."""
    candidates = sorted(w for w in known if len(w) > len(word) and word in w and not SPACES.search(w))
    return candidates[0] if candidates else ""


def check_pdf(name: str, pdf: Path, docx: Docx) -> list[Finding]:
    """Return what is wrong on paper in one document's PDF, page by page."""
    import pdfplumber

    findings: list[Finding] = []
    with pdfplumber.open(pdf) as document:
        pages = document.pages
        for number, page in enumerate(pages, start=1):
            section = _section_of(page, docx.sections)
            left, right = section.left_mm - TOLERANCE_MM, section.width_mm - section.right_mm + TOLERANCE_MM
            words = page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5)
            outside = [w for w in words if w["x0"] * MM_PER_PT < left or w["x1"] * MM_PER_PT > right]
            if outside:
                low = min(w["x0"] for w in outside) * MM_PER_PT
                high = max(w["x1"] for w in outside) * MM_PER_PT
                findings.append(Finding(name, number, f"tekstas už paraščių: {_mm(low)}–{_mm(high)} mm nuo lapo krašto "
                                        f"(teksto plotas {_mm(section.left_mm)}–{_mm(section.width_mm - section.right_mm)}"
                                        f" mm), pvz., „{outside[0]['text']}“"))
            for word in words:
                text = LEADERS.sub("", _norm(word["text"])) or "."
                if text in docx.words or text + "." in docx.words or GENERATED.match(text):
                    continue
                whole = _fragment_of(text, docx.words)
                findings.append(Finding(name, number, f"žodis perskeltas: „{text}“" + (
                    f" (dokumente – „{whole}“)" if whole else " – tokio žodžio dokumente nėra")))
            if number < len(pages):
                findings += _alone_at_foot(name, number, words, docx)
    return findings


def _alone_at_foot(name: str, number: int, words: list[dict], docx: Docx) -> list[Finding]:
    """Return a finding when a page's last lines are exactly a heading or a caption (nothing of it below)."""
    lines = [SPACES.sub(" ", " ".join(_norm(w["text"]) for w in line)).strip() for line in _lines(words)]
    if lines and len(lines[-1]) < 3:  # a page number at the foot
        lines.pop()
    for count in (1, 2, 3):  # a heading may wrap over two or three lines
        if len(lines) <= count:
            break
        last = " ".join(lines[-count:])
        if last in docx.leading:
            return [Finding(name, number, f"antraštė ar lentelės pavadinimas „{last}“ liko puslapio apačioje "
                            "be teksto po juo")]
    return []


def check_tables(name: str, docx: Docx) -> list[Finding]:
    """Return a finding for each table wider than the text area of its section."""
    findings = []
    for width, section, first in docx.tables:
        if width > section.text_width_mm + TOLERANCE_MM:
            findings.append(Finding(name, 0, f"lentelė „{first[:40]}…“ platesnė už teksto plotą: {_mm(width)} mm, "
                                    f"o teksto plotas – {_mm(section.text_width_mm)} mm"))
    return findings


def _mm(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def check_document(docx_path: Path, pdf_path: Path) -> list[Finding]:
    """Return every print finding of one document, from its .docx and the PDF LibreOffice made of it."""
    docx = read_docx(docx_path)
    return check_tables(docx_path.name, docx) + check_pdf(docx_path.name, pdf_path, docx)


def check_folder(build_dir: Path, converter=None) -> list[Finding]:
    """Convert a build folder's documents to PDF (those that changed) and check every one as printed."""
    from .pdf import convert_folder

    convert_folder(build_dir, converter)
    findings = []
    for docx in sorted(build_dir.glob("*.docx")):
        pdf = docx.with_suffix(".pdf")
        if not pdf.is_file():
            raise StageError(f"{docx.name}: PDF nėra")
        findings += check_document(docx, pdf)
    return findings
