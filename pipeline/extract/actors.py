"""Find the actors a sentence names (countries, places, organisations, officials) and resolve them to codes."""

import datetime as dt
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from pipeline.extract.lexicon import COMMON_WORDS, Lexicon
from pipeline.text.name_pattern import trie_alternation

COUNTRY_KINDS = {
    "name": "country",
    "short_name": "country",
    "abbreviation": "country",
    "demonym": "demonym",
    "capital": "place",
    "city": "place",
    "metonym": "metonym",
    "organisation": "organisation",
    "region": "place",  # a state or province: a place events happen in, never a city
    "office": "office",  # "Sen.", "Assistant Secretary of State": names the country of the person it introduces
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
    first second and of the policy chief secretary-general high commissioner foreign-policy
    """.split())
_WORD_AFTER = re.compile(r"\s+([\w.’'-]+)")
_PUBLICATION_AFTER = re.compile(r"\s+(?:Times|Post|Journal|Herald|Tribune|Gazette|Daily|Chronicle|Standard)\b")
_FIRM_AFTER = re.compile(r"\s*&\s*[A-Z]")
_NAME_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ’'-]+")  # Latin-1 letters too: "Patiño", "Müller"
# Words a described person's last name may not be taken for later in the article: months, weekdays and function
# words. Ordinary nouns that are also surnames ("Hill", "Rice") stay: capitalised mid-sentence after the article
# described "U.S. envoy Christopher Hill", "Hill" is him ("Capitol Hill" has another first word).
_NOT_SURNAMES = COMMON_WORDS - frozenset(
    "rice brown hunt king young hope little wood hill law love price rich long white black green grant".split())
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z’'-]+")


def find_actors(
    sentence: str, lexicon: Lexicon, on: dt.date | None, other_people: set[str] | None = None,
    described: dict[str, Actor] | None = None,
) -> list[Actor]:
    """Actors in order of appearance; a name that resolves to no single country is left out.

    A bare surname after a first name that is not the official's ("Eric Reeves" is not Rachel
    Reeves) is somebody else; the surname is then added to `other_people` so that a later
    "Mr Reeves" in the same article is not taken for the official either.

    `described`: the people earlier sentences of the article described by country and office, by surname
    ("Iranian Foreign Minister Mohammad Javad Zarif" ... "Zarif said"); people this sentence describes are added.
    """
    blocked = other_people if other_people is not None else set()
    actors = []
    for match in lexicon.actor_pattern.finditer(sentence):
        name = match.group()
        if name in lexicon.surnames and _names_someone_else(sentence, match.start(), lexicon, blocked, name):
            continue
        people = lexicon.officials_named(name, on)
        if people and _FIRM_AFTER.match(sentence, match.end()):
            continue  # "Pratt & Whitney": a firm named after somebody, not the official
        if people:
            codes = {p.country_code for p in people}
            names = {p.full_name for p in people}
            if len(codes) == 1:
                person = next(iter(names)) if len(names) == 1 else None
                actors.append(Actor(match.start(), match.end(), name, codes.pop(), "person", person))
            continue
        code, alias_kind = lexicon.aliases[name]
        kind = COUNTRY_KINDS.get(alias_kind, "country")
        if _PUBLICATION_AFTER.match(sentence, match.end()):
            continue  # "The New York Times reports": a newspaper, not the country
        city = name if alias_kind in ("capital", "city") else None
        actors.append(Actor(match.start(), match.end(), name, code, kind, place=city))
    # An office only introduces a person; alone ("the Secretary of State said") it is no actor.
    actors = [a for a in _with_described_people(sentence, actors) if a.kind != "office"]
    if described is None:
        return actors
    actors = _with_people_described_before(sentence, actors, described, lexicon)
    for actor in actors:
        surname = actor.text.split()[-1]
        if actor.kind == "person" and actor.person == actor.text and actor.person not in lexicon.officials_by_name \
                and len(surname) >= 3 and surname.casefold() not in _NOT_SURNAMES and surname not in lexicon.aliases:
            described[surname] = actor
    return actors


@lru_cache(maxsize=256)
def _surname_pattern(surnames: frozenset[str]) -> re.Pattern[str]:
    """One trie-shaped pattern for the surnames an article has described so far: compiled once per new name."""
    return re.compile(rf"(?<![\w-])(?:{trie_alternation(set(surnames))})(?![\w-])")


def _with_people_described_before(sentence: str, actors: list[Actor], described: dict[str, Actor],
                                  lexicon: Lexicon) -> list[Actor]:
    """A surname alone names the person the article described earlier by country and office, unless another
    first name stands before it or another name word after it ("Cecil Rhodes", "Rhodes Island")."""
    if not described:
        return actors
    found = []
    for match in _surname_pattern(frozenset(described)).finditer(sentence):
        if any(a.start < match.end() and match.start() < a.end for a in actors) \
                or _NAME_AFTER.match(sentence, match.end()):
            continue
        person = described[match.group()]
        before = _WORD_BEFORE.search(sentence[max(0, match.start() - 40):match.start()])
        if before and _other_first_name(sentence, match.start(), before, person, lexicon):
            continue
        found.append(Actor(match.start(), match.end(), match.group(), person.code, "person", person.person))
    return sorted(actors + found, key=lambda a: a.start) if found else actors


# "Ben Rhodes, White House deputy national security adviser, said": a name, then its office after a comma.
_NAME_BEFORE_COMMA = re.compile(r"(?<![\w’'-])([A-Z][a-zß-öø-ÿ’'-]+(?:\s+[A-Z][a-zß-öø-ÿ’'-]+){1,2}),\s+(?:the\s+)?$")
_OFFICE_ENDS = re.compile(r"[,.]|$")


def _described_after(sentence: str, actors: list[Actor], found: list[Actor]) -> list[Actor]:
    """People the sentence names first and describes after a comma by country and office ("Ben Rhodes, White
    House deputy national security adviser,"); the office must end the apposition."""
    people = []
    for actor in actors:
        if actor.kind not in ("country", "demonym", "organisation", "office", "metonym"):
            continue
        name = _NAME_BEFORE_COMMA.search(sentence, max(0, actor.start - 60), actor.start)
        if name is None:
            continue
        words = list(_WORD_AFTER.finditer(sentence, actor.end, min(len(sentence), actor.end + 80)))
        role = 0
        while role < len(words) and words[role].group(1).casefold().rstrip(".,") in ROLE_WORDS \
                and words[role].start() == (words[role - 1].end() if role else actor.end):
            role += 1
        meaningful = [w for w in words[:role] if w.group(1).casefold().rstrip(".,") not in ("and", "of", "the")]
        end = words[role - 1].end() if role else actor.end
        if not (meaningful or actor.kind == "office") or not _OFFICE_ENDS.match(sentence, end):
            continue
        start, stop = name.start(1), name.end(1)
        if any(a.start < stop and start < a.end for a in actors + found + people):
            continue  # a listed official or a place, not a new person
        people.append(Actor(start, stop, name.group(1), actor.code, "person", name.group(1)))
    return people


def _describes_office(sentence: str, before: Actor, office: Actor) -> bool:
    """Whether a country named just before an office ("US Secretary of State", "India's National Security
    Adviser") qualifies it, with nothing but role words between."""
    if before.kind not in ("country", "demonym", "organisation"):
        return False
    gap = sentence[before.end:office.start].removeprefix("’s").removeprefix("'s").split()
    return len(gap) <= 3 and all(word.casefold().rstrip(".") in ROLE_WORDS for word in gap)


def _spelt_alike(first: str, second: str) -> bool:
    """Two spellings of one surname ("Zelensky", "Zelenskiy"; "Gaddafi", "Qaddafi")."""
    return SequenceMatcher(None, first.casefold(), second.casefold()).ratio() >= 0.75


def _with_described_people(sentence: str, actors: list[Actor]) -> list[Actor]:
    """People the dictionaries do not list but the sentence describes by country and office ("US envoy Keith
    Krach", "Chinese Vice Finance Minister Zhu Guangyao"): the person acts for that country. The full name wins
    over an official the surname alone would name."""
    found = []
    for index, actor in enumerate(actors):
        if actor.kind not in ("country", "demonym", "organisation", "office"):
            continue
        if actor.kind == "office" and index and _describes_office(sentence, actors[index - 1], actor):
            continue  # "Indian National Security Adviser ...": the country named before the office is the person's
        # "Kenya's President Uhuru Kenyatta" as "Kenyan President ...".
        after = actor.end + 2 if sentence.startswith(("’s", "'s"), actor.end) else actor.end
        words = list(_WORD_AFTER.finditer(sentence, after, min(len(sentence), after + 120)))
        role = 0
        while role < len(words) and words[role].group(1).casefold().rstrip(".") in ROLE_WORDS:
            role += 1
        names = []
        for word in words[role:role + 4]:
            # A full stop after the name ends the sentence: "... and Guatemalan Interior Minister Enrique Degenhart."
            if not _NAME_WORD.fullmatch(word.group(1).removesuffix(".")) \
                    or word.start() != (names[-1].end() if names else word.start()):
                break
            names.append(word)
            if word.group(1).endswith("."):
                break
        meaningful = [w for w in words[:role] if w.group(1).casefold() not in ("and", "of", "the")]
        if actor.kind == "office":
            meaningful = [actor]  # the office is the role: "Sen. Bob Corker"
        if not meaningful or not 2 <= len(names) <= 3 or words[0].start() != after:
            continue
        start, end = names[0].start(1), names[-1].end(1) - names[-1].group(1).endswith(".")
        name = sentence[start:end]
        overlapping = [a for a in actors if a.start < end and start < a.end]
        misread = [a for a in overlapping if a.kind == "person" and a.person and a.person != name
                   and name.split()[-1] not in a.person.split()]
        # "Ukrainian President Volodymyr Zelenskiy": the official's own first name before another spelling of his
        # surname is the official, spelt otherwise ("Zhu Guangyao" is not Zhu Rongji: no spelling of Rongji).
        respelt = [a for a in misread if a.person.split()[0] == name.split()[0]
                   and _spelt_alike(a.person.split()[-1], name.split()[-1])]
        if respelt:
            continue
        if overlapping and len(misread) < len(overlapping):
            continue  # a listed official, a place or a country, not a new person
        actors = [a for a in actors if a not in misread]
        found.append(Actor(start, end, name, actor.code, "person", name))
    found += _described_after(sentence, actors, found)
    return sorted(actors + found, key=lambda a: a.start) if found else actors


def _other_first_name(sentence: str, start: int, before: re.Match[str], person: Actor, lexicon: Lexicon) -> bool:
    """Whether the capitalised word before a surname makes it somebody else's name."""
    word = before.group(1)
    opens_sentence = not sentence[: start - len(before.group())].strip()
    return not (word in person.text.split() or word in TITLES or word in lexicon.aliases
                or word.rstrip("’'s") in lexicon.aliases or (opens_sentence and word in SENTENCE_OPENERS))


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
        or word in lexicon.name_words.get(surname, ())
        or word in lexicon.aliases
        or word.rstrip("’'s") in lexicon.aliases
        or (opens_sentence and word in SENTENCE_OPENERS)
    ):
        return False
    blocked.add(surname)
    return True
