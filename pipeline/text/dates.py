"""Find date mentions in one English news sentence.

Explicit dates ("6 December 2021", "Dec. 6, 2021", "2021-12-06", "September 2019",
"in 2018") are read as written.  Relative ones ("on Monday", "last year", "in
September", "three weeks ago", "December 6" without a year) are resolved against a
reference date, normally the article's publication date, and are skipped when the
reference is ``None``.

Resolution conventions.  News is mostly written in the past tense, so by default:

* a bare weekday is the most recent such day on or before the reference
  (the reference itself when the weekdays are equal); "last Monday" is the Monday of the
  calendar week before the reference's;
* a bare month name is the most recent such month on or before the reference month;
* a day and month without a year take the year that puts them closest to the reference.

When a future cue ("will", "plans to", "is expected to", "would", ...) precedes the
mention in the same clause, the nearest such day/month on or after the reference is
used instead.  "last"/"next" always win over the cue.  Periods coarser than a day but
finer than a month ("last week") have no precision of their own and are reported at
month precision.  Decades ("the 1990s") and story-relative phrases ("the next day",
"seven days after") are not dates and are skipped.

Mentions are returned sorted by start offset and never overlap; when candidates
overlap, the longest wins.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

__all__ = ["DateMention", "Precision", "find_dates", "parse_published_date"]

Precision = Literal["day", "month", "year"]


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: datetime.date  # first day of the month/year when precision is coarser
    precision: Precision
    relative: bool  # resolved against the reference date


# --------------------------------------------------------------------------- vocab

_MONTH_NUM = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAY_NUM = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30,
}  # fmt: skip

_MON_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_MON_ABBR = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_WD = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"

# Months that double as ordinary words or given names ("India may ...", "Theresa May",
# "the March on Washington", "June Carter") need stronger context when they stand alone.
_STRICT_MONTHS = {"may", "march"}
_NAME_MONTHS = {"april", "may", "june", "august"}

# --------------------------------------------------------------------------- regex pieces

_MON = rf"(?P<mon>(?:{_MON_FULL})\b|(?:{_MON_ABBR})\b\.?)"
_DAY = r"(?P<day>[0-3]?\d)(?!\d)(?:st|nd|rd|th)?\b"
_DRANGE = r"(?:\s*[-–]\s*[0-3]?\d(?!\d)(?:st|nd|rd|th)?\b)?"  # "6-7 December": keep the first day
_YEAR = r"(?P<year>(?:19|20)\d{2})(?!\d|s\b)"
_WD_PREFIX = rf"(?:(?P<wdp>{_WD})\b,?\s+(?:the\s+)?)?"
_START = r"(?<![\w,.$€£¥₹/-])"  # not inside a bigger number, word or amount

_F = re.IGNORECASE

_P_MDY = re.compile(rf"{_START}{_WD_PREFIX}{_MON}\s*{_DAY}{_DRANGE},?\s+(?:of\s+)?{_YEAR}", _F)
_P_DMY = re.compile(rf"{_START}{_WD_PREFIX}(?:the\s+)?{_DAY}{_DRANGE}\s+(?:of\s+)?{_MON},?\s+{_YEAR}", _F)
_P_ISO = re.compile(
    r"(?<![\w.,/-])(?P<year>(?:19|20)\d{2})(?P<sep>[-/.])(?P<month>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)(?![\d])"
)
_P_NUMERIC = re.compile(
    r"(?<![\w.,/-])(?P<a>[0-3]?\d)(?P<sep>[-/.])(?P<b>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d{2})(?![\d])"
)
_P_MY = re.compile(rf"{_START}{_MON},?\s+(?:of\s+)?{_YEAR}", _F)
_P_MD = re.compile(rf"{_START}{_WD_PREFIX}{_MON}\s*{_DAY}{_DRANGE}(?!\s*(?:%|per\s*cent|percent))", _F)
_P_DM = re.compile(rf"{_START}(?:the\s+)?{_DAY}{_DRANGE}\s+(?:of\s+)?{_MON}", _F)
_P_MON_YREL = re.compile(rf"{_START}{_MON}\s+(?:of\s+)?(?P<rel>last|next|this)\s+year\b", _F)
_P_MON_REL = re.compile(rf"\b(?P<rel>last|next|this|past|coming)\s+{_MON}", _F)
_P_MON_BARE = re.compile(rf"\b(?P<mon>{_MON_FULL})\b", _F)
_P_WEEKDAY = re.compile(rf"\b(?:(?P<rel>last|next|this|past|coming)\s+)?(?P<wd>{_WD})\b", _F)
_P_DAYWORD = re.compile(
    r"\b(?:(?P<dbt>the\s+day\s+before\s+yesterday)|(?P<dat>the\s+day\s+after\s+tomorrow)"
    r"|(?P<word>today|tonight|yesterday|tomorrow)|(?P<part>this\s+(?:morning|afternoon|evening))"
    r"|(?P<night>last\s+night))\b",
    _F,
)
_P_PERIOD = re.compile(
    r"\b(?:(?P<mod>earlier|later|early|late)\s+(?:in\s+)?)?(?P<rel>last|this|next)\s+"
    r"(?P<unit>year|month|weekend|week)\b",
    _F,
)
_P_AGO = re.compile(rf"\b(?P<n>\d{{1,3}}|{'|'.join(_NUMBER_WORDS)})\s+(?P<unit>day|week|month|year)s?\s+ago\b", _F)
_P_YEAR = re.compile(r"(?<![\w$€£¥₹.,/])(?P<year>(?:19|20)\d{2})(?![\w%]|[.,/]\d)")

# Context that makes a bare month name a date ("in May", "mid-March", "by June").
_MONTH_CONTEXT = re.compile(
    r"(?:\b(?:in|since|until|till|by|from|through|throughout|during|early|late|mid|of|this|"
    r"between|before|after|around)\s+|\bmid-\s*|\b(?:early|late)-\s*)$",
    _F,
)
_STRICT_CONTEXT = re.compile(
    r"(?:\b(?:in|since|until|till|by|from|through|throughout|during|early|late|mid|of|this|"
    r"between)\s+|\bmid-\s*|\b(?:early|late)-\s*)$",
    _F,
)
# "between March and May": a month right after another month in a list or range.
_MONTH_LIST_CONTEXT = re.compile(rf"\b(?:{_MON_FULL})\s*(?:,|and|or|to|through|until|till|-|–)\s*$")
_NEXT_WORD = re.compile(r"\s*([A-Za-z][\w'’]*)")
_PREV_WORD = re.compile(r"([A-Za-z][\w.'’]*)\s*$")

# Weekday names inside titles and holidays are not dates.  The words after are only
# checked when capitalised: "Sunday Times" is a paper, "Sunday night" is a date.
_WEEKDAY_BEFORE_BLOCK = {
    "cyber", "black", "good", "holy", "ash", "super", "bloody", "easter", "palm", "maundy",
    "shrove", "whit", "blue", "fat", "every", "each", "that", "one", "a",
}  # fmt: skip
# "the following Monday" is relative to the story, not to the reference date, but
# "following Monday's announcement" is an ordinary weekday after a preposition.
_STORY_RELATIVE = re.compile(r"\b(?:the|that)\s+(?:following|previous|preceding|same)\s+$", re.IGNORECASE)
_WEEKDAY_AFTER_BLOCK = {
    "times", "telegraph", "express", "mirror", "post", "herald", "mail", "night", "club",
    "service", "independent", "star", "tribune", "observer", "journal", "magazine", "edition",
    "review", "sport", "football", "people", "school", "live",
}  # fmt: skip
# Day-month phrases naming historical events ("the September 11 attacks").
_EVENT_AFTER = re.compile(r"\s*(?:attacks?|riots?|massacre|movement|incident|uprising|revolution)\b", _F)

# A 4-digit number after one of these is an identifier or a count, not a year.
_YEAR_ID_WORDS = {
    "resolution", "resolutions", "no", "no.", "nos", "number", "article", "section", "flight",
    "route", "highway", "room", "page", "pages", "item", "model", "type", "class", "unit", "code",
    "annex", "clause", "paragraph", "rule", "chapter", "bill", "hr", "h.r.", "mirage", "boeing",
    "airbus", "about", "around", "nearly", "almost", "over", "some", "approximately", "roughly",
    "least", "only", "just", "additional", "another", "extra", "estimated", "total", "rs",
    "rs.", "usd", "inr", "eur", "gbp", "us$", "rank", "ranked",
}  # fmt: skip
# ...while after one of these it reads as a year even when a plural noun follows
# ("the 2018 sanctions", "in 2020 sanctions were imposed").
_YEAR_CONTEXT_WORDS = {
    "the", "in", "since", "of", "by", "from", "to", "until", "till", "through", "before", "after",
    "during", "between", "and", "year", "early", "late", "mid", "its", "their", "his", "her",
    "our", "this", "that", "for", "fiscal", "spring", "summer", "autumn", "fall", "winter",
}  # fmt: skip
_NOT_PLURAL = {
    "was", "has", "does", "is", "as", "marks", "saw", "sees", "its", "this", "thus", "his",
    "plus", "versus", "unless", "whereas", "besides", "always", "perhaps", "towards", "us",
}  # fmt: skip
_COUNT_NOUNS = {"people", "men", "women", "children", "personnel", "staff", "police", "feet"}
_YEAR_AFTER_BLOCK = re.compile(
    r"\s*(?:%|per\s*cent\b|percent\b|million\b|billion\b|trillion\b|crore\b|lakh\b|thousand\b|"
    r"gmt\b|utc\b|ist\b|hrs\b|hours\b|h\b|km\b|kms\b|kg\b|mw\b|gw\b|mph\b|sq\b|hectares?\b|acres?\b|tonnes?\b|tons?\b|metres?\b|meters?\b)",
    _F,
)
_YEAR_ONLY = re.compile(r"(?:19|20)\d{2}")

# A future cue before a mention, within the same clause, flips the default direction.
_FUTURE_CUE = re.compile(
    r"\b(?:will|shall|won't|going\s+to|plans?\s+to|planned\s+to|planning\s+to|scheduled|"
    r"(?:is|are|was|were)\s+(?:due|set|slated|poised)\s+to|(?:is|are|’s|'s)\s+expected\s+to|intends?\s+to|"
    r"aims?\s+to|upcoming|would(?!\s+have))\b|'ll\b|’ll\b",
    _F,
)
_CLAUSE_BREAK = re.compile(r"[;:()\[\]\"“”—–,]|\bbut\b|\bwhile\b", _F)


# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    value: datetime.date
    precision: Precision
    relative: bool


def _capitalised(token: str) -> bool:
    return token[:1].isupper()


def _month_of(token: str) -> int:
    # Case-insensitive matching folds a few non-ASCII letters onto month names ("Auguſt"); NFKC undoes it.
    return _MONTH_NUM[unicodedata.normalize("NFKC", token).rstrip(".").lower()]


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _shift_month(year: int, month: int, delta: int) -> datetime.date | None:
    index = year * 12 + (month - 1) + delta
    return _safe_date(index // 12, index % 12 + 1, 1)


def _shift_days(ref: datetime.date, days: int) -> datetime.date | None:
    try:
        return ref + datetime.timedelta(days=days)
    except OverflowError:
        return None


def _window(sentence: str, start: int, size: int = 80) -> str:
    """Text just before ``start``: context checks look back a few words, and a bounded
    window keeps the matchers linear on pathological input."""
    return sentence[max(0, start - size) : start]


def _future_context(sentence: str, start: int) -> bool:
    """True when a future cue precedes ``start`` within the same clause."""
    before = _window(sentence, start, 300)
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(before)]
    clause = before[breaks[-1] :] if breaks else before
    return _FUTURE_CUE.search(clause) is not None


def _prev_word(sentence: str, start: int) -> str:
    m = _PREV_WORD.search(_window(sentence, start))
    return m.group(1) if m else ""


def _next_word(sentence: str, end: int) -> str:
    m = _NEXT_WORD.match(sentence, end)
    return m.group(1) if m else ""


def _month_day_value(month: int, day: int, ref: datetime.date, future: bool) -> datetime.date | None:
    """Year for a day and month written without one."""
    options = [d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := _safe_date(y, month, day))]
    if not options:
        return None
    if future:
        upcoming = [d for d in options if d >= ref]
        return min(upcoming) if upcoming else None
    return min(options, key=lambda d: (abs((d - ref).days), d > ref))


def _bare_month_value(month: int, ref: datetime.date, direction: str) -> datetime.date | None:
    """direction: 'past' (on/before), 'future' (on/after), 'last' (<), 'next' (>), 'this'."""
    if direction == "this":
        return _safe_date(ref.year, month, 1)
    if direction == "past":
        year = ref.year if month <= ref.month else ref.year - 1
    elif direction == "last":
        year = ref.year if month < ref.month else ref.year - 1
    elif direction == "future":
        year = ref.year if month >= ref.month else ref.year + 1
    else:  # next
        year = ref.year if month > ref.month else ref.year + 1
    return _safe_date(year, month, 1)


def _weekday_value(weekday: int, ref: datetime.date, direction: str) -> datetime.date | None:
    back = (ref.weekday() - weekday) % 7
    ahead = (weekday - ref.weekday()) % 7
    if direction == "last":
        back = back or 7
        # "Last Monday" written on a Tuesday is the Monday of the week before: a day of the current week is
        # "on Monday" or "yesterday", so "last" names the previous calendar week (weeks start on Monday).
        if back <= ref.weekday():
            back += 7
        return _shift_days(ref, -back)
    if direction == "next":
        return _shift_days(ref, ahead or 7)
    if direction == "future":
        return _shift_days(ref, ahead)
    return _shift_days(ref, -back)


def _direction(rel: str | None, sentence: str, start: int) -> str:
    if rel:
        rel = rel.lower()
        if rel in ("last", "past"):
            return "last"
        if rel in ("next", "coming"):
            return "next"
    return "future" if _future_context(sentence, start) else "past"


# --------------------------------------------------------------------------- matchers


def _explicit(sentence: str, out: list[_Candidate]) -> None:
    if not _YEAR_ONLY.search(sentence):
        return  # every explicit date names its year
    for pattern in (_P_MDY, _P_DMY):
        for m in pattern.finditer(sentence):
            if not _capitalised(m.group("mon")):
                continue
            d = _safe_date(int(m.group("year")), _month_of(m.group("mon")), int(m.group("day")))
            if d:
                out.append(_Candidate(m.start(), m.end(), d, "day", False))
    for m in _P_ISO.finditer(sentence):
        d = _safe_date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
        if d:
            out.append(_Candidate(m.start(), m.end(), d, "day", False))
    for m in _P_NUMERIC.finditer(sentence):
        a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("year"))
        if a > 12 or a == b:
            d = _safe_date(year, b, a)  # day/month, the order most of the world uses
        elif b > 12:
            d = _safe_date(year, a, b)  # month/day
        else:
            # 04/09/2019 could be April or September: only the year is certain.
            out.append(_Candidate(m.start(), m.end(), datetime.date(year, 1, 1), "year", False))
            continue
        if d:
            out.append(_Candidate(m.start(), m.end(), d, "day", False))
    for m in _P_MY.finditer(sentence):
        if _capitalised(m.group("mon")):
            d = datetime.date(int(m.group("year")), _month_of(m.group("mon")), 1)
            out.append(_Candidate(m.start(), m.end(), d, "month", False))
    for m in _P_YEAR.finditer(sentence):
        if _is_year(sentence, m):
            out.append(_Candidate(m.start(), m.end(), datetime.date(int(m.group("year")), 1, 1), "year", False))


def _is_year(sentence: str, m: re.Match[str]) -> bool:
    start, end = m.start(), m.end()
    before = _window(sentence, start)
    # Hyphenated: "mid-2019" and "2021-2031" are years, "Su-2030" or "COVID-2019" are not.
    if before.endswith(("-", "–")):
        token = _PREV_WORD.search(before[:-1]) or re.search(r"(\d+)\s*$", before[:-1])
        prefix = token.group(1).lower() if token else ""
        if prefix and prefix not in {"mid", "pre", "post", "early", "late", "end"} and not _YEAR_ONLY.fullmatch(prefix):
            return False
    if _YEAR_AFTER_BLOCK.match(sentence, end):
        return False
    prev = _prev_word(sentence, start).lower()
    if re.search(r"(?:[$€£¥₹]|\bRs\.?|\bUSD|\bINR)\s*$", before):
        return False
    if prev in _YEAR_ID_WORDS and not before.endswith(("-", "–")):
        return False
    nxt = _next_word(sentence, end)
    looks_plural = (
        nxt.islower() and len(nxt) > 3 and nxt.endswith("s") and not nxt.endswith("ss") and nxt not in _NOT_PLURAL
    ) or nxt.lower() in _COUNT_NOUNS
    # "sent 2000 troops": a count.  "the 2018 sanctions": a year.
    return not (looks_plural and prev not in _YEAR_CONTEXT_WORDS)


def _relative(sentence: str, ref: datetime.date, out: list[_Candidate]) -> None:
    def add(m: re.Match[str], value: datetime.date | None, precision: Precision) -> None:
        if value is not None:  # None: fell off the calendar (reference near year 1 or 9999)
            out.append(_Candidate(m.start(), m.end(), value, precision, True))

    # Day and month without a year.
    for pattern in (_P_MD, _P_DM):
        for m in pattern.finditer(sentence):
            if not _capitalised(m.group("mon")) or _EVENT_AFTER.match(sentence, m.end()):
                continue
            future = _future_context(sentence, m.start())
            add(m, _month_day_value(_month_of(m.group("mon")), int(m.group("day")), ref, future), "day")

    for m in _P_MON_YREL.finditer(sentence):
        if _capitalised(m.group("mon")):
            year = ref.year + {"last": -1, "this": 0, "next": 1}[m.group("rel").lower()]
            add(m, _safe_date(year, _month_of(m.group("mon")), 1), "month")

    for m in _P_MON_REL.finditer(sentence):
        mon = m.group("mon")
        if not _capitalised(mon) or (mon.rstrip(".").lower() not in _MONTH_NUM):
            continue
        rel = m.group("rel").lower()
        direction = "this" if rel == "this" else _direction(rel, sentence, m.start())
        add(m, _bare_month_value(_month_of(mon), ref, direction), "month")

    for m in _P_MON_BARE.finditer(sentence):
        if _bare_month_ok(sentence, m):
            direction = _direction(None, sentence, m.start())
            add(m, _bare_month_value(_month_of(m.group("mon")), ref, direction), "month")

    for m in _P_WEEKDAY.finditer(sentence):
        wd = m.group("wd")
        if not _capitalised(wd):
            continue
        prev = _prev_word(sentence, m.start("wd") if not m.group("rel") else m.start())
        nxt = _next_word(sentence, m.end())
        if (
            prev.lower() in _WEEKDAY_BEFORE_BLOCK
            or (_capitalised(nxt) and nxt.lower() in _WEEKDAY_AFTER_BLOCK)
            or _STORY_RELATIVE.search(_window(sentence, m.start()))
        ):
            continue
        rel = m.group("rel")
        direction = _direction(rel if rel and rel.lower() != "this" else None, sentence, m.start())
        add(m, _weekday_value(_WEEKDAY_NUM[wd.lower()], ref, direction), "day")

    for m in _P_DAYWORD.finditer(sentence):
        if m.group("word"):
            word = m.group("word")
            # "India Today", "USA Today", "Russia Today" are publications.
            if word == "Today" and _capitalised(_prev_word(sentence, m.start())):
                continue
            offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word.lower()]
        elif m.group("dbt"):
            offset = -2
        elif m.group("dat"):
            offset = 2
        elif m.group("night"):
            offset = -1  # printed the morning after, the usual wire convention
        else:
            offset = 0
        add(m, _shift_days(ref, offset), "day")

    for m in _P_PERIOD.finditer(sentence):
        rel, unit = m.group("rel").lower(), m.group("unit").lower()
        # "in the last year" / "over the next month" are spans of time, not dates.
        if rel != "this" and not m.group("mod") and _prev_word(sentence, m.start()).lower() == "the":
            continue
        step = {"last": -1, "this": 0, "next": 1}[rel]
        if unit == "year":
            add(m, _safe_date(ref.year + step, 1, 1), "year")
        elif unit == "month":
            add(m, _shift_month(ref.year, ref.month, step), "month")
        else:  # week(end): no week precision, so report the month it falls in
            d = _shift_days(ref, 7 * step)
            add(m, d.replace(day=1) if d else None, "month")

    for m in _P_AGO.finditer(sentence):
        raw = m.group("n").lower()
        n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
        unit = m.group("unit").lower()
        if unit in ("day", "week"):
            add(m, _shift_days(ref, -n * (7 if unit == "week" else 1)), "day")
        elif unit == "month":
            add(m, _shift_month(ref.year, ref.month, -n), "month")
        else:
            add(m, _safe_date(ref.year - n, 1, 1), "year")


def _bare_month_ok(sentence: str, m: re.Match[str]) -> bool:
    token = m.group("mon")
    if not _capitalised(token):
        return False
    if re.match(r"\s*\d", sentence[m.end() :]):
        return False  # a day or year follows: the day/month patterns own it ("the September 11 attacks")
    name = token.lower()
    before = _window(sentence, m.start())
    in_list = _MONTH_LIST_CONTEXT.search(before) is not None
    if name in _STRICT_MONTHS:
        if sentence.startswith(("'s", "’s"), m.end()) and name == "may":
            return False  # "May's government"
        return in_list or _STRICT_CONTEXT.search(before) is not None
    if in_list or _MONTH_CONTEXT.search(before):
        return True
    nxt = _next_word(sentence, m.end())
    if nxt and _capitalised(nxt) and nxt.lower() not in _MONTH_NUM:
        return False  # "October Revolution", "June Carter"
    if name in _NAME_MONTHS:
        prev = _prev_word(sentence, m.start())
        if prev and _capitalised(prev) and before.rstrip()[-1:] not in '.!?"“':
            return False  # "Emily April"
    return True


def _select(cands: list[_Candidate]) -> list[_Candidate]:
    # Longest first; at equal length the earlier-registered (more explicit) pattern wins.
    order = sorted(range(len(cands)), key=lambda i: (-(cands[i].end - cands[i].start), cands[i].start, i))
    taken: list[_Candidate] = []
    for i in order:
        c = cands[i]
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    return sorted(taken, key=lambda c: c.start)


# --------------------------------------------------------------------------- API


def find_dates(sentence: str, reference: datetime.date | None) -> list[DateMention]:
    """All date mentions in ``sentence``, relative ones resolved against ``reference``."""
    cands: list[_Candidate] = []
    _explicit(sentence, cands)
    if reference is not None:
        _relative(sentence, reference, cands)
    return [
        DateMention(c.start, c.end, sentence[c.start : c.end], c.value, c.precision, c.relative) for c in _select(cands)
    ]


def parse_published_date(text: str) -> datetime.date | None:
    """Day-precision date in a standalone date string ("Tuesday, April 06, 2021",
    "Sept. 4, 2019", "2019-09-04", "2019-09-04T10:00:00Z"); ``None`` if there is none."""
    for mention in find_dates(text.strip(), None):
        if mention.precision == "day":
            return mention.value
    return None
