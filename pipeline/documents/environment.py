"""The Jinja environment every template renders in: strict, autoescaped, values kept as written.

Compiling a Word template's XML to Python takes Jinja longer than rendering it; the compiled code
is kept between runs in Jinja's own bytecode cache (a folder of the user's own, as Python keeps
.pyc files), keyed by the template text, so that a run compiles only what changed.
"""

from __future__ import annotations

import functools
import hashlib

import jinja2
from jinja2 import Environment, FileSystemBytecodeCache, StrictUndefined
from markupsafe import Markup, escape

from ..core import lt


# After rendering, docxtpl turns "{_{", "}_}", "{_%" and "%_}" into "{{", "}}", "{%" and "%}" in
# the whole part (a template's way of writing a literal tag). Braces and per cent signs of values
# are written as character references, which XML reads back as the same characters but that
# rewriting never sees: a value comes out exactly as written.
_LITERAL = str.maketrans({"{": "&#123;", "}": "&#125;", "%": "&#37;"})

# What the compiled code depends on besides the text: Jinja's version and this environment's
# settings (finalize, autoescape, trailing newlines are compiled in). Change the tag with them.
_CODE_OF = f"pipeline-docx-1:jinja-{jinja2.__version__}:"


def _finalize(value):
    """Escape a value for the document XML so that docxtpl's post-processing leaves it as it is."""
    if hasattr(value, "__html__"):  # RichText, Listing, subdocuments, placeholders: XML already
        return value
    return Markup(str(escape(value)).translate(_LITERAL))


@functools.cache
def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Return Jinja's cache of compiled templates, or None where the user has no private folder for it."""
    try:
        return FileSystemBytecodeCache(pattern="__pipeline_docx_%s.cache")
    except (OSError, RuntimeError):
        return None


class _Environment(Environment):
    """Jinja's environment, taking a template's compiled code from the cache when its text is unchanged."""

    def from_string(self, source, globals=None, template_class=None):
        cache = _bytecode_cache()
        if cache is None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        cls = template_class or self.template_class
        return cls.from_code(self, self._compiled(cache, source), self.make_globals(globals), None)

    def _compiled(self, cache: FileSystemBytecodeCache, source: str):
        """Return the code of a template text: cached, else compiled (as from_string does) and cached."""
        name = _CODE_OF + hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
        try:
            bucket = cache.get_bucket(self, name, None, source)
        except Exception:  # a damaged cache file (Jinja unpickles its header): compiled anew, rewritten
            bucket = None
        if bucket is not None and bucket.code is not None:
            return bucket.code
        code = self.compile(source)
        if bucket is not None:
            bucket.code = code
            try:
                cache.set_bucket(bucket)
            except OSError:  # a full disk: the next run compiles again
                pass
        return code


def environment() -> Environment:
    """Return the Jinja environment every template renders in: autoescaped and strict."""
    env = _Environment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True, finalize=_finalize)
    env.filters.update({
        "money": lt.money, "number": lt.number, "percent": lt.percent, "spaced": lt.spaced,
        "date": lt.long_date,
    })
    return env
