"""Attach pandoc's Word output to a template and cut it into the parts the template places.

pandoc.py converts all of a document's Markdown in one run, each part ended by a marker
paragraph. Here the result is attached to the template once (styles, numbering, footnotes)
and cut at the markers into parts that the template inserts with `{{p name }}`.
"""

from __future__ import annotations

import io

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.section import CT_SectPr
from docxtpl import DocxTemplate
from docxtpl.subdoc import SubdocComposer
from lxml import etree
from markupsafe import Markup

from .errors import StageError
from .pandoc import MARKER as _MARKER


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

    def restart_first_numbering(self, doc, element):
        """Do nothing: pandoc gives every list its own numbering that starts at 1 already."""


def _children(element) -> list:
    if element.tag == qn("w:sdt"):
        return list(element.find(qn("w:sdtContent")))
    return [element]


def attach(tpl: DocxTemplate, docx_bytes: bytes, names: list[str]) -> dict[str, Markup]:
    """Attach pandoc's output to the template and return each named part as insertable XML.

    The body is wrapped in one content control while it is attached: docxcompose's work is per
    top-level element, and one element instead of hundreds makes attaching many times faster.
    """
    document = Document(io.BytesIO(docx_bytes))
    body = document.element.body
    wrapper = OxmlElement("w:sdt")
    content = OxmlElement("w:sdtContent")
    wrapper.append(content)
    for element in list(body):
        if not isinstance(element, CT_SectPr):
            content.append(element)
    body.insert(0, wrapper)
    _Composer(tpl.docx).attach_parts(document)
    _plain_bullets(tpl.docx)
    parts: dict[str, Markup] = {}
    current: list = []
    index = 0
    for element in list(content):
        if index < len(names) and element.tag == qn("w:p") and _text(element).strip() == _MARKER.format(index):
            parts[names[index]] = Markup("".join(etree.tostring(e, encoding="unicode") for e in current))
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
    return "".join(t.text or "" for t in element.iter(qn("w:t")))
