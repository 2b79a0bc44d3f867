"""Word finishing helpers, one XML string each: point numbers, table titles and rows, keep-with-next, typography."""

from __future__ import annotations

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

from pipeline.core.errors import StageError
from pipeline.documents import finishing, render

from .xmlhelp import element, xml


def document(body: str, *styles: str):
    """Return a python-docx document whose body is `body`, with the named paragraph styles defined."""
    result = docx.Document()
    for name in styles:
        result.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    root = result.element.body
    for child in [c for c in root if not c.tag.endswith("sectPr")]:
        root.remove(child)
    for child in element(f"<w:body>{body}</w:body>"):
        root.insert(len(root) - 1, child)
    return result


def body(doc) -> str:
    return "".join(xml(c) for c in doc.element.body if not c.tag.endswith("sectPr"))


def p(style: str, text: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'


def numbered(style: str, number: str, text: str) -> str:
    return (f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t xml:space="preserve">{number}</w:t></w:r>'
            f'<w:r><w:t>{text}</w:t></w:r></w:p>')


def test_points_and_subpoints_get_their_numbers():
    doc = document(p("Punktas", "a") + p("Papunktis", "b") + p("Papunktis", "c") + p("Punktas", "d"),
                   "Punktas", "Papunktis")
    finishing.number_points(doc)
    assert body(doc) == (numbered("Punktas", "1. ", "a") + numbered("Papunktis", "1.1. ", "b")
                         + numbered("Papunktis", "1.2. ", "c") + numbered("Punktas", "2. ", "d"))


def test_a_chapter_gets_its_roman_label_and_points_count_on():
    doc = document(p("Skyrius", "BENDROSIOS") + p("Punktas", "a") + p("Skyrius", "TIKSLAI") + p("Punktas", "b"),
                   "Skyrius", "Punktas")
    finishing.number_points(doc)
    label = '<w:p><w:pPr><w:pStyle w:val="Skyrius"/></w:pPr><w:r><w:t xml:space="preserve">{} SKYRIUS</w:t></w:r></w:p>'
    assert body(doc) == (label.format("I") + p("Skyrius", "BENDROSIOS") + numbered("Punktas", "1. ", "a")
                         + label.format("II") + p("Skyrius", "TIKSLAI") + numbered("Punktas", "2. ", "b"))


def test_a_single_point_is_not_numbered():
    doc = document(p("Punktas", "a"), "Punktas")
    finishing.number_points(doc)
    assert body(doc) == p("Punktas", "a")


def test_a_subpoint_without_a_point_is_refused():
    doc = document(p("Papunktis", "b") + p("Punktas", "a"), "Punktas", "Papunktis")
    with pytest.raises(StageError, match="pastraipa „Papunktis“ be aukštesnio lygio punkto: b"):
        finishing.number_points(doc)


def test_a_titled_table_is_numbered_its_rows_kept_whole_and_its_first_row_repeated():
    doc = document(p("TableCaption", "Lėšos") + "<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr>"
                   "<w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>", "Table Caption")
    finishing.finish_tables(doc)
    assert body(doc) == (
        '<w:p><w:pPr><w:pStyle w:val="TableCaption"/><w:keepNext/></w:pPr>'
        '<w:r><w:t xml:space="preserve">1 lentelė. </w:t></w:r><w:r><w:t>Lėšos</w:t></w:r></w:p>'
        '<w:tbl><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr><w:tc><w:p><w:pPr><w:keepNext/></w:pPr></w:p>'
        '</w:tc></w:tr><w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:p/></w:tc></w:tr></w:tbl>')


def test_an_untitled_table_gets_a_number_alone_and_a_one_row_table_no_header():
    doc = document("<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>", "Table Caption")
    finishing.finish_tables(doc)
    assert body(doc) == ('<w:p><w:pPr><w:pStyle w:val="TableCaption"/><w:keepNext/></w:pPr>'
                         '<w:r><w:t xml:space="preserve">1 lentelė.</w:t></w:r></w:p>'
                         '<w:tbl><w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:p/></w:tc></w:tr></w:tbl>')


def test_a_long_table_may_break_between_rows():
    rows = "<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:p/></w:tc></w:tr>" * (finishing.SHORT_TABLE_ROWS + 1)
    table = element(f"<w:tbl>{rows}</w:tbl>")
    finishing._short_together(table)
    assert xml(table) == f"<w:tbl>{rows}</w:tbl>"


def test_a_heading_keeps_with_the_next_paragraph():
    doc = document(p("Title", "PLANAS") + p("Normal", "tekstas"))
    finishing.finish_tables(doc)
    assert body(doc) == ('<w:p><w:pPr><w:pStyle w:val="Title"/><w:keepNext/></w:pPr><w:r><w:t>PLANAS</w:t></w:r>'
                         '</w:p>' + p("Normal", "tekstas"))


def test_keep_with_next_goes_after_the_style_and_only_once():
    paragraph = element('<w:p><w:pPr><w:pStyle w:val="X"/><w:jc w:val="both"/></w:pPr></w:p>')
    finishing._keep_with_next(paragraph)
    finishing._keep_with_next(paragraph)
    assert xml(paragraph) == '<w:p><w:pPr><w:pStyle w:val="X"/><w:keepNext/><w:jc w:val="both"/></w:pPr></w:p>'


def test_keep_with_next_makes_the_properties_a_paragraph_lacks():
    paragraph = element("<w:p><w:r><w:t>a</w:t></w:r></w:p>")
    finishing._keep_with_next(paragraph)
    assert xml(paragraph) == "<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:t>a</w:t></w:r></w:p>"


def test_row_flags_go_in_schema_order_after_the_exceptions_and_only_once():
    row = element("<w:tr><w:tblPrEx/><w:tc/></w:tr>")
    finishing._row_flag(row, "w:tblHeader")
    finishing._row_flag(row, "w:cantSplit")
    finishing._row_flag(row, "w:cantSplit")
    assert xml(row) == "<w:tr><w:tblPrEx/><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr><w:tc/></w:tr>"


def test_typography_puts_non_breaking_spaces_in_the_text():
    doc = document("<w:p><w:r><w:t>2024 m. 5 %</w:t></w:r></w:p>")
    finishing.typeset_document(doc)
    assert body(doc) == "<w:p><w:r><w:t>2024\u00a0m. 5\u00a0%</w:t></w:r></w:p>"


def test_properties_are_rendered_as_plain_text_on_one_line_within_the_limit():
    core = docx.Document().core_properties
    render._render_properties(core, {"title": "{{ a }}\n & {{ b }}", "subject": "{{ long }}", "keywords": "fixed"},
                              {"a": "Planas", "b": "<ataskaita>", "long": "x" * (render.PROPERTY_LIMIT + 5)})
    assert core.title == "Planas & <ataskaita>"
    assert core.subject == "x" * (render.PROPERTY_LIMIT - 1) + "…"
    assert core.keywords == ""
