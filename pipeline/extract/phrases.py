"""Short phrases for the fields a user charts and filters: what a deal is about, why sanctions were imposed.

No tagger: a phrase is read word by word from an anchor and ends where English phrases end — punctuation, a
clause word ("that", "which", "said"), an auxiliary or a preposition that opens another phrase — so it stays a
noun phrase ("36 Rafale fighter jets", "S-400 air defence systems", "over its nuclear weapons programme") and is
never the sentence.
"""

import re

MAX_PHRASE_CHARS = 80
MAX_REASON_CHARS = 100
_WORD = re.compile(r"(?:[A-Z]\.){2,}|(?:[$€£]\s?)?[\w’'-]*\w(?:[\w’'%-]|\.(?=\w)|,(?=\d{3}\b))*|\S")
_DETERMINERS = frozenset("a an the this that these those its their his her our your both any some every each such"
                         .split())
# Words that end a noun phrase: clause openers, auxiliaries and modals, conjunctions, reporting verbs, and
# prepositions other than "of" (which stays inside: "production of AK-203 rifles").
_ENDERS = frozenset("""
    that which who whom whose where when while whereas as because since although though if unless until but or nor
    so yet is are was were be been being am will would shall should can could may might must do does did has have
    had having said says say told according after before during despite between with without within by from at in
    for into onto on upon to toward towards through across against among amid over under about above below beyond than
    via per worth including also reportedly then
    """.split())
# Adjectives that rank or count a deal rather than say what it is about ("an additional deal", "a landmark pact").
_NOT_TOPICAL = frozenset("""
    additional new separate another further second first third final initial preliminary draft proposed possible
    potential major historic landmark big huge large key broad comprehensive formal fresh bilateral multilateral
    long-awaited long-term so-called various several many other such similar same previous earlier latest recent
    negotiated signed agreed planned expected reported
    """.split())
# Suffixes of adjectives that classify a thing ("supersonic", "naval", "military", "defensive").
_ADJECTIVE = re.compile(r"(?:ic|al|ary|ive|ous|ian|ese)$")
_VERB_FORM = re.compile(r"(?:ed|ing|en|ize|ify)$")
# A phrase made only of dates says when, not what ("on Monday").
_DATE_WORD = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|may|june|july|"
                        r"august|september|october|november|december|\d{1,4}(?:st|nd|rd|th)?|last|next|this|year|"
                        r"month|week|today|yesterday|tomorrow|early|late|mid|the", re.IGNORECASE)
# A full stop ends a phrase; the dots of "U.S." or "3.5" do not.
# A hyphen standing alone is a dash ("(Reuters) - U.S. sanctions"); inside a word it is part of it.
_BOUNDARY = re.compile(r"[,;:()\[\]\"“”—–|!?]|(?<!\w)-(?!\w)|(?<![A-Z])(?<!\b[A-Z]\.[A-Z])\.(?!\d|[A-Z]\.)")
# Particles of phrasal verbs ("step up sanctions", "ratchet up", "lay out") modify no noun.
_PARTICLES = frozenset("up down off out back away".split())
_QUANTITY = re.compile(r"(?:[$€£]\s?)?\d[\d,.]*(?:\s?(?:million|billion|trillion|bn|m))?$|hundreds|thousands|"
                       r"dozens|several|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty",
                       re.IGNORECASE)


def _words(text: str, start: int, end: int) -> list[re.Match[str]]:
    return list(_WORD.finditer(text, start, end))


def phrase_after(text: str, start: int, end: int | None = None, max_words: int = 8, keep_and: bool = True,
                 limit: int = MAX_PHRASE_CHARS) -> str | None:
    """The noun phrase that begins at `start`, determiners dropped; None when there is none.

    "and" joins two nouns of one phrase ("spare parts and components") unless a determiner or a capital follows
    it (then a new phrase or a new clause begins)."""
    end = len(text) if end is None else end
    words = _words(text, start, end)
    kept: list[re.Match[str]] = []
    for i, word in enumerate(words):
        token = word.group()
        lower = token.casefold()
        if _BOUNDARY.fullmatch(token):
            break
        if not kept and lower in _DETERMINERS:
            continue
        if lower == "and" and keep_and and kept and i + 1 < len(words):
            following = words[i + 1].group()
            if following.casefold() in _DETERMINERS or following[:1].isupper() or following.casefold() in _ENDERS:
                break
            kept.append(word)
            continue
        if lower in _ENDERS and kept:
            break
        if lower in _ENDERS:
            return None
        kept.append(word)
        if len(kept) >= max_words:
            break
    while kept and kept[-1].group().casefold() in ("and", "of", *_DETERMINERS):
        kept.pop()
    while kept and kept[0].group().casefold() in _NOT_TOPICAL:
        kept.pop(0)
    if not kept or all(_DATE_WORD.fullmatch(word.group()) for word in kept):
        return None
    return fit(text[kept[0].start():kept[-1].end()], limit)


def modifiers_before(text: str, position: int, stop_at: int = 0, max_words: int = 5,
                     names_only: bool = False) -> str | None:
    """The words that modify a noun from the left, back to a determiner, a preposition or punctuation
    ("a 10-year defence cooperation agreement" → "10-year defence cooperation"). With `names_only`, only
    counts, names, hyphenated words and classifying adjectives ("600,000 Russian", "long-range", "supersonic")."""
    words = _words(text, max(stop_at, position - 120), position)
    kept: list[re.Match[str]] = []
    for word in reversed(words):
        token = word.group()
        lower = token.casefold()
        if _BOUNDARY.fullmatch(token) or lower in _DETERMINERS or lower in _ENDERS or lower in ("and", "of") \
                or lower in _NOT_TOPICAL or lower in _PARTICLES or token.endswith(("’s", "'s")) \
                or len(kept) >= max_words:
            break
        name_like = (token.lstrip("'‘’")[:1].isupper() or "-" in token or token[:1].isdigit() or token[:1] in "$€£"
                     or bool(_ADJECTIVE.search(lower)))
        # The word next to the head may be a noun of a compound ("cruise missiles"), not a verb ("discussed").
        compound = not kept and not _VERB_FORM.search(lower)
        if names_only and not (name_like or compound):
            break
        kept.insert(0, word)
    if not kept:
        return None
    return fit(text[kept[0].start():kept[-1].end()], MAX_PHRASE_CHARS)


def quantity_before(text: str, position: int) -> str | None:
    """A count or amount right before a position ("36", "more than 20", "$600 million")."""
    before = text[max(0, position - 40):position].rstrip()
    match = re.search(r"(?:(?:more|fewer|less) than |up to |about |some |nearly |over )?"
                      r"(?:[$€£]\s?)?\d[\d,.]*(?:\s?(?:million|billion|trillion|bn))?$", before, re.IGNORECASE)
    return match.group() if match else None


def is_quantity(word: str) -> bool:
    return bool(_QUANTITY.fullmatch(word))


# Reporting verbs: a "reason" that runs into one is somebody's report ("after a South Korean newspaper said ..."),
# not why the measures were taken.
_QUOTED = re.compile(r"[\"“][\w’' -]{1,40}[\"”](?=\s\w)")
_REPORTED = re.compile(r"\s(?:said|says|told|reported|reports|according to)\b")


def reason_phrase(text: str, start: int) -> str | None:
    """A reason from its marker on ("over its nuclear weapons programme", "for buying S-400 systems"), ended
    at the first clause boundary and kept short; none when the words after the marker are a report ("after a
    newspaper said ...")."""
    end = len(text)
    boundary = _BOUNDARY.search(text, start)
    # A few words quoted inside the reason ("for completing "significant transactions" with Russia's arms
    # exporter") belong to it: the phrase goes on past the closing quote.
    while boundary and boundary.group() in '"“' and boundary.start() > start:
        quoted = _QUOTED.match(text, boundary.start())
        if not quoted:
            break
        boundary = _BOUNDARY.search(text, quoted.end())
    if boundary:
        end = boundary.start()
    reported = _REPORTED.search(text[start:end])
    clause_end = re.search(r"\s(?:while|but|which|who)\b", text[start:end])
    if reported and not (clause_end and clause_end.start() < reported.start()):
        return None
    if clause_end:
        end = start + clause_end.start()
    phrase = text[start:end].strip()
    return fit(phrase, MAX_REASON_CHARS) if phrase else None


def fit(phrase: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary."""
    phrase = " ".join(phrase.split())
    if len(phrase) <= limit:
        return phrase
    cut = phrase[:limit + 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-")
