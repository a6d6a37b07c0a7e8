"""Agreements: who agreed, signed, negotiated or proposed what with whom.

Parties are the actors of the clause that states the deal, narrowed by grammar: "X and Y signed",
"X ... with Y", "between X and Y", "the two countries" (resolved from context); places named as
locations, countries a deal is about ("an accord on Syria"), attributions ("according to") and
concessive stretches ("despite threats from the US", "like Turkey") are not parties.
"""

import re

from pipeline.extract.arms_transfers import arms_transfers
from pipeline.extract.grammar import (
    CONDITION_BEFORE,
    PAIR_PHRASE,
    Discourse,
    after_word,
    clause_of,
    inside,
    is_locative,
    is_venue,
    negated,
    unique,
)
from pipeline.extract.groupings import bloc_among_members, dateline_zone, group_parties
from pipeline.extract.lexicon import Lexicon
from pipeline.extract.mentions import FactMention
from pipeline.extract.phrases import MAX_PHRASE_CHARS, fit, is_quantity, modifiers_before, phrase_after, quantity_before
from pipeline.extract.sentence_view import Hit, SentenceView, dated, designators, subject_key

AGREEMENT_STAGES = ("proposed", "under_negotiation", "agreed", "signed", "implemented")
_COORDINATED_VERB = re.compile(r"\band\s+(?:\w+\s+)?$")
_COORDINATED_NOUN = re.compile(r"\band\s+(?:a|an|another|the)\s+(?:[\w-]+\s+){0,2}$")
_BETWEEN = re.compile(r"\bbetween\s")
_WITH = re.compile(r"\bwith\s")
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+$")
_NAMES_AN_EVENT = re.compile(r"(?:[’']s)?\s+(?:[\w-]+\s+){0,2}(?:conferences?|summits?|talks|meetings?|accords?|"
                             r"agreements?|deals?|treat(?:y|ies)|protocols?|process|declarations?|communiqu[eé]s?|"
                             r"format)\b", re.IGNORECASE)
_SUBJECT_MATTER_AFTER = re.compile(r"(?:[’']s)?\s+(?:[\w-]+\s+)?(?:crisis|issue|problem|question|threat|programm?e|"
                                   r"conflict|standoff|stand-off|dispute)\b", re.IGNORECASE)
# "has already negotiated an agreement", "concluded negotiations on a partnership agreement": the negotiation is over.
_NEGOTIATED = re.compile(r"\b(?:(?:has|have|had)\s+(?:already\s+|successfully\s+|now\s+)?negotiated"
                         r"|(?:conclud|complet|finali[sz])(?:ed|es|e|ing)\s+(?:the\s+|their\s+|its\s+)?"
                         r"(?:negotiations|talks)|wrap(?:ped|s)?\s+up\s+(?:the\s+)?(?:negotiations|talks))\b",
                         re.IGNORECASE)
_PEOPLE_PAIR = re.compile(r"presidents|leaders|ministers|premiers", re.IGNORECASE)
# "a Qatari-brokered deal", "a U.S.-sponsored conference": the broker or host is not a party.
_BROKER_AFTER = re.compile(r"-(?:brokered|mediated|facilitated|sponsored|hosted|organi[sz]ed)\b")
# "a zone agreed by Turkey, Russia and Iran": the agents of a passive verb of agreeing are the parties.
_AGENT_AFTER = re.compile(r"\s+(?:[a-z]+\s+){0,2}?by\s", re.IGNORECASE)
# "U.N. sanctions": an actor of a sanctions frame, not of the deal.
_NON_STATE_AFTER = re.compile(r"\s+(?:opposition|rebels?|militants?|insurgents|dissidents)\b", re.IGNORECASE)
# "how the U.S. should deal with China", "to cope with Iran": the country a verb of handling acts on is no party.
_HANDLED_BEFORE = re.compile(r"\b(?:to|can|could|will|would|should|must|might|may|shall)\s+"
                             r"(?:deal|cope|grapple|contend)\s+with\s+(?:the\s+)?$", re.IGNORECASE)
_OF_AFTER = re.compile(r"\s+of\s")
# The other side of a government inside its own country.
_WITH_INTERNAL_SIDE = re.compile(r"\s+(?:[\w-]+\s+){0,2}?with\s+(?:the\s+)?(?:[\w-]+\s+)?(?:opposition|rebels?|"
                                 r"separatists?|insurgents?|protesters?)\b", re.IGNORECASE)
_INTERNAL_SIDE = re.compile(r"\b(?:opposition|rebels?|separatists?|insurgents?|protesters?)\b", re.IGNORECASE)
# "to which China is not party": an actor the sentence says is no party.
_NOT_PARTY_AFTER = re.compile(r"\s+(?:is|are|was|were)\s+not\s+(?:a\s+)?part(?:y|ies)\b", re.IGNORECASE)
# "stay out of trade deals", "favoring multinational trade pacts": a plural deal noun with no determiner, number or
# owner before it names a kind of deal, not one made.
_PLURAL_DEAL = re.compile(r"(?:deals|agreements|accords|pacts|treaties|contracts)", re.IGNORECASE)
_DETERMINED_BEFORE = re.compile(r"(?:\b(?:the|a|an|this|that|these|those|its|their|his|her|our|your|two|three|four|"
                                r"five|six|several|many|some|both|all|new|other|further|additional|\d[\d,.]*)|[’']s|"
                                r"\b[A-Z][\w.-]*)\s+(?:[\w-]+\s+){0,3}$")
# "the Syrian border city of Ras al-Ain", "a Turkish town": a demonym describing a place says where, not who.
_PLACE_NOUN_AFTER = re.compile(r"\s+(?:[a-z-]+\s+)?(?:city|cities|town|towns|village|villages|province|region|"
                               r"capital|port|territory|coast|island|enclave)\b")
# "the Vietnam meeting", "the Singapore summit": a country naming a gathering says where it was held.
_GATHERING_AFTER = re.compile(r"\s+(?:summit|meeting|conference|forum)\b", re.IGNORECASE)
_TWO = re.compile(r"\b(?:two|both)\b", re.IGNORECASE)
# "pledging to reach an agreement before Bush leaves office": the subject of a later subordinate clause is no party.
_SUBORDINATOR_BEFORE = re.compile(r"\b(?:before|after|until|till|once|when|whenever|because|unless|whereas)\s+"
                                  r"(?:the\s+)?$", re.IGNORECASE)
_SANCTIONS_AFTER = re.compile(r"(?:[’']s)?\s+(?:[a-z-]+\s+)?(?:sanctions|embargo|penalties)\b")
_VERBAL = ("verb", "light_verb")
_ALONG_WITH = re.compile(r"\b(?:along|together)\s+with\s+(?:the\s+)?$", re.IGNORECASE)
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an|the)\s+$", re.IGNORECASE)
# "the mere signing of an agreement", "the clearest sign of a thaw": a verb form other than the past after an article
# and an adjective is a noun too ("the two signed" is not).
_ARTICLE_ADJECTIVE_BEFORE = re.compile(r"\b(?:[Aa]n?|[Tt]he)\s+(?!(?:two|three|four|five|six|both)\s)[a-z]+\s+$")
_OPINION_AFTER = re.compile(r"\s+(?:\w+\s+){0,2}?that\b", re.IGNORECASE)
# "the Gulf Cooperation Council", "the Shanghai Cooperation Organisation": a relationship noun inside a name.
_NAME_WORD_AFTER = re.compile(r"\s+(?:and\s+|for\s+|of\s+)?[A-Z]")
# "any deal it reaches", "any agreement would need": a deal nobody has made, not one the article reports.
_ANY_BEFORE = re.compile(r"\b(?:any|whatever|whichever)\s+(?:[a-z-]+\s+){0,2}$", re.IGNORECASE)
# "Article 5 of the NATO treaty", "changes to EU treaties": a bloc's own founding treaty, no deal with a member.
_BLOC_TREATY = re.compile(r"treat(?:y|ies)\b", re.IGNORECASE)
# "If US intentions are good ..., then they ... reach an agreement": the consequent of a condition.
_IF_SENTENCE = re.compile(r"\W*(?:if|unless)\s", re.IGNORECASE)
# "lack the ability to implement agreements": a capacity, not an event.
_ABILITY_BEFORE = re.compile(r"\b(?:ability|capacity|power|means)\s+to\s+$", re.IGNORECASE)
# "a great deal of oil", "a good deal more": an amount, not an agreement.
_AMOUNT_IDIOM = re.compile(r"\b(?:a\s+)?(?:great|good)\s+$", re.IGNORECASE)
# "agreed to roll back tariffs", "agreed on a system to avoid clashes": what was agreed follows.
_AGREED_TO = re.compile(r"agree[sd]?\s+(?:(?:in principle\s+)?to\s+\w+|(?:on|upon)\s+(?:a|an|the)\s+\w+)",
                        re.IGNORECASE)
_PERSUADED = re.compile(r"\b(?:press|urg|ask|push|persuad|pressur|lobb)\w*\s+(?:[\w’'.-]+\s+){0,6}to\s+$",
                        re.IGNORECASE)
_UNDER_BEFORE = re.compile(r"\bunder\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
# "another deal", "a separate agreement", "also": a further deal, not the one already reported.
_ALSO = re.compile(r"\balso\b", re.IGNORECASE)
_NOVEL_BEFORE_NOUN = re.compile(r"\b(?:another|other|additional|separate|second|further)\s+(?:[\w-]+\s+){0,2}$",
                                re.IGNORECASE)
# "the deal", "this agreement", "under the accord": the deal already reported.
_DEFINITE_BEFORE = re.compile(r"\b(?:the|this|that|these|those|its|their)\s+(?:[\w-]+\s+){0,1}$", re.IGNORECASE)


def agreements(view: SentenceView, discourse: Discourse, lexicon: Lexicon) -> list[FactMention]:
    return _accessions(view, discourse) + _agreements(view, discourse, lexicon) + arms_transfers(view, lexicon)


# "Finland joined NATO", "Croatia became a member of the EU", "Sweden became a member in March 2024" (the bloc the
# article is about): a state's accession to a bloc is an agreement between them.
_ACCESSION = re.compile(r"\b(?:joined|joins|became (?:a |an |full )?members?(?: of)?|acceded to)\s+(?:the\s+)?")
_BARE_ACCESSION = re.compile(r"\b(?:joined|became (?:a |full )?member)(?=\s+(?:in|on)\s|\s*[,.;]|$)")
_JOINER_KINDS = ("country", "demonym")


def _accessions(view: SentenceView, discourse: Discourse) -> list[FactMention]:
    if "join" not in view.text and "member" not in view.text and "acceded" not in view.text:
        return []  # what _ACCESSION needs, found faster than its search over every position
    mentions = []
    for found in _ACCESSION.finditer(view.text):
        bare = _BARE_ACCESSION.match(view.text, found.start())
        blocs = [a.code for a in view.coordinated_after(found.end()) if a.kind == "organisation"]
        if not blocs and bare:
            main = discourse.main_bloc()
            blocs = [a.code for a in view.actors_in(0, found.start()) if a.kind == "organisation"][-1:] \
                or ([main] if main else [])
        if len(blocs) != 1:
            continue
        clause = clause_of(found.start(), view.clauses)
        joiners = [a for a in view.actors_in(clause[0], found.start()) if a.kind in _JOINER_KINDS]
        if not joiners or negated(view.text, found.start()) \
                or CONDITION_BEFORE.search(view.text, clause[0], found.start()):
            continue
        # The clause's subject opens it: "Finland - which has a land border with Russia - joined".
        joiner = joiners[0].code
        if joiner == blocs[0]:
            continue
        hit_text = found.group().strip()
        mention = FactMention("agreement", view.sentence.index, view.sentence.start, view.sentence.end, hit_text)
        mention.status = "implemented"
        mention.party_codes = sorted([joiner, blocs[0]])
        mention.subject = f"{blocs[0]} membership"
        mention.subject_key = discourse.deal_key(tuple(mention.party_codes), "membership", "own",
                                                 view.sentence.index)
        mentions.append(dated(mention, view.date_near([found.start()], *clause)))
    return mentions


def _agreements(view: SentenceView, discourse: Discourse, lexicon: Lexicon) -> list[FactMention]:
    # A verb form after an article is a noun ("a sign of a thaw"), not an act of signing.
    hits = [h for h in view.hits_of("agreement") if not inside(h.start, view.concessive)
            and not (h.trigger.part_of_speech in _VERBAL and (
                _ARTICLE_BEFORE.search(view.text, max(0, h.start - 8), h.start)
                or (not h.text.endswith("ed") and _ARTICLE_ADJECTIVE_BEFORE.search(view.text, max(0, h.start - 30),
                                                                                 h.start))))
            and not _AMOUNT_IDIOM.search(view.text, max(0, h.start - 12), h.start)
            and not (h.trigger.part_of_speech == "noun"
                     and _ANY_BEFORE.search(view.text, max(0, h.start - 30), h.start))
            and not (_BLOC_TREATY.match(h.text) and _bloc_before(view, h))
            and not (h.trigger.part_of_speech == "weak_noun" and h.start > 0 and h.text[:1].isupper()
                     and _NAME_WORD_AFTER.match(view.text, h.end))]
    if not hits:
        return []  # without working out the clauses
    for hit in hits:
        name = _deal_name(view.text, [hit], 0)
        if name:
            discourse.named_deals[_deal_noun(hit.text)] = name
    # "Trump's withdrawal from the Trans-Pacific Partnership": a deal noun under a negation is no deal made (the name
    # it gives stays known).
    hits = [h for h in hits if not (h.trigger.part_of_speech in ("noun", "weak_noun") and negated(view.text, h.start))]
    if not hits:
        return []
    mentions = []
    for segment_start, segment_end, group in _agreement_segments(view, hits):
        kinds = {h.trigger.part_of_speech for h in group}
        text = view.text[segment_start:segment_end]
        first = next((h for h in group if h.trigger.part_of_speech in ("verb", "light_verb")), group[0])
        # A deal noun is enough; "agreed to ..." or "signed" with a subject matter; "discuss", "offer",
        # "reach" need something agreed on ("reached a deal", "discussed cooperation").
        # "implement reciprocal duties", "a pipeline delivering water": carrying something out is a deal's stage only
        # when the deal is named (a deal noun, a product, or the cooperation it is done through).
        acting = "verb" in kinds and (any(h.trigger.status != "implemented" for h in group
                                          if h.trigger.part_of_speech in _VERBAL)
                                      or "weak_noun" in kinds or designators(text, lexicon))
        # The topic is worked out where it decides, else once the statement is kept: most are not.
        keyed = acting and "noun" not in kinds
        key = subject_key(text, lexicon, first.start - segment_start) if keyed else None
        if not ("noun" in kinds or (acting and (key or _AGREED_TO.match(first.text + view.text[first.end:])))
                or _verb_with_object(group) or _agreed_thing(view, first)):
            continue
        clause = clause_of(first.start, view.clauses)
        if kinds <= {"noun", "weak_noun"} and _kind_of_deal(view, group, clause):
            continue
        # "The EU agreed to lift sanctions": a decision about sanctions, not a deal; "obligations under
        # international agreements": an existing framework, not news of a deal.
        if "noun" not in kinds and any(clause[0] <= h.start < clause[1] for h in view.hits_of("sanction")):
            continue
        if kinds <= {"noun", "weak_noun"} and _UNDER_BEFORE.search(view.text, max(0, first.start - 60), first.start):
            continue
        # "did not sign"; "pressed Netanyahu to agree to pauses": somebody else's wish, not a deal.
        if negated(view.text, first.start) or _PERSUADED.search(view.text, max(0, first.start - 80), first.start) \
                or _ABILITY_BEFORE.search(view.text, max(0, first.start - 20), first.start):
            continue
        # "agreed that the programme is a threat": an opinion shared, not a deal; "provided Pyongyang agreed to":
        # a condition, not an event.
        conditional = CONDITION_BEFORE.search(view.text, clause[0], first.start) or _IF_SENTENCE.match(view.text)
        # "if Tehran agreed to negotiations on the nuclear deal": a verb under a condition states no event.
        if (kinds <= {"verb", "light_verb", "weak_noun"} and _OPINION_AFTER.match(view.text, first.end)) \
                or (conditional and first.trigger.part_of_speech in _VERBAL):
            continue
        groups = group_parties(view, *clause, lexicon)
        parties = unique([*_parties(view, clause, discourse, first, groups.spans), *groups.members])
        narrowed = _subordinate_split(view.text, clause, first.start)
        if narrowed != clause:
            # "While calling for Russia and Ukraine to implement the Minsk agreement, the G7 leaders declared": a
            # fronted subordinate clause and the main clause name the parties of their own statements, when the
            # statement's part alone names two.
            narrow_groups = group_parties(view, *narrowed, lexicon)
            narrow = unique([*_parties(view, narrowed, discourse, first, narrow_groups.spans), *narrow_groups.members])
            if len(narrow) >= 2:
                parties = narrow
        if _background(view, group, clause):
            # "reporting Iran for violating the Nuclear non-Proliferation Treaty", "Pence reassured NATO allies of
            # the U.S. commitment to the defense pact": a deal already known, named in passing, is no news.
            continue
        # "Nato leaders agreed a spending target": the bloc is the one party of a deal among its members.
        if len(parties) < 2 and not (parties and bloc_among_members(view, *clause) == parties[0]):
            continue
        mention = view.base("agreement", first)
        if not keyed:
            key = subject_key(text, lexicon, first.start - segment_start)
        status = _agreement_status(view, clause, group, lexicon)
        mention.party_codes = sorted(parties)
        mention.subject = _subject(view, segment_start, segment_end, group, lexicon) or _named_earlier(
            view, group, discourse)
        reference = _reference(view, group, key)
        deal = tuple(mention.party_codes)
        if status in ("agreed", "signed", "implemented"):
            discourse.deal_status[deal] = status
        elif status is None and reference == "same":
            # "The agreement is likely to see ...": the deal reported made is at the stage reported (a deal still
            # talked about may be "the deal" of a later statement, made since).
            status = discourse.deal_status.get(deal)
        mention.status = status or "agreed"
        # "agreements with Beijing, including a pact to extend visa limits": the topic of the phrase chosen as the
        # subject, when it has one, says what the deal is about better than the topic nearest the trigger.
        own_key = subject_key(mention.subject, lexicon) if mention.subject else None
        mention.subject_key = discourse.deal_key(deal, own_key or key, reference, view.sentence.index)
        values = [value for start, value in view.amounts if segment_start <= start < segment_end]
        mention.value_usd = max(values) if values else None
        mentions.append(dated(mention, view.date_near([h.start for h in group], *clause)))
    return mentions


def _kind_of_deal(view: SentenceView, group: list[Hit], clause: tuple[int, int]) -> bool:
    """Deal nouns all plural with no determiner, number or owner ("stay out of trade deals"): a kind of deal."""
    nouns = [h for h in group if h.trigger.part_of_speech == "noun"]
    return bool(nouns) and all(
        _PLURAL_DEAL.fullmatch(h.text)
        and not _DETERMINED_BEFORE.search(view.text, max(clause[0], h.start - 40), h.start)
        and not _PARTNER_AFTER.match(view.text, h.end, clause[1]) for h in nouns)


# "While calling for ...,", "After a U.S.-sponsored conference in November,": a fronted subordinate clause, up to the
# comma before the main clause's subject.
_FRONTED_SUBORDINATE = re.compile(r"\s*(?:While|When|Whilst|After|Before|Although|Though|Once|Since|Whereas|Following|"
                                  r"As|Having|Calling|Speaking)\b[^,;]{4,150}?,\s+(?=(?:the|he|she|it|they|we|its|his|"
                                  r"her|their|both)\s)")


def _subordinate_split(text: str, clause: tuple[int, int], position: int) -> tuple[int, int]:
    """The part of a clause opened by a fronted subordinate clause that holds `position`: the subordinate clause or
    the main clause after it."""
    fronted = _FRONTED_SUBORDINATE.match(text, clause[0], clause[1])
    if fronted is None:
        return clause
    return (clause[0], fronted.end()) if position < fronted.end() else (fronted.end(), clause[1])


# After a deal noun: what it is on or for ("an agreement on fisheries", "a contract for 36 Rafale jets").
_OBJECT_AFTER = re.compile(r"\s+(?:on|for|covering|concerning|regarding|about|in the (?:field|area|sphere)s? of|"
                           r"to (?=(?:buy|sell|supply|produce|build|develop|manufacture|purchase|deliver|provide|"
                           r"import|export|expand|boost|increase|cut|reduce|share|set up|establish|create|extend|end|"
                           r"resolve|settle|"
                           r"open|reopen|restore|resume|suspend|lift|limit|curb|freeze|halt|stop|protect|combat|fight|"
                           r"promote|resettle|release|exchange|swap|strengthen|deepen)\b))\s*",
                           re.IGNORECASE)


_INCLUDING_AFTER = re.compile(r"(?:\s+(?:with|between)\s+[^,;]{1,40}?)?,?\s+"
                              r"(?:including|notably|among them)\s+(?:the\s+|a\s+|an\s+)?", re.IGNORECASE)


# A halt to fighting: a deal noun that says what was agreed.
_HALT_NOUN = re.compile(r"cease-?fires?|truces?|armistices?", re.IGNORECASE)


# A deal noun alone says nothing about what was agreed; the article's other statements of the deal may.
_GENERIC_SUBJECT = re.compile(r"(?:the |a |an )?(?:deals?|agreements?|accords?|pacts?|treat(?:y|ies)|contracts?|talks|"
                              r"negotiations|memorand(?:um|a)(?: of understanding)?|mous?|partial|framework)",
                              re.IGNORECASE)


# Who, not what: "a deal for Indian firms to take part", "an agreement with officials".
_WHO_HEAD = re.compile(r"(?:firms?|compan(?:y|ies)|officials?|countr(?:y|ies)|nations?|governments?|leaders?|"
                       r"sides?|members?|states?|people|citizens?|allies|partners?|counterparts?)$", re.IGNORECASE)


# A subject names something: a word of three letters or more that is not a superlative or a bare "no".
_CONTENT_WORD = re.compile(r"\b(?!(?i:no|not|biggest|largest|latest|first|subsequent)\b)[A-Za-z][A-Za-z-]{2,}"
                           r"|\b[A-Z]{2,}\b|\d")


def _subject(view: SentenceView, start: int, end: int, group: list[Hit], lexicon: Lexicon) -> str | None:
    subject = _phrase_for_subject(view, start, end, group, lexicon)
    # "“safe third country”-type deal": the tail of a quoted compound is no phrase.
    if subject is None or subject.startswith("-") or _GENERIC_SUBJECT.fullmatch(subject) or _WHO_HEAD.search(subject) \
            or not _CONTENT_WORD.search(subject) or _names_a_person(view, subject, start, end):
        return None
    return subject


def _names_a_person(view: SentenceView, phrase: str, start: int, end: int) -> bool:
    """"Defense Secretary Mark": the phrase caught a person's title and name, not what was agreed."""
    at = view.text.find(phrase, start, end)
    return at >= 0 and any(a.kind == "person" and a.start < at + len(phrase) and at < a.end + 8 for a in view.actors)


def _phrase_for_subject(view: SentenceView, start: int, end: int, group: list[Hit], lexicon: Lexicon) -> str | None:
    """What was agreed, as a phrase: a named product with its head noun and quantity ("600,000 AK-203 assault
    rifles"), else the deal noun's modifiers or object ("defence cooperation", "trade"), else the topic the
    segment names; never the sentence."""
    text, anchor = view.text, min(h.start for h in group)
    trigger_spans = [(h.start, h.end) for h in group]
    actor_spans = [(a.start, a.end) for a in view.actors]
    named = designators(text[start:end], lexicon)
    if named:
        product = min(named, key=lambda m: (m.start() + start < anchor, abs(m.start() + start - anchor)))
        at = start + product.start()
        head = phrase_after(text, at, end, max_words=6) or product.group()
        head = _without_deal_noun(head, at, trigger_spans)
        before = modifiers_before(text, at, start, max_words=3, names_only=True)
        if before and not _covers_actor(at - len(before), at, actor_spans):
            head = f"{before} {head}"
        return head
    named_deal = _deal_name(text, group, start)
    if named_deal:
        return named_deal
    for noun in (h for h in group if h.trigger.part_of_speech == "noun"):
        quantity = quantity_before(text, noun.start)
        modifiers = _content(modifiers_before(text, noun.start, start), noun.start, actor_spans)
        # "a series of agreements, including the purchase of 100 Boeing 737 aircraft": what the deals contain.
        obj = _OBJECT_AFTER.match(text, noun.end, end)
        including = None if obj or modifiers else _INCLUDING_AFTER.match(text, noun.end, end)
        obj = obj or including
        following = phrase_after(text, obj.end(), end, max_words=9) if obj else None
        if quantity and not modifiers and noun.text.casefold().endswith("s"):
            # "more than 20 agreements in various fields": the count is what the statement is about.
            tail = re.match(r"\s+(in|on|covering)\s+", text[noun.end:end])
            field = phrase_after(text, noun.end + tail.end(), end, max_words=4) if tail else None
            return f"{quantity} {noun.text}" + (f" {tail.group(1)} {field}" if field else "")
        if following and _GENERIC_SUBJECT.fullmatch(following):
            # "agreements with Beijing, including a pact to extend visa limits": the next deal noun says what.
            continue
        if following:
            return _with_field(view, following, obj.end() + len(following), end) if obj else following
        if modifiers:
            # "a military ceasefire", "a 72-hour truce": a halt to fighting is named by its own noun too.
            return f"{modifiers} {noun.text}" if _HALT_NOUN.fullmatch(noun.text) else modifiers
    for verb in (h for h in group if h.trigger.part_of_speech in _VERBAL):
        # "a “de-escalation zone” around Idlib agreed by Turkey, Russia and Iran": the noun phrase the participle
        # modifies is what was agreed.
        modified = _agreed_thing(view, verb, start)
        if modified:
            return modified
        # "agreed to create a television network", "agreed on a ceasefire", "agreed to work on military projects"
        infinitive = _VERB_OBJECT.match(text, verb.end, end)
        if infinitive:
            found = phrase_after(text, infinitive.end(), end, max_words=6)
            # "agreed to suspend their requests for WTO arbitration": the act agreed on is part of what was agreed.
            action = _INFINITIVE.match(infinitive.group())
            if found and _GENERIC_SUBJECT.fullmatch(found):
                action = None
                # "agreed to begin talks on trade": the talks are on what follows them.
                on = re.compile(r"\s+(?:on|over|about|for)\s+").match(text, text.find(found, infinitive.end())
                                                                       + len(found), end)
                found = phrase_after(text, on.end(), end, max_words=6) if on else None
            if found:
                # "agreed on a system to avoid clashes between their aircraft": a bare means is named by its purpose.
                at = text.find(found, infinitive.end()) + len(found)
                purpose = _PURPOSE_AFTER.match(text, at, end) if len(found.split()) <= 2 else None
                extra = phrase_after(text, purpose.end(), end, max_words=6) if purpose else None
                found = f"{found} {purpose.group(1)} {extra}" if extra else found
                return fit(f"{action.group(1)} {found}", MAX_PHRASE_CHARS) if action else found
    # "diplomacy before military strength, particularly as negotiations continue": a topic before the trigger across
    # a comma belongs to another phrase.
    last_break = max(text.rfind(mark, start, anchor) for mark in ",;:")
    topics = [m for _, m in lexicon.topics["agreement"].find(text, start, end)
              if m.start() >= anchor or m.end() > last_break]
    if topics:
        topic = min(topics, key=lambda m: (m.start() < anchor, abs(m.start() - anchor)))
        head = phrase_after(text, topic.start(), end, max_words=3) or topic.group()
        # "make peace negotiations even more complicated": the phrase ends with the deal noun it names.
        inside_head = [h.end for h in group if topic.start() < h.start < topic.start() + len(head)]
        if inside_head:
            head = text[topic.start():min(inside_head)]
        before = _content(modifiers_before(text, topic.start(), start, max_words=3, names_only=True), topic.start(),
                          actor_spans)
        return f"{before} {head}" if before else head
    noun = next((h for h in group if h.trigger.part_of_speech == "noun"), None)
    return noun.text if noun else None


# "the North American Free Trade Agreement (Nafta)", "the Comprehensive Nuclear-Test-Ban Treaty": a deal known by
# its name; the acronym after it is the shortest name.
_NAME_BEFORE = re.compile(r"(?:\b(?:[a-z]+-)?[A-Z][\w’'.-]*\s+(?:(?:of|on|for|and)\s+)?){1,8}$")
_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Za-z]{1,9})\)")


_COMMON_DEALS = {"agreement", "deal", "contract"}


def _deal_noun(noun: str) -> str:
    """"Treaties" → "treaty": the kind of deal a noun names."""
    noun = noun.casefold()
    return noun[:-3] + "y" if noun.endswith("ies") else noun.removesuffix("s")


def _named_earlier(view: SentenceView, group: list[Hit], discourse: Discourse) -> str | None:
    """"The U.S. signed the treaty": the treaty the article last named ("the Comprehensive Nuclear Test Ban
    Treaty (CTBT)")."""
    # "The agreement", "the deal" are said of any deal the article reports; "the treaty" is rarer and means the
    # treaty it named.
    for noun in (h for h in group if h.trigger.part_of_speech == "noun" and _deal_noun(h.text) not in _COMMON_DEALS):
        if _DEFINITE_BEFORE.search(view.text, max(0, noun.start - 25), noun.start):
            name = discourse.named_deals.get(_deal_noun(noun.text))
            if name:
                return name
    return None


def _deal_name(text: str, group: list[Hit], start: int) -> str | None:
    for noun in (h for h in group if h.trigger.part_of_speech == "noun" and h.text[:1].isupper()):
        name = _NAME_BEFORE.search(text, start, noun.start)
        if name is None or name.start() == 0 and len(name.group().split()) < 2:
            continue  # "Agreement on the deal was struck": a capital that opens the sentence
        acronym = _ACRONYM_AFTER.match(text, noun.end)
        if acronym:
            return acronym.group(1)
        return re.sub(r"^(?:The|A|An|This|That)\s+", "", f"{name.group()}{noun.text}")[:80]
    return None


_PARTICIPLE_OBJECT = re.compile(r"\b(?:a|an|the)\s+([^,;()]{3,60}?)\s+$", re.IGNORECASE)
_PURPOSE_AFTER = re.compile(r"\s+(to\s+[a-z]+)\s+")
_INFINITIVE = re.compile(r"\s+to\s+([a-z]+(?:\s+(?:on|in|with))?)\s")
_VERB_OBJECT = re.compile(r"\s+(?:to\s+[a-z]+|on|upon)\s+(?:(?:on|in|with)\s+)?")
_RELATIONSHIP = re.compile(r"(?:cooperation|co-operation|collaboration|partnership|ties|relations)$", re.IGNORECASE)
_FIELD_AFTER = re.compile(r"\s+(?:between\s+[^,;]{1,40}?\s+)?(?:on|in)\s+", re.IGNORECASE)


def _with_field(view: SentenceView, phrase: str, position: int, end: int) -> str:
    """"expand cooperation between the countries on military technology" → "cooperation on military technology":
    a relationship is named by its field."""
    if not _RELATIONSHIP.search(phrase):
        return phrase
    field_at = _FIELD_AFTER.match(view.text, position, end)
    field = phrase_after(view.text, field_at.end(), end, max_words=4) if field_at else None
    head = phrase.split()[-1]
    return f"{head} on {field}" if field else phrase


def _without_deal_noun(phrase: str, at: int, trigger_spans: list[tuple[int, int]]) -> str:
    """"S-400 deal" → "S-400": the deal noun names the agreement, not what it is about."""
    words = phrase.split()
    while len(words) > 1 and any(s <= at + len(" ".join(words[:-1])) + 1 < e for s, e in trigger_spans):
        words.pop()
    return " ".join(words)


def _covers_actor(start: int, end: int, actor_spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in actor_spans)


# "the November 27 deal": a date says when, not what was agreed.
_CALENDAR_WORD = re.compile(r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
                            r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|\d{1,2}(?:st|nd|rd|th)?)")


def _content(modifiers: str | None, noun_start: int, actor_spans: list[tuple[int, int]]) -> str | None:
    """Modifiers that say what a deal is about: not a lone amount, duration-less count or country name."""
    if not modifiers:
        return None
    words = modifiers.split()
    position = noun_start - len(modifiers) - 1
    kept = []
    for word in words:
        position += 1
        span = (position, position + len(word))
        position += len(word)
        if _covers_actor(*span, actor_spans) or is_quantity(word) or word in ("$", "€", "£") \
                or re.fullmatch(r"[$€£]?\d[\d,.]*|million|billion|trillion|bn", word, re.IGNORECASE) \
                or _CALENDAR_WORD.fullmatch(word):
            continue
        kept.append(word)
    return " ".join(kept) or None


def _reference(view: SentenceView, group: list[Hit], key: str | None) -> str:
    """How a statement refers to its deal: "same" ("the deal", "this agreement"), "new" ("also signed",
    "another deal"), or "own" (its own subject decides). A named product always speaks for itself."""
    if key and any(ch.isdigit() for ch in key):
        return "own"
    nouns = [h for h in group if h.trigger.part_of_speech == "noun"]
    first = min(h.start for h in group)
    clause = clause_of(first, view.clauses)
    # "another deal" is always a further deal; "also signed a deal" only when nothing else tells it apart
    # ("also signed a cooperation programme on defence" may restate the defence deal already reported).
    if any(_NOVEL_BEFORE_NOUN.search(view.text, max(0, n.start - 30), n.start) for n in nouns) \
            or (key is None and _ALSO.search(view.text, clause[0], first)):
        return "new"
    if nouns and all(_DEFINITE_BEFORE.search(view.text, max(0, n.start - 25), n.start) for n in nouns):
        return "same"
    return "own"


def _verb_with_object(group: list[Hit]) -> bool:
    """A light verb followed by the relationship it acts on ("discussed fighter jet cooperation")."""
    # Only verbs of making a deal: continuing or implementing "cooperation" is not a new agreement.
    verb = next((h for h in group if h.trigger.part_of_speech == "light_verb" and h.trigger.status != "implemented"),
                None)
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


def _parties(view: SentenceView, clause: tuple[int, int], discourse: Discourse, trigger: Hit,
             group_spans: list[tuple[int, int]], shared: bool = False) -> list[str]:
    if _WITH_INTERNAL_SIDE.match(view.text, trigger.end):
        # "announced a truce Wednesday with opposition groups": a government and its own opposition, no second state.
        return []
    dateline = dateline_zone(view)
    sanctioned = [a for hit in view.hits_of("sanction") if clause[0] <= hit.start < clause[1]
                  for a in view.coordinated_after(hit.end, "on|against|targeting")]
    actors = [a for a in view.actors_in(*clause)
              if not inside(a.start, view.excluded)
              and not any(start < a.end and a.start < end for start, end in group_spans)
              and not is_venue(view.text, a)
              # "save the agreement without the U.S.": an actor left out is no party.
              and not (after_word(view.text, a, "on|about|over|regarding|concerning|brokered by|mediated by|without")
                       and not view.text.startswith("-", a.end))
              and not _BROKER_AFTER.match(view.text, a.end)
              and not _HANDLED_BEFORE.search(view.text, max(0, a.start - 40), a.start)
              and not _SANCTIONS_AFTER.match(view.text, a.end)
              # "the five permanent members of the U.N. Security Council": the body members belong to.
              and not (a.kind != "person" and after_word(view.text, a, "members of"))
              and not inside(a.start, dateline)
              # "the Paris climate accord", "the Geneva peace conference", "saying from Vienna": where, not who.
              and not (a.kind == "place" and (_NAMES_AN_EVENT.match(view.text, a.end)
                                              or after_word(view.text, a, "from")))
              # "a peaceful end to the North Korean nuclear crisis": what the deal is about.
              and not _SUBJECT_MATTER_AFTER.match(view.text, a.end)
              # "agreement on legislation that allows new sanctions against Russia, Iran and North Korea".
              and a not in sanctioned
              # "assist the military wing of the Syrian opposition": people of a country, not its state.
              and not (a.kind == "demonym" and (_NON_STATE_AFTER.match(view.text, a.end)
                                                or _PLACE_NOUN_AFTER.match(view.text, a.end)))
              and not (a.kind == "country" and _GATHERING_AFTER.match(view.text, a.end))
              and not _NOT_PARTY_AFTER.match(view.text, a.end)]
    # "demand EU support in Syria": a country named as where is no party when two others are ("manufacture
    # rifles in India" with Russia alone keeps India).
    located = [a for a in actors if a.kind == "country" and is_locative(view.text, a)]
    if located and len(unique(a.code for a in actors if a not in located)) >= 2:
        actors = [a for a in actors if a not in located]
    # "the Israelis and Palestinians pledged to reach an agreement before Bush leaves office": the subject of a later
    # time clause is no party when two others are ("signed the deal when Putin visited India" keeps Russia).
    later = [a for a in actors if a.start > trigger.end
             and _SUBORDINATOR_BEFORE.search(view.text, max(0, a.start - 20), a.start)]
    if later and len(unique(a.code for a in actors if a not in later)) >= 2:
        actors = [a for a in actors if a not in later]
    between = _BETWEEN.search(view.text, trigger.start, clause[1])
    named = view.coordinated_after(between.start(), "between") if between else []
    if len(named) >= 2:
        # "an agreement between Egypt and Israel": exactly the parties named.
        return unique(a.code for a in named)
    subjects = _coordinated_subject(view, trigger, actors)
    if len(subjects) >= 2:
        # "Putin and Assad met on the day the U.S. and Russia agreed on a system": the verb's own subject.
        partners_after = [a.code for a in actors if a.start > trigger.end and after_word(view.text, a, "with")]
        return unique(subjects + partners_after)
    agents = _passive_agents(view, trigger)
    if len(agents) >= 2:
        # "a de-escalation zone agreed by Turkey, Russia and Iran": exactly the agents named.
        return agents
    parties = unique(a.code for a in actors)
    previous = [c for c in view.clauses if c[1] <= clause[0]]
    pair = PAIR_PHRASE.search(view.text, *clause)
    if pair and _OF_AFTER.match(view.text, pair.end()) and not _TWO.search(pair.group()):
        # "the Presidents of the European Council": people of what follows, not the pair the article means.
        pair = None
    if not parties and previous and not pair and not group_spans and not shared:
        # "Russia and India ... did not give details, but said the collaboration would ...": a clause
        # with no actor of its own shares the subject of the clause before it.
        # Only the clause right before: "he didn't name whom – “that the mere signing of an agreement ...”" shares
        # no subject with the sentence's first clause.
        return _parties(view, previous[-1], discourse, trigger, group_spans, shared=True)
    # "along with Mexico" adds a party alongside the others; "a deal with Mexico" names the partner.
    partners = unique(a.code for a in actors if after_word(view.text, a, "with")
                      and not _ALONG_WITH.search(view.text, max(0, a.start - 20), a.start))
    with_after = _WITH.search(view.text, trigger.end, clause[1])
    further = next((h.start for h in view.hits_of("agreement") if with_after and h.start > with_after.end()),
                   clause[1])
    if len(partners) > 1 and further < clause[1]:
        # "reached a deal with Japan, is confident of reaching one with the U.K.": the partners of this statement,
        # not those of the next one.
        partners = unique(a.code for a in actors if a.code in partners and a.start < further)
    # Most recently named first.
    named_before = unique(a.code for a in reversed(view.actors_in(0, pair.start())) if not is_venue(view.text, a)) \
        if pair else []
    if pair and len(named_before) >= 2 and (pair.start() < trigger.start
                                            or _BETWEEN_BEFORE.search(view.text, 0, pair.start())):
        # "a gas pipeline deal between the two countries": the last two named.
        # "relations between Russia and the U.S. ... the two former adversaries signed": the last two named.
        return unique(named_before[:2] + partners)
    if pair and not parties and _PEOPLE_PAIR.search(pair.group()) and len(discourse.pair_of_people()) == 2:
        # "the two presidents agreed": the countries of the two officials named last.
        return discourse.pair_of_people()
    if pair and len(parties) > 2 and not partners and pair.end() <= trigger.start \
            and not view.text[pair.end():trigger.start].strip(" ,"):
        # "Guatemala says the two sides agreed to a plan that would affect Salvadorans and Hondurans": the subject is
        # the pair, not everybody the clause names.
        return discourse.pair(view.actors_in(0, pair.start()))
    if pair and len(parties) < 2 and not partners and _PEOPLE_PAIR.search(pair.group()) \
            and len(discourse.pair_of_people()) == 2 and set(parties) <= set(discourse.pair_of_people()):
        # "Erdogan said the two leaders agreed": the countries of the two officials named last, the one the sentence
        # names among them.
        return discourse.pair_of_people()
    if pair and len(parties) <= 1 and not partners and _INTERNAL_SIDE.search(view.text):
        # "Yanukovych met with opposition leaders ... the sides agreed to a truce": a government and its own
        # opposition, no second state.
        return parties
    if pair and (len(parties) < 2 or partners):
        # "the two countries signed a protocol with the US": the pair the sentence or article means.
        if partners:
            return unique(discourse.pair(view.actors_in(0, pair.start()), exclude=partners) + partners)
        resolved = discourse.pair(view.actors_in(0, pair.start()), exclude=parties)
        return unique(parties + resolved)[:2]
    if len(parties) > 2 and partners:
        # "dissuade India from engaging with Russia": the partner and whoever engages with it.
        first = next(a for a in actors if a.code in partners)
        engaging = [a.code for a in actors if a.end <= first.start and a.code not in partners]
        return unique(engaging[-1:] + partners)
    return parties


# "the Nuclear Non-Proliferation Treaty", "the 2015 nuclear deal": a definite noun phrase up to its deal noun.
_DEFINITE_PHRASE = re.compile(r"\b(?:the|this|that|these|those|its|their)\s+(?:(?!(?:a|an|of|for|to)\s)[\w’'.-]+\s+)"
                              r"{0,4}$", re.IGNORECASE)
# After a deal noun: the partners it is made with ("the deal with Iran", "the accord between Israel and Egypt").
_PARTNER_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,3}?(?:with|between)\s", re.IGNORECASE)


_WORDS_UP_TO = re.compile(r"\s+(?:[\w-]+\s+){0,2}")


def _bloc_before(view: SentenceView, hit: Hit) -> bool:
    """Whether a bloc names the treaty right before it ("the NATO treaty", "EU treaties", "the EU's treaties")."""
    return any(a.kind == "organisation" and re.fullmatch(r"(?:[’']s)?\s+(?:founding\s+)?", view.text[a.end:hit.start])
               for a in view.actors_in(max(0, hit.start - 40), hit.start))


def _background(view: SentenceView, group: list[Hit], clause: tuple[int, int]) -> bool:
    """A deal named only as a definite noun ("the deal", "the Paris Agreement", "its treaty") with no verb of its own
    and no party in its noun phrase ("the Iran nuclear deal", "the Hamas-Israel truce") or after it ("the deal with
    Iran"): a deal already known, mentioned in passing."""
    nouns = [h for h in group if h.trigger.part_of_speech in ("noun", "weak_noun")]
    # "to discuss the deal": talking about a known deal is not negotiating it.
    talking = [h for h in group if h.trigger.part_of_speech == "light_verb" and h.trigger.status == "under_negotiation"]
    if len(nouns) + len(talking) < len(group) or not any(h.trigger.part_of_speech == "noun" for h in nouns) \
            or any(re.search(r"two|both|bilateral|each", m.group(), re.IGNORECASE)
                   # "The two trade deals": a count of the deals, not a pair of countries.
                   and not any(_WORDS_UP_TO.fullmatch(view.text, m.end(), n.start) for n in nouns)
                   for m in PAIR_PHRASE.finditer(view.text, *clause)):
        return False  # "both countries ... the deal": the pair the article means
    for noun in nouns:
        determiner = _DEFINITE_PHRASE.search(view.text, max(clause[0], noun.start - 50), noun.start)
        # "the Paris agreement": a city naming the deal is no party of it.
        if determiner is None or any(a.kind != "place" for a in view.actors_in(determiner.start(), noun.end)):
            return False
        partner = _PARTNER_AFTER.match(view.text, noun.end, clause[1])
        if partner and view.coordinated_after(partner.end() - 1):
            return False
    return True


# Between a verb's subject and the verb: auxiliaries, adverbs and a day ("have already", "on Friday").
_SUBJECT_GAP = re.compile(r"\s+(?:(?:have|has|had|will|would|could|also|jointly|formally|finally|both|all|"
                          r"reportedly|officially|already|now|then|later|today|yesterday|on\s+[A-Z]\w+day)\s+)*$")
_COORDINATION = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)(?:the\s+)?")


def _coordinated_subject(view: SentenceView, trigger: Hit, actors: list) -> list[str]:
    """"the U.S. and Russia agreed", "Turkey, Russia and Iran have signed": the coordinated actors right before a
    verb of agreeing."""
    if trigger.trigger.part_of_speech not in _VERBAL:
        return []
    candidates = [a for a in actors if a.end <= trigger.start]
    if not candidates or not _SUBJECT_GAP.fullmatch(view.text, candidates[-1].end, trigger.start):
        return []
    chain = [candidates[-1]]
    for actor in reversed(candidates[:-1]):
        if not _COORDINATION.fullmatch(view.text, actor.end, chain[-1].start):
            break
        chain.append(actor)
    return unique(a.code for a in reversed(chain)) if len(chain) >= 2 else []


def _passive_agents(view: SentenceView, trigger: Hit) -> list[str]:
    """"agreed by Turkey, Russia and Iran in 2017", "signed by the two leaders": the agents of a verb of agreeing used
    as a participle."""
    if trigger.trigger.part_of_speech not in _VERBAL or not trigger.text.casefold().endswith("ed"):
        return []
    agent = _AGENT_AFTER.match(view.text, trigger.end)
    if agent is None:
        return []
    return unique(a.code for a in view.coordinated_after(agent.end() - 1, within=0)
                  if a.kind != "place" and not is_venue(view.text, a))


def _agreed_thing(view: SentenceView, verb: Hit, start: int = 0) -> str | None:
    """"a “de-escalation zone” around Idlib agreed by Turkey, Russia and Iran": the noun phrase a participle of
    agreeing with two agents or more modifies."""
    modified = _PARTICIPLE_OBJECT.search(view.text, max(start, verb.start - 80), verb.start)
    return modified.group(1) if modified and len(_passive_agents(view, verb)) >= 2 else None


def _agreement_status(view: SentenceView, clause: tuple[int, int], group: list[Hit], lexicon: Lexicon) -> str | None:
    """The furthest stage the statement reports, None when it states none ("the agreement"). A cue just before a
    trigger ("could sign", "hopes to reach an agreement", "negotiations on a deal") overrides what the trigger alone
    implies, and a cue on the deal noun itself decides ("agreed to start negotiations on an agreement" is under
    negotiation)."""
    statuses, noun_cued = [], []
    for index, hit in enumerate(group):
        if hit.trigger.part_of_speech == "weak_noun":
            continue
        # "agreed on pre-payment for long-term deliveries", "signed a deal to implement": what the deal
        # provides for, not a stage the deal has reached.
        if hit.trigger.status == "implemented" and any(
                h.trigger.part_of_speech != "weak_noun" and h.trigger.status != "implemented" for h in group[:index]):
            continue
        before = view.text[max(clause[0], hit.start - 60):hit.start]
        # A cue governs the trigger only from close by.
        found = [(m.end(), c.status) for c, m in lexicon.cues["agreement"].find(before)
                 if len(before[m.end():].split()) <= 4]
        status = hit.trigger.status
        if _NEGOTIATED.search(view.text, max(clause[0], hit.start - 60), hit.end):
            # "has already negotiated an agreement": the negotiation is over.
            statuses.append("agreed")
            continue
        if found and status in (None, "signed", "agreed"):
            status = max(found)[1]
            if hit.trigger.part_of_speech == "noun":
                noun_cued.append(status)
        if status:
            statuses.append(status)
    known = [s for s in (noun_cued or statuses) if s in AGREEMENT_STAGES]
    return max(known, key=AGREEMENT_STAGES.index) if known else None
