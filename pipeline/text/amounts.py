"""Find money amounts in one English news sentence and convert them to US dollars.

Recognised forms: a currency symbol or code before the number ("$5.4 billion",
"$ 600 million", "US$ 2bn", "USD 3 million", "€1.2bn", "£300m", "Rs. 500 crore",
"₹ 40,000 crore", "Rs 5 lakh crore", "¥100 billion", "A$", "C$", "HK$", "S$", ...)
or a currency word or code after it ("5 million dollars", "200 million euros",
"1.5 trillion roubles", "10 billion yuan", "two billion Australian dollars",
"3 million USD").  Scale words: trillion/tn, billion/bn/b, million/mn/mln/m,
thousand/k, crore/cr, lakh/lac, and compounds such as "lakh crore" (10^12).
A number with no currency marker ("600,000 rifles", "2021") is not an amount.
Ranges such as "$5-6 billion" take the lower bound.  Bare "crore"/"lakh" with no
rupee marker are not taken (they also count people and doses).

Conversion rule: ``value_usd = value / units_per_usd[currency, year]``, rounded to
whole dollars, using the annual average rates in ``pipeline/data/usd_exchange_rates.csv``
(provenance in ``usd_exchange_rates.md`` beside it).  ``year`` is the article's year;
when it is missing the latest year in the table is used, and when it is outside the
table the nearest year is used.  USD passes through unchanged; a currency with no
rate gives ``value_usd = None``.  Arithmetic is done in ``Decimal``, so "5.4 billion"
is exactly 5_400_000_000.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import cache
from importlib import resources

__all__ = ["Amount", "find_amounts", "to_usd"]


@dataclass(frozen=True)
class Amount:
    start: int
    end: int
    text: str
    value: float  # in original currency units
    currency: str  # ISO 4217 code
    value_usd: float | None  # converted; None if no rate known


# --------------------------------------------------------------------------- rates


@cache
def _rates() -> dict[str, list[tuple[int, Decimal]]]:
    table: dict[str, list[tuple[int, Decimal]]] = {}
    rates_file = resources.files("pipeline") / "data" / "usd_exchange_rates.csv"
    with rates_file.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            table.setdefault(row["currency"].strip().upper(), []).append(
                (int(row["year"]), Decimal(row["units_per_usd"].strip()))
            )
    for rows in table.values():
        rows.sort()
    return table


def _units_per_usd(currency: str, year: int | None) -> Decimal | None:
    rows = _rates().get(currency)
    if not rows:
        return None
    if year is None:
        return rows[-1][1]  # no year known: the most recent rate
    return min(rows, key=lambda r: (abs(r[0] - year), r[0]))[1]


def _to_usd(value: Decimal, currency: str, year: int | None) -> float | None:
    if currency == "USD":
        return float(value)
    rate = _units_per_usd(currency, year)
    if rate is None or rate == 0:
        return None
    return float((value / rate).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def to_usd(value: float, currency: str, year: int | None = None) -> float | None:
    """Convert ``value`` units of ``currency`` (ISO 4217) to whole US dollars by the rule above."""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    if not amount.is_finite():
        return None
    return _to_usd(amount, currency.upper(), year)


# --------------------------------------------------------------------------- vocabulary

# (pattern, ISO code, needs a scale word).  Order matters: longer, more specific
# markers come first so that "US$" is not read as "$" and "Rs" not as "R".
# Short letter markers ("R", "RM", "LE", "Dh") need a scale word so that "R 2" or
# "LE 5" stay plain text.
_PREFIXES: list[tuple[str, str, bool]] = [
    (r"U\.?S\.?\s?\$", "USD", False),
    (r"AU?\$", "AUD", False),
    (r"C(?:A|an)?\$", "CAD", False),
    (r"HK\$", "HKD", False),
    (r"SG?\$", "SGD", False),
    (r"NZ\$", "NZD", False),
    (r"NT\$", "TWD", False),
    (r"R\$", "BRL", False),
    (r"Mex\$", "MXN", False),
    (r"\$", "USD", False),
    (r"CN¥|RMB", "CNY", False),
    (r"€", "EUR", False),
    (r"E£", "EGP", False),
    (r"£", "GBP", False),
    (r"¥", "JPY", False),
    (r"₹|Rs\.?", "INR", False),
    (r"₽", "RUB", False),
    (r"₩", "KRW", False),
    (r"₺", "TRY", False),
    (r"₪|NIS", "ILS", False),
    (r"₦", "NGN", False),
    (r"₴", "UAH", False),
    (r"₱", "PHP", False),
    (r"฿", "THB", False),
    (r"zł", "PLN", False),
    (r"SFr\.?", "CHF", False),
    (r"Rp\.?", "IDR", False),
    (r"Tk\.?", "BDT", True),
    (r"Dhs?\.?", "AED", True),
    (r"RM", "MYR", True),
    (r"LE", "EGP", True),
    (r"R", "ZAR", True),
]
# ISO codes accepted before or after a number.
_ISO_CODES = [
    "USD", "EUR", "GBP", "JPY", "CNY", "INR", "RUB", "KRW", "BRL", "MXN", "CAD", "AUD", "CHF", "TRY",
    "SAR", "AED", "ZAR", "IDR", "PKR", "ILS", "EGP", "NGN", "HKD", "SGD", "SEK", "NOK", "DKK", "NZD",
    "TWD", "THB", "MYR", "PLN", "UAH", "BDT", "PHP", "LKR", "NPR", "QAR", "KWD", "OMR", "BHD", "JOD",
    "IRR",
]  # fmt: skip

_WORD_DEFAULT = {
    "dollar": "USD", "euro": "EUR", "pound": "GBP", "sterling": "GBP", "yen": "JPY",
    "yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "rouble": "RUB", "ruble": "RUB",
    "won": "KRW", "real": "BRL", "reais": "BRL", "peso": "MXN", "lira": "TRY", "riyal": "SAR",
    "rial": "SAR", "dirham": "AED", "rand": "ZAR", "rupiah": "IDR", "shekel": "ILS",
    "naira": "NGN", "franc": "CHF", "krona": "SEK", "kronor": "SEK", "krone": "NOK",
    "kroner": "NOK", "zloty": "PLN", "baht": "THB", "ringgit": "MYR", "taka": "BDT",
    "hryvnia": "UAH", "dinar": "",
}  # fmt: skip
# Country adjective + currency word -> code, where the adjective changes the answer.
_ADJ_CODE = {
    "dollar": {
        "us": "USD", "u.s.": "USD", "american": "USD", "australian": "AUD", "canadian": "CAD",
        "hong kong": "HKD", "singapore": "SGD", "singaporean": "SGD", "new zealand": "NZD",
        "taiwan": "TWD", "taiwanese": "TWD", "new taiwan": "TWD", "jamaican": "JMD",
        "zimbabwean": "ZWL", "namibian": "NAD", "fijian": "FJD", "brunei": "BND",
    },
    "rupee": {
        "indian": "INR", "pakistani": "PKR", "sri lankan": "LKR", "nepalese": "NPR",
        "nepali": "NPR", "mauritian": "MUR",
    },
    "peso": {
        "mexican": "MXN", "philippine": "PHP", "argentine": "ARS", "argentinian": "ARS",
        "chilean": "CLP", "colombian": "COP", "cuban": "CUP", "uruguayan": "UYU", "dominican": "DOP",
    },
    "riyal": {"saudi": "SAR", "qatari": "QAR", "omani": "OMR", "iranian": "IRR", "yemeni": "YER"},
    "dirham": {"uae": "AED", "emirati": "AED", "moroccan": "MAD"},
    "franc": {"swiss": "CHF", "cfa": "XOF", "congolese": "CDF", "rwandan": "RWF", "guinean": "GNF"},
    "pound": {
        "british": "GBP", "egyptian": "EGP", "lebanese": "LBP", "sudanese": "SDG",
        "syrian": "SYP", "south sudanese": "SSP",
    },
    "krona": {"swedish": "SEK", "icelandic": "ISK"},
    "krone": {"norwegian": "NOK", "danish": "DKK"},
    "won": {"south korean": "KRW", "korean": "KRW", "north korean": "KPW"},
    "lira": {"turkish": "TRY", "lebanese": "LBP", "syrian": "SYP"},
    "dinar": {
        "kuwaiti": "KWD", "bahraini": "BHD", "jordanian": "JOD", "iraqi": "IQD", "libyan": "LYD",
        "tunisian": "TND", "algerian": "DZD", "serbian": "RSD",
    },
}  # fmt: skip
_ADJ_CODE["rial"] = _ADJ_CODE["riyal"]
_ADJ_CODE["kronor"] = _ADJ_CODE["krona"]
_ADJ_CODE["kroner"] = _ADJ_CODE["krone"]
_ADJECTIVES = sorted({a for table in _ADJ_CODE.values() for a in table}, key=len, reverse=True)

# Currency words in running text, mapped to the key used above.
_CURRENCY_WORDS = {
    "dollars": "dollar", "dollar": "dollar", "euros": "euro", "euro": "euro",
    "pounds sterling": "sterling", "pound sterling": "sterling", "pounds": "pound", "pound": "pound",
    "sterling": "sterling", "yen": "yen", "yuan": "yuan", "renminbi": "renminbi",
    "rupees": "rupee", "rupee": "rupee", "roubles": "rouble", "rouble": "rouble",
    "rubles": "ruble", "ruble": "ruble", "won": "won", "reais": "reais", "real": "real",
    "pesos": "peso", "peso": "peso", "liras": "lira", "lira": "lira", "lire": "lira",
    "riyals": "riyal", "riyal": "riyal", "rials": "rial", "rial": "rial", "dirhams": "dirham",
    "dirham": "dirham", "rand": "rand", "rupiah": "rupiah", "shekels": "shekel", "shekel": "shekel",
    "naira": "naira", "francs": "franc", "franc": "franc", "kronor": "kronor", "krona": "krona",
    "kroner": "kroner", "krone": "krone", "zlotys": "zloty", "zloty": "zloty", "baht": "baht",
    "ringgit": "ringgit", "taka": "taka", "hryvnias": "hryvnia", "hryvnia": "hryvnia",
    "dinars": "dinar", "dinar": "dinar",
}  # fmt: skip
# Words that are ordinary English too: only a currency with a scale word or a qualifying
# adjective ("5 billion won", "Brazilian real"), never "in 2020 won".
_AMBIGUOUS_WORDS = {"won", "real", "pound", "rand"}
_SUFFIX_SYMBOLS = {"€": "EUR", "₽": "RUB", "zł": "PLN"}

_SCALES = {
    "trillion": 10**12, "tn": 10**12, "trn": 10**12,
    "billion": 10**9, "bn": 10**9, "bln": 10**9, "b": 10**9,
    "million": 10**6, "mln": 10**6, "mn": 10**6, "mil": 10**6, "m": 10**6,
    "thousand": 10**3, "k": 10**3,
    "crore": 10**7, "crores": 10**7, "cr": 10**7,
    "lakh": 10**5, "lakhs": 10**5, "lac": 10**5, "lacs": 10**5,
}  # fmt: skip
_FULL_SCALES = {"trillion", "billion", "million", "thousand", "crore", "crores", "lakh", "lakhs", "lac", "lacs"}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}  # fmt: skip

# --------------------------------------------------------------------------- regexes


def _alt(words: list[str] | set[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_NUM = r"\d{1,3}(?:,\d{2,3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"  # 5,000 / 5,00,000 (Indian) / 5.4
_SCALE = rf"(?i:{_alt(set(_SCALES))})(?![A-Za-z0-9])"
_SCALE2 = r"(?i:trillion|billion|million|crores?|lakhs?)(?![A-Za-z0-9])"
# "5-6 billion": a second number only when a scale word follows, so "$500 to 2021" is not a range.
# Any other nationality adjective ("Russian roubles", "Chinese yuan") is allowed but
# does not change the code.
_DEMONYM = r"[A-Z][a-z]+(?:an|ese|ish|i|ch)"
_RANGE = rf"(?:\s*(?:-|–|to)\s*(?:{_NUM})(?=\s*-?\s*{_SCALE}))?"
_SCALED = rf"(?:\s*-?\s*(?P<scale>{_SCALE})(?:\s+(?P<scale2>{_SCALE2}))?)?"

_P_PREFIX = re.compile(
    rf"(?<![A-Za-z0-9])(?P<cur>{'|'.join(p for p, _, _ in _PREFIXES)}|{'|'.join(_ISO_CODES)})"
    rf"\s{{0,2}}(?P<num>{_NUM})(?![.,]\d){_RANGE}{_SCALED}"
    # "¥100 billion yuan": the word after the number settles the ambiguous yen/yuan sign.
    r"(?:\s+(?P<tail>(?i:yuan|renminbi|sterling)))?(?![A-Za-z0-9])"
)
_P_SUFFIX = re.compile(
    rf"(?<![\w.,$€£¥₹])(?:(?P<num>{_NUM})(?![.,]\d)|(?P<word>(?i:{_alt(set(_NUMBER_WORDS))})))"
    rf"{_RANGE}{_SCALED}[\s-]*(?:(?:(?P<adj>(?i:{_alt(_ADJECTIVES)}))|{_DEMONYM})\s+)?"
    rf"(?:(?P<curword>(?i:{_alt(set(_CURRENCY_WORDS))}))|(?P<iso>{'|'.join(_ISO_CODES)})|"
    rf"(?P<sym>{_alt(set(_SUFFIX_SYMBOLS))}))(?![A-Za-z0-9])"
)
_PREFIX_CODES = [(re.compile(p), code, weak) for p, code, weak in _PREFIXES]
_RUPEE_COUNTRY = [
    (re.compile(r"\bPakistan(?:i|is)?\b"), "PKR"),
    (re.compile(r"\bSri\s+Lanka(?:n|ns)?\b"), "LKR"),
    (re.compile(r"\bNepal(?:i|ese)?\b"), "NPR"),
]
_INDIA = re.compile(r"\bIndia(?:n|ns)?\b")
_YEARLIKE = re.compile(r"(?:19|20)\d{2}")
_PREV_WORD = re.compile(r"([A-Za-z]+)\s*$")


# --------------------------------------------------------------------------- helpers


def _scale_factor(scale: str | None, scale2: str | None) -> int:
    factor = 1
    for s in (scale, scale2):
        if s:
            factor *= _SCALES[s.lower()]
    return factor


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _rupee_code(sentence: str) -> str:
    """'Rs' and 'rupees' are also Pakistani, Sri Lankan and Nepali money."""
    if _INDIA.search(sentence):
        return "INR"
    hits = [code for pattern, code in _RUPEE_COUNTRY if pattern.search(sentence)]
    return hits[0] if len(hits) == 1 else "INR"


def _prefix_code(token: str) -> tuple[str, bool] | None:
    if token in _ISO_CODES:
        return token, False
    for pattern, code, weak in _PREFIX_CODES:
        if pattern.fullmatch(token):
            return code, weak
    return None


def _from_prefix(sentence: str, m: re.Match[str]) -> tuple[Decimal, str] | None:
    found = _prefix_code(m.group("cur"))
    if found is None:
        return None
    code, weak = found
    if weak and not m.group("scale"):
        return None
    if code == "JPY" and (m.group("tail") or "").lower() in ("yuan", "renminbi"):
        code = "CNY"
    if code == "INR" and m.group("cur").startswith("Rs"):
        code = _rupee_code(sentence)
    number = _number(m.group("num"))
    if number is None:
        return None
    return number * _scale_factor(m.group("scale"), m.group("scale2")), code


def _from_suffix(sentence: str, m: re.Match[str]) -> tuple[Decimal, str] | None:
    scale, adj = m.group("scale"), m.group("adj")
    if m.group("word"):
        # "a billion dollars" yes; "a m dollars" or "one dollar" are not amounts we want.
        if not scale or scale.lower() not in _FULL_SCALES:
            return None
        number: Decimal | None = Decimal(_NUMBER_WORDS[m.group("word").lower()])
    else:
        number = _number(m.group("num"))
        raw = m.group("num")
        if not scale and _YEARLIKE.fullmatch(raw):
            # "in 2020 dollars" is a price basis, not a sum of 2020 dollars.
            prev = _PREV_WORD.search(sentence[max(0, m.start() - 40) : m.start()])
            if prev and prev.group(1).lower() in {"in", "constant", "real", "nominal", "of", "since"}:
                return None
    if number is None:
        return None

    if m.group("iso"):
        code = m.group("iso")
    elif m.group("sym"):
        code = _SUFFIX_SYMBOLS[m.group("sym")]
    else:
        word = _CURRENCY_WORDS[re.sub(r"\s+", " ", m.group("curword").lower())]
        adj_key = re.sub(r"\s+", " ", adj.lower()) if adj else None
        by_adj = _ADJ_CODE.get(word, {}).get(adj_key) if adj_key else None
        if word in _AMBIGUOUS_WORDS and not (scale or by_adj):
            return None
        if word == "real" and not by_adj and adj_key != "brazilian":
            return None  # "real" is an adjective far more often than a currency
        if word == "pound" and re.match(r"\s+of\b", sentence[m.end() :]):
            return None  # "2 million pounds of fuel" is a weight
        code = by_adj or _WORD_DEFAULT[word]
        if not code:
            return None  # "dinars" without a country
        if word == "rupee" and not by_adj:
            code = _rupee_code(sentence)
    return number * _scale_factor(scale, m.group("scale2")), code


# --------------------------------------------------------------------------- API


def find_amounts(sentence: str, year: int | None = None) -> list[Amount]:
    """Money amounts in ``sentence``, sorted by start, non-overlapping (longest wins).

    ``year`` is the article's year, used to pick the exchange rate.
    """
    cands: list[tuple[int, int, Decimal, str]] = []
    for pattern, reader in ((_P_PREFIX, _from_prefix), (_P_SUFFIX, _from_suffix)):
        for m in pattern.finditer(sentence):
            parsed = reader(sentence, m)
            if parsed is not None:
                cands.append((m.start(), m.end(), *parsed))
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int, Decimal, str]] = []
    for c in cands:
        if all(c[1] <= t[0] or c[0] >= t[1] for t in taken):
            taken.append(c)
    taken.sort(key=lambda c: c[0])
    return [
        Amount(start, end, sentence[start:end], float(value), code, _to_usd(value, code, year))
        for start, end, value, code in taken
    ]
