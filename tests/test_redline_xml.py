"""Tracked-change helpers, one XML string each: inserted and deleted words, paragraph marks, rows and cells."""

from __future__ import annotations

import re

from pipeline.documents import redline, tracked

from .xmlhelp import element, xml

BY = 'w:author="Rengėjas" w:date="2024-01-01T00:00:00Z"'


def marks() -> tracked.Marks:
    return tracked.Marks("Rengėjas", "2024-01-01T00:00:00Z")


def short(element_) -> str:
    """Return XML with each change mark's author and date left out (one test checks them)."""
    return xml(element_).replace(f" {BY}", "")


def run(text: str) -> str:
    return f"<w:r><w:t>{text}</w:t></w:r>"


def test_a_changed_word_is_deleted_and_inserted_in_place_with_author_and_date():
    old, new = element(f"<w:p>{run('Iki 2025 metų')}</w:p>"), element(f"<w:p>{run('Iki 2030 metų')}</w:p>")
    redline.compare_paragraph(old, new, marks())
    assert xml(new) == (
        f'<w:p><w:r><w:t xml:space="preserve">Iki</w:t></w:r><w:del w:id="1" {BY}><w:r>'
        f'<w:delText xml:space="preserve"> 2025</w:delText></w:r></w:del><w:ins w:id="2" {BY}><w:r>'
        '<w:t xml:space="preserve"> 2030</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> metų</w:t></w:r></w:p>')


def resolved(paragraph, accept: bool) -> str:
    """Return a marked paragraph's text with every change accepted (or rejected), as Word gives it."""
    gone = "w:del" if accept else "w:ins"
    return "".join(t.text or "" for t in paragraph.iter(tracked.W_T, tracked.W_DELTEXT)
                   if not any(a.tag == tracked.qn(gone) for a in t.iterancestors()))


def everything(paragraph) -> str:
    """Return a marked paragraph's text as a reader of the marked version sees it: deleted and inserted."""
    return "".join(t.text or "" for t in paragraph.iter(tracked.W_T, tracked.W_DELTEXT))


def test_a_changed_number_is_a_whole_word_deleted_then_one_inserted_each_with_its_space():
    before, after = "Tarpinė reikšmė: 45 (2025\u00a0m.)", "Tarpinė reikšmė: 46 (2026\u00a0m.)"
    old, new = element(f"<w:p>{run(before)}</w:p>"), element(f"<w:p>{run(after)}</w:p>")
    redline.compare_paragraph(old, new, marks())
    changed = [(m.tag.split("}")[1], everything(m)) for m in new.iter(tracked.W_DEL, tracked.W_INS)]
    assert changed == [("del", " 45"), ("ins", " 46"), ("del", "2025\u00a0"), ("ins", "2026\u00a0")]
    assert everything(new) == "Tarpinė reikšmė: 45 46 (2025\u00a02026\u00a0m.)"
    assert resolved(new, accept=True) == after and resolved(new, accept=False) == before


def test_a_renumbered_point_is_one_number_replaced_not_digits_inside_it():
    before, after = "2.1.1. Melnragės paplūdimio sutvarkymas", "2.1.2. Melnragės paplūdimio sutvarkymas"
    old, new = element(f"<w:p>{run(before)}</w:p>"), element(f"<w:p>{run(after)}</w:p>")
    redline.compare_paragraph(old, new, marks())
    assert [everything(m) for m in new.iter(tracked.W_DEL, tracked.W_INS)] == ["2.1.1. ", "2.1.2. "]
    assert resolved(new, accept=True) == after and resolved(new, accept=False) == before


def test_words_next_to_each_other_keep_their_spaces_when_both_change():
    before, after = "Šaltinis Lietuvos statistikos departamentas, 2019", "Šaltinis Valstybės duomenų agentūra, 2024"
    old, new = element(f"<w:p>{run(before)}</w:p>"), element(f"<w:p>{run(after)}</w:p>")
    redline.compare_paragraph(old, new, marks())
    assert everything(new) == "Šaltinis Lietuvos statistikos departamentas Valstybės duomenų agentūra, 2019 2024"
    assert resolved(new, accept=True) == after and resolved(new, accept=False) == before


def test_an_added_word_is_only_inserted():
    old, new = element(f"<w:p>{run('a b')}</w:p>"), element(f"<w:p>{run('a b c')}</w:p>")
    redline.compare_paragraph(old, new, marks())
    assert short(new) == ('<w:p><w:r><w:t xml:space="preserve">a b</w:t></w:r><w:ins w:id="1"><w:r>'
                          '<w:t xml:space="preserve"> c</w:t></w:r></w:ins></w:p>')


def test_an_unchanged_paragraph_is_left_as_it_is():
    old, new = element(f"<w:p>{run('a b')}</w:p>"), element(f"<w:p>{run('a b')}</w:p>")
    redline.compare_paragraph(old, new, marks())
    assert xml(new) == f"<w:p>{run('a b')}</w:p>"


def test_an_inserted_paragraph_marks_its_runs_and_its_paragraph_mark():
    paragraph = element(f'<w:p><w:pPr><w:jc w:val="both"/></w:pPr>{run("nauja")}</w:p>')
    tracked.mark_inserted_paragraph(paragraph, marks())
    assert short(paragraph) == ('<w:p><w:pPr><w:jc w:val="both"/><w:rPr><w:ins w:id="2"/></w:rPr></w:pPr>'
                                f'<w:ins w:id="1">{run("nauja")}</w:ins></w:p>')


def test_a_deleted_paragraph_keeps_its_formatting_and_drops_the_old_list_id():
    old = element('<w:p><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:rPr><w:b/></w:rPr>'
                  '<w:t>sena</w:t></w:r></w:p>')
    assert short(tracked.deleted_block(old, marks())) == (
        '<w:p><w:pPr><w:rPr><w:del w:id="2"/></w:rPr></w:pPr><w:del w:id="1"><w:r><w:rPr><w:b/></w:rPr>'
        '<w:delText xml:space="preserve">sena</w:delText></w:r></w:del></w:p>')


def test_a_paragraph_mark_change_goes_before_the_section_properties():
    paragraph = element("<w:p><w:pPr><w:sectPr/></w:pPr></w:p>")
    tracked.mark_paragraph(paragraph, "w:del", marks())
    assert short(paragraph) == '<w:p><w:pPr><w:rPr><w:del w:id="1"/></w:rPr><w:sectPr/></w:pPr></w:p>'


def test_an_inserted_row_is_marked_after_the_row_exceptions_with_its_cells():
    row = element(f"<w:tr><w:tblPrEx/><w:tc><w:p>{run('x')}</w:p></w:tc></w:tr>")
    tracked.mark_inserted_row(row, marks())
    assert short(row) == ('<w:tr><w:tblPrEx/><w:trPr><w:ins w:id="1"/></w:trPr><w:tc><w:p><w:pPr><w:rPr>'
                          f'<w:ins w:id="3"/></w:rPr></w:pPr><w:ins w:id="2">{run("x")}</w:ins></w:p></w:tc></w:tr>')


def test_a_row_mark_goes_before_a_row_property_change():
    row = element("<w:tr><w:trPr><w:trPrChange/></w:trPr><w:tc><w:p/></w:tc></w:tr>")
    tracked.mark_row(row, "w:del", marks())
    assert short(row) == '<w:tr><w:trPr><w:del w:id="1"/><w:trPrChange/></w:trPr><w:tc><w:p/></w:tc></w:tr>'


def table(*rows: tuple[str, str]):
    cells = "".join(f"<w:tr><w:tc><w:p>{run(a)}</w:p></w:tc><w:tc><w:p>{run(b)}</w:p></w:tc></w:tr>" for a, b in rows)
    return element(f"<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>{cells}</w:tbl>")


def test_a_changed_cell_is_compared_in_place_and_the_other_rows_are_left_alone():
    new = table(("EK-01", "12"), ("EK-02", "20"))
    redline.compare_table(table(("EK-01", "10"), ("EK-02", "20")), new, marks())
    assert short(new) == (
        '<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr><w:tc><w:p>' + run("EK-01") + '</w:p></w:tc>'
        '<w:tc><w:p><w:del w:id="1"><w:r><w:delText xml:space="preserve">10</w:delText></w:r></w:del>'
        '<w:ins w:id="2"><w:r><w:t xml:space="preserve">12</w:t></w:r></w:ins></w:p></w:tc></w:tr>'
        '<w:tr><w:tc><w:p>' + run("EK-02") + '</w:p></w:tc><w:tc><w:p>' + run("20") + '</w:p></w:tc></w:tr></w:tbl>')


def test_a_removed_row_comes_back_deleted_in_its_place():
    new = table(("EK-01", "10"))
    redline.compare_table(table(("EK-01", "10"), ("EK-02", "20")), new, marks())
    deleted = ('<w:tc><w:p><w:pPr><w:rPr><w:del w:id="{}"/></w:rPr></w:pPr><w:del w:id="{}"><w:r>'
               '<w:delText xml:space="preserve">{}</w:delText></w:r></w:del></w:p></w:tc>')
    assert short(new) == (
        '<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr><w:tc><w:p>' + run("EK-01") + '</w:p></w:tc>'
        '<w:tc><w:p>' + run("10") + '</w:p></w:tc></w:tr><w:tr><w:trPr><w:del w:id="1"/></w:trPr>'
        + deleted.format(3, 2, "EK-02") + deleted.format(5, 4, "20") + '</w:tr></w:tbl>')


def test_a_table_with_other_columns_is_replaced_whole():
    old = table(("a", "b"))
    new = element(f"<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc><w:p>{run('a')}</w:p></w:tc></w:tr></w:tbl>")
    body = element("<w:body/>")
    body.append(new)
    redline.compare_table(old, new, marks())
    tables = short(body)
    assert re.findall(r"<w:(ins|del) w:id", tables) == ["del", "del", "del", "del", "del", "ins", "ins", "ins"]
    assert tables.index("<w:delText") < tables.index('<w:ins w:id="6"/>')


def test_text_of_reads_tabs_and_breaks_as_characters():
    assert tracked.text_of(element("<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/></w:r></w:p>")) == "a\tb\n"


def test_two_numbers_side_by_side_both_changed_read_apart():
    before, after = "45 50 proc.", "46 51 proc."
    old, new = element(f"<w:p>{run(before)}</w:p>"), element(f"<w:p>{run(after)}</w:p>")
    redline.compare_paragraph(old, new, marks())
    assert everything(new) == "45 50 46 51 proc."
    assert resolved(new, accept=True) == after and resolved(new, accept=False) == before


def test_words_added_around_a_space_leave_the_space_unmarked():
    before, after = "( )", "(x y)"
    old, new = element(f"<w:p>{run(before)}</w:p>"), element(f"<w:p>{run(after)}</w:p>")
    redline.compare_paragraph(old, new, marks())
    assert not list(new.iter(tracked.W_DEL))
    assert resolved(new, accept=True) == after and resolved(new, accept=False) == before


def test_a_long_amount_bound_to_its_unit_keeps_a_place_a_line_may_break():
    before, after = "3\u00a0600\u00a0000,00\u00a0Eur", "4\u00a0900\u00a0000,00\u00a0Eur"
    old, new = element(f"<w:p>{run(before)}</w:p>"), element(f"<w:p>{run(after)}</w:p>")
    redline.compare_paragraph(old, new, marks())
    assert [everything(m) for m in new.iter(tracked.W_DEL, tracked.W_INS)] == ["3\u00a0600\u00a0000,00",
                                                                                "4\u00a0900\u00a0000,00"]
    assert resolved(new, accept=True) == after and resolved(new, accept=False) == before
