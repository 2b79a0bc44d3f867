"""Finish a rendered Word document: legal numbering, tables, pages kept together, typography.

Paragraphs styled "Punktas", "Papunktis" and "Papapunktis" get "1.", "1.1.", "1.1.1." and each
"Skyrius" title gets its "I SKYRIUS" line. Officials add a point in Word by giving a paragraph that style.
"""

from __future__ import annotations

import copy
import re

from docx.oxml.ns import qn

from ..core import lt
from ..core.errors import StageError

POINT_STYLES = {"Punktas": 1, "Papunktis": 2, "Papapunktis": 3}
CHAPTER_STYLE = "Skyrius"
CAPTION_STYLE = "Table Caption"  # pandoc's name, used by the templates too
# Paragraphs that must stay on the page of what follows them.
# A table of at most this many rows stays on one page (an indicator card, a form), when it fits.
SHORT_TABLE_ROWS = 16
KEEP_WITH_NEXT = {CAPTION_STYLE, CHAPTER_STYLE, "Title", "Subtitle", "Tikslas", "Uždavinys"} | {
    f"Heading {level}" for level in range(1, 10)}


def finish(document) -> None:
    """Number points and chapters, finish the tables and typeset the text of a rendered document."""
    number_points(document)
    finish_tables(document)
    typeset_document(document)


def number_points(document) -> None:
    """Prefix point paragraphs with their derived numbers and add "I SKYRIUS" lines to chapters.

    An act with a single point and no chapters numbers nothing: one operative point is not "1.".
    """
    counters = [0, 0, 0]
    chapter = 0
    body = document.element.body
    paragraphs = list(body.iterchildren(qn("w:p")))
    styles = [_style_name(document, p) for p in paragraphs]
    if styles.count(CHAPTER_STYLE) == 0 and [s for s in styles if s in POINT_STYLES] == [
            next(iter(POINT_STYLES))]:
        return
    for p in paragraphs:
        style = _style_name(document, p)
        if style == CHAPTER_STYLE:
            chapter += 1
            label = copy.deepcopy(p)
            for child in list(label):
                if child.tag != qn("w:pPr"):
                    label.remove(child)
            _prepend_text(label, f"{lt.roman(chapter)} SKYRIUS")
            p.addprevious(label)
        elif style in POINT_STYLES:
            level = POINT_STYLES[style]
            counters[level - 1] += 1
            for i in range(level, len(counters)):
                counters[i] = 0
            if any(c == 0 for c in counters[: level - 1]):
                raise StageError(f"pastraipa „{style}“ be aukštesnio lygio punkto: {''.join(p.itertext())[:60]}")
            _prepend_text(p, ".".join(str(c) for c in counters[:level]) + ". ")


# Qualified names looked up for every paragraph (qn parses its argument each time).
_P, _PPR, _PSTYLE, _VAL, _TBL, _T = (qn(name) for name in ("w:p", "w:pPr", "w:pStyle", "w:val", "w:tbl", "w:t"))


def _style_name(document, p) -> str | None:
    ppr = p.find(_PPR)
    style = ppr.find(_PSTYLE) if ppr is not None else None
    if style is None:
        return None
    style_id = style.get(_VAL)
    return _style_names(document).get(style_id)


def _style_names(document) -> dict[str, str]:
    cache = getattr(document, "_pipeline_style_names", None)
    if cache is None:
        cache = {s.style_id: s.name for s in document.styles}
        document._pipeline_style_names = cache
    return cache


def _prepend_text(p, text: str) -> None:
    from docx.oxml import OxmlElement

    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    ppr = p.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(run)
    else:
        p.insert(0, run)



def finish_tables(document) -> None:
    """Number and title every table, keep its rows whole and its header repeated, and headings with what follows.

    A table is titled by the paragraph styled "Table Caption" just before it (a template's title, or
    pandoc's from `: Title` under a Markdown table); it becomes "3 lentelė. Title". A table without
    one gets "3 lentelė." alone. An annex numbers its own tables from 1 ("1 priedo 2 lentelė."): its
    mark ("Priedo žyma", then "1 priedas" or "priedas") starts it. Rows never split across pages, the
    first row repeats on each page, a short table is not split at all, and headings and captions never
    end a page.
    """
    number, annex = 0, ""
    for element in list(document.element.body):
        style = _style_name(document, element) if element.tag == _P else None
        if element.tag == _TBL:
            number += 1
            _caption(document, element, f"{annex}{number}")
            _whole_rows(element)
            _short_together(element)
        elif style in KEEP_WITH_NEXT:
            _keep_with_next(element)
        elif style in ANNEX_MARK_STYLES:
            mark = ANNEX_MARK.fullmatch("".join(t.text or "" for t in element.iter(_T)).strip())
            if mark:
                number, annex = 0, f"{mark.group(1)} priedo " if mark.group(1) else ""


# The line of an annex mark that names the annex: "2 priedas", or "priedas" for an only annex.
ANNEX_MARK = re.compile(r"(?:(\d+)\s+)?priedas")
ANNEX_MARK_STYLES = {"Žyma", "Priedo žyma"}


def _caption(document, table, number: str) -> None:
    previous = table.getprevious()
    if previous is None or previous.tag != qn("w:p") or _style_name(document, previous) != CAPTION_STYLE:
        previous = _new_caption(document)
        table.addprevious(previous)
        _prepend_text(previous, f"{number} lentelė.")
    else:
        _prepend_text(previous, f"{number} lentelė. ")
    _keep_with_next(previous)


def _new_caption(document):
    from docx.oxml import OxmlElement

    paragraph = OxmlElement("w:p")
    properties = OxmlElement("w:pPr")
    style = OxmlElement("w:pStyle")
    ids = {name: style_id for style_id, name in _style_names(document).items()}
    style.set(qn("w:val"), ids.get(CAPTION_STYLE, "TableCaption"))
    properties.append(style)
    paragraph.append(properties)
    return paragraph


def _whole_rows(table) -> None:
    """Keep every row of a table on one page and repeat its first row on each page."""
    rows = table.findall(qn("w:tr"))
    for index, row in enumerate(rows):
        _row_flag(row, "w:cantSplit")
        if index == 0 and len(rows) > 1:
            _row_flag(row, "w:tblHeader")


def _row_flag(row, name: str) -> None:
    from docx.oxml import OxmlElement

    properties = row.find(qn("w:trPr"))
    if properties is None:
        properties = OxmlElement("w:trPr")
        cells = row.find(qn("w:tblPrEx"))
        (cells.addnext if cells is not None else lambda e: row.insert(0, e))(properties)
    if properties.find(qn(name)) is None:
        flag = OxmlElement(name)
        properties.insert(0, flag) if name == "w:cantSplit" else properties.append(flag)


def _short_together(table) -> None:
    """Keep a short table on one page: each of its rows but the last keeps with the next."""
    rows = table.findall(qn("w:tr"))
    if len(rows) <= SHORT_TABLE_ROWS:
        for row in rows[:-1]:
            for paragraph in row.iter(qn("w:p")):
                _keep_with_next(paragraph)


def _keep_with_next(paragraph) -> None:
    from docx.oxml import OxmlElement

    properties = paragraph.find(_PPR)
    if properties is None:
        properties = OxmlElement("w:pPr")
        paragraph.insert(0, properties)
    if properties.find(_KEEP_NEXT) is None:
        keep = OxmlElement("w:keepNext")
        style = properties.find(_PSTYLE)
        (style.addnext if style is not None else lambda e: properties.insert(0, e))(keep)


_KEEP_NEXT = qn("w:keepNext")


def typeset_document(document) -> None:
    """Apply Lithuanian typography (lt.typeset) to every text of the body and the footnotes.

    It runs on the rendered document, so template wording and content get it alike.
    """
    _typeset_texts(document.element.body)
    for part in document.part.package.iter_parts():
        if part.partname.endswith("/footnotes.xml") and hasattr(part, "_element"):
            _typeset_texts(part._element)


def _typeset_texts(element) -> None:
    """Typeset every text run under an element, writing back only the texts that change."""
    for text in element.iter(_T):
        value = text.text
        if value:
            typeset = lt.typeset(value)
            if typeset != value:
                text.text = typeset
