"""One sentence as the event grammars see it: actors, dates, amounts, clauses and trigger hits."""

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property

from pipeline.extract.actors import Actor, find_actors
from pipeline.extract.grammar import REPORTING_VERB, SINCE_PHRASE, attribution_zones, concessive_zones
from pipeline.extract.grammar import clauses as clause_spans
from pipeline.extract.lexicon import Lexicon, Trigger
from pipeline.extract.mentions import FactMention
from pipeline.text.amounts import find_amounts
from pipeline.text.dates import DateMention, find_dates
from pipeline.text.sentences import Sentence

# Weapon systems and products named by a designator ("S-400", "AK-203", "Su-30") identify one deal.
# (The capital first, then the look behind it: `re` then skips to capitals instead of trying every position.)
_DESIGNATOR = re.compile(r"([A-Z](?<![\w-][A-Z])[A-Za-z]{0,4})-?(\d{1,4}[A-Z]?)s?(?![\w-])")
MAX_SUBJECT = 300
# Between coordinated actors, or before one: articles, possessives and up to two plain modifiers
# ("on three North Korean officials", "on several Russian banks").
_COORDINATION_GAP = re.compile(
    r"\s*(?:(?:the|both|and|or|,|its|\w+’s|\w+'s|(?:a|an) (?:number|group|handful|series|list|range|host|dozen) of|"
    r"(?:dozens|scores|hundreds|some|several|many) of)\s*)*(?:(?:[a-z]+|\d+)\s+){0,2}(?:(?:the|and|,)\s*)*"
)

# A second actor is coordinated with the first only through "and", "or" or a comma ("on North Korea after a South
# Korean newspaper said" names no second target), and never across a clause word ("and that a Taiwan company") or
# a verb.
_CONJOINED = re.compile(r"\b(?:and|or)\b|[,&]")
# "sanctions on Russia, urging Washington to ...": a verb after the comma opens another phrase.
_VERB_WORD = re.compile(r"\b[a-z]+(?:ing|ed)\b")
_CLAUSE_WORD = re.compile(r"\b(?:that|which|who|whom|whose|where|when|while|after|before|because|if|unless|since|said|"
                          r"says|told|than)\b")


@dataclass(unsafe_hash=True)  # never changed once made; not frozen, for the reason Actor is not
class Hit:
    start: int
    end: int
    text: str
    trigger: Trigger


# "aim for an agreement by the end of 2008": a deadline, not when the event happened.
_DEADLINE_BEFORE = re.compile(r"\bby\s+(?:the\s+(?:end|middle|start|beginning)\s+of\s+)?$", re.IGNORECASE)
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|its|their|his|her)\s+$", re.IGNORECASE)
# The noun phrase a year modifies: up to three lower-case words ("2015 nuclear deal", "2016 election").
_MODIFIED_NOUN = re.compile(r"(?:\s+[a-z][\w-]*){1,3}")


@dataclass
class SentenceView:
    """Dates, amounts and clause spans are worked out on first use: most sentences state no fact and
    never need them."""

    sentence: Sentence
    published: dt.date | None
    actors: list[Actor]
    hits: list[Hit]
    text: str = field(init=False)  # the sentence's text, read a hundred thousand times per corpus

    def __post_init__(self) -> None:
        self.text = self.sentence.text

    @cached_property
    def dates(self) -> list[DateMention]:
        return find_dates(self.text, self.published)

    @cached_property
    def amounts(self) -> list[tuple[int, float]]:
        year = self.published.year if self.published else None
        return [(a.start, a.value_usd) for a in find_amounts(self.text, year) if a.value_usd is not None]

    @cached_property
    def clauses(self) -> list[tuple[int, int]]:
        return clause_spans(self.text, [(a.start, a.end) for a in self.actors])

    @cached_property
    def excluded(self) -> list[tuple[int, int]]:
        return self.concessive + attribution_zones(self.text)  # excluded_zones, sharing the concessive zones

    @cached_property
    def concessive(self) -> list[tuple[int, int]]:
        return concessive_zones(self.text)

    def actors_in(self, start: int, end: int) -> list[Actor]:
        return [a for a in self.actors if start <= a.start < end]

    def coordinated_after(self, position: int, words: str | None = None, within: int = 3) -> list[Actor]:
        """Actors in "<word> X (and Y)" at most `within` words after a position ("sanctions on Russia and
        Belarus", "an embargo on arms exports to China"); with no words, the actors right at it."""
        starts = [0] if words is None else [
            m.end() for m in re.finditer(rf"\b(?:{words})\s", self.text[position:position + 60])
            if len(self.text[position:position + m.start()].split()) <= within]
        for offset in starts:
            found, cursor = [], position + offset
            for actor in (a for a in self.actors if a.start >= cursor):
                gap = self.text[cursor:actor.start]
                if not _COORDINATION_GAP.fullmatch(gap) or (found and not _CONJOINED.search(gap)) \
                        or (found and _VERB_WORD.search(gap)) or _CLAUSE_WORD.search(gap):
                    break
                found.append(actor)
                cursor = actor.end
            if found:
                return found
        return []

    def hits_of(self, fact_type: str) -> list[Hit]:
        return [h for h in self.hits if h.trigger.fact_type == fact_type]

    def base(self, fact_type: str, hit: Hit) -> FactMention:
        return FactMention(fact_type, self.sentence.index, self.sentence.start, self.sentence.end, hit.text)

    def date_near(self, positions: list[int], start: int, end: int, reach: int = 100) -> DateMention | None:
        """The date closest to the triggers within a span and reach, ignoring dates of reporting ("said on
        Monday"), dates that open a period ("since 2018") and dates too far away to belong to the event."""
        def distance(d: DateMention) -> int:
            return min(abs(d.start - p) for p in positions)

        candidates = [d for d in self.dates if start <= d.start < end and distance(d) <= reach
                      and not REPORTING_VERB.search(self.text[max(0, d.start - 40):d.start])
                      and not SINCE_PHRASE.search(self.text[max(0, d.start - 70):d.start])
                      and not _DEADLINE_BEFORE.search(self.text, max(0, d.start - 30), d.start)
                      and not self._names_something_else(d, positions)]
        return min(candidates, key=lambda d: (distance(d), d.start < min(positions)), default=None)

    def _names_something_else(self, date: DateMention, positions: list[int]) -> bool:
        """"restored sanctions lifted under the 2015 nuclear deal": a year used as a modifier dates the thing it
        modifies, which is the fact only when that thing is the trigger itself ("the 2015 deal")."""
        if date.precision != "year" or not _DETERMINER_BEFORE.search(self.text, max(0, date.start - 8), date.start):
            return False
        modified = _MODIFIED_NOUN.match(self.text, date.end)
        return bool(modified) and not any(date.end < p < modified.end() for p in positions)


def read_sentence(sentence: Sentence, published: dt.date | None, lexicon: Lexicon,
                  other_people: set[str], described: dict[str, Actor] | None = None,
                  named_countries: set[str] | None = None) -> SentenceView:
    """Everything the event grammars need to know about one sentence."""
    actors = find_actors(sentence.text, lexicon, published, other_people, described, named_countries)
    return SentenceView(sentence, published, actors, _find_hits(sentence.text, lexicon))


def _find_hits(text: str, lexicon: Lexicon) -> list[Hit]:
    """Trigger matches, longest first where two of the same fact type overlap ("signed ... in Delhi" is
    both a signing and a meeting located in a place)."""
    found = [Hit(m.start(), m.end(), m.group(), t) for t, m in lexicon.triggers.find(text)]
    found.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[Hit] = []
    last_end: dict[str, int] = {}
    for hit in found:
        if hit.start >= last_end.get(hit.trigger.fact_type, -1):
            kept.append(hit)
            last_end[hit.trigger.fact_type] = hit.end
    return kept


def dated(mention: FactMention, date: DateMention | None) -> FactMention:
    if date is not None:
        mention.event_date, mention.date_precision = date.value, date.precision
    return mention


def designators(text: str, lexicon: Lexicon) -> list[re.Match[str]]:
    """Product designators ("S-400", "AK-203") named in a text, less those the stoplist says are not products."""
    stoplist = lexicon.designator_stoplist
    return [m for m in _DESIGNATOR.finditer(text) if (m.group(1) + m.group(2)).upper() not in stoplist]


def subject_key(text: str, lexicon: Lexicon, anchor: int = 0, fact_type: str = "agreement") -> str | None:
    """What a fact is about: a product designator if named, else its most specific topic.

    Among several, the one nearest after the anchor (the trigger) wins: "In addition to the S-400,
    they signed a deal for AK-203 rifles" is about the AK-203.
    """
    def nearness(start: int) -> tuple[bool, int]:
        return start < anchor, abs(start - anchor)

    if fact_type == "agreement":
        designators = [(nearness(m.start()), (m.group(1) + m.group(2)).upper()) for m in _DESIGNATOR.finditer(text)]
        designators = [d for d in designators if d[1] not in lexicon.designator_stoplist]
        if designators:
            return min(designators)[1]
    topics = [(priority, nearness(match.start()), topic)
              for (topic, priority), match in lexicon.topics[fact_type].find(text)]
    return min(topics)[2] if topics else None


