"""The Jinja environment every template renders in: strict, autoescaped, values kept as written."""

from __future__ import annotations

from jinja2 import Environment, StrictUndefined
from markupsafe import Markup, escape

from ..core import lt


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
