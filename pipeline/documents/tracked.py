"""Word tracked changes in XML: who and when, and runs, paragraphs and table rows marked inserted or deleted.

Deleted text comes from the approved edition: its runs are copied with their formatting into
<w:del>/<w:delText>; what cannot live in the new document (pictures, field codes, the old list ids)
is left out. redline.py decides what to mark.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from docx.oxml.ns import qn

W_P, W_TBL, W_TR, W_TC, W_R, W_T = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:r"), qn("w:t")
W_PPR, W_RPR, W_TRPR, W_SECTPR = qn("w:pPr"), qn("w:rPr"), qn("w:trPr"), qn("w:sectPr")
W_INS, W_DEL, W_DELTEXT = qn("w:ins"), qn("w:del"), qn("w:delText")
W_TAB, W_BR, W_CR = qn("w:tab"), qn("w:br"), qn("w:cr")
W_FOOTNOTE, W_FOOTNOTE_REF = qn("w:footnote"), qn("w:footnoteReference")
KEPT_IN_DELETIONS = {W_TAB: "\t", W_BR: "\n", W_CR: "\n"}  # what a deleted run may still hold besides text
# A word, a run of spaces, or a sign. A number is one token with its thousands groups and decimals
# ("2 400 000,00"), and so is a word of parts joined by signs: a point's number with its final full stop
# ("2.1.1."), a period ("2021–2027"), a date, a code ("EV-01", "T2-57"); a changed number then reads as
# one number replaced ("2.1.1." → "2.1.2."), never as digits in between.
_TOKEN = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?"
                    r"|\w+(?:[.,/–-]\w+)+(?:(?<=\d)\.)?|\d+(?:,\d+)?\.?|\w+|\s+|[^\w\s]", re.UNICODE)


@dataclass
class Marks:
    """Who and when, and the next id: every <w:ins>/<w:del> gets a unique, reproducible id."""

    author: str
    date: str  # ISO 8601, e.g. "2024-11-20T00:00:00Z"
    next_id: int = 1
    counts: dict = field(default_factory=lambda: {"ins": 0, "del": 0})
    # Old footnotes with no counterpart in the new edition: their deleted references keep them alive by
    # copying them (text deleted) into the new document's footnotes, under these new ids.
    keep_footnote: object = None  # a function: old footnote id → new id, or None
    pair_footnote: object = None  # a function (old id, new id): the same footnote in both editions

    def element(self, tag: str):
        from docx.oxml import OxmlElement

        mark = OxmlElement(tag)
        mark.set(qn("w:id"), str(self.next_id))
        mark.set(qn("w:author"), self.author)
        mark.set(qn("w:date"), self.date)
        self.next_id += 1
        self.counts["ins" if tag == "w:ins" else "del"] += 1
        return mark



def text_of(element) -> str:
    """Return an element's text as a reader sees it (tabs and breaks as characters)."""
    parts = []
    for node in element.iter(W_T, W_DELTEXT, W_TAB, W_BR, W_CR):
        parts.append(node.text or "" if node.tag in (W_T, W_DELTEXT) else KEPT_IN_DELETIONS[node.tag])
    return "".join(parts)



def atoms_of(paragraph) -> list[tuple[str, object, object]] | None:
    """Return the paragraph as (character, run, special element or None); None when it holds more than runs."""
    atoms = []
    for child in paragraph:
        if child.tag == W_PPR:
            continue
        if child.tag != W_R:
            return None  # a hyperlink, a field, a bookmark: compared whole
        for node in child:
            if node.tag == W_RPR:
                continue
            if node.tag == W_T:
                atoms += [(ch, child, None) for ch in node.text or ""]
            elif node.tag in KEPT_IN_DELETIONS:
                atoms.append((KEPT_IN_DELETIONS[node.tag], child, node))
            else:
                atoms.append(("\ufffc", child, node))  # a footnote reference, a picture, a field character
    return atoms



def tokens_of(atoms) -> list[str]:
    return _TOKEN.findall("".join(a for a, _, _ in atoms))



def runs_of(atoms, deleted: bool, marks: Marks | None = None) -> list:
    """Return runs holding atoms, one per stretch of the same source run, formatting copied from it."""
    from docx.oxml import OxmlElement

    runs, current, source, text = [], None, object(), []

    def flush_text():
        if text and current is not None:
            t = OxmlElement("w:delText" if deleted else "w:t")
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            t.text = "".join(text)
            current.append(t)
        text.clear()

    for char, run, special in atoms:
        if run is not source:
            flush_text()
            current = OxmlElement("w:r")
            properties = run.find(W_RPR)
            if properties is not None:
                current.append(copy.deepcopy(properties))
            runs.append(current)
            source = run
        if special is None:
            text.append(char)
        else:
            flush_text()
            if not deleted or special.tag in KEPT_IN_DELETIONS:
                current.append(copy.deepcopy(special))
            elif special.tag == W_FOOTNOTE_REF and marks is not None and marks.keep_footnote is not None:
                new_id = marks.keep_footnote(special.get(qn("w:id")))
                if new_id is not None:
                    reference = copy.deepcopy(special)
                    reference.set(qn("w:id"), new_id)
                    current.append(reference)
    flush_text()
    return [r for r in runs if len(r) > (1 if r.find(W_RPR) is not None else 0)]



def wrapped(runs: list, tag: str, marks: Marks):
    mark = marks.element(tag)
    for run in runs:
        mark.append(run)
    return mark



def mark_paragraph(paragraph, tag: str, marks: Marks) -> None:
    """Mark a paragraph's own mark (its end) as inserted or deleted."""
    from docx.oxml import OxmlElement

    properties = paragraph.find(W_PPR)
    if properties is None:
        properties = OxmlElement("w:pPr")
        paragraph.insert(0, properties)
    run_properties = properties.find(W_RPR)
    if run_properties is None:
        run_properties = OxmlElement("w:rPr")
        anchor = properties.find(W_SECTPR)
        (anchor.addprevious if anchor is not None else properties.append)(run_properties)
    run_properties.insert(0, marks.element(tag))



def mark_inserted_block(block, marks: Marks) -> None:
    if block.tag == W_TBL:
        for row in block.findall(W_TR):
            mark_inserted_row(row, marks)
    else:
        mark_inserted_paragraph(block, marks)



def mark_inserted_paragraph(paragraph, marks: Marks) -> None:
    children = [c for c in paragraph if c.tag != W_PPR]
    if children:
        mark = marks.element("w:ins")
        children[0].addprevious(mark)
        for child in children:
            mark.append(child)
    mark_paragraph(paragraph, "w:ins", marks)



def deleted_block(old, marks: Marks):
    """Return a copy of an old block, all its text deleted, fit to live in the new document."""
    block = copy.deepcopy(old)
    if block.tag == W_TBL:
        for row in block.findall(W_TR):
            delete_row(row, marks)
    else:
        delete_paragraph(block, marks)
    return block



def delete_paragraph(paragraph, marks: Marks) -> None:
    atoms = atoms_of(paragraph)
    if atoms is None:  # keep only the text of runs wherever they are
        atoms = [(ch, r, None) for r in paragraph.iter(W_R) for t in r.iter(W_T) for ch in (t.text or "")]
    runs = runs_of(atoms, True, marks)
    for child in [c for c in paragraph if c.tag != W_PPR]:
        paragraph.remove(child)
    properties = paragraph.find(W_PPR)
    if properties is not None:
        for numbering in properties.findall(qn("w:numPr")):  # the old document's list ids mean nothing here
            properties.remove(numbering)
    if runs:
        paragraph.append(wrapped(runs, "w:del", marks))
    mark_paragraph(paragraph, "w:del", marks)



def mark_row(row, tag: str, marks: Marks) -> None:
    from docx.oxml import OxmlElement

    properties = row.find(W_TRPR)
    if properties is None:
        properties = OxmlElement("w:trPr")
        row.insert(0 if row.find(qn("w:tblPrEx")) is None else 1, properties)
    change = properties.find(qn("w:trPrChange"))
    (change.addprevious if change is not None else properties.append)(marks.element(tag))



def mark_inserted_row(row, marks: Marks) -> None:
    mark_row(row, "w:ins", marks)
    for paragraph in row.iter(W_P):
        mark_inserted_paragraph(paragraph, marks)



def deleted_row(old_row, marks: Marks):
    row = copy.deepcopy(old_row)
    delete_row(row, marks)
    return row



def delete_row(row, marks: Marks) -> None:
    mark_row(row, "w:del", marks)
    for paragraph in row.iter(W_P):
        delete_paragraph(paragraph, marks)
