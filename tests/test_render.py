"""What rendering adds to every document: Lithuanian typography, and tables that read well on paper."""

from __future__ import annotations

import re
import zipfile

import pytest
from lxml import etree

from pipeline.core import lt

from .conftest import SAMPLES, paragraphs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Places where a line must not break, as a plain space or hyphen would let it.
FORBIDDEN = [
    (re.compile(r"\d (?:m\.|d\.|Eur|proc\.|%)(?!\w)"), "a number and its unit"),
    (re.compile(r"\bNr\. "), "Nr. and its number"),
]


@pytest.mark.parametrize("text, expected", [
    ("2020 m. birželio 2 d. Nr. M-18", "2020\u00a0m. birželio 2\u00a0d. Nr.\u00a0M-18"),
    ("2021–2030 m.", "2021–2030\u00a0m."),
    ("Nr. B-MP-939 ir T2-90", "Nr.\u00a0B-MP-939 ir T2-90"),
    ("Nr. T2\u201157, 2021–\u20602030", "Nr.\u00a0T2-57, 2021–2030"),  # invisible characters typed in content
    ("10 240 gyventojų, 90 proc., 5 %", "10\u00a0240 gyventojų, 90\u00a0proc., 5\u00a0%"),
    ("e-paslaugos ir ES fondai", "e-paslaugos ir ES fondai"),
])
def test_typeset(text, expected):
    assert lt.typeset(text) == expected


@pytest.mark.parametrize("name", SAMPLES)
def test_no_document_lets_a_line_break_where_typography_forbids(built_plans, name):
    for document in sorted(built_plans[name].glob("*.docx")):
        for text in paragraphs(document, raw=True):
            for pattern, what in FORBIDDEN:
                assert not pattern.search(text), f"{document.name}: {what} may break: {text[:120]!r}"


SHORT_TABLE_ROWS = 16


def _tables(document) -> list:
    with zipfile.ZipFile(document) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return root.find(W + "body").findall(W + "tbl"), root


@pytest.mark.parametrize("name", SAMPLES)
def test_every_table_is_numbered_titled_and_keeps_its_rows_whole(built_plans, name):
    for document in ("plan.docx", "monitoring.docx"):
        tables, root = _tables(built_plans[name] / document)
        assert tables
        number, annex = 0, ""
        for table in tables:
            caption = table.getprevious()
            text = "".join(t.text or "" for t in caption.iter(W + "t")).replace("\u00a0", " ")
            found = re.match(r"(?:(\d+) priedo )?(\d+) lentelė\. \S", text)
            assert found, (document, text)
            if (found.group(1) or "") != annex:  # an annex numbers its own tables from 1
                number, annex = 0, found.group(1) or ""
            number += 1
            assert int(found.group(2)) == number, (document, text)
            assert caption.find(f"{W}pPr/{W}keepNext") is not None
            rows = table.findall(W + "tr")
            assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)
            assert len(rows) < 2 or rows[0].find(f"{W}trPr/{W}tblHeader") is not None
            kept = [all(p.find(f"{W}pPr/{W}keepNext") is not None for p in row.iter(W + "p")) for row in rows]
            # A short table (an indicator card, a form) stays on one page; a long one only keeps rows whole.
            assert kept[:-1] == [len(rows) <= SHORT_TABLE_ROWS] * (len(rows) - 1), (document, text)


@pytest.mark.parametrize("name", SAMPLES)
def test_headings_keep_with_what_follows(built_plans, name):
    with zipfile.ZipFile(built_plans[name] / "plan.docx") as package:
        xml = package.read("word/document.xml").decode("utf-8")
    headings = re.findall(r'<w:pPr><w:pStyle w:val="Heading\d"/>(.*?)</w:pPr>', xml)
    assert headings and all("<w:keepNext/>" in h for h in headings)
