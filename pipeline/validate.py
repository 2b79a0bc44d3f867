"""Check content: each file against its schema, then the rules that span files.

Every problem is collected with its file and line; nothing here raises on bad content.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections import Counter
from decimal import Decimal

from pydantic import BaseModel, ValidationError

from .errors import Problem, WARNING, quote
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


def _misplaced(root: type[BaseModel], loc: tuple) -> bool:
    """Tell whether an unknown key is a known key one or more levels up: a wrong indentation."""
    key = loc[-1]
    for cut in range(len(loc) - 2, -1, -1):
        owner = _model_at(root, loc[:cut])
        if owner is not None and key in _keys(owner):
            return True
    return False


def _belongs_below(root: type[BaseModel], loc: tuple) -> str | None:
    """Return the field one level down whose entries know an unknown key: a line indented too little."""
    owner = _model_at(root, loc[:-1])
    for field in (owner.model_fields.values() if owner else []):
        inner = _unwrap(field.annotation)
        if inner is not None and loc[-1] in _keys(inner):
            return field.alias
    return None


def _message(error: dict, root: type[BaseModel]) -> str:
    """Return the Lithuanian message for one pydantic error."""
    kind, loc, value = error["type"], error["loc"], error.get("input")
    field = _field_name(loc)
    if kind == "missing":
        return f"trūksta privalomo lauko {quote(field)}"
    if kind == "extra_forbidden":
        owner = _model_at(root, loc[:-1])
        known = _keys(owner) if owner else []
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        if close:
            return f"nežinomas laukas {quote(loc[-1])}; gal turėta omenyje {quote(close[0])}?"
        if _misplaced(root, loc):
            return (f"laukas {quote(loc[-1])} čia nežinomas: jis priklauso aukštesniam lygiui – "
                    "patikrinkite eilutės įtrauką")
        below = _belongs_below(root, loc)
        if below:
            return (f"laukas {quote(loc[-1])} čia nežinomas: jis rašomas lauke {quote(below)} – "
                    "patikrinkite eilutės įtrauką")
        hint = f"; galimi laukai: {', '.join(known)}" if known else ""
        return f"nežinomas laukas {quote(loc[-1])}{hint}"
    if value is None and _expected(error):
        return f"laukas {quote(field)} tuščias; tikėtasi {_expected(error)}"
    if kind == "literal_error":
        return f"laukas {quote(field)}: tikėtasi {_expected(error)}; {_found(value)}"
    if kind in ("greater_than_equal", "greater_than"):
        limit = error["ctx"].get("ge", error["ctx"].get("gt"))
        if limit == 0:
            return f"laukas {quote(field)}: reikšmė negali būti neigiama; rasta {quote(value)}"
        return f"laukas {quote(field)}: reikšmė turi būti ne mažesnė kaip {limit}; rasta {quote(value)}"
    if kind in ("less_than_equal", "less_than"):
        limit = error["ctx"].get("le", error["ctx"].get("lt"))
        return f"laukas {quote(field)}: reikšmė turi būti ne didesnė kaip {limit}; rasta {quote(value)}"
    if kind in ("too_short", "string_too_short"):
        if isinstance(value, str):
            return f"laukas {quote(field)}: tuščias tekstas"
        return f"laukas {quote(field)}: sąrašas tuščias, reikia bent vieno įrašo"
    if kind == "string_pattern_mismatch":
        return f"laukas {quote(field)}: tik mažosios lotyniškos raidės, skaitmenys ir brūkšneliai; rasta {quote(value)}"
    if kind in ("decimal_max_places",):
        places = error.get("ctx", {}).get("decimal_places", 2)
        return f"laukas {quote(field)}: ne daugiau kaip {places} skaitmenys po kablelio; rasta {quote(value)}"
    if kind in ("decimal_max_digits", "decimal_whole_digits"):
        return f"laukas {quote(field)}: skaičius per didelis; rasta {quote(value)}"
    if kind == "finite_number":
        return f"laukas {quote(field)}: tikėtasi baigtinio skaičiaus; rasta {quote(value)}"
    if kind == "string_type" and isinstance(value, dict):
        return f"laukas {quote(field)}: tikėtasi teksto, bet jame yra „: “ – tokį tekstą rašykite kabutėse"
    if kind in _NUMBER_KINDS and isinstance(value, str) and re.fullmatch(r"[-+]?[\d\s.,]*\d[\d\s.,]*", value):
        return (f"laukas {quote(field)}: tikėtasi {_TYPE_NAMES[kind]} be tarpų, trupmeninę dalį skiriant tašku "
                f"(pvz., 4500000.50); rasta {quote(value)}")
    if kind in _TYPE_NAMES:
        return f"laukas {quote(field)}: tikėtasi {_TYPE_NAMES[kind]}; {_found(value)}"
    return f"laukas {quote(field)}: netinkama reikšmė; {_found(value)}"


_NUMBER_KINDS = {"int_parsing", "decimal_parsing", "float_parsing"}


def _literal_options(error: dict) -> list[str]:
    expected = error.get("ctx", {}).get("expected", "")
    return [part.strip().strip("'") for part in expected.replace(" or ", ", ").split(",") if part.strip()]


def _explained(errors: list[dict], root: type[BaseModel]) -> set[int]:
    """Return the indexes of "missing" errors another error explains: a misspelt or misplaced key.

    `vaidmu: narys` gives both "unknown vaidmu" and "missing vaidmuo"; only the first helps.
    """
    unknown: set[tuple] = set()
    for error in errors:
        if error["type"] != "extra_forbidden":
            continue
        loc = error["loc"]
        owner = _model_at(root, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), _keys(owner) if owner else [], n=1, cutoff=0.6)
        if close:
            unknown.add(loc[:-1] + (close[0],))
        for cut in range(len(loc) - 2, -1, -1):  # indented too far: it belongs higher up
            unknown.add(loc[:cut] + (loc[-1],))
        below = _belongs_below(root, loc)
        if below:  # indented too little: it belongs in the field above it
            unknown.add(_names(loc[:-1]) + (below, loc[-1]))
    return {i for i, e in enumerate(errors)
            if e["type"] == "missing" and (e["loc"] in unknown or _names(e["loc"]) in unknown)}


def _names(loc: tuple) -> tuple:
    return tuple(p for p in loc if not isinstance(p, int))


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


# ---------------------------------------------------------------- cross-file rules


def duplicates(values: list) -> list:
    """Return the values that occur more than once, in first-seen order."""
    counts = Counter(values)
    return [v for v in dict.fromkeys(values) if counts[v] > 1]


def close_hint(value: str, known: list[str]) -> str:
    """Return "; gal turėta omenyje „X“?" for the one closest known value, or nothing.

    A value that differs only in case is the closest; when several are equally close (P9 is
    as close to P1 as to P4) no guess is better than a wrong one.
    """
    text, names = str(value), list(dict.fromkeys(str(k) for k in known))
    same = [k for k in names if k.casefold() == text.casefold()]
    if len(same) == 1:
        return f"; gal turėta omenyje {quote(same[0])}?"
    scores = {k: difflib.SequenceMatcher(None, text, k).ratio() for k in names}
    best = max(scores.values(), default=0)
    closest = [k for k, score in scores.items() if score == best]
    return f"; gal turėta omenyje {quote(closest[0])}?" if best >= 0.5 and len(closest) == 1 else ""


def is_share_unit(unit: str) -> bool:
    """Return whether an indicator unit means a share in percent (0-100)."""
    return unit.strip().rstrip(".").lower() in ("proc", "%", "procentai")


def exceeds_share(value: Decimal | None) -> bool:
    return value is not None and (value > 100 or value < 0)


def warning(path: str, line: int, message: str) -> Problem:
    return Problem(path, line, message, WARNING)
