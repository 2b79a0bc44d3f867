"""Check a Word template as an official left it: the styles the pipeline relies on, and every tag whole.

Nothing here writes a template: they are edited in Word or LibreOffice and are the source of
the documents' layout. `make templates-check` runs these checks on templates/, and the tests
run them too.
"""

from __future__ import annotations

import re
import typing
from pathlib import Path

from .finishing import CHAPTER_STYLE, POINT_STYLES

# Styles the pipeline finds by name: legal numbering of points and chapters, and what pandoc's
# Markdown is styled with (a template that places Markdown must define them, or the text
# comes out in Word's defaults).
NUMBERING_STYLES = (CHAPTER_STYLE, *POINT_STYLES)
MARKDOWN_STYLES = ("Heading 2", "Heading 3", "Body Text", "First Paragraph", "Compact", "Block Text",
                   "Footnote Text", "Table Caption")
_TYPOGRAPHIC_QUOTES = set("„“”‘’")


def problems(path: Path, context_type: type, places_markdown: bool = False) -> list[str]:
    """Return in Lithuanian what is wrong with a template, or nothing."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateSyntaxError, meta

    from .environment import environment
    from .template_errors import syntax_problem

    template = DocxTemplate(path)
    template.init_docx()
    found = _missing_styles(template.docx, places_markdown)
    xml = template.patch_xml(template.get_xml())
    found += _broken_tags(re.sub(r"<[^>]+>", "", xml))
    try:
        used = meta.find_undeclared_variables(environment().parse(xml))
    except TemplateSyntaxError as exc:
        return found + [syntax_problem(exc)]
    declared = set(typing.get_type_hints(context_type))
    found += [f"naudojamas nežinomas kintamasis „{name}“ (žr. templates/KINTAMIEJI.md)" for name in sorted(used - declared)]
    found += [f"nenaudojamas kintamasis „{name}“: jo tipas {context_type.__name__} jį skelbia veltui"
              for name in sorted(declared - used)]
    return found


def _missing_styles(document, places_markdown: bool) -> list[str]:
    names = {style.name for style in document.styles}
    wanted = NUMBERING_STYLES + (MARKDOWN_STYLES if places_markdown else ())
    return [f"trūksta stiliaus „{name}“" for name in wanted if name not in names]


def _broken_tags(text: str) -> list[str]:
    """Return tags split or left open, and tags with typographic quotes (Word's autocorrect)."""
    found = []
    if text.count("{{") != text.count("}}") or text.count("{%") != text.count("%}"):
        found.append("žymė neuždaryta arba suskaidyta: „{{“ ir „}}“ (ar „{%“ ir „%}“) skaičius nesutampa")
    for tag in re.findall(r"\{[{%].*?[}%]\}", text):
        if _TYPOGRAPHIC_QUOTES & set(tag):
            found.append(f"žymėje {tag} yra lietuviškos ar lenktos kabutės: žymėse rašykite tiesias \" ar '")
    return found
