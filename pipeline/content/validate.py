"""Check each content file against its schema: the middle step of the load-and-check stage.

A file read by load.py is validated against its model in schema.py, and every pydantic error
becomes a Lithuanian message at the file's line: a misspelt or misplaced key is named with
where it belongs, a value of the wrong kind with what was expected. The rules that span files
come after, in rules.py. Nothing here raises on bad content.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import NamedTuple

from pydantic import BaseModel, ValidationError

from ..core.errors import WARNING, Problem, quote
from .load import YamlFile, line_at

_TYPE_NAMES = {
    "string_type": "teksto",
    "int_type": "sveikojo skaičiaus",
    "int_parsing": "sveikojo skaičiaus",
    "int_from_float": "sveikojo skaičiaus",
    "decimal_type": "skaičiaus",
    "decimal_parsing": "skaičiaus",
    "float_type": "skaičiaus",
    "float_parsing": "skaičiaus",
    "bool_type": "„true“ arba „false“",
    "bool_parsing": "„true“ arba „false“",
    "list_type": "sąrašo (eilutės su „- “)",
    "dict_type": "laukų rinkinio (raktas: reikšmė)",
    "model_type": "laukų rinkinio (raktas: reikšmė)",
    "model_attributes_type": "laukų rinkinio (raktas: reikšmė)",
    "date_type": "datos MMMM-MM-DD",
    "date_parsing": "datos MMMM-MM-DD",
    "date_from_datetime_parsing": "datos MMMM-MM-DD",
    "date_from_datetime_inexact": "datos MMMM-MM-DD",
}


def _unwrap(annotation):
    """Return the model class a field holds, looking through Optional, list and dict."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _unwrap(arg)
            if found is not None:
                return found
        return None
    if origin in (list, dict):
        return _unwrap(typing.get_args(annotation)[-1])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """Return the model class that owns the field at loc (ignoring list indexes)."""
    for part in loc:
        if isinstance(part, int):
            continue
        field = next((f for f in model.model_fields.values() if f.alias == part), None)
        if field is None:
            return None
        inner = _unwrap(field.annotation)
        if inner is None:
            return None
        model = inner
    return model


def _keys(model: type[BaseModel]) -> list[str]:
    return [f.alias for f in model.model_fields.values()]


def _keys_at(root: type[BaseModel], loc: tuple) -> list[str]:
    """Return the keys known at loc: those of the model that owns its fields, or none."""
    owner = _model_at(root, loc)
    return _keys(owner) if owner else []


def _field_name(loc: tuple) -> str:
    names = [p for p in loc if isinstance(p, str)]
    return names[-1] if names else "?"


def _found(value: object) -> str:
    """Return "rasta „…“" for a value as an official typed it: never a Python repr."""
    if isinstance(value, bool):
        return "rasta taip/ne reikšmė (YAML taip supranta yes, no, on, off, true, false) – tekstą rašykite kabutėse"
    if isinstance(value, list):
        return "rastas sąrašas (eilutės su „- “)"
    if isinstance(value, dict):
        return "rasti laukai (raktas: reikšmė)"
    return f"rasta {quote(value)}"


def _expected(error: dict) -> str | None:
    """Return what the field expects, for a value of the wrong kind."""
    kind = error["type"]
    if kind == "literal_error":
        return "vienos iš: " + ", ".join(_literal_options(error))
    return _TYPE_NAMES.get(kind)


def _literal_options(error: dict) -> list[str]:
    expected = error.get("ctx", {}).get("expected", "")
    return [part.strip().strip("'") for part in expected.replace(" or ", ", ").split(",") if part.strip()]


# ---------------------------------------------------------------- unknown keys


class _Place(NamedTuple):
    """Where an unknown key is a known key: the line is indented wrongly."""

    up: bool  # known one or more levels up: indented too far
    field: str | None  # else the field one level down whose entries know it: indented too little
    locs: list[tuple]  # the locations the key would have there, as a "missing" error names them


def _place(root: type[BaseModel], loc: tuple) -> _Place | None:
    """Say where an unknown key at loc belongs: higher up, in a field one level down, or nowhere (None)."""
    key = loc[-1]
    above = [loc[:cut] + (key,) for cut in range(len(loc) - 2, -1, -1) if key in _keys_at(root, loc[:cut])]
    if above:
        return _Place(True, None, above)
    owner = _model_at(root, loc[:-1])
    for field in (owner.model_fields.values() if owner else []):
        inner = _unwrap(field.annotation)
        if inner is not None and key in _keys(inner):
            return _Place(False, field.alias, [_names(loc[:-1]) + (field.alias, key)])
    return None


def _close(root: type[BaseModel], loc: tuple) -> str | None:
    """Return the known key an unknown key at loc is a misspelling of, or None."""
    close = difflib.get_close_matches(str(loc[-1]), _keys_at(root, loc[:-1]), n=1, cutoff=0.6)
    return close[0] if close else None


def _unknown_key(root: type[BaseModel], loc: tuple) -> str:
    """Return the message for an unknown key: misspelt, indented wrongly, or simply not a key."""
    key, close, place = quote(loc[-1]), _close(root, loc), _place(root, loc)
    if close:
        return f"nežinomas laukas {key}; gal turėta omenyje {quote(close)}?"
    if place and place.up:
        return f"laukas {key} čia nežinomas: jis priklauso aukštesniam lygiui – patikrinkite eilutės įtrauką"
    if place:
        return (f"laukas {key} čia nežinomas: jis rašomas lauke {quote(place.field)} – "
                "patikrinkite eilutės įtrauką")
    known = _keys_at(root, loc[:-1])
    return f"nežinomas laukas {key}" + (f"; galimi laukai: {', '.join(known)}" if known else "")


def _explained(errors: list[dict], root: type[BaseModel]) -> set[int]:
    """Return the indexes of "missing" errors another error explains: a misspelt or misplaced key.

    `vaidmu: narys` gives both "unknown vaidmu" and "missing vaidmuo"; only the first helps.
    """
    unknown: set[tuple] = set()
    for loc in (e["loc"] for e in errors if e["type"] == "extra_forbidden"):
        close, place = _close(root, loc), _place(root, loc)
        if close:
            unknown.add(loc[:-1] + (close,))
        unknown.update(place.locs if place else ())
    return {i for i, e in enumerate(errors)
            if e["type"] == "missing" and (e["loc"] in unknown or _names(e["loc"]) in unknown)}


def _names(loc: tuple) -> tuple:
    return tuple(p for p in loc if not isinstance(p, int))


# ---------------------------------------------------------------- messages


class _Error(NamedTuple):
    """One pydantic error, as the messages below read it."""

    kind: str
    loc: tuple
    field: str  # the field's key, quoted
    value: object
    ctx: dict
    expected: str | None  # what the field expects, for a value of the wrong kind
    root: type[BaseModel]
    message: str = ""  # a model's own Lithuanian words ("explained" errors)

    def limit(self, inclusive: str, exclusive: str):
        return self.ctx.get(inclusive, self.ctx.get(exclusive))


_NUMBER_KINDS = {"int_parsing", "decimal_parsing", "float_parsing"}
_NUMBER_TEXT = re.compile(r"[-+]?[\s.,]*\d[\d\s.,]*")  # up to the first digit no digit: linear in time
_AT_LEAST, _AT_MOST = ("greater_than_equal", "greater_than"), ("less_than_equal", "less_than")
_TOO_SHORT = ("too_short", "string_too_short")

# Each kind of error and its message, the first that applies.
_MESSAGES = (
    (lambda e: e.kind == "missing", lambda e: f"trūksta privalomo lauko {e.field}"),
    (lambda e: e.kind == "extra_forbidden", lambda e: _unknown_key(e.root, e.loc)),
    (lambda e: e.value is None and e.expected, lambda e: f"laukas {e.field} tuščias; tikėtasi {e.expected}"),
    (lambda e: e.kind == "literal_error", lambda e: f"laukas {e.field}: tikėtasi {e.expected}; {_found(e.value)}"),
    (lambda e: e.kind in _AT_LEAST and e.limit("ge", "gt") == 0,
     lambda e: f"laukas {e.field}: reikšmė negali būti neigiama; rasta {quote(e.value)}"),
    (lambda e: e.kind in _AT_LEAST,
     lambda e: f"laukas {e.field}: reikšmė turi būti ne mažesnė kaip {e.limit('ge', 'gt')}; rasta {quote(e.value)}"),
    (lambda e: e.kind in _AT_MOST,
     lambda e: f"laukas {e.field}: reikšmė turi būti ne didesnė kaip {e.limit('le', 'lt')}; rasta {quote(e.value)}"),
    (lambda e: e.kind in _TOO_SHORT and isinstance(e.value, str), lambda e: f"laukas {e.field}: tuščias tekstas"),
    (lambda e: e.kind in _TOO_SHORT, lambda e: f"laukas {e.field}: sąrašas tuščias, reikia bent vieno įrašo"),
    (lambda e: e.kind == "string_pattern_mismatch" and str(e.ctx.get("pattern", "")).startswith("^https://"),
     lambda e: f"laukas {e.field}: tikėtasi nuorodos, prasidedančios „https://“, be tarpų; rasta {quote(e.value)}"),
    (lambda e: e.kind == "string_pattern_mismatch",
     lambda e: f"laukas {e.field}: tik mažosios lotyniškos raidės, skaitmenys ir brūkšneliai; rasta {quote(e.value)}"),
    (lambda e: e.kind == "decimal_max_places",
     lambda e: (f"laukas {e.field}: ne daugiau kaip {e.ctx.get('decimal_places', 2)} skaitmenys po kablelio; "
                f"rasta {quote(e.value)}")),
    (lambda e: e.kind in ("decimal_max_digits", "decimal_whole_digits"),
     lambda e: f"laukas {e.field}: skaičius per didelis; rasta {quote(e.value)}"),
    (lambda e: e.kind == "finite_number",
     lambda e: f"laukas {e.field}: tikėtasi baigtinio skaičiaus; rasta {quote(e.value)}"),
    (lambda e: e.kind == "string_type" and isinstance(e.value, dict),
     lambda e: f"laukas {e.field}: tikėtasi teksto, bet jame yra „: “ – tokį tekstą rašykite kabutėse"),
    (lambda e: e.kind in _NUMBER_KINDS and isinstance(e.value, str) and _NUMBER_TEXT.fullmatch(e.value),
     lambda e: (f"laukas {e.field}: tikėtasi {_TYPE_NAMES[e.kind]} be tarpų, trupmeninę dalį skiriant tašku "
                f"(pvz., 4500000.50); rasta {quote(e.value)}")),
    # A model's own check says in Lithuanian what it expects (PydanticCustomError("explained", "…")).
    (lambda e: e.kind == "explained", lambda e: f"laukas {e.field}: {e.message}; {_found(e.value)}"),
    (lambda e: e.kind in _TYPE_NAMES,
     lambda e: f"laukas {e.field}: tikėtasi {_TYPE_NAMES[e.kind]}; {_found(e.value)}"),
    (lambda e: True, lambda e: f"laukas {e.field}: netinkama reikšmė; {_found(e.value)}"),
)


def _message(error: dict, root: type[BaseModel]) -> str:
    """Return the Lithuanian message for one pydantic error."""
    e = _Error(error["type"], error["loc"], quote(_field_name(error["loc"])), error.get("input"),
               error.get("ctx", {}), _expected(error), root, error.get("msg", ""))
    return next(build(e) for applies, build in _MESSAGES if applies(e))


def parse(file: YamlFile, model: type[BaseModel]) -> tuple[BaseModel | None, list[Problem]]:
    """Validate a parsed YAML file against its model; return the object or the problems."""
    if file.data is None:
        return None, list(file.problems)
    try:
        return model.model_validate(file.data), []
    except ValidationError as exc:
        errors = exc.errors()
        skip = _explained(errors, model)
        problems = []
        for i, error in enumerate(errors):
            if i in skip:
                continue
            # Errors inside a dict value (e.g. a money amount by source) carry the key in loc.
            line = line_at(file.data, error["loc"])
            problems.append(Problem(file.shown, line, _message(error, model)))
        return None, problems


def warning(path: str, line: int, message: str) -> Problem:
    return Problem(path, line, message, WARNING)
