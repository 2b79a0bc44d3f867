"""Render a Word template with a context: docxtpl under a strict, autoescaping Jinja.

After rendering, the document is finished (finishing.py): legal numbering, tables, typography.
"""

from __future__ import annotations

import contextlib
import io
import random
import zipfile
from contextvars import ContextVar
from pathlib import Path

from docx.opc.exceptions import PackageNotFoundError
from lxml.etree import XMLSyntaxError
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, StrictUndefined, TemplateError

from ..core.errors import StageError, display_path
from ..core.zips import normalize_docx
from ..life.charts import PLACING
from .environment import environment
from .finishing import finish
from .template_errors import translated


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
    tpl = _load(template, name)
    context = dict(context)
    if context.get("coat_of_arms"):
        context["coat_of_arms"] = InlineImage(tpl, str(context["coat_of_arms"]), height=Mm(20))
    with _fixed_random():
        _fill(tpl, context, name)
        if after is not None:
            after(tpl.docx)  # kept out of the template's own errors: a failure here is not the template's
    finish(tpl.docx)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return normalize_docx(buffer.getvalue())


def _load(template: Path, name: str) -> DocxTemplate:
    """Open a template; raise StageError when it is missing or not a Word document."""
    if not template.is_file():
        raise StageError(f"šablono nėra: {name}")
    try:
        tpl = DocxTemplate(template)
        tpl.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError, XMLSyntaxError) as exc:
        raise StageError(f"šablonas {name} sugadintas: {exc}") from exc
    return tpl


def _fill(tpl: DocxTemplate, context: dict, name: str) -> None:
    """Fill a template's body and its document properties with the context."""
    properties = {key: getattr(tpl.docx.core_properties, key) for key in PROPERTIES}
    tpl.render_properties = lambda *args, **kwargs: None  # see _render_properties
    rendering, placing = _RENDERING.set(tpl), PLACING.set(place_picture)
    try:
        with translated(name, tpl):
            tpl.render(context, environment(), autoescape=True)
    finally:
        _RENDERING.reset(rendering)
        PLACING.reset(placing)
    try:
        _render_properties(tpl.docx.core_properties, properties, context)
    except TemplateError as exc:
        raise StageError(f"šablono {name} savybių (pavadinimo, temos) nepavyko užpildyti: {exc}") from exc
