"""Extract agreement, visit and sanction mentions from an article's sentences.

Each sentence is read once into a `SentenceView` (actors, dates, amounts, clauses, triggers);
then one small function per fact type assigns roles by surface grammar. Knowledge (names,
triggers, cues, topics) comes from the lexicon; only grammar lives here.
"""

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.actors import Actor, find_actors
from pipeline.amounts import find_amounts
from pipeline.dates import DateMention, find_dates
from pipeline.grammar import (
    PAIR_PHRASE,
    PRONOUN_PERSON,
    REPORTING_VERB,
    Discourse,
    after_word,
    clause_of,
    clauses,
    concessive_zones,
    excluded_zones,
    inside,
    is_locative,
    negated,
    unique,
)
from pipeline.lexicon import Lexicon, Trigger
from pipeline.mentions import FactMention
from pipeline.sentences import Sentence

AGREEMENT_STAGES = ("proposed", "under_negotiation", "agreed", "signed", "implemented")
# Weapon systems and products named by a designator ("S-400", "AK-203", "Su-30") identify one deal.
_DESIGNATOR = re.compile(r"(?<![\w-])([A-Z][A-Za-z]{0,4})-?(\d{1,4}[A-Z]?)(?![\w-])")
_LEGAL_BASIS = re.compile(
    r"(?:[A-Z][\w’'-]*\s+){1,10}(?:Act|Law|Resolution|Order|Regulations?)\b(?:\s*\([A-Z]{3,}\))?"
    r"|\b(?:[Rr]esolution|[Ee]xecutive [Oo]rder)\s+\d+"
)
_REASON = re.compile(
    r"\b(?:over|for|because of|due to|in response to|in retaliation for|if|after|unless|as punishment for)\s"
)
_MAX_SUBJECT = 300
_COORDINATED_VERB = re.compile(r"\band\s+(?:\w+\s+)?$")
_COORDINATED_NOUN = re.compile(r"\band\s+(?:a|an|another|the)\s+(?:[\w-]+\s+){0,2}$")


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    text: str
    trigger: Trigger


@dataclass
class SentenceView:
    sentence: Sentence
    actors: list[Actor]
    dates: list[DateMention]
    amounts: list[tuple[int, float]]
    hits: list[Hit]
    clauses: list[tuple[int, int]]
    excluded: list[tuple[int, int]]
    concessive: list[tuple[int, int]]

    @property
    def text(self) -> str:
        return self.sentence.text

    def actors_in(self, start: int, end: int) -> list[Actor]:
        return [a for a in self.actors if start <= a.start < end]

    def base(self, fact_type: str, hit: Hit) -> FactMention:
        return FactMention(fact_type, self.sentence.index, self.sentence.start, self.sentence.end, hit.text)

    def date_near(self, position: int, start: int, end: int) -> DateMention | None:
        """The date closest to a trigger within a span, ignoring dates of reporting ("said on Monday")."""
        candidates = [d for d in self.dates if start <= d.start < end
                      and not REPORTING_VERB.search(self.text[max(0, d.start - 40):d.start])]
        return min(candidates, key=lambda d: (abs(d.start - position), d.start < position), default=None)


def extract_article(sentences: Sequence[Sentence], published: dt.date | None, lexicon: Lexicon) -> list[FactMention]:
    """All fact mentions of one article, sentence by sentence, with discourse context carried along."""
    discourse = Discourse()
    mentions: list[FactMention] = []
    for sentence in sentences:
        view = _read_sentence(sentence, published, lexicon)
        mentions += agreements(view, discourse, lexicon)
        mentions += visits(view, discourse)
        mentions += sanctions(view, discourse, lexicon)
        discourse.remember(view.actors)
    return mentions


def _read_sentence(sentence: Sentence, published: dt.date | None, lexicon: Lexicon) -> SentenceView:
    text = sentence.text
    year = published.year if published else None
    amounts = [(a.start, a.value_usd) for a in find_amounts(text, year) if a.value_usd is not None]
    return SentenceView(sentence, find_actors(text, lexicon, published), find_dates(text, published), amounts,
                        _find_hits(text, lexicon), clauses(text), excluded_zones(text), concessive_zones(text))


def _find_hits(text: str, lexicon: Lexicon) -> list[Hit]:
    """Trigger matches, longest first where they overlap."""
    found = [Hit(m.start(), m.end(), m.group(), t) for t in lexicon.triggers for m in t.pattern.finditer(text)]
    found.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[Hit] = []
    for hit in found:
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept


def _dated(mention: FactMention, date: DateMention | None) -> FactMention:
    if date is not None:
        mention.event_date, mention.date_precision = date.value, date.precision
    return mention


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
              for pattern, topic, priority in lexicon.topics.get(fact_type, []) for match in pattern.finditer(text)]
    return min(topics)[2] if topics else None


# --- agreements -------------------------------------------------------------------------------

def agreements(view: SentenceView, discourse: Discourse, lexicon: Lexicon) -> list[FactMention]:
    hits = [h for h in view.hits if h.trigger.fact_type == "agreement" and not inside(h.start, view.concessive)]
    mentions = []
    for segment_start, segment_end, group in _agreement_segments(view, hits):
        kinds = {h.trigger.part_of_speech for h in group}
        text = view.text[segment_start:segment_end]
        first = next((h for h in group if h.trigger.part_of_speech in ("verb", "light_verb")), group[0])
        key = subject_key(text, lexicon, first.start - segment_start)
        # A deal noun is enough; "agreed"/"signed" need a subject matter; "discuss", "offer", "reach"
        # need something agreed on ("reached a deal", "discussed cooperation").
        if not ("noun" in kinds or ("verb" in kinds and key) or _verb_with_object(group)):
            continue
        if negated(view.text, first.start):
            continue
        clause = clause_of(first.start, view.clauses)
        parties = _parties(view, clause, discourse)
        if len(parties) < 2:
            continue
        mention = view.base("agreement", first)
        mention.status = _agreement_status(view.text, group, lexicon)
        mention.party_codes = sorted(parties)
        mention.subject = text.strip()[:_MAX_SUBJECT]
        mention.subject_key = key
        values = [value for start, value in view.amounts if segment_start <= start < segment_end]
        mention.value_usd = max(values) if values else None
        mentions.append(_dated(mention, view.date_near(first.start, *clause)))
    return mentions


def _verb_with_object(group: list[Hit]) -> bool:
    """A light verb followed by the relationship it acts on ("discussed fighter jet cooperation")."""
    verb = next((h for h in group if h.trigger.part_of_speech == "light_verb"), None)
    return verb is not None and any(h.trigger.part_of_speech == "weak_noun" and h.start > verb.start for h in group)


def _agreement_segments(view: SentenceView, hits: list[Hit]) -> list[tuple[int, int, list[Hit]]]:
    """Group trigger hits by clause. A second verb coordinated with "and" ("signed X and signed Y"),
    or a second deal noun ("a deal for X and an additional deal on Y"), starts a new statement; a
    new deal noun keeps the verbs of the statement it is coordinated with."""
    segments: list[tuple[int, int, list[Hit]]] = []
    verbal = ("verb", "light_verb")
    for clause_start, clause_end in view.clauses:
        start, group = clause_start, []
        for hit in (h for h in hits if clause_start <= h.start < clause_end):
            before = view.text[max(start, hit.start - 40):hit.start]
            pos = hit.trigger.part_of_speech
            if pos in verbal and _COORDINATED_VERB.search(before) and any(
                    h.trigger.part_of_speech in verbal for h in group):
                segments.append((start, hit.start, group))
                start, group = hit.start, []
            elif pos == "noun" and _COORDINATED_NOUN.search(before) and any(
                    h.trigger.part_of_speech == "noun" for h in group):
                segments.append((start, hit.start, group))
                start, group = hit.start, [h for h in group if h.trigger.part_of_speech in verbal]
            group.append(hit)
        if group:
            segments.append((start, clause_end, group))
    return segments


def _parties(view: SentenceView, clause: tuple[int, int], discourse: Discourse) -> list[str]:
    # Places named as locations and countries a deal is about ("an agreement on Syria") are not parties.
    actors = [a for a in view.actors_in(*clause)
              if not inside(a.start, view.excluded) and a.kind != "organisation"
              and not (a.kind == "place" and is_locative(view.text, a))
              and not after_word(view.text, a, "on|about|over|regarding|concerning")]
    parties = unique(a.code for a in actors)
    previous = [c for c in view.clauses if c[1] <= clause[0]]
    if not parties and previous and not PAIR_PHRASE.search(view.text, *clause):
        # "Russia and India ... did not give details, but said the collaboration would ...": a clause
        # with no actor of its own shares the subject of the clause before it.
        return _parties(view, previous[-1], discourse)
    partners = [a for a in actors if after_word(view.text, a, "with")]
    if len(parties) > 2 and partners:
        # "dissuade India from engaging with Russia": the partner and whoever engages with it.
        engaging = [a for a in actors if a.end <= partners[0].start and a.code != partners[0].code]
        parties = unique([a.code for a in engaging[-1:]] + [a.code for a in partners])
    if len(parties) < 2 and PAIR_PHRASE.search(view.text, *clause):
        parties += discourse.pair(view.actors_in(0, clause[0]), exclude=parties)[: 2 - len(parties)]
    return parties


def _agreement_status(text: str, group: list[Hit], lexicon: Lexicon) -> str:
    statuses = []
    for verb in (h for h in group if h.trigger.part_of_speech in ("verb", "light_verb")):
        before = text[max(0, verb.start - 30):verb.start]
        modal = any(c.fact_type == "agreement" and c.pattern.search(before) for c in lexicon.cues)
        statuses.append("proposed" if modal and verb.trigger.status in ("signed", "agreed") else verb.trigger.status)
    statuses += [h.trigger.status for h in group if "noun" in h.trigger.part_of_speech and h.trigger.status]
    known = [s for s in statuses if s in AGREEMENT_STAGES]
    return max(known, key=AGREEMENT_STAGES.index) if known else "agreed"


# --- visits ------------------------------------------------------------------------------------

def visits(view: SentenceView, discourse: Discourse) -> list[FactMention]:
    mentions = []
    for hit in (h for h in view.hits if h.trigger.fact_type == "visit"):
        if negated(view.text, hit.start):
            continue
        clause = clause_of(hit.start, view.clauses)
        pos = hit.trigger.part_of_speech
        if pos == "meeting":
            pairs = _meeting_visits(view, hit, discourse)
        elif pos == "host":
            pairs = _hosted_visit(view, hit, clause)
        else:
            pairs = _travel_visit(view, hit, clause, discourse)
        for visitor, place in pairs:
            if visitor.code == place.code:
                continue
            mention = view.base("visit", hit)
            mention.visitor_name = visitor.person
            mention.visitor_country_code = visitor.code
            mention.host_country_code = place.code
            mention.city = place.place
            mention.party_codes = sorted({visitor.code, place.code})
            mentions.append(_dated(mention, view.date_near(hit.start, *clause)))
    return mentions


def _first_after(view: SentenceView, position: int, end: int, kinds: set[str]) -> Actor | None:
    return next((a for a in view.actors if position <= a.start < end and a.kind in kinds), None)


_DESTINATION_KINDS = {"place", "country", "metonym"}
# Between "visit"/"trip to" and the place: a preposition, articles or a title, nothing longer.
_DESTINATION_GAP = re.compile(r"(?:\s+(?:to|in|of|the|by|a|an|[A-Z][\w.]*|\w+’s|\w+'s)){0,6}\s+")


def _travel_visit(view: SentenceView, hit: Hit, clause: tuple[int, int],
                  discourse: Discourse) -> list[tuple[Actor, Actor]]:
    destination = next((a for a in view.actors if hit.end <= a.start < clause[1] and a.kind in _DESTINATION_KINDS
                        and _DESTINATION_GAP.fullmatch(view.text[hit.end:a.start])), None)
    if destination is None:
        return []
    after_by = _first_after(view, hit.end, clause[1], {"person"})
    if after_by is not None and re.match(r"\s+by\b", view.text[hit.end:]):
        return [(after_by, destination)]
    before = [a for a in view.actors_in(clause[0], hit.start) if a.kind in ("person", "country", "demonym")]
    people = [a for a in before if a.kind == "person"]
    if people:
        return [(people[-1], destination)]
    pronoun = PRONOUN_PERSON.search(view.text, clause[0], hit.start)
    if pronoun and discourse.last_person() is not None:
        return [(discourse.last_person(), destination)]  # type: ignore[list-item]
    return [(before[-1], destination)] if before else []


def _hosted_visit(view: SentenceView, hit: Hit, clause: tuple[int, int]) -> list[tuple[Actor, Actor]]:
    hosts = [a for a in view.actors_in(clause[0], hit.start) if a.kind != "place" or not is_locative(view.text, a)]
    guest = _first_after(view, hit.end, clause[1], {"person"})
    if not hosts or guest is None:
        return []
    city = next((a for a in view.actors_in(guest.end, clause[1]) if a.kind == "place" and a.code == hosts[-1].code),
                None)
    return [(guest, city or hosts[-1])]


def _meeting_visits(view: SentenceView, hit: Hit, discourse: Discourse) -> list[tuple[Actor, Actor]]:
    location = next((a for a in view.actors if hit.end <= a.start <= hit.end + 5
                     and a.kind in ("place", "country")), None)
    if location is None:
        return []
    people = [a for a in view.actors if a.kind == "person"]
    # "his June summit with President Biden in Geneva": "his" is a participant too.
    earlier = discourse.last_person()
    if earlier and PRONOUN_PERSON.search(view.text[max(0, hit.start - 25):hit.start]) \
            and all(p.person != earlier.person for p in people):
        people.append(earlier)
    return [(person, location) for person in people if person.code != location.code]


# --- sanctions ---------------------------------------------------------------------------------

def sanctions(view: SentenceView, discourse: Discourse, lexicon: Lexicon) -> list[FactMention]:
    mentions = []
    basis = _LEGAL_BASIS.search(view.text)
    for hit in (h for h in view.hits if h.trigger.fact_type == "sanction"):
        # "Sanctions" inside a law's name ("... Through Sanctions Act") is not a sanctions event.
        if negated(view.text, hit.start) or (basis and basis.start() <= hit.start < basis.end()):
            continue
        status = _sanction_status(view.text, hit, lexicon)
        imposers = _imposers(view, hit)
        targets = [t for t in _targets(view, hit, discourse, imposers) if t not in imposers]
        clause = clause_of(hit.start, view.clauses)
        for imposer in imposers:
            for target in targets:
                mention = view.base("sanction", hit)
                mention.status = status
                mention.imposer_code, mention.target_code = imposer, target
                mention.party_codes = sorted({imposer, target})
                mention.legal_basis = basis.group().strip() if basis else None
                mention.reason = _reason(view, hit, clause)
                mention.subject_key = subject_key(mention.reason or "", lexicon, fact_type="sanction")
                mentions.append(_dated(mention, view.date_near(hit.start, *clause)))
    return mentions


def _sanction_status(text: str, hit: Hit, lexicon: Lexicon) -> str:
    """The status cue nearest the trigger; waiver cues outrank the rest when a waiver is named."""
    window_start, window_end = max(0, hit.start - 60), min(len(text), hit.end + 60)
    cues = []
    for cue in (c for c in lexicon.cues if c.fact_type == "sanction"):
        for match in cue.pattern.finditer(text, window_start, window_end):
            distance = match.start() - hit.end if match.start() >= hit.end else hit.start - match.end()
            waiver = cue.status in ("waiver_sought", "waived")
            cues.append((not waiver, max(distance, 0), cue.status))
    if cues:
        return min(cues)[2]
    return hit.trigger.status or "imposed"


def _coordinated_after(view: SentenceView, position: int, words: str) -> list[Actor]:
    """Actors in "<word> X (and Y)" right after a position."""
    match = re.compile(rf"\s*(?:\w+\s+){{0,3}}?(?:{words})\s").match(view.text, position)
    if not match:
        return []
    found, cursor = [], match.end()
    for actor in (a for a in view.actors if a.start >= cursor):
        gap = view.text[cursor:actor.start]
        if not re.fullmatch(r"\s*(?:(?:the|both|and|or|,|its|\w+’s|\w+'s)\s*)*", gap):
            break
        found.append(actor)
        cursor = actor.end
    return found


# "US sanctions", "Washington's new trade sanctions": the actor modifies the sanctions noun directly.
_MODIFIER_GAP = re.compile(
    r"(?:[’']s)?\s+(?:(?!(?:of|on|against|from|by|to|with|and|or|for|in|at|that|the)\s)[a-z-]+\s+){0,2}"
)


def _imposers(view: SentenceView, hit: Hit) -> list[str]:
    before = [a for a in view.actors if a.end <= hit.start
              and _MODIFIER_GAP.fullmatch(view.text[a.end:hit.start])]
    if before:
        return [before[-1].code]
    source = _coordinated_after(view, hit.end, "from|by|of")
    if source:
        return unique(a.code for a in source)
    clause = clause_of(hit.start, view.clauses)
    verb = re.search(r"\b(?:impos|issu|slap|levi|threaten|warn|announc|lift|waiv|eas)\w*\b",
                     view.text[clause[0]:hit.start])
    if verb:
        subjects = [a for a in view.actors_in(clause[0], clause[0] + verb.start())
                    if not is_locative(view.text, a)]
        if subjects:
            return [subjects[-1].code]
    return []


def _targets(view: SentenceView, hit: Hit, discourse: Discourse, imposers: list[str]) -> list[str]:
    on = _coordinated_after(view, hit.end, "on|against|targeting|to")
    if on:
        return unique(a.code for a in on)
    threat = re.search(r"\b(?:threaten(?:ed|s)?|warn(?:ed|s)?)\s", view.text[:hit.start])
    if threat:
        pair = PAIR_PHRASE.match(view.text, threat.end())
        objects = _coordinated_after(view, pair.end() if pair else threat.end() - 1, "")
        codes = [a.code for a in objects]
        if pair:
            codes = discourse.pair(exclude=[*imposers, *codes]) + codes
        if codes:
            return unique(codes)
    subjects = [a for a in view.actors if a.code not in imposers and not is_locative(view.text, a)]
    return [subjects[0].code] if subjects else []


def _reason(view: SentenceView, hit: Hit, clause: tuple[int, int]) -> str | None:
    """The stated reason ("over its occupation of Crimea", "if it buys missiles"); for sanctions
    defied ("did X despite threats of sanctions") what was done; else the clause stating the action."""
    match = _REASON.search(view.text, hit.end)
    if match:
        return view.text[match.start():].strip(" .")[:_MAX_SUBJECT]
    despite = re.search(r"\b(?:despite|in spite of)\b", view.text[:hit.start])
    if despite:
        return view.text[:despite.start()].strip(" ,")[:_MAX_SUBJECT] or None
    return view.text[clause[0]:clause[1]].strip(" .,")[:_MAX_SUBJECT] or None
