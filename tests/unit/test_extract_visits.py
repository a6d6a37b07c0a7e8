"""Visit grammar on sentences written for these tests: places that set a sentence's events, and visitors named
only by their country."""

import datetime as dt

from pipeline.extract.article import dateline, extract_article
from pipeline.extract.grammar import clauses
from pipeline.extract.lexicon import load_lexicon
from pipeline.extract.mentions import FactMention
from pipeline.text.sentences import split_sentences

PUBLISHED = dt.date(2023, 3, 15)  # a Wednesday


def visits(text: str) -> list[tuple[str | None, str | None, str | None]]:
    found: list[FactMention] = extract_article(split_sentences(text), PUBLISHED, load_lexicon())
    return sorted({(m.visitor_name, m.visitor_country_code, m.host_country_code)
                   for m in found if m.fact_type == "visit"}, key=str)


def test_fronted_place_makes_the_subject_a_visitor() -> None:
    assert visits("In Seoul on Tuesday, Emmanuel Macron praised the new rail line.") == \
        [("Emmanuel Macron", "FRA", "KOR")]


def test_fronted_place_with_company_and_an_opener() -> None:
    assert visits("Earlier, in Madrid, Narendra Modi met Olaf Scholz to discuss trade.") == \
        [("Narendra Modi", "IND", "ESP"), ("Olaf Scholz", "DEU", "ESP")]


def test_fronted_place_leaves_out_people_the_statement_only_mentions() -> None:
    # Scholz is talked about, not there: only the subject is placed in Lima.
    assert visits("While in Lima, Narendra Modi said he would call Olaf Scholz soon.") == \
        [("Narendra Modi", "IND", "PER")]


def test_fronted_place_names_a_host_official_but_no_visit() -> None:
    assert visits("In Paris, Emmanuel Macron opened the new museum.") == []


def test_where_clause_meeting_places_the_countries_it_names() -> None:
    assert visits("The plan was unveiled in Oslo, where the foreign ministers of Brazil and Kenya were meeting.") \
        == [(None, "BRA", "NOR"), (None, "KEN", "NOR")]


def test_where_clause_without_a_meeting_is_no_visit() -> None:
    assert visits("The ship sank near Oslo, where Brazil and Kenya sell most of their coffee.") == []


def test_a_country_visitor_takes_the_official_the_article_names() -> None:
    text = ("Indian Prime Minister Narendra Modi praised the talks. "
            "India and Japan held a summit in Tokyo on Monday.")
    assert visits(text) == [("Narendra Modi", "IND", "JPN")]


def test_a_country_visitor_takes_the_official_of_that_country_named_last() -> None:
    text = ("Narendra Modi praised the talks, and S. Jaishankar said more would follow. "
            "India and Japan held a summit in Tokyo on Monday. "
            "Narendra Modi later thanked Japan.")
    assert visits(text) == [("S. Jaishankar", "IND", "JPN")]  # as the article writes him


def test_a_country_visitor_named_after_the_visit_takes_the_most_named_official() -> None:
    text = ("India and Japan held a summit in Tokyo on Monday. "
            "Narendra Modi praised the talks. Narendra Modi thanked Japan, S. Jaishankar said.")
    assert visits(text) == [("Narendra Modi", "IND", "JPN")]


def test_speaking_in_a_place_makes_the_speaker_a_visitor() -> None:
    assert visits("Olaf Scholz told reporters in Nairobi that the loans would be renewed.") == \
        [("Olaf Scholz", "DEU", "KEN")]
    assert visits("Emmanuel Macron welcomed the vote, saying from Brasilia that it was a good day.") == \
        [("Emmanuel Macron", "FRA", "BRA")]


def test_speaking_in_a_statement_is_no_visit() -> None:
    assert visits("Olaf Scholz said in a statement that Kenya would get the loans.") == []


def test_an_abbreviation_before_a_lowercase_word_does_not_end_the_clause() -> None:
    assert clauses("Macron praised U.S. troops there. Then he left.") == [(0, 32), (34, 47)]
    assert visits("Emmanuel Macron praised U.S. troops stationed there during a short visit to Kenya.") == \
        [("Emmanuel Macron", "FRA", "KEN")]


def test_a_visit_nouns_destination_later_in_the_phrase() -> None:
    assert visits("Olaf Scholz made the first official visit in ten years by a German leader to Kenya.") == \
        [("Olaf Scholz", "DEU", "KEN")]


def test_a_visit_noun_with_a_later_to_of_another_verb_is_no_visit() -> None:
    assert visits("Olaf Scholz ended his visit and then sent his ambassador to Kenya.") == []


def test_a_counterpart_named_by_country_met_there_too() -> None:
    assert visits("Olaf Scholz met his Kenyan counterpart in Lima on Monday.") == \
        [("Olaf Scholz", "DEU", "PER"), (None, "KEN", "PER")]


def test_the_visitor_is_not_an_official_of_the_host_country() -> None:
    assert visits("Emmanuel Macron was received by Olaf Scholz at the start of a state visit to Germany.") == \
        [("Emmanuel Macron", "FRA", "DEU")]


def test_an_opening_participle_takes_the_main_clauses_subject() -> None:
    assert visits("Arriving in Kenya for a two-day trip, German Chancellor Olaf Scholz praised the talks.") == \
        [("Olaf Scholz", "DEU", "KEN")]


def test_neither_nor_negates_a_visit() -> None:
    assert visits("Neither Olaf Scholz nor Emmanuel Macron will visit Kenya this year.") == []


def test_a_full_stop_after_a_word_still_ends_the_clause_before_a_lowercase_word() -> None:
    assert clauses("India took risks. calculated ones.") == [(0, 16), (18, 34)]


def test_presence_allows_only_an_adverb_between_the_verb_and_in() -> None:
    assert visits("Olaf Scholz was still in Nairobi on Monday.") == [("Olaf Scholz", "DEU", "KEN")]
    assert visits("Two German soldiers were killed in Kenya on Monday.") == []
    assert visits("Germany favours talks, but there is scepticism in Kenya.") == []


def test_the_trip_of_somebody_unknown_is_no_visit_of_anyone_else() -> None:
    assert visits("Germany tested a missile an hour before the Pontiff's landing in Nairobi.") == []


def test_receiving_an_official_hosts_him_but_receiving_a_call_does_not() -> None:
    assert visits("Kenyan President William Ruto received Olaf Scholz at State House.") == \
        [("Olaf Scholz", "DEU", "KEN")]
    assert visits("Kenyan President William Ruto received a call from Olaf Scholz.") == []


def test_a_visit_to_a_venue_in_a_place() -> None:
    assert visits("Olaf Scholz spoke to students during a visit to a technical college in Nairobi.") == \
        [("Olaf Scholz", "DEU", "KEN")]


def test_fronted_event_in_a_place() -> None:
    assert visits("At the Nairobi climate summit, Olaf Scholz pledged new funds.") == [("Olaf Scholz", "DEU", "KEN")]


def test_present_there_places_people_where_the_article_last_did() -> None:
    text = ("The leaders gathered in Nairobi on Monday. "
            "Germany's chancellor and France's president were there.")
    assert visits(text) == [(None, "DEU", "KEN"), (None, "FRA", "KEN")]


def test_there_without_a_place_before_is_no_visit() -> None:
    assert visits("Germany's chancellor and France's president were there.") == []


def test_a_meeting_of_both_countries_takes_the_pair_the_article_is_about() -> None:
    text = ("Kenya and Germany have argued over debt for a year. "
            "The foreign ministers of both countries held talks in Nairobi on Monday.")
    assert visits(text) == [(None, "DEU", "KEN")]


def test_a_datelined_officials_speech_is_a_visit_to_the_dateline() -> None:
    assert visits("NAIROBI — Olaf Scholz’s speech on debt relief drew praise from Kenyan lawmakers.") == \
        [("Olaf Scholz", "DEU", "KEN")]


def visit_dates(text: str) -> list[tuple[str | None, dt.date | None]]:
    found = extract_article(split_sentences(text), PUBLISHED, load_lexicon())
    return [(m.host_country_code, m.event_date) for m in found if m.fact_type == "visit"]


def test_a_date_opening_a_period_does_not_date_the_visit() -> None:
    assert visit_dates("Olaf Scholz, visiting Nairobi for the second time since the crisis began in "
                       "March 2021, met the president.") == [("KEN", None)]


def test_a_date_of_the_visit_still_dates_it() -> None:
    assert visit_dates("Olaf Scholz visited Nairobi in March 2021 to discuss debt.") == \
        [("KEN", dt.date(2021, 3, 1))]


def test_a_surname_names_the_person_the_article_described_by_office() -> None:
    text = ("Chilean Foreign Minister Alberto Fuentealba called the talks useful. "
            "Fuentealba told reporters in Nairobi that a deal was close.")
    assert visits(text) == [("Alberto Fuentealba", "CHL", "KEN")]


def test_a_surname_after_another_first_name_is_somebody_else() -> None:
    text = ("Chilean Foreign Minister Alberto Fuentealba called the talks useful. "
            "Maria Fuentealba told reporters in Nairobi that a deal was close.")
    assert visits(text) == []


def test_the_word_opening_a_sentence_after_a_dateline_is_no_first_name() -> None:
    text = ("WASHINGTON (Reuters) - The Bush administration said on Monday it had notified Congress. "
            "The announcement came as President Bush was visiting Saudi Arabia.")
    assert visits(text) == [("George W. Bush", "USA", "SAU")]


def test_what_a_speaker_says_is_in_a_place_does_not_place_him() -> None:
    # "said the war in Ukraine": the place is in what he said; "said on Monday in Geneva", "told reporters while
    # traveling in India": where he said it.
    assert visits("Narendra Modi said the war in Ukraine showed the need for values.") == []
    assert visits("Narendra Modi said on Monday in Geneva that talks went well.") == [("Narendra Modi", "IND", "CHE")]
    assert visits("Narendra Modi told reporters while traveling in France that talks went well.") == \
        [("Narendra Modi", "IND", "FRA")]


def test_a_radio_station_named_after_a_bloc_is_no_body_of_it() -> None:
    assert visits("Narendra Modi told Europe 1 radio that oil imports must stop.") == []


def test_troops_and_a_country_named_as_a_place_are_no_visitors() -> None:
    assert visits("Thousands of Chadian troops arrived in Cameroon to join the fight.") == []
    assert visits("The storm hung off the US coast, then decided to journey to Brazil.") == []
    assert visits("A US delegation arrived in Cameroon.") == [(None, "USA", "CMR")]


def test_an_office_before_a_comma_describes_the_name_after_it() -> None:
    assert visits("Peru’s foreign minister, Ramón Castañeda, spoke to reporters in Nairobi on Monday.") == \
        [("Ramón Castañeda", "PER", "KEN")]


def test_an_organisations_officer_is_described_by_it() -> None:
    assert visits("NATO Secretary-General Pieter Vandermeer told reporters in Nairobi that the alliance was "
                  "ready.") == [("Pieter Vandermeer", "NATO", "KEN")]


def test_a_state_is_a_place_in_its_country_but_not_a_city() -> None:
    found = extract_article(split_sentences("Earlier, in Ohio, Olaf Scholz met factory workers."), PUBLISHED,
                            load_lexicon())
    assert [(m.visitor_name, m.host_country_code, m.city) for m in found if m.fact_type == "visit"] == \
        [("Olaf Scholz", "USA", None)]


def test_a_state_named_after_a_country_is_not_that_country() -> None:
    assert visits("Olaf Scholz arrived in New Mexico on Monday.") == [("Olaf Scholz", "DEU", "USA")]


def test_a_described_persons_surname_that_is_an_ordinary_word_names_him() -> None:
    text = ("Chilean envoy Tomas Hill called the talks useful. "
            "Hill told reporters in Nairobi that a deal was close.")
    assert visits(text) == [("Tomas Hill", "CHL", "KEN")]


def test_a_summit_hosted_by_an_official_has_no_guest() -> None:
    assert visits("Turkey has lashed out at France, and the arguments bode ill for a summit hosted by German "
                  "Chancellor Olaf Scholz.") == []


def test_attending_in_a_where_clause_is_in_the_place_before_it() -> None:
    text = ("Olaf Scholz spoke in Nairobi on Monday. "
            "Olaf Scholz was later seen in Lima, where he was attending the inauguration of the new president.")
    assert visits(text) == [("Olaf Scholz", "DEU", "KEN"), ("Olaf Scholz", "DEU", "PER")]


def test_a_hyphenated_country_qualifies_a_word_and_does_not_travel() -> None:
    assert visits("The German-flagged tanker left port on Friday, heading to Nairobi.") == []


def test_an_officials_surname_naming_a_firm_is_not_the_official() -> None:
    assert visits("Engineers from Scholz & Partners arrived in Nairobi on Monday.") == []


def test_people_beside_a_speaker_are_where_he_spoke() -> None:
    assert visits("Olaf Scholz said in Berlin alongside Kenyan Trade Minister Moses Wanjala.") == \
        [("Moses Wanjala", "KEN", "DEU")]


def test_a_described_name_may_end_the_sentence() -> None:
    assert visits("On Monday, in Nairobi, Olaf Scholz met Chilean Trade Minister Alberto Fuentealba.") == \
        [("Alberto Fuentealba", "CHL", "KEN"), ("Olaf Scholz", "DEU", "KEN")]


def test_an_arrival_with_the_day_between_verb_and_place() -> None:
    assert visits("Olaf Scholz arrived Thursday in Nairobi for talks.") == [("Olaf Scholz", "DEU", "KEN")]


def test_a_first_name_spelt_as_in_an_alias_is_still_the_official() -> None:
    text = ("Supporters of President Abdu Rabu Mansour Hadi rallied in Aden. "
            "Hadi arrived on Friday in Cairo for talks.")
    assert visits(text) == [("Abdrabbuh Mansur Hadi", "YEM", "EGY")]


def test_a_trip_nobody_says_will_happen_is_no_visit() -> None:
    assert visits("Olaf Scholz did not say whether he would return to Lima or travel to Nairobi next.") == []


def test_the_country_left_behind_takes_no_part_in_the_summit() -> None:
    assert visits("The delegation will depart Kenya on Friday for a summit with regional leaders in Lima.") == []


def test_an_office_only_one_country_has_names_the_persons_country() -> None:
    text = ("Assistant Secretary of State Dana Whitcombe landed in Nairobi on Monday. "
            "Whitcombe told reporters in Lima a day later that talks went well.")
    assert visits(text) == [("Dana Whitcombe", "USA", "KEN"), ("Dana Whitcombe", "USA", "PER")]


def test_a_country_before_the_office_is_the_persons() -> None:
    assert visits("Indian National Security Adviser Ravi Menon told reporters in Nairobi that talks went well.") == \
        [("Ravi Menon", "IND", "KEN")]


def test_an_office_alone_is_no_actor() -> None:
    assert visits("The Secretary of State told reporters in Nairobi that talks went well.") == []


def test_a_meeting_placed_nowhere_happened_where_the_article_last_placed_events() -> None:
    text = ("Foreign ministers of the region gather today in Nairobi. "
            "Olaf Scholz said at a meeting with Chilean Trade Minister Alberto Fuentealba that talks went well.")
    assert visits(text) == [("Alberto Fuentealba", "CHL", "KEN"), ("Olaf Scholz", "DEU", "KEN")]


def test_a_meeting_placed_nowhere_long_after_the_last_place_is_no_visit() -> None:
    text = ("Foreign ministers of the region gather today in Nairobi. The agenda is long. Prices rose. "
            "Few expect a breakthrough. Olaf Scholz met Chilean Trade Minister Alberto Fuentealba.")
    assert visits(text) == []


def test_a_blocs_officer_in_the_country_of_its_seat_is_no_visitor() -> None:
    assert visits("NATO Secretary-General Pieter Vandermeer told reporters in Brussels that the alliance was "
                  "ready.") == []


def test_a_summit_between_people_named_at_length_in_a_place() -> None:
    text = ("Chilean Trade Minister Alberto Fuentealba stayed in Lima, a week after a summit between Kenyan President "
            "William Ruto and German Chancellor Olaf Scholz in Nairobi.")
    assert visits(text) == [("Olaf Scholz", "DEU", "KEN")]


def test_a_name_described_after_a_comma_by_country_and_office() -> None:
    text = ("The talks will go on, Dana Whitcombe, Chilean deputy trade minister, said on Monday. "
            "Whitcombe told reporters in Nairobi that a deal was close.")
    assert visits(text) == [("Dana Whitcombe", "CHL", "KEN")]


def test_a_meeting_that_was_called_off_is_no_visit() -> None:
    assert visits("Olaf Scholz and William Ruto had planned a summit in Lima that was cancelled over protests.") == []


def test_general_travel_words_move_a_named_official() -> None:
    assert visits("Narendra Modi went to Tokyo on Monday.") == [("Narendra Modi", "IND", "JPN")]
    assert visits("Narendra Modi left for Tokyo on Monday.") == [("Narendra Modi", "IND", "JPN")]
    assert visits("Narendra Modi toured Japan last week.") == [("Narendra Modi", "IND", "JPN")]
    assert visits("Narendra Modi returned from Japan on Monday.") == [("Narendra Modi", "IND", "JPN")]


def test_general_travel_words_move_no_goods_and_no_pronoun() -> None:
    assert visits("Iran promised the ship would go to Syria.") == []
    assert visits("Narendra Modi praised the talks. He stayed a week before leaving for Japan.") == []
    assert visits("Xi Jinping came to power in 2012.") == []


def test_coordinated_visitors_and_destinations() -> None:
    assert visits("Ashraf Ghani and Abdullah Abdullah arrived in Washington on Sunday.") == \
        [("Abdullah Abdullah", "AFG", "USA"), ("Ashraf Ghani", "AFG", "USA")]
    assert visits("Anwar Ibrahim made official visits to Peru, Egypt and Brazil.") == \
        [("Anwar Ibrahim", "MYS", "BRA"), ("Anwar Ibrahim", "MYS", "EGY"), ("Anwar Ibrahim", "MYS", "PER")]
    # A city's own country after it is no second destination.
    assert visits("Emmanuel Macron flew to Taormina, Italy.") == [("Emmanuel Macron", "FRA", "ITA")]


def test_passive_hosting_makes_the_subject_the_guest() -> None:
    assert visits("Narendra Modi was warmly greeted in Moscow by Vladimir Putin.") == [("Narendra Modi", "IND", "RUS")]
    assert visits("A summit hosted by Boris Johnson opened in London.") == []


def test_a_host_noun_is_no_hosting() -> None:
    assert visits("Barack Obama greeted his host Vladimir Putin with a handshake.") == []


def test_a_guest_given_by_office_and_country() -> None:
    assert visits("Donald Rumsfeld hosted the foreign minister of Kuwait.") == [(None, "KWT", "USA")]
    assert visits("Donald Rumsfeld hosted the Kuwaiti oil exhibition.") == []


def test_the_visitor_name_is_spelt_as_the_article_spells_it() -> None:
    found = extract_article(split_sentences("Muammar Qaddafi flew to Paris on Monday."), PUBLISHED, load_lexicon())
    assert [(m.visitor_name, m.subject_key) for m in found if m.fact_type == "visit"] == \
        [("Muammar Qaddafi", "Muammar Gaddafi")]
    # A surname that is a word of the name is no other spelling ("Xi" of Xi Jinping).
    assert visits("President Xi flew to Paris on Monday.") == [("Xi Jinping", "CHN", "FRA")]


def test_a_demonym_capital_and_a_capital_in_apposition_are_destinations() -> None:
    assert visits("Narendra Modi arrived in the Chinese capital on Saturday.") == [("Narendra Modi", "IND", "CHN")]
    assert visits("Narendra Modi arrived in the capital, Tokyo, on Saturday.") == [("Narendra Modi", "IND", "JPN")]


def test_a_place_before_the_visit_noun_is_its_destination() -> None:
    assert visits("Narendra Modi's US visit was a success.") == [("Narendra Modi", "IND", "USA")]
    assert visits("The Chinese visit was short.") == []


def test_more_travel_and_meeting_words() -> None:
    assert visits("Narendra Modi touched down in Tokyo on Monday.") == [("Narendra Modi", "IND", "JPN")]
    assert visits("Narendra Modi crossed into Pakistan on Monday.") == [("Narendra Modi", "IND", "PAK")]
    assert visits("Narendra Modi held negotiations in Tokyo with Fumio Kishida.") == [("Narendra Modi", "IND", "JPN")]


def test_an_official_with_a_place_in_apposition_is_there() -> None:
    assert visits("Narendra Modi, in Geneva for talks, said the deal was near.") == [("Narendra Modi", "IND", "CHE")]
    assert visits("Narendra Modi, in a speech, said so.") == []


def test_an_opening_phrase_with_a_visit_belongs_to_the_main_subject() -> None:
    text = "Fumio Kishida spoke. During his trip to Tokyo, Indian Prime Minister Narendra Modi said trade would grow."
    assert visits(text) == [("Narendra Modi", "IND", "JPN")]
    assert visits("During the visit to Tokyo, officials said Narendra Modi was tired.") == []


def test_a_participle_may_lead_the_opening_phrase() -> None:
    # The participle's subject is the main clause's; "speaking ... to" inside it is no address to a body.
    assert visits("Capping a three-day visit to Tokyo, Indian Prime Minister Narendra Modi said trade would grow.") == \
        [("Narendra Modi", "IND", "JPN")]
    assert visits("Speaking during a visit to Tokyo, Narendra Modi said trade would grow.") == \
        [("Narendra Modi", "IND", "JPN")]


def test_a_future_presence_is_a_visit() -> None:
    assert visits("Narendra Modi will be in Tokyo next week.") == [("Narendra Modi", "IND", "JPN")]


def test_officials_who_have_been_in_a_place_are_visitors() -> None:
    assert visits("Narendra Modi and Fumio Kishida have been in Paris since Tuesday.") == \
        [("Fumio Kishida", "JPN", "FRA"), ("Narendra Modi", "IND", "FRA")]


def test_the_office_with_the_names_the_official_the_article_is_about() -> None:
    text = ("Narendra Modi spoke. Narendra Modi smiled. Fumio Kishida said so. "
            "The prime minister's trip to Saudi Arabia was a success.")
    assert visits(text) == [("Narendra Modi", "IND", "SAU")]
    # Two officials named as often: no guess.
    assert visits("Narendra Modi spoke. Fumio Kishida said so. The president's trip to Saudi Arabia ended.") == []


def test_a_visit_with_no_destination_is_to_the_dateline() -> None:
    text = ("RAMALLAH, West Bank (AP) - Police sealed the city. "
            "Police sealed off large parts ahead of George W. Bush's first visit as US president.")
    assert visits(text) == [("George W. Bush", "USA", "PSE")]
    text = "HAVANA (Reuters) - Crowds gathered. On his three-day trip, Barack Obama will meet with Raúl Castro."
    assert ("Barack Obama", "USA", "CUB") in visits(text)
    # No dateline, no destination.
    assert visits("Crowds gathered. George W. Bush's first visit was short.") == []


def test_arriving_here_or_in_the_capital_is_arriving_at_the_dateline() -> None:
    assert visits("HAVANA (Reuters) - Crowds gathered. Barack Obama arrived here on Sunday.") == \
        [("Barack Obama", "USA", "CUB")]
    assert visits("HAVANA (Reuters) - Crowds gathered. Barack Obama arrived in the capital on Sunday.") == \
        [("Barack Obama", "USA", "CUB")]
    assert visits("HAVANA (Reuters) - Crowds gathered. Ahead of Barack Obama's arrival, police closed roads.") == \
        [("Barack Obama", "USA", "CUB")]


def test_datelines_with_a_colon_or_two_cities() -> None:
    lexicon = load_lexicon()
    assert (dateline("NEW DELHI: Narendra Modi said.", lexicon).code, dateline("LONDON: It rained.", lexicon).code) \
        == ("IND", "GBR")
    assert dateline("GENEVA/WASHINGTON (Reuters) - Iran said.", lexicon).place == "Geneva"
    assert dateline("Analysis: Narendra Modi said.", lexicon) is None  # a colon after a word in capitals only


def test_a_visited_venue_in_a_place_is_a_visit_to_the_place() -> None:
    assert visits("Narendra Modi toured a car factory in the city of Tianjin.") == [("Narendra Modi", "IND", "CHN")]
    assert visits("Narendra Modi visited the troops in Afghanistan.") == [("Narendra Modi", "IND", "AFG")]


def test_the_traveller_after_the_destination() -> None:
    assert visits("The visit to Tokyo by Narendra Modi was short.") == [("Narendra Modi", "IND", "JPN")]
    assert visits("The visit to Tokyo by the Indian prime minister was short.") == [(None, "IND", "JPN")]
    assert visits("Narendra Modi is expected in Tokyo next week.") == [("Narendra Modi", "IND", "JPN")]


def test_meeting_his_counterparts_where_the_article_placed_events() -> None:
    text = "Jacques Chirac spoke in Brussels. Tony Blair is meeting his EU counterparts to finalise a package."
    assert ("Tony Blair", "GBR", "BEL") in visits(text)
    # A bare "meets" with a named guest is not read: it too often looks ahead.
    assert visits("Fumio Kishida spoke in Tokyo. He said he meets Narendra Modi on Tuesday.") == []


def test_travellers_after_the_destination_with_of_are_all_of_them() -> None:
    text = ("The first state visit to the United States of Indian Prime Minister Narendra Modi and Foreign "
            "Minister S. Jaishankar was delayed.")
    assert visits(text) == [("Narendra Modi", "IND", "USA"), ("S. Jaishankar", "IND", "USA")]
    assert visits("The visit to Tokyo of the Indian prime minister was short.") == [(None, "IND", "JPN")]


def test_a_speech_to_a_blocs_body_is_in_the_country_of_its_seat() -> None:
    assert visits("In a speech on Wednesday before the UN General Assembly, Narendra Modi defended his record.") == \
        [("Narendra Modi", "IND", "USA")]
    assert visits("Narendra Modi told the UN Security Council that peace was near.") == \
        [("Narendra Modi", "IND", "USA")]
    assert visits("Narendra Modi told the Japanese press that peace was near.") == []
def test_a_family_name_written_first_names_the_described_person() -> None:
    text = ("Chinese Vice Commerce Minister Tang Weiming called the talks useful. "
            "Mr. Tang told reporters in Nairobi that a deal was close.")
    assert visits(text) == [("Tang Weiming", "CHN", "KEN")]


def test_a_short_family_name_written_first_names_the_described_person() -> None:
    text = ("North Korean Vice Foreign Minister Ri Kwang-song called the talks useful. "
            "Ri told reporters in Nairobi that a deal was close.")
    assert visits(text) == [("Ri Kwang-song", "PRK", "KEN")]


def test_a_family_name_written_last_is_still_the_surname() -> None:
    text = ("Chilean envoy Tomas Weiming called the talks useful. "
            "Tomas told reporters in Nairobi that a deal was close.")
    assert visits(text) == []


def test_a_surname_several_officials_share_names_the_one_named_in_full() -> None:
    text = ("North Korean leader Kim Jong Un called the talks useful. "
            "Kim arrived in Beijing on Tuesday.")
    found = extract_article(split_sentences(text), None, load_lexicon())
    assert [(m.visitor_name, m.visitor_country_code, m.host_country_code) for m in found
            if m.fact_type == "visit"] == [("Kim Jong Un", "PRK", "CHN")]


def test_a_described_persons_family_name_wins_over_a_listed_official() -> None:
    text = ("Chinese Vice Finance Minister Zhu Guangyao called the talks useful. "
            "Zhu told reporters in Nairobi that a deal was close.")
    assert visits(text) == [("Zhu Guangyao", "CHN", "KEN")]


def test_the_visitor_is_named_as_the_article_first_writes_him() -> None:
    text = ("Ukraine's President Volodymyr Zelenskiy called the talks useful. "
            "Zelenskiy arrived in Nairobi on Tuesday.")
    found = extract_article(split_sentences(text), PUBLISHED, load_lexicon())
    assert [(m.visitor_name, m.subject_key) for m in found if m.fact_type == "visit"] == \
        [("Volodymyr Zelenskiy", "Volodymyr Zelensky")]


def test_a_title_is_no_part_of_the_visitors_name() -> None:
    assert visits("President Xi arrived in Nairobi on Tuesday.") == [("Xi Jinping", "CHN", "KEN")]


def test_coordinated_travellers_are_each_a_visitor() -> None:
    assert visits("Olaf Scholz and William Ruto arrived in Lima on Sunday.") == \
        [("Olaf Scholz", "DEU", "PER"), ("William Ruto", "KEN", "PER")]


def test_he_is_the_subject_of_the_last_sentence_naming_people() -> None:
    text = ("Olaf Scholz came to power after his predecessor Angela Merkel retired. "
            "He has visited Nairobi four times since.")
    assert visits(text) == [("Olaf Scholz", "DEU", "KEN")]


def test_speaking_to_a_meeting_named_after_its_city() -> None:
    text = ("North Korean Vice Foreign Minister Ri Kwang-song arrived late. "
            "Ri told the Nairobi conference that sanctions would not work.")
    assert visits(text) == [("Ri Kwang-song", "PRK", "KEN")]


def test_a_meeting_named_after_a_city_in_lower_case_words_is_no_place() -> None:
    assert visits("Olaf Scholz told the press conference that sanctions would not work.") == []


def test_another_name_of_the_visitor_is_not_his_written_name() -> None:
    text = "Abu Mazen arrived in Nairobi on Tuesday."
    assert visits(text) == [("Mahmoud Abbas", "PSE", "KEN")]


def visit_mentions(text: str) -> list[FactMention]:
    return [m for m in extract_article(split_sentences(text), PUBLISHED, load_lexicon()) if m.fact_type == "visit"]


def test_a_visit_the_sentence_does_not_place_is_where_the_article_placed_the_visitor_not_the_dateline() -> None:
    text = ("MOSCOW — Russia and India agreed on Wednesday to work on military projects. "
            "The proposal came during talks between Russian President Vladimir Putin and Indian Prime Minister "
            "Narendra Modi, who are in Vladivostok for an economic forum. "
            "Modi’s visit comes exactly seven days after Putin hosted his Turkish counterpart.")
    assert {(m.visitor_name, m.city) for m in visit_mentions(text) if "Modi" in (m.visitor_name or "")} == \
        {("Narendra Modi", "Vladivostok")}


def test_a_visit_the_sentence_does_not_place_is_to_the_dateline_when_the_article_placed_nobody() -> None:
    text = "RAMALLAH, West Bank (AP) — Mr Bush’s first visit drew protests from residents of the city."
    assert {(m.visitor_name, m.city) for m in visit_mentions(text)} == {("George W. Bush", "Ramallah")}


def test_a_meeting_still_to_come_that_dates_the_news_has_no_participants() -> None:
    text = ("Rishi Sunak said the talks with Volodymyr Zelenskiy came in the buildup to a leaders' meeting in Iceland "
            "and a G7 summit in Japan later this week.")
    assert visits(text) == []


def test_a_meeting_after_which_news_came_still_has_participants() -> None:
    assert visits("India and Japan agreed on trade after a summit in Tokyo on Monday.") == [(None, "IND", "JPN")]


def test_a_host_s_coordinated_guests_are_each_a_visitor() -> None:
    assert visits("Boris Johnson hosted Emmanuel Macron, Angela Merkel and Recep Tayyip Erdogan on Tuesday.") \
        == [("Angela Merkel", "DEU", "GBR"), ("Emmanuel Macron", "FRA", "GBR"), ("Recep Tayyip Erdogan", "TUR", "GBR")]


def test_talks_on_the_sidelines_of_the_summit_are_where_the_article_placed_the_summit() -> None:
    text = ("The summit in London comes amid a series of spats. "
            "Nobody expected much of it. The first session was held in Watford. "
            "Donald Trump is due to hold talks with Angela Merkel on the sidelines of the summit.")
    assert [v for v in visits(text) if v[0]] == [("Angela Merkel", "DEU", "GBR"), ("Donald Trump", "USA", "GBR")]


def test_a_country_sending_an_envoy_visits_the_place_it_sends_him_to() -> None:
    text = "Moon Jae-in said that China, the North's ally, had sent a special envoy to Pyongyang."
    assert visits(text) == [(None, "CHN", "PRK")]


def test_sending_no_envoy_is_no_visit() -> None:
    assert visits("China sent a letter to Pyongyang, Moon Jae-in said.") == []


def test_a_country_visitor_takes_the_official_of_the_office_the_sentence_names() -> None:
    text = ("Iranian Foreign Minister Mohammad Javad Zarif called the deal an opportunity. "
            "Kerry contradicted Iran's Deputy Foreign Minister Seyed Abbas Araghchi. "
            "The deal was announced in Geneva, where the foreign ministers representing Iran and France were meeting.")
    assert ("Mohammad Javad Zarif", "IRN", "CHE") in visits(text)


def test_someone_with_a_named_official_in_a_place_is_there_too() -> None:
    text = "Andriy Yermak said he is with Volodymyr Zelenskiy in the UK, working on defence support."
    assert visits(text) == [("Andriy Yermak", "UKR", "GBR"), ("Volodymyr Zelenskiy", "UKR", "GBR")]


def test_agreeing_with_somebody_in_a_place_is_no_presence() -> None:
    assert visits("Andriy Yermak said he agreed with Volodymyr Zelenskiy in the end.") == []


def test_the_first_stop_of_a_trip_is_a_visit() -> None:
    text = "Barack Obama praised the reforms on a four-day trip to Asia that began in Bangkok on Saturday."
    assert ("Barack Obama", "USA", "THA") in visits(text)


def test_both_countries_meeting_in_one_of_them_is_the_other_one_s_visit() -> None:
    text = ("Britain welcomed the decision by India and Pakistan to open a bus link. "
            "Jack Straw praised the breakthrough. Reports describe the deal as a major step. "
            "Jack Straw said he hoped it would help. "
            "The bus service was announced after a meeting of foreign ministers of both countries in Islamabad.")
    assert (None, "IND", "PAK") in visits(text)
    assert not [v for v in visits(text) if v[1] == "GBR"]


def test_a_direction_before_the_country_is_part_of_the_place() -> None:
    assert visits("Frank-Walter Steinmeier said, after flying over the area in the Alps in southeastern France.") \
        == [("Frank-Walter Steinmeier", "DEU", "FRA")]
    assert visits("Sergei Lavrov held talks in eastern Ukraine on Monday.") == [("Sergei Lavrov", "RUS", "UKR")]


def test_flying_over_moves_only_a_named_official() -> None:
    assert visits("Russian jets flew over Syria on Monday.") == []


def test_a_host_s_guest_list_ends_with_and() -> None:
    assert visits("Vladimir Putin hosted Recep Tayyip Erdogan, Iran's Hassan Rouhani said on Monday.") == \
        [("Recep Tayyip Erdogan", "TUR", "RUS")]


def test_being_with_a_country_in_a_place_is_no_visit() -> None:
    assert visits("The problem is with Iran in Syria, the report said.") == []


def test_trips_to_the_country_in_a_story_without_dateline_are_to_the_country_named_last() -> None:
    text = ("Kevin McAleenan said the deal was good. "
            "McAleenan dismissed those concerns about Guatemala. "
            "In five trips to the country in the last year, he said that he saw progress.")
    assert ("Kevin McAleenan", "USA", "GTM") in [v for v in visits("Homeland Security Secretary " + text)]


def test_a_middle_initial_keeps_the_official() -> None:
    text = ("Secretary of State John F. Kerry said in Paris that sanctions were being considered. "
            "Mr. Kerry later said in Geneva that talks would go on.")
    assert visits(text) == [("John Kerry", "USA", "CHE"), ("John Kerry", "USA", "FRA")]


def test_visits_after_a_second_to_take_their_own_date() -> None:
    text = ("Kang Hoon-sik, the presidential chief of staff, departed on Sunday. The trip follows Kang's earlier "
            "visits to Poland and Norway in October and to the United Arab Emirates (UAE) and Saudi Arabia in "
            "November.")
    found = extract_article(split_sentences(text), dt.date(2025, 12, 29), load_lexicon())
    dates = {m.host_country_code: m.event_date for m in found if m.fact_type == "visit"}
    assert set(dates) == {"POL", "NOR", "ARE", "SAU"}
    assert dates["POL"].month == dates["NOR"].month == 10
    assert dates["ARE"].month == dates["SAU"].month == 11


def test_an_official_sent_somewhere_visits() -> None:
    assert visits("Donald Trump dispatched Mike Pence to Ankara on Thursday.") == [("Mike Pence", "USA", "TUR")]
    assert visits("Barack Obama sent Secretary of State John Kerry to Geneva.") == [("John Kerry", "USA", "CHE")]
    assert visits("Barack Obama sent Congress a letter about Geneva.") == []


def test_welcoming_an_official_s_offer_is_no_visit() -> None:
    assert visits("Moon Jae-in on Tuesday welcomed Kim Jong Un's olive branch as a response to Seoul's hopes.") == []


def test_what_is_there_is_nobody_s_presence() -> None:
    text = ("Chinese Defence Minister Li Shangfu arrived in Washington on Monday. "
            "What other US-China tensions are there?")
    assert visits(text) == [("Li Shangfu", "CHN", "USA")]


def test_talks_a_truce_paves_the_way_for_have_nobody_there_yet() -> None:
    assert visits("The truce between Israel and Hamas paves the way for peace talks in Egypt.") == []


def test_a_firm_s_nationality_does_not_travel() -> None:
    assert visits("The ship was chartered by Taiwanese company Bunker Group and previously visited South Korea's "
                  "Yeosu Port on Oct. 11.") == []


def test_but_ends_a_negation_and_shares_its_subject() -> None:
    text = ("While Jim Mattis traveled to the region earlier this year, he did not stop in Pakistan, but visited its "
            "arch rival, India, a relationship that has grown.")
    assert visits(text) == [("Jim Mattis", "USA", "IND")]


def test_a_fronted_summit_places_the_main_subject_and_whom_he_met() -> None:
    assert visits("Later on Wednesday, at the summit in Mexico, Barack Obama also blamed Russian President Vladimir "
                  "Putin for supporting the government.") == [("Barack Obama", "USA", "MEX")]
    assert visits("At the summit in Tokyo, Narendra Modi met US President Joe Biden.") == \
        [("Joe Biden", "USA", "JPN"), ("Narendra Modi", "IND", "JPN")]


def test_a_relative_clause_does_not_lend_its_actors_to_the_main_verb() -> None:
    # Chile is named inside "who ...", so the traveller who arrived is the official before it.
    mentions = extract_article(split_sentences(
        "Japanese Foreign Minister Taro Kono, who signed a fisheries accord with Chile last year, arrived in Lima."),
        dt.date(2019, 5, 2), load_lexicon())
    assert [(m.visitor_name, m.visitor_country_code, m.host_country_code) for m in mentions
            if m.fact_type == "visit"] == [("Taro Kono", "JPN", "PER")]


def test_the_comma_before_the_main_verb_closes_a_relative_clause() -> None:
    text = "Kerry, who is touring Asia, said the talks, which began in May, had stalled."
    assert [text[start:end] for start, end in clauses(text)] == \
        ["Kerry", "is touring Asia", "said the talks", "began in May", "had stalled."]


def test_foreign_ministers_who_gathered_in_a_capital_visited_it() -> None:
    mentions = extract_article(split_sentences(
        "Kenyan Foreign Minister Musalia Mudavadi and his Ugandan counterpart gathered in Kigali on Monday."),
        dt.date(2024, 5, 8), load_lexicon())
    assert ("KEN", "RWA") in {(m.visitor_country_code, m.host_country_code) for m in mentions if m.fact_type == "visit"}


def test_a_trip_prevented_or_asked_for_is_no_visit() -> None:
    assert visits("The order bars citizens of Chad and Yemen from traveling to the United States.") == []
    assert visits("Indian Foreign Minister Pranab Mukherjee was advised against travelling to Pakistan.") == []
    assert visits("Moroccan groups lobbied for President Barack Obama to come to Rabat.") == []
    assert visits("Indian Foreign Minister Pranab Mukherjee travelled to Pakistan.") == \
        [("Pranab Mukherjee", "IND", "PAK")]


def test_private_people_after_a_demonym_are_no_visitors() -> None:
    assert visits("An Angolan woman arrived in Mexico in early July.") == []
    assert visits("Two Syrian children arrived in Greece.") == []


def test_a_fronted_place_after_its_description() -> None:
    assert visits("In the eastern Chinese city of Hangzhou, Narendra Modi met Xi Jinping.") == \
        [("Narendra Modi", "IND", "CHN")]
    assert visits("In the Latvian capital Riga, Rishi Sunak praised the coalition.") == \
        [("Rishi Sunak", "GBR", "LVA")]


def test_telling_a_named_outlet_somewhere_places_the_speaker() -> None:
    assert visits("Rishi Sunak told the Times in Nairobi that aid would rise.") == [("Rishi Sunak", "GBR", "KEN")]


def test_a_family_name_with_another_given_name_is_not_the_listed_official() -> None:
    # Lin Jian, China's spokesman, is not Taiwan's foreign minister Lin Chia-lung.
    assert visits('In Beijing, Foreign Ministry spokesperson Lin Jian said "blocs are not needed".') == []
    assert visits("Taiwan's foreign minister Lin Chia-lung arrived in Tokyo.") == [("Lin Chia-lung", "TWN", "JPN")]


def test_a_speech_at_a_place_places_the_speaker() -> None:
    assert visits('"Nationalism is rising," Angela Merkel said on Wednesday in a speech at Davos.') == \
        [("Angela Merkel", "DEU", "CHE")]


def test_at_the_event_places_the_subject_where_the_article_placed_the_event() -> None:
    assert visits("Leaders gathered for a summit in Singapore on Saturday. At the summit, Philippine Foreign "
                  "Secretary Alan Peter Cayetano weighed in on the dispute.") == \
        [("Alan Peter Cayetano", "PHL", "SGP")]
