"""Arms transfers: a state that buys, sells or supplies weapons to another makes a deal with it ("China bought 10
Russian Su-35 fighter jets", "a US sale of $6.4bn of defensive arms to Taiwan", "Britain's decision to supply
Ukraine with long-range drones"). What counts as weapons is the product designators and the arms topics of
`subject_topics.csv`; the parties are the buyer and the seller the clause names."""

import re

from pipeline.extract.actors import Actor
from pipeline.extract.grammar import CONDITION_BEFORE, after_word, clause_of, is_locative, negated, unique
from pipeline.extract.lexicon import Lexicon
from pipeline.extract.mentions import FactMention
from pipeline.extract.phrases import MAX_PHRASE_CHARS, fit
from pipeline.extract.sentence_view import SentenceView, dated, designators, subject_key

# Topics of `subject_topics.csv` that are weapons.
ARMS_TOPICS = frozenset({"small_arms", "air_defence", "missiles", "combat_aircraft", "naval", "defence"})
_PURCHASE = re.compile(r"\b(?:bought|buys?|buying|purchas(?:e|es|ed|ing)|acquir(?:e|es|ed|ing))\s+(?:of\s+)?",
                       re.IGNORECASE)
_SALE = re.compile(r"\b(?:sales?\s+of|sell(?:s|ing)?|sold)\s+", re.IGNORECASE)
# "arms sales to Taiwan": the weapons named before the noun.
_SALES_TO = re.compile(r"\b(?:arms|weapons?|missiles?|jets?)\s+sales?\s+(?=to\s)", re.IGNORECASE)
_SUPPLY = re.compile(r"\b(?:suppl(?:y|ies|ied|ying)|deliver(?:s|ed|ing)?|deliver(?:y|ies)\s+of)\s+", re.IGNORECASE)
# The words each pattern needs.
_PATTERN_STEMS = ((_PURCHASE, ("bought", "buy", "purchas", "acquir")), (_SALE, ("sale", "sell", "sold")),
                  (_SALES_TO, ("sales to", "sale to")), (_SUPPLY, ("suppl", "deliver")))
# Where the weapons' phrase ends: a preposition that names another party, a clause break.
_OBJECT_END = re.compile(r"\s(?:to|from|with|for|in|at|by|that|which|who|after|before|despite|such as|including)\s"
                         r"|[,;:]|\s[—–-]\s|\.\s*$")
_OBJECT_REACH = 100
_PAST = re.compile(r"(?:bought|purchased|acquired|sold|supplied|delivered)$", re.IGNORECASE)
# "would supply", "plans to buy", "offered to sell": a transfer not yet agreed.
_PROSPECT_BEFORE = re.compile(r"\b(?:will|would|could|might|may|shall|plans?|planning|wants?|hopes?|seeks?|seeking|"
                              r"offer(?:s|ed)?|propos(?:e|es|ed))\s+(?:to\s+)?(?:\w+\s+)?$", re.IGNORECASE)
_PREPOSITIONS = "on|about|over|with|to|for|against|of|from|in|at|by|into|toward|towards|like|than"
_DEMONYM_OR_COUNTRY = ("demonym", "country")
_POSSESSIVE = re.compile(r"[’']s?\s")
# "suspended all weapon sales to Turkey", "halt the supply of arms": a transfer stopped is a sanction, not a deal.
_HALTED_BEFORE = re.compile(r"\b(?:suspend|halt|stop|ban|block|cancel|freez|froze|end|curb|restrict)\w*\s+"
                            r"(?:(?:all|any|the|its|their|further|future|new|alleged)\s+)*(?:[\w-]+\s+)?$",
                            re.IGNORECASE)
_NON_STATE_AFTER = re.compile(r"\s+(?:rebels?|separatists?|militants?|insurgents?|opposition|fighters?|militias?)\b",
                              re.IGNORECASE)
_MAX_OBJECT_WORDS = 12
_DEFINITE = re.compile(r"\s*(?:the|this|that|these|those)\s", re.IGNORECASE)
_NOUN_FORM = re.compile(r"(?:purchases?|sales?|supply|suppl(?:ies)|deliver(?:y|ies))\b", re.IGNORECASE)
_PRONOUN_BEFORE = re.compile(r"\b(it|they|its|their)\s+(?:(?:has|have|had|will|would|also|recently|then|now|first|"
                             r"already|stepped up|increased|completed|finali[sz]ed|\w+ly)\s+)*$", re.IGNORECASE)
# "Britain's decision to supply", "India's purchase of": at most a few words between the owner and the act.
_NEAR = re.compile(r"[’']s?\s+(?:[\w-]+\s+){0,3}?(?:to\s+)?")
# "a US sale of", "the Russian delivery of": the actor modifies the noun directly.
_MODIFIER = re.compile(r"\s+(?:[\w$.-]+\s+){0,2}?")
_EXAMPLES_AFTER = re.compile(r"\s+(?:such as|including)\s", re.IGNORECASE)


def arms_transfers(view: SentenceView, lexicon: Lexicon) -> list[FactMention]:
    lowered = view.text.lower()
    if not ("bought" in lowered or "buy" in lowered or "purchas" in lowered or "acquir" in lowered
            or "sale" in lowered or "sell" in lowered or "sold" in lowered or "suppl" in lowered
            or "deliver" in lowered):
        return []  # the words the patterns need, found by substring tests rather than a regular expression's scan
    patterns = [pattern for pattern, stems in _PATTERN_STEMS if any(stem in lowered for stem in stems)]
    mentions = []
    for match in [m for pattern in patterns for m in pattern.finditer(view.text)]:
        found = _transfer(view, match, lexicon)
        if found is not None:
            mentions.append(found)
    return mentions


def _transfer(view: SentenceView, match: re.Match[str], lexicon: Lexicon) -> FactMention | None:
    # Who criticises a sale does not deny it ("Moscow criticised Britain's decision to supply Ukraine").
    if negated(view.text, match.start(), criticism_negates=False) \
            or _HALTED_BEFORE.search(view.text, max(0, match.start() - 40), match.start()):
        return None
    clause = clause_of(match.start(), view.clauses)
    verb = match.group().split()[0].casefold()
    sales_to = match.re is _SALES_TO
    supply = match.re is _SUPPLY
    buyer_after: list[Actor] = []
    start = match.end()
    if supply:
        # "supply Ukraine with drones": the receiver first, the weapons after "with".
        receiver = view.coordinated_after(start)
        with_at = re.match(r"(?:\s*(?:and\s+)?[\w.’'-]+){0,3}?\s+with\s+", view.text[receiver[-1].end:]) \
            if receiver else None
        if receiver and with_at:
            buyer_after, start = receiver, receiver[-1].end + with_at.end()
    weapons_start, weapons_end = (match.start(), match.end()) if sales_to else (start, _object_end(view, start))
    weapons = view.text[weapons_start:weapons_end]
    words = weapons.split()
    # The weapons are the phrase's head ("10 Russian Su-35 fighter jets"), not a word deep inside a longer stretch.
    if len(words) > _MAX_OBJECT_WORDS or not _names_weapons(" ".join(words[-3:]), lexicon):
        return None
    if not _specific(view, weapons, weapons_end, lexicon) or _known(weapons, lexicon):
        return None
    inside = [a for a in view.actors_in(weapons_start, weapons_end) if a.kind in _DEMONYM_OR_COUNTRY]
    noun = sales_to or _NOUN_FORM.match(match.group())
    subjects = _subject(view, clause, match.start(), noun=bool(noun))
    if verb.startswith(("b", "purchas", "acquir")):
        # The buyer is the subject; the seller the weapons' demonym ("Russian Su-35 jets") or "from Russia".
        sellers = view.coordinated_after(weapons_end, "from", within=1) or inside[:1]
        buyers = [a for a in subjects if a.code not in {s.code for s in sellers}]
    else:
        # The seller is the subject or names the sale ("a US sale"); the buyer follows "to", or precedes "with".
        buyers = buyer_after or view.coordinated_after(weapons_end, "to", within=1)
        sellers = [a for a in subjects if a.code not in {b.code for b in buyers}]
    if any(_NON_STATE_AFTER.match(view.text, a.end) for a in [*buyers, *sellers]):
        return None  # "weapons to Syrian rebels": arms for a country's armed groups are no deal with it
    parties = unique([a.code for a in [*buyers, *sellers]])
    if len(parties) != 2 or not buyers or not sellers:
        return None
    sentence = view.sentence
    mention = FactMention("agreement", sentence.index, sentence.start, sentence.end, match.group().strip())
    mention.party_codes = sorted(parties)
    mention.status = _status(view, match)
    seller_words = {a.text for a in inside}
    subject = " ".join(w for w in weapons.split() if w.strip("’'s") not in seller_words)
    mention.subject = fit(subject, MAX_PHRASE_CHARS) or None
    mention.subject_key = subject_key(weapons, lexicon)
    return dated(mention, view.date_near([match.start()], *clause))


def _object_end(view: SentenceView, start: int) -> int:
    end = _OBJECT_END.search(view.text, start, min(len(view.text), start + _OBJECT_REACH))
    return end.start() if end else min(len(view.text), start + _OBJECT_REACH)


def _known(weapons: str, lexicon: Lexicon) -> bool:
    """"after it bought the missile defense system from Russia": weapons named as known refer to a deal the
    article reports in its own words; only a designator says which."""
    return bool(_DEFINITE.match(weapons)) and not designators(weapons, lexicon)


def _names_weapons(text: str, lexicon: Lexicon) -> bool:
    """Weapons: a product designator or an arms topic."""
    return bool(designators(text, lexicon)) or any(
        topic in ARMS_TOPICS for (topic, _), _ in lexicon.topics["agreement"].find(text))


def _subject(view: SentenceView, clause: tuple[int, int], position: int, noun: bool) -> list[Actor]:
    """Who buys, sells or supplies. A noun ("a US sale of", "its purchase of", "Britain's decision to supply") takes
    the actor or possessive right before it; a verb its clause's subject, right before it ("China recently bought"),
    else the one opening the sentence ("Ankara raised the ire of its allies ... and for buying"); a pronoun
    subject ("after it bought") the country named last before it. Nobody, when the act is a condition ("could face
    sanctions if it buys")."""
    if CONDITION_BEFORE.search(view.text, clause[0], position):
        return []
    found = view.actors_in(0, position)
    owner = next((a for a in reversed(found) if _POSSESSIVE.match(view.text, a.end)
                  and _NEAR.fullmatch(view.text[a.end:position])), None)
    if owner is not None:
        return [owner]
    pronoun = _PRONOUN_BEFORE.search(view.text, max(0, position - 30), position)
    if pronoun:
        named = [a for a in view.actors_in(0, pronoun.start()) if a.kind in _DEMONYM_OR_COUNTRY
                 and not is_locative(view.text, a)]
        if pronoun.group(1).casefold() == "its" and noun:
            # "India has stepped up its purchase": the clause's subject owns it.
            named = [a for a in view.actors_in(clause[0], pronoun.start()) if not is_locative(view.text, a)
                     and not after_word(view.text, a, _PREPOSITIONS)][:1] or named[-1:]
        return named[-1:]
    if noun:
        modifier = next((a for a in reversed(found) if _MODIFIER.fullmatch(view.text[a.end:position])), None)
        return [modifier] if modifier is not None else []
    for start in (clause[0], 0):
        candidates = [a for a in view.actors_in(start, position)
                      if not is_locative(view.text, a) and not after_word(view.text, a, _PREPOSITIONS)]
        if candidates:
            gap = view.text[candidates[-1].end:position]
            return [candidates[-1]] if len(gap.split()) <= 3 and "," not in gap else candidates[:1]
    return []


def _specific(view: SentenceView, weapons: str, end: int, lexicon: Lexicon) -> bool:
    """A transfer names what changes hands: a designator, a number or sum, a kind of weapon; not arms in general
    ("its purchase of military equipment"), unless examples follow ("military hardware such as drones")."""
    if designators(weapons, lexicon) or re.search(r"\d|\$|£|€", weapons) or _EXAMPLES_AFTER.match(view.text, end):
        return True
    return any(topic in ARMS_TOPICS - {"defence"} for (topic, _), _ in lexicon.topics["agreement"].find(weapons))


def _status(view: SentenceView, match: re.Match[str]) -> str:
    if _PROSPECT_BEFORE.search(view.text, max(0, match.start() - 40), match.start()):
        return "proposed"
    return "implemented" if _PAST.search(match.group().strip()) else "agreed"
