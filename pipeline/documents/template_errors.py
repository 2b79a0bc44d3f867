"""Jinja's errors told in Lithuanian, naming the tag as the template's author sees it in Word."""

from __future__ import annotations

import contextlib
import html
import re

from docx.image.exceptions import InvalidImageStreamError
from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError

from ..core.errors import StageError
from .environment import environment


@contextlib.contextmanager
def translated(name: str, tpl):
    """Turn an error of filling template `name` (docxtpl `tpl`) into a StageError naming the template."""
    try:
        yield
    except TemplateSyntaxError as exc:
        raise StageError(f"šablone {name} {syntax_problem(exc)}") from exc
    except UndefinedError as exc:
        raise StageError(f"šablone {name} {undefined_problem(exc, tpl)}") from exc
    except TemplateError as exc:
        raise StageError(f"šablono {name} nepavyko užpildyti: {exc}") from exc
    except InvalidImageStreamError as exc:
        raise StageError(f"šablono {name} paveikslėlis (herbas) nėra PNG ar JPEG failas") from exc
    except (ArithmeticError, TypeError, ValueError, AttributeError, LookupError) as exc:
        # An expression in the template that fails on the values it gets, e.g. {{ 1/0 }}.
        raise StageError(f"šablono {name} nepavyko užpildyti: {type(exc).__name__}: {exc}") from exc


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


def undefined_problem(exc: UndefinedError, tpl) -> str:
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
