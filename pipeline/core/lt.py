"""Lithuanian language helpers: dates, numbers, money and numerals that agree with their noun.

Dates, numbers and plural categories come from Babel (CLDR). CLDR has no Lithuanian
number words in a form Babel exposes, so the cardinal numerals and the few nouns the
documents count are tabulated here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = Locale("lt")

CASES = ("vardininkas", "kilmininkas", "naudininkas", "galininkas")

# Cardinal numerals 1-9 by gender and case (nominative, genitive, dative, accusative).
_UNITS = {
    "m": [
        ("vienas", "vieno", "vienam", "vieną"),
        ("du", "dviejų", "dviem", "du"),
        ("trys", "trijų", "trims", "tris"),
        ("keturi", "keturių", "keturiems", "keturis"),
        ("penki", "penkių", "penkiems", "penkis"),
        ("šeši", "šešių", "šešiems", "šešis"),
        ("septyni", "septynių", "septyniems", "septynis"),
        ("aštuoni", "aštuonių", "aštuoniems", "aštuonis"),
        ("devyni", "devynių", "devyniems", "devynis"),
    ],
    "f": [
        ("viena", "vienos", "vienai", "vieną"),
        ("dvi", "dviejų", "dviem", "dvi"),
        ("trys", "trijų", "trims", "tris"),
        ("keturios", "keturių", "keturioms", "keturias"),
        ("penkios", "penkių", "penkioms", "penkias"),
        ("šešios", "šešių", "šešioms", "šešias"),
        ("septynios", "septynių", "septynioms", "septynias"),
        ("aštuonios", "aštuonių", "aštuonioms", "aštuonias"),
        ("devynios", "devynių", "devynioms", "devynias"),
    ],
}

# 10-19: the same for both genders.
_TEENS = [
    ("dešimt", "dešimties", "dešimčiai", "dešimt"),
    ("vienuolika", "vienuolikos", "vienuolikai", "vienuolika"),
    ("dvylika", "dvylikos", "dvylikai", "dvylika"),
    ("trylika", "trylikos", "trylikai", "trylika"),
    ("keturiolika", "keturiolikos", "keturiolikai", "keturiolika"),
    ("penkiolika", "penkiolikos", "penkiolikai", "penkiolika"),
    ("šešiolika", "šešiolikos", "šešiolikai", "šešiolika"),
    ("septyniolika", "septyniolikos", "septyniolikai", "septyniolika"),
    ("aštuoniolika", "aštuoniolikos", "aštuoniolikai", "aštuoniolika"),
    ("devyniolika", "devyniolikos", "devyniolikai", "devyniolika"),
]

# 20, 30, ... 90.
_TENS = [
    (stem + "dešimt", stem + "dešimties", stem + "dešimčiai", stem + "dešimt")
    for stem in ("dvi", "tris", "keturias", "penkias", "šešias", "septynias", "aštuonias", "devynias")
]

# Nouns the documents count: gender, then singular and plural forms by case.
NOUNS = {
    "darbo grupė": ("f", ("darbo grupė", "darbo grupės", "darbo grupei", "darbo grupę"),
                    ("darbo grupės", "darbo grupių", "darbo grupėms", "darbo grupes")),
    "grupė": ("f", ("grupė", "grupės", "grupei", "grupę"),
              ("grupės", "grupių", "grupėms", "grupes")),
    "narys": ("m", ("narys", "nario", "nariui", "narį"),
              ("nariai", "narių", "nariams", "narius")),
    "prioritetas": ("m", ("prioritetas", "prioriteto", "prioritetui", "prioritetą"),
                    ("prioritetai", "prioritetų", "prioritetams", "prioritetus")),
    "tikslas": ("m", ("tikslas", "tikslo", "tikslui", "tikslą"),
                ("tikslai", "tikslų", "tikslams", "tikslus")),
    "uždavinys": ("m", ("uždavinys", "uždavinio", "uždaviniui", "uždavinį"),
                  ("uždaviniai", "uždavinių", "uždaviniams", "uždavinius")),
    "priemonė": ("f", ("priemonė", "priemonės", "priemonei", "priemonę"),
                 ("priemonės", "priemonių", "priemonėms", "priemones")),
    "rodiklis": ("m", ("rodiklis", "rodiklio", "rodikliui", "rodiklį"),
                 ("rodikliai", "rodiklių", "rodikliams", "rodiklius")),
    "priedas": ("m", ("priedas", "priedo", "priedui", "priedą"),
                ("priedai", "priedų", "priedams", "priedus")),
    "failas": ("m", ("failas", "failo", "failui", "failą"),
               ("failai", "failų", "failams", "failus")),
}

MONTHS_GENITIVE = (
    "sausio", "vasario", "kovo", "balandžio", "gegužės", "birželio",
    "liepos", "rugpjūčio", "rugsėjo", "spalio", "lapkričio", "gruodžio",
)


def _case_index(case: str) -> int:
    try:
        return CASES.index(case)
    except ValueError:
        raise ValueError(f"unknown case {case!r}; expected one of {CASES}") from None


_HUNDRED = (("šimtas", "šimto", "šimtui", "šimtą"), ("šimtai", "šimtų", "šimtams", "šimtus"))
_THOUSAND = (("tūkstantis", "tūkstančio", "tūkstančiui", "tūkstantį"),
             ("tūkstančiai", "tūkstančių", "tūkstančiams", "tūkstančius"))


def _below_hundred(n: int, gender: str, i: int) -> str:
    if n < 10:
        return _UNITS[gender][n - 1][i]
    if n < 20:
        return _TEENS[n - 10][i]
    tens, unit = divmod(n, 10)
    word = _TENS[tens - 2][i]
    return word if unit == 0 else f"{word} {_UNITS[gender][unit - 1][i]}"


def _counted(n: int, forms: tuple, i: int) -> str:
    """Return "šimtas", "du šimtai", "dešimt tūkstančių": a count of hundreds or thousands."""
    singular, plural = forms
    category = LOCALE.plural_form(n)
    noun = singular[i] if category == "one" else plural[i] if category == "few" else plural[1]
    if n == 1:
        return noun
    return f"{_below_thousand(n, 'm', i)} {noun}"


def _below_thousand(n: int, gender: str, i: int) -> str:
    hundreds, rest = divmod(n, 100)
    words = [_counted(hundreds, _HUNDRED, i)] if hundreds else []
    if rest:
        words.append(_below_hundred(rest, gender, i))
    return " ".join(words)


def numeral(n: int, gender: str = "m", case: str = "vardininkas") -> str:
    """Return the cardinal numeral for 1 <= n <= 999 999 in words, in the given gender and case."""
    if not 1 <= n <= 999_999:
        raise ValueError(f"numeral out of range: {n}")
    i = _case_index(case)
    thousands, rest = divmod(n, 1000)
    words = [_counted(thousands, _THOUSAND, i)] if thousands else []
    if rest:
        words.append(_below_thousand(rest, gender, i))
    return " ".join(words)


def noun_form(n: int, noun: str, case: str = "vardininkas") -> str:
    """Return the form of a counted noun that agrees with the number n."""
    _, singular, plural = NOUNS[noun]
    i = _case_index(case)
    category = LOCALE.plural_form(n)
    if category == "one":
        return singular[i]
    if category == "few":
        # The genitive after 2-9 is the genitive plural, like every other case's plural.
        return plural[i]
    return plural[1]  # 0, 10-20, round tens: genitive plural in every case


def count(n: int, noun: str, case: str = "vardininkas") -> str:
    """Return "penkios darbo grupės": the number in words followed by the agreeing noun."""
    gender = NOUNS[noun][0]
    return f"{numeral(n, gender, case)} {noun_form(n, noun, case)}"


def ascii_name(text: str, limit: int = 80, fallback: str = "failas") -> str:
    """Return a name any file system, web server and e-mail program accepts: "VšĮ „Kaunas IN“" → "vsi-kaunas-in".

    Letters lose their diacritics, everything else becomes "-", and a long name is cut at a word's end.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    name = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(name) > limit:
        name = name[:limit + 1].rsplit("-", 1)[0][:limit]
    return name or fallback


def agreeing(n: int, forms: tuple[str, str, str]) -> str:
    """Return the form of a word that agrees with n: forms for 1 (21, …), for 2–9 (22, …), and for 0 or 10–20."""
    category = LOCALE.plural_form(n)
    return forms[0] if category == "one" else forms[1] if category == "few" else forms[2]


def listing(items: list[str]) -> str:
    """Return items as a Lithuanian list: "2021", "2021 ir 2022", "2021, 2022 ir 2023"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " ir " + items[-1]


def long_date(value: dt.date | None) -> str:
    """Return "2020 m. birželio 2 d.", or a draft's blank when the date is not set yet."""
    if value is None:
        return "20__ m. ____________ d."
    return format_date(value, format="long", locale=LOCALE)


def period(start: int, end: int) -> str:
    """Return "2021–2030" with an en dash and no spaces."""
    return f"{start}\u2013{end}"


def years(start: int, end: int) -> str:
    """Return the years something lasts: "2023–2025", or "2023" for one year."""
    return period(start, end) if end != start else str(start)


def value_with_year(value: int | float | Decimal | None, year: int | None = None) -> str:
    """Return a value with the year it is for, as tables show it: "12,5 (2020 m.)"; "–" for no value."""
    if value is None:
        return "–"
    return number(value) + (f" ({year} m.)" if year else "")


def number(value: int | float | Decimal, decimals: int | None = None) -> str:
    """Return a number with a decimal comma and non-breaking thousands spaces."""
    key = (type(value), str(value), decimals)  # the type and text, not the value: 1 == 1.0 == Decimal("1.00")
    shown = _NUMBERS.get(key)
    if shown is None:
        if decimals is None:
            pattern = "#,##0.###"
        else:
            pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        shown = _NUMBERS[key] = format_decimal(value, format=pattern, locale=LOCALE)
    return shown


# Numbers already formatted: Babel takes a good part of a document's time, and a plan's sums recur in
# its tables, its summary and the other documents.
_NUMBERS: dict[tuple, str] = {}


def load_locale() -> None:
    """Read the Lithuanian locale's data now (Babel reads it when first used): a forked process inherits it."""
    LOCALE.number_symbols  # noqa: B018 -- any of its properties reads the whole locale


def money(value: int | float | Decimal) -> str:
    """Return "1 234 567,00 Eur"."""
    return number(value, 2) + "\u00a0Eur"


def percent(value: int | float | Decimal, decimals: int | None = None) -> str:
    """Return "5 %" for the share 5 (given in percent, not as a fraction); "5,0 %" with one decimal."""
    return number(value, decimals) + "\u00a0%"


def shares(amounts: list[Decimal]) -> list[str]:
    """Return each amount's share of their sum, in per cent to one decimal, each rounded on its own.

    1 of 18 is 5,6 %, whatever its neighbours: the parts may add up to 99,9 or 100,1, so a table's
    total row says 100,0 % (see SHARES_NOTE) rather than any part being bent to make the sum.
    """
    total = sum(amounts, Decimal(0))
    if not total:
        return [percent(0, 1) for _ in amounts]
    return [percent((Decimal(a) * 100 / total).quantize(TENTH, rounding=ROUND_HALF_UP), 1) for a in amounts]


TENTH = Decimal("0.1")
# Said under a table whose shares are rounded each on its own.
SHARES_NOTE = "Dalys suapvalintos kiekviena atskirai, todėl jų suma gali šiek tiek skirtis nuo 100,0 %."


def spaced(word: str) -> str:
    """Return an operative verb letter-spaced with real spaces: "S u d a r a u"."""
    return " ".join(word)


def roman(n: int) -> str:
    """Return n in Roman numerals, for chapter numbers ("I SKYRIUS")."""
    values = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
              (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = []
    for value, letters in values:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


# Lithuanian typography: where a line must not break. A number stays with its unit and a date's
# "m." and "d."; "Nr." with the number. Only non-breaking spaces are used, as registered acts do:
# a registration number ("T2-57") and a period ("2021–2030") stay plain text, so that searching and
# copying them into the register of legal acts works (a hyphenated number may wrap at its hyphen).
_UNIT_WORDS = r"(?:m\.|d\.|Eur|proc\.|%|val\.|mln\.|mlrd\.|tūkst\.|vnt\.|km|ha|kv\.)"
_TYPOGRAPHY = (
    (re.compile(r"(?<=[\d_]) (?=" + _UNIT_WORDS + r"(?![\w]))"), "\u00a0"),
    (re.compile(r"(?<=\d) (?=\d{3}(?!\d))"), "\u00a0"),  # thousands typed with a plain space: "10 240"
    (re.compile(r"\bNr\. "), "Nr.\u00a0"),
)
# Characters that never belong in an act's text: invisible joiners and non-breaking hyphens that make
# a number unsearchable (a content file or an older template may carry them).
INVISIBLE = dict.fromkeys(map(ord, "\u2011\u2060\u200b\u200c\u200d\ufeff\u00ad"), None) | {0x2011: "-"}


_HAS_INVISIBLE = re.compile("[" + "".join(map(chr, INVISIBLE)) + "]")


def typeset(text: str) -> str:
    """Return text with the non-breaking spaces Lithuanian typography asks for, and nothing invisible."""
    if _HAS_INVISIBLE.search(text):
        text = text.translate(INVISIBLE)
    if " " not in text:  # every rule places a non-breaking space where a space was: most runs have none
        return text
    for pattern, replacement in _TYPOGRAPHY:
        text = pattern.sub(replacement, text)
    return text
