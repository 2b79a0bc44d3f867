"""Create the starting Word templates in templates/.

The .docx files in templates/ are the source of the documents' layout: officials open and
restyle them in Word. This script only makes the first version of a template that does not
exist yet; it never overwrites one (pass --force to recreate, losing edits made in Word).

    python tools/make_templates.py [--force] [NAME ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
FONT = "Times New Roman"
TEXT_WIDTH = Mm(170)  # A4 210 mm less 30 mm left and 10 mm right margins


class Builder:
    """A template under construction: page setup, styles and helpers to add tagged paragraphs."""

    def __init__(self, title: str):
        self.doc = Document()
        self.doc.core_properties.title = title
        self.doc.core_properties.language = "lt-LT"
        self.doc.core_properties.author = ""
        self.doc.core_properties.comments = ""
        self._page_setup()
        self._styles()

    # ---------------------------------------------------------------- setup

    def _page_setup(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin, section.right_margin = Mm(30), Mm(10)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.header_distance, section.footer_distance = Mm(10), Mm(10)
        section.different_first_page_header_footer = True
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        header.style = self.doc.styles["Header"]
        _add_field(header, "PAGE")

    def _styles(self) -> None:
        styles = self.doc.styles
        _doc_defaults(self.doc)
        normal = styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(12)
        _set_fonts(normal.element)
        pf = normal.paragraph_format
        pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        pf.first_line_indent = Mm(12.7)
        pf.space_before = pf.space_after = Pt(0)
        pf.line_spacing = 1.0
        pf.widow_control = True

        def para(name, base="Normal", align=None, bold=None, indent=None, first=None, before=None,
                 after=None, size=None, caps=None, page_break=None, keep_next=None):
            style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles[base] if base else None
            style.quick_style = True
            f = style.paragraph_format
            if align is not None:
                f.alignment = align
            if indent is not None:
                f.left_indent = indent
            if first is not None:
                f.first_line_indent = first
            if before is not None:
                f.space_before = before
            if after is not None:
                f.space_after = after
            if page_break is not None:
                f.page_break_before = page_break
            if keep_next is not None:
                f.keep_with_next = keep_next
            if bold is not None:
                style.font.bold = bold
            if size is not None:
                style.font.size = size
            if caps is not None:
                style.font.all_caps = caps
            return style

        center = WD_ALIGN_PARAGRAPH.CENTER
        left = WD_ALIGN_PARAGRAPH.LEFT
        para("Rekvizitas", align=center, bold=True, first=Mm(0), keep_next=True)
        para("Centruotas", align=center, first=Mm(0))
        para("Projektas", align=WD_ALIGN_PARAGRAPH.RIGHT, first=Mm(0), bold=True)
        para("Žyma", align=left, indent=Mm(100), first=Mm(0))
        para("Priedo žyma", base="Žyma", page_break=True)
        para("Skyrius", align=center, bold=True, first=Mm(0), before=Pt(12), after=Pt(6), keep_next=True)
        para("Punktas")
        para("Papunktis")
        para("Papapunktis")
        para("Sąrašas")
        para("Tikslas", align=left, first=Mm(0), bold=True, before=Pt(6), keep_next=True)
        para("Uždavinys", align=left, first=Mm(0), indent=Mm(5), keep_next=True)
        para("Priemonė", align=left, first=Mm(0), indent=Mm(10))
        para("Rodiklių nuoroda", align=left, first=Mm(0), indent=Mm(5), size=Pt(10), keep_next=True)
        para("Kairinis", align=left, first=Mm(0))
        para("Lentelės tekstas", align=left, first=Mm(0), size=Pt(9))
        para("Lentelės antraštė", align=center, first=Mm(0), size=Pt(9), bold=True)
        para("Antraštinis", align=center, bold=True, first=Mm(0), size=Pt(16), before=Pt(120), after=Pt(24))
        para("Turinio antraštė", align=center, bold=True, first=Mm(0), after=Pt(12))
        signature = para("Parašas", align=left, first=Mm(0), before=Pt(36))
        signature.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        for level, size in ((1, 14), (2, 12), (3, 12)):
            h = styles[f"Heading {level}"]
            h.base_style = styles["Normal"]
            h.font.name = FONT
            _set_fonts(h.element)
            h.font.size = Pt(size)
            h.font.bold = True
            h.font.italic = False
            h.font.color.rgb = None
            f = h.paragraph_format
            f.alignment = center if level == 1 else left
            f.first_line_indent = Mm(0)
            f.space_before = Pt(18 if level == 1 else 12)
            f.space_after = Pt(6)
            f.keep_with_next = True
            _strip_theme_fonts(h.element)
        if "Title" in [s.name for s in styles]:
            _strip_theme_fonts(styles["Title"].element)
        # Styles pandoc writes: defined here so that the template, not pandoc, decides their look.
        para("Body Text", after=Pt(0))
        para("First Paragraph", base="Body Text")
        para("Compact", base="Body Text", first=Mm(0), align=left)
        para("Block Text", base="Body Text", indent=Mm(10), first=Mm(0))
        para("Footnote Text", first=Mm(0), size=Pt(10), align=left)
        para("Table Caption", align=center, first=Mm(0), bold=True, before=Pt(6), after=Pt(3))
        para("TOC Heading", base="Turinio antraštė")
        for level in (1, 2, 3):
            toc = para(f"toc {level}", first=Mm(0), indent=Mm(5 * (level - 1)), align=left)
            toc.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        for name, superscript in (("Footnote Reference", True), ("Hyperlink", False), ("Verbatim Char", False)):
            char = styles.add_style(name, WD_STYLE_TYPE.CHARACTER) if name not in [x.name for x in styles] else styles[name]
            char.font.superscript = superscript or None
        _table_style(self.doc)

    # ---------------------------------------------------------------- content

    def p(self, text: str = "", style: str = "Normal", *runs_after: str) -> None:
        """Add a paragraph of one style; extra strings become runs separated by a tab."""
        paragraph = self.doc.add_paragraph(style=style)
        paragraph.add_run(text)
        for extra in runs_after:
            paragraph.add_run().add_tab()
            paragraph.add_run(extra)

    def each(self, loop: str, text: str, style: str) -> None:
        """Add one paragraph repeated for every item: {%p for LOOP %} TEXT {%p endfor %}."""
        self.tag("{%p for " + loop + " %}")
        self.p(text, style)
        self.tag("{%p endfor %}")

    def tag(self, tag: str) -> None:
        """Add a paragraph holding only a paragraph-level Jinja tag ({%p ... %})."""
        self.doc.add_paragraph(tag, style="Kairinis")

    def table(self, header: list[str], row: list[str], widths_mm: list[float], loop: str, endloop: str = "{%tr endfor %}") -> None:
        """Add a table with a header row and one looping data row (docxtpl {%tr %} rows)."""
        table = self.doc.add_table(rows=4, cols=len(header))
        table.style = self.doc.styles["Lentelė"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for i, text in enumerate(header):
            cell = table.rows[0].cells[i]
            cell.paragraphs[0].style = self.doc.styles["Lentelės antraštė"]
            cell.paragraphs[0].add_run(text)
        _repeat_header(table.rows[0])
        table.rows[1].cells[0].paragraphs[0].add_run(loop)
        for i, text in enumerate(row):
            cell = table.rows[2].cells[i]
            cell.paragraphs[0].style = self.doc.styles["Lentelės tekstas"]
            cell.paragraphs[0].add_run(text)
        table.rows[3].cells[0].paragraphs[0].add_run(endloop)
        _widths(table, widths_mm)

    def toc(self, title: str) -> None:
        """Add a table of contents field that a word processor fills (Word on opening, LibreOffice on update)."""
        self.p(title, "Turinio antraštė")
        paragraph = self.doc.add_paragraph(style="Kairinis")
        _add_field(paragraph, 'TOC \\o "1-3" \\h \\z \\u', placeholder="Turinys atnaujinamas atidarius dokumentą.")

    def section(self, landscape: bool) -> None:
        """Start a new section on a new page, landscape or portrait, numbered like the rest."""
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        width, height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = width, height
        section.left_margin, section.right_margin = Mm(30), Mm(10)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.different_first_page_header_footer = False

    def page_break(self) -> None:
        self.doc.add_paragraph(style="Kairinis").add_run().add_break(_page_break())

    def save(self, name: str) -> Path:
        _prune(self.doc)
        body = self.doc.element.body
        first = body[0]
        if first.tag == qn("w:p") and not "".join(first.itertext()).strip():
            body.remove(first)
        path = TEMPLATES / name
        self.doc.save(path)
        _declare_picture_namespaces(path)
        return path


PICTURE_NAMESPACES = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
}


def _declare_picture_namespaces(path: Path) -> None:
    """Declare the drawing namespaces on the document's root, as Word expects for pictures.

    Pictures arrive with Markdown (pandoc) inside the body; Word rejects a file whose root does
    not declare the namespaces those pictures use, even when the pictures declare them.
    """
    import zipfile

    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            if info.filename == "word/document.xml":
                start = data.index(b"<w:document") + len(b"<w:document")
                root_end = data.index(b">", start)
                declared = data[start:root_end]
                extra = b"".join(f' xmlns:{p}="{uri}"'.encode() for p, uri in PICTURE_NAMESPACES.items()
                                 if f"xmlns:{p}=".encode() not in declared)
                data = data[:start] + extra + data[start:]
            target.writestr(info, data)


KEEP_TABLE_STYLES = {"Normal Table", "Table Grid", "Lentelė", "Table"}


def _prune(doc) -> None:
    """Drop the default template's decorative table styles and its Word 2010 style copy.

    They make up most of styles.xml, and every reader of the template (pandoc, docxtpl,
    the word processor) pays for parsing them.
    """
    styles = doc.styles.element
    for style in list(styles.findall(qn("w:style"))):
        name = style.find(qn("w:name"))
        if style.get(qn("w:type")) == "table" and (name is None or name.get(qn("w:val")) not in KEEP_TABLE_STYLES):
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    part = doc.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            part.drop_rel(rid)


def _page_break():
    from docx.enum.text import WD_BREAK
    return WD_BREAK.PAGE


def _doc_defaults(doc) -> None:
    """Set Lithuanian language and Times New Roman as the document defaults."""
    styles = doc.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "lt-LT")
    lang.set(qn("w:eastAsia"), "lt-LT")
    lang.set(qn("w:bidi"), "ar-SA")


def _set_fonts(style_element) -> None:
    rpr = style_element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _strip_theme_fonts(style_element) -> None:
    rpr = style_element.get_or_add_rPr()
    for child in list(rpr):
        if child.tag == qn("w:color"):
            rpr.remove(child)
    _set_fonts(style_element)


def _table_style(doc) -> None:
    """Add "Lentelė" (all borders) and make pandoc's "Table" style the same."""
    styles = doc.styles
    for name in ("Lentelė", "Table"):
        style = styles.add_style(name, WD_STYLE_TYPE.TABLE)
        style.base_style = styles["Normal Table"]
        style.font.size = Pt(10)
        tblpr = style.element.find(qn("w:tblPr"))
        if tblpr is None:
            tblpr = OxmlElement("w:tblPr")
            style.element.append(tblpr)
        borders = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            element = OxmlElement(f"w:{edge}")
            element.set(qn("w:val"), "single")
            element.set(qn("w:sz"), "4")
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")
            borders.append(element)
        tblpr.append(borders)
        ppr = style.element.get_or_add_pPr()
        ind = OxmlElement("w:ind")
        ind.set(qn("w:firstLine"), "0")
        ppr.append(ind)
        jc = OxmlElement("w:jc")
        jc.set(qn("w:val"), "left")
        ppr.append(jc)


def _widths(table, widths_mm: list[float]) -> None:
    """Fix column widths in the grid and in every cell: word processors read one or the other."""
    table.autofit = False
    for i, width in enumerate(widths_mm):
        table.columns[i].width = Mm(width)
        for cell in table.columns[i].cells:
            cell.width = Mm(width)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    trpr.append(element)


def _add_field(paragraph, instruction: str, placeholder: str = "1") -> None:
    """Add a complex field (PAGE, TOC) to a paragraph."""
    def run_with(child):
        run = paragraph.add_run()
        run._r.append(child)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


# ---------------------------------------------------------------- common blocks


def requisites(b: Builder, issuer: str, doc_type: str, subject: str, date_line: str, draft: str) -> None:
    """Add the requisites of a legal act: draft mark, coat of arms, issuer, type, heading, date and number, place."""
    b.tag("{%p if " + draft + " %}")
    b.p("Projektas", "Projektas")
    b.tag("{%p endif %}")
    b.tag("{%p if coat_of_arms %}")
    b.p("{{ coat_of_arms }}", "Centruotas")
    b.tag("{%p endif %}")
    b.p(issuer, "Rekvizitas")
    b.p("", "Centruotas")
    b.p(doc_type, "Rekvizitas")
    b.p("", "Centruotas")
    b.p(subject, "Rekvizitas")
    b.p("", "Centruotas")
    b.p(date_line, "Centruotas")
    b.p("{{ city }}", "Centruotas")
    b.p("", "Centruotas")


def order(b: Builder) -> None:
    requisites(
        b,
        "{{ municipality.genitive|upper }} MERAS",
        "POTVARKIS",
        "DĖL {{ order.subject|upper }}",
        "{{ order.date_text }} Nr. {{ order.number_text }}",
        "order.is_draft",
    )
    b.p("{{ mayor.participle }} {{ order.legal_basis }}:")
    b.tag("{%p if order.groups|length > 1 %}")
    b.p("S u d a r a u {{ plan.title.genitive }} rengimo {{ order.groups_accusative }}:", "Punktas")
    b.tag("{%p for g in order.groups %}")
    b.p("{{ g.name.accusative }}, kuri {{ g.activity }} (sudėtis pridedama, {{ g.annex }} priedas){{ ';' if not loop.last else '.' }}",
        "Papunktis")
    b.tag("{%p endfor %}")
    b.tag("{%p else %}")
    b.p("S u d a r a u {{ order.groups[0].name.accusative }}, kuri {{ order.groups[0].activity }} (sudėtis pridedama).",
        "Punktas")
    b.tag("{%p endif %}")
    b.tag("{%p if order.approves_regulations %}")
    b.p("T v i r t i n u {{ plan.title.genitive }} rengimo darbo grupių darbo reglamentą (pridedama).", "Punktas")
    b.tag("{%p endif %}")
    b.each("point in order.extra_points", "{{ point.verb }}{{ point.text }}", "Punktas")
    b.p("{{ mayor.position }}", "Parašas", "{{ mayor.name }}")
    # Annexes: one composition per group, each on its own page.
    b.tag("{%p for g in order.groups %}")
    b.p("{{ municipality.genitive }} mero", "Priedo žyma")
    b.p("{{ order.date_text }} potvarkio Nr. {{ order.number_text }}", "Žyma")
    b.p("{{ g.annex_mark }}", "Žyma")
    b.p("", "Centruotas")
    b.p("{{ g.name.genitive|upper }} SUDĖTIS", "Rekvizitas")
    b.p("", "Centruotas")
    b.each("m in g.members", "{{ loop.index }}. {{ m.line }}{{ ';' if not loop.last else '.' }}", "Sąrašas")
    b.p("_________________", "Centruotas")
    b.tag("{%p endfor %}")


def regulations(b: Builder) -> None:
    b.p("PATVIRTINTA", "Žyma")
    b.p("{{ municipality.genitive }} mero", "Žyma")
    b.p("{{ order.date_text }} potvarkiu Nr. {{ order.number_text }}", "Žyma")
    b.p("", "Centruotas")
    b.p("{{ plan.title.genitive|upper }} RENGIMO DARBO GRUPIŲ DARBO REGLAMENTAS", "Rekvizitas")
    b.p("", "Centruotas")
    b.p("BENDROSIOS NUOSTATOS", "Skyrius")
    b.p("{{ plan.title.genitive }} rengimo darbo grupių (toliau – darbo grupės) darbo reglamentas (toliau – Reglamentas) "
        "nustato darbo grupių uždavinius, funkcijas, teises ir pareigas, darbo organizavimo tvarką ir atskaitomybę.", "Punktas")
    b.p("{{ municipality.genitive }} meras potvarkiu sudaro {{ groups_accusative }}:", "Punktas")
    b.each("g in groups", "{{ g.name.accusative }}, kuri {{ g.activity }}{{ ';' if not loop.last else '.' }}", "Papunktis")
    b.p("Darbo grupės savo veikloje vadovaujasi Lietuvos Respublikos Konstitucija, Lietuvos Respublikos įstatymais, "
        "kitais teisės aktais, reglamentuojančiais savivaldybių strateginį planavimą, ir šiuo Reglamentu.", "Punktas")
    b.p("DARBO GRUPIŲ UŽDAVINIAI IR FUNKCIJOS", "Skyrius")
    b.p("Darbo grupių uždavinys – parengti ir pateikti pasiūlymus {{ plan.title.genitive }} (toliau – Planas) projektui "
        "kuruojamose srityse.", "Punktas")
    b.p("Darbo grupės, įgyvendindamos joms pavestą uždavinį, atlieka šias funkcijas:", "Punktas")
    b.p("analizuoja kuruojamų sričių būklę, problemas ir plėtros galimybes;", "Papunktis")
    b.p("svarsto kuruojamų sričių stiprybes, silpnybes, galimybes ir grėsmes;", "Papunktis")
    b.p("svarsto Plano koncepciją, teikia pasiūlymus dėl miesto vizijos ir plėtros prioritetų;", "Papunktis")
    b.p("siūlo tikslus, uždavinius, priemones ir jų vertinimo rodiklius;", "Papunktis")
    b.p("svarsto Plano įgyvendinimo stebėsenos metodiką ir teikia dėl jos pastabas.", "Papunktis")
    b.p("DARBO GRUPIŲ TEISĖS IR PAREIGOS", "Skyrius")
    b.p("Darbo grupės turi teisę:", "Punktas")
    b.p("gauti iš Savivaldybės administracijos padalinių ir įstaigų darbui reikalingą informaciją;", "Papunktis")
    b.p("kviesti į posėdžius ekspertus, specialistus ir suinteresuotų institucijų atstovus;", "Papunktis")
    b.p("teikti pastabas ir pasiūlymus dėl Plano rengimo dokumentų.", "Papunktis")
    b.p("Darbo grupių nariai privalo dalyvauti posėdžiuose, laiku atlikti pavestas užduotis ir nešališkai vertinti "
        "svarstomus klausimus; esant interesų konfliktui, narys apie jį praneša ir nusišalina.", "Punktas")
    b.p("DARBO ORGANIZAVIMAS", "Skyrius")
    b.p("Darbo grupės darbą organizuoja ir jai vadovauja pirmininkas, o jo nesant – pirmininko pavaduotojas.", "Punktas")
    b.p("{{ regulations.meetings }}", "Punktas")
    b.p("Posėdis teisėtas, jei jame dalyvauja ne mažiau kaip {{ regulations.quorum_text }} darbo grupės narių. "
        "Sprendimai priimami posėdyje dalyvaujančių narių balsų dauguma; balsams pasiskirsčius po lygiai, "
        "lemia pirmininko balsas.", "Punktas")
    b.p("Posėdžiai protokoluojami. Protokolą rengia darbo grupės sekretorius, pasirašo posėdžio pirmininkas ir sekretorius.",
        "Punktas")
    b.p("Darbo grupės dirba nuo {{ schedule.start_text }} iki {{ schedule.end_text }} pagal šį darbo grafiką:", "Punktas")
    b.each("s in schedule.stages", "{{ s.name }} – nuo {{ s.start_text }} iki {{ s.end_text }}{{ ';' if not loop.last else '' }}", "Papunktis")
    b.p("ATSKAITOMYBĖ IR KOORDINAVIMAS", "Skyrius")
    b.p("{{ regulations.reporting }}", "Punktas")
    b.each("g in coordinating_groups", "Teminių darbo grupių veiklą koordinuoja {{ g.name.nominative }}, kuri {{ g.activity }}.", "Punktas")
    b.tag("{%p if consultants %}")
    b.p("Darbo grupėms metodinę pagalbą teikia Plano rengėjai: {{ consultants }}.", "Punktas")
    b.tag("{%p endif %}")
    b.p("BAIGIAMOSIOS NUOSTATOS", "Skyrius")
    b.p("Darbo grupės baigia veiklą, kai {{ municipality.genitive }} taryba patvirtina Planą.", "Punktas")
    b.p("Darbo grupių posėdžių protokolai ir kiti dokumentai saugomi Lietuvos Respublikos dokumentų ir archyvų "
        "įstatymo nustatyta tvarka.", "Punktas")
    b.p("_________________", "Centruotas")


def approval_mark(b: Builder) -> None:
    """Add "PATVIRTINTA / … tarybos / … sprendimu Nr. …" at the top right."""
    b.p("PATVIRTINTA", "Žyma")
    b.p("{{ municipality.genitive }} tarybos", "Žyma")
    b.p("{{ decision.date_text }} sprendimu Nr. {{ decision.number_text }}", "Žyma")
    b.p("", "Centruotas")


def decision(b: Builder) -> None:
    requisites(
        b,
        "{{ municipality.genitive|upper }} TARYBA",
        "SPRENDIMAS",
        "DĖL {{ plan.title.genitive|upper }} PATVIRTINIMO",
        "{{ decision.date_text }} Nr. {{ decision.number_text }}",
        "decision.is_draft",
    )
    b.p("Vadovaudamasi {{ decision.legal_basis }}, {{ council }} n u s p r e n d ž i a:")
    b.p("Patvirtinti {{ plan.title.accusative }} (pridedama).", "Punktas")
    b.p("Patvirtinti {{ plan.title.genitive }} įgyvendinimo stebėsenos metodiką (pridedama).", "Punktas")
    b.each("point in decision.extra_points", "{{ point }}", "Punktas")
    b.p("{{ decision.signer }}", "Parašas", "{{ decision.signer_name }}")


def plan(b: Builder) -> None:
    approval_mark(b)
    b.p("{{ plan.title.nominative|upper }}", "Antraštinis")
    b.p("{{ city }}", "Centruotas")
    b.page_break()
    b.toc("Turinys")
    b.page_break()
    b.p("ĮVADAS", "Heading 1")
    b.p("{{p introduction }}")
    b.p("SITUACIJOS ANALIZĖ", "Heading 1")
    b.tag("{%p for c in chapters %}")
    b.p("{{p c.body }}")
    b.tag("{%p endfor %}")
    b.p("STIPRYBIŲ, SILPNYBIŲ, GALIMYBIŲ IR GRĖSMIŲ ANALIZĖ", "Heading 1")
    b.tag("{%p for s in swot %}")
    b.p("{{ s.group }}", "Heading 2")
    table = b.doc.add_table(rows=4, cols=2)
    table.style = b.doc.styles["Lentelė"]
    _widths(table, [85, 85])
    cells = [("Stiprybės", "strengths"), ("Silpnybės", "weaknesses"), ("Galimybės", "opportunities"),
             ("Grėsmės", "threats")]
    for i, (title, key) in enumerate(cells):
        head = table.rows[(i // 2) * 2].cells[i % 2]
        head.paragraphs[0].style = b.doc.styles["Lentelės antraštė"]
        head.paragraphs[0].add_run(title)
        cell = table.rows[(i // 2) * 2 + 1].cells[i % 2]
        cell.paragraphs[0].style = b.doc.styles["Lentelės tekstas"]
        cell.paragraphs[0].add_run("{%p for item in s." + key + " %}")
        cell.add_paragraph("– {{ item }}", style="Lentelės tekstas")
        cell.add_paragraph("{%p endfor %}", style="Lentelės tekstas")
    b.tag("{%p endfor %}")
    b.p("VIZIJA", "Heading 1")
    b.p("{{ vision }}")
    b.p("PLĖTROS PRIORITETAI", "Heading 1")
    b.p("Plane nustatyti {{ priority_count }}:")
    b.tag("{%p for p in priorities %}")
    b.p("{{ p.number }} prioritetas. {{ p.name }}", "Heading 2")
    b.p("{{ p.description }}")
    b.tag("{%p endfor %}")
    b.p("TIKSLAI, UŽDAVINIAI IR PRIEMONĖS", "Heading 1")
    b.p("Planą sudaro {{ goal_count }} ir {{ measure_count }}; tikslai, uždaviniai ir priemonės numeruojami ištisai.")
    b.tag("{%p for p in priorities %}")
    b.p("{{ p.number }} prioritetas. {{ p.name }}", "Heading 2")
    b.tag("{%p for g in p.goals %}")
    b.p("{{ g.number }}. {{ g.name }}", "Tikslas")
    b.p("Tikslą pasiūlė: {{ g.group }}. Poveikio rodikliai: {{ g.indicators_text or '–' }}.", "Kairinis")
    b.tag("{%p for o in g.objectives %}")
    b.p("{{ o.number }}. {{ o.name }}", "Uždavinys")
    b.p("Rezultato rodikliai: {{ o.indicators_text or '–' }}.", "Rodiklių nuoroda")
    b.each("m in o.measures", "{{ m.number }}. {{ m.name }}", "Priemonė")
    b.tag("{%p endfor %}")
    b.tag("{%p endfor %}")
    b.tag("{%p endfor %}")
    b.section(landscape=True)  # the wide tables: indicators and the measure plan
    b.p("STEBĖSENOS RODIKLIAI", "Heading 1")
    b.tag("{%p for level in indicator_levels %}")
    b.p("{{ level.label }}", "Heading 2")
    b.table(["Kodas", "Rodiklis", "Matas", "Pradinė reikšmė", "Tarpinė reikšmė", "Siektina reikšmė", "Šaltinis"],
            ["{{ i.code }}", "{{ i.name }}", "{{ i.unit }}", "{{ i.baseline_text }}", "{{ i.intermediate_text }}",
             "{{ i.target_text }}", "{{ i.source }}"],
            [18, 78, 18, 28, 28, 28, 59], "{%tr for i in level.indicators %}")
    b.tag("{%p endfor %}")
    b.p("PRIEMONIŲ PLANAS", "Heading 1")
    b.tag("{%p for p in priorities %}")
    b.p("{{ p.number }} prioritetas. {{ p.name }}", "Heading 2")
    b.tag("{%p for g in p.goals %}")
    b.p("{{ g.number }}. {{ g.name }}", "Tikslas")
    b.table(["Nr.", "Priemonė (produkto rodikliai)", "Atsakingas vykdytojas; partneriai", "Laikas",
             "Finansavimas pagal šaltinius", "Iš viso"],
            ["{{ m.number }}", "{{ m.name }} ({{ m.indicators_text }})", "{{ m.executor }}; {{ m.partners_text }}",
             "{{ m.period_text }}",
             "{% for f in m.financing %}{{ f.source }}: {{ f.amount_text }}{{ '; ' if not loop.last else '' }}{% endfor %}",
             "{{ m.total_text }}"],
            [14, 76, 62, 18, 55, 32], "{%tr for m in g.measures %}")
    b.tag("{%p endfor %}")
    b.tag("{%p endfor %}")
    b.section(landscape=False)
    b.p("FINANSAVIMAS", "Heading 1")
    b.p("Planui įgyvendinti numatoma {{ totals.total_text }}.")
    b.p("Finansavimas pagal šaltinius", "Heading 2")
    b.table(["Finansavimo šaltinis", "Suma", "Dalis"],
            ["{{ t.name }}", "{{ t.amount_text }}", "{{ t.share_text }}"], [90, 50, 30],
            "{%tr for t in totals.by_source %}")
    _total_row(b, ["Iš viso", "{{ totals.total_text }}", "100 %"])
    b.p("Finansavimas pagal prioritetus", "Heading 2")
    b.table(["Prioritetas", "Suma", "Dalis"],
            ["{{ t.number }}. {{ t.name }}", "{{ t.amount_text }}", "{{ t.share_text }}"], [90, 50, 30],
            "{%tr for t in totals.by_priority %}")
    _total_row(b, ["Iš viso", "{{ totals.total_text }}", "100 %"])
    b.p("PLANO ĮGYVENDINIMAS", "Heading 1")
    b.p("{{p implementation }}")
    b.p("_________________", "Centruotas")


def _total_row(b: Builder, texts: list[str]) -> None:
    """Append a bold total row to the last table."""
    table = b.doc.tables[-1]
    row = table.add_row()
    for i, text in enumerate(texts):
        paragraph = row.cells[i].paragraphs[0]
        paragraph.style = b.doc.styles["Lentelės antraštė"]
        paragraph.add_run(text)


def monitoring(b: Builder) -> None:
    approval_mark(b)
    b.p("{{ plan.title.genitive|upper }} ĮGYVENDINIMO STEBĖSENOS METODIKA", "Rekvizitas")
    b.p("", "Centruotas")
    b.p("BENDROSIOS NUOSTATOS", "Skyrius")
    b.p("{{ plan.title.genitive }} (toliau – Planas) įgyvendinimo stebėsenos metodika (toliau – Metodika) nustato, "
        "kas, kaip dažnai ir pagal kokius rodiklius stebi Plano įgyvendinimą, kaip rengiamos ir teikiamos "
        "ataskaitos ir kaip dėl nuokrypių peržiūrimas Planas.", "Punktas")
    b.p("Stebėsena – nuolatinis ir sistemingas duomenų apie Plano tikslų, uždavinių ir priemonių įgyvendinimą "
        "rinkimas ir analizė.", "Punktas")
    b.p("STEBĖSENOS ORGANIZAVIMAS", "Skyrius")
    b.p("Plano įgyvendinimo stebėseną organizuoja meras. {{ monitoring.monitors }}", "Punktas")
    b.tag("{%p if monitoring.participants %}")
    b.p("Stebėsenoje dalyvauja: {{ monitoring.participants }}.", "Punktas")
    b.tag("{%p endif %}")
    b.p("{{ monitoring.frequency }}", "Punktas")
    b.p("STEBĖSENOS RODIKLIAI", "Skyrius")
    b.p("Plano įgyvendinimas vertinamas pagal Plane nustatytus rodiklius ({{ indicator_count }}):", "Punktas")
    b.table(["Kodas", "Rodiklis", "Lygis", "Matas", "Pradinė reikšmė", "Siektina reikšmė", "Duomenų šaltinis"],
            ["{{ i.code }}", "{{ i.name }}", "{{ i.level }}", "{{ i.unit }}", "{{ i.baseline_text }}",
             "{{ i.target_text }}", "{{ i.source }}"],
            [16, 46, 18, 14, 22, 22, 32], "{%tr for i in indicators %}")
    b.p("ATASKAITOS", "Skyrius")
    b.p("Administracija kasmet parengia praėjusių metų Plano įgyvendinimo ataskaitą: priemonių įgyvendinimo "
        "būklę, panaudotas lėšas ir rodiklių pasiekimą, palyginti su tarpinėmis ir siektinomis reikšmėmis.", "Punktas")
    b.p("Meras Plano įgyvendinimo ataskaitą kasmet iki {{ monitoring.report_day }} teikia {{ municipality.genitive }} tarybai.",
        "Punktas")
    b.p("PLANO PERŽIŪRA", "Skyrius")
    b.p("Jei rodiklio faktinė reikšmė nuo planuotos atsilieka daugiau kaip {{ monitoring.deviation_text }}, "
        "ataskaitoje nurodomos priežastys ir siūlomi sprendimai.", "Punktas")
    b.p("{{ monitoring.revision }}", "Punktas")
    b.p("BAIGIAMOSIOS NUOSTATOS", "Skyrius")
    b.p("Metodika keičiama tokia pat tvarka, kokia patvirtinta.", "Punktas")
    b.p("_________________", "Centruotas")


def explanatory_note(b: Builder) -> None:
    b.p("AIŠKINAMASIS RAŠTAS", "Rekvizitas")
    b.p("DĖL {{ municipality.genitive|upper }} TARYBOS SPRENDIMO „DĖL {{ plan.title.genitive|upper }} "
        "PATVIRTINIMO“ PROJEKTO", "Rekvizitas")
    b.p("", "Centruotas")
    b.p("{{ decision.date_text }}", "Centruotas")
    b.p("{{ city }}", "Centruotas")
    b.p("", "Centruotas")
    b.p("Sprendimo projekto tikslai ir uždaviniai. {{ note.aims }}", "Punktas")
    b.p("Šiuo metu esantis teisinis reglamentavimas. {{ note.current }}", "Punktas")
    b.p("Siūlomos naujos nuostatos. {{ note.proposed }}", "Punktas")
    b.p("Laukiami rezultatai. {{ note.results }}", "Punktas")
    b.p("Galimos neigiamos pasekmės ir priemonės joms išvengti. {{ note.risks }}", "Punktas")
    b.p("Lėšų poreikis ir jų šaltiniai. Planui įgyvendinti {{ plan.period }} m. numatoma {{ totals.total_text }}, "
        "iš jų:", "Punktas")
    b.each("t in totals.by_source", "{{ t.name }} – {{ t.amount_text }} ({{ t.share_text }}){{ ';' if not loop.last else '.' }}", "Papunktis")
    b.p("Kiti sprendimui priimti reikalingi pagrindimai, skaičiavimai ar paaiškinimai. {{ note.other }}", "Punktas")
    b.p("{{ note.author }}", "Parašas")


def concept(b: Builder) -> None:
    b.p("Projektas", "Projektas")
    b.p("{{ plan.title.genitive|upper }} KONCEPCIJA", "Rekvizitas")
    b.p("", "Centruotas")
    b.p("PLANO RENGIMO TIKSLAS IR LAIKOTARPIS", "Skyrius")
    b.p("{{ concept.purpose }}", "Punktas")
    b.p("Planas rengiamas {{ plan.period }} metų laikotarpiui.", "Punktas")
    b.p("TEISINIS PAGRINDAS", "Skyrius")
    b.p("{{ concept.legal_basis }}", "Punktas")
    b.p("RENGIMO PRINCIPAI", "Skyrius")
    b.p("Planas rengiamas vadovaujantis šiais principais:", "Punktas")
    b.each("item in concept.principles", "{{ item }}{{ ';' if not loop.last else '.' }}", "Papunktis")
    b.p("RENGIMO ETAPAI IR TERMINAI", "Skyrius")
    b.p("Darbo grupės dirba nuo {{ schedule.start_text }} iki {{ schedule.end_text }}; darbo etapai:", "Punktas")
    b.each("s in schedule.stages", "{{ s.name }} – nuo {{ s.start_text }} iki {{ s.end_text }}{{ ';' if not loop.last else '' }}", "Papunktis")
    b.p("RENGIMO ORGANIZAVIMAS IR DALYVAVIMAS", "Skyrius")
    b.p("Planui parengti meras sudaro {{ groups_accusative }}:", "Punktas")
    b.each("g in groups", "{{ g.name.accusative }}, kuri {{ g.activity }}{{ ';' if not loop.last else '.' }}", "Papunktis")
    b.tag("{%p if consultants %}")
    b.p("Planą rengti padeda konsultantai: {{ consultants }}.", "Punktas")
    b.tag("{%p endif %}")
    b.p("{{ concept.participation }}", "Punktas")
    b.p("VIZIJOS IR PRIORITETŲ PROJEKTAS", "Skyrius")
    b.p("Vizijos projektas: {{ vision }}", "Punktas")
    b.p("Plėtros prioritetų projektas:", "Punktas")
    b.each("p in priorities", "{{ p.name }}. {{ p.description }}", "Papunktis")
    b.p("NUMATOMA PLANO STRUKTŪRA", "Skyrius")
    b.p("Planą sudarys šios dalys:", "Punktas")
    b.each("item in concept.structure", "{{ item }}{{ ';' if not loop.last else '.' }}", "Papunktis")
    b.p("_________________", "Centruotas")


# Each template with its document title (rendered too: PDF readers and archives show it).
TEMPLATE_BUILDERS = {
    "order.docx": ("Mero potvarkis dėl {{ order.subject }}", order),
    "regulations.docx": ("{{ plan.title.genitive }} rengimo darbo grupių darbo reglamentas", regulations),
    "decision.docx": ("Tarybos sprendimas dėl {{ plan.title.genitive }} patvirtinimo", decision),
    "plan.docx": ("{{ plan.title.nominative }}", plan),
    "monitoring.docx": ("{{ plan.title.genitive }} įgyvendinimo stebėsenos metodika", monitoring),
    "explanatory-note.docx": ("Aiškinamasis raštas dėl {{ plan.title.genitive }} patvirtinimo", explanatory_note),
    "concept.docx": ("{{ plan.title.genitive }} koncepcija", concept),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--force", action="store_true", help="recreate existing templates (loses edits made in Word)")
    parser.add_argument("names", nargs="*", help="templates to create (default: all)")
    args = parser.parse_args(argv)
    TEMPLATES.mkdir(exist_ok=True)
    for name in args.names or TEMPLATE_BUILDERS:
        title, fill = TEMPLATE_BUILDERS[name]
        if (TEMPLATES / name).exists() and not args.force:
            print(f"{name}: exists, left as it is")
            continue
        builder = Builder(title)
        fill(builder)
        print(builder.save(name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
