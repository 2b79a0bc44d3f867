"""The values each template may use, listed for the people who edit templates in Word.

Read from the context types of context_types.py, through the registry: `make context-docs` writes
templates/KINTAMIEJI.md, and a test keeps that file current.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from pathlib import Path

from pydantic import BaseModel

from .registry import DOCUMENTS

MAX_DEPTH = 4

HEADER = """# Šablonų kintamieji

Ką kiekvienas šablonas gali naudoti žymėse `{{ … }}` ir `{% … %}`. Sąrašas sugeneruotas iš
`pipeline/documents/context_types.py` komanda `make context-docs`: neredaguokite jo ranka. `[]` reiškia sąrašą:
`{% for g in order.groups %}` … `{{ g.name.genitive }}` … `{% endfor %}`.
"""


def variables(kind: type, prefix: str = "", depth: int = 0) -> list[tuple[str, str]]:
    """Return every dotted name a value of this type offers, with its Lithuanian meaning."""
    rows: list[tuple[str, str]] = []
    for name, (annotation, meaning) in _members(kind).items():
        path = f"{prefix}{name}"
        rows.append((path, meaning))
        inner, suffix = _item_type(annotation)
        if depth < MAX_DEPTH and _members(inner):
            rows += variables(inner, f"{path}{suffix}.", depth + 1)
    return rows


def _members(kind) -> dict[str, tuple[object, str]]:
    """Return the names a TypedDict, dataclass or content model offers: (type, meaning) by name."""
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return {name: (f.annotation, f.description or "") for name, f in kind.model_fields.items()}
    if typing.is_typeddict(kind) or dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind, include_extras=True)
        members = {name: _meaning(hint) for name, hint in hints.items()}
        for name, value in vars(kind).items():
            if isinstance(value, property):
                members[name] = _meaning(typing.get_type_hints(value.fget, include_extras=True).get("return"))
        return members
    return {}


def _meaning(hint) -> tuple[object, str]:
    if typing.get_origin(hint) is typing.Annotated:
        base, *notes = typing.get_args(hint)
        return base, next((n for n in notes if isinstance(n, str)), "")
    return hint, ""


def _item_type(annotation) -> tuple[object, str]:
    """Return the type whose members follow a name, and "[]" when the name is a list of them."""
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) is list:
        return typing.get_args(annotation)[0], "[]"
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        concrete = [a for a in typing.get_args(annotation) if a is not type(None)]
        return (concrete[0], "") if len(concrete) == 1 else (annotation, "")
    return annotation, ""


def text() -> str:
    """Return the whole list as Markdown: a table per template, in the registry's order."""
    parts = [HEADER]
    for document in DOCUMENTS:
        for template, kind in document.templates.items():
            parts.append(f"\n## {template} – {document.title}\n\n| Kintamasis | Reikšmė |\n|---|---|\n")
            parts += [f"| `{path}` | {meaning} |\n" for path, meaning in variables(kind)]
    return "".join(parts)


def write(target: Path) -> Path:
    """Write the list to a file; return its path."""
    from ..core.write import write_atomically

    (path,) = write_atomically(target.parent, {target.name: text().encode("utf-8")})
    return path
