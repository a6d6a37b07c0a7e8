"""Find the actors a sentence names (countries, places, organisations, officials) and resolve them to codes."""

import datetime as dt
from dataclasses import dataclass

from pipeline.lexicon import Lexicon

COUNTRY_KINDS = {"name": "country", "short_name": "country", "abbreviation": "country",
                 "demonym": "demonym", "capital": "place", "city": "place",
                 "metonym": "metonym", "organisation": "organisation"}


@dataclass(frozen=True)
class Actor:
    start: int
    end: int
    text: str
    code: str
    kind: str                 # country | demonym | place | metonym | organisation | person
    person: str | None = None  # canonical full name of an official
    place: str | None = None   # the city's name when kind is place


def find_actors(sentence: str, lexicon: Lexicon, on: dt.date | None) -> list[Actor]:
    """Actors in order of appearance; a name that resolves to no single country is left out."""
    actors = []
    for match in lexicon.actor_pattern.finditer(sentence):
        name = match.group()
        people = lexicon.officials_named(name, on)
        if people:
            codes = {p.country_code for p in people}
            names = {p.full_name for p in people}
            if len(codes) == 1:
                person = next(iter(names)) if len(names) == 1 else None
                actors.append(Actor(match.start(), match.end(), name, codes.pop(), "person", person))
            continue
        code, alias_kind = lexicon.aliases[name]
        kind = COUNTRY_KINDS.get(alias_kind, "country")
        actors.append(Actor(match.start(), match.end(), name, code, kind,
                            place=name if kind == "place" else None))
    return actors
