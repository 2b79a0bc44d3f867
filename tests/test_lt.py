import datetime as dt
import re

import pytest

from pipeline.core import lt

FEMININE = [
    "viena darbo grupė", "dvi darbo grupės", "trys darbo grupės", "keturios darbo grupės",
    "penkios darbo grupės", "šešios darbo grupės", "septynios darbo grupės", "aštuonios darbo grupės",
    "devynios darbo grupės", "dešimt darbo grupių", "vienuolika darbo grupių", "dvylika darbo grupių",
    "trylika darbo grupių", "keturiolika darbo grupių", "penkiolika darbo grupių", "šešiolika darbo grupių",
    "septyniolika darbo grupių", "aštuoniolika darbo grupių", "devyniolika darbo grupių",
    "dvidešimt darbo grupių", "dvidešimt viena darbo grupė", "dvidešimt dvi darbo grupės",
    "dvidešimt trys darbo grupės", "dvidešimt keturios darbo grupės", "dvidešimt penkios darbo grupės",
    "dvidešimt šešios darbo grupės", "dvidešimt septynios darbo grupės", "dvidešimt aštuonios darbo grupės",
    "dvidešimt devynios darbo grupės", "trisdešimt darbo grupių",
]

MASCULINE = [
    "vienas narys", "du nariai", "trys nariai", "keturi nariai", "penki nariai", "šeši nariai",
    "septyni nariai", "aštuoni nariai", "devyni nariai", "dešimt narių", "vienuolika narių", "dvylika narių",
    "trylika narių", "keturiolika narių", "penkiolika narių", "šešiolika narių", "septyniolika narių",
    "aštuoniolika narių", "devyniolika narių", "dvidešimt narių", "dvidešimt vienas narys", "dvidešimt du nariai",
    "dvidešimt trys nariai", "dvidešimt keturi nariai", "dvidešimt penki nariai", "dvidešimt šeši nariai",
    "dvidešimt septyni nariai", "dvidešimt aštuoni nariai", "dvidešimt devyni nariai", "trisdešimt narių",
]

FEMININE_GENITIVE = [
    "vienos darbo grupės", "dviejų darbo grupių", "trijų darbo grupių", "keturių darbo grupių",
    "penkių darbo grupių", "šešių darbo grupių", "septynių darbo grupių", "aštuonių darbo grupių",
    "devynių darbo grupių", "dešimties darbo grupių", "vienuolikos darbo grupių", "dvylikos darbo grupių",
    "trylikos darbo grupių", "keturiolikos darbo grupių", "penkiolikos darbo grupių", "šešiolikos darbo grupių",
    "septyniolikos darbo grupių", "aštuoniolikos darbo grupių", "devyniolikos darbo grupių",
    "dvidešimties darbo grupių", "dvidešimties vienos darbo grupės", "dvidešimties dviejų darbo grupių",
    "dvidešimties trijų darbo grupių", "dvidešimties keturių darbo grupių", "dvidešimties penkių darbo grupių",
    "dvidešimties šešių darbo grupių", "dvidešimties septynių darbo grupių", "dvidešimties aštuonių darbo grupių",
    "dvidešimties devynių darbo grupių", "trisdešimties darbo grupių",
]


@pytest.mark.parametrize("n", range(1, 31))
def test_feminine_numerals_agree_with_noun(n):
    assert lt.count(n, "darbo grupė") == FEMININE[n - 1]


@pytest.mark.parametrize("n", range(1, 31))
def test_masculine_numerals_agree_with_noun(n):
    assert lt.count(n, "narys") == MASCULINE[n - 1]


@pytest.mark.parametrize("n", range(1, 31))
def test_genitive_numerals(n):
    assert lt.count(n, "darbo grupė", "kilmininkas") == FEMININE_GENITIVE[n - 1]


@pytest.mark.parametrize("n, case, expected", [
    (5, "galininkas", "penkias darbo grupes"),
    (6, "galininkas", "šešias darbo grupes"),
    (1, "galininkas", "vieną darbo grupę"),
    (6, "naudininkas", "šešioms darbo grupėms"),
    (12, "naudininkas", "dvylikai darbo grupių"),
    (21, "naudininkas", "dvidešimčiai vienai darbo grupei"),
    (8, "galininkas", "aštuonias darbo grupes"),
])
def test_oblique_cases(n, case, expected):
    assert lt.count(n, "darbo grupė", case) == expected


@pytest.mark.parametrize("n, noun, case, expected", [
    (100, "priemonė", "vardininkas", "šimtas priemonių"),
    (101, "priemonė", "vardininkas", "šimtas viena priemonė"),
    (156, "priemonė", "vardininkas", "šimtas penkiasdešimt šešios priemonės"),
    (200, "rodiklis", "vardininkas", "du šimtai rodiklių"),
    (312, "rodiklis", "kilmininkas", "trijų šimtų dvylikos rodiklių"),
    (1000, "narys", "vardininkas", "tūkstantis narių"),
    (2021, "darbo grupė", "vardininkas", "du tūkstančiai dvidešimt viena darbo grupė"),
    (15000, "narys", "galininkas", "penkiolika tūkstančių narių"),
    (544, "rodiklis", "galininkas", "penkis šimtus keturiasdešimt keturis rodiklius"),
])
def test_large_numerals(n, noun, case, expected):
    assert lt.count(n, noun, case) == expected


def test_numeral_out_of_range_is_refused():
    with pytest.raises(ValueError):
        lt.numeral(0)
    with pytest.raises(ValueError):
        lt.numeral(1_000_000)


@pytest.mark.parametrize("month, name", list(enumerate(lt.MONTHS_GENITIVE, start=1)))
def test_long_date_uses_genitive_month(month, name):
    assert lt.long_date(dt.date(2020, month, 2)) == f"2020 m. {name} 2 d."


def test_dates_and_numbers():
    assert lt.long_date(dt.date(2020, 6, 2)) == "2020 m. birželio 2 d."
    assert lt.long_date(None) == "20__ m. ____________ d."
    assert lt.period(2021, 2027) == "2021–2027"
    assert lt.number(1234567) == "1\u00a0234\u00a0567"
    assert lt.number(2.5) == "2,5"
    assert lt.money(1234567.5) == "1\u00a0234\u00a0567,50\u00a0Eur"
    assert lt.money(0) == "0,00\u00a0Eur"
    assert lt.percent(5) == "5\u00a0%"


def test_spaced_verbs_and_roman_numerals():
    assert lt.spaced("Sudarau") == "S u d a r a u"
    assert lt.spaced("nusprendžia") == "n u s p r e n d ž i a"
    assert [lt.roman(n) for n in (1, 4, 6, 9, 14)] == ["I", "IV", "VI", "IX", "XIV"]


@pytest.mark.parametrize("amounts", [[1, 1, 1], [47, 41.4, 11.6], [999, 1, 0], [5, 5, 5, 5, 5, 5, 5], [1, 2, 3, 4, 5, 6]])
def test_each_share_is_its_own_correct_rounding_to_one_decimal(amounts):
    from decimal import ROUND_HALF_UP, Decimal

    texts = lt.shares([Decimal(str(a)) for a in amounts])
    assert all(re.fullmatch(r"\d{1,3},\d\u00a0%", t) for t in texts), texts
    total = sum(Decimal(str(x)) for x in amounts)
    exact = [(Decimal(str(a)) * 100 / total).quantize(Decimal("0.1"), ROUND_HALF_UP) for a in amounts]
    assert texts == [f"{e}\u00a0%".replace(".", ",") for e in exact]


def test_one_of_eighteen_is_5_6_even_when_the_parts_then_add_up_to_more_than_100():
    from decimal import Decimal

    texts = lt.shares([Decimal(1)] * 18)
    assert texts == ["5,6\u00a0%"] * 18  # 18 × 5,6 = 100,8: the total row says 100,0 and a note says why
    assert lt.shares([Decimal(1), Decimal(1), Decimal(1)]) == ["33,3\u00a0%"] * 3
    assert lt.shares([Decimal(1), Decimal(17)]) == ["5,6\u00a0%", "94,4\u00a0%"]


def test_shares_of_nothing_are_zero():
    assert lt.shares([0, 0]) == ["0,0\u00a0%", "0,0\u00a0%"]


def test_a_value_is_shown_with_its_year_and_a_span_of_years_as_one_year_when_it_is_one():
    from decimal import Decimal

    assert lt.value_with_year(Decimal("12.5"), 2020) == "12,5 (2020 m.)"
    assert lt.value_with_year(Decimal("4870")) == "4\u00a0870"
    assert lt.value_with_year(None, 2020) == "–"
    assert lt.years(2023, 2025) == "2023–2025" and lt.years(2024, 2024) == "2024"


def test_a_share_exactly_half_a_tenth_over_is_rounded_up_each_on_its_own():
    from decimal import Decimal

    # 1/16 is 6,25 % and 15/16 is 93,75 %: each is rounded half up on its own, so the parts add up to 100,1.
    assert lt.shares([Decimal(1), Decimal(7)]) == ["12,5\u00a0%", "87,5\u00a0%"]
    assert lt.shares([Decimal(1), Decimal(15)]) == ["6,3\u00a0%", "93,8\u00a0%"]
    assert lt.shares([Decimal(15), Decimal(1)]) == ["93,8\u00a0%", "6,3\u00a0%"]
    assert lt.shares([Decimal(1)] * 3) == ["33,3\u00a0%"] * 3
