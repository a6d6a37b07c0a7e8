"""Named groups of states as parties: "the G7 leaders agreed", "a deal between Iran and six world powers",
"NATO members agreed". A group stands for its members (from `groupings.csv`, as the membership was on the
article's date); a group named as where something happened ("at the G7 summit") is a venue, not a party.
"""

import re
from dataclasses import dataclass

from pipeline.extract.grammar import negated
from pipeline.extract.lexicon import Lexicon
from pipeline.extract.sentence_view import SentenceView

_VENUE_AFTER = re.compile(r"\s+(?:summits?|meetings?|gatherings?|sidelines|conferences?|hosts?|presidency|chair)\b",
                          re.IGNORECASE)
_VENUE_BEFORE = re.compile(r"\b(?:at|in|during|sidelines of|ahead of|before|after|into)\s+(?:the\s+)?(?:\w+\s+)?$",
                           re.IGNORECASE)
# "NATO members agreed", "EU leaders signed": the bloc's members among themselves.
_MEMBERS_AFTER = re.compile(r"(?:[’']s)?\s+(?:\w+\s+)?(?:members?|leaders|allies|countries|states|nations|governments|"
                            r"ministers|partners)\b", re.IGNORECASE)


@dataclass(frozen=True)
class GroupParties:
    members: list[str]
    spans: list[tuple[int, int]]  # where the groups are named: an actor inside one ("European Union Three") is not


def group_parties(view: SentenceView, start: int, end: int, lexicon: Lexicon) -> GroupParties:
    """The members of the groups of states named as actors between `start` and `end`."""
    members: list[str] = []
    spans: list[tuple[int, int]] = []
    for grouping, match in lexicon.groupings.find(view.text, start, end):
        if _VENUE_AFTER.match(view.text, match.end()) \
                or _VENUE_BEFORE.search(view.text, max(0, match.start() - 40), match.start()):
            continue
        # "Trump's withdrawal from the Trans-Pacific Partnership (TPP)": a group left or rejected brings no parties
        # (reaching over a long name to its acronym).
        codes = [] if negated(view.text, match.start(), 60) else grouping.members_on(view.published)
        if codes:
            members.extend(c for c in codes if c not in members)
            spans.append((match.start(), match.end()))
    return GroupParties(members, spans)


def bloc_among_members(view: SentenceView, start: int, end: int) -> str | None:
    """The bloc whose members act together in the clause ("Nato leaders agreed a spending target"), if any."""
    for actor in view.actors_in(start, end):
        if actor.kind == "organisation" and _MEMBERS_AFTER.match(view.text, actor.end):
            return actor.code
    return None


# "Vienna (CNN) After arduous talks", "LAUSANNE, Switzerland — ...": where the report was filed.
_DATELINE = re.compile(r"[A-Z][A-Za-z .'-]{1,40}?(?:,\s*[A-Z][\w .]{1,30}?)?\s*"
                       r"(?:\([^)]{1,30}\)\s*(?:[—–-]{1,2}\s*)?|[—–-]{1,2}\s)")


def dateline_zone(view: SentenceView) -> list[tuple[int, int]]:
    """The dateline opening a sentence, when it names a place: its actors are not parties."""
    match = _DATELINE.match(view.text) if view.sentence.index == 0 else None
    if match and any(a.start == 0 and a.kind in ("place", "country") for a in view.actors):
        return [(0, match.end())]
    return []
