"""The extractor on sentences written for these tests (not from the seeds): roles, status, negation, dates."""

import datetime as dt

import pytest

from pipeline.extract.actors import find_actors
from pipeline.extract.article import extract_article
from pipeline.extract.lexicon import load_lexicon
from pipeline.extract.mentions import FactMention
from pipeline.text.sentences import split_sentences

PUBLISHED = dt.date(2023, 3, 15)  # a Wednesday


def extract(text: str, published: dt.date | None = PUBLISHED) -> list[FactMention]:
    return extract_article(split_sentences(text), published, load_lexicon())


def only(mentions: list[FactMention], fact_type: str) -> list[FactMention]:
    return [m for m in mentions if m.fact_type == fact_type]


def test_signed_agreement_with_value_topic_and_relative_date() -> None:
    [deal] = only(extract("China and Brazil signed a $3 billion agreement on soybean exports on Tuesday."),
                  "agreement")
    assert deal.party_codes == ["BRA", "CHN"]
    assert deal.status == "signed"
    assert deal.value_usd == 3_000_000_000
    assert deal.subject_key == "trade"
    assert (deal.event_date, deal.date_precision) == (dt.date(2023, 3, 14), "day")


def test_three_party_deal_and_the_country_it_is_about() -> None:
    [deal] = only(extract("Turkey, Russia and Iran agreed a trilateral accord on Syria."), "agreement")
    assert deal.party_codes == ["IRN", "RUS", "TUR"]
    assert deal.status == "agreed"


@pytest.mark.parametrize("sentence", [
    "Japan did not sign the treaty with South Korea.",
    "Talks between Egypt and Ethiopia failed to reach an agreement on the dam.",
])
def test_negated_agreements_are_not_facts(sentence: str) -> None:
    assert only(extract(sentence), "agreement") == []


def test_modal_agreement_is_proposed() -> None:
    [deal] = only(extract("Australia and Indonesia could sign a defence pact next year."), "agreement")
    assert deal.status == "proposed"
    assert deal.event_date.year == 2024


def test_visit_by_a_named_official_to_a_capital() -> None:
    [visit] = only(extract("French President Emmanuel Macron arrived in Beijing on Wednesday for a state visit."),
                   "visit")
    assert (visit.visitor_country_code, visit.host_country_code, visit.city) == ("FRA", "CHN", "Beijing")
    assert visit.visitor_name == "Emmanuel Macron"
    assert visit.event_date == PUBLISHED


def test_hosting_makes_the_guest_the_visitor() -> None:
    [visit] = only(extract("Egyptian President Abdel Fattah el-Sisi hosted Israeli Prime Minister Benjamin Netanyahu"
                           " in Cairo."), "visit")
    assert (visit.visitor_country_code, visit.host_country_code, visit.city) == ("ISR", "EGY", "Cairo")


def test_meeting_in_a_city_makes_foreign_participants_visitors() -> None:
    visits = only(extract("German Chancellor Olaf Scholz held talks in Tokyo with Japanese Prime Minister"
                          " Fumio Kishida."), "visit")
    assert [(v.visitor_country_code, v.host_country_code) for v in visits] == [("DEU", "JPN")]


def test_sanctions_imposed_with_reason() -> None:
    [sanction] = only(extract("The European Union imposed sanctions on Belarus over the forced landing of a"
                              " passenger jet."), "sanction")
    assert (sanction.imposer_code, sanction.target_code, sanction.status) == ("EU", "BLR", "imposed")
    assert "forced landing" in sanction.reason


def test_threatened_sanctions_from_several_imposers() -> None:
    sanctions = only(extract("Iran could face new sanctions from the United States and Britain if it expands"
                             " uranium enrichment."), "sanction")
    assert {(s.imposer_code, s.target_code, s.status) for s in sanctions} == {
        ("USA", "IRN", "threatened"), ("GBR", "IRN", "threatened")}


def test_lifted_sanctions_and_year() -> None:
    [sanction] = only(extract("Washington lifted sanctions on Sudan in 2017."), "sanction")
    assert (sanction.imposer_code, sanction.target_code, sanction.status) == ("USA", "SDN", "lifted")
    assert (sanction.event_date, sanction.date_precision) == (dt.date(2017, 1, 1), "year")


def test_the_two_countries_refers_to_the_pair_just_discussed() -> None:
    text = ("Vietnam and the Philippines share concerns in the South China Sea. "
            "The two countries signed a maritime security agreement on Monday.")
    [deal] = only(extract(text), "agreement")
    assert deal.party_codes == ["PHL", "VNM"]


def test_officials_resolve_by_term_of_office() -> None:
    [visit] = only(extract("Pompeo travelled to Seoul on Monday.", dt.date(2019, 6, 12)), "visit")
    assert (visit.visitor_country_code, visit.host_country_code) == ("USA", "KOR")


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The United States slapped new sanctions on Iran's oil sector on Tuesday.", ("USA", "IRN", "imposed")),
    ("Washington has threatened to impose sanctions on Turkey if it buys more Russian weapons.",
     ("USA", "TUR", "threatened")),
    ("The Treasury Department imposed sanctions on three North Korean officials.", ("USA", "PRK", "imposed")),
    ("The Biden administration eased some sanctions on Venezuela.", ("USA", "VEN", "lifted")),
    ("The White House restored oil sanctions on Venezuela that it had lifted in May.", ("USA", "VEN", "imposed")),
    ("Britain moved to snap back sanctions on Iran that were eased in 2016.", ("GBR", "IRN", "imposed")),
])
def test_sanction_status_follows_the_governing_verb(sentence: str, expected: tuple[str, str, str]) -> None:
    [sanction] = only(extract(sentence), "sanction")
    assert (sanction.imposer_code, sanction.target_code, sanction.status) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # A demand that the imposer lift its sanctions; "its" is the clause's subject, the one sanctioned.
    ("Cuba has urged Washington to lift the sanctions on its ports.", [("USA", "CUB", "waiver_sought")]),
    ("Venezuela told the EU to withdraw sanctions on its officials.", [("EU", "VEN", "waiver_sought")]),
    # "sanctions that target X": the relative clause names the target; the resolution's issuer imposes.
    ("Arms sales are prohibited by a U.N. Security Council Resolution, part of sanctions that target Libya.",
     [("UN", "LBY", "imposed")]),
    # Who breaks sanctions is not their target.
    ("Panama detained a tanker in violation of U.N. sanctions.", []),
])
def test_sanction_roles_from_the_clause(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(s.imposer_code, s.target_code, s.status) for s in only(extract(sentence), "sanction")] == expected


def test_passive_sanctioned_subject_is_the_target_of_the_article_imposer() -> None:
    text = ("The European Union imposed sanctions on Belarus on Monday. "
            "Two Russian banks were also sanctioned for financing \"illegal transfers\" to Minsk.")
    sanctions = only(extract(text), "sanction")
    assert [(s.imposer_code, s.target_code, s.status) for s in sanctions] == [
        ("EU", "BLR", "imposed"), ("EU", "RUS", "imposed")]
    assert sanctions[1].reason == 'for financing "illegal transfers" to Minsk'
    [by] = only(extract("Three Iranian firms were sanctioned by Britain."), "sanction")
    assert (by.imposer_code, by.target_code) == ("GBR", "IRN")


def test_sanctions_with_a_stated_target_and_no_imposer_are_the_article_imposer() -> None:
    text = ("Canada imposed sanctions on Myanmar in 2021. "
            "Despite protests by rights groups, the election led to the lifting of decades-old sanctions on Myanmar.")
    sanctions = only(extract(text), "sanction")
    assert [(s.imposer_code, s.target_code, s.status) for s in sanctions] == [
        ("CAN", "MMR", "imposed"), ("CAN", "MMR", "lifted")]
    assert "decades-old" in sanctions[1].reason
    # No target stated, no row: the imposer is borrowed, the target never.
    assert len(only(extract("Canada imposed sanctions on Myanmar. The lifting of sanctions is near."),
                    "sanction")) == 1


def test_sanctions_on_the_country_target_the_country_named_before() -> None:
    text = ("Zimbabwe was suspended from the Commonwealth. "
            "Switzerland said it was slapping sanctions on the southern African country.")
    [sanction] = only(extract(text), "sanction")
    assert (sanction.imposer_code, sanction.target_code, sanction.reason) == ("CHE", "ZWE", None)
    # Neither the imposer nor a bloc is "the country".
    [against] = only(extract("Cuba defied the United Nations. The United States imposed sanctions against the island."),
                     "sanction")
    assert (against.imposer_code, against.target_code) == ("USA", "CUB")
    # A country the same sentence names before, as no place and no object of a preposition, comes first.
    [own] = only(extract("Missiles flew over Japan. It is the first test since North Korea's nuclear test and new "
                         "United Nations sanctions on the country."), "sanction")
    assert (own.imposer_code, own.target_code) == ("UN", "PRK")


def test_sanctions_aimed_at_a_countrys_conduct_target_it_and_state_the_purpose() -> None:
    [aimed] = only(extract("The United States and China have backed U.N. sanctions aimed at curbing North Korea's "
                           "weapons program."), "sanction")
    assert (aimed.imposer_code, aimed.target_code) == ("UN", "PRK")
    assert aimed.reason is not None and aimed.reason.endswith("aimed at curbing North Korea's weapons program")


def test_a_pronoun_subject_of_the_sanctioning_verb_is_the_country_named_before_it() -> None:
    [lifted] = only(extract('"It believes the EU needs to position itself politically and economically ahead of the US '
                            'when it eventually lifts the economic embargo against Cuba," she said.'), "sanction")
    assert (lifted.imposer_code, lifted.target_code, lifted.status) == ("USA", "CUB", "lifted")


def test_instituted_sanctions_are_imposed_by_the_subject() -> None:
    [instituted] = only(extract("Iran says its programme is peaceful. Others, like the United States, have challenged "
                                "that assertion and instituted strict sanctions, fearing that Tehran plans a bomb."),
                        "sanction")
    assert (instituted.imposer_code, instituted.target_code) == ("USA", "IRN")


def test_coordinated_subjects_all_impose() -> None:
    found = only(extract("The US, UK, France and Germany have imposed fresh sanctions on Iran."), "sanction")
    assert sorted(m.imposer_code for m in found) == ["DEU", "FRA", "GBR", "USA"]
    assert {m.target_code for m in found} == {"IRN"}
    # A city before the subject is where it spoke.
    [alarm] = only(extract("In Brussels, the European Union imposed sanctions on Russia."), "sanction")
    assert (alarm.imposer_code, alarm.target_code) == ("EU", "RUS")


def test_a_demonym_before_a_preposition_does_not_impose() -> None:
    [after] = only(extract("India buys Russian oil following sanctions imposed by the United States on Russia."),
                   "sanction")
    assert after.imposer_code == "USA"


def test_sanctions_placed_on_people_aligned_with_a_leader_target_his_country() -> None:
    [placed] = only(extract("The United States is placing sanctions on 16 officials who are closely aligned with "
                            "Venezuelan President Nicolás Maduro."), "sanction")
    assert (placed.imposer_code, placed.target_code) == ("USA", "VEN")


def test_an_entry_ban_targets_the_country_of_the_people_barred() -> None:
    [barred] = only(extract("Moscow retaliated on Saturday, barring Prime Minister Boris Johnson and other senior "
                            "British officials from entering the country."), "sanction")
    assert (barred.imposer_code, barred.target_code, barred.status) == ("RUS", "GBR", "imposed")
    [banned] = only(extract("The Philippines has banned two U.S. lawmakers from visiting."), "sanction")
    assert (banned.imposer_code, banned.target_code) == ("PHL", "USA")
    # Nobody barred is no visitor either.
    assert only(extract("The Philippines has banned two U.S. lawmakers from visiting."), "visit") == []


def test_an_embargo_of_a_country_targets_it() -> None:
    [embargo] = only(extract("President Donald Trump threatened a full and complete embargo of Cuba."), "sanction")
    assert (embargo.imposer_code, embargo.target_code, embargo.status) == ("USA", "CUB", "threatened")


def test_punishment_on_a_country_is_a_sanction() -> None:
    [threat] = only(extract("Britain will inflict tough punishment on Iran if it seizes another tanker."), "sanction")
    assert (threat.imposer_code, threat.target_code, threat.status) == ("GBR", "IRN", "threatened")
    assert only(extract("The court handed down a harsh punishment to the smugglers."), "sanction") == []


def test_active_sanctioning_verb_targets_its_object() -> None:
    text = ("Japan imposed sanctions on Russia over the war. "
            "Tokyo also blacklisted an additional 12 firms linked to the Russian army.")
    sanctions = only(extract(text), "sanction")
    assert [(s.imposer_code, s.target_code, s.status) for s in sanctions] == [
        ("JPN", "RUS", "imposed"), ("JPN", "RUS", "imposed")]
    assert sanctions[0].subject_key != sanctions[1].subject_key  # further measures, not the same package
    # A participle modifying a noun is no verb: whoever trades with blacklisted firms is not their target.
    assert only(extract("Banks that deal with blacklisted Syrian firms face fines."), "sanction") == []


def test_blocs_are_parties_and_brokers_are_not() -> None:
    [brexit] = only(extract("Britain and the European Union reached a post-Brexit trade deal."), "agreement")
    assert brexit.party_codes == ["EU", "GBR"]
    [detente] = only(extract("Saudi Arabia and Iran agreed to restore relations in a deal brokered by China."),
                     "agreement")
    assert detente.party_codes == ["IRN", "SAU"]


def test_a_decision_on_sanctions_is_not_an_agreement() -> None:
    mentions = extract("The EU agreed to lift sanctions on Belarus potash exports.")
    assert only(mentions, "agreement") == []
    assert [(m.imposer_code, m.target_code, m.status) for m in only(mentions, "sanction")] == [("EU", "BLR", "lifted")]


def test_summit_of_countries_without_named_officials() -> None:
    [visit] = only(extract("South Korea and Japan held a summit in Tokyo, their first in 12 years."), "visit")
    assert (visit.visitor_country_code, visit.host_country_code, visit.city, visit.visitor_name) == (
        "KOR", "JPN", "Tokyo", None)


def test_surname_of_someone_else_is_not_the_official() -> None:
    text = ("Eric Reeves, an academic who studies Sudan, criticised the decision. "
            "Mr. Reeves said the American government had made a deal with the devil.")
    assert all("GBR" not in m.party_codes for m in extract(text, dt.date(2025, 1, 10)))


def test_names_with_full_stops_do_not_break_clauses() -> None:
    [sanction] = only(extract("The U.N. Security Council voted to extend sanctions against South Sudan."), "sanction")
    assert (sanction.imposer_code, sanction.target_code, sanction.status) == ("UN", "SSD", "imposed")


@pytest.mark.parametrize("sentence", [
    "India rejected the offer of a defence deal from France.",
    "Israel and the United States have strongly objected to the deal.",
])
def test_opposing_a_deal_is_not_being_party_to_it(sentence: str) -> None:
    assert only(extract(sentence), "agreement") == []


def test_venue_is_not_a_party_and_pair_phrase_takes_the_last_two_named() -> None:
    [accord] = only(extract("The accord was signed by Israel and Bahrain at the White House in September 2020."),
                    "agreement")
    assert accord.party_codes == ["BHR", "ISR"]
    assert (accord.event_date, accord.date_precision) == (dt.date(2020, 9, 1), "month")
    [treaty] = only(extract("Iran worries about ties between Russia and the U.S. after the two former adversaries"
                            " signed a nuclear arms treaty."), "agreement")
    assert treaty.party_codes == ["RUS", "USA"]


def test_a_pronoun_is_not_an_official_named_he() -> None:
    assert only(extract("He visited Kabul last week, his first trip to Afghanistan in a year."), "visit") == []


def test_relative_clause_and_pronoun_visitors() -> None:
    [visit] = only(extract("Mr Chavez, who is visiting China, praised the oil deal.", dt.date(2004, 12, 24)), "visit")
    assert (visit.visitor_name, visit.host_country_code) == ("Hugo Chavez", "CHN")
    text = ("British Foreign Secretary Jack Straw praised the talks. "
            "When he was in Tokyo earlier this week, he met Japanese officials.")
    [tokyo] = only(extract(text, dt.date(2005, 1, 14)), "visit")
    assert (tokyo.visitor_name, tokyo.host_country_code, tokyo.city) == ("Jack Straw", "JPN", "Tokyo")


def test_the_two_presidents_are_the_two_officials_named_last() -> None:
    text = ("Argentine President Nestor Kirchner met Venezuelan President Hugo Chavez. "
            "Brazil's Petrobras may join later. The two presidents also agreed to create a television network.")
    [deal] = [m for m in only(extract(text, dt.date(2005, 3, 1)), "agreement") if "television" in m.subject]
    assert deal.party_codes == ["ARG", "VEN"]


def test_sentence_subject_imposes_an_embargo_on_a_named_target() -> None:
    sentence = ("President Bush's government, a strong supporter of the trade embargo on Cuba, "
                "tightened travel rules in May.")
    [embargo] = only(extract(sentence, dt.date(2004, 11, 9)), "sanction")
    assert (embargo.imposer_code, embargo.target_code) == ("USA", "CUB")


def test_more_sanctions_are_a_further_measure() -> None:
    text = ("In 1997, President Bill Clinton imposed a trade embargo against Sudan. "
            "After the Darfur killings in 2004, the United States imposed more sanctions on Sudan.")
    keys = {m.subject_key for m in only(extract(text, dt.date(2017, 1, 13)), "sanction")}
    assert len(keys) == 2


def test_sanctions_without_a_stated_reason_take_the_topic_the_sentence_names() -> None:
    [sanction] = only(extract("Canada imposed sanctions on Iran that target its ballistic missile tests."), "sanction")
    assert (sanction.imposer_code, sanction.target_code, sanction.status) == ("CAN", "IRN", "imposed")
    assert sanction.reason == "ballistic missile tests"


def test_citing_states_the_reason_for_sanctions() -> None:
    [sanction] = only(extract("Australia imposed sanctions on Myanmar, citing the crackdown on protesters."),
                      "sanction")
    assert "crackdown on protesters" in sanction.reason


@pytest.mark.parametrize(("sentence", "parties"), [
    ("Iran reached a deal with six world powers on its uranium stockpile.",
     ["CHN", "DEU", "FRA", "GBR", "IRN", "RUS", "USA"]),
    ("The G7 leaders signed a joint statement on food security.", ["CAN", "DEU", "FRA", "GBR", "ITA", "JPN", "USA"]),
    ("The European Union Three and Iran agreed on a suspension of enrichment.", ["DEU", "FRA", "GBR", "IRN"]),
    ("Nato leaders agreed a defence spending target of 3% of output.", ["NATO"]),
])
def test_groups_of_states_stand_for_their_members(sentence: str, parties: list[str]) -> None:
    [agreement] = only(extract(sentence), "agreement")
    assert agreement.party_codes == parties


def test_a_group_named_as_the_venue_is_not_a_party() -> None:
    [agreement] = only(extract("At the G7 summit, Japan and Canada signed a deal on critical minerals."), "agreement")
    assert agreement.party_codes == ["CAN", "JPN"]


def test_group_membership_follows_the_article_date() -> None:
    sentence = "The East African Community signed a trade deal with Norway."
    [before] = only(extract(sentence, dt.date(2010, 5, 1)), "agreement")
    [after] = only(extract(sentence, dt.date(2018, 5, 1)), "agreement")
    assert "SSD" not in before.party_codes and "SSD" in after.party_codes


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Norway said on Monday it had suspended all arms exports to Belarus.", ("NOR", "BLR", "imposed")),
    ("Egypt sealed the border crossings with the Gaza Strip after the attack.", ("EGY", "PSE", "imposed")),
    ("Eritrea is banned under U.N. resolutions from importing weapons.", ("UN", "ERI", "imposed")),
    ("Canada threatened to halt arms sales to Riyadh over the war.", ("CAN", "SAU", "threatened")),
])
def test_measures_stated_by_their_verb_are_sanctions(sentence: str, expected: tuple[str, str, str]) -> None:
    [sanction] = only(extract(sentence), "sanction")
    assert (sanction.imposer_code, sanction.target_code, sanction.status) == expected


def test_a_halt_of_arms_sales_names_the_measure_and_its_reason() -> None:
    [sanction] = only(extract("Sweden halted weapons deliveries to Turkey over its offensive in Syria."), "sanction")
    assert sanction.reason == "halted weapons deliveries over its offensive in Syria"


def test_the_body_members_belong_to_is_not_a_party() -> None:
    [agreement] = only(extract("Iran and the P5+1, the five permanent members of the U.N. Security Council plus"
                               " Germany, reached a deal on its enrichment."), "agreement")
    assert agreement.party_codes == ["CHN", "DEU", "FRA", "GBR", "IRN", "RUS", "USA"]


def test_a_dateline_place_is_not_a_party() -> None:
    [agreement] = only(extract("Geneva (CNN) Iran and the United States signed a prisoner exchange deal."),
                       "agreement")
    assert agreement.party_codes == ["IRN", "USA"]


def test_a_deal_between_the_two_countries_is_between_the_last_two_named() -> None:
    [agreement] = only(extract("Biden said Poland is too close to Hungary because of an energy deal between the two"
                               " countries."), "agreement")
    assert agreement.party_codes == ["HUN", "POL"]


def test_a_deal_already_negotiated_is_agreed() -> None:
    [agreement] = only(extract("Kenya has already negotiated a fisheries agreement with Somalia."), "agreement")
    assert (agreement.party_codes, agreement.status) == (["KEN", "SOM"], "agreed")


def test_the_subject_nearest_the_sanctioning_verb_imposes() -> None:
    [sanction] = only(extract("Russia expects the Security Council to lift sanctions on Iran."), "sanction")
    assert (sanction.imposer_code, sanction.target_code, sanction.status) == ("UN", "IRN", "lifted")


def test_a_place_opening_the_sentence_does_not_impose() -> None:
    [sanction] = only(extract("In Brussels, the European Union called for more sanctions on Belarus."), "sanction")
    assert (sanction.imposer_code, sanction.target_code) == ("EU", "BLR")


def test_loosening_an_embargo_lifts_it() -> None:
    [sanction] = only(extract("The United States loosened its embargo on Cuba."), "sanction")
    assert (sanction.imposer_code, sanction.target_code, sanction.status) == ("USA", "CUB", "lifted")


def test_a_newspaper_named_after_a_city_is_not_an_actor() -> None:
    actors = find_actors("The New York Times reported that Canada signed the deal.", load_lexicon(), PUBLISHED)
    assert [a.code for a in actors] == ["CAN"]


@pytest.mark.parametrize("sentence", [
    "Washington said on Wednesday it would impose fresh sanctions on Moscow.",
    "The U.S. administration is set to impose economic sanctions on Ankara this week.",
    "Washington urged its allies to hold off on imposing new sanctions on Tehran.",
    "Canada said it would take steps to slap penalties on Beijing.",
])
def test_sanctions_not_yet_imposed_are_threatened(sentence: str) -> None:
    [sanction] = only(extract(sentence), "sanction")
    assert sanction.status == "threatened"


def test_a_city_naming_an_accord_or_a_conference_is_not_a_party() -> None:
    [agreement] = only(extract("Canada and Mexico signed the Paris climate accord on Monday."), "agreement")
    assert agreement.party_codes == ["CAN", "MEX"]


def test_the_country_a_crisis_is_about_is_not_a_party() -> None:
    [agreement] = only(extract("Japan and Australia agreed to work for a peaceful end to the North Korean nuclear"
                               " crisis."), "agreement")
    assert agreement.party_codes == ["AUS", "JPN"]


def test_the_targets_of_sanctions_are_not_parties_to_a_deal() -> None:
    mentions = extract("Britain and France reached agreement on a bill that allows new sanctions against Russia,"
                       " Iran and Syria.")
    assert [m.party_codes for m in only(mentions, "agreement")] == [["FRA", "GBR"]]


def test_a_deal_to_do_something_keeps_the_whole_object_as_its_subject() -> None:
    sentence = "Ghana signed a deal to import millions of tonnes of liquefied natural gas from Nigeria."
    [agreement] = only(extract(sentence), "agreement")
    assert agreement.subject == "import millions of tonnes of liquefied natural gas"


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The White House moved to ease the long-standing Cuban embargo.", ("USA", "CUB", "lifted")),
    ("Brussels agreed that the European Union would let its Iranian oil embargo lapse in June.",
     ("EU", "IRN", "lifted")),
    ("Canada kept a British arms embargo on Myanmar in force.", ("GBR", "MMR", "imposed")),
])
def test_a_demonym_on_an_embargo_names_the_country_embargoed(sentence: str, expected: tuple[str, str, str]) -> None:
    [sanction] = only(extract(sentence), "sanction")
    assert (sanction.imposer_code, sanction.target_code, sanction.status) == expected


def test_deliveries_a_deal_provides_for_are_not_its_stage() -> None:
    [agreement] = only(extract("Kazakhstan and China agreed on advance payment for long-term gas deliveries."),
                       "agreement")
    assert (agreement.party_codes, agreement.status) == (["CHN", "KAZ"], "agreed")


def test_along_with_adds_a_party_rather_than_naming_the_partner() -> None:
    [agreement] = only(extract("Chile and Peru have reached a new fisheries deal, along with Ecuador, to replace"
                               " the old quota system."), "agreement")
    assert agreement.party_codes == ["CHL", "ECU", "PER"]


@pytest.mark.parametrize(("sentence", "subject"), [
    ("The Central America Free Trade Agreement (CAFTA) gives Honduras and the United States lower tariffs.",
     "CAFTA"),
    ("The Strategic Arms Reduction Treaty was signed by Russia and the United States.",
     "Strategic Arms Reduction Treaty"),
])
def test_a_deal_known_by_its_name_takes_the_name_as_subject(sentence: str, subject: str) -> None:
    [agreement] = only(extract(sentence), "agreement")
    assert agreement.subject == subject


def test_a_group_acronym_with_a_digit_is_not_a_product() -> None:
    [agreement] = only(extract("The EU3 say that under an accord last year, Iran agreed to suspend all uranium"
                               " enrichment."), "agreement")
    assert "enrichment" in agreement.subject


def test_the_country_sanctions_hold_back_is_their_target() -> None:
    [sanction] = only(extract("Canada has imposed sanctions which effectively barred Myanmar from buying arms."),
                      "sanction")
    assert (sanction.imposer_code, sanction.target_code, sanction.status) == ("CAN", "MMR", "imposed")


@pytest.mark.parametrize(("sentence", "status"), [
    ("Kenya's border treaty with Tanzania is safe, the minister said.", "signed"),
    ("Kenya and Tanzania began talks on a border treaty.", "under_negotiation"),
])
def test_a_treaty_is_signed_unless_a_cue_says_otherwise(sentence: str, status: str) -> None:
    [agreement] = only(extract(sentence), "agreement")
    assert (agreement.party_codes, agreement.status) == (["KEN", "TZA"], status)


def test_the_treaty_is_the_treaty_the_article_named() -> None:
    text = ("Moscow withdrew from the Open Skies Treaty (OST) last year. "
            "Canada signed the treaty alongside Russia but left it in 2021.")
    [agreement] = only(extract(text), "agreement")
    assert (agreement.party_codes, agreement.subject) == (["CAN", "RUS"], "OST")


def test_the_agreement_does_not_borrow_a_name_named_for_another_deal() -> None:
    text = ("France stayed in the Paris Agreement. "
            "Canada and Mexico signed the agreement, which eases tensions.")
    [agreement] = only(extract(text), "agreement")
    assert agreement.subject != "Paris Agreement"


def test_both_countries_are_the_pair_last_named_together() -> None:
    text = ("Britain has welcomed the decision by Chile and Peru to reopen their border crossing. "
            "The British foreign minister praised the spirit of the talks. "
            "Newspapers in both countries describe the fisheries deal as a major step.")
    [agreement] = only(extract(text), "agreement")
    assert agreement.party_codes == ["CHL", "PER"]


def test_agreeing_to_talks_is_about_what_the_talks_are_on() -> None:
    [agreement] = only(extract("Chile and Peru agreed to begin talks on sharing fishing grounds."), "agreement")
    assert (agreement.party_codes, agreement.subject) == (["CHL", "PER"], "sharing fishing grounds")


def test_a_multilateral_trade_pact_stands_for_its_members_of_the_time() -> None:
    sentence = "Ministers agreed on the Trans-Pacific Partnership trade deal in Atlanta."
    [then] = only(extract(sentence, dt.date(2015, 10, 6)), "agreement")
    assert then.party_codes == ["AUS", "BRN", "CAN", "CHL", "JPN", "MEX", "MYS", "NZL", "PER", "SGP", "USA", "VNM"]
    [renamed] = only(extract("Eleven nations signed the CPTPP trade deal in Santiago.", dt.date(2018, 3, 9)),
                     "agreement")
    assert "USA" not in renamed.party_codes and len(renamed.party_codes) == 11


def test_what_a_series_of_agreements_includes_is_their_subject() -> None:
    [agreement] = only(extract("Chile signed a series of agreements with Peru, including the purchase of 20 Embraer"
                               " jets by a Peruvian airline."), "agreement")
    assert agreement.subject is not None and "Embraer jets" in agreement.subject


def test_a_year_modifying_another_noun_does_not_date_the_fact() -> None:
    [sanction] = only(extract("The United States restored sanctions on Iran that had been lifted under the 2015"
                              " nuclear deal."), "sanction")
    assert sanction.event_date is None
    [deal] = only(extract("Iran and the United States signed the 2015 nuclear deal in Vienna."), "agreement")
    assert (deal.event_date, deal.date_precision) == (dt.date(2015, 1, 1), "year")


@pytest.mark.parametrize(("sentence", "name", "code"), [
    ("Officials of the People’s Republic of China were named.", "People’s Republic of China", "CHN"),
    ("Envoys of the Democratic People’s Republic of Korea left.", "Democratic People’s Republic of Korea", "PRK"),
])
def test_names_match_with_a_typographic_apostrophe(sentence: str, name: str, code: str) -> None:
    assert [(a.text, a.code) for a in find_actors(sentence, load_lexicon(), PUBLISHED)] == [(name, code)]


def test_new_sanctions_do_not_refer_to_those_reported_before() -> None:
    text = "The United States imposed sanctions on Venezuela. Officials said new sanctions will follow."
    assert len(only(extract(text), "sanction")) == 1


def test_sanctions_named_by_another_imposer_borrow_no_target() -> None:
    # The EU's sanctions may be on Russia or on anybody else: the sentence does not say, so no row is guessed.
    text = "The United States imposed sanctions on Russia's banks. The EU sanctions also block oil services."
    pairs = [(m.imposer_code, m.target_code) for m in only(extract(text), "sanction")]
    assert pairs == [("USA", "RUS")]


def test_to_deal_with_is_no_deal() -> None:
    assert only(extract("China promised to “deal seriously” with Japan and South Korea."), "agreement") == []


def test_sanctions_against_a_number_of_officials_name_their_country() -> None:
    [sanction] = only(extract("China announced sanctions against a number of U.S. officials in retaliation for the"
                              " law."), "sanction")
    assert (sanction.imposer_code, sanction.target_code) == ("CHN", "USA")
    assert "retaliation" in sanction.reason


def test_a_verb_after_a_comma_ends_the_coordination() -> None:
    sentence = "The European Union imposed sanctions on Russia, urging Washington to coordinate."
    assert [m.target_code for m in only(extract(sentence), "sanction")] == ["RUS"]


def test_readiness_to_impose_is_a_threat() -> None:
    [sanction] = only(extract("France expressed its willingness to adopt new sanctions against Russia."), "sanction")
    assert sanction.status == "threatened"


def test_a_plan_after_the_sanctions_does_not_make_them_a_threat() -> None:
    [sanction] = only(extract("North Korea is pursuing missile programs in defiance of U.N. Security Council sanctions"
                              " and has made no secret of its plans to develop a missile."), "sanction")
    assert sanction.status == "imposed"


def test_an_imposer_s_embargo_with_no_target_is_not_guessed_onto_the_country_most_named() -> None:
    text = ("Cuba welcomed the visit. Cubans hope the visit will change Cuba. "
            "One poster compares the US economic embargo to the Holocaust.")
    assert only(extract(text), "sanction") == []


def test_a_country_s_name_before_sanctions_is_not_an_abbreviated_imposer() -> None:
    text = "Cuba welcomed the visit. Officials said Iran sanctions are working."
    assert only(extract(text), "sanction") == []


def test_an_official_described_with_another_spelling_of_his_surname_is_the_official() -> None:
    lexicon = load_lexicon()
    found = find_actors("Ukrainian President Volodymyr Zelenskiy met Sunak.", lexicon, dt.date(2023, 5, 15), set(), {})
    assert [(a.text, a.person) for a in found if a.kind == "person"][0] == ("Volodymyr Zelenskiy", "Volodymyr Zelensky")
    # The same first word before a surname that is no spelling of the official's is somebody else.
    found = find_actors("Chinese Vice Finance Minister Zhu Guangyao said.", lexicon, dt.date(2013, 9, 5), set(), {})
    assert [a.person for a in found if a.kind == "person"] == ["Zhu Guangyao"]
def described(sentence: str) -> list[tuple[str, str]]:
    return [(a.text, a.code) for a in find_actors(sentence, load_lexicon(), PUBLISHED, set(), {}) if a.kind == "person"]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Ferit Hoxha, Albania’s foreign minister, said the strike was a crime.", [("Ferit Hoxha", "ALB")]),
    ("Lynne Tracy, the U.S. ambassador in Moscow, said the strike was a crime.", [("Lynne Tracy", "USA")]),
    ("Toshimitsu Motegi, Japan’s minister in charge of TPP, said talks went well.", [("Toshimitsu Motegi", "JPN")]),
    ("Alexandre Tombini, the head of Brazil's central bank, told the panel on Saturday.",
     [("Alexandre Tombini", "BRA")]),
    ("Nikolai Patrushev, the secretary of Russia’s Security Council, said so.", [("Nikolai Patrushev", "RUS")]),
    ("Madrid is represented by Spain's director general for Europe, Jose Maria Pons.", [("Jose Maria Pons", "ESP")]),
    ("The visit is the first since U.S. Ambassador to Syria Robert Ford went there.", [("Robert Ford", "USA")]),
    ("Britain's Europe Director Dominick Chilcott will represent the UK.", [("Dominick Chilcott", "GBR")]),
])
def test_people_described_by_office_in_other_shapes(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert described(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "Carlos Saladrigas, chairman of the Cuba Study Group, said the embargo failed.",
    "On Tuesday, Israel's chief military spokesperson, said the strike had ended.",
    "The US Immigration and Naturalization Service said so.",
])
def test_days_bodies_and_groups_named_after_a_country_are_no_people(sentence: str) -> None:
    assert described(sentence) == []


def test_a_possessive_ends_the_name() -> None:
    assert [(a.text, a.person) for a in find_actors("U.S. President Donald Trump’s visit was short.", load_lexicon(),
                                                    PUBLISHED) if a.kind == "person"] == \
        [("Donald Trump", "Donald Trump")]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("In his address, President Vuk Marinkovic of Serbia said talks had failed.", [("Vuk Marinkovic", "SRB")]),
    ("Crowds cheered Olaf Scholz and his finance minister, Karl Weidemann, in Lima.",
     [("Olaf Scholz", "DEU"), ("Karl Weidemann", "DEU")]),
])
def test_people_named_by_title_and_country_or_by_an_office_of_the_person_before(
        sentence: str, expected: list[tuple[str, str]]) -> None:
    assert described(sentence) == expected


def test_a_title_and_an_institution_of_a_country_are_no_person() -> None:
    assert described("President Emeritus of the United States Institute of Peace spoke.") == []


@pytest.mark.parametrize(("written", "official"), [
    ("Moon Jae In", "Moon Jae-in"), ("Moon Jae-In", "Moon Jae-in"), ("Kim Jong-un", "Kim Jong Un"),
    ("Song Min Soon", "Song Min-soon"),
])
def test_family_first_names_joined_another_way_are_the_official(written: str, official: str) -> None:
    actors = find_actors(f"{written} arrived on Monday.", load_lexicon(), dt.date(2007, 6, 1))
    assert [a.person for a in actors if a.kind == "person"] == [official]


def test_western_names_get_no_romanised_variants() -> None:
    assert "Frank Walter Steinmeier" not in load_lexicon().officials_by_name


def test_names_written_without_their_letters_outside_ascii_are_the_official() -> None:
    actors = find_actors("Foreign Minister Jonas Gahr Stoere was unharmed.", load_lexicon(), dt.date(2008, 1, 14))
    assert [a.person for a in actors if a.kind == "person"] == ["Jonas Gahr Store"]
def test_the_agents_of_a_participle_of_agreeing_are_the_parties_and_its_noun_the_subject() -> None:
    [zone] = only(extract("Syrian forces must leave a buffer zone around Aleppo agreed by Turkey, Russia and Iran "
                          "in 2017."), "agreement")
    assert zone.party_codes == ["IRN", "RUS", "TUR"]
    assert zone.subject == "buffer zone around Aleppo"


def test_a_country_named_as_where_is_no_party_when_two_others_are() -> None:
    [deal] = only(extract("Turkey sought EU support in Syria by repudiating a 2016 agreement with the EU."),
                  "agreement")
    assert deal.party_codes == ["EU", "TUR"]
    [rifles] = only(extract("Russia signed a contract to manufacture rifles in India."), "agreement")
    assert rifles.party_codes == ["IND", "RUS"]


def test_sponsors_and_actors_left_out_are_not_parties() -> None:
    [talks] = only(extract("After a U.S.-sponsored conference, Israel and Egypt reached an agreement on water."),
                   "agreement")
    assert talks.party_codes == ["EGY", "ISR"]
    [saved] = only(extract("France and Iran signed an agreement on trade without the U.S."), "agreement")
    assert saved.party_codes == ["FRA", "IRN"]


def test_being_unable_to_agree_is_no_agreement() -> None:
    assert only(extract("Serbia and Kosovo have been unable to reach agreement on trade."), "agreement") == []


@pytest.mark.parametrize("sentence", [
    "Britain will report Iran to the Security Council for violating the Nuclear Non-Proliferation Treaty.",
    "Pence reassured NATO allies of the U.S. commitment to the defense pact.",
])
def test_a_known_deal_named_in_passing_is_no_news(sentence: str) -> None:
    assert only(extract(sentence), "agreement") == []


@pytest.mark.parametrize("sentence, parties", [
    ("Trump said the nuclear deal with Iran was the worst ever.", ["IRN", "USA"]),
    ("Egypt said the Israeli-Palestinian cease-fire deal would hold.", ["ISR", "PSE"]),
])
def test_a_known_deal_with_its_parties_named_is_a_mention(sentence: str, parties: list[str]) -> None:
    [deal] = only(extract(sentence), "agreement")
    assert set(parties) <= set(deal.party_codes)


@pytest.mark.parametrize("sentence", [
    "Trump imposed tariffs on Mexican steel, prompting Mexico to implement duties on U.S. imports.",
    "Britain and Kuwait built a pipeline into Iraq that is now delivering water for trade.",
    "Iran told Germany the U.S. would lift its tariffs if Tehran agreed to negotiations on the trade deal.",
])
def test_carrying_out_no_named_deal_or_agreeing_under_a_condition_is_no_agreement(sentence: str) -> None:
    assert only(extract(sentence), "agreement") == []


def test_implementing_a_named_deal_is_its_stage() -> None:
    [deal] = only(extract("Russia and India began to implement the S-400 contract."), "agreement")
    assert deal.status == "implemented"


def test_the_partner_of_a_statement_is_not_that_of_the_next_one() -> None:
    mentions = only(extract("Trump said he has reached a trade deal with Japan, is confident of reaching one with "
                            "the U.K., and still wants a deal with Beijing."), "agreement")
    assert mentions[0].party_codes == ["JPN", "USA"]


def test_the_two_sides_as_subject_are_the_pair_not_everyone_the_clause_names() -> None:
    text = ("The United States and Guatemala signed a migration deal on Friday. "
            "Guatemala says the two sides agreed to cooperate on a plan that would affect Salvadorans and Hondurans.")
    [_, plan] = only(extract(text), "agreement")
    assert plan.party_codes == ["GTM", "USA"]


def test_a_deadline_does_not_date_the_deal() -> None:
    [talks] = only(extract("Abbas and Olmert pledged to aim for an agreement on peace by the end of 2008."),
                   "agreement")
    assert talks.event_date is None


@pytest.mark.parametrize("sentence", [
    "Last year, the US terminated an agreement with the EU on aircraft subsidies.",
    "Trump decided to pull out of a nuclear deal with Iran.",
    "For his part, Obama called Netanyahu on Tuesday to discuss the deal.",
    "The United States is reviewing its policies on climate change and on the Paris Agreement, the leaders wrote.",
])
def test_ending_or_talking_about_a_known_deal_is_no_agreement(sentence: str) -> None:
    assert only(extract(sentence), "agreement") == []


def test_a_clause_with_no_actor_shares_the_subject_of_the_clause_right_before_only() -> None:
    text = ("Hollande told his Israeli hosts that there were some – he didn’t name whom – “that the mere signing "
            "of an agreement was an achievement for them.”")
    assert only(extract(text), "agreement") == []


def test_a_city_naming_a_deal_with_more_words_between_is_not_a_party() -> None:
    [deal] = only(extract("Russia and Ukraine agreed to implement the Minsk 2 peace agreement."), "agreement")
    assert deal.party_codes == ["RUS", "UKR"]


def test_the_deal_already_reported_keeps_its_stage() -> None:
    text = ("India and Russia signed a memorandum of understanding on energy co-operation on Tuesday. "
            "The agreement is likely to see the two countries develop refineries.")
    assert [m.status for m in only(extract(text), "agreement")] == ["signed", "signed"]


def test_the_coordinated_subject_of_the_verb_are_the_parties() -> None:
    [deal] = only(extract("Putin and Assad met on the same day the U.S. and Russia agreed on a system to avoid "
                          "clashes between their aircraft in Syria."), "agreement")
    assert deal.party_codes == ["RUS", "USA"]
    assert deal.subject == "system to avoid clashes"


def test_north_and_south_korea_are_two_countries() -> None:
    [actor_north, actor_south] = find_actors("North and South Korea agreed to talk.", load_lexicon(), PUBLISHED)
    assert (actor_north.code, actor_north.text, actor_south.code) == ("PRK", "North Korea", "KOR")


def test_a_verb_form_after_an_article_and_an_adjective_is_a_noun() -> None:
    [deal] = only(extract("The clearest sign of a thaw came when China and Japan agreed to hold talks on trade."),
                  "agreement")
    assert deal.party_codes == ["CHN", "JPN"]
    assert deal.trigger_text == "agreed"


def test_accession_to_a_bloc_is_an_agreement_with_it() -> None:
    text = ("Nato is a military alliance; the EU is not. Nato grew after the Cold War. "
            "Finland - which has a long land border with Russia - joined in April 2023. "
            "Poland joined NATO in 1999. Britain joined France in condemning the attack.")
    deals = only(extract(text), "agreement")
    assert [(m.party_codes, m.subject, m.event_date) for m in deals] == [
        (["FIN", "NATO"], "NATO membership", dt.date(2023, 4, 1)),
        (["NATO", "POL"], "NATO membership", dt.date(1999, 1, 1)),
    ]


def test_no_accession_when_negated_or_hoped_for() -> None:
    text = "Ukraine has not joined NATO. If Georgia joined the EU, Russia would object."
    assert only(extract(text), "agreement") == []


def test_a_countrys_rebels_or_opposition_are_not_the_state() -> None:
    assert only(extract("Obama has agreed in principle to assist the military wing of the Syrian opposition."),
                "agreement") == []
    [deal] = only(extract("Russia signed a defence agreement with the Syrian government."), "agreement")
    assert deal.party_codes == ["RUS", "SYR"]


def test_one_person_in_office_in_two_countries_is_the_office_he_held_that_day() -> None:
    lexicon = load_lexicon()
    # Stoltenberg was Norway's prime minister, then NATO's secretary general: on a 2023 date he is NATO's.
    found = find_actors("Jens Stoltenberg spoke in Copenhagen.", lexicon, dt.date(2023, 5, 15), set(), {})
    assert [(a.code, a.person) for a in found if a.kind == "person"] == [("NATO", "Jens Stoltenberg")]
    found = find_actors("Jens Stoltenberg spoke in Oslo.", lexicon, dt.date(2008, 5, 15), set(), {})
    assert [(a.code, a.person) for a in found if a.kind == "person"] == [("NOR", "Jens Stoltenberg")]


def test_a_surname_with_a_lower_case_particle_is_capitalised_when_it_opens_a_sentence() -> None:
    lexicon = load_lexicon()
    found = find_actors("Von der Leyen did not respond.", lexicon, dt.date(2023, 5, 15), set(), {})
    assert [(a.code, a.person) for a in found if a.kind == "person"] == [("EU", "Ursula von der Leyen")]


def test_a_name_with_a_capital_after_its_prefix_is_a_name() -> None:
    lexicon = load_lexicon()
    found = find_actors("Trump spoke alongside acting Homeland Security Secretary Kevin McAleenan.", lexicon,
                        dt.date(2019, 7, 27), set(), {})
    assert [(a.text, a.code) for a in found if a.kind == "person"][-1] == ("Kevin McAleenan", "USA")


def test_latin_and_south_america_are_no_united_states() -> None:
    lexicon = load_lexicon()
    found = find_actors("He spoke of Guatemala, South America and Latin American migrants in America.", lexicon,
                        dt.date(2019, 7, 27), set(), {})
    assert [(a.text, a.code) for a in found] == [("Guatemala", "GTM"), ("America", "USA")]


def test_a_country_a_verb_of_handling_acts_on_is_no_party() -> None:
    [deal] = only(extract("Officials from Japan and Canada negotiated a trade agreement that set off a debate over how"
                          " the U.S. should deal with China."), "agreement")
    assert "CHN" not in deal.party_codes


def test_any_deal_is_a_deal_nobody_has_made() -> None:
    assert only(extract("Senators warned Iran that any deal it reaches with the United States could be reversed."),
                "agreement") == []


def test_a_fronted_subordinate_clause_names_the_parties_of_its_own_deal() -> None:
    [deal] = only(extract("While calling for Armenia and Azerbaijan to implement the ceasefire agreement, the G7"
                          " leaders met in Rome."), "agreement")
    assert deal.party_codes == ["ARM", "AZE"]


def test_the_subject_of_a_later_time_clause_is_no_party() -> None:
    [deal] = only(extract("Israel and Egypt hope to reach an agreement on gas before Biden leaves office."),
                  "agreement")
    assert deal.party_codes == ["EGY", "ISR"]


def test_each_deal_a_series_includes_has_its_own_subject() -> None:
    deals = only(extract("The United States said the visit produced “a range” of agreements with China, including a"
                         " pact to extend visa limits for students, and an understanding to expand a clean energy"
                         " agreement on solar panels."), "agreement")
    subjects = sorted(d.subject or "" for d in deals)
    assert len(deals) == 2
    assert "visa" in subjects[1] and "clean energy" in subjects[0]
    assert all(d.party_codes == ["CHN", "USA"] for d in deals)


def test_people_of_a_body_are_no_pair_phrase() -> None:
    [deal] = only(extract("The leaders of Canada, France and Japan and the Presidents of the European Council and the"
                          " European Commission pledged to implement the Paris Agreement."), "agreement")
    assert {"CAN", "FRA", "JPN"} <= set(deal.party_codes)


def test_the_act_agreed_on_is_part_of_the_subject() -> None:
    [deal] = only(extract("Brazil and Argentina agreed to suspend their complaints at the WTO."), "agreement")
    assert deal.subject is not None and deal.subject.startswith("suspend complaints")


def test_a_negotiated_deal_says_nothing_about_what_it_is() -> None:
    [deal] = only(extract("Chile and Peru signed a negotiated deal on Monday."), "agreement")
    assert deal.subject is None


def test_a_topic_across_a_comma_before_the_trigger_is_not_the_subject() -> None:
    deals = only(extract("Officials stressed the importance of diplomacy before military strength, particularly because"
                         " negotiations continue between Chile and Peru."), "agreement")
    assert all(d.subject is None or "military" not in d.subject for d in deals)


def test_a_relationship_noun_inside_a_name_is_no_deal() -> None:
    mentions = extract("Iraq offered muted opposition to what it called the military interference of the Gulf"
                       " Cooperation Council, which is made up of Bahrain, Kuwait, Oman and Qatar.")
    assert only(mentions, "agreement") == []


def test_trying_to_reach_a_deal_is_proposed() -> None:
    [deal] = only(extract("Israel worked toward reaching a peace deal with Jordan on Tuesday."), "agreement")
    assert deal.status == "proposed"


def test_a_deal_among_some_parties_of_a_named_deal_is_about_the_same_thing() -> None:
    deals = only(extract("Canada, Mexico and the United States signed a trade pact on Monday. In August, the United"
                         " States made a deal with Mexico."), "agreement")
    pair = next(d for d in deals if d.party_codes == ["MEX", "USA"])
    assert pair.subject is not None and "trade" in pair.subject


def test_a_topic_phrase_ends_with_the_deal_noun_it_names() -> None:
    [deal] = only(extract("Chile and Peru said the dispute could make peace negotiations even more complicated."),
                  "agreement")
    assert deal.subject is not None and deal.subject.endswith("peace negotiations")


def test_the_tail_of_a_quoted_compound_is_no_subject() -> None:
    deals = only(extract("The “safe third country”-type deal between the United States and Honduras was signed."),
                 "agreement")
    assert all(d.subject is None or not d.subject.startswith("-") for d in deals)


def test_a_negation_ends_at_but() -> None:
    from pipeline.extract.grammar import negated
    text = "He did not stop in Pakistan, but visited India."
    assert negated(text, text.index("stop"))
    assert not negated(text, text.index("visited"))


def test_the_two_leaders_are_the_countries_of_the_two_officials_named() -> None:
    text = ("Turkish President Recep Tayyip Erdogan met his Russian counterpart Vladimir Putin in Moscow. "
            "Syria's army advanced on the town. "
            "Erdogan on Thursday said the two leaders agreed to help refugees return to their homes.")
    [deal] = only(extract(text), "agreement")
    assert deal.party_codes == ["RUS", "TUR"]


@pytest.mark.parametrize("sentence", [
    # a demonym describing a place, a country naming a gathering, a country said to be no party
    "Smoke rose above the Syrian border city of Ras al-Ain, hours after a ceasefire was agreed in Turkey.",
    "On the sidelines of the Vietnam meeting, Trump praised a trade deal.",
])
def test_places_gatherings_and_declared_outsiders_are_no_parties(sentence: str) -> None:
    assert only(extract(sentence), "agreement") == []


@pytest.mark.parametrize("sentence", [
    "Xi said the United States would stay out of trade deals that hurt China.",
    "Trump's vision upset a traditional consensus favoring multinational trade pacts that China now champions.",
])
def test_a_bare_plural_deal_noun_is_a_kind_of_deal(sentence: str) -> None:
    assert only(extract(sentence), "agreement") == []


def test_a_country_said_to_be_no_party_is_none() -> None:
    text = ("The Regional Comprehensive Economic Partnership (RCEP) appeared to have been given new impetus at the "
            "summit by Trump's withdrawal from the Trans-Pacific Partnership (TPP) trade agreement, to which China "
            "is not party.")
    assert only(extract(text, dt.date(2017, 11, 14)), "agreement") == []


def test_a_group_left_brings_no_parties() -> None:
    text = ("The Regional Comprehensive Economic Partnership (RCEP) got new impetus from Trump's withdrawal from the "
            "Trans-Pacific Partnership (TPP) trade agreement.")
    mentions = extract(text, dt.date(2016, 11, 14))
    assert only(mentions, "agreement") == []


def test_a_first_name_before_a_middle_initial_is_no_official_and_a_cease_fire_is_a_peace_deal() -> None:
    text = ("Mr. Putin spoke with the Ukrainian president, Petro O. Poroshenko, on Wednesday. "
            "Mr. Poroshenko’s office said the two leaders had agreed to a “lasting cease-fire.”")
    [deal] = only(extract(text, dt.date(2014, 9, 3)), "agreement")
    assert deal.party_codes == ["RUS", "UKR"]
    assert (deal.subject, deal.subject_key) == ("lasting cease-fire", "peace")


def test_a_ceasefire_is_a_deal_named_by_its_own_noun() -> None:
    text = ("Turkish President Recep Tayyip Erdogan and his Russian counterpart Vladimir Putin have announced a "
            "military ceasefire in Idlib.")
    [deal] = only(extract(text, dt.date(2020, 3, 5)), "agreement")
    assert (deal.party_codes, deal.subject, deal.status) == (["RUS", "TUR"], "military ceasefire", "agreed")


def test_a_truce_village_is_no_deal() -> None:
    text = "The hotline between North and South Korea, located in the truce village of Panmunjom, stayed open."
    assert only(extract(text), "agreement") == []


def test_an_exchange_of_prisoners_is_a_deal_between_the_sides() -> None:
    [deal] = only(extract("Russia and Ukraine have completed a long-awaited exchange of prisoners."), "agreement")
    assert (deal.party_codes, deal.subject_key) == (["RUS", "UKR"], "prisoners")
    assert "prisoners" in deal.subject


def test_the_two_deals_counts_deals_not_a_pair_of_countries() -> None:
    text = "Trump met Xi in Beijing. The two trade deals are not mutually exclusive."
    assert only(extract(text), "agreement") == []


@pytest.mark.parametrize("text", [
    "Ukraine’s president announced a truce Wednesday with opposition groups, violence that prompted President Obama "
    "to warn of sanctions.",
    "Obama warned Ukraine. After President Viktor Yanukovych met with opposition leaders, a statement on his website "
    "said the sides agreed to a truce.",
])
def test_a_truce_with_the_opposition_has_no_second_state(text: str) -> None:
    assert only(extract(text), "agreement") == []


def test_a_dateline_does_not_hide_the_subject_that_opens_the_statement() -> None:
    # "Canadian officials" opens the clause after the dateline, so they impose what they targeted.
    text = "OTTAWA (Reuters) - Canadian officials unveiled targeted sanctions on Belarusian judges on Friday."
    [sanction] = only(extract(text), "sanction")
    assert (sanction.imposer_code, sanction.target_code) == ("CAN", "BLR")


@pytest.mark.parametrize("sentence", [
    "Australian senators proposed sanctions on Cambodian generals over the election.",
    "U.S. lawmakers passed legislation that allows new sanctions against Venezuela.",
    "The Canadian government signed a bill authorizing sanctions on Nicaraguan officials.",
])
def test_proposed_or_authorized_sanctions_are_threatened(sentence: str) -> None:
    statuses = {m.status for m in only(extract(sentence), "sanction")}
    assert statuses == {"threatened"}


def test_an_unnamed_instrument_is_the_legal_basis() -> None:
    [order] = only(extract("President Biden signed an executive order imposing sanctions on Russia."), "sanction")
    assert order.legal_basis == "executive order"
    [law] = only(extract("Beijing said the US sanctions on China broke international law."), "sanction")
    assert law.legal_basis is None


def test_sanctions_imposed_by_named_agents_after_the_trigger() -> None:
    text = "Syria's economy shrank after sanctions were first imposed by the US and Canada following the crackdown."
    pairs = {(m.imposer_code, m.target_code) for m in only(extract(text), "sanction")}
    assert pairs == {("USA", "SYR"), ("CAN", "SYR")}


def test_whose_conduct_the_reason_is_is_the_target() -> None:
    # Poland is the subject, but the sanctions are over Belarus's conduct.
    text = "Poland must halt Belarusian potash imports under European sanctions imposed over Belarus's crackdown."
    [sanction] = only(extract(text), "sanction")
    assert (sanction.imposer_code, sanction.target_code) == ("EU", "BLR")


def test_visa_restrictions_are_sanctions() -> None:
    [sanction] = only(extract("Washington imposed visa restrictions on Nigerian officials who undermined the vote."),
                      "sanction")
    assert (sanction.imposer_code, sanction.target_code, sanction.status) == ("USA", "NGA", "imposed")


def test_whom_the_measures_are_meant_to_punish_is_the_target() -> None:
    text = "President Biden on Tuesday signed legislation authorizing sanctions to punish Sudanese officials."
    [sanction] = only(extract(text), "sanction")
    assert (sanction.imposer_code, sanction.target_code, sanction.status) == ("USA", "SDN", "threatened")


@pytest.mark.parametrize(("sentence", "status"), [
    ("Indonesia and Australia concluded negotiations on an economic partnership agreement.", "agreed"),
    ("Canada and the EU completed talks on a trade agreement on Friday.", "agreed"),
    ("Canada and the EU have started talks on a trade agreement.", "under_negotiation"),
])
def test_concluded_negotiations_are_an_agreement_reached(sentence: str, status: str) -> None:
    [deal] = only(extract(sentence), "agreement")
    assert deal.status == status


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Iran faces new sanctions from the European Union over its drone sales.", ("EU", "IRN", "threatened")),
    ("The United States warned that Venezuela could face sanctions.", ("USA", "VEN", "threatened")),
    ("North Korea has faced sanctions from the United Nations since 2006.", ("UN", "PRK", "imposed")),
])
def test_who_faces_sanctions_is_their_target(sentence: str, expected: tuple[str, str, str]) -> None:
    [sanction] = only(extract(sentence), "sanction")
    assert (sanction.imposer_code, sanction.target_code, sanction.status) == expected


def test_agents_after_the_target_of_imposed_sanctions_impose_them() -> None:
    text = "Beijing protested against sanctions imposed on Chinese firms by the United States and Japan."
    pairs = {(m.imposer_code, m.target_code) for m in only(extract(text), "sanction")}
    assert pairs == {("USA", "CHN"), ("JPN", "CHN")}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Washington hit Moscow with new sanctions on Thursday.", ("USA", "RUS")),
    ("Moscow responded by banning food imports from the EU.", ("RUS", "EU")),
    ("The US Treasury said it was sanctioning two Chinese companies for helping Iran.", ("USA", "CHN")),
])
def test_sanctions_stated_by_their_verb_phrase(sentence: str, expected: tuple[str, str]) -> None:
    [sanction] = only(extract(sentence), "sanction")
    assert (sanction.imposer_code, sanction.target_code) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # who criticises sanctions states that they were imposed; the critic imposes nothing
    ("The European Union has criticised a travel ban imposed by Russia on 89 European citizens.", ("RUS", "EU")),
    ("The United States imposed sanctions on Chinese firms. Russia has criticised the sanctions on China.",
     ("USA", "CHN")),
    ("Iran condemned the new US sanctions.", ("USA", "IRN")),
    # a verb of stance before the trigger is no modifier; "imposed on X" names the target
    ("Germany welcomed sanctions imposed on Iran by the United States.", ("USA", "IRN")),
    # the subject of the second of two verbs joined by "and"; "against him": the person named before
    ("Iranian general Qasem Soleimani died. In 2007, the United States government labeled Soleimani as a "
     "terrorist and levied sanctions against him.", ("USA", "IRN")),
    ("Iranian general Qasem Soleimani died. In 2007 the US imposed sanctions on Iran. He was further sanctioned in "
     "2011.", ("USA", "IRN")),
])
def test_roles_of_sanctions_criticised_or_stated_of_a_person(text: str, expected: tuple[str, str]) -> None:
    mentions = only(extract(text), "sanction")
    last = len(split_sentences(text)) - 1
    assert {(m.imposer_code, m.target_code) for m in mentions if m.sentence_index == last} == {expected}


@pytest.mark.parametrize(("text", "expected"), [
    ("The US has declared a complete ban on Russian oil, gas and coal imports.", {("USA", "RUS", "imposed")}),
    ("The EU plans to ban Russian oil imports arriving by sea.", {("EU", "RUS", "threatened")}),
    ("The UK is to phase out Russian oil imports by the end of the year.", {("GBR", "RUS", "imposed")}),
    # carrying out sanctions already named is not a measure of its own
    ("Poland must halt Belarusian potash imports under European sanctions imposed over Belarus's crackdown.",
     {("EU", "BLR", "imposed")}),
])
def test_import_bans_name_the_country_imported_from(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert {(m.imposer_code, m.target_code, m.status) for m in only(extract(text), "sanction")} == expected


def test_the_country_of_a_venue_in_apposition_is_no_party() -> None:
    text = ("Leaders met in Niamey, Niger's capital, where Presidents Muhammadu Buhari of Nigeria and Patrice Talon "
            "of Benin signed the African Continental Free Trade Area agreement.")
    assert [m.party_codes for m in only(extract(text), "agreement")] == [["BEN", "NGA"]]
    text = "In Niamey, the capital of Niger, Nigeria and Benin signed a trade agreement."
    assert [m.party_codes for m in only(extract(text), "agreement")] == [["BEN", "NGA"]]


def test_a_speaker_abroad_is_the_visitor_not_whom_he_speaks_of() -> None:
    text = ("Antony Blinken, speaking in Laos after a summit, called the speech by Taiwan's President William Lai a "
            "regular exercise.")
    assert {(m.visitor_name, m.host_country_code) for m in only(extract(text), "visit")} == {("Antony Blinken", "LAO")}


@pytest.mark.parametrize("sentence", [
    "The government made it tougher for Americans to visit Cuba.",
    "U.S. travelers will still be able to make authorized trips to Cuba.",
    "Chinese tourists travelled to Thailand last year.",
])
def test_private_travellers_make_no_visit(sentence: str) -> None:
    assert only(extract("President Donald Trump spoke in Miami. " + sentence), "visit") == []


@pytest.mark.parametrize("sentence", [
    "Erdogan cited Article 5 of the NATO treaty and said allies must stand by Turkey.",
    "Sarkozy said the French mechanism wouldn't require changes to EU treaties.",
    "If US intentions are good and the Israeli Administration genuinely wants peace, then they will not find a "
    "bigger opportunity than this conference to reach a comprehensive and basic agreement.",
    "It is an opportunity to sell whatever agreements the leaders of Saudi Arabia and the US have signed.",
    "The Israeli and the Palestinian leaders lack the ability to implement agreements.",
])
def test_no_deal_in_a_blocs_treaty_a_condition_a_quantifier_or_a_capacity(sentence: str) -> None:
    assert only(extract(sentence), "agreement") == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Putin said in his native Russian that the talks in Beijing went well.", set()),
    ("Kishida told reporters in Japanese that the talks had gone well.", set()),
    ("Russian President Vladimir Putin arrived in Beijing on Monday.", {"RUS"}),
])
def test_a_language_is_no_country(sentence: str, expected: set[str]) -> None:
    actors = find_actors(sentence, load_lexicon(), PUBLISHED)
    assert {a.code for a in actors if a.kind == "demonym"} == expected


def test_a_part_of_europe_is_not_the_eu() -> None:
    codes = {a.code for a in find_actors("NATO is stepping up exercises in eastern Europe and Central European states "
                                         "welcome it.", load_lexicon(), PUBLISHED)}
    assert codes == {"NATO"}
    assert "EU" in {a.code for a in find_actors("Europe imposed sanctions on Russia.", load_lexicon(), PUBLISHED)}


@pytest.mark.parametrize(("text", "expected"), [
    # a fronted place with a purpose before the comma
    ("While in New York City to attend the United Nations General Assembly, President Zelensky told reporters that "
     "nobody could pressure him.", {("Volodymyr Zelensky", "USA")}),
    # the place the sentence opens with places the meeting, not the host's country
    ("In Geneva for talks on Syria, Lavrov met Kerry.", {("Sergei Lavrov", "CHE"), ("John Kerry", "CHE")}),
    # an official set off by commas who is due somewhere
    ("Mr Bush's stance sets up a clash with UK Prime Minister Tony Blair, due in Washington next week.",
     {("Tony Blair", "USA")}),
])
def test_visits_placed_by_the_sentence_setting(text: str, expected: set[tuple[str, str]]) -> None:
    assert {(m.visitor_name, m.host_country_code) for m in only(extract(text), "visit")} == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # the grammar finds the imposer only: the actor named soon after the trigger is the target
    ("Also on Wednesday, the US announced trade and visa restrictions on 24 companies for their efforts to help "
     "China reclaim disputed outposts.", {("USA", "CHN")}),
    # who is under the sanctions is their target
    ("Because of its drilling there, Turkey is already under EU sanctions, and was condemned by Egypt and Greece.",
     {("EU", "TUR")}),
    # a reason, not a target
    ("Washington imposed sanctions over Ukraine four years ago.", set()),
])
def test_a_target_the_grammar_misses(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert {(m.imposer_code, m.target_code) for m in only(extract(sentence), "sanction")} == expected


def test_sanctions_still_negated() -> None:
    assert only(extract("The United States did not impose sanctions on Iran."), "sanction") == []
    assert only(extract("Germany opposed sanctions on Iran."), "sanction") == []


@pytest.mark.parametrize("sentence", [
    "The European Parliament called for imposing a weapons embargo on Israel.",
    "Canada urged its allies to impose sanctions on Myanmar's generals.",
])
def test_sanctions_called_for_are_threatened(sentence: str) -> None:
    assert {m.status for m in only(extract(sentence), "sanction")} == {"threatened"}


def test_a_date_before_the_deal_noun_is_not_its_subject() -> None:
    [deal] = only(extract("Turkey and Libya signed the November 27 deal."), "agreement")
    assert deal.subject is None or "November" not in deal.subject


def test_a_family_name_before_another_given_name_is_somebody_else() -> None:
    # "Kim" alone is Kim Jong Un in 2019; "Kim Yong-chol" is another Kim, and "Putin Re-elected" still Putin.
    on = dt.date(2019, 4, 19)
    assert [a.code for a in find_actors("Xi Jinping met Kim Yong-chol.", load_lexicon(), on)] == ["CHN"]
    assert [a.code for a in find_actors("Kim said so.", load_lexicon(), on)] == ["PRK"]
    assert [a.code for a in find_actors("Putin Re-elected In Landslide", load_lexicon(), on)] == ["RUS"]


def test_a_deal_voted_against_is_no_fact() -> None:
    assert only(extract("Ireland voted against the trade agreement with Canada."), "agreement") == []
    assert only(extract("Ireland voted for the trade agreement with Canada."), "agreement") != []
