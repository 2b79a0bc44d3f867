"""Render a Word template with a context: docxtpl under a strict, autoescaping Jinja.

After rendering, the legal numbering is derived: paragraphs styled "Punktas", "Papunktis"
and "Papapunktis" get "1.", "1.1.", "1.1.1." and each "Skyrius" title gets its
"I SKYRIUS" line. Officials add a point in Word by giving a paragraph that style.
"""

from __future__ import annotations

import contextlib
import copy
import html
import io
import random
import re
import zipfile
from contextvars import ContextVar
from pathlib import Path

from docx.image.exceptions import InvalidImageStreamError
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml.etree import XMLSyntaxError
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from markupsafe import Markup, escape
from jinja2 import Environment, StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError

from ..core import lt
from ..core.errors import StageError, display_path
from ..core.write import normalize_docx
from ..life.charts import PLACING

POINT_STYLES = {"Punktas": 1, "Papunktis": 2, "Papapunktis": 3}
CHAPTER_STYLE = "Skyrius"
CAPTION_STYLE = "Table Caption"  # pandoc's name, used by the templates too
# Paragraphs that must stay on the page of what follows them.
# A table of at most this many rows stays on one page (an indicator card, a form), when it fits.
SHORT_TABLE_ROWS = 16
KEEP_WITH_NEXT = {CAPTION_STYLE, CHAPTER_STYLE, "Title", "Subtitle", "Tikslas", "Uždavinys"} | {
    f"Heading {level}" for level in range(1, 10)}


# After rendering, docxtpl turns "{_{", "}_}", "{_%" and "%_}" into "{{", "}}", "{%" and "%}" in
# the whole part (a template's way of writing a literal tag). Braces and per cent signs of values
# are written as character references, which XML reads back as the same characters but that
# rewriting never sees: a value comes out exactly as written.
_LITERAL = str.maketrans({"{": "&#123;", "}": "&#125;", "%": "&#37;"})


def _finalize(value):
    """Escape a value for the document XML so that docxtpl's post-processing leaves it as it is."""
    if hasattr(value, "__html__"):  # RichText, Listing, subdocuments, placeholders: XML already
        return value
    return Markup(str(escape(value)).translate(_LITERAL))


def environment() -> Environment:
    """Return the Jinja environment every template renders in: autoescaped and strict."""
    env = Environment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True, finalize=_finalize)
    env.filters.update({
        "money": lt.money, "number": lt.number, "percent": lt.percent, "spaced": lt.spaced,
        "date": lt.long_date,
    })
    return env


# Document properties a template may fill ("title": "{{ plan.title.nominative }}").
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")


# Word keeps at most 255 characters in a document property (a title, say).
PROPERTY_LIMIT = 255


def _render_properties(core, sources: dict[str, str], context: dict) -> None:
    """Fill the document properties as plain text, on one line and within Word's length.

    docxtpl would render them with the body's XML-escaping environment, and the property writer
    escapes again: "&" would become "&amp;amp;". They are rendered here instead, from the
    template's own text, unescaped, and set as the text they are (docxtpl's own pass is off).
    """
    env = Environment(undefined=StrictUndefined, autoescape=False)
    for name, source in sources.items():
        if source and ("{{" in source or "{%" in source):
            value = " ".join(env.from_string(source).render(context).split())
            setattr(core, name, value if len(value) <= PROPERTY_LIMIT else value[:PROPERTY_LIMIT - 1] + "…")


@contextlib.contextmanager
def _fixed_random():
    """Seed the random numbers docxcompose draws for list ids, for byte-identical output; restore after."""
    state = random.getstate()
    random.seed(0)
    try:
        yield
    finally:
        random.setstate(state)


_RENDERING: ContextVar = ContextVar("rendering")  # the DocxTemplate a Picture is placed in


def place_picture(data: bytes, width_mm: int, description: str) -> str:
    """Return the run XML that places a picture (a chart) in the template being rendered, with its alt text."""
    part = _RENDERING.get().current_rendering_part
    inline = part.new_pic_inline(io.BytesIO(data), Mm(width_mm), None)
    inline.docPr.set("descr", description)
    return '</w:t></w:r><w:r><w:drawing>%s</w:drawing></w:r><w:r><w:t xml:space="preserve">' % inline.xml


def render(template: Path, context: dict, after=None) -> bytes:
    """Render a template to normalized .docx bytes; raise StageError naming the template on failure.

    `after(document)` runs once the template is rendered, before points are numbered: content
    attached there (Markdown from pandoc) is never seen by Jinja.
    """
    name = display_path(template)
    if not template.is_file():
        raise StageError(f"šablono nėra: {name}")
    try:
        tpl = DocxTemplate(template)
        tpl.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError, XMLSyntaxError) as exc:
        raise StageError(f"šablonas {name} sugadintas: {exc}") from exc
    context = dict(context)
    if context.get("coat_of_arms"):
        context["coat_of_arms"] = InlineImage(tpl, str(context["coat_of_arms"]), height=Mm(20))
    properties = {name: getattr(tpl.docx.core_properties, name) for name in PROPERTIES}
    tpl.render_properties = lambda *args, **kwargs: None  # see _render_properties
    with _fixed_random():
        rendering, placing = _RENDERING.set(tpl), PLACING.set(place_picture)
        try:
            tpl.render(context, environment(), autoescape=True)
        except TemplateSyntaxError as exc:
            raise StageError(f"šablone {name} {syntax_problem(exc)}") from exc
        except UndefinedError as exc:
            raise StageError(f"šablone {name} {_undefined_problem(exc, tpl)}") from exc
        except TemplateError as exc:
            raise StageError(f"šablono {name} nepavyko užpildyti: {exc}") from exc
        except InvalidImageStreamError as exc:
            raise StageError(f"šablono {name} paveikslėlis (herbas) nėra PNG ar JPEG failas") from exc
        except (ArithmeticError, TypeError, ValueError, AttributeError, LookupError) as exc:
            # An expression in the template that fails on the values it gets, e.g. {{ 1/0 }}.
            raise StageError(f"šablono {name} nepavyko užpildyti: {type(exc).__name__}: {exc}") from exc
        finally:
            _RENDERING.reset(rendering)
            PLACING.reset(placing)
        try:
            _render_properties(tpl.docx.core_properties, properties, context)
        except TemplateError as exc:
            raise StageError(f"šablono {name} savybių (pavadinimo, temos) nepavyko užpildyti: {exc}") from exc
        if after is not None:
            after(tpl.docx)  # kept out of the template's own errors above: a failure here is not the template's
    number_points(tpl.docx)
    finish_tables(tpl.docx)
    typeset_document(tpl.docx)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return normalize_docx(buffer.getvalue())


_OPENERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_BLOCKS = {"if", "for", "with", "filter", "macro", "call", "block", "autoescape", "raw"}


def _template_text(source: str) -> str:
    """Return a template's text as its author sees it in Word: no XML, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", source))


def _tags(text: str) -> list[str]:
    return re.findall(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", text, re.DOTALL)


def _unclosed(text: str) -> tuple[str, str] | None:
    """Return the first tag opened but not closed before the next one starts, and its closer."""
    openers = [m.start() for m in re.finditer(r"\{[{%#]", text)]
    for i, start in enumerate(openers):
        closer = _OPENERS[text[start:start + 2]]
        end = text.find(closer, start + 2)
        following = openers[i + 1] if i + 1 < len(openers) else len(text)
        if end == -1 or end > following:
            return " ".join(text[start:following].split())[:60], closer
    return None


def _statement(tag: str) -> tuple[str, str]:
    """Return a {% %} tag's keyword and the rest: "{% if x %}" → ("if", "x")."""
    inner = tag[2:-2].strip().lstrip("-+").rstrip("-+").strip()
    word, _, rest = inner.partition(" ")
    return word, rest


def _unclosed_block(tags: list[str]) -> str | None:
    """Return the first block tag whose end tag is missing, or an end tag with no block."""
    stack: list[tuple[str, str]] = []
    for tag in tags:
        if not tag.startswith("{%"):
            continue
        word, rest = _statement(tag)
        if word in _BLOCKS or (word == "set" and "=" not in rest):
            stack.append((word, tag))
        elif word.startswith("end"):
            if stack and stack[-1][0] == word[3:]:
                stack.pop()
            else:
                return f"žymė {_q(tag)} neturi jai tinkančios pradžios arba prieš ją neuždarytas kitas blokas"
    if stack:
        word, tag = stack[-1]
        return f"blokas {_q(tag)} neuždarytas: trūksta „{{% end{word} %}}“"
    return None


def _q(text: str) -> str:
    return f"„{' '.join(text.split())[:80]}“"


def syntax_problem(exc: TemplateSyntaxError) -> str:
    """Return in Lithuanian what is wrong with a template's tag, naming the tag as Word shows it."""
    text = _template_text(exc.source or "")
    tags = _tags(text)
    unclosed = _unclosed(text)
    if unclosed:
        tag, closer = unclosed
        return f"neuždaryta žymė {_q(tag)}: trūksta „{closer}“ (žymė turi būti vienoje pastraipoje)"
    message = exc.message or ""
    unknown = re.search(r"unknown tag '([^']+)'", message)
    if unknown:
        word = unknown.group(1)
        if word.startswith("end") or word in ("else", "elif"):
            block = _unclosed_block(tags)
            if block:
                return block
        tag = next((t for t in tags if t.startswith("{%") and _statement(t)[0] == word), "{% " + word + " %}")
        return f"nežinoma žymė {_q(tag)}"
    for kind, what in (("filter", "filtras"), ("test", "testas")):
        named = re.search(rf"No {kind} named '([^']+)'", message)
        if named:
            tag = next((t for t in tags if re.search(rf"\b{re.escape(named.group(1))}\b", t)), "?")
            return f"nežinomas {what} {_q(named.group(1))} žymėje {_q(tag)}"
    if "end of template" in message:
        block = _unclosed_block(tags)
        if block:
            return block
    env = environment()
    for tag in tags:
        if tag.startswith("{{"):
            try:
                env.parse(tag)
            except TemplateSyntaxError as inner:
                return f"klaidinga žymė {_q(tag)} (Jinja: {inner.message})"
    block = _unclosed_block(tags)
    if block:
        return block
    return f"klaidinga žymė {_q(_tag_at(exc))} (Jinja: {message})"


def _undefined_problem(exc: UndefinedError, tpl) -> str:
    """Return in Lithuanian which name a template uses that its context does not have."""
    message = exc.message or ""
    name = re.match(r"'([^']+)' is undefined", message)
    if name:
        what = f"nežinomas kintamasis {_q(name.group(1))}"
        word = name.group(1)
    else:
        attribute = re.match(r"'(.+?)' (?:object )?has no attribute '([^']+)'", message)
        if not attribute:
            return f"naudojamas nežinomas kintamasis: {message}"
        what = f"nežinomas laukas {_q(attribute.group(2))} ({attribute.group(1)})"
        word = attribute.group(2)
    try:
        text = _template_text(tpl.patch_xml(tpl.get_xml()))
    except Exception:  # noqa: BLE001 - the name alone still helps
        text = ""
    tag = next((t for t in _tags(text) if re.search(rf"\b{re.escape(word)}\b", t)), None)
    return f"naudojamas {what}" + (f" (žymė {_q(tag)})" if tag else "")


def _tag_at(exc: TemplateSyntaxError) -> str:
    source = exc.source or ""
    lines = source.splitlines()
    if exc.lineno and 0 < exc.lineno <= len(lines):
        text = _template_text(lines[exc.lineno - 1])
        tags = re.findall(r"\{[{%].*?[%}]\}|\{[{%][^}]*", text)
        if tags:
            return tags[-1][:80]
        return text.strip()[:80]
    return "?"


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


def _style_name(document, p) -> str | None:
    ppr = p.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    if style is None:
        return None
    style_id = style.get(qn("w:val"))
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
        if element.tag == qn("w:tbl"):
            number += 1
            _caption(document, element, f"{annex}{number}")
            _whole_rows(element)
            _short_together(element)
        elif element.tag == qn("w:p") and _style_name(document, element) in KEEP_WITH_NEXT:
            _keep_with_next(element)
        elif element.tag == qn("w:p") and _style_name(document, element) in ANNEX_MARK_STYLES:
            mark = ANNEX_MARK.fullmatch("".join(t.text or "" for t in element.iter(qn("w:t"))).strip())
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

    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        properties = OxmlElement("w:pPr")
        paragraph.insert(0, properties)
    if properties.find(qn("w:keepNext")) is None:
        keep = OxmlElement("w:keepNext")
        style = properties.find(qn("w:pStyle"))
        (style.addnext if style is not None else lambda e: properties.insert(0, e))(keep)


def typeset_document(document) -> None:
    """Apply Lithuanian typography (lt.typeset) to every text of the body and the footnotes.

    It runs on the rendered document, so template wording and content get it alike.
    """
    for text in document.element.body.iter(qn("w:t")):
        if text.text:
            text.text = lt.typeset(text.text)
    for part in document.part.package.iter_parts():
        if part.partname.endswith("/footnotes.xml") and hasattr(part, "_element"):
            for text in part._element.iter(qn("w:t")):
                if text.text:
                    text.text = lt.typeset(text.text)
