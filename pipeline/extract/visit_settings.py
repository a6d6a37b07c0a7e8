"""Visits read from the place a sentence sets its events in, without a travel or meeting word before it.

Two shapes: a fronted locative ("In Geneva, Kerry met Zarif", "Earlier, in Texas, Trump joined Indian Prime
Minister Narendra Modi": the officials of the main clause are there) and a place followed by a "where" clause
that says people met there ("in Geneva, where the foreign ministers of Iran and France were meeting").
"""

import re

from pipeline.extract.actors import ROLE_WORDS, Actor
from pipeline.extract.grammar import PRONOUN_PERSON, Discourse, clause_of
from pipeline.extract.sentence_view import SentenceView

# Between "in" and a place, and between the places of one location: "the South Korean capital of Seoul",
# "Taormina, Italy".
# A direction before a country ("in eastern Ukraine", "in southeastern France") is part of the place.
DIRECTION = r"(?:north|south)(?:-?(?:east|west))?ern|(?:east|west)ern|central"
LOCATION_GAP = re.compile(rf"\s*(?:(?:the|a|an|capital|city|port|town|of|{DIRECTION}|,)\s*)*")
# A sentence that opens by setting a place: "In Seoul, ...", "Earlier, in Texas, ...", "On Monday in Brussels, ...".
# "In the eastern Chinese city of Hangzhou,", "In the Latvian capital Riga,": the place after its description.
_FRONTED = re.compile(r"(?:(?:[A-Z]\w+|On \w+|Last \w+|This \w+),?\s+)?(?:[Ii]n|[Aa]t)\s+(?:the\s+)?"
                      r"(?:(?:[\w-]+\s+){0,3}?(?:city|capital|town|port|resort|village)\s+(?:of\s+)?)?")
# "At the Copenhagen democracy summit, ...": the event the place names.
_EVENT = r"(?:summit|conference|meeting|talks|forum|gathering|ceremony|session)"
# After the place: a region or state the dictionaries may not know ("Wapakoneta, Ohio,") and a time ("today").
# Also a purpose: "While in New York City to attend the United Nations General Assembly, Zelensky told reporters".
_AFTER_FRONTED = re.compile(r"(?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?(?:(?:\s+[\w-]+){0,3}?\s+" + _EVENT + r")?"
                            r"(?:\s+(?:today|yesterday|on \w+|this \w+|last \w+))?"
                            r"(?:\s+(?:to|for)\s+[^,;]{1,80}?)?\s*,\s+")
# "At the summit,", "During the talks,": the event the article placed, opening the sentence.
_AT_THE_EVENT = re.compile(r"(?:At|During|On the sidelines of) the (?:[a-z-]+\s+){0,2}?" + _EVENT + r"s?\s*,\s+")
# A place followed by a clause saying people met there.
_WHERE = re.compile(r"(?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?,?\s+where\b")
_MET = re.compile(r"\b(?:met|meet(?:s|ing)?|talks|summit|conference|gathered|negotiat\w*)\b", re.IGNORECASE)
# Verbs whose object was with the subject: "met", "joined", "held talks with".
_COMPANY = re.compile(r"\s*(?:\w+ly\s+)?(?:met|meets|joined|joins|hosted|hosts|welcomed|welcomes|greeted|greets|"
                      r"accompanied|(?:held|holds) talks with|(?:sat|sits) down with|talked with|spoke with)\s+")
_WORD = re.compile(r"[\w’'.-]+")
# Presence at the place the article last named: "Germany's chancellor and France's president were there".
_QUESTION = re.compile(r"\s*(?:what|which|how many|how much)\b", re.IGNORECASE)
_THERE = re.compile(r"\b(?:was|were|is|are|has been|have been|had been)\s+(?:\w+ly\s+|also\s+|all\s+)?there\b")
# "Kerry, in Geneva for talks, said": a place in apposition to an official, then a purpose, a time or the comma.
_APPOSED_IN = re.compile(r",\s+(?:(?:already|now|currently|still|due|expected)\s+)?(?:in|at)\s+(?:the\s+)?")
_APPOSITION_GOES_ON = re.compile(r"\s+(?:for|on|next|this|later|tomorrow|today)\b|,|\.$")
_LOCATIVE_IN = re.compile(r"\bin\s+(?:the\s+)?$")


def location_after(view: SentenceView, position: int) -> Actor | None:
    """The place a statement is located in: the actors right after a position, the most specific first."""
    chain, cursor = [], position
    for actor in (a for a in view.actors if a.start >= position):
        if not LOCATION_GAP.fullmatch(view.text[cursor:actor.start]):
            break
        chain.append(actor)
        cursor = actor.end
    places = [a for a in chain if a.kind == "place"] or \
        [a for a in chain if a.kind in ("country", "demonym", "metonym")]
    return places[0] if places else None


def location_end(view: SentenceView, location: Actor) -> int:
    """Where the location's chain of names ends ("Taormina, Italy" ends after Italy)."""
    end = location.end
    for actor in (a for a in view.actors if a.start >= location.end):
        if not LOCATION_GAP.fullmatch(view.text[end:actor.start]) or actor.kind == "person":
            break
        end = actor.end
    return end


def fronted_place_visits(view: SentenceView, discourse: Discourse) -> list[tuple[Actor, Actor]]:
    """"In Seoul, Kerry met ...": the people of the first clause after the fronted place are there."""
    at_event = _AT_THE_EVENT.match(view.text)
    if at_event is not None and discourse.event_place is not None:
        # "At the forum, Philippine Foreign Secretary Alan Peter Cayetano weighed in": where the article placed it.
        place, after = discourse.event_place, at_event
    else:
        opening = _FRONTED.match(view.text)
        if opening is None:
            return []
        place = location_after(view, opening.end())
        if place is None or view.text[opening.end():place.start].strip(" ,"):
            return []
        after = _AFTER_FRONTED.match(view.text, location_end(view, place))
        if after is None:
            return []
    start, end = after.end(), clause_of(after.end(), view.clauses)[1]
    subject_end = _phrase_end(view, start, end)
    people = [a for a in view.actors_in(start, subject_end) if a.kind == "person"]
    referent = discourse.referent(PRONOUN_PERSON.match(view.text, start)) if not people else None
    if referent is not None:
        people = [referent]
    # "In Texas, Trump joined Indian Prime Minister Narendra Modi": whom the subject met was there too.
    company = _COMPANY.match(view.text, subject_end)
    if people and company:
        people += [a for a in view.actors_in(company.end(), _phrase_end(view, company.end(), end))
                   if a.kind == "person"]
    return [(person, place) for person in people]


def _phrase_end(view: SentenceView, start: int, end: int) -> int:
    """Where a run of names ends: at the first lowercase word that is neither part of a name, a title nor "and"
    ("Trump and Australian Prime Minister Scott Morrison | visited")."""
    for word in _WORD.finditer(view.text, start, end):
        text = word.group()
        if text[0].isupper() or text.casefold() in ROLE_WORDS or any(a.start <= word.start() < a.end
                                                                     for a in view.actors):
            continue
        return word.start()
    return end


def apposed_place_visits(view: SentenceView) -> list[tuple[Actor, Actor]]:
    """"Kerry, in Geneva for talks, said ...": an official set off by commas with a place is in that place."""
    found = []
    for person in (a for a in view.actors if a.kind == "person"):
        apposed = _APPOSED_IN.match(view.text, person.end)
        place = location_after(view, apposed.end()) if apposed else None
        if place is None or view.text[apposed.end():place.start].strip(" ,") \
                or not _APPOSITION_GOES_ON.match(view.text, location_end(view, place)):
            continue
        found.append((person, place))
    return found


def where_clause_visits(view: SentenceView) -> list[tuple[Actor, Actor]]:
    """"in Geneva, where the foreign ministers of Iran and France were meeting": the people the "where" clause
    names (else its countries) met in that place."""
    found = []
    for place in view.actors:
        if place.kind != "place" or not _LOCATIVE_IN.search(view.text, max(0, place.start - 12), place.start):
            continue
        where = _WHERE.match(view.text, location_end(view, place))
        if where is None:
            continue
        start = where.end() + 1  # past the space that follows "where", inside the clause it opens
        end = clause_of(start, view.clauses)[1]
        if not _MET.search(view.text, start, end):
            continue
        inside = view.actors_in(start, end)
        people = [a for a in inside if a.kind == "person"]
        found += [(actor, place) for actor in people or [a for a in inside if a.kind in ("country", "demonym")]]
    return found


def present_there(view: SentenceView, discourse: Discourse) -> list[tuple[Actor, Actor]]:
    """"Germany's chancellor, Britain's prime minister and France's president were there": the people (else the
    countries) of the clause are where the article last placed its events."""
    there = _THERE.search(view.text) if "there" in view.text else None  # faster than the search over every position
    place = discourse.recent_place()
    if there is None or place is None:
        return []
    clause = clause_of(there.start(), view.clauses)
    if _QUESTION.match(view.text, clause[0]):
        return []  # "What other US-China tensions are there?": what exists, nobody's presence
    # "US-China tensions": countries joined by a hyphen qualify a noun and are nowhere.
    before = [a for a in view.actors_in(clause[0], there.start())
              if not view.text.startswith("-", a.end) and not view.text[:a.start].endswith("-")]
    people = [a for a in before if a.kind == "person"]
    return [(actor, place) for actor in people or [a for a in before if a.kind in ("country", "demonym")]]
