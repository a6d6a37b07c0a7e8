"""Visits: which official (or country) went where, hosted by whom, in which city.

Four shapes of sentence: travel ("Putin's visit to India", "Macron arrived in Beijing"), hosting
("Putin hosted Erdogan in Moscow"), meetings located in a place ("talks in Tokyo", "speaking in
Seoul", "who are in Vladivostok": the foreign participants are visitors) and attendance ("attended
the roundtable": the place is where the article last said it happened, else its dateline); a meeting
the sentence places nowhere ("said at a meeting with Kerry") is placed the same way, if the article placed
events within the last two sentences.
"""

import re
from collections import Counter
from collections.abc import Iterable

from pipeline.extract.actors import Actor
from pipeline.extract.grammar import (
    PAIR_PHRASE,
    PRONOUN_PERSON,
    Discourse,
    after_relative_clause,
    after_word,
    clause_of,
    is_locative,
    negated,
)
from pipeline.extract.mentions import FactMention
from pipeline.extract.sentence_view import Hit, SentenceView, dated
from pipeline.extract.visit_settings import (
    DIRECTION,
    apposed_place_visits,
    fronted_place_visits,
    location_after,
    location_end,
    present_there,
    where_clause_visits,
)
from pipeline.text.dates import DateMention

_DESTINATION_KINDS = {"place", "country", "metonym"}
# Between "visit"/"trip to" and the place: a preposition, articles or a title, nothing longer.
_DESTINATION_GAP = re.compile(r"(?:\s+(?:to|in|of|the|by|a|an|(?:capital|city|port|town),?|[A-Z][\w.]*|\w+’s|"
                              rf"\w+'s|{DIRECTION})){{0,6}}\s+")
# "arrived in the Chinese capital": a demonym before "capital" names the country travelled to.
_CAPITAL_AFTER = re.compile(r"\s+(?:capital|city)\b")
# Between a place and a visit noun it modifies: "Modi's US visit", "his two-day Moscow visit" (place first).
_MODIFIER_GAP = re.compile(r"\s+(?:(?:state|official|working|first|second|surprise|brief|historic|landmark|"
                           r"[\w]+-day|week-long)\s+)*")
# A visit noun's destination after a few words of the phrase, with no verb or clause between.
_LATE_DESTINATION = re.compile(r"(?:\s+(?!(?:to|and|that|which|who)\b)[\w’'-]+){1,8}\s+to\s+(?:the\s+)?")
# Between "received" and its guest: titles and a demonym ("received the Chinese President Xi").
_GUEST_GAP = re.compile(r"(?:\s+(?:the|[A-Z][\w.’'-]*))*\s+")
# Between "met with" and the official met: titles, a country, "of" ("US Secretary of State John Kerry").
_MET_GAP = re.compile(r"(?:\s+(?:the|his|her|their|of|[A-Z][\w.’'-]*))*\s+")
# A name whose trip the trigger is: "the Pope's landing", "Gaddafi's first visit".
_POSSESSOR = re.compile(r"\b([A-Z][\w.-]*)(?:’s|'s)\s+(?:[\w-]+\s+){0,3}$")
# A sentence that opens with the trigger, a participle: "Arriving in India", "After landing in Tokyo".
# "During his trip to Tokyo, ...", "On a two-day visit to Hanoi, ...": a phrase that opens the sentence with a visit.
# A participle may lead it: "Capping a three-day visit to New Delhi, Mr. Hagel said", "Speaking during a visit to ...".
_OPENING_PHRASE = re.compile(r"\s*(?:(?:[A-Z][a-z]+ing(?:\s+(?:up|out|off))?\s+)?"
                             r"(?:During|On|In|After|Before|Ahead of|Following|Upon|during|on|in|after|before|"
                             r"ahead of|following|upon)|[A-Z][a-z]+ing(?:\s+(?:up|out|off))?)\s+"
                             r"(?:(?:a|an|the|his|her|their)\s+)?(?:[\w-]+\s+){0,3}")
# Between the comma of an opening phrase and the subject: titles and a country ("Indian Prime Minister").
_TITLES_ONLY = re.compile(r"\s*(?:(?:the|[A-Z][\w.’'-]*)\s+)*")
_DEFINITE_OFFICE = re.compile(r"\bthe\s+(?:president|prime\s+minister|premier|chancellor|secretary\s+of\s+state|"
                              r"foreign\s+minister|vice\s+president)(?:’s|'s)?\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
_POSSESSIVE_GAP = re.compile(r"(?:’s|'s)\s+(?:[\w-]+\s+){0,3}")
_OPENING = re.compile(r"\s*(?:(?:After|Before|Upon|On|While)\s+)?")
# "a visit to an anti-narcotics police unit in Bogota": the place the visited venue is in.
_VENUE_IN = re.compile(r"\s+to\s+(?:[\w’'-]+\s+){1,4}in\s+(?:the\s+)?")
# "paid a visit to the city's prison", "arrived in the capital on Sunday", "arrived here": a definite place the
# article has already set, where the story was filed (not "the capital, Tokyo", which names it).
_VISITED_VENUE = re.compile(r"\s+(?:the|a|an)\s+(?:[\w’'-]+\s+){1,6}?in\s+(?:the\s+)?(?:(?:city|town|port)\s+of\s+)?"
                            rf"(?:(?:{DIRECTION})\s+)?")
# "he did not stop in Pakistan, but visited India": a verb that opens its clause after "but" or "and".
# "..., Modi met Japanese Prime Minister Fumio Kishida": somebody met is there too.
_MET_BEFORE = re.compile(r"\b(?:met|meets|meeting|with|joined|alongside)\s+(?:(?:the|of|[A-Z][\w.’'-]*)\s+)*$")
_BUT_BEFORE = re.compile(r"(?:,\s*)?\b(?:but|and)\s+$")
# "visited its arch rival, India": a description of the place, then the place in apposition.
_DESCRIBED_PLACE = re.compile(r"\s+(?:its|his|her|their|the)\s+(?:[\w-]+\s+){0,2}?"
                              r"(?:arch-?rivals?|rivals?|neighbou?rs?|ally|allies|partners?|foes?|enemy|enemies|adversary|adversaries)\s*,\s+")
_POSSESSIVE_DETERMINER = re.compile(r"\s+(?:his|her|their)\s+")
_THE = re.compile(r"\s+(?:the\s+)?")
_BY_AFTER = re.compile(r"(?:\s+(?:on|last|this|next)\s+\w+)?\s+(?:by|of)\s+")
_AND_TITLES = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:(?:the|[A-Z][\w.’'-]*)\s+)*")
_TO_THE_COUNTRY = re.compile(r"\s+(?:to\s+)?the\s+country\b(?!,)")
_ANAPHORIC_PLACE = re.compile(r"\s+(?:to\s+)?the\s+(?:city|capital|country)\b(?!,)|\s+here\b")
_VISITOR_KINDS = ("person", "country", "demonym")
_RELATIVE = re.compile(r"\b(?:who|which)\s*$", re.IGNORECASE)
_COUNTERPART = re.compile(r"(?:’s|'s)?\s+counterparts?\b")
_BY = re.compile(r"\s+by\b")
# Between a guest and the passive hosting verb: "Modi was warmly greeted by", "Modi, who was received by".
_PASSIVE = re.compile(r"(?:,?\s+who)?\s+(?:was|were|is|are|has been|had been|being)(?:\s+\w+ly)?\s+")
_AUXILIARY = re.compile(r"\b(?:was|were|is|are|been|being)\s+(?:\w+ly\s+)?$")
_DETERMINED = re.compile(r"\b(?:his|her|their|its|the|a|our|my)\s+$", re.IGNORECASE)
_SUBJECT_PRONOUN = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)
_AND = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)")
# "visits to Poland and Norway in October and to Saudi Arabia in November": a second "to", after a time perhaps.
_AND_THEN_TO = re.compile(r"(?:\s+(?:in|on|during|last|this|next|earlier|later)(?:\s+[\w’'-]+){1,3}?)?,?\s+and\s+"
                          r"(?:then\s+|later\s+|also\s+)?(?:on\s+)?to\s+(?:the\s+)?")
# Words between a hosting verb and an office-holder given by country ("the foreign minister of Kuwait").
_OFFICES = frozenset("minister president premier chancellor king queen emir prince envoy secretary delegation "
                     "ambassador leader foreign-minister".split())
_OFFICE_WORDS = _OFFICES | frozenset("the a his her its their of prime foreign defence defense deputy vice crown "
                                     "top senior special".split())
# "in Tehran, where he was attending the inauguration": the place the "where" clause is about.
_WHERE = re.compile(r"(?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?,?\s+where\s+")
# "British-flagged", "U.S.-led": a country that only qualifies the next word does not travel.
_HYPHENATED = re.compile(r"-\w")
# "Taiwanese company Billions Bunker Group", "a Chinese tanker": the nationality of a firm or a ship, not a state.
_FIRM = re.compile(r"\s+(?:company|companies|firms?|ships?|vessels?|tankers?|airlines?|carriers?|banks?|"
                   r"shipping|freighters?|cargo)\b")
_BESIDE = re.compile(r",?\s+(?:alongside|flanked by|next to|beside|standing with|together with)\s+")
# "didn't say whether he will return to Seoul or travel to Beijing": a trip nobody says will happen.
_UNDECIDED = re.compile(r"\bwhether\b(?:\s+\S+){0,8}\s*$", re.IGNORECASE)
# "banning citizens of Chad from traveling to the U.S.", "advised against making the visit", "lobbied for Obama to
# come to Rabat": a trip prevented, or asked of someone, is not one made.
_PREVENTED = re.compile(r"\b(?:ban|bar|prevent|prohibit|block|stop|keep|kept|restrict|discourag)\w*\b"
                        r"[^.;]{0,60}?\bfrom\s+$|\b(?:advis|warn|decid)\w*\s+against\s+(?:\S+\s+){0,2}$"
                        r"|\b(?:lobb(?:y|ies|ied|ying)|urg(?:e|es|ed|ing)|press(?:es|ed|ing)?|begg?(?:s|ed|ing)?|"
                        r"invit(?:e|es|ed|ing)|call(?:s|ed|ing)?\s+on)\b(?:\s+\S+){0,5}\s+to\s+$", re.IGNORECASE)
# "will depart Mexico later Friday for a summit in Costa Rica": the country left behind takes no part.
_LEFT = re.compile(r"\b(?:depart(?:s|ed|ing)?|leav(?:e|es|ing)|left)\s+(?:the\s+)?$", re.IGNORECASE)
_BETWEEN = re.compile(r"\sbetween\s", re.IGNORECASE)
# "a meeting between Trump and Xi in Chile that was canceled": a meeting that did not take place.
_CALLED_OFF = re.compile(r"[^.;]{0,120}?\b(?:that|which)\s+(?:was|were|had been|has been|is|are)\s+"
                         r"(?:cancell?ed|called off|scrapped|postponed)\b", re.IGNORECASE)
# "in the buildup to a leaders' meeting in Iceland", "ahead of a G7 summit in Japan": an event still to come that the
# sentence dates its news by; it does not say who will be there.
_AHEAD_OF = re.compile(r"\b(?:ahead of|before|prior to|in the (?:buildup|build-up|run-up|lead-up) to)\s+(?:an?|the)\s+"
                       r"(?:[\w’'-]+\s+){0,5}(?:(?:[\w’'-]+\s+){0,3}and\s+(?:an?|the)\s+(?:[\w’'-]+\s+){0,3})?$",
                       re.IGNORECASE)  # "... in Iceland and a G7 summit in Japan": the events coordinated too
# "paves the way for peace talks in Egypt", "called for talks in Geneva", "the next round of talks in Minsk": a
# meeting hoped for or planned, with nobody there yet.
_PROSPECT = re.compile(r"\b(?:(?:pave[sd]?|paving|clear(?:s|ed|ing)?|open(?:s|ed|ing)?) the (?:way|path|door) "
                       r"(?:for|to)|call(?:s|ed|ing)? for|plans? for|next round of)"
                       r"\s+(?:an?\s+|the\s+)?(?:[\w’'-]+\s+){0,4}$",
                       re.IGNORECASE)
_EVENT = re.compile(r"(?:summit|conference|forum)s?\b", re.IGNORECASE)
_AT_THE_EVENT = re.compile(r"\b(?:on the sidelines of|at|during)\s+the\s+(?:[\w-]+\s+){0,2}"
                           r"(?:summit|conference|forum)\b", re.IGNORECASE)
# People who travel on their own account: after a demonym they are no official party ("U.S. travelers").
_PRIVATE_PEOPLE = re.compile(r"\s+(?:[a-z-]+\s+)?(?:tourists?|travell?ers?|citizens?|nationals?|people|residents?|"
                             r"students?|pilgrims?|workers?|business(?:men|people)|investors?|fans?|migrants?|"
                             r"refugees?|holidaymakers?|families|passengers?|visitors?|buyers?|shoppers?|troops|"
                             r"soldiers?|fighters?|militants?|sailors?|marines?|crews?|wom[ae]n|m[ae]n|children|boys?|girls?|"
                             r"couples?|asylum[- ]seekers?)\b")
_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)
# "hanging out off the US coast": a country after these prepositions says where, not who.
_WHERE_WORDS = "off|along|across|near|around|beyond|outside|inside|throughout"
_SPEAKING = re.compile(r"(?:speaking|spoke|speech|remarks)\b", re.IGNORECASE)
# A signing, a speech or being "with" somebody somewhere needs a named official ("the problem is with Iran in Syria").
_NEEDS_OFFICIAL = re.compile(r"sign|speak|spoke|speech|remarks"
                             r"|(?:is|was|were|are|has been|had been)\s+(?:\w+\s+){0,2}?with\s", re.IGNORECASE)


def visits(view: SentenceView, discourse: Discourse) -> list[FactMention]:
    mentions = []
    for hit in view.hits_of("visit"):
        if negated(view.text, hit.start) or _UNDECIDED.search(view.text, max(0, hit.start - 80), hit.start) \
                or _PREVENTED.search(view.text, max(0, hit.start - 80), hit.start) \
                or _CALLED_OFF.match(view.text, hit.end):
            continue
        clause = clause_of(hit.start, view.clauses)
        shape = hit.trigger.part_of_speech
        if shape == "meeting":
            pairs = [] if _AHEAD_OF.search(view.text, max(0, hit.start - 80), hit.start) \
                or _PROSPECT.search(view.text, max(0, hit.start - 80), hit.start) else \
                _meeting_visits(view, hit, discourse)
            speaker = _subject(view, hit, clause, discourse) if _SPEAKING.match(hit.text) else None
            if speaker is not None and speaker.kind == "person":
                # "Blinken, speaking in Laos, called the speech by Lai ...": the speaker is there, not whom he
                # speaks about.
                beside = _BESIDE.search(view.text, hit.end, clause[1])
                pairs = [(visitor, place) for visitor, place in pairs if visitor.kind != "person" or visitor == speaker
                         or (beside is not None and visitor.start >= beside.end())]
        elif shape == "host":
            pairs = _hosted_visit(view, hit, clause)
        elif shape == "speech":
            pairs = _speech(view, hit, clause, discourse)
        elif shape == "attend":
            pairs = _attendance(view, hit, clause, discourse)
        elif shape == "meet_with":
            pairs = _unplaced_meeting(view, hit, clause, discourse)
        elif shape == "address":
            pairs = _address(view, hit, clause, discourse)
        elif shape == "send":
            pairs = _sent_visit(view, hit, clause, discourse)
        elif shape == "send_named":
            pairs = _sent_official(view, hit, clause)
        elif shape == "move":
            # "the ship wouldn't go to Syria", "he stayed five days before leaving for Spain": a general travel
            # word moves only an official the sentence names, not a country's goods or a pronoun's guess.
            pairs = [(v, p) for v, p in _travel_visit(view, hit, clause, discourse)
                     if v.kind == "person" and any(a is v for a in view.actors)]
        else:
            pairs = _travel_visit(view, hit, clause, discourse)
        for visitor, place in pairs:
            if visitor.code == place.code:
                continue
            mention = view.base("visit", hit)
            mention.visitor_name = visitor.person
            mention.subject_key = visitor.person  # visits of one country to another differ by who travelled
            mention.visitor_country_code = visitor.code
            mention.host_country_code = place.code
            mention.city = place.place
            mention.party_codes = sorted({visitor.code, place.code})
            mentions.append(dated(mention, _date_of_place(view, hit, place, clause)))
            if visitor.person and place.kind == "place":
                discourse.visited[visitor.person] = place
    return mentions + _setting_visits(view, discourse)


_THEN_TO = re.compile(r"\band\s+(?:then\s+|later\s+|also\s+)?(?:on\s+)?to\b")


def _date_of_place(view: SentenceView, hit: Hit, place: Actor, clause: tuple[int, int]) -> DateMention | None:
    """The date of the trip to a place: the one nearest the trigger, or for a place after a second "to" ("visits to
    Poland in October and to Saudi Arabia in November"), the one nearest the place after that "to"."""
    second = None
    if place.start > hit.end:
        second = next(iter(reversed(list(_THEN_TO.finditer(view.text, hit.end, place.start)))), None)
    if second is None:
        return view.date_near([hit.start], *clause)
    return view.date_near([place.start], second.end(), clause[1])


def _setting_visits(view: SentenceView, discourse: Discourse) -> list[FactMention]:
    """Visits read from where the sentence sets its events ("In Seoul, Kerry said", "in Geneva, where the
    ministers were meeting"), which no trigger word introduces."""
    if not view.actors:
        return []  # each setting places a person or a country the sentence names
    mentions = []
    for visitor, place in fronted_place_visits(view, discourse) + where_clause_visits(view) \
            + present_there(view, discourse) + apposed_place_visits(view):
        if visitor.code == place.code or negated(view.text, place.start):
            continue
        mention = FactMention("visit", view.sentence.index, view.sentence.start, view.sentence.end,
                              f"in {place.text}")
        mention.visitor_name, mention.subject_key = visitor.person, visitor.person
        mention.visitor_country_code, mention.host_country_code = visitor.code, place.code
        mention.city = place.place
        mention.party_codes = sorted({visitor.code, place.code})
        mentions.append(dated(mention, view.date_near([place.start], *clause_of(place.start, view.clauses))))
    return mentions


# After the official who opens a datelined story: what somebody does where the story was filed.
_ACTS_HERE = re.compile(r"(?:’s|'s)\s+(?:\w+\s+)?(?:speech|visit|remarks|arrival|trip|address|talks|meeting)\b"
                        r"|(?:,[^,]{1,100},)?\s+(?:on\s+\w+\s+|\w+ly\s+)?(?:said|says|told|met|meets|held|holds|arrived|"
                        r"visited|defended|praised|announced|urged|warned|pledged|signed|spoke|addressed|opened|toured|"
                        r"called|vowed|promised|insisted|hailed)\b")


def dateline_visit(view: SentenceView, discourse: Discourse) -> list[FactMention]:
    """"TOKYO (Reuters) - U.S. President Donald Trump said on Monday ...": a foreign official who opens a story
    filed from a city is there."""
    place = discourse.dateline
    if place is None or view.sentence.index != 0:
        return []
    person = next((a for a in view.actors if a.kind == "person" and a.start > place.end), None)
    if person is None or person.code == place.code or not _ACTS_HERE.match(view.text, person.end) \
            or any(a.kind == "person" and a.start < person.start for a in view.actors) \
            or is_locative(view.text, person):
        return []
    verb = _ACTS_HERE.match(view.text, person.end)
    mention = FactMention("visit", view.sentence.index, view.sentence.start, view.sentence.end,
                          verb.group().strip(" ,"))
    mention.visitor_name, mention.subject_key = person.person, person.person
    mention.visitor_country_code, mention.host_country_code = person.code, place.code
    mention.city = place.place
    mention.party_codes = sorted({person.code, place.code})
    # "said on Monday" dates the visit too: the official said it there.
    when = next((d for d in view.dates if 0 <= d.start - person.end <= 60), None)
    return [dated(mention, when)]


def _subject(view: SentenceView, hit: Hit, clause: tuple[int, int], discourse: Discourse,
             host: str | None = None) -> Actor | None:
    """Who does the travelling: the nearest official before the trigger, a pronoun's referent, or a country; never
    one of the host country ("Trump was greeted by Queen Elizabeth II on his state visit to the UK")."""
    before = [a for a in view.actors_in(clause[0], hit.start)
              if a.kind in _VISITOR_KINDS and not is_locative(view.text, a) and a.code != host
              and not after_word(view.text, a, _WHERE_WORDS)
              and not (a.kind != "person" and (_HYPHENATED.match(view.text, a.end) or _FIRM.match(view.text, a.end)))]
    people = [a for a in before if a.kind == "person"]
    if people:
        return people[-1]
    if before and (_PRIVATE_PEOPLE.match(view.text, before[-1].end)
                   or (before[-1].kind == "demonym" and before[-1].text.endswith("s")
                       and not _THE_BEFORE.search(view.text, 0, before[-1].start))):
        return None  # "for Americans to visit Cuba", "Chinese tourists flocked to Thailand": people, not officials
    interrupted = None if before else after_relative_clause(clause, view.clauses, view.text)
    if interrupted is not None:
        # "Kono, who met Chilean officials last year, arrived in Lima": the subject before the relative clause.
        return _subject(view, Hit(interrupted[1], interrupted[1], hit.text, hit.trigger), interrupted, discourse,
                        host)
    if hit.start == clause[0] and clause[0] > 0 and _BUT_BEFORE.search(view.text, max(0, clause[0] - 8), clause[0]):
        # "he did not stop in Pakistan, but visited India": the verb shares the subject of the clause before.
        previous = next((c for c in reversed(view.clauses) if c[1] <= clause[0]), None)
        if previous is not None:
            return _subject(view, Hit(previous[1], previous[1], hit.text, hit.trigger), previous, discourse, host)
    # "he flew to Tokyo", "his visit to Tokyo"; but "Chalabi and his fighters are going to Baghdad" is not his trip.
    pronoun = _SUBJECT_PRONOUN if hit.trigger.part_of_speech in ("verb", "move") else PRONOUN_PERSON
    referent = discourse.referent(pronoun.search(view.text, clause[0], hit.start))
    if referent is not None:
        return referent
    if before:
        return before[-1]
    # "the president's trip to Saudi Arabia": an office with "the" names the official the article is about.
    if _DEFINITE_OFFICE.search(view.text, clause[0], hit.start):
        return _most_named_person(discourse, host)
    # "Mr Chavez, who is visiting China": the relative clause's antecedent.
    antecedent = [a for a in view.actors_in(0, clause[0]) if a.kind == "person"]
    return antecedent[-1] if antecedent and _RELATIVE.search(view.text, max(0, clause[0] - 8), clause[0]) else None


def _most_named_person(discourse: Discourse, other_than: str | None) -> Actor | None:
    """The official the article has named most so far (not one of the host country), when no other ties."""
    ranked = [(name, count) for name, count in discourse.times_named.most_common(3)
              if discourse.last_named[name].code != other_than]
    if not ranked or len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return discourse.last_named[ranked[0][0]]


def _travel_visit(view: SentenceView, hit: Hit, clause: tuple[int, int],
                  discourse: Discourse) -> list[tuple[Actor, Actor]]:
    destination = next((a for a in view.actors if hit.end <= a.start < clause[1]
                        and (a.kind in _DESTINATION_KINDS
                             or a.kind == "demonym" and _CAPITAL_AFTER.match(view.text, a.end))
                        and _DESTINATION_GAP.fullmatch(view.text[hit.end:a.start])), None)
    if destination is None and hit.trigger.part_of_speech in ("verb", "move"):
        # "visited the ancestral home of Confucius in Qufu", "toured a car factory in the city of Tianjin".
        destination = next((a for a in view.actors_in(hit.end, clause[1]) if a.kind in ("place", "country")
                            and _VISITED_VENUE.fullmatch(view.text, hit.end, a.start)), None)
    if destination is None and hit.trigger.part_of_speech in ("verb", "move"):
        # "visited its arch rival, India": the country named in apposition to a description of it.
        destination = next((a for a in view.actors_in(hit.end, clause[1]) if a.kind in ("place", "country")
                            and _DESCRIBED_PLACE.fullmatch(view.text, hit.end, a.start)), None)
    if destination is None and hit.trigger.part_of_speech == "noun":
        # "Modi's US visit", "his Moscow visit": the place that modifies the noun.
        destination = next((a for a in view.actors_in(clause[0], hit.start) if a.kind in _DESTINATION_KINDS
                            and _MODIFIER_GAP.fullmatch(view.text, a.end, hit.start)), None)
    if destination is None and hit.trigger.part_of_speech == "noun":
        # "the first state visit in 14 years by a Chinese leader to North Korea": a "to" later in the phrase.
        destination = next((a for a in view.actors if hit.end <= a.start < clause[1] and a.kind in _DESTINATION_KINDS
                            and (_LATE_DESTINATION.fullmatch(view.text[hit.end:a.start])
                                 or _VENUE_IN.fullmatch(view.text[hit.end:a.start]))), None)
    by = next((a for a in view.actors_in(hit.end, clause[1]) if a.kind == "person"), None)
    if destination is None and (_ANAPHORIC_PLACE.match(view.text, hit.end) or hit.text.casefold().endswith(" here")):
        destination = discourse.dateline
    possessor = _POSSESSOR.search(view.text, clause[0], hit.start)
    if possessor and not any(a.start <= possessor.start(1) < a.end for a in view.actors):
        return []  # "before the Pope's landing in Seoul": somebody the dictionaries do not know travelled
    opening = _OPENING_PHRASE.fullmatch(view.text, 0, hit.start) if hit.trigger.part_of_speech == "noun" else None
    visitor = by if by is not None and re.match(r"\s+by\b", view.text[hit.end:]) else \
        _main_subject(view, hit, discourse) if opening else \
        _subject(view, hit, clause, discourse, destination.code if destination else None)
    if destination is None and visitor is not None and _TO_THE_COUNTRY.match(view.text, hit.end):
        # "In five trips to the country, he said" in a story with no dateline: the country named last, not his.
        code = discourse.last_country(exclude=visitor.code, sentences=2)
        destination = Actor(hit.end, hit.end, "the country", code, "country") if code else None
    if destination is not None and hit.trigger.part_of_speech == "noun":
        # "the visit to Tokyo by Narendra Modi", "... by the Indian prime minister": the traveller after the place.
        after = _BY_AFTER.match(view.text, destination.end) \
            or _BY_AFTER.match(view.text, location_end(view, destination))
        traveller = (next((a for a in view.actors_in(after.end(), clause[1]) if a.kind == "person"), None)
                     if after else None)
        if traveller is not None and _TITLES_ONLY.fullmatch(view.text, after.end(), traveller.start):
            # "... of Afghan President Ashraf Ghani and Chief Executive Abdullah Abdullah": all of them.
            travellers = [traveller]
            for person in (a for a in view.actors_in(traveller.end, clause[1])):
                if person.kind != "person" or not _AND_TITLES.fullmatch(view.text, travellers[-1].end, person.start):
                    break
                travellers.append(person)
            return [(person, place) for person in travellers
                    for place in _coordinated_places(view, destination, clause[1])]
        elif after is not None:
            visitor = _office_holder(view, after.end(), clause[1]) or visitor
    if visitor is None and _OPENING.fullmatch(view.text, 0, hit.start) and hit.text.split()[0].endswith("ing"):
        # "Arriving in India today for his first state visit, Chinese President Xi Jinping hopes ...": the
        # subject of the main clause after the participle's phrase.
        comma = view.text.find(",", hit.end)
        visitor = next((a for a in view.actors_in(comma, len(view.text)) if a.kind == "person"), None) \
            if comma > 0 else None
    if destination is None and visitor is not None and hit.trigger.part_of_speech == "noun" \
            and discourse.dateline is not None and any(a is visitor for a in view.actors) \
            and (opening or _POSSESSIVE_GAP.fullmatch(view.text, visitor.end, hit.start)):
        # "Mr Bush's first visit" in a story filed from Ramallah: the visit the story reports is to where it was filed,
        # unless the article already placed him ("Modi, who is in Vladivostok ... Modi's visit", filed from Moscow).
        destination = discourse.visited.get(visitor.person or "") or discourse.dateline
    if visitor is None or destination is None:
        return []
    visitors = _coordinated_people(view, visitor) if visitor.kind == "person" else [visitor]
    return [(person, place) for person in visitors for place in _coordinated_places(view, destination, clause[1])]


def _sent_visit(view: SentenceView, hit: Hit, clause: tuple[int, int],
                discourse: Discourse) -> list[tuple[Actor, Actor]]:
    """"China had sent a special envoy to Pyongyang", "Merkel was sending two ministers to France": the sender's
    country visits the place; the sentence does not name its envoy."""
    destination = next((a for a in view.actors_in(hit.end, clause[1]) if a.kind in _DESTINATION_KINDS
                        and _DESTINATION_GAP.fullmatch(" " + view.text[hit.end:a.start])), None)
    if destination is None:
        return []
    # The sender is the actor right before the verb ("Lee said China had sent ..." is China's envoy), or a pronoun's.
    before = [a for a in view.actors_in(clause[0], hit.start) if a.kind in _VISITOR_KINDS
              and not is_locative(view.text, a) and a.code != destination.code]
    sender = before[-1] if before else discourse.referent(PRONOUN_PERSON.search(view.text, clause[0], hit.start))
    if sender is None:
        return []
    return [(Actor(sender.start, sender.end, sender.text, sender.code, "country"), place)
            for place in _coordinated_places(view, destination, clause[1])]


_TO = re.compile(r"\s+to\s+(?:the\s+)?")
_TITLE_WORDS = re.compile(r"\s*(?:(?:the|of|[A-Z][\w.’'-]*)\s+)*")


def _sent_official(view: SentenceView, hit: Hit, clause: tuple[int, int]) -> list[tuple[Actor, Actor]]:
    """"Trump dispatched Mike Pence to Ankara", "sent Secretary of State Kerry to Geneva": the official sent, named
    right after the verb, visits the place named right after him."""
    after = view.actors_in(hit.end, clause[1])
    person = after[0] if after else None
    if person is None or person.kind != "person" or not _TITLE_WORDS.fullmatch(view.text, hit.end, person.start):
        return []
    destination = next((a for a in after[1:2] if a.kind in _DESTINATION_KINDS
                        and _TO.fullmatch(view.text, person.end, a.start)), None)
    if destination is None:
        return []
    return [(person, place) for place in _coordinated_places(view, destination, clause[1])]


def _main_subject(view: SentenceView, hit: Hit, discourse: Discourse | None = None) -> Actor | None:
    """"During his trip to Tokyo, Modi said": the official who opens the main clause after the opening phrase
    (its "his" points forward to him); "In five trips to the country, he said": the official "he" refers to."""
    comma = view.text.find(",", hit.end)
    person = next((a for a in view.actors_in(comma, len(view.text)) if a.kind == "person"), None) \
        if comma > 0 else None
    if person is not None and _TITLES_ONLY.fullmatch(view.text, comma + 1, person.start):
        return person
    pronoun = _SUBJECT_PRONOUN.match(view.text, comma + 2) if comma > 0 and discourse is not None else None
    return discourse.referent(pronoun) if pronoun and discourse and view.text[comma + 1] == " " else None


def _coordinated_people(view: SentenceView, last: Actor) -> list[Actor]:
    """"Ghani and Abdullah arrived in Washington": the officials coordinated before the one nearest the trigger
    travelled with him."""
    people = [last]
    for actor in reversed([a for a in view.actors if a.end <= last.start]):
        if actor.kind != "person" or not _AND.fullmatch(view.text, actor.end, people[-1].start):
            break
        people.append(actor)
    return people[::-1]


def _coordinated_places(view: SentenceView, first: Actor, end: int) -> list[Actor]:
    """"visits to Peru, Egypt and Brazil": one destination for each place coordinated with the first, also after a
    second "to" ("... in October and to Saudi Arabia"); a place's own country after it ("Taormina, Italy") is no
    second destination."""
    places, cursor = [first], first.end
    for actor in (a for a in view.actors if first.end <= a.start < end):
        if actor.code == places[-1].code and view.text[cursor:actor.start].strip() == "(" \
                and view.text.startswith(")", actor.end):
            cursor = actor.end + 1  # "the United Arab Emirates (UAE)": the same country's short name
            continue
        if actor.kind not in _DESTINATION_KINDS or not (_AND.fullmatch(view.text, cursor, actor.start)
                                                        or _AND_THEN_TO.fullmatch(view.text, cursor, actor.start)):
            break
        cursor = actor.end
        if all(p.code != actor.code for p in places):
            places.append(actor)
    return places


def _office_holder(view: SentenceView, start: int, end: int) -> Actor | None:
    """An official given by office and country, no name ("the foreign minister of Kuwait", "the Kuwaiti foreign
    minister"), right after a position: the country stands for him (his name comes from the article)."""
    actor = next(iter(view.actors_in(start, end)), None)
    if actor is None or actor.kind not in ("country", "demonym"):
        return None
    gap = view.text[start:actor.start].split()
    if not all(_singular(w) in _OFFICE_WORDS for w in gap):
        return None
    return actor if any(_singular(w) in _OFFICES for w in gap + view.text[actor.end:end].split()[:2]) else None


def _singular(word: str) -> str:
    """"presidents" → "president": an office word as the dictionaries spell it."""
    word = word.casefold().rstrip(".,")
    return word[:-1] if word.endswith("s") and word[:-1] in _OFFICES else word


def _address(view: SentenceView, hit: Hit, clause: tuple[int, int], discourse: Discourse) -> list[tuple[Actor, Actor]]:
    """"Hernandez told the UN General Assembly", "In a speech before the Security Council, Tadic said": the speaker
    is in the country where the body sits."""
    body = next(iter(view.actors_in(hit.end, clause[1])), None)
    if body is not None and body.kind == "place" and hit.text.endswith(" at") \
            and not view.text[hit.end:body.start].strip():
        # "Merkel said Wednesday, in a speech at Davos": a speech at a place, the speaker there.
        speaker = _subject(view, hit, clause, discourse) or _main_subject(view, hit)
        return [(speaker, body)] if speaker is not None and speaker.kind == "person" else []
    if body is None or body.kind != "organisation" or body.code not in discourse.seats \
            or not _THE.fullmatch(view.text, hit.end, body.start):
        return []
    speaker = _main_subject(view, hit) if _OPENING_PHRASE.fullmatch(view.text, 0, hit.start) else \
        _subject(view, hit, clause, discourse)
    if speaker is None or speaker.kind != "person":
        return []
    return [(speaker, Actor(body.start, body.end, body.text, discourse.seats[body.code], "country"))]


def _hosted_visit(view: SentenceView, hit: Hit, clause: tuple[int, int]) -> list[tuple[Actor, Actor]]:
    if _DETERMINED.search(view.text, max(0, hit.start - 8), hit.start):
        return []  # "greeted his host Putin", "the hosts": a noun, not the hosting verb
    if _BY.match(view.text, hit.end) or _AUXILIARY.search(view.text, max(0, hit.start - 30), hit.start):
        return _hosted_by(view, hit, clause)
    hosts = [a for a in view.actors_in(clause[0], hit.start) if not is_locative(view.text, a)]
    guest = next((a for a in view.actors_in(hit.end, clause[1]) if a.kind == "person"), None) \
        or _office_holder(view, hit.end, clause[1])
    if not hosts or guest is None or view.text.startswith(("’s", "'s"), guest.end):
        return []  # "welcomed Kim's olive branch": what the official offered, not the official
    if hit.text.lower().startswith(("receiv", "greet")) and not _GUEST_GAP.fullmatch(view.text, hit.end, guest.start):
        return []  # "received a call from Putin", "greeted his host Putin" are no visits; "received Mr Bush" is
    city = next((a for a in view.actors_in(guest.end, clause[1]) if a.kind == "place" and a.code == hosts[-1].code),
                None)
    return [(person, city or hosts[-1]) for person in _coordinated_after(view, guest, clause[1])]


def _coordinated_after(view: SentenceView, first: Actor, end: int) -> list[Actor]:
    """"hosted talks with Macron, Merkel and Erdogan": the officials coordinated after the first one, titles allowed
    between ("and Italian Premier Giuseppe Conte")."""
    people, joined_by_and = [first], [True]
    if first.kind != "person":
        return people
    for actor in view.actors_in(first.end, end):
        if actor.kind == "person" and _AND_TITLES.fullmatch(view.text, people[-1].end, actor.start):
            joined_by_and.append(" and " in f" {view.text[people[-1].end:actor.start]} ")
            people.append(actor)
        elif actor.kind == "person" or not _TITLES_ONLY.fullmatch(view.text, people[-1].end, actor.start) \
                and not _AND_TITLES.fullmatch(view.text, people[-1].end, actor.start):
            break
    # A list ends with "and": "hosted Erdogan, Iran's Rouhani said" lists nobody after Erdogan.
    while not joined_by_and[-1]:
        people.pop()
        joined_by_and.pop()
    return people


def _hosted_by(view: SentenceView, hit: Hit, clause: tuple[int, int]) -> list[tuple[Actor, Actor]]:
    """"Modi was greeted by Putin in Moscow": the official the passive is about is the guest, in the place the
    clause names, else in the host's country; "a summit hosted by Boris Johnson" names no guest."""
    by = view.text.find(" by ", hit.start, clause[1])
    host = next((a for a in view.actors_in(by, clause[1]) if not is_locative(view.text, a)), None) if by >= 0 else None
    guest = next((a for a in reversed(view.actors_in(clause[0], hit.start)) if a.kind == "person"), None)
    if host is None or guest is None or not _PASSIVE.fullmatch(view.text, guest.end, hit.start):
        return []
    place = next((a for a in view.actors_in(clause[0], clause[1]) if a.kind in ("place", "country")
                  and is_locative(view.text, a)), None) or host
    return [(guest, place)]


def _participants(view: SentenceView, hit: Hit, discourse: Discourse) -> list[Actor]:
    people = [a for a in view.actors if a.kind == "person"]
    # "Kerry met his Russian counterpart in Paris": the counterpart's country came too.
    people += [a for a in view.actors if a.kind in ("country", "demonym")
               and _COUNTERPART.match(view.text, a.end) and all(p.code != a.code for p in people)]
    # "his June summit with President Biden in Geneva", "when he was in Tokyo": the pronoun's referent too.
    earlier = discourse.referent(PRONOUN_PERSON.search(view.text[max(0, hit.start - 25):hit.start] + " " + hit.text))
    if earlier and all(p.person != earlier.person for p in people):
        people.append(earlier)
    return people


def _meeting_visits(view: SentenceView, hit: Hit, discourse: Discourse) -> list[tuple[Actor, Actor]]:
    location = location_after(view, hit.end)
    if location is None:
        return []
    if _EVENT.search(hit.text):
        discourse.event_place = location  # "the summit in London", "gathered for a summit in Singapore"
    # Without named officials, the countries at a summit or talks ("South Korea and Japan held a summit
    # in Tokyo"); a signing or a speech needs a named official.
    participants = _participants(view, hit, discourse)
    if len(participants) > 1 and view.text.startswith(",", location_end(view, location)) \
            and not any(a.kind == "person" for a in view.actors_in(0, hit.start)) \
            and "," not in view.text[hit.end:location.start]:
        # "At the summit in Mexico, Mr. Obama also blamed Russian President Vladimir Putin": a fronted meeting places
        # the main clause's subject (and those coordinated with him), not the people he talks about.
        subject = _main_subject(view, hit)
        if subject is not None:
            group = _coordinated_after(view, subject, len(view.text))
            participants = group + [p for p in participants if p not in group and p.kind == "person"
                                    and _MET_BEFORE.search(view.text, max(0, p.start - 60), p.start)]
    if not participants and not _NEEDS_OFFICIAL.match(hit.text):
        participants = [a for a in view.actors if a.kind in ("country", "demonym") and a.start < location.start
                        and not is_locative(view.text, a)
                        and not _LEFT.search(view.text, max(0, a.start - 20), a.start)]
    if _BETWEEN.search(hit.text):
        # "after a summit between Moon and Trump in Seoul": those between are the participants, not the others.
        participants = [a for a in participants if hit.start <= a.start < hit.end]
    pair = PAIR_PHRASE.search(view.text, 0, location.start)
    if not participants and pair:
        # "a meeting of the foreign ministers of both countries in Islamabad": the two the article is about.
        # When the host is one of the pair the article named ("India and Pakistan ... both countries in
        # Islamabad"), the other one came.
        named = discourse.pair_with(location.code, 8)
        codes = [c for c in named if c != location.code] if named else discourse.pair(exclude=[location.code])[:1]
        participants = [Actor(pair.start(), pair.end(), pair.group(), code, "country") for code in codes]
    return [(actor, location) for actor in participants if actor.code != location.code]


def _attendance(view: SentenceView, hit: Hit, clause: tuple[int, int],
                discourse: Discourse) -> list[tuple[Actor, Actor]]:
    visitor = _subject(view, hit, clause, discourse)
    place = _where_place(view, hit) or next((a for a in view.actors_in(hit.end, clause[1])
                           if a.kind == "place" and is_locative(view.text, a)), None) or discourse.recent_place()
    return [(visitor, place)] if visitor is not None and visitor.kind == "person" and place is not None else []


def _unplaced_meeting(view: SentenceView, hit: Hit, clause: tuple[int, int],
                      discourse: Discourse) -> list[tuple[Actor, Actor]]:
    """"Lavrov said at a meeting with Kerry", "Blair met Berlusconi": a meeting the sentence places nowhere
    happened where the article last said events took place (within two sentences), else at its dateline; the
    participants foreign to that place are visitors."""
    if any(is_locative(view.text, a) for a in view.actors_in(*clause) if a.kind in ("place", "country")) \
            or fronted_place_visits(view, discourse):
        return []  # placed in the clause, or by the place the sentence opens with: the setting shapes read it
    guest = next((a for a in view.actors_in(hit.end, clause[1]) if a.kind == "person"), None)
    if guest is None or not _MET_GAP.fullmatch(view.text, hit.end, guest.start):
        # "Blair is meeting his EU counterparts": the counterparts' country (or bloc) met him.
        counterpart = next(iter(view.actors_in(hit.end, clause[1])), None)
        if counterpart is None or not _POSSESSIVE_DETERMINER.fullmatch(view.text, hit.end, counterpart.start) \
                or not _COUNTERPART.match(view.text, counterpart.end):
            return []
        guests = [counterpart]
    else:
        guests = [a for a in view.actors_in(guest.start, clause[1]) if a.kind == "person"]
    host = _subject(view, hit, clause, discourse)
    # "talks with Macron on the sidelines of the summit": where the article placed the summit.
    place = discourse.event_place if discourse.event_place is not None \
        and _AT_THE_EVENT.search(view.text, hit.end, clause[1]) else discourse.place_lately(2)
    if host is None or host.kind != "person" or place is None:
        return []
    return [(person, place) for person in [host, *guests] if person.code != place.code]


def _where_place(view: SentenceView, hit: Hit) -> Actor | None:
    """The place a "where" clause holding the trigger is about: "in Tehran, where he was attending ..."."""
    for place in reversed([a for a in view.actors if a.end <= hit.start and a.kind == "place"]):
        where = _WHERE.match(view.text, place.end)
        if where is not None and where.end() <= hit.start:
            between = view.text[where.end():hit.start]
            return place if "," not in between and len(between.split()) <= 6 else None
    return None


def name_visitors(mentions: list[FactMention], people: Iterable[tuple[int, Actor]],
                  offices: dict[int, set[str]] | None = None,
                  roles_of: dict[str, set[str]] | None = None) -> list[FactMention]:
    """A visit the sentence gives only a country for ("Iran and the US held talks in Vienna") was made by the
    official of that country the article names: the one of the office the sentence names ("where the foreign
    ministers of Iran and France were meeting": Iran's foreign minister), else the one it names as visiting the
    same host, else the one of that country it named last before (or in) the sentence, else the one of that
    country it names most often. `people`: the officials the article names, with the index of their sentence, in
    order; `offices`: the roles of the offices each sentence names; `roles_of`: each official's roles."""
    named: dict[tuple[str | None, str | None], Counter[str]] = {}
    for mention in mentions:
        if mention.fact_type == "visit" and mention.visitor_name:
            key = (mention.visitor_country_code, mention.host_country_code)
            named.setdefault(key, Counter())[mention.visitor_name] += 1
    in_order = [(index, person) for index, person in people if person.person]
    by_country: dict[str, Counter[str]] = {}
    for _, person in in_order:
        by_country.setdefault(person.code, Counter())[person.person or ""] += 1
    for mention in mentions:
        if mention.fact_type != "visit" or mention.visitor_name or mention.visitor_country_code is None:
            continue
        same_visit = named.get((mention.visitor_country_code, mention.host_country_code))
        last_before = next((p.person for i, p in reversed(in_order)
                            if i <= mention.sentence_index and p.code == mention.visitor_country_code), None)
        wanted = (offices or {}).get(mention.sentence_index)
        holders = {p.person for _, p in in_order if p.code == mention.visitor_country_code
                   and wanted & (roles_of or {}).get(p.person or "", set())} if wanted else set()
        name = holders.pop() if len(holders) == 1 else _most_named(same_visit) if same_visit else last_before
        if name is None and mention.visitor_country_code in by_country:
            name = _most_named(by_country[mention.visitor_country_code])
        mention.visitor_name = mention.subject_key = name
    return mentions


def away_from_seat(mentions: list[FactMention], seats: dict[str, str]) -> list[FactMention]:
    """A bloc's officers in the country of its seat ("NATO Secretary-General Stoltenberg" in Belgium) are at home,
    not visiting."""
    return [m for m in mentions if m.fact_type != "visit" or m.visitor_country_code not in seats
            or seats[m.visitor_country_code] != m.host_country_code]


def _most_named(counts: Counter[str]) -> str | None:
    """The name counted most, when no other is counted as often."""
    ranked = counts.most_common(2)
    return ranked[0][0] if len(ranked) == 1 or ranked[0][1] > ranked[1][1] else None


def _speech(view: SentenceView, hit: Hit, clause: tuple[int, int], discourse: Discourse) -> list[tuple[Actor, Actor]]:
    """"Lavrov told reporters in Geneva": the official speaking is where he spoke."""
    speaker = _subject(view, hit, clause, discourse)
    place = location_after(view, hit.end)
    if speaker is None or speaker.kind != "person" or place is None:
        return []
    # "Trump said in the Oval Office alongside Guatemalan Interior Minister Enrique Degenhart": beside him, there.
    beside = _BESIDE.match(view.text, location_end(view, place))
    company = [a for a in view.actors_in(beside.end(), clause[1]) if a.kind == "person"] if beside else []
    return [(speaker, place)] + [(person, place) for person in company]
