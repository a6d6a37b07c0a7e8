"""Find the actors a sentence names (countries, places, organisations, officials) and resolve them to codes."""

import datetime as dt
import re
from dataclasses import dataclass

from pipeline.extract.lexicon import Lexicon

COUNTRY_KINDS = {
    "name": "country",
    "short_name": "country",
    "abbreviation": "country",
    "demonym": "demonym",
    "capital": "place",
    "city": "place",
    "metonym": "metonym",
    "organisation": "organisation",
}


@dataclass(frozen=True)
class Actor:
    start: int
    end: int
    text: str
    code: str
    kind: str  # country | demonym | place | metonym | organisation | person
    person: str | None = None  # canonical full name of an official
    place: str | None = None  # the city's name when kind is place


# Words that may stand before a bare surname without making it somebody else's name.
TITLES = frozenset(
    [
        "President",
        "Prime",
        "Minister",
        "Mr",
        "Mr.",
        "Mrs",
        "Mrs.",
        "Ms",
        "Ms.",
        "Dr",
        "Dr.",
        "Secretary",
        "Chancellor",
        "King",
        "Queen",
        "Prince",
        "Princess",
        "Sheikh",
        "Emir",
        "General",
        "Gen.",
        "Senator",
        "Sen.",
        "Premier",
        "Vice",
        "Foreign",
        "Defence",
        "Defense",
        "Ambassador",
        "Envoy",
        "Leader",
        "Chairman",
        "Governor",
        "Taoiseach",
        "Counterpart",
        "Crown",
        "Supreme",
        "Admiral",
        "Adm.",
        "Lt.",
        "Colonel",
        "Col.",
        "Deputy",
        "Chief",
        "Commander",
        "Minister's",
        "President's",
        "Rep.",
        "Representative",
        "Speaker",
        "Pope",
        "Sultan",
        "Marshal",
    ]
)
# Capitalised only because they open a sentence ("Meanwhile Putin said").
SENTENCE_OPENERS = frozenset(
    [
        "Meanwhile",
        "But",
        "And",
        "When",
        "However",
        "Then",
        "Yesterday",
        "Today",
        "Later",
        "Earlier",
        "Also",
        "So",
        "Now",
        "While",
        "After",
        "Before",
        "If",
        "As",
        "Still",
        "Yet",
        "Although",
        "Though",
        "Because",
        "Since",
        "Instead",
        "Here",
        "There",
        "In",
        "On",
        "At",
        "For",
        "With",
        "Without",
        "By",
        "From",
        "The",
        "A",
        "An",
        "This",
        "That",
        "Both",
        "Only",
        "Even",
        "Last",
        "Next",
        "Why",
        "How",
        "What",
        "Where",
        "Who",
        "Unlike",
        "Like",
        "Under",
        "Despite",
        "Following",
        "During",
    ]
)
_WORD_BEFORE = re.compile(r"([A-Z][\w’'.-]*)\s+$")
# Words of an office between a country and a person's name ("US envoy Keith Krach", "Egyptian Foreign Minister
# Sameh Shoukry", "U.S. Secretary of Health and Human Services Alex Azar"): titles, portfolios and role nouns.
ROLE_WORDS = frozenset(w.casefold().rstrip(".") for w in TITLES) | frozenset("""
    envoy envoys official diplomat lawmaker congressman congresswoman senator representative negotiator adviser
    advisor spokesman spokeswoman delegate delegation head state health trade finance interior economy economic
    commerce energy security national special top senior agriculture education environment justice labour labor
    transport treasury homeland human services affairs external home development planning industry culture
    army navy naval air force military intelligence staff joint chiefs parliamentary under assistant acting
    first second and of the
    """.split())
_ROLE_THEN_NAME = re.compile(r"\s+((?:[\w.]+\s+){1,6}?)((?:[A-Z][a-z’'-]+\s+){1,2}[A-Z][a-z’'-]+)(?![\w’'-])")


def find_actors(
    sentence: str, lexicon: Lexicon, on: dt.date | None, other_people: set[str] | None = None
) -> list[Actor]:
    """Actors in order of appearance; a name that resolves to no single country is left out.

    A bare surname after a first name that is not the official's ("Eric Reeves" is not Rachel
    Reeves) is somebody else; the surname is then added to `other_people` so that a later
    "Mr Reeves" in the same article is not taken for the official either.
    """
    blocked = other_people if other_people is not None else set()
    actors = []
    for match in lexicon.actor_pattern.finditer(sentence):
        name = match.group()
        if name in lexicon.surnames and _names_someone_else(sentence, match.start(), lexicon, blocked, name):
            continue
        people = lexicon.officials_named(name, on)
        if people:
            codes = {p.country_code for p in people}
            names = {p.full_name for p in people}
            if len(codes) == 1:
                person = next(iter(names)) if len(names) == 1 else None
                actors.append(Actor(match.start(), match.end(), name, codes.pop(), "person", person))
            continue
        code, alias_kind = lexicon.aliases[name]
        kind = COUNTRY_KINDS.get(alias_kind, "country")
        actors.append(Actor(match.start(), match.end(), name, code, kind, place=name if kind == "place" else None))
    return _with_described_people(sentence, actors)


def _with_described_people(sentence: str, actors: list[Actor]) -> list[Actor]:
    """People the dictionaries do not list but the sentence describes by country and office ("US envoy Keith
    Krach"): the person acts for that country."""
    found = []
    for actor in actors:
        if actor.kind not in ("country", "demonym"):
            continue
        match = _ROLE_THEN_NAME.match(sentence, actor.end)
        if not match:
            continue
        role = match.group(1).split()
        if not any(w.casefold().rstrip(".") not in ("and", "of", "the") for w in role) \
                or not all(w.casefold().rstrip(".") in ROLE_WORDS for w in role) or role[0].casefold() in ("and", "of"):
            continue
        start, end, name = match.start(2), match.end(2), match.group(2)
        while name.split()[0].casefold() in ROLE_WORDS and len(name.split()) > 2:
            # "Health Secretary Alex Azar": the office's last word is capitalised like the name.
            first = name.split()[0]
            start += len(first) + (len(name) - len(name[len(first):].lstrip()) - len(first))
            name = name[len(first):].lstrip()
        if name.split()[0].casefold() in ROLE_WORDS or any(a.start < end and start < a.end for a in actors):
            continue  # a listed official, a place or a country, not a new person
        found.append(Actor(start, end, name, actor.code, "person", name))
    return sorted(actors + found, key=lambda a: a.start) if found else actors


def _names_someone_else(sentence: str, start: int, lexicon: Lexicon, blocked: set[str], surname: str) -> bool:
    if surname in blocked:
        return True
    before = _WORD_BEFORE.search(sentence[max(0, start - 40) : start])
    if not before:
        return False
    word = before.group(1)
    opens_sentence = not sentence[: start - len(before.group())].strip()
    if (
        word in TITLES
        or word in lexicon.aliases
        or word.rstrip("’'s") in lexicon.aliases
        or (opens_sentence and word in SENTENCE_OPENERS)
    ):
        return False
    blocked.add(surname)
    return True
