"""Arms transfers as deals: sentences written for these tests."""

import datetime as dt

from pipeline.extract.article import extract_article
from pipeline.extract.lexicon import load_lexicon
from pipeline.text.sentences import split_sentences

PUBLISHED = dt.date(2019, 12, 4)


def deals(text: str) -> list[tuple[tuple[str, ...], str | None, str | None]]:
    found = extract_article(split_sentences(text), PUBLISHED, load_lexicon())
    return [(tuple(m.party_codes), m.status, m.subject) for m in found if m.fact_type == "agreement"]


def test_a_purchase_of_weapons_is_a_deal_with_the_country_they_come_from() -> None:
    assert deals("China recently bought 10 Russian Sukhoi Su-35 fighter jets.") == \
        [(("CHN", "RUS"), "implemented", "10 Sukhoi Su-35 fighter jets")]
    assert deals("India will buy Javelin missiles from the United States.") == \
        [(("IND", "USA"), "proposed", "Javelin missiles")]


def test_a_sale_or_supply_names_the_seller_before_and_the_buyer_after() -> None:
    assert deals("A US sale of $6.4bn of defensive arms to Taiwan angered Beijing.") == \
        [(("TWN", "USA"), "agreed", "$6.4bn of defensive arms")]
    assert deals("Moscow criticised Britain's decision to supply Ukraine with long-range missiles.") == \
        [(("GBR", "UKR"), "agreed", "long-range missiles")]


def test_no_deal_without_weapons_a_state_buyer_or_a_transfer_going_ahead() -> None:
    assert deals("China bought American soybeans.") == []
    assert deals("France suspended all weapon sales to Turkey.") == []
    assert deals("Britain may supply weapons to Syrian rebels.") == []
    assert deals("The Netherlands did not sell tanks to Egypt.") == []


def test_a_condition_a_generic_purchase_and_known_weapons_make_no_deal() -> None:
    assert deals("Washington warned Delhi that it could face sanctions if it buys missiles from Russia.") == []
    assert deals("India has stepped up its purchase of military equipment from the United States.") == []
    assert deals("Turkey was sanctioned three years after it bought the missile defense system from Russia.") == []
    assert deals("Turkey was sanctioned three years after it bought S-400 missiles from Russia.") == \
        [(("RUS", "TUR"), "implemented", "S-400 missiles")]
