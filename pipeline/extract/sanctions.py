"""Sanctions: who threatened, imposed, waived or lifted sanctions on whom, on what basis and why."""

import re

from pipeline.extract.actors import Actor
from pipeline.extract.grammar import PAIR_PHRASE, Discourse, after_word, clause_of, is_locative, negated, unique
from pipeline.extract.lexicon import Lexicon
from pipeline.extract.measures import MEASURE_VERBS, measure_parties
from pipeline.extract.mentions import FactMention
from pipeline.extract.phrases import MAX_REASON_CHARS, fit, modifiers_before, phrase_after, reason_phrase
from pipeline.extract.sentence_view import Hit, SentenceView, dated, designators, subject_key

_LEGAL_BASIS = re.compile(
    r"(?:[A-Z][\w’'-]*\s+){1,10}(?:Act|Law|Resolution|Order|Regulations?)\b(?:\s*\([A-Z]{3,}\))?"
    r"|\b(?:[Rr]esolution|[Ee]xecutive [Oo]rder)\s+\d+"
)
# "Countering America's Adversaries Through Sanctions Act (CAATSA)" is known by its acronym.
_ACRONYM = re.compile(r"\(([A-Z]{3,})\)\s*$")
_REASON = re.compile(
    r"\b(?:over|for|because of|due to|in response to|in retaliation for|if|after|unless|until|as punishment for|"
    r"citing|amid|in an? (?:attempt|effort|bid) to|to (?:pressure|punish|force|compel|deter|press))\s"
)


def sanctions(view: SentenceView, discourse: Discourse, lexicon: Lexicon) -> list[FactMention]:
    mentions = []
    hits = view.hits_of("sanction")
    basis = _LEGAL_BASIS.search(view.text) if hits else None
    for hit in hits:
        # "Sanctions" inside a law's name ("... Through Sanctions Act") is not a sanctions event.
        if negated(view.text, hit.start) or (basis and basis.start() <= hit.start < basis.end()):
            continue
        status = _sanction_status(view.text, hit, lexicon)
        if status == "imposed" and _THREATENED_WITH.search(view.text, clause_of(hit.start, view.clauses)[0], hit.start):
            status = "threatened"  # "threaten Guatemala with tariffs, restrictions on remittances, or a travel ban"
        explicit = True
        violated = _VIOLATED.search(view.text, max(0, hit.start - 50), hit.start)
        if hit.trigger.part_of_speech in MEASURE_VERBS:
            imposers, targets = measure_parties(view, hit)
        elif violated:
            # "ships seized for violating U.N. sanctions on North Korea": the violator is no target; only the
            # regime's own target, when stated, is.
            targets, explicit = _stated_targets(view, hit), True
            imposers = _imposers(view, hit)
        else:
            targets, explicit = _targets(view, hit, discourse)
            imposers = _imposers(view, hit) or (_opener(view, hit, exclude=targets) if explicit else [])
        targets = [t for t in targets if t not in imposers]
        referent = None
        if not (imposers and targets) and hit.trigger.part_of_speech not in MEASURE_VERBS and not violated:
            # A target guessed from the clause's opener ("Pompeo said eight nations will receive waivers") gives
            # way to the sanctions reported before.
            imposers, targets, referent = _referred(view, hit, discourse, imposers,
                                                    targets if imposers or explicit else [])
        clause = clause_of(hit.start, view.clauses)
        reason, stated = _reason(view, hit, lexicon)
        # What the measures are ("trade embargo", "embargo on arms") and a stated reason or basis say which
        # sanctions these are; the fallback clause does not. "More sanctions" are further measures.
        kind = _without_names(view, max(0, hit.start - 30), min(len(view.text), hit.end + 30))
        key = subject_key(" ".join(filter(None, [kind, stated, basis and basis.group()])), lexicon,
                          fact_type="sanction")
        if _FURTHER.search(view.text, max(0, hit.start - 25), hit.start):
            key = f"{key or 'sanctions'}#s{view.sentence.index}"
        if referent:
            key = referent[2]  # the sanctions reported before, whatever this sentence adds about them
        for imposer in imposers:
            for target in targets:
                mention = view.base("sanction", hit)
                mention.status = status
                mention.imposer_code, mention.target_code = imposer, target
                mention.party_codes = sorted({imposer, target})
                mention.legal_basis = _short_basis(basis.group()) if basis else None
                mention.reason, mention.subject_key = reason, key
                mentions.append(dated(mention, view.date_near([hit.start], *clause)))
    if mentions:
        discourse.sanctions = (view.sentence.index, [(m.imposer_code, m.target_code, m.subject_key) for m in mentions])
    return mentions


def _referred(view: SentenceView, hit: Hit, discourse: Discourse, imposers: list[str], targets: list[str]
              ) -> tuple[list[str], list[str], tuple[str, str, str | None] | None]:
    """"The sanctions", "sanctions on Russia" where the sentence does not give both sides: the sanctions the article
    reported last, when they agree with what the sentence does give. New measures ("new sanctions") are other
    sanctions, not these; sanctions of another imposer ("the EU sanctions") borrow no target, which would be a
    guess."""
    last = discourse.sanctions_lately(_REFERENCE_REACH)
    further = _FURTHER.search(view.text, max(0, hit.start - 25), hit.start)
    if last is None or (further and not _DEFINITE_BEFORE.search(view.text, max(0, further.start() - 8),
                                                                further.start())):
        return imposers, targets, None
    imposer, target, _ = last
    if not targets and not imposers:
        return [imposer], [target], last  # "the sanctions"
    if not imposers and targets == [target]:
        return [imposer], targets, last  # "sanctions on Russia", by whom the article said
    return imposers, targets, None


def _without_names(view: SentenceView, start: int, end: int) -> str:
    """The text of a span with the actors' names blanked: "the Democratic People's Republic" is not about democracy."""
    text = view.text[start:end]
    for actor in view.actors_in(max(0, start - 60), end):
        a, b = max(actor.start, start) - start, min(actor.end, end) - start
        if b > a:
            text = text[:a] + " " * (b - a) + text[b:]
    return text


def _sanction_status(text: str, hit: Hit, lexicon: Lexicon) -> str:
    """The status cue nearest the trigger; waiver cues outrank the rest when a waiver is named, and a
    threat governing an imposition ("threatened to impose sanctions") keeps it a threat."""
    window_start, window_end = max(0, hit.start - 60), min(len(text), hit.end + 60)
    if hit.trigger.part_of_speech in MEASURE_VERBS:
        # The trigger is itself the act ("suspended all weapon sales"): only a cue governing it from just
        # before ("threatened to halt arms sales") changes what it says.
        window_start, window_end = max(0, hit.start - 30), hit.start
    cues = []
    for cue, match in lexicon.cues["sanction"].find(text, window_start, window_end):
        distance = match.start() - hit.end if match.start() >= hit.end else hit.start - match.end()
        waiver = cue.status in ("waiver_sought", "waived")
        cues.append((not waiver, max(distance, 0), match.start(), cue.status))
    if not cues:
        return hit.trigger.status or "imposed"
    _, _, position, status = min(cues)
    threats = [c for c in cues if c[3] == "threatened" and position - 40 <= c[2] < position]
    return "threatened" if status == "imposed" and threats else status


# "US sanctions", "Washington's new trade sanctions": the actor modifies the sanctions noun directly.
_MODIFIER_GAP = re.compile(
    r"(?:[’']s)?\s+(?:(?!(?:of|on|against|from|by|to|with|and|or|for|in|at|that|the)\s)[a-z-]+\s+){0,2}"
)


_SANCTIONING_VERB = re.compile(
    r"\b(?:impos|issu|slap|levi|threaten|warn|announc|lift|waiv|eas|end|remov|extend|renew|expand|tighten|vot|"
    r"adopt|ramp|ratchet|step(?:s|ped|ping)? up|loosen)\w*\b"
)
# At most a short adverbial before a clause's subject ("Earlier this month, Turkey ...").
_CLAUSE_OPENING = re.compile(r"\s*(?:[\w’'-]+,?\s+){0,3}?(?:the\s+)?")
_FURTHER = re.compile(r"\b(?:more|new|further|additional|fresh|another round of)\s+(?:[\w-]+\s+){0,2}$",
                      re.IGNORECASE)
_JOINED = re.compile(r"\s+(?:has\s+|have\s+|had\s+|will\s+)?(?:follow|join)(?:s|ed|ing)?\s+(?:the\s+)?", re.IGNORECASE)
# "threatened X with": whatever the list that follows names is threatened.
_THREATENED_WITH = re.compile(r"\bthreaten(?:s|ed|ing)?\s+(?:[\w.’'-]+\s+){1,4}with\b", re.IGNORECASE)
# How many sentences back "the sanctions" may refer.
_REFERENCE_REACH = 6
_DEFINITE_BEFORE = re.compile(r"\b(?:the|these|those|its|their|our)\s+$", re.IGNORECASE)
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|from)\s+(?:the\s+)?$", re.IGNORECASE)
_PREPOSITIONS = "on|about|over|with|to|for|against|of|from|in|at|by|into|toward|towards"


def _imposers(view: SentenceView, hit: Hit) -> list[str]:
    before = [a for a in view.actors if a.end <= hit.start
              and _MODIFIER_GAP.fullmatch(view.text[a.end:hit.start])]
    embargoed = _embargoed(view, hit)
    if before and before[-1].code not in embargoed:
        return [before[-1].code]
    if embargoed and _POSSESSIVE_BEFORE.search(view.text, max(0, before[-1].start - 8), before[-1].start):
        # "the EU decided to let its Syrian arms embargo lapse": "its" is the actor named last before it.
        owners = [a for a in view.actors_in(clause_of(hit.start, view.clauses)[0], before[-1].start)
                  if a.code not in embargoed and not is_locative(view.text, a)]
        if owners:
            return [owners[-1].code]
    # "sanctions from the US", "sanctions imposed by the EU" (not "sanctions since its invasion of Ukraine").
    named_after = [a for a in view.coordinated_after(hit.end, "from|by|of", within=1) if not _people_of(view, a)]
    if named_after:
        return unique(a.code for a in named_after)
    # "X imposed/lifted ... sanctions": the subject of a sanctioning verb just before the trigger.
    clause = clause_of(hit.start, view.clauses)
    window = max(clause[0], hit.start - 60)
    verb = _SANCTIONING_VERB.search(view.text, window, hit.start)
    if verb:
        subjects = [a for a in view.actors_in(max(clause[0], verb.start() - 80), verb.start())
                    if not is_locative(view.text, a) and not after_word(view.text, a, _PREPOSITIONS)]
        if subjects:
            # "The European Union has followed the U.S. in imposing sanctions": both impose.
            if len(subjects) > 1 and _JOINED.fullmatch(view.text, subjects[-2].end, subjects[-1].start):
                return unique([subjects[-2].code, subjects[-1].code])
            # The subject nearest the verb: "Lavrov claims that the U.N. Security Council will lift sanctions".
            return [subjects[-1].code]
    return []


def _embargoed(view: SentenceView, hit: Hit) -> list[str]:
    """"the Cuban embargo", "its Syrian arms embargo": a demonym on an embargo names the country embargoed,
    unless the embargo's target is stated after it ("an American arms embargo on Vietnam")."""
    if not _EMBARGO.match(hit.text) or view.coordinated_after(hit.end, "on|against|targeting"):
        return []
    before = [a for a in view.actors if a.end <= hit.start and _MODIFIER_GAP.fullmatch(view.text[a.end:hit.start])]
    return [before[-1].code] if before and before[-1].kind == "demonym" else []


_EMBARGO = re.compile(r"embargo", re.IGNORECASE)
_NOUN_OF_PEOPLE = re.compile(r"\s+(?:[a-z-]+\s+){0,2}?(?:officials?|leaders?|companies|firms?|entities|individuals|"
                             r"people|nationals|citizens|banks?|businesses|lawmakers|politicians|oligarchs|tycoons)\b")
# Sanctions somebody broke: "violating U.N. sanctions", "violators of", "to evade sanctions", "breaching the embargo".
_VIOLATED = re.compile(r"\b(?:violat\w*|breach\w*|dodg\w*|break(?:s|ing)?|broke|evad\w*|evasion of|circumvent\w*|"
                       r"flout\w*|bust(?:s|ed|ing)?|skirt\w*)\s+(?:of\s+)?(?:the\s+)?(?:[\w.’'-]+\s+){0,3}$",
                       re.IGNORECASE)
_EFFECT_AFTER = re.compile(r",?\s+(?:that|which)\s+(?:(?:have|has|had|would|will|could)\s+)?(?:\w+ly\s+)?"
                           r"(?:kept|keep|keeps|bar(?:s|red)?|prevent(?:s|ed)?|stop(?:s|ped)?|block(?:s|ed)?|"
                           r"cripple[sd]?|hobble[sd]?|cut(?:s)? off|isolate[sd]?|punish(?:es|ed)?)\s+(?:the\s+)?",
                           re.IGNORECASE)
_PURPOSE_AFTER = re.compile(r"\s+(?:in order\s+)?to\s+(?:punish|penali[sz]e|target|pressure|isolate)\s+(?:the\s+)?",
                            re.IGNORECASE)
_VERB_USE = re.compile(r"(?:sanction|blacklist)(?:ed|ing)?$", re.IGNORECASE)
_POSSESSIVE_BEFORE = re.compile(r"\b(?:its|their)\s+$", re.IGNORECASE)


def _stated_targets(view: SentenceView, hit: Hit) -> list[str]:
    """The target the sanctions' own phrase names: "sanctions on X", "against X", "the Cuban embargo", "sanctions of
    Chinese officials"."""
    on = view.coordinated_after(hit.end, "on|against|targeting")
    if on:
        return unique(a.code for a in on)
    people = [a for a in view.coordinated_after(hit.end, "of", within=1) if _people_of(view, a)]
    return unique(a.code for a in people) if people else _embargoed(view, hit)


def _people_of(view: SentenceView, actor: Actor) -> bool:
    """"Chinese officials", "Russian companies": a demonym naming people or firms of a country, not the country."""
    return actor.kind == "demonym" and bool(_NOUN_OF_PEOPLE.match(view.text, actor.end))


def _targets(view: SentenceView, hit: Hit, discourse: Discourse) -> tuple[list[str], bool]:
    """Who the sanctions are on, and whether the sentence says so explicitly ("on X", "against X")."""
    stated = _stated_targets(view, hit)
    if stated:
        return stated, True
    # "plans to blacklist several Chinese companies", "would sanction Turkish officials": the trigger as a verb
    # and its object.
    if _VERB_USE.match(hit.text):
        objects = [a for a in view.coordinated_after(hit.end) if a.kind != "demonym" or _people_of(view, a)]
        if objects:
            return unique(a.code for a in objects), True
    # "sanctions that have kept Iran from selling its oil", "sanctions to punish Chinese officials": the country the
    # measures hold back.
    effect = _EFFECT_AFTER.match(view.text, hit.end) or _PURPOSE_AFTER.match(view.text, hit.end)
    affected = view.coordinated_after(effect.end()) if effect else []
    if affected:
        return unique(a.code for a in affected), True
    # "embargoes applied to China": a target, but too loose a construction to infer the imposer from.
    applied = view.coordinated_after(hit.end, "to")
    if applied:
        return unique(a.code for a in applied), False
    imposers = _imposers(view, hit)
    threat = re.search(r"\b(?:threaten(?:ed|s)?|warn(?:ed|s)?)\s", view.text[:hit.start])
    if threat:
        pair = PAIR_PHRASE.match(view.text, threat.end())
        objects = view.coordinated_after(pair.end() if pair else threat.end() - 1)
        codes = [a.code for a in objects]
        if pair:
            codes = discourse.pair(exclude=[*imposers, *codes]) + codes
        if codes:
            return unique(codes), True
    opener = _opener(view, hit, exclude=imposers)
    if opener:
        return opener, False
    # "reverse its position on Sudan and lift sanctions": the country the policy is on.
    about = [a for a in view.actors if a.code not in imposers and after_word(view.text, a, "on|against|toward|towards")]
    return ([about[0].code] if about else []), False


def _opener(view: SentenceView, hit: Hit, exclude: list[str]) -> list[str]:
    """The subject that opens a clause before the trigger ("Russia could face sanctions", "India has sought
    a waiver", "President Bush's government, which supports the embargo on Cuba")."""
    for start, _ in view.clauses:
        # "In Brussels, the European Union sounded an alarm": a place named as where is not the subject.
        opener = next((a for a in view.actors_in(start, hit.start) if a.code not in exclude
                       and not _PLACE_BEFORE.search(view.text, max(0, a.start - 20), a.start)), None)
        if opener and _CLAUSE_OPENING.fullmatch(view.text[start:opener.start]):
            return [opener.code]
    return []


def _short_basis(name: str) -> str:
    """A law by its acronym when the text gives one; otherwise its name as written."""
    acronym = _ACRONYM.search(name)
    return acronym.group(1) if acronym else " ".join(name.split())


def _reason(view: SentenceView, hit: Hit, lexicon: Lexicon) -> tuple[str | None, str | None]:
    """The reason to record and the text its subject key is read from. Stated: "over its occupation of
    Crimea", "if it buys missiles", as a short phrase; for sanctions defied ("bought the S-400 despite threats of
    sanctions"), the product bought. Nothing stated: what the measures are, else the topic the sentence names."""
    match = _REASON.search(view.text, hit.end)
    stated = reason_phrase(view.text, match.start()) if match else None
    if match and stated == match.group().strip():
        stated = None  # the marker alone: "because of" before a quotation
    if stated and (_REPORTED_AFTER.match(view.text, match.start() + len(stated)) or _DURATION.match(stated)):
        # "after a South Korean newspaper said ...": the subject of another statement; "for one year": how long.
        stated = None
    if hit.trigger.part_of_speech in MEASURE_VERBS:
        # The trigger names the measure itself: "suspended all weapon sales", "sealed all border crossings".
        return (fit(f"{hit.text} {stated}", MAX_REASON_CHARS) if stated else hit.text), stated
    if match and stated:
        # What the measures are and why: "arms embargo over the Tiananmen crackdown".
        measure = _measure(view, hit) or _named_measure(hit)
        # The measure's name never costs the reason its end.
        both = f"{measure} {stated}" if measure else stated
        return (both if len(both) <= MAX_REASON_CHARS else stated), stated
    despite = re.search(r"\b(?:despite|in spite of)\b", view.text[:hit.start])
    if despite:
        named = designators(view.text[:despite.start()], lexicon)
        stated = f"for the {named[-1].group()} deal" if named else None
        return stated, view.text[:despite.start()].strip(" ,") or None
    return _measure(view, hit) or _topic_phrase(view, hit, lexicon) or _named_measure(hit), None


_DURATION = re.compile(r"for\s+(?:(?:a|an|the|one|two|three|four|five|six|several|many|more than|\d+)\s+)*"
                       r"(?:[a-z-]+\s+)?(?:years?|months?|weeks?|days?|decades?|hours?|time|now)\b", re.IGNORECASE)
_REPORTED_AFTER = re.compile(r"\s+(?:said|says|told|reported|wrote|according to)\b")


def _named_measure(hit: Hit) -> str | None:
    """The trigger itself when it says what the measures are ("travel ban", "arms embargo", "asset freeze"), not
    when it is only the word "sanctions"."""
    return None if hit.text.casefold().startswith("sanction") else hit.text


def _topic_phrase(view: SentenceView, hit: Hit, lexicon: Lexicon) -> str | None:
    """Nothing stated and only "sanctions": what the sentence says the measures are about, as the short
    phrase around its sanctions topic nearest the trigger ("kept Iran from selling its oil abroad" → "oil
    abroad")."""
    clause = clause_of(hit.start, view.clauses)
    # Not a word of a name ("the Democratic People's Republic of Korea").
    found = [m for _, m in lexicon.topics["sanction"].find(view.text, *clause)
             if not (hit.start <= m.start() < hit.end) and not any(a.start <= m.start() < a.end for a in view.actors)]
    if not found:
        return None
    topic = min(found, key=lambda m: (m.start() < hit.start, abs(m.start() - hit.start)))
    head = phrase_after(view.text, topic.start(), max_words=4, limit=MAX_REASON_CHARS)
    before = modifiers_before(view.text, topic.start(), clause[0], max_words=2, names_only=True)
    kept = _content_words(view, topic.start() - len(before) - 1, before) if before else []
    phrase = " ".join([*kept, head or topic.group()])
    return fit(phrase, MAX_REASON_CHARS)


def _measure(view: SentenceView, hit: Hit) -> str | None:
    """What the measures are, when no reason is stated: "arms embargo", "sanctions waiver", "embargo on arms
    exports"; nothing when the sentence says only "sanctions"."""
    # Only nouns that make a compound with the trigger ("sanctions waiver", "embargo regime") stay in the head:
    # "sanctions look somewhat tame", "sanctions imposed" are clauses.
    compound = _COMPOUND_AFTER.match(view.text, hit.end)
    head = view.text[hit.start:compound.end() if compound else hit.end]
    if view.text[hit.end:hit.end + 4].startswith(" on "):
        # "sanctions on major Russian banks" says what; "sanctions on Russia" only whom.
        following = phrase_after(view.text, hit.end + 4, max_words=4)
        if following and _content_words(view, hit.end + 4, following):
            head = f"{head} on {following}"
    before = modifiers_before(view.text, hit.start, max_words=2, names_only=True)
    if before:
        kept = _content_words(view, hit.start - len(before) - 1, before)
        # "step up sanctions", "lift sanctions": a verb or its particle is no modifier.
        while kept and (kept[0].casefold() in _PARTICLES or _SANCTIONING_VERB.fullmatch(kept[0].casefold())):
            kept.pop(0)
        # "Normally sanctions are ...", "Therefore sanctions ...": a capital that only starts the sentence.
        if kept and view.text.startswith(kept[0]) and kept[0].istitle():
            kept.pop(0)
        head = f"{' '.join(kept)} {head}" if kept and head else head
    return head if head and head.casefold() != hit.text.casefold() else None


_COMPOUND_AFTER = re.compile(r"(?:\s+(?:relief|waivers?|exemptions?|bills?|package|regimes?|lists?|laws?|legislation|"
                             r"programm?e?s?|designations?|rolls?|measures))+", re.IGNORECASE)
_PARTICLES = frozenset("up down off out back over in on".split())


def _content_words(view: SentenceView, start: int, phrase: str) -> list[str]:
    """The words of a phrase at `start` that are not actors ("American" in "American arms embargo")."""
    kept, position = [], start
    for word in phrase.split():
        at = view.text.find(word, position)
        position = at + len(word)
        if not any(a.start < position and at < a.end for a in view.actors):
            kept.append(word)
    return kept
