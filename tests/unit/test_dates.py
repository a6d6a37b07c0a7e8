"""Behaviour of pipeline.text.dates on single sentences."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.dates import DateMention, find_dates, parse_published_date

REF = dt.date(2021, 12, 7)  # a Tuesday


def only(sentence: str, reference: dt.date | None = REF) -> DateMention:
    found = find_dates(sentence, reference)
    assert len(found) == 1, found
    return found[0]


def resolved(sentence: str, reference: dt.date | None = REF) -> list[tuple[str, dt.date, str]]:
    return [(m.text, m.value, m.precision) for m in find_dates(sentence, reference)]


# --------------------------------------------------------------------------- explicit dates


@pytest.mark.parametrize(
    "text",
    ["December 6, 2021", "6 December 2021", "Dec. 6, 2021", "Dec 6 2021", "2021-12-06", "December 6th, 2021",
     "the 6th of December, 2021", "Monday, December 6, 2021", "DECEMBER 6, 2021", "December 6-7, 2021"],
)  # fmt: skip
def test_explicit_day(text: str) -> None:
    m = only(f"The leaders met on {text} in New Delhi.", None)
    assert (m.value, m.precision, m.relative) == (dt.date(2021, 12, 6), "day", False)
    assert m.text == text


def test_span_offsets_match_text() -> None:
    sentence = "Putin arrived on December 6, 2021, for talks."
    m = only(sentence)
    assert sentence[m.start : m.end] == m.text == "December 6, 2021"


def test_month_year() -> None:
    m = only("The deal was first agreed in September 2019.", None)
    assert (m.text, m.value, m.precision, m.relative) == ("September 2019", dt.date(2019, 9, 1), "month", False)


@pytest.mark.parametrize(
    "sentence", ["It was agreed in 2018.", "Tensions have simmered since 2018.", "Under the law of 2018"]
)
def test_year(sentence: str) -> None:
    m = only(sentence, None)
    assert (m.text, m.value, m.precision) == ("2018", dt.date(2018, 1, 1), "year")


def test_year_range_gives_both_years() -> None:
    assert resolved("a programme for the next decade from 2021 to 2031", None) == [
        ("2021", dt.date(2021, 1, 1), "year"),
        ("2031", dt.date(2031, 1, 1), "year"),
    ]
    assert [m.text for m in find_dates("the 2021-2031 programme", None)] == ["2021", "2031"]


def test_year_after_amount() -> None:
    assert resolved("tripling bilateral trade to $ 30 billion by 2025.", None) == [
        ("2025", dt.date(2025, 1, 1), "year")
    ]


@pytest.mark.parametrize(
    "sentence",
    ["India will buy 600,000 Russian AK-203 assault rifles.", "The S-400 surface-to-air missile system.",
     "India builds SU-30 jets.", "It was barred from the F-35 programme.", "They sent 2000 troops to the border.",
     "the 1990s were different", "under Resolution 2231 of the Security Council", "a range of 2000 km",
     "about 1500 soldiers died", "India may have concluded that the US would not act.", "Theresa May said no.",
     "Supporters joined the March on Washington.", "The Sunday Times reported it.", "Black Friday sales rose.",
     "the next decade", "exactly seven days after the show", "a 20 percent rise", "India Today reported"],
)  # fmt: skip
def test_not_dates(sentence: str) -> None:
    assert find_dates(sentence, REF) == []


def test_year_before_plural_noun_after_determiner_is_a_year() -> None:
    assert [m.text for m in find_dates("the 2018 sanctions and the 2016 US presidential election", None)] == [
        "2018",
        "2016",
    ]


def test_numeric_dates() -> None:
    assert only("on 25/12/2021", None).value == dt.date(2021, 12, 25)
    ambiguous = only("on 06/12/2021", None)  # June 12 or 6 December: only the year is safe
    assert (ambiguous.value, ambiguous.precision) == (dt.date(2021, 1, 1), "year")


def test_invalid_calendar_date_is_not_a_day() -> None:
    assert all(m.precision != "day" for m in find_dates("on February 30, 2021", None))


# --------------------------------------------------------------------------- relative dates


@pytest.mark.parametrize(
    ("sentence", "text", "value", "precision"),
    [
        ("India and Russia signed 28 agreements on Monday.", "Monday", dt.date(2021, 12, 6), "day"),
        ("Lavrov said on Tuesday that talks went well.", "Tuesday", dt.date(2021, 12, 7), "day"),
        ("It happened on Wednesday.", "Wednesday", dt.date(2021, 12, 1), "day"),
        ("Following Monday's announcement, nothing moved.", "Monday", dt.date(2021, 12, 6), "day"),
        ("They met last Monday.", "last Monday", dt.date(2021, 11, 29), "day"),  # the week before, not yesterday
        ("They met last Sunday.", "last Sunday", dt.date(2021, 12, 5), "day"),
        ("They meet next Monday.", "next Monday", dt.date(2021, 12, 13), "day"),
        ("The ministers will meet on Friday.", "Friday", dt.date(2021, 12, 10), "day"),
        ("the partnership signed today", "today", dt.date(2021, 12, 7), "day"),
        ("Putin left yesterday.", "yesterday", dt.date(2021, 12, 6), "day"),
        ("Talks resume tomorrow.", "tomorrow", dt.date(2021, 12, 8), "day"),
        ("clashes along the border last year", "last year", dt.date(2020, 1, 1), "year"),
        ("It will end this year.", "this year", dt.date(2021, 1, 1), "year"),
        ("First deliveries are expected next year.", "next year", dt.date(2022, 1, 1), "year"),
        ("Earlier this year, the deal stalled.", "Earlier this year", dt.date(2021, 1, 1), "year"),
        ("Supply started this month.", "this month", dt.date(2021, 12, 1), "month"),
        ("Earlier this month, Turkey went ahead.", "Earlier this month", dt.date(2021, 12, 1), "month"),
        ("Prices rose last month.", "last month", dt.date(2021, 11, 1), "month"),
        ("Talks start next month.", "next month", dt.date(2022, 1, 1), "month"),
        ("They met last week.", "last week", dt.date(2021, 11, 1), "month"),  # 2021-11-30, month precision
        ("The deal was signed three days ago.", "three days ago", dt.date(2021, 12, 4), "day"),
        ("It was signed 2 weeks ago.", "2 weeks ago", dt.date(2021, 11, 23), "day"),
        ("It was announced six months ago.", "six months ago", dt.date(2021, 6, 1), "month"),
        ("It was agreed a year ago.", "a year ago", dt.date(2020, 1, 1), "year"),
    ],
)
def test_relative(sentence: str, text: str, value: dt.date, precision: str) -> None:
    m = only(sentence)
    assert (m.text, m.value, m.precision, m.relative) == (text, value, precision, True)


def test_weekday_on_reference_weekday_is_reference_itself() -> None:
    assert only("They met on Saturday.", dt.date(2021, 12, 11)).value == dt.date(2021, 12, 11)


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Modi met Biden in September.", dt.date(2021, 9, 1)),
        ("Modi met Biden September and attended the summit.", dt.date(2021, 9, 1)),
        ("The fall of Afghanistan in August worried India.", dt.date(2021, 8, 1)),
        ("since his June summit with Biden in Geneva", dt.date(2021, 6, 1)),
        ("Deliveries began in December.", dt.date(2021, 12, 1)),
        ("by mid-May the talks had stalled", dt.date(2021, 5, 1)),
        ("It happened last September.", dt.date(2021, 9, 1)),
        ("It will happen next September.", dt.date(2022, 9, 1)),
        ("It will happen in September next year.", dt.date(2022, 9, 1)),
        ("It happened in September last year.", dt.date(2020, 9, 1)),
    ],
)
def test_month_names(sentence: str, value: dt.date) -> None:
    found = find_dates(sentence, REF)
    assert [(m.value, m.precision, m.relative) for m in found] == [(value, "month", True)]


def test_month_after_reference_month_is_last_year_by_default() -> None:
    assert only("India bought the system in December.", dt.date(2021, 4, 6)).value == dt.date(2020, 12, 1)


def test_future_cue_points_month_forward() -> None:
    # News convention is past tense, but "plans to" in the same clause means the coming December.
    m = only("India has plans to acquire the system from Russia in December.", dt.date(2021, 4, 6))
    assert m.value == dt.date(2021, 12, 1)


def test_future_cue_is_limited_to_its_clause() -> None:
    found = resolved("She will travel on Wednesday, while he met on Monday.")
    assert found == [("Wednesday", dt.date(2021, 12, 8), "day"), ("Monday", dt.date(2021, 12, 6), "day")]


def test_day_month_without_year_takes_nearest_year() -> None:
    assert only("The summit opens on December 20.").value == dt.date(2021, 12, 20)
    assert only("They met on 28 December.", dt.date(2022, 1, 3)).value == dt.date(2021, 12, 28)


def test_may_needs_context() -> None:
    assert resolved("India may have concluded that the US would not act.") == []
    assert resolved("The deal was signed in May.") == [("May", dt.date(2021, 5, 1), "month")]
    assert resolved("It was signed on May 5, 2019.") == [("May 5, 2019", dt.date(2019, 5, 5), "day")]
    assert resolved("between March and May") == [
        ("March", dt.date(2021, 3, 1), "month"),
        ("May", dt.date(2021, 5, 1), "month"),
    ]


def test_relative_dates_near_the_ends_of_the_calendar_are_dropped() -> None:
    assert [m.text for m in find_dates("last year and next year", dt.date(1, 3, 1))] == ["next year"]
    assert [m.text for m in find_dates("last year and next year", dt.date(9999, 3, 1))] == ["last year"]


def test_relative_dates_need_a_reference() -> None:
    sentence = "On Monday India said last year's deal, signed in 2018, would go ahead in September."
    assert [m.text for m in find_dates(sentence, None)] == ["2018"]
    assert [m.text for m in find_dates(sentence, REF)] == ["Monday", "last year", "2018", "September"]


def test_longest_mention_wins() -> None:
    found = find_dates("the summit on Monday, December 6, 2021 in Delhi", REF)
    assert [(m.text, m.relative) for m in found] == [("Monday, December 6, 2021", False)]


def test_historical_event_names_are_not_dates() -> None:
    assert find_dates("after the September 11 attacks", REF) == []


# --------------------------------------------------------------------------- published dates


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Tuesday, April 06, 2021", dt.date(2021, 4, 6)),
        ("September 4, 2019", dt.date(2019, 9, 4)),
        ("2019-09-04", dt.date(2019, 9, 4)),
        ("4 September 2019", dt.date(2019, 9, 4)),
        ("Sept. 4, 2019", dt.date(2019, 9, 4)),
        ("  2019-09-04T10:22:00Z ", dt.date(2019, 9, 4)),
        ("Published: Dec 7, 2021 10:45 IST", dt.date(2021, 12, 7)),
    ],
)
def test_parse_published_date(text: str, value: dt.date) -> None:
    assert parse_published_date(text) == value


@pytest.mark.parametrize("text", ["", "September 2019", "yesterday", "no date here", "2019"])
def test_parse_published_date_needs_a_day(text: str) -> None:
    assert parse_published_date(text) is None


# --------------------------------------------------------------------------- properties

_VOCAB = st.sampled_from(
    ["May", "March", "Monday", "on", "in", "last", "next", "this", "year", "month", "week", "ago", "2021", "12",
     "-", ",", ".", "Dec.", "the", "of", "1999", "6th", "/", "2021-12-06", "will", "today", "S-400", "$", "3"]
)  # fmt: skip
_DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))


def _check_well_formed(sentence: str, found: list[DateMention]) -> None:
    assert found == sorted(found, key=lambda m: m.start)
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start
    for m in found:
        assert sentence[m.start : m.end] == m.text
        assert m.precision in ("day", "month", "year")
        if m.precision != "day":
            assert m.value.day == 1
        if m.precision == "year":
            assert m.value.month == 1


@settings(max_examples=300)
@given(st.text(max_size=200), st.one_of(st.none(), st.dates()))
def test_random_text_never_raises(sentence: str, reference: dt.date | None) -> None:
    _check_well_formed(sentence, find_dates(sentence, reference))
    parse_published_date(sentence)


@settings(max_examples=300)
@given(st.lists(_VOCAB, max_size=25).map(" ".join), st.one_of(st.none(), st.dates()))  # incl. years 1 and 9999
def test_date_like_word_salad_is_well_formed(sentence: str, reference: dt.date | None) -> None:
    _check_well_formed(sentence, find_dates(sentence, reference))


@given(_DATES)
def test_formats_round_trip(day: dt.date) -> None:
    month = day.strftime("%B")
    for text in (f"{month} {day.day}, {day.year}", f"{day.day} {month} {day.year}", day.isoformat(),
                 f"{day.strftime('%A')}, {month} {day.day:02d}, {day.year}"):  # fmt: skip
        assert parse_published_date(text) == day, text


@given(_DATES, st.sampled_from(list(range(7))))
def test_bare_weekday_is_latest_on_or_before_reference(reference: dt.date, weekday: int) -> None:
    name = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][weekday]
    m = only(f"The ministers met on {name}.", reference)
    assert m.value.weekday() == weekday
    assert 0 <= (reference - m.value).days <= 6


@given(_DATES, st.sampled_from(list(range(7))))
def test_last_weekday_is_in_the_calendar_week_before_the_reference(reference: dt.date, weekday: int) -> None:
    name = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][weekday]
    m = only(f"The ministers met last {name}.", reference)
    assert m.value.weekday() == weekday
    week_start = reference - dt.timedelta(days=reference.weekday())
    assert week_start - dt.timedelta(days=7) <= m.value < week_start
