"""Short phrases for subjects and reasons: noun phrases read from an anchor, never the sentence."""

import datetime as dt

import pytest

from pipeline.extract.article import extract_article
from pipeline.extract.lexicon import load_lexicon
from pipeline.extract.phrases import MAX_PHRASE_CHARS, modifiers_before, phrase_after, reason_phrase
from pipeline.text.sentences import split_sentences


@pytest.mark.parametrize(("text", "anchor", "expected"), [
    ("a contract for 36 Rafale fighter jets worth $8.7 billion", "36", "36 Rafale fighter jets"),
    ("the delivery of spare parts and components, officials said", "the", "delivery of spare parts and components"),
    ("an agreement on Monday with Japan", "Monday", None),
    ("the fisheries. Later", "the", "fisheries"),
    ("that was signed", "that", None),
])
def test_phrase_after_stops_where_the_noun_phrase_ends(text: str, anchor: str, expected: str | None) -> None:
    assert phrase_after(text, text.index(anchor)) == expected


def test_a_phrase_is_never_longer_than_the_limit() -> None:
    text = "of " + " ".join(["extraordinarily"] * 30)
    phrase = phrase_after(text, 3, max_words=30)
    assert phrase is not None and len(phrase) <= MAX_PHRASE_CHARS and not phrase.endswith(" ")


@pytest.mark.parametrize(("text", "noun", "names_only", "expected"), [
    ("they signed a 10-year defence cooperation agreement", "agreement", False, "10-year defence cooperation"),
    ("production of supersonic 'BrahMos' cruise missiles", "missiles", True, "supersonic 'BrahMos' cruise"),
    ("the two sides discussed fighter jets", "fighter", True, None),
    ("an additional deal", "deal", False, None),
])
def test_modifiers_before_a_noun(text: str, noun: str, names_only: bool, expected: str | None) -> None:
    assert modifiers_before(text, text.index(noun), names_only=names_only) == expected


def test_reason_ends_at_the_clause_boundary() -> None:
    text = "The US imposed sanctions over its nuclear weapons programme, a spokesman said on Friday."
    assert reason_phrase(text, text.index("over")) == "over its nuclear weapons programme"


def _facts(text: str, published: dt.date) -> list:
    return extract_article(split_sentences(text), published, load_lexicon())


@pytest.mark.parametrize(("text", "subject"), [
    ("India and France signed a contract for 36 Rafale fighter jets on Friday.", "36 Rafale fighter jets"),
    ("Chile and Peru signed an agreement on fisheries.", "fisheries"),
    ("Kenya and Ethiopia signed a free trade agreement in Nairobi.", "free trade"),
    ("Russia and India signed a deal to produce 600,000 AK-203 assault rifles in India.",
     "600,000 AK-203 assault rifles"),
])
def test_agreement_subjects_are_phrases_not_sentences(text: str, subject: str) -> None:
    [deal] = [m for m in _facts(text, dt.date(2020, 5, 4)) if m.fact_type == "agreement"]
    assert deal.subject == subject


def test_sanction_reason_and_basis_are_short() -> None:
    text = ("The United States imposed sanctions on Turkey under the Countering America's Adversaries Through "
            "Sanctions Act (CAATSA) for buying Russian S-400 systems, the Treasury said in a statement on Monday.")
    [sanction] = [m for m in _facts(text, dt.date(2020, 12, 14)) if m.fact_type == "sanction"]
    assert sanction.legal_basis == "CAATSA"
    assert sanction.reason == "for buying Russian S-400 systems"


@pytest.mark.parametrize(("subject", "names_something"), [
    ("biggest", False), ("no", False), ("ly", False), ("subsequent", False),
    ("trade", True), ("S-400", True), ("EU3", True), ("Brexit", True)])
def test_a_subject_must_name_something(subject: str, names_something: bool) -> None:
    from pipeline.extract.agreements import _CONTENT_WORD
    assert bool(_CONTENT_WORD.search(subject)) is names_something


def test_a_reason_that_runs_into_a_report_is_none() -> None:
    text = "China will deal with violators of U.N. sanctions on North Korea after a newspaper said ships delivered oil."
    assert reason_phrase(text, text.index("after")) is None
    text = "Washington imposed sanctions for buying S-400 systems which Turkey said were defensive."
    assert reason_phrase(text, text.index("for")) == "for buying S-400 systems"


@pytest.mark.parametrize(("text", "noun", "expected"), [
    ("the U.S. moves to step up sanctions on Russia", "sanctions", None),   # a verb's particle
    ("SAN FRANCISCO (Reuters) - U.S. sanctions on China", "sanctions", "U.S."),  # a lone hyphen is a dash
    ("more long-range missiles", "missiles", "long-range"),
])
def test_particles_and_dashes_modify_no_noun(text: str, noun: str, expected: str | None) -> None:
    assert modifiers_before(text, text.index(noun), names_only=True) == expected
