"""Find the actors a sentence names (countries, places, organisations, officials) and resolve them to codes."""

import datetime as dt
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from pipeline.extract.lexicon import COMMON_WORDS, Lexicon, ascii_spellings

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


# Never changed once made, but not frozen: a frozen dataclass's __init__ sets each field through object.__setattr__,
# three times the cost, and a corpus makes tens of thousands of actors. Hashed and compared by value all the same.
@dataclass(unsafe_hash=True)
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
_OPENS_AFTER = re.compile(r"(?:\s[—–-]{1,2}|:|[(\"“‘])\s*$")
_INITIAL = re.compile(r"[A-Z]\.")
# Words of an office between a country and a person's name ("US envoy Keith Krach", "Egyptian Foreign Minister
# Sameh Shoukry", "U.S. Secretary of Health and Human Services Alex Azar"): titles, portfolios and role nouns.
ROLE_WORDS = frozenset(w.casefold().rstrip(".") for w in TITLES) | frozenset("""
    envoy envoys official diplomat lawmaker congressman congresswoman senator representative negotiator adviser
    advisor spokesman spokeswoman delegate delegation head state health trade finance interior economy economic
    commerce energy security national special top senior agriculture education environment justice labour labor
    transport treasury homeland human services affairs external home development planning industry culture
    army navy naval air force military intelligence staff joint chiefs parliamentary under assistant acting
    first second and of the policy chief secretary-general high commissioner foreign-policy director
    director-general spokesperson consul consul-general emissary undersecretary under-secretary petroleum oil
    mines mining fisheries tourism information immigration
    """.split())
_WORD_AFTER = re.compile(r"\s+([\w.’'-]+)")
_CONTINENT_PART = re.compile(r"\b(?:Latin|South|North)\s+$")
_REGION_OF_EUROPE = re.compile(r"\b(?:[Ee]astern|[Ww]estern|[Cc]entral|[Ss]outhern|[Nn]orthern|[Ss]outh-?[Ee]astern|"
                               r"[Nn]orth-?[Ee]astern|[Ss]outh-?[Ww]estern|[Nn]orth-?[Ww]estern|East|West|North|South)"
                               r"\s+$")
_PUBLICATION_AFTER = re.compile(r"\s+(?:\d+\s+)?(?:Times|Post|Journal|Herald|Tribune|Gazette|Daily|Chronicle|Standard|"
                                r"[Rr]adio|[Tt]elevision|TV|[Cc]hannel)\b")
_FIRM_AFTER = re.compile(r"\s*&\s*[A-Z]")
# Latin-1 letters too: "Patiño", "Müller"; and a capital after a prefix: "McAleenan", "DeSantis", "MacArthur".
_NAME_WORD = re.compile(r"(?:Mc|Mac|De|Di|Le|La|Van)?[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ’'-]+")
_CALENDAR = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march september "
                      "october november december".split())  # not May, June, April, August: names too
# Capitalised words that end the name of a body, not of a person ("Immigration and Naturalization Service").
_BODY_NOUNS = frozenset("""service corporation company agency bank group council ministry department committee party
    office commission authority force forces army navy organization organisation institute foundation fund
    association union court assembly parliament congress senate government administration center centre
    """.split())
# Words a described person's last name may not be taken for later in the article: months, weekdays and function
# words. Ordinary nouns that are also surnames ("Hill", "Rice") stay: capitalised mid-sentence after the article
# described "U.S. envoy Christopher Hill", "Hill" is him ("Capitol Hill" has another first word).
_NOT_SURNAMES = COMMON_WORDS - frozenset(
    "rice brown hunt king young hope little wood hill law love price rich long white black green grant".split())
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z’'-]+")
# "Petro O. Poroshenko", "Vladimir V. Putin": a name before a middle initial is a first name, not a surname.
# "Gen. Kim Seung-kyum", "Kim Yong-chol": a family name before a hyphenated given name that no listed official
# has (the listed one, "Kim Jong-un", is matched whole first) is somebody else.
# "Lin Jian", "Lin Chia-lung": a given name after a family name written first (not a day, a month or "And").
_GIVEN_NAME_AFTER = re.compile(r"\s+(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(?:January|February|March|April|"
                               r"May|June|July|August|September|October|November|December|And|But|Or|The)\b)"
                               r"[A-Z][a-z]+(?:-[a-z]+)?\b")
_INITIAL_AFTER = re.compile(r"\s+[A-Z]\.\s+[A-Z]")


_IN_LANGUAGE = re.compile(r"\bin\s+(?:(?:his|her|their|its)\s+)?(?:(?:native|own|fluent|broken|halting|perfect|"
                          r"accented|heavily accented|formal|colloquial)\s+)?$", re.IGNORECASE)
_AFTER_LANGUAGE = re.compile(r"\s*(?:[,.;:!?)\"”]|$|\s+(?:that|to|and|as|during|before|after|while|with|when|for)\b)")


def find_actors(
    sentence: str, lexicon: Lexicon, on: dt.date | None, other_people: set[str] | None = None,
    described: dict[str, Actor] | None = None, named_countries: set[str] | None = None,
) -> list[Actor]:
    """Actors in order of appearance; a name that resolves to no single country is left out.

    A bare surname after a first name that is not the official's ("Eric Reeves" is not Rachel
    Reeves) is somebody else; the surname is then added to `other_people` so that a later
    "Mr Reeves" in the same article is not taken for the official either.

    `described`: the people earlier sentences of the article described by country and office, by surname
    ("Iranian Foreign Minister Mohammad Javad Zarif" ... "Zarif said"); people this sentence describes are added.

    `named_countries`: the countries the article named so far (its dateline's too); an official of the worldwide
    list of ministers (`lexicon.needs_country`) is named only when the article or this sentence names his country.
    """
    blocked = other_people if other_people is not None else set()
    actors = []
    for match in lexicon.actor_pattern.finditer(sentence):
        name = match.group()
        if name in lexicon.surnames and (_INITIAL_AFTER.match(sentence, match.end())
                                         or (_GIVEN_NAME_AFTER.match(sentence, match.end())
                                             and _family_first(name, lexicon))
                                         or _names_someone_else(sentence, match.start(), lexicon, blocked, name)):
            continue
        people = lexicon.officials_named(name, on)
        if people and _FIRM_AFTER.match(sentence, match.end()):
            continue  # "Pratt & Whitney": a firm named after somebody, not the official
        if people and described and name in described and name in lexicon.surnames:
            # "Kim" after "Kim Jong Un": of the officials a surname may name, the one the article named in full;
            # "Zhu" after "Chinese Vice Finance Minister Zhu Guangyao" is him, not the listed Zhu Rongji.
            named = described[name].person
            if named not in lexicon.surname_of:
                continue  # found below, among the people the article described
            people = [p for p in lexicon.officials_by_name[name] if p.full_name == named] or people
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
        if name in ("Europe", "European", "Europeans") \
                and _REGION_OF_EUROPE.search(sentence, max(0, match.start() - 20), match.start()):
            continue  # "eastern Europe", "Central European states": a part of the continent, not the EU
        if name.startswith("Americ") and _CONTINENT_PART.search(sentence, max(0, match.start() - 10), match.start()):
            continue  # "Latin America", "South American": a region, not the United States
        city = name if alias_kind in ("capital", "city") else None
        actors.append(Actor(match.start(), match.end(), name, code, kind, place=city))
    actors = _with_elided_names(sentence, actors, lexicon)
    # An office only introduces a person; alone ("the Secretary of State said") it is no actor.
    actors = _with_described_people(sentence, actors)
    if named_countries is not None and any(a.person in lexicon.needs_country for a in actors if a.kind == "person"):
        # An office only one country has names it too ("Homeland Security Secretary Kevin McAleenan").
        here = {a.code for a in actors if a.kind != "person"}
        actors = [a for a in actors if a.kind != "person" or a.person not in lexicon.needs_country
                  or a.code in named_countries or a.code in here]
    # "said in his native Spanish", "told reporters in Russian that": a language, not a country.
    actors = [a for a in actors if a.kind != "office" and not (a.kind == "demonym" and _IN_LANGUAGE.search(
        sentence, max(0, a.start - 40), a.start) and _AFTER_LANGUAGE.match(sentence, a.end))]
    if described is None:
        return actors
    actors = _with_people_described_before(sentence, actors, described, lexicon)
    for actor in actors:
        if actor.kind != "person" or actor.person is None:
            continue
        if actor.person in lexicon.surname_of:
            # A listed official named in full: his surname names him for the rest of the article.
            surname = lexicon.surname_of[actor.person]
            if actor.text == surname:
                continue
            if surname in lexicon.surnames:
                described.setdefault(surname, actor)
            elif (actor.person in lexicon.local_surnames and surname not in lexicon.officials_by_name
                  and len(surname) >= 3 and surname.casefold() not in _NOT_SURNAMES and surname not in lexicon.aliases):
                described[surname] = actor  # "Rice", a Wikidata head's family name: only once named in full here
                for word in ([] if actor.text.isascii() else actor.text.split()):
                    if word != surname and surname in ascii_spellings(word):
                        described[word] = actor  # the listed surname is folded: "Patiño" as the article spells it
            continue
        if actor.person != actor.text or actor.person in lexicon.officials_by_name:
            continue
        words = actor.text.split()
        # "Chinese Vice Finance Minister Zhu Guangyao" ... "Zhu said": family name first, short as it may be. The
        # last word stays a surname too: some write their names in the Western order ("Carrie Lam").
        candidates = [(words[-1], 3)] + ([(words[0], 2)] if actor.code in lexicon.family_first else [])
        for surname, shortest in candidates:
            if len(surname) >= shortest and surname.casefold() not in _NOT_SURNAMES and surname not in lexicon.aliases:
                described[surname] = actor
    return actors


_WORD_CHAR = re.compile(r"[\w-]")  # a name is a whole word: no letter nor hyphen touches it


def _surname_matches(surnames: frozenset[str], sentence: str) -> list[tuple[int, int]]:
    """Where the surnames an article has described so far stand as whole words, leftmost first and the longest at a
    position, without overlaps (what one alternation of them would find; a set that changes with every new name
    is found by substring search rather than by compiling a pattern for each set)."""
    found = []
    for surname in surnames:
        start = sentence.find(surname)
        while start >= 0:
            end = start + len(surname)
            if not (start and _WORD_CHAR.match(sentence, start - 1)) and not _WORD_CHAR.match(sentence, end):
                found.append((start, -end))
            start = sentence.find(surname, start + 1)
    spans, reached = [], 0
    for start, negative_end in sorted(found):
        if start >= reached:
            spans.append((start, -negative_end))
            reached = -negative_end
    return spans


def _with_people_described_before(sentence: str, actors: list[Actor], described: dict[str, Actor],
                                  lexicon: Lexicon) -> list[Actor]:
    """A surname alone names the person the article described earlier by country and office, unless another
    first name stands before it or another name word after it ("Cecil Rhodes", "Rhodes Island")."""
    # Listed officials' surnames are the lexicon's to find; `described` only says which of them the article means.
    # A surname the lexicon never finds alone ("Fonseca", "Rice") is found here, once the article named him in full.
    surnames = frozenset(name for name, person in described.items()
                         if person.person not in lexicon.surname_of or name not in lexicon.officials_by_name)
    if not surnames:
        return actors
    found = []
    for start, end in _surname_matches(surnames, sentence):
        if any(a.start < end and start < a.end for a in actors) or _NAME_AFTER.match(sentence, end):
            continue
        person = described[sentence[start:end]]
        before = _WORD_BEFORE.search(sentence[max(0, start - 40):start])
        if before and _other_first_name(sentence, start, before, person, lexicon):
            continue
        found.append(Actor(start, end, sentence[start:end], person.code, "person", person.person))
    return sorted(actors + found, key=lambda a: a.start) if found else actors


# "Ben Rhodes, White House deputy national security adviser, said": a name, then its office after a comma; the
# office may come before the country ("Alexandre Tombini, the head of Brazil's central bank,").
# After the name: the comma, an article and the office, up to the country; no comma in it.
_APPOSITION = r",\s+(?:(?:the|a|an)\s+)?(?P<office>(?:[\w-]+\s+){1,3}?(?:of|at)\s+(?:the\s+)?)?"
_APPOSITION_TO = re.compile(_APPOSITION)
_NAME_BEFORE_COMMA = re.compile(r"(?<![\w’'-])([A-Z][a-zß-öø-ÿ’'-]+(?:\s+[A-Z][a-zß-öø-ÿ’'-]+){1,2})"
                                + _APPOSITION + "$")
_OFFICE_ENDS = re.compile(r"[,.]|$")
_POSSESSIVE = re.compile(r"’s|'s")
# What an office is of, for, in or to, up to the comma that ends it: "ambassador in Moscow", "minister in charge
# of TPP", "special envoy for Haiti", "director general for Europe".
_OFFICE_OBJECT = re.compile(r"\s+(?:for|to|of|in|on|at)\s+[^,.;:()“”\"]{1,40}?(?=[,.]|$)")
# What an institution a person heads is called after its country: "Brazil's central bank".
_INSTITUTION = re.compile(r"(?:\s+[\w-]+){1,4}?(?=[,.]|$)")
_ROLE_GLUE = ("and", "of", "the")


def _is_role(words: list[str]) -> bool:
    """Whether words are an office: role words only, one of them more than glue ("head of", "foreign minister")."""
    words = [w.casefold().rstrip(".,") for w in words]
    return all(w in ROLE_WORDS for w in words) and any(w not in _ROLE_GLUE for w in words)


def _described_after(sentence: str, actors: list[Actor], found: list[Actor]) -> list[Actor]:
    """People the sentence names first and describes after a comma by country and office ("Ben Rhodes, White
    House deputy national security adviser,", "Ferit Hoxha, Albania’s foreign minister,", "Lynne Tracy, the U.S.
    ambassador in Moscow,", "Nikolai Patrushev, the secretary of Russia’s Security Council,"); the office must end
    the apposition."""
    people = []
    for actor in actors:
        if actor.kind not in ("country", "demonym", "organisation", "office", "metonym"):
            continue
        start = max(0, actor.start - 90)
        # The comma after the name is the last one before the country: first the cheap look at what follows it, as
        # most countries a sentence names have no apposition before them.
        comma = sentence.rfind(",", start, actor.start)
        if comma < 0 or not _APPOSITION_TO.fullmatch(sentence, comma, actor.start):
            continue
        name = _NAME_BEFORE_COMMA.search(sentence, start, actor.start)
        if name is None:
            continue
        after = actor.end
        if possessive := _POSSESSIVE.match(sentence, after):
            after = possessive.end()
        if name.group("office"):
            # "the head of Brazil's central bank": the office is named; what follows the country's possessive says
            # of what ("chairman of the Cuba Study Group" is no office of Cuba's).
            if not _is_role(name.group("office").split()[:-1]):
                continue
            end = _INSTITUTION.match(sentence, after) if possessive else None
            end = end.end() if end else after
        else:
            words = list(_WORD_AFTER.finditer(sentence, after, min(len(sentence), after + 80)))
            role = 0
            while role < len(words) and words[role].group(1).casefold().rstrip(".,") in ROLE_WORDS \
                    and words[role].start() == (words[role - 1].end() if role else after):
                role += 1
            meaningful = [w for w in words[:role] if w.group(1).casefold().rstrip(".,") not in _ROLE_GLUE]
            if not (meaningful or actor.kind == "office"):
                continue
            end = words[role - 1].end() if role else after
            if (object_ := _OFFICE_OBJECT.match(sentence, end)) and role:
                end = object_.end()
        if not _OFFICE_ENDS.match(sentence, end):
            continue
        start, stop = name.start(1), name.end(1)
        if not _a_persons_name(name.group(1)) or any(a.start < stop and start < a.end for a in actors + found + people):
            continue  # a listed official or a place, not a new person
        people.append(Actor(start, stop, name.group(1), actor.code, "person", name.group(1)))
    return people


def _a_persons_name(name: str) -> bool:
    """Whether capitalised words can be a person's name: not a day or month and an opener ("On Tuesday, Israel's
    chief military spokesperson"), not a body ("Naturalization Service")."""
    words = name.split()
    return words[0] not in SENTENCE_OPENERS and words[0] not in ("Late", "Early") \
        and not any(w.casefold() in _CALENDAR for w in words) and words[-1].casefold() not in _BODY_NOUNS


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


_COMPASS_BEFORE = re.compile(r"\b(North|South|East|West|Northern|Southern|Eastern|Western)\s+(?:and|or)\s+$")


def _with_elided_names(sentence: str, actors: list[Actor], lexicon: Lexicon) -> list[Actor]:
    """"North and South Korea": the first name shares the second's noun ("North Korea"), when that is a name too."""
    found = []
    for actor in actors:
        first, _, rest = actor.text.partition(" ")
        compass = _COMPASS_BEFORE.search(sentence, max(0, actor.start - 20), actor.start) \
            if rest and first in _COMPASS_WORDS else None
        elided = f"{compass.group(1)} {rest}" if compass else None
        if compass and elided in lexicon.aliases:
            code, alias_kind = lexicon.aliases[elided]
            kind = COUNTRY_KINDS.get(alias_kind, "country")
            found.append(Actor(compass.start(1), compass.end(1), elided, code, kind))
        found.append(actor)
    return found


_COMPASS_WORDS = frozenset(["North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western"])


def _with_described_people(sentence: str, actors: list[Actor]) -> list[Actor]:
    """People the dictionaries do not list but the sentence describes by country and office ("US envoy Keith
    Krach", "Chinese Vice Finance Minister Zhu Guangyao"): the person acts for that country. The full name wins
    over an official the surname alone would name."""
    if not actors:
        return actors  # every description below is of an actor's person
    found = []
    for index, actor in enumerate(actors):
        if actor.kind not in ("country", "demonym", "organisation", "office"):
            continue
        if actor.kind == "office" and index and _describes_office(sentence, actors[index - 1], actor):
            continue  # "Indian National Security Adviser ...": the country named before the office is the person's
        # "Kenya's President Uhuru Kenyatta" as "Kenyan President ...".
        after = actor.end + 2 if sentence.startswith(("’s", "'s"), actor.end) else actor.end
        if actor.kind != "office" and ((first := _WORD_AFTER.match(sentence, after)) is None
                                       or first.group(1).casefold().rstrip(".") not in ROLE_WORDS):
            continue  # no office after the country: most countries a sentence names (the check below, cheaply)
        words = list(_WORD_AFTER.finditer(sentence, after, min(len(sentence), after + 120)))
        role = 0
        while role < len(words) and words[role].group(1).casefold().rstrip(".") in ROLE_WORDS:
            role += 1
        candidates = words[role:role + 4]
        if role and (object_ := _object_before_name(sentence, words[role - 1].end(), actors)) is not None:
            candidates = list(_WORD_AFTER.finditer(sentence, object_, min(len(sentence), object_ + 60)))[:4]
        names = []
        for word in candidates:
            # A full stop after the name ends the sentence: "... and Guatemalan Interior Minister Enrique Degenhart."
            if not _NAME_WORD.fullmatch(word.group(1).removesuffix(".")) \
                    or word.start() != (names[-1].end() if names else word.start()):
                break
            names.append(word)
            if word.group(1).endswith((".", "’s", "'s")):  # "Donald Trump’s visit": the name ends at its possessive
                break
        meaningful = [w for w in words[:role] if w.group(1).casefold() not in ("and", "of", "the")]
        if actor.kind == "office":
            meaningful = [actor]  # the office is the role: "Sen. Bob Corker"
        if not meaningful or not 2 <= len(names) <= 3 or words[0].start() != after:
            continue
        last = names[-1].group(1)
        start, end = names[0].start(1), names[-1].end(1) - (2 if last.endswith(("’s", "'s")) else last.endswith("."))
        name = sentence[start:end]
        if not _a_persons_name(name):
            continue
        overlapping = [a for a in actors if a.start < end and start < a.end]
        # Inside the name, an official the name is not ("Eric Reeves"), or a surname several officials share
        # ("Ri" of "Ri Kwang-song"); a spelling the dictionaries list ("Volodymyr Zelenskiy") is the official.
        misread = [a for a in overlapping if a.kind == "person" and a.text != name
                   and (a.person is None or (a.person != name and name.split()[-1] not in a.person.split()))]
        # The official's own first name before a spelling of his surname the dictionaries do not list is the
        # official too ("Zhu Guangyao" is not Zhu Rongji: no spelling of Rongji).
        if any(a.person and a.person.split()[0] == name.split()[0] and _spelt_alike(a.person.split()[-1],
                                                                                     name.split()[-1])
               for a in misread):
            continue
        if overlapping and len(misread) < len(overlapping):
            continue  # a listed official, a place or a country, not a new person
        actors = [a for a in actors if a not in misread]
        # "Britain's Europe Director Dominick Chilcott": the office is the first country's.
        owner = actors[index - 1] if index and actors[index - 1].kind in ("country", "demonym") \
            and sentence[actors[index - 1].end:actor.start] in ("’s ", "'s ") else actor
        found.append(Actor(start, end, name, owner.code, "person", name))
    found += _described_after(sentence, actors, found)
    found += _titled_of(sentence, actors, found) + _office_of_the_person_before(sentence, actors, found)
    return sorted(actors + found, key=lambda a: a.start) if found else actors


_ROYAL = frozenset(["King", "Queen", "Prince", "Princess", "Emir", "Sultan", "Sheikh", "Pope"])  # one name is enough
_OF_BEFORE = re.compile(r"\s+of\s+(?:the\s+)?$")


def _titled_of(sentence: str, actors: list[Actor], found: list[Actor]) -> list[Actor]:
    """People named between a title and their country: "President Boris Tadic of Serbia", "King Abdullah of
    Saudi Arabia"."""
    people = []
    for actor in actors:
        if actor.kind not in ("country", "organisation"):
            continue
        window = max(0, actor.start - 12)
        of = _OF_BEFORE.search(sentence, window, actor.start) if sentence.find("of", window, actor.start) >= 0 else None
        if of is None:
            continue
        words = sentence[max(0, of.start() - 80):of.start()].split()
        name: list[str] = []
        while words and len(name) < 3 and _NAME_WORD.fullmatch(words[-1]) and words[-1] not in TITLES:
            name.insert(0, words.pop())
        text = " ".join(name)
        start = of.start() - len(text)
        if not name or not words or words[-1] not in TITLES or sentence[start:of.start()] != text \
                or (len(name) == 1 and words[-1] not in _ROYAL) or _NAME_AFTER.match(sentence, actor.end) \
                or not _a_persons_name(text) or any(a.start < of.start() and start < a.end
                                                    for a in actors + found + people):
            continue  # no title before, a country naming an institution, or a listed official
        people.append(Actor(start, of.start(), text, actor.code, "person", text))
    return people


# "Obama and his secretary of state, Hillary Rodham Clinton": an office of the person named before.
# (The "h" first, then the look behind it: `re` then looks for an "h" instead of trying every position.)
_HIS_OFFICE = re.compile(r"h(?<!\wh)(?:is|er)\s+((?:[a-z-]+\s+){0,3}[a-z-]+),?\s+"
                         r"([A-Z][a-zß-öø-ÿ’'-]+(?:\s+[A-Z][a-zß-öø-ÿ’'-]+){1,2})")


def _office_of_the_person_before(sentence: str, actors: list[Actor], found: list[Actor]) -> list[Actor]:
    """People described by an office of the person the sentence named before ("Trump and his national security
    adviser, John Bolton"): they act for his country."""
    people: list[Actor] = []
    if "his" not in sentence and "her" not in sentence:
        return people  # what _HIS_OFFICE needs, found faster than its search over every position
    for match in _HIS_OFFICE.finditer(sentence):
        if not _is_role(match.group(1).split()):
            continue
        boss = next((a for a in reversed(actors + found) if a.kind == "person" and a.end <= match.start()), None)
        start, end = match.span(2)
        if end < len(sentence) and sentence.startswith(("’s", "'s"), end):
            continue  # "his deputy Bill Burns’s plan": a longer phrase than a name
        if boss is None or not _a_persons_name(match.group(2)) \
                or any(a.start < end and start < a.end for a in actors + found + people):
            continue
        people.append(Actor(start, end, match.group(2), boss.code, "person", match.group(2)))
    return people


# "Spain's director general for Europe, Jose Maria Pons": what the office is for, then the name after a comma.
_OBJECT_THEN_COMMA = re.compile(r"\s+(?:for|to|of|in|on|at)\s+[^,.;:()“”\"]{1,40}?,(?=\s)")
_TO_PLACE = re.compile(r"\s+(?:to|in|at)\s+(?:the\s+)?")


def _object_before_name(sentence: str, end: int, actors: list[Actor]) -> int | None:
    """Where the name starts after what an office is for: after the comma that closes the office ("director general
    for Europe, Jose Maria Pons"), or after a country or city the office is to or in ("Ambassador to Syria Robert
    Ford"); None when the office is not followed so."""
    if object_ := _OBJECT_THEN_COMMA.match(sentence, end):
        return object_.end()
    if to := _TO_PLACE.match(sentence, end):
        place = next((a for a in actors if a.start == to.end()), None)
        if place is not None and place.kind in ("country", "place"):
            return place.end
    return None


def _opens_sentence(text_before: str) -> bool:
    """Whether a word after this text opens a sentence: at the start, or after a dateline's dash, a colon or an
    opening quote ("WASHINGTON (Reuters) - The Bush administration said")."""
    return not text_before.strip() or _OPENS_AFTER.search(text_before) is not None


def _other_first_name(sentence: str, start: int, before: re.Match[str], person: Actor, lexicon: Lexicon) -> bool:
    """Whether the capitalised word before a surname makes it somebody else's name."""
    word = before.group(1)
    opens_sentence = _opens_sentence(sentence[: start - len(before.group())])
    return not (word in person.text.split() or word in TITLES or word in lexicon.aliases
                or word.rstrip("’'s") in lexicon.aliases or (opens_sentence and word in SENTENCE_OPENERS))


def _family_first(surname: str, lexicon: Lexicon) -> bool:
    """Whether every listed official of this surname is of a country that writes the family name first."""
    people = lexicon.officials_by_name.get(surname, [])
    return bool(people) and all(p.country_code in lexicon.family_first for p in people)


def _names_someone_else(sentence: str, start: int, lexicon: Lexicon, blocked: set[str], surname: str) -> bool:
    if surname in blocked:
        return True
    before = _WORD_BEFORE.search(sentence[max(0, start - 40) : start])
    if not before:
        return False
    # A middle initial ("John F. Kerry", "Robert M. Gates") stands between the first name and the surname.
    if _INITIAL.fullmatch(before.group(1)):
        start -= len(before.group())
        before = _WORD_BEFORE.search(sentence[max(0, start - 40) : start])
        if not before:
            return False
    word = before.group(1)
    opens_sentence = _opens_sentence(sentence[: start - len(before.group())])
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
