"""Sentence analysis shared by the event extractors: clauses, excluded zones, coordination, context.

The extractor works on surface grammar rather than a parser: clause boundaries, prepositions
and coordination decide who did what to whom. The helpers here answer those questions for a
sentence whose actors, dates and amounts have already been found.
"""

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from pipeline.extract.actors import Actor

# Clause boundaries that separate one statement from another inside a sentence.
_CLAUSE_BREAK = re.compile(
    r";|\s[—–]\s|,\s(?:but|while|whereas|although|though|which|who|where|as|a|an)\s|,\s(?:during|in|at|after) which\b"
    # "U.S. troops": an abbreviation's full stop before a lowercase word ends nothing
    # (Each branch begins with a character, not a look behind, so that `re` rules out most positions at once.)
    r"|\sbut\s|\.\s(?![a-z])|\.(?<![A-Z]\.)\s"
)
_RELATIVE_OPENING = re.compile(r",\s(?:who|which)\s")
_RELATIVE_CLOSING = re.compile(
    r",\s(?=(?:[a-z]+ed|has|have|had|is|was|were|are|will|would|could|can|may|might|must|said|says|told|met|left|"
    r"flew|held|made|took|went|came|gave|began|spoke|wrote|sent|also|then|later)\b)"
)
# A news agency's dateline opening a sentence ("WASHINGTON (Reuters) - ", "NEW DELHI: ", "SEOUL, Dec. 3 - ") is
# no part of the statement after it: that statement's subject opens the clause.
_DATELINE_PREFIX = re.compile(
    r"[A-Z][A-Z.'/ -]{1,40}?(?:,[\w ,.]{1,30}?)?\s*(?:\([^)]{1,30}\))?\s*(?:[—–-]{1,2}|:)\s"
    r"|[A-Z][\w.'/ -]{1,40}?\s*\([A-Za-z .]{1,30}\)\s*[—–-]{1,2}\s"
)
# Stretches whose actors are not parties to the main statement ("despite threats from the US",
# "like Turkey", "according to Reuters").
_CONCESSIVE = re.compile(r"\b(?:despite|in spite of)\b[^,;]*|\b(?:like|unlike|such as)\s[^,;]*?(?=,|;|$)")
_CONCESSIVE_WORDS = ("despite", "spite of", "like", "such as")  # each match of _CONCESSIVE holds one
_ATTRIBUTION = re.compile(r"\baccording to\b[^,;]*")
PAIR_PHRASE = re.compile(
    r"\b(?:the|both(?: the)?) (?:two )?(?:countries|nations|sides|governments|leaders|neighbou?rs|states|"
    r"presidents|prime ministers|premiers|ministers|foreign ministers|delegations)\b"
    r"|\bthe two\b|\bbilateral\b|\beach other\b",
    re.IGNORECASE,
)
LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|outside|inside|across|throughout)\s+(?:the\s+)?$")
_CAPITAL_OF_BEFORE = re.compile(r"\b(?:capital|city|port|town)\s+of\s+(?:the\s+)?$")
_PLACE_APPOSITION = re.compile(r"[’']s\s+(?:\w+\s+)?(?:capital|city|port|town)\b")
REPORTING_VERB = re.compile(
    r"\b(?:said|says|told|added|stated|announced|noted|reported|declared|explained)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
# A date inside a "since ..." phrase starts a period the event falls in ("for the third time since the war
# began in February 2022"), it does not date the event.
# "if Tehran agreed to", "could face sanctions if it buys missiles": a condition governing what follows, up to a comma.
CONDITION_BEFORE = re.compile(r"\b(?:if|unless|provided|providing|should|whether)\b[^,;]*$", re.IGNORECASE)
SINCE_PHRASE = re.compile(r"\bsince\b[^,;.:()]{0,60}$", re.IGNORECASE)
NEGATION = re.compile(
    r"\b(?:not|never|no|neither|nor|without|fail(?:ed|s)? to|unable to|refus(?:ed|es) to|reject(?:ed|s)?|"
    r"declin(?:ed|es) to|terminat(?:e|ed|es|ing)|pull(?:ed|s|ing)? out of|withdr(?:ew|aw|awn|aws|awing|awal) from|"
    r"cancel(?:l?ed|s)?|scrap(?:ped|s)?|call(?:ed)? off|postpone[sd]?|object(?:ed|s)? to|oppos(?:e|ed|es|ing)|"
    r"condemn(?:ed|s)?|critici[sz](?:e|ed|es)|denounc(?:e|ed|es)|vot(?:e|ed|es|ing) against)"
    r"\b(?:\s+(?!but\b)\S+){0,5}\s*$",
    re.IGNORECASE,
)
# Verbs of criticism: who condemns a measure takes a stance on it; the measure was taken.
CRITICISM = re.compile(r"(?:condemn|critici[sz]|denounc)\w*\b", re.IGNORECASE)
PRONOUN_PERSON = re.compile(r"\b(?:his|her|he|she)\b", re.IGNORECASE)
PRONOUN_SEX = {"he": "m", "his": "m", "him": "m", "she": "f", "her": "f"}
# How many people named before a pronoun it may reach back over when the nearer ones are of the other sex.
REFERENT_REACH = 8


def clauses(sentence: str, names: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Character spans of the sentence's clauses; a break inside a name ("U.N. Security Council") is none,
    but one at its end is ("a waiver from the U.S. First deliveries ...")."""
    dateline = _DATELINE_PREFIX.match(sentence)
    spans, start = ([(0, dateline.end())], dateline.end()) if dateline else ([], 0)
    for match in _CLAUSE_BREAK.finditer(sentence, start):
        if any(start <= match.start() < end - 1 for start, end in names):
            continue
        spans.append((start, match.start()))
        start = match.end()
        if _RELATIVE_OPENING.fullmatch(match.group()):
            # "Kono, who met Chilean officials last year, arrived in Lima": the comma before the main clause's
            # verb closes the relative clause, so what follows is a clause of its own.
            close = _RELATIVE_CLOSING.search(sentence, start)
            if close and not _CLAUSE_BREAK.search(sentence, start, close.start()) \
                    and not any(s <= close.start() < e for s, e in names):
                spans.append((start, close.start()))
                start = close.end()
    spans.append((start, len(sentence)))
    return [(s, e) for s, e in spans if e > s]


def after_relative_clause(clause: tuple[int, int], spans: Sequence[tuple[int, int]], sentence: str) -> \
        tuple[int, int] | None:
    """The clause a relative clause interrupts, for the clause that resumes it ("Kono, who ..., arrived"):
    the one before the relative clause, when the clause given follows one."""
    index = spans.index(clause) if clause in spans else -1
    if index < 2 or not _RELATIVE_OPENING.fullmatch(sentence[spans[index - 2][1]:spans[index - 1][0]]) \
            or not sentence.startswith(", ", spans[index - 1][1]):
        return None
    return spans[index - 2]


def clause_of(position: int, spans: Sequence[tuple[int, int]]) -> tuple[int, int]:
    for start, end in spans:
        if start <= position < end:
            return start, end
    return spans[-1]


def concessive_zones(sentence: str) -> list[tuple[int, int]]:
    """Stretches about something else: "despite threats from the US", "like Turkey"."""
    if not any(word in sentence for word in _CONCESSIVE_WORDS):
        return []  # what _CONCESSIVE needs, found faster than its search over every position
    return [m.span() for m in _CONCESSIVE.finditer(sentence)]


def attribution_zones(sentence: str) -> list[tuple[int, int]]:
    """Attributions: "according to Reuters"."""
    return [m.span() for m in _ATTRIBUTION.finditer(sentence)] if "according to" in sentence else []


def excluded_zones(sentence: str) -> list[tuple[int, int]]:
    """Stretches whose actors are not parties: concessive ones and attributions ("according to Reuters")."""
    return concessive_zones(sentence) + attribution_zones(sentence)


def inside(position: int, zones: Iterable[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in zones)


def is_venue(sentence: str, actor: Actor) -> bool:
    """A place or building named as where something happened ("in New Delhi", "at the White House")."""
    return actor.kind in ("place", "metonym") and is_locative(sentence, actor)


def is_locative(sentence: str, actor: Actor) -> bool:
    """True for actors named as a location ("in New Delhi", "at the Kremlin"), also in an apposition that places a
    city ("in Niamey, Niger's capital", "the capital of Niger")."""
    before = sentence[max(0, actor.start - 20):actor.start]
    return bool(LOCATIVE_BEFORE.search(before) or _CAPITAL_OF_BEFORE.search(before)
                or (before.endswith(", ") and _PLACE_APPOSITION.match(sentence, actor.end)))


def after_word(sentence: str, actor: Actor, words: str) -> bool:
    """True when the actor follows one of the words, allowing a determiner and coordination."""
    before = sentence[max(0, actor.start - 60):actor.start]
    return bool(re.search(rf"\b(?:{words})\s+(?:the\s+)?(?:[\w.’'-]+\s+(?:and|&)\s+(?:the\s+)?)?$", before))


def negated(sentence: str, trigger_start: int, reach: int = 40, *, criticism_negates: bool = True) -> bool:
    """Whether a negation governs the trigger. Criticism ("condemned the sanctions imposed by Russia") presupposes
    the thing criticised: with `criticism_negates=False` it does not negate."""
    found = NEGATION.search(sentence[max(0, trigger_start - reach):trigger_start])
    return bool(found) and (criticism_negates or not CRITICISM.match(found.group()))


_AND_BETWEEN = re.compile(r"\s+(?:and|&)\s+(?:the\s+)?")


@dataclass
class Discourse:
    """What earlier sentences of the article established: recent countries and people."""

    countries: list[list[str]] = field(default_factory=list)   # country codes per sentence
    people: list[Actor] = field(default_factory=list)
    places: list[Actor] = field(default_factory=list)           # places named as locations ("in Barbados")
    place_sentences: list[int] = field(default_factory=list)     # the sentence each of `places` was named in
    other_people: set[str] = field(default_factory=set)          # surnames that name non-officials here
    described: dict[str, Actor] = field(default_factory=dict)    # surname → a person described by office here
    dateline: Actor | None = None
    deals: dict[tuple[str, ...], str] = field(default_factory=dict)  # parties → key of the last deal reported
    named_deals: dict[str, str] = field(default_factory=dict)  # "treaty" → name of the last treaty named
    deal_status: dict[tuple[str, ...], str] = field(default_factory=dict)  # parties → stage last stated
    blocs: dict[str, tuple[int, int]] = field(default_factory=dict)  # bloc → (times named, sentence last named)

    def main_bloc(self) -> str | None:
        """The bloc the article is about: the one it names most, the latest on a tie."""
        return max(self.blocs, key=self.blocs.__getitem__) if self.blocs else None
    pairs: list[tuple[int, list[str]]] = field(default_factory=list)  # (sentence, "X and Y") coordinated countries
    # The sex of a person named in a sentence ("f", "m" or None), and what the article told of each person so far.
    gender_of: Callable[[str, Actor], str | None] = lambda sentence, actor: None
    genders: dict[str, str] = field(default_factory=dict)
    people_sentences: list[int] = field(default_factory=list)  # the sentence each of `people` was named in
    times_named: Counter[str] = field(default_factory=Counter)    # how often each official has been named
    seats: dict[str, str] = field(default_factory=dict)           # bloc → the country of its seat (UN → USA)
    last_named: dict[str, Actor] = field(default_factory=dict)    # each official's latest mention
    visited: dict[str, Actor] = field(default_factory=dict)       # official → the city the article last placed him in
    event_place: Actor | None = None  # where the article last placed a summit or conference ("the summit in London")
    sanctioners: list[str] = field(default_factory=list)  # imposers of the sanctions the article reported, in order

    def remember(self, sentence: str, actors: Sequence[Actor]) -> None:
        if not actors:
            self.countries.append([])  # a third of all sentences: nothing else to remember
            return
        countries = [a for a in actors if a.kind in ("country", "demonym", "metonym")]
        for first, second in itertools.pairwise(countries):
            if _AND_BETWEEN.fullmatch(sentence[first.end:second.start]) and first.code != second.code:
                self.pairs.append((len(self.countries), [first.code, second.code]))
        self.countries.append(unique(a.code for a in actors))
        for actor in (a for a in actors if a.kind == "organisation"):
            count, _ = self.blocs.get(actor.code, (0, 0))
            self.blocs[actor.code] = (count + 1, len(self.countries))
        named = [a for a in actors if a.kind == "person" and a.person]
        for person in named:
            self.people.append(person)
            self.people_sentences.append(len(self.countries))
            if person.person not in self.genders:
                sex = self.gender_of(sentence, person)
                if sex is not None:
                    self.genders[person.person] = sex
        if named:
            self.times_named.update(a.person for a in named)
            self.last_named.update((a.person, a) for a in named)
        located = [a for a in actors if a.kind in ("place", "country") and is_locative(sentence, a)]
        self.places.extend(located)
        self.place_sentences.extend(len(self.countries) - 1 for _ in located)

    def deal_key(self, parties: tuple[str, ...], key: str | None, reference: str, sentence: int) -> str | None:
        """The subject key that groups this statement with others about the same deal: "the deal" takes
        the last deal reported between the same parties, "another deal" gets a key of its own."""
        if reference == "same" and parties in self.deals:
            return self.deals[parties]
        if reference == "new":
            key = f"{key or 'deal'}#s{sentence}"
        if key:
            self.deals[parties] = key
        return key

    def recent_place(self) -> Actor | None:
        """Where the article last said something happened, else its dateline."""
        return self.places[-1] if self.places else self.dateline

    def place_lately(self, sentences: int) -> Actor | None:
        """The place the article last named as where something happened, if within the last few sentences, else
        its dateline."""
        if self.places and len(self.countries) - self.place_sentences[-1] <= sentences:
            return self.places[-1]
        return self.dateline

    def pair_with(self, code: str, sentences: int) -> list[str] | None:
        """The pair of countries last named together ("India and Pakistan") that includes a country, within the
        last few sentences."""
        for sentence, codes in reversed(self.pairs):
            if sentence < len(self.countries) - sentences:
                break
            if code in codes:
                return codes
        return None

    def last_country(self, exclude: str | Iterable[str], sentences: int) -> str | None:
        """The country (or bloc) the last few sentences named last, other than those excluded."""
        excluded = {exclude} if isinstance(exclude, str) else set(exclude)
        for codes in reversed(self.countries[-sentences:]):
            for code in reversed(codes):
                if code not in excluded:
                    return code
        return None

    def pair_of_people(self) -> list[str]:
        """Countries of the two officials named last ("the two presidents")."""
        return unique(person.code for person in reversed(self.people))[:2]

    def pair(self, earlier: Sequence[Actor] = (), exclude: Iterable[str] = ()) -> list[str]:
        """The two countries "the two countries" most likely means.

        First the actors named earlier in the same sentence ("Putin hosted Erdogan ... the two
        discussed"), then the countries most named in the last three sentences, recent first.
        Countries already playing another role in the sentence are excluded.
        """
        skip = set(exclude)
        found = [code for code in unique(a.code for a in reversed(earlier)) if code not in skip][:2]
        if not found:
            # "the decision by India and Pakistan ... both countries": the pair last named together, in the last
            # three sentences (read from the end, so the cost does not grow with the article).
            for sentence, codes in reversed(self.pairs):
                if sentence < len(self.countries) - 3:
                    break
                if not skip.intersection(codes):
                    return list(codes)
        if len(found) < 2:
            window = self.countries[-3:]
            counts: dict[str, float] = {}
            for age, codes in enumerate(reversed(window)):
                for code in codes:
                    if code not in skip and code not in found:
                        counts[code] = counts.get(code, 0) + 1 - age * 0.01
            found += sorted(counts, key=counts.__getitem__, reverse=True)[: 2 - len(found)]
        return found

    def referent(self, pronoun: re.Match[str] | None) -> Actor | None:
        """The person a "he" or "she" refers back to: of the people whose sex, where the article or the data tell it,
        agrees, the first named in the last sentence naming any, as a sentence's subject comes first ("Rice said the
        Bush administration ... Musharraf ... she told reporters" is Rice); never one further back than a few people
        named."""
        if pronoun is None:
            return None
        sex = PRONOUN_SEX.get(pronoun.group().casefold())
        found = None
        for index in itertools.islice(range(len(self.people) - 1, -1, -1), REFERENT_REACH):
            person = self.people[index]
            known = self.genders.get(person.person or "")
            if found is not None and self.people_sentences[index] != self.people_sentences[found]:
                break
            if sex is None or known is None or known == sex:
                found = index
        return self.people[found] if found is not None else None


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
