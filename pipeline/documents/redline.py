"""A comparative version in real Word tracked changes: the new edition marked against the approved one.

Both editions are rendered by the same templates, so their documents share styles and layout;
what differs is content. The comparison walks the two bodies block by block (paragraphs and
tables) and marks the new edition:

- blocks are aligned by their text with every number replaced by "#" (difflib), so a measure that
  moves from 1.2.3 to 1.2.4 still meets its old self; what is left unpaired is paired by
  similarity, and the rest is inserted or deleted whole;
- a paired paragraph is compared word by word: the new runs keep their formatting, inserted words
  go in <w:ins>, deleted words come back from the old edition in <w:del>/<w:delText>, so a changed
  number is marked as just that number;
- a paired table is compared row by row the same way (rows in <w:trPr><w:ins/> or <w:del/>), and
  paired rows cell by cell, paragraph by paragraph: changed cells, not re-inserted tables.

Accepting every change gives exactly the new edition's text, rejecting every change the approved
one's. Marks carry the author and date from content and numbered ids, so a run is reproducible.
Old content that cannot live in the new document (footnote references, pictures, field codes of
the approved edition) is left out of deleted text; it has no text of its own.
"""

from __future__ import annotations

import copy
import difflib
import re

from docx.oxml.ns import qn

from .tracked import (W_DEL, W_FOOTNOTE, W_FOOTNOTE_REF, W_INS, W_P, W_PPR, W_SECTPR, W_TBL, W_TC, W_TR, Marks,
                      atoms_of, delete_paragraph, deleted_block, deleted_row, mark_inserted_block,
                      mark_inserted_paragraph, mark_inserted_row, runs_of, text_of, tokens_of, wrapped)

PAIRING = 0.5  # how alike two unaligned blocks must be to be compared rather than replaced
_SPACE = re.compile(r"[ \u00a0\u202f]+")  # a space between words (a tab or a line break is layout: never taken)
# A non-breaking space binds an amount to its unit: taken by a replaced stretch, it joins the deleted and the
# inserted text into one longer chain no line can break, so it is taken only while that chain stays short (a
# year, a small number); longer amounts stay side by side, as Word's own comparison shows them, and a narrow
# table cell (the plan's funds) is not made to cut a word.
_BOUND_CHAIN = 12


def _takes(space: str, op: list, old_tokens: list[str], new_tokens: list[str]) -> bool:
    """Tell whether a replaced stretch may take this space into its deleted and its inserted text."""
    if not _SPACE.fullmatch(space):
        return False
    chain = sum(map(len, old_tokens[op[1]:op[2]])) + sum(map(len, new_tokens[op[3]:op[4]]))
    return " " in space or chain <= _BOUND_CHAIN


def _signature(element) -> str:
    kind = "T" if element.tag == W_TBL else "P"
    return kind + re.sub(r"\d+", "#", " ".join(text_of(element).split()))


def _blocks(container) -> list:
    return [child for child in container if child.tag in (W_P, W_TBL)]


def _similar(a, b) -> float:
    if a.tag != b.tag:
        return 0.0
    return difflib.SequenceMatcher(None, _signature(a), _signature(b), autojunk=False).ratio()


def _pairs(old: list, new: list) -> list[tuple]:
    """Return (old or None, new or None) in document order: aligned blocks paired, the rest alone."""
    out = []
    matcher = difflib.SequenceMatcher(None, [_signature(b) for b in old], [_signature(b) for b in new],
                                      autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += list(zip(old[i1:i2], new[j1:j2]))
            continue
        i = i1
        for j in range(j1, j2):
            best = max(range(i, i2), key=lambda k: _similar(old[k], new[j]), default=None)
            if best is not None and _similar(old[best], new[j]) >= PAIRING:
                out += [(old[k], None) for k in range(i, best)]
                out.append((old[best], new[j]))
                i = best + 1
            else:
                out.append((None, new[j]))
        out += [(old[k], None) for k in range(i, i2)]
    return out


def _walk(pairs, marks: Marks, deleted, inserted, compared) -> list:
    """Go through aligned (old, new) pairs of blocks or rows: a deleted one is placed before the next new one,
    a new one without an old is marked inserted, a pair is compared; return the deleted ones left at the end."""
    pending = []
    for old, new in pairs:
        if new is None:
            pending.append(deleted(old, marks))
            continue
        for element in pending:
            new.addprevious(element)
        pending = []
        if old is None:
            inserted(new, marks)
        else:
            compared(old, new)
    return pending


def compare_container(old_container, new_container, marks: Marks) -> None:
    """Mark new_container's blocks (a body or a table cell) against old_container's, in place."""
    pending = _walk(_pairs(_blocks(old_container), _blocks(new_container)), marks, deleted_block,
                    mark_inserted_block, lambda old, new: (compare_paragraph if new.tag == W_P else compare_table)(
                        old, new, marks))
    if pending:
        anchor = new_container.find(W_SECTPR)
        for block in pending:
            if anchor is not None:
                anchor.addprevious(block)
            else:
                new_container.append(block)


def _references(element) -> list:
    return list(element.iter(W_FOOTNOTE_REF))


def _pair_references(old_atoms, new_atoms, marks: Marks) -> None:
    """Tell the footnotes which of them stand in the same place in both editions."""
    if marks.pair_footnote is None:
        return
    for (_, _, a), (_, _, b) in zip(old_atoms, new_atoms):
        if a is not None and b is not None and a.tag == b.tag == W_FOOTNOTE_REF:
            marks.pair_footnote(a.get(qn("w:id")), b.get(qn("w:id")))


def _merged(opcodes: list, old_tokens: list[str]) -> list[list]:
    """Return the word diff with changes apart by a single space made one: "Lietuvos statistikos departamentas" →
    "Valstybės duomenų agentūra" is three words replaced by three, not word against word in turn."""
    ops: list[list] = []
    for op in opcodes:
        if (op[0] != "equal" and len(ops) >= 2 and ops[-2][0] != "equal" and ops[-1][0] == "equal"
                and ops[-1][2] - ops[-1][1] == 1 and _SPACE.fullmatch(old_tokens[ops[-1][1]])
                and op[2] - ops[-2][1] > 1 and op[4] - ops[-2][3] > 1):  # words on both sides, not a bare space
            ops.pop()
            ops[-1] = ["replace", ops[-1][1], op[2], ops[-1][3], op[4]]
        else:
            ops.append(list(op))
    return ops


def spaced(opcodes: list, old_tokens: list[str], new_tokens: list[str]) -> list[tuple]:
    """Return the word diff with each replaced stretch taking the space beside it into both its deleted and its
    inserted text, so that the two read as separate words ("45 46 proc.", not "4546 proc."), while accepting
    or rejecting the changes still gives either edition exactly. The space before is taken, else the one after;
    a stretch with no space beside it (a table cell holding one number), or only a non-breaking one beside a long
    amount (`_takes`), stays as it is."""
    ops = _merged(opcodes, old_tokens)
    for k, op in enumerate(ops):
        if op[0] != "replace" or old_tokens[op[2] - 1].isspace() or new_tokens[op[3]].isspace():
            continue  # nothing to replace, or the texts are apart already
        before, after = ops[k - 1] if k else None, ops[k + 1] if k + 1 < len(ops) else None
        if before and before[0] == "equal" and before[2] > before[1] and _takes(old_tokens[before[2] - 1], op,
                                                                                 old_tokens, new_tokens):
            before[2], before[4], op[1], op[3] = before[2] - 1, before[4] - 1, op[1] - 1, op[3] - 1
        elif after and after[0] == "equal" and after[2] > after[1] and _takes(old_tokens[after[1]], op,
                                                                                old_tokens, new_tokens):
            after[1], after[3], op[2], op[4] = after[1] + 1, after[3] + 1, op[2] + 1, op[4] + 1
    return [tuple(op) for op in ops if op[1] < op[2] or op[3] < op[4]]


def compare_paragraph(old, new, marks: Marks) -> None:
    """Mark the words of `new` that differ from `old`: insertions in place, deletions brought back."""
    old_refs, new_refs = _references(old), _references(new)
    if text_of(old) == text_of(new) and len(old_refs) == len(new_refs):
        if marks.pair_footnote is not None:
            for a, b in zip(old_refs, new_refs):
                marks.pair_footnote(a.get(qn("w:id")), b.get(qn("w:id")))
        return
    old_atoms, new_atoms = atoms_of(old), atoms_of(new)
    if old_atoms is None or new_atoms is None:
        new.addprevious(deleted_block(old, marks))
        mark_inserted_block(new, marks)
        return
    old_tokens, new_tokens = tokens_of(old_atoms), tokens_of(new_atoms)
    old_at = [0]
    for token in old_tokens:
        old_at.append(old_at[-1] + len(token))
    new_at = [0]
    for token in new_tokens:
        new_at.append(new_at[-1] + len(token))
    content = []
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for op, i1, i2, j1, j2 in spaced(matcher.get_opcodes(), old_tokens, new_tokens):
        if op in ("delete", "replace"):
            content.append(wrapped(runs_of(old_atoms[old_at[i1]:old_at[i2]], True, marks), "w:del", marks))
        if op in ("insert", "replace"):
            content.append(wrapped(runs_of(new_atoms[new_at[j1]:new_at[j2]], False), "w:ins", marks))
        if op == "equal":
            _pair_references(old_atoms[old_at[i1]:old_at[i2]], new_atoms[new_at[j1]:new_at[j2]], marks)
            content += runs_of(new_atoms[new_at[j1]:new_at[j2]], False)
    for child in [c for c in new if c.tag != W_PPR]:
        new.remove(child)
    for element in content:
        if element.tag in (W_INS, W_DEL) and len(element) == 0:
            continue
        new.append(element)


def compare_table(old, new, marks: Marks) -> None:
    """Mark a table's rows and cells: inserted and deleted rows, changed cells compared in place."""
    grid = lambda table: len(table.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}"))  # noqa: E731
    if grid(old) != grid(new):
        new.addprevious(deleted_block(old, marks))
        mark_inserted_block(new, marks)
        return
    # rows aligned as blocks are: number-blind text, then by similarity
    pending = _walk(_pairs(old.findall(W_TR), new.findall(W_TR)), marks, deleted_row, mark_inserted_row,
                    lambda old_row, new_row: _compare_row(old_row, new_row, marks))
    for row in pending:
        new.append(row)


def _compare_row(old_row, new_row, marks: Marks) -> None:
    old_cells, new_cells = old_row.findall(W_TC), new_row.findall(W_TC)
    if len(old_cells) != len(new_cells):
        new_row.addprevious(deleted_row(old_row, marks))
        mark_inserted_row(new_row, marks)
        return
    for old_cell, new_cell in zip(old_cells, new_cells):
        compare_container(old_cell, new_cell, marks)


def comparison(old_docx: bytes, new_docx: bytes, marks_of, title: str = "LYGINAMASIS VARIANTAS") -> bytes | None:
    """Return the new edition marked against the old in tracked changes, or None when their texts are the same.

    The approval mark at the top (paragraphs styled "Žyma") is the new edition's, unmarked, and a
    title names the document a comparative version. `marks_of` holds the author and the date.
    """
    import io

    import docx

    from ..core.zips import normalize_docx

    old, new = docx.Document(io.BytesIO(old_docx)), docx.Document(io.BytesIO(new_docx))
    old_body, new_body = old.element.body, new.element.body
    _take_mark(old_body)
    mark = _take_mark(new_body)
    marks = Marks(marks_of.author, f"{marks_of.date.isoformat()}T00:00:00Z")
    notes = _Footnotes(old, new, marks)
    compare_container(old_body, new_body, marks)
    notes.finish()
    if not marks.counts["ins"] and not marks.counts["del"]:
        return None
    first = new_body[0]
    for paragraph in mark:
        first.addprevious(paragraph)
    title_paragraph = _title(new, title)
    (mark[0] if mark else first).addprevious(title_paragraph)
    buffer = io.BytesIO()
    new.save(buffer)
    return normalize_docx(buffer.getvalue())



class _Footnotes:
    """The two editions' footnotes, paired through their references: a footnote cited at the same place in
    both is compared like paragraphs; a new one is marked inserted; an old one whose reference the new
    edition dropped is brought back, its text deleted, for the deleted reference that cites it."""

    def __init__(self, old, new, marks: Marks):
        from lxml import etree

        self.etree, self.marks = etree, marks
        self.old_part, self.new_part = _footnotes_part(old), _footnotes_part(new)
        if self.old_part is None or self.new_part is None:
            return
        self.old_root = etree.fromstring(self.old_part.blob)
        self.new_root = etree.fromstring(self.new_part.blob)
        self.old_by_id = {n.get(qn("w:id")): n for n in _notes(self.old_root)}
        self.new_by_id = {n.get(qn("w:id")): n for n in _notes(self.new_root)}
        self.paired: dict[str, str] = {}
        self.next_id = max([int(n.get(qn("w:id"))) for n in self.new_root.iter(W_FOOTNOTE)] + [0]) + 1
        self.kept: dict[str, str] = {}
        marks.keep_footnote, marks.pair_footnote = self.keep, self.pair

    def pair(self, old_id: str, new_id: str) -> None:
        if old_id in self.old_by_id and new_id in self.new_by_id:
            self.paired[old_id] = new_id

    def keep(self, old_id: str) -> str | None:
        if old_id in self.paired or old_id not in self.old_by_id:
            return None
        if old_id not in self.kept:
            note = copy.deepcopy(self.old_by_id[old_id])
            note.set(qn("w:id"), str(self.next_id))
            for paragraph in note.iter(W_P):
                delete_paragraph(paragraph, self.marks)
            self.new_root.append(note)
            self.kept[old_id] = str(self.next_id)
            self.next_id += 1
        return self.kept[old_id]

    def finish(self) -> None:
        if self.old_part is None or self.new_part is None:
            return
        compared = set()
        for old_id, new_id in self.paired.items():
            compare_container(self.old_by_id[old_id], self.new_by_id[new_id], self.marks)
            compared.add(new_id)
        for new_id, note in self.new_by_id.items():
            if new_id not in compared:
                for paragraph in note.iter(W_P):
                    mark_inserted_paragraph(paragraph, self.marks)
        self.new_part._blob = self.etree.tostring(self.new_root, xml_declaration=True, encoding="UTF-8",
                                                  standalone=True)


def _footnotes_part(document):
    for relationship in document.part.rels.values():
        if relationship.reltype.endswith("/footnotes"):
            return relationship.target_part
    return None


def _notes(root) -> list:
    """Return the footnotes proper, without Word's separators, in document order."""
    return [n for n in root.iter(W_FOOTNOTE) if n.get(qn("w:type")) in (None, "normal")]


def _take_mark(body) -> list:
    """Remove and return the approval mark: the leading paragraphs styled "Žyma"."""
    taken = []
    for child in list(body):
        if child.tag != W_P:
            break
        style = child.find(f"{W_PPR}/{qn('w:pStyle')}")
        if style is None or style.get(qn("w:val")) != "Žyma":
            break
        body.remove(child)
        taken.append(child)
    return taken


def _title(document, text: str):
    """Return a paragraph in the draft-mark style (top right, like "Projektas") holding the title."""
    from docx.oxml import OxmlElement

    paragraph, properties, style = OxmlElement("w:p"), OxmlElement("w:pPr"), OxmlElement("w:pStyle")
    ids = {s.name: s.style_id for s in document.styles}
    style.set(qn("w:val"), ids.get("Projektas", "Projektas"))
    properties.append(style)
    paragraph.append(properties)
    run, t = OxmlElement("w:r"), OxmlElement("w:t")
    t.text = text
    run.append(t)
    paragraph.append(run)
    return paragraph
