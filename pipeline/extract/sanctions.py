"""Sanctions: who threatened, imposed, waived or lifted sanctions on whom, on what basis and why."""

import re

from pipeline.extract.grammar import (
    CRITICISM,
    PAIR_PHRASE,
    PRONOUN_PERSON,
    Discourse,
    after_word,
    clause_of,
    is_locative,
    negated,
    unique,
)
from pipeline.extract.lexicon import Lexicon
from pipeline.extract.measures import MEASURE_VERBS, measure_parties
from pipeline.extract.mentions import FactMention
from pipeline.extract.phrases import MAX_REASON_CHARS, fit, modifiers_before, phrase_after, reason_phrase
from pipeline.extract.sentence_view import Hit, SentenceView, dated, designators, subject_key

_LEGAL_BASIS = re.compile(
    r"(?:[A-Z][\w’'-]*\s+){1,10}(?:Act|Law|Resolution|Order|Regulations?)\b(?:\s*\([A-Z]{3,}\))?"
    r"|\b(?:[Rr]esolution|[Ee]xecutive [Oo]rder)\s+\d+"
)
# An instrument the sentence names without a title ("legislation that allows new sanctions", "signed an executive
# order lifting sanctions") is the measures' legal basis when no named law is given.
_INSTRUMENT = re.compile(r"\b(?:sanctions\s+)?(?:legislation|bill|executive order|resolution|(?<!international )law)\b",
                         re.IGNORECASE)
_INSTRUMENT_REACH = 80
# "Countering America's Adversaries Through Sanctions Act (CAATSA)" is known by its acronym.
_ACRONYM = re.compile(r"\(([A-Z]{3,})\)\s*$")
_CLAUSE_STOP = re.compile(r";|\s[—–]\s|\s(?:but|while|whereas)\s|,\s(?:which|who)\s")
_REASON = re.compile(
    r"\b(?:over|for|because of|due to|in response to|in retaliation for|if|after|unless|as punishment for|citing|"
    r"aimed at|in the aftermath of)\s"
)
# "sanctions imposed over Russia's invasion of Ukraine": whose conduct the stated reason is, is the target.
_CONDUCT_REASON = re.compile(
    r"\s(?:\w+\s){0,3}?(?:over|for|because of|due to|in response to|in retaliation for|as punishment for|"
    r"following)\s(?:the\s)?"
)
# "sanctions were first imposed by the US and European Union", "sanctions imposed on Chinese firms and citizens by
# the United States and Japan": the agents of the participle after the trigger.
_PARTICIPLE_LEAD = r"\s(?:(?:were|was|have been|had been|has been|being|first|later|then|already|now)\s){0,3}"
_IMPOSED_BY = re.compile(_PARTICIPLE_LEAD + r"(?:imposed|levied|introduced|announced|adopted|enacted)\s"
                         r"(?:(?:on|against)\s[^,;:()]{1,60}?\s)?(?=by\s)")
# "sanctions imposed on Iran", "a travel ban levied against Russian officials": the participle's object is the target.
_IMPOSED_ON = re.compile(_PARTICIPLE_LEAD + r"(?:imposed|levied|introduced|announced|adopted|enacted|placed)\s"
                         r"(?:on|against)\s")
# "levied sanctions against him".
_ON_THE_COUNTRY = re.compile(r"\s+(?:on|against)\s+the\s+(?:[\w-]+\s+){0,2}?(?:country|nation|island|kingdom|"
                             r"republic)\b", re.IGNORECASE)
_ON_PERSON = re.compile(r"\s+(?:on|against|targeting)\s+(him|her)\b", re.IGNORECASE)
_OBJECT_PRONOUN = re.compile(r"him|her", re.IGNORECASE)
_COMPLYING = re.compile(r"\s+(?:under|in line with|in (?:compliance|accordance) with|to comply with)\s+(?:\S+\s+){0,3}?"
                        r"(?:sanctions|embargo|restrictive measures|resolutions?)\b", re.IGNORECASE)
# "hit Moscow with new sanctions", "slapped Iran with fresh penalties": the object between is the target.
_HIT_WITH = re.compile(r"\b(hit|hits|hitting|slap(?:s|ped|ping)?|punish(?:es|ed|ing)?|target(?:s|ed|ing)?)\s+"
                       r"(?:[\w.’'-]+\s+){1,5}?(with)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
# "Russia faces tougher sanctions", "Iran could face new sanctions from the EU": the subject of "face" is the target.
_FACE_BEFORE = re.compile(r"\b(fac(?:e|es|ed|ing))\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


def sanctions(view: SentenceView, discourse: Discourse, lexicon: Lexicon) -> list[FactMention]:
    mentions = []
    hits = view.hits_of("sanction")
    basis = _LEGAL_BASIS.search(view.text) if hits else None
    for hit in hits:
        # "Sanctions" inside a law's name ("... Through Sanctions Act") is not a sanctions event.
        if negated(view.text, hit.start, criticism_negates=False) \
                or (basis and basis.start() <= hit.start < basis.end()):
            continue
        status = _sanction_status(view.text, hit, lexicon)
        if hit.trigger.part_of_speech in MEASURE_VERBS:
            if _COMPLYING.match(view.text, hit.end):
                continue  # "halt Belarusian potash imports under European sanctions": those sanctions, carried out
            imposers, targets = measure_parties(view, hit)
        elif _PASSIVE_BEFORE.search(view.text, max(0, hit.start - 25), hit.start) and hit.text.endswith("ed"):
            imposers, targets = _passive_parties(view, hit, discourse)
        else:
            targets, explicit = _targets(view, hit, discourse)
            # Who criticises the measures did not impose them ("Russia has criticised the sanctions on China").
            critics = [*targets, *_critics(view, hit)]
            imposers = _imposers(view, hit) or (_opener(view, hit, exclude=critics) if explicit else []) \
                or (_basis_issuer(view, basis, exclude=targets) if explicit else []) \
                or (_pronoun_imposer(view, hit, targets, discourse) if explicit else []) \
                or ([c for c in discourse.sanctioners[-1:] if c not in targets] if explicit else [])
        targets = [t for t in targets if t not in imposers]
        if imposers and not targets:
            targets = _missed_target(view, hit, imposers)
        clause = clause_of(hit.start, view.clauses)
        reason, stated = _reason(view, hit, lexicon)
        # What the measures are ("trade embargo", "embargo on arms") and a stated reason or basis say which
        # sanctions these are; the fallback clause does not. "More sanctions" are further measures.
        kind = view.text[max(0, hit.start - 30):min(len(view.text), hit.end + 30)]
        key = subject_key(" ".join(filter(None, [kind, stated, basis and basis.group()])), lexicon,
                          fact_type="sanction")
        if _FURTHER.search(view.text, max(0, hit.start - 25), hit.start) \
                or (_active_verb(view, hit) and _FURTHER_OBJECT.match(view.text, hit.end)):
            key = f"{key or 'sanctions'}#s{view.sentence.index}"
        for imposer in imposers:
            for target in targets:
                mention = view.base("sanction", hit)
                mention.status = status
                mention.imposer_code, mention.target_code = imposer, target
                mention.party_codes = sorted({imposer, target})
                mention.legal_basis = _short_basis(basis.group()) if basis else _instrument(view, hit, clause)
                mention.reason, mention.subject_key = reason, key
                mentions.append(dated(mention, view.date_near([hit.start], *clause)))
    discourse.sanctioners += unique(m.imposer_code for m in mentions if m.imposer_code)
    return mentions


# "are sanctioned", "was blacklisted by": the subject is the target.
_PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being|get|gets|got)\s+(?:\w+\s+)?$", re.IGNORECASE)


def _passive_parties(view: SentenceView, hit: Hit, discourse: Discourse) -> tuple[list[str], list[str]]:
    """(imposers, targets) of a passive sanctioning verb ("China's Equipment Development Department and its head
    are sanctioned for ..."): the clause's subject is the target; the agent after "by" imposes, else the imposer of
    the sanctions the article last reported."""
    clause = clause_of(hit.start, view.clauses)
    subjects: list = []
    for start in (clause[0], 0):
        subjects = [a for a in view.actors_in(start, hit.start)
                    if not is_locative(view.text, a) and not after_word(view.text, a, _PREPOSITIONS)]
        if subjects:
            break
    by = view.coordinated_after(hit.end, "by", within=1)
    imposers = unique(a.code for a in by) if by else discourse.sanctioners[-1:]
    # "He was further sanctioned in 2011": the person the pronoun refers back to.
    referent = None if subjects else discourse.referent(PRONOUN_PERSON.search(view.text, clause[0], hit.start))
    targets = [subjects[0].code] if subjects else [referent.code] if referent else []
    return imposers, [t for t in targets if t not in imposers]


# "ahead of the US when it eventually lifts the embargo against Cuba": a pronoun subject of the sanctioning verb.
_PRONOUN_SUBJECT = re.compile(r"\b(?:it|they)\s+(?:[\w’'-]+\s+){0,3}?$", re.IGNORECASE)


def _pronoun_imposer(view: SentenceView, hit: Hit, targets: list[str], discourse: Discourse) -> list[str]:
    """The imposer a pronoun subject of the sanctioning verb refers to: the country or bloc named last before it in
    the sentence, else the one the article named last, other than the target."""
    clause = clause_of(hit.start, view.clauses)
    verb = _SANCTIONING_VERB.search(view.text, max(clause[0], hit.start - 60), hit.start)
    pronoun = _PRONOUN_SUBJECT.search(view.text, max(0, verb.start() - 40), verb.start()) if verb else None
    if pronoun is None:
        return []
    named = [a.code for a in view.actors_in(0, pronoun.start()) if a.kind != "person" and a.code not in targets
             and not is_locative(view.text, a)]
    code = named[-1] if named else discourse.last_country(exclude=targets, sentences=2)
    return [code] if code is not None else []


def _missed_target(view: SentenceView, hit: Hit, imposers: list[str]) -> list[str]:
    """The target when the grammar found who imposes but not on whom: who is "under" the sanctions, else the first
    actor named soon after the trigger that is no agent, source, reason, time or comparison ("over Ukraine")."""
    clause = clause_of(hit.start, view.clauses)
    associated = _ASSOCIATED.search(view.text, hit.end, min(len(view.text), hit.end + _BACKOFF_REACH + 40))
    allies = view.coordinated_after(associated.end()) if associated else []
    if allies:
        # "sanctions on 16 officials who are closely aligned with Venezuelan President Nicolás Maduro".
        return [a.code for a in allies if a.code not in imposers][:1]
    under = _UNDER_BEFORE.search(view.text, max(0, hit.start - 30), hit.start)
    if under:
        # "Turkey is already under EU sanctions".
        return [a.code for a in view.actors_in(clause[0], under.start()) if a.code not in imposers
                and not is_locative(view.text, a) and not after_word(view.text, a, _PREPOSITIONS)][-1:]
    return [a.code for a in view.actors_in(hit.end, min(clause[1], hit.end + _BACKOFF_REACH))
            if a.code not in imposers and not is_locative(view.text, a)
            and not after_word(view.text, a, _NOT_TARGET_BEFORE)][:1]


_BACKOFF_REACH = 60
# People or firms named by whom they serve: that country is the target.
_ASSOCIATED = re.compile(r"\b(?:officials|individuals|people|persons|entities|companies|firms|members|figures|allies|"
                         r"associates|businessmen|oligarchs)\s+(?:[\w-]+\s+){0,4}?(?:aligned|linked|close|tied|"
                         r"connected|associated|loyal)\s+(?:with|to)\s+(?:the\s+)?", re.IGNORECASE)
_UNDER_BEFORE = re.compile(r"\bunder\s+(?:\S+\s+){0,2}$", re.IGNORECASE)
_NOT_TARGET_BEFORE = "by|from|with|of|over|about|as|since|after|than|like|for|because of|due to"


def _critics(view: SentenceView, hit: Hit) -> list[str]:
    """The subjects of a verb of criticism governing the trigger ("Russia has criticised the sanctions")."""
    clause = clause_of(hit.start, view.clauses)
    verbs = list(CRITICISM.finditer(view.text, max(clause[0], hit.start - 40), hit.start))
    if not verbs:
        return []
    verb = verbs[-1]
    return [a.code for a in view.actors_in(clause[0], verb.start()) if not is_locative(view.text, a)
            and not after_word(view.text, a, _PREPOSITIONS)]


def _basis_issuer(view: SentenceView, basis: re.Match[str] | None, exclude: list[str]) -> list[str]:
    """The body that issued the law or resolution the measures are under ("prohibited by a U.N. Security Council
    Resolution ..., part of a suite of sanctions that target North Korea"): it imposes them."""
    if basis is None:
        return []
    issuers = [a for a in view.actors if a.start < basis.end() and a.end >= basis.start() - 1
               and a.code not in exclude]
    return [issuers[0].code] if issuers else []


def _sanction_status(text: str, hit: Hit, lexicon: Lexicon) -> str:
    """The status cue nearest the trigger; waiver cues outrank the rest when a waiver is named, and a
    threat governing an imposition ("threatened to impose sanctions") keeps it a threat."""
    window_start, window_end = max(0, hit.start - 60), min(len(text), hit.end + 60)
    if hit.trigger.part_of_speech in MEASURE_VERBS:
        # The trigger is itself the act ("suspended all weapon sales"): only a cue governing it from just
        # before ("threatened to halt arms sales") changes what it says.
        window_start, window_end = max(0, hit.start - 30), hit.end
    cues = []
    for cue, match in lexicon.cues["sanction"].find(text, window_start, window_end):
        if hit.trigger.part_of_speech in MEASURE_VERBS and match.start() >= hit.start:
            continue  # a cue may look into the trigger ("plans to ban"), not start inside it
        distance = match.start() - hit.end if match.start() >= hit.end else hit.start - match.end()
        waiver = cue.status in ("waiver_sought", "waived")
        cues.append((not waiver, max(distance, 0), match.start(), cue.status))
    if not cues:
        return hit.trigger.status or "imposed"
    _, _, position, status = min(cues)
    threats = [c for c in cues if c[3] == "threatened" and position - 40 <= c[2] < position]
    return "threatened" if status == "imposed" and threats else status


# "US sanctions", "Washington's new trade sanctions": the actor modifies the sanctions noun directly.
# Not a modifier: a preposition, or a verb of stance ("Germany welcomed sanctions imposed on Iran by the US").
_NOT_MODIFIER = (rf"(?:of|on|against|from|by|to|with|and|or|for|in|at|that|the|following|after|before|amid|despite|"
                 rf"under|since|over|as|than)\s|{CRITICISM.pattern}|"
                 r"(?:welcom|prais|hail|support|back|endors|oppos|reject)\w*\b")
_MODIFIER_GAP = re.compile(rf"(?:[’']s)?\s+(?:(?!{_NOT_MODIFIER})[a-z-]+\s+){{0,2}}")


_SANCTIONING_VERB = re.compile(
    r"\b(?:impos|issu|slap|levi|threaten|warn|announc|lift|waiv|eas|end|remov|extend|renew|expand|tighten|vot|institut|"
    r"plac|"
    r"adopt|ramp|ratchet|step(?:s|ped|ping)? up|loosen|withdr|inflict)\w*\b"
)
# At most a short adverbial before a clause's subject ("Earlier this month, Turkey ...").
_CLAUSE_OPENING = re.compile(r"\s*(?:[\w’'-]+,?\s+){0,3}?(?:the\s+)?")
_FURTHER = re.compile(r"\b(?:more|new|further|additional|fresh|another round of)\s+(?:[\w-]+\s+){0,2}$",
                      re.IGNORECASE)
# "blacklisted an additional 33 people": further measures named in the verb's object.
_FURTHER_OBJECT = re.compile(r"\s+(?:an?\s+|the\s+)?(?:more|new|further|additional|another)\s", re.IGNORECASE)
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|from)\s+(?:the\s+)?$", re.IGNORECASE)
_PREPOSITIONS = "on|about|over|with|to|for|against|of|from|in|at|by|into|toward|towards"


def _imposers(view: SentenceView, hit: Hit) -> list[str]:
    before = [a for a in view.actors if a.end <= hit.start
              and _MODIFIER_GAP.fullmatch(view.text[a.end:hit.start])]
    embargoed = _embargoed(view, hit)
    faced = _FACE_BEFORE.search(view.text, max(0, hit.start - 40), hit.start)
    if before and before[-1].code not in embargoed and not (faced and before[-1].end <= faced.start()):
        return [before[-1].code]
    if embargoed and _POSSESSIVE_BEFORE.search(view.text, max(0, before[-1].start - 8), before[-1].start):
        # "the EU decided to let its Syrian arms embargo lapse": "its" is the actor named last before it.
        owners = [a for a in view.actors_in(clause_of(hit.start, view.clauses)[0], before[-1].start)
                  if a.code not in embargoed and not is_locative(view.text, a)]
        if owners:
            return [owners[-1].code]
    # "sanctions from the US", "sanctions imposed by the EU" (not "sanctions since its invasion of Ukraine").
    named_after = view.coordinated_after(hit.end, "from|by" if _EMBARGO.match(hit.text) else "from|by|of", within=1)
    if named_after:
        return unique(a.code for a in named_after)
    imposed_by = _IMPOSED_BY.match(view.text, hit.end)
    agents = view.coordinated_after(imposed_by.end(), "by", within=0) if imposed_by else []
    if agents:
        return unique(a.code for a in agents)
    # "X imposed/lifted ... sanctions": the subject of a sanctioning verb just before the trigger.
    clause = clause_of(hit.start, view.clauses)
    window = max(clause[0], hit.start - 60)
    verb = _SANCTIONING_VERB.search(view.text, window, hit.start)
    if verb:
        subjects = [a for a in view.actors_in(max(clause[0], verb.start() - 80), verb.start())
                    if not is_locative(view.text, a) and not after_word(view.text, a, _PREPOSITIONS)]
        if subjects:
            # The subject nearest the verb: "Lavrov claims that the U.N. Security Council will lift sanctions";
            # of a second verb joined by "and", the clause's opener ("the US labeled Soleimani a terrorist and levied
            # sanctions against him": not Soleimani, the first verb's object).
            opener = _opener(view, hit, exclude=[])
            if opener and re.search(r"\band\s", view.text[subjects[-1].end:verb.start()]) \
                    and opener[0] in {a.code for a in subjects}:
                return opener
            return unique(a.code for a in _coordinated_with(view, subjects))
    return []


# "The US, UK, France and Germany have imposed": the actors joined to the nearest subject.
_COORDINATION = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?")


def _coordinated_with(view: SentenceView, subjects: list) -> list:
    """The nearest subject and the actors coordinated with it before it."""
    group = [subjects[-1]]
    for actor in reversed(subjects[:-1]):
        # "In Brussels, the European Union": a city before a comma is where, not a second subject.
        if actor.kind == "place" or not _COORDINATION.fullmatch(view.text[actor.end:group[0].start]):
            break
        group.insert(0, actor)
    return group


def _embargoed(view: SentenceView, hit: Hit) -> list[str]:
    """"the Cuban embargo", "its Syrian arms embargo": a demonym on an embargo names the country embargoed,
    unless the embargo's target is stated after it ("an American arms embargo on Vietnam")."""
    if not _EMBARGO.match(hit.text) or view.coordinated_after(hit.end, "on|against|targeting"):
        return []
    before = [a for a in view.actors if a.end <= hit.start and _MODIFIER_GAP.fullmatch(view.text[a.end:hit.start])]
    return [before[-1].code] if before and before[-1].kind == "demonym" else []


_EMBARGO = re.compile(r"embargo", re.IGNORECASE)
_EFFECT_AFTER = re.compile(r",?\s+(?:that|which)\s+(?:(?:have|has|had|would|will|could)\s+)?(?:\w+ly\s+)?"
                           r"(?:kept|keep|keeps|bar(?:s|red)?|prevent(?:s|ed)?|stop(?:s|ped)?|block(?:s|ed)?|"
                           r"cripple[sd]?|hobble[sd]?|cut(?:s)? off|isolate[sd]?|punish(?:es|ed)?|target(?:s|ed)?|"
                           r"(?:(?:is|are|was|were)\s+)?(?:aimed|directed) at)\s+(?:the\s+)?"
                           # "sanctions aimed at curbing North Korea's weapons program": the participle alone.
                           r"|\s+(?:aimed|directed)\s+at\s+(?:\w+ing\s+)?(?:the\s+)?",
                           re.IGNORECASE)
# "sanctions to punish Chinese officials responsible for ...": whom the measures are meant to hit.
_PURPOSE_AFTER = re.compile(r"\s+(?:\w+\s+){0,2}?(?:in order\s+)?to\s+(?:punish|target|penali[sz]e|pressur|isolate|"
                            r"cripple|squeeze)\w*\s+(?:the\s+)?", re.IGNORECASE)
_ACTIVE_VERB = re.compile(r"(?:sanction|blacklist)ed", re.IGNORECASE)
# "with blacklisted Iranian entities", "Sanctioned companies include": a participle modifying a noun, not a verb.
_NOT_VERB_BEFORE = re.compile(
    r"(?:^|\b(?:with|of|by|for|to|on|in|at|from|against|the|a|an|and|or|its|their|newly)\s+)$", re.IGNORECASE)


_PROGRESSIVE = re.compile(r"(?:sanction|blacklist)ing", re.IGNORECASE)
_BE_BEFORE = re.compile(r"\b(?:is|was|are|were|been|be)\s+$", re.IGNORECASE)


def _active_verb(view: SentenceView, hit: Hit) -> bool:
    """"sanctioned", "blacklisted" (or "was sanctioning") as a verb with an object, not a participle modifying a
    noun."""
    if _PROGRESSIVE.fullmatch(hit.text):
        return bool(_BE_BEFORE.search(view.text, max(0, hit.start - 8), hit.start))
    return bool(_ACTIVE_VERB.fullmatch(hit.text)) \
        and not _NOT_VERB_BEFORE.search(view.text, max(0, hit.start - 12), hit.start)


_ON_ITS = re.compile(r"\s+(?:on|against)\s+(?:its|their)\s", re.IGNORECASE)
_VIOLATED = re.compile(r"\b(?:violat|breach|evad|evasion|defy|defied|defying|flout|contraven|circumvent|bust)\w*\s+"
                       r"(?:of\s+)?(?:(?:the|[\w.]+)\s+){0,3}$", re.IGNORECASE)
_POSSESSIVE_BEFORE = re.compile(r"\b(?:its|their)\s+$", re.IGNORECASE)


def _targets(view: SentenceView, hit: Hit, discourse: Discourse) -> tuple[list[str], bool]:
    """Who the sanctions are on, and whether the sentence says so explicitly ("on X", "against X")."""
    # "a full embargo of Cuba": of an embargo, "of" names the country embargoed.
    on = view.coordinated_after(hit.end, "on|against|targeting") \
        or (view.coordinated_after(hit.end, "of", within=1) if _EMBARGO.match(hit.text) else [])
    imposed_on = _IMPOSED_ON.match(view.text, hit.end)
    if imposed_on and not on:
        # "sanctions imposed on Iran by the United States": the participle's object.
        on = view.coordinated_after(imposed_on.end() - 1)
    if on:
        return unique(a.code for a in on), True
    if _ON_THE_COUNTRY.match(view.text, hit.end):
        # "levied sanctions against the country", "on the southern African country": the country named last before
        # it, neither the imposer nor a bloc.
        # "North Korea's sixth nuclear test and new UN sanctions on the country": one the sentence named before,
        # as no place and no object of a preposition, comes first.
        excluded = [*_imposers(view, hit), *discourse.seats]
        named = [a.code for a in view.actors_in(0, hit.start) if a.code not in excluded
                 and not is_locative(view.text, a) and not after_word(view.text, a, _PREPOSITIONS)]
        code = named[-1] if named else discourse.last_country(exclude=excluded, sentences=2)
        if code is not None:
            return [code], True
    on_person = _ON_PERSON.match(view.text, hit.end)
    if on_person:
        # "labeled Soleimani a terrorist and levied sanctions against him": the person named before it in the
        # sentence, else the one the article named last; his country.
        named = [a for a in view.actors_in(clause_of(hit.start, view.clauses)[0], hit.start) if a.kind == "person"]
        referent = named[-1] if named else discourse.referent(_OBJECT_PRONOUN.match(view.text, on_person.start(1)))
        if referent is not None:
            return [referent.code], True
    hit_with = _HIT_WITH.search(view.text, max(0, hit.start - 80), hit.start)
    struck = view.actors_in(hit_with.end(1), hit_with.start(2)) if hit_with else []
    if struck:
        # "Washington hit Moscow with new sanctions": the verb's object is the target.
        return unique(a.code for a in struck), True
    face = _FACE_BEFORE.search(view.text, max(0, hit.start - 40), hit.start)
    if face:
        clause = clause_of(hit.start, view.clauses)
        subjects = [a for a in view.actors_in(clause[0], face.start()) if not is_locative(view.text, a)
                    and not after_word(view.text, a, _PREPOSITIONS)]
        if subjects:
            return [subjects[-1].code], True
    if _ON_ITS.match(view.text, hit.end):
        # "told the US to withdraw sanctions on its military": "its" is the clause's subject, not the imposer.
        imposers = _imposers(view, hit)
        owners = [a for a in view.actors_in(clause_of(hit.start, view.clauses)[0], hit.start)
                  if a.code not in imposers and not is_locative(view.text, a)
                  and not after_word(view.text, a, _PREPOSITIONS)]
        if owners:
            return [owners[0].code], True
    embargoed = _embargoed(view, hit)
    if embargoed:
        return embargoed, True
    # "sanctions that have kept Iran from selling its oil": the country the measures hold back.
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
    subjects = imposers or (_opener(view, hit, exclude=[]) if _PROGRESSIVE.fullmatch(hit.text) else [])
    if subjects and _active_verb(view, hit):
        # "Washington blacklisted 33 people and entities associated with Russian military", "the Treasury said it
        # was sanctioning two Chinese companies": the verb's object.
        clause = clause_of(hit.start, view.clauses)
        objects = [a for a in view.actors_in(hit.end, clause[1]) if a.code not in subjects
                   and not is_locative(view.text, a)]
        if objects:
            return [objects[0].code], True
    conduct = _conduct_of(view, hit, imposers)
    if conduct:
        return conduct, True
    if _VIOLATED.search(view.text, max(0, hit.start - 60), hit.start):
        # "seized a vessel ... in violation of U.N. sanctions": who breaks sanctions is not said to be their target.
        return [], False
    opener = _opener(view, hit, exclude=imposers)
    if opener:
        return opener, False
    # "reverse its position on Sudan and lift sanctions": the country the policy is on.
    about = [a for a in view.actors if a.code not in imposers and after_word(view.text, a, "on|against|toward|towards")]
    return ([about[0].code] if about else []), False


def _conduct_of(view: SentenceView, hit: Hit, imposers: list[str]) -> list[str]:
    """The actor whose conduct is the stated reason, in a possessive right after the marker ("imposed over
    Russia's invasion of Ukraine", "for Iran's nuclear programme")."""
    marker = _CONDUCT_REASON.match(view.text, hit.end)
    if not marker:
        return []
    owner = next((a for a in view.actors if a.start == marker.end()), None)
    if owner is None or owner.code in imposers or not re.match(r"[’']s\s", view.text[owner.end:owner.end + 3]):
        return []
    return [owner.code]


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


def _instrument(view: SentenceView, hit: Hit, clause: tuple[int, int]) -> str | None:
    """The unnamed instrument nearest the trigger within its clause ("legislation", "sanctions bill")."""
    start, end = max(clause[0], hit.start - _INSTRUMENT_REACH), min(clause[1], hit.end + _INSTRUMENT_REACH)
    found = [m for m in _INSTRUMENT.finditer(view.text, start, end)
             if not (m.start() <= hit.start < m.end())]
    if not found:
        return None
    nearest = min(found, key=lambda m: abs(m.start() - hit.start))
    return nearest.group().lower()


def _short_basis(name: str) -> str:
    """A law by its acronym when the text gives one; otherwise its name as written."""
    acronym = _ACRONYM.search(name)
    return acronym.group(1) if acronym else " ".join(name.split())


def _reason(view: SentenceView, hit: Hit, lexicon: Lexicon) -> tuple[str | None, str | None]:
    """The reason to record and the text its subject key is read from. Stated: "over its occupation of
    Crimea", "if it buys missiles", as a short phrase; for sanctions defied ("bought the S-400 despite threats of
    sanctions"), the product bought. Nothing stated: what the measures are, else the topic the sentence names."""
    # The reason is stated in the trigger's clause: "ready to issue new sanctions but decided to wait for the EU"
    # states none (an abbreviation's full stop, "Sens. Marco Rubio", ends no clause here).
    stop = _CLAUSE_STOP.search(view.text, hit.end)
    match = _REASON.search(view.text, hit.end, stop.start() if stop else len(view.text))
    stated = reason_phrase(view.text, match.start()) if match else None
    if match and stated == match.group().strip():
        stated = None  # the marker alone: "because of" before a quotation
    if hit.trigger.part_of_speech in MEASURE_VERBS:
        # The trigger names the measure itself: "suspended all weapon sales", "sealed all border crossings".
        return (fit(f"{hit.text} {stated}", MAX_REASON_CHARS) if stated else hit.text), stated
    if match and stated:
        # What the measures are and why: "arms embargo over the Tiananmen crackdown".
        measure = _measure(view, hit)
        return (fit(f"{measure} {stated}", MAX_REASON_CHARS) if measure and stated else stated), stated
    # Only sanctions the "despite" phrase governs ("despite threats of sanctions"), not ones a later clause reports
    # ("despite the two countries reaching a deal last year, that led to the lifting of sanctions").
    despite = re.search(r"\b(?:despite|in spite of)\s(?:\S+\s){0,4}$", view.text[:hit.start])
    if despite:
        named = designators(view.text[:despite.start()], lexicon)
        stated = f"for the {named[-1].group()} deal" if named else None
        return stated, view.text[:despite.start()].strip(" ,") or None
    return _measure(view, hit) or _topic_phrase(view, hit, lexicon), None


def _topic_phrase(view: SentenceView, hit: Hit, lexicon: Lexicon) -> str | None:
    """Nothing stated and only "sanctions": what the sentence says the measures are about, as the short
    phrase around its sanctions topic nearest the trigger ("kept Iran from selling its oil abroad" → "oil
    abroad")."""
    clause = clause_of(hit.start, view.clauses)
    found = [m for _, m in lexicon.topics["sanction"].find(view.text, *clause)
             if not (hit.start <= m.start() < hit.end)]
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
    head = phrase_after(view.text, hit.start, max_words=4)
    if head and view.text[hit.end:hit.end + 4].startswith(" on ") and not _ON_THE_COUNTRY.match(view.text, hit.end):
        # "sanctions on major Russian banks" says what; "sanctions on Russia", "on the country" only whom.
        following = phrase_after(view.text, hit.end + 4, max_words=4)
        if following and _content_words(view, hit.end + 4, following):
            head = f"{head} on {following}"
    before = modifiers_before(view.text, hit.start, max_words=2, names_only=True)
    if before:
        kept = _content_words(view, hit.start - len(before) - 1, before)
        head = f"{' '.join(kept)} {head}" if kept and head else head
    return head if head and head.casefold() != hit.text.casefold() else None


def _content_words(view: SentenceView, start: int, phrase: str) -> list[str]:
    """The words of a phrase at `start` that are not actors ("American" in "American arms embargo")."""
    kept, position = [], start
    for word in phrase.split():
        at = view.text.find(word, position)
        position = at + len(word)
        if not any(a.start < position and at < a.end for a in view.actors):
            kept.append(word)
    return kept
