"""Render a Word template with a context: docxtpl under a strict, autoescaping Jinja.

After rendering, the legal numbering is derived: paragraphs styled "Punktas", "Papunktis"
and "Papapunktis" get "1.", "1.1.", "1.1.1." and each "Skyrius" title gets its
"I SKYRIUS" line. Officials add a point in Word by giving a paragraph that style.
"""

from __future__ import annotations

import copy
import io
import random
import zipfile
from pathlib import Path

from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml.etree import XMLSyntaxError
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError

from . import lt
from .errors import StageError, display_path
from .write import normalize_docx

POINT_STYLES = {"Punktas": 1, "Papunktis": 2, "Papapunktis": 3}
CHAPTER_STYLE = "Skyrius"


def environment() -> Environment:
    """Return the Jinja environment every template renders in: autoescaped and strict."""
    env = Environment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters.update({
        "money": lt.money, "number": lt.number, "percent": lt.percent, "spaced": lt.spaced,
        "date": lt.long_date,
    })
    return env


def render(template: Path, context: dict, prepare=None) -> bytes:
    """Render a template to normalized .docx bytes; raise StageError naming the template on failure.

    `prepare(tpl, context)` may add values that need the template itself (subdocuments).
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
    state = random.getstate()
    random.seed(0)  # docxcompose draws list ids at random: fixed for byte-identical output
    try:
        if prepare is not None:
            prepare(tpl, context)
        tpl.render(context, environment(), autoescape=True)
    except TemplateSyntaxError as exc:
        raise StageError(f"šablone {name} klaidinga žymė: {exc.message} (žymė „{_tag_at(exc)}“)") from exc
    except UndefinedError as exc:
        raise StageError(f"šablone {name} naudojamas nežinomas kintamasis: {exc.message}") from exc
    except TemplateError as exc:
        raise StageError(f"šablono {name} nepavyko užpildyti: {exc}") from exc
    finally:
        random.setstate(state)
    number_points(tpl.docx)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return normalize_docx(buffer.getvalue())


def _tag_at(exc: TemplateSyntaxError) -> str:
    source = exc.source or ""
    lines = source.splitlines()
    if exc.lineno and 0 < exc.lineno <= len(lines):
        import re
        text = re.sub(r"<[^>]+>", "", lines[exc.lineno - 1])
        tags = re.findall(r"\{[{%].*?[%}]\}|\{[{%][^}]*", text)
        if tags:
            return tags[-1][:80]
        return text.strip()[:80]
    return "?"


def number_points(document) -> None:
    """Prefix point paragraphs with their derived numbers and add "I SKYRIUS" lines to chapters."""
    counters = [0, 0, 0]
    chapter = 0
    body = document.element.body
    for p in list(body.iterchildren(qn("w:p"))):
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

