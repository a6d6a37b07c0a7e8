"""Behaviour of pipeline.text.amounts on single sentences."""

import csv
from decimal import Decimal
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.amounts import Amount, find_amounts, to_usd


def only(sentence: str, year: int | None = 2021) -> Amount:
    found = find_amounts(sentence, year)
    assert len(found) == 1, found
    return found[0]


# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("sentence", "text", "value", "currency"),
    [
        ("the sale of a $ 5.4 billion missile defense system", "$ 5.4 billion", 5.4e9, "USD"),
        ("a $5.4 billion deal", "$5.4 billion", 5.4e9, "USD"),
        ("signed a $ 600 million deal", "$ 600 million", 6e8, "USD"),
        ("worth US$ 2bn", "US$ 2bn", 2e9, "USD"),
        ("worth U.S. $2 billion", "U.S. $2 billion", 2e9, "USD"),
        ("a USD 3 million grant", "USD 3 million", 3e6, "USD"),
        ("a 5 million dollars loan", "5 million dollars", 5e6, "USD"),
        ("worth 3 million USD", "3 million USD", 3e6, "USD"),
        ("a billion dollars in aid", "a billion dollars", 1e9, "USD"),
        ("a $5.4-billion contract", "$5.4-billion", 5.4e9, "USD"),
        ("cost $1,000,000 in all", "$1,000,000", 1e6, "USD"),
        ("an extra $50k", "$50k", 5e4, "USD"),
        ("€1.2bn in aid", "€1.2bn", 1.2e9, "EUR"),
        ("200 million euros of credit", "200 million euros", 2e8, "EUR"),
        ("£300m for the fleet", "£300m", 3e8, "GBP"),
        ("10 million pounds sterling", "10 million pounds sterling", 1e7, "GBP"),
        ("Rs 5,000 crore", "Rs 5,000 crore", 5e10, "INR"),
        ("Rs. 500 crore", "Rs. 500 crore", 5e9, "INR"),
        ("INR 3,000 crore", "INR 3,000 crore", 3e10, "INR"),
        ("₹ 40,000 crore", "₹ 40,000 crore", 4e11, "INR"),
        ("Rs 5 lakh crore", "Rs 5 lakh crore", 5e12, "INR"),
        ("Rs 50 lakh", "Rs 50 lakh", 5e6, "INR"),
        ("50,00,000 rupees", "50,00,000 rupees", 5e6, "INR"),
        ("¥100 billion", "¥100 billion", 1e11, "JPY"),
        ("2.5 trillion yen", "2.5 trillion yen", 2.5e12, "JPY"),
        ("10 billion yuan", "10 billion yuan", 1e10, "CNY"),
        ("RMB 5bn", "RMB 5bn", 5e9, "CNY"),
        ("5 billion renminbi", "5 billion renminbi", 5e9, "CNY"),
        ("¥100 billion yuan", "¥100 billion yuan", 1e11, "CNY"),
        ("1.5 trillion roubles", "1.5 trillion roubles", 1.5e12, "RUB"),
        ("2 trillion rubles", "2 trillion rubles", 2e12, "RUB"),
        ("1.5 trillion Russian roubles", "1.5 trillion Russian roubles", 1.5e12, "RUB"),
        ("A$5m", "A$5m", 5e6, "AUD"),
        ("C$ 3 billion", "C$ 3 billion", 3e9, "CAD"),
        ("HK$10bn", "HK$10bn", 1e10, "HKD"),
        ("S$2 million", "S$2 million", 2e6, "SGD"),
        ("two billion Australian dollars", "two billion Australian dollars", 2e9, "AUD"),
        ("20 billion South Korean won", "20 billion South Korean won", 2e10, "KRW"),
        ("5 billion Brazilian reais", "5 billion Brazilian reais", 5e9, "BRL"),
        ("R5bn", "R5bn", 5e9, "ZAR"),
    ],
)
def test_amounts(sentence: str, text: str, value: float, currency: str) -> None:
    a = only(sentence)
    assert (a.text, a.value, a.currency) == (text, value, currency)
    assert sentence[a.start : a.end] == a.text


@pytest.mark.parametrize(
    "sentence",
    ["600,000 Russian AK-203 assault rifles", "It was signed in 2021.", "The S-400 deal", "2 million pounds of fuel",
     "Biden, who in 2020 won the election", "5 million Democrats won", "the real deal", "R 2", "valued in 2020 dollars",
     "a 5 lakh crore target", "10 crore people", "€ 1,2 Mrd"],
)  # fmt: skip
def test_not_amounts(sentence: str) -> None:
    assert find_amounts(sentence, 2021) == []


def test_range_takes_lower_bound() -> None:
    a = only("a $5-6 billion programme")
    assert (a.text, a.value) == ("$5-6 billion", 5e9)


def test_two_amounts_in_order() -> None:
    found = find_amounts("between $3 billion and €4 billion", 2021)
    assert [(a.text, a.currency) for a in found] == [("$3 billion", "USD"), ("€4 billion", "EUR")]


def test_rupees_in_pakistani_context() -> None:
    assert only("Pakistan will receive Rs 500 billion.").currency == "PKR"
    assert only("India and Pakistan each spent Rs 500 billion.").currency == "INR"


# --------------------------------------------------------------------------- conversion


def test_usd_passes_through() -> None:
    a = only("a $ 5.4 billion missile defense system", None)
    assert a.value_usd == 5.4e9 == a.value


def test_rupee_crore_converted_with_the_articles_year() -> None:
    a = only("a Rs 5,000 crore contract", 2021)
    assert a.value == pytest.approx(5e10)
    assert a.value_usd == pytest.approx(6.7e8, rel=0.05)
    assert a.value_usd == round(a.value_usd)  # whole dollars


def test_year_changes_the_rate() -> None:
    assert only("Rs 5,000 crore", 2010).value_usd > only("Rs 5,000 crore", 2021).value_usd


def test_year_outside_table_uses_nearest_year() -> None:
    assert only("€1 billion", 1990).value_usd == only("€1 billion", 2000).value_usd
    assert only("€1 billion", 2090).value_usd == only("€1 billion", 2025).value_usd
    assert only("€1 billion", None).value_usd == only("€1 billion", 2025).value_usd


def test_currency_without_rate_has_no_usd_value() -> None:
    a = only("a loan of 5 billion Philippine pesos")
    assert (a.currency, a.value_usd) == ("PHP", None)


def test_to_usd() -> None:
    assert to_usd(100, "USD", 2021) == 100
    assert to_usd(1_000_000, "SAR", 2015) == 266_667  # pegged at 3.75
    assert to_usd(1, "XXX", 2021) is None
    assert to_usd(float("nan"), "EUR", 2021) is None


def test_rate_table_is_complete() -> None:
    required = "EUR GBP JPY CNY INR RUB KRW BRL MXN CAD AUD CHF TRY SAR AED ZAR IDR PKR ILS EGP NGN HKD SGD SEK NOK"
    rates_file = resources.files("pipeline") / "data" / "usd_exchange_rates.csv"
    with rates_file.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["currency", "year", "units_per_usd"]
    seen = {(r["currency"], int(r["year"])) for r in rows}
    assert len(seen) == len(rows)  # no duplicates
    for code in required.split():
        assert all((code, y) in seen for y in range(2000, 2026)), code
    assert all(Decimal(r["units_per_usd"]) > 0 for r in rows)


# --------------------------------------------------------------------------- properties

_VOCAB = st.sampled_from(
    ["$", "US$", "Rs", "Rs.", "€", "£", "¥", "₹", "5", "5.4", "1,000", "5,00,000", "billion", "bn", "m", "crore",
     "lakh", "dollars", "yuan", "won", "pounds", "of", "a", "-", "to", "2021", "S-400", "AK-203", "R", " ", ","]
)  # fmt: skip


def _check_well_formed(sentence: str, found: list[Amount]) -> None:
    assert found == sorted(found, key=lambda a: a.start)
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start
    for a in found:
        assert sentence[a.start : a.end] == a.text
        assert a.value >= 0
        assert len(a.currency) == 3 and a.currency.isupper()
        if a.currency == "USD":
            assert a.value_usd == a.value


@settings(max_examples=300)
@given(st.text(max_size=200), st.one_of(st.none(), st.integers(min_value=1800, max_value=2200)))
def test_random_text_never_raises(sentence: str, year: int | None) -> None:
    _check_well_formed(sentence, find_amounts(sentence, year))


@settings(max_examples=300)
@given(st.lists(_VOCAB, max_size=25).map(" ".join))
def test_money_like_word_salad_is_well_formed(sentence: str) -> None:
    _check_well_formed(sentence, find_amounts(sentence, 2021))


@given(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999.99"), places=2),
    st.sampled_from([("billion", 10**9), ("bn", 10**9), ("million", 10**6), ("m", 10**6), ("trillion", 10**12)]),
    st.sampled_from(["", " "]),
)
def test_dollar_amounts_round_trip(number: Decimal, scale: tuple[str, int], gap: str) -> None:
    word, factor = scale
    a = only(f"The deal is worth ${gap}{number} {word} in total.")
    assert a.value == float(number * factor)
    assert (a.currency, a.value_usd) == ("USD", a.value)
