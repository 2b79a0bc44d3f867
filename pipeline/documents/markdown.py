"""Attach pandoc's Word output to a rendered document, where the template placed each part.

pandoc.py converts all of a document's Markdown in one run, each part ended by a marker
paragraph. The template is rendered first with a placeholder paragraph wherever it asks for a
part (`{{p introduction }}`); only then is pandoc's output attached (styles, numbering,
footnotes, pictures) and each part put in place of its placeholder. Content therefore never
passes through Jinja or docxtpl's rewriting, in any part of the package: what an official
typed, "{{ 7*7 }}" included, is what the document says.
"""

from __future__ import annotations

import io
import re
import secrets

from docx import Document
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.oxml.section import CT_SectPr
from docxtpl.subdoc import SubdocComposer
from lxml import etree
from markupsafe import Markup

from ..core import lt
from ..core.errors import StageError

_W_P, _W_T, _W_TBL, _W_TR, _W_TC = qn("w:p"), qn("w:t"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
TEXT_WIDTH = 9638  # twentieths of a point: A4's 210 mm less the 30 mm and 10 mm margins
_STYLE_REFERENCES = {qn(name): name for name in ("w:tblStyle", "w:pStyle", "w:rStyle")}


class _Composer(SubdocComposer):
    """Attach a body wrapped in one content control, list by list where docxcompose needs it.

    docxcompose numbers the lists of one top-level element with a single new id; applied to the
    wrapper, every list would continue the previous one. Lists are therefore handled per child,
    and only children that hold a list are looked at.
    """

    def add_numberings(self, doc, element):
        for child in _children(element):
            if child.find(".//" + qn("w:numId")) is not None:
                super().add_numberings(doc, child)

    def add_styles(self, doc, element):
        """Add the styles an element uses, found in one pass over it.

        docxcompose finds them with an XPath union over the whole element, which takes seconds on
        a large body; it needs only one reference per style (it renames none: styles are not
        preserved), so it is handed those.
        """
        assert not self.preserve_styles
        references = {}
        for reference in element.iter(*_STYLE_REFERENCES):
            references.setdefault((reference.tag, reference.get(qn("w:val"))), None)
        digest = OxmlElement("w:p")
        for tag, value in references:
            digest.append(OxmlElement(_STYLE_REFERENCES[tag], attrs={qn("w:val"): value}))
        super().add_styles(doc, digest)

    def restart_first_numbering(self, doc, element):
        """Do nothing: pandoc gives every list its own numbering that starts at 1 already."""


def _children(element) -> list:
    if element.tag == qn("w:sdt"):
        return list(element.find(qn("w:sdtContent")))
    return [element]


class Places:
    """Placeholders a template renders where Markdown parts go, filled in after rendering.

    Each placeholder is a paragraph holding a token drawn anew for every render, so no text in
    the content can pass for one.
    """

    def __init__(self, names: list[str]):
        self.names = list(names)
        self._prefix = f"PIPELINE-PLACE-{secrets.token_hex(8)}-"

    def __contains__(self, name: str) -> bool:
        return name in self.names

    def __getitem__(self, name: str) -> Markup:
        """Return the paragraph a template places with `{{p name }}`."""
        if name not in self.names:
            raise KeyError(name)
        return Markup(f"<w:p><w:r><w:t>{self._prefix}{name}</w:t></w:r></w:p>")

    def fill(self, document, docx_bytes: bytes, marker: str) -> None:
        """Attach pandoc's output to the rendered document and put each part in its placeholders' stead."""
        parts = attach(document, docx_bytes, self.names, marker)
        for paragraph in list(document.element.body.iter(_W_P)):
            text = _text(paragraph)
            if not text.startswith(self._prefix):
                continue
            name = text[len(self._prefix):]
            for element in parts[name]:
                paragraph.addprevious(_portable(element))
            paragraph.getparent().remove(paragraph)


def _portable(element):
    """Return a copy of an element that declares its own namespaces, ready to move to another document.

    lxml fixes the namespaces of a moved subtree node by node, and its cache only helps when the
    moved element itself declares them: moving a pandoc table of 45,000 cells as it is takes half
    a minute, a copy made by serialising and parsing it a tenth of a second.
    """
    return parse_xml(etree.tostring(element))


def attach(document, docx_bytes: bytes, names: list[str], marker: str) -> dict[str, list]:
    """Attach pandoc's output to a document's package and return each named part's body elements.

    The body is wrapped in one content control while it is attached: docxcompose's work is per
    top-level element, and one element instead of hundreds makes attaching many times faster.
    """
    source = Document(io.BytesIO(docx_bytes))
    body = source.element.body
    wrapper = OxmlElement("w:sdt")
    content = OxmlElement("w:sdtContent")
    wrapper.append(content)
    elements = [e for e in body if not isinstance(e, CT_SectPr)]
    body.insert(0, wrapper)  # first: moving elements within one document is cheap (see _portable)
    for element in elements:
        if element.tag == _W_TBL:
            fit_columns(element)
        content.append(element)
    _Composer(document).attach_parts(source)
    _plain_bullets(document)
    parts: dict[str, list] = {}
    current: list = []
    index = 0
    for element in list(content):
        if index < len(names) and element.tag == _W_P and _text(element).strip() == marker.format(index):
            parts[names[index]] = current
            current = []
            index += 1
            continue
        current.append(element)
    if index != len(names):
        raise StageError("pandoc išvestyje nerasta dalių ribų: Markdown tekste gali būti neuždarytas blokas")
    return parts


def _plain_bullets(document) -> None:
    """Draw list bullets with the body font: a Symbol-font bullet becomes a substitute font's glyph in PDF.

    pandoc writes its bullet lists with the Symbol font's private-use bullet (U+F0B7) whatever the
    reference document says, so this is done on the attached result, not in the template.
    """
    try:
        numbering = document.part.numbering_part.element
    except NotImplementedError:
        return
    for level in numbering.iter(qn("w:lvl")):
        fmt = level.find(qn("w:numFmt"))
        if fmt is None or fmt.get(qn("w:val")) != "bullet":
            continue
        text = level.find(qn("w:lvlText"))
        value = text.get(qn("w:val"), "") if text is not None else ""
        if text is not None and any(not ch.isprintable() or "\uf000" <= ch <= "\uf8ff" for ch in value):
            text.set(qn("w:val"), "•")
        rpr = level.find(qn("w:rPr"))
        if rpr is not None:
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is not None:
                for attr in list(fonts.attrib):
                    del fonts.attrib[attr]
                for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                    fonts.set(qn(attr), "Times New Roman")


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(_W_T))


def fit_columns(table) -> None:
    """Give a Markdown table's columns widths from their text, across the text width.

    pandoc leaves a pipe table's columns equal unless a line is longer than its --columns, and
    equal columns break long words ("Apgyvendint|i"). Each column gets room in proportion to its
    longest text (up to a line's worth), and never less than its longest word.
    """
    rows = [[_text(cell) for cell in row.iter(_W_TC)] for row in table.iter(_W_TR)]
    count = max((len(r) for r in rows), default=0)
    if not count:
        return
    column = [[lt.typeset(r[c]) for r in rows if c < len(r)] for c in range(count)]
    # A "word" is what typography keeps whole: "2020 m." does not break (a non-breaking space), so it must fit.
    word = [max((len(w) for text in texts for w in re.split(r"[ \t\n]+", text)), default=1) + 1 for texts in column]
    need = [max(longest_word, min(max(map(len, texts), default=1), 40)) for longest_word, texts in zip(word, column)]
    widths = [TEXT_WIDTH * n // sum(need) for n in need]
    _set_widths(table, widths)


def _set_widths(table, widths: list[int]) -> None:
    properties = table.find(qn("w:tblPr"))
    width = properties.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        properties.append(width)
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(sum(widths)))
    grid = table.find(qn("w:tblGrid"))
    for column, size in zip(grid.findall(qn("w:gridCol")), widths):
        column.set(qn("w:w"), str(size))
    for row in table.iter(_W_TR):
        for cell, size in zip(row.findall(qn("w:tc")), widths):
            cell_properties = cell.find(qn("w:tcPr"))
            if cell_properties is None:
                cell_properties = OxmlElement("w:tcPr")
                cell.insert(0, cell_properties)
            cell_width = cell_properties.find(qn("w:tcW"))
            if cell_width is None:
                cell_width = OxmlElement("w:tcW")
                cell_properties.insert(0, cell_width)
            cell_width.set(qn("w:type"), "dxa")
            cell_width.set(qn("w:w"), str(size))
