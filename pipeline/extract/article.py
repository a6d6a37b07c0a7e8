"""Extract agreement, visit and sanction mentions from an article's sentences.

Each sentence is read once into a `SentenceView` (actors, dates, amounts, clauses, triggers);
then one module per fact type assigns roles by surface grammar. Knowledge (names, triggers,
cues, topics) comes from the lexicon; only grammar lives in code.
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache

from pipeline.extract.actors import TITLES, Actor
from pipeline.extract.agreements import agreements
from pipeline.extract.genders import person_gender
from pipeline.extract.grammar import Discourse
from pipeline.extract.lexicon import Lexicon
from pipeline.extract.mentions import FactMention
from pipeline.extract.sanctions import sanctions
from pipeline.extract.sentence_view import read_sentence
from pipeline.extract.visits import away_from_seat, dateline_visit, name_visitors, visits
from pipeline.text.name_pattern import trie_alternation
from pipeline.text.sentences import Sentence

# "HANOI, Vietnam (AP) — ...", "LONDON — ...": where the story was filed.
# "KABUL (AFP) —", "BEIJING, March 3 (Xinhua) --", "GENEVA/WASHINGTON (Reuters) -" (the first city), and the colon
# of South Asian and Gulf papers, in capitals only ("NEW DELHI: ...", not "Analysis: ...").
_DATELINE = re.compile(r"^([A-Z][A-Za-z .'-]{1,40}?)(?:/[A-Z][A-Za-z .'-]{1,40}?)?(?:,\s*[A-Z][\w .]{1,30})?\s*"
                       r"(?:\([^)]{1,30}\))?\s*[—–-]{1,2}\s"
                       r"|^([A-Z][A-Z .'-]{1,40}?)(?:,\s*[A-Z][\w .]{1,30})?\s*:\s")


def extract_article(sentences: Sequence[Sentence], published: dt.date | None, lexicon: Lexicon) -> list[FactMention]:
    """All fact mentions of one article, sentence by sentence, with discourse context carried along."""
    discourse = Discourse(seats=lexicon.seats,
                          gender_of=lambda sentence, person: person_gender(sentence, person, lexicon))
    if sentences:
        discourse.dateline = dateline(sentences[0].text, lexicon)
    mentions: list[FactMention] = []
    people: list[tuple[int, Actor]] = []  # officials named, with their sentence
    # The countries the article has named (places too): an imported minister's name needs his country among them.
    named_countries = {discourse.dateline.code} if discourse.dateline else set()
    for sentence in sentences:
        view = read_sentence(sentence, published, lexicon, discourse.other_people, discourse.described,
                             named_countries)
        named_countries.update(a.code for a in view.actors if a.kind != "person")  # an office only for its own sentence
        mentions += agreements(view, discourse, lexicon)
        sentence_visits = visits(view, discourse)
        mentions += sentence_visits or dateline_visit(view, discourse)
        mentions += sanctions(view, discourse, lexicon)
        discourse.remember(view.text, view.actors)
        people += [(sentence.index, a) for a in view.actors if a.kind == "person"]
    shared = _subjects_shared(mentions)
    found = away_from_seat(name_visitors(shared, people, *_offices(sentences, {m.sentence_index for m in shared},
                                                                   people, published, lexicon)), lexicon.seats)
    return _named_as_written(found, people)


@lru_cache(maxsize=4)
def _title_before(offices: frozenset[str]) -> re.Pattern[str]:
    """The office right before a name, and whether it is a deputy's or a former one ("Deputy Foreign Minister")."""
    return re.compile(rf"(deputy\s+|vice\s+|former\s+|ex-)?\b({trie_alternation(set(offices))})\s+$", re.IGNORECASE)


def _offices(sentences: Sequence[Sentence], stating: set[int], people: list[tuple[int, Actor]],
             published: dt.date | None, lexicon: Lexicon) -> tuple[dict[int, set[str]], dict[str, set[str]]]:
    """The roles of the offices each sentence that states a fact (`stating`) names ("the foreign ministers of ..."),
    and the roles each official the article names held on its date."""
    if lexicon.office_mention is None:
        return {}, {}
    offices = {s.index: {lexicon.office_roles[m.group(1).casefold()] for m in lexicon.office_mention.finditer(s.text)}
               for s in sentences if s.index in stating}
    # The office the article writes before the name ("Iranian Foreign Minister Mohammad Javad Zarif", not "Deputy
    # Foreign Minister Seyed Abbas Araghchi") says it best; else the dictionary's roles on the article's date.
    text_of = {s.index: s.text for s in sentences}
    title_before = _title_before(frozenset(lexicon.office_roles))
    titled: dict[str, set[str]] = {}
    for index, person in people:
        if not person.person:
            continue
        title = title_before.search(text_of.get(index, ""), max(0, person.start - 40), person.start)
        if title:
            titled.setdefault(person.person, set()).update(
                set() if title.group(1) else {lexicon.office_roles[title.group(2).casefold()]})
    roles_of = {p.person: titled.get(p.person) if p.person in titled else
                {o.role for o in lexicon.officials_by_name.get(p.person, [])
                 if published is None or o.in_office(published)} for _, p in people if p.person}
    return {i: roles for i, roles in offices.items() if roles}, roles_of


def _folded_words(name: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", name.casefold().replace("-", " "))
    return "".join(c for c in plain if not unicodedata.combining(c)).split()


def _spelling_of(written: str, name: str) -> bool:
    """Whether a name as written is a spelling of the dictionary's name ("Volodymyr Zelenskiy", "Moammar Gadhafi",
    "José Sócrates"), not another name of the person ("Abu Mazen" for Mahmoud Abbas, "Jorge Mario Bergoglio" for Pope
    Francis): a word in common, or last words spelt alike."""
    ours, theirs = _folded_words(written), _folded_words(name)
    return bool(set(ours) & set(theirs)) or SequenceMatcher(None, ours[-1], theirs[-1]).ratio() >= 0.6


def _named_as_written(mentions: list[FactMention], people: list[tuple[int, Actor]]) -> list[FactMention]:
    """A visitor's name as the article first writes it in full ("Volodymyr Zelenskiy", "Ri Yong-ho"), not the
    dictionary's spelling: later sentences may give the surname only or a title ("President Xi"). The subject key
    keeps the dictionary's name, so the visit is one fact whatever the spelling of each article."""
    written: dict[str, str] = {}
    for _, person in people:
        if not person.person or person.person in written:
            continue  # the first spelling in full stays
        words = person.text.split()
        if len(words) >= 2 and not any(word in TITLES for word in words) and _spelling_of(person.text, person.person):
            written[person.person] = person.text
    for mention in mentions:
        if mention.fact_type == "visit" and mention.visitor_name in written:
            mention.visitor_name = written[mention.visitor_name]
    return mentions


_NEAR_STATEMENTS = 12


def _subjects_shared(mentions: list[FactMention]) -> list[FactMention]:
    """A statement that names no subject ("the deal was signed on Monday") is about the deal of the same parties
    the article last named a subject for (or, before any, the next one it names)."""
    agreements_ = [m for m in mentions if m.fact_type == "agreement"]
    for order in (agreements_, agreements_[::-1]):  # the last one before, else the first one after
        named: dict[tuple[tuple[str, ...], str | None], str] = {}
        for mention in order:
            parties = tuple(mention.party_codes)
            if mention.subject is not None:
                named[parties, mention.subject_key] = named[parties, None] = mention.subject
            else:
                mention.subject = named.get((parties, mention.subject_key))
    # "The US made a deal with Mexico in August" in an article about the US, Mexico and Canada's trade deal: a deal
    # among some of the parties of a deal the article names is about the same thing (the nearest such deal before,
    # else after).
    for index, mention in enumerate(agreements_):
        if mention.subject is None and len(mention.party_codes) >= 2:
            # Among the nearest statements only, so the work stays linear in the article's length.
            near = agreements_[max(0, index - _NEAR_STATEMENTS):index][::-1] \
                + agreements_[index + 1:index + 1 + _NEAR_STATEMENTS]
            wider = [m for m in near if m.subject is not None and set(mention.party_codes) < set(m.party_codes)]
            if wider:
                mention.subject = wider[0].subject
    # A deal the article never identifies is a reference ("the other parties to the deal", "to discuss the deal"),
    # not news of one, unless the sentence says it was signed or when.
    return [m for m in mentions if m.fact_type != "agreement" or m.subject is not None
            or m.status == "signed" or m.event_date is not None]


def dateline(first_sentence: str, lexicon: Lexicon) -> Actor | None:
    """The place in an opening dateline, when it is a known city."""
    match = _DATELINE.match(first_sentence)
    if not match:
        return None
    place = (match.group(1) or match.group(2)).strip()
    entry = lexicon.places_by_lower.get(place.lower())
    if entry is None:
        return None
    name = lexicon.place_names_by_lower.get(place.lower(), place)
    return Actor(0, len(place), place, entry[0], "place", place=name)
