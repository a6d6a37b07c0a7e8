"""Which pronoun may refer to a person: "she", "he", or either.

A person's sex is read from data, never guessed: a gendered title right before the name in the sentence ("Mrs
May", "Queen Elizabeth II"), the words of the official's title in the dictionary ("Crown Prince"), else the first
name in a table built from US birth records (`pipeline/data/first_name_genders.md` says where the tables come from
and what they miss). Anything else means either. One dictionary lookup or three per person named.
"""

import csv
import re
from functools import cache
from importlib import resources

from pipeline.extract.actors import Actor
from pipeline.extract.lexicon import Lexicon

_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.?\s+$")


def _table(name: str, key: str) -> dict[str, str]:
    with (resources.files("pipeline") / "data" / name).open(encoding="utf-8", newline="") as handle:
        return {row[key]: row["gender"] for row in csv.DictReader(handle)}


@cache
def first_name_genders() -> dict[str, str]:
    return _table("first_name_genders.csv", "name")


@cache
def title_genders() -> dict[str, str]:
    return _table("gendered_titles.csv", "title")


def person_gender(sentence: str, actor: Actor, lexicon: Lexicon) -> str | None:
    """"f", "m", or None when the data do not tell."""
    titles = title_genders()
    before = _WORD_BEFORE.search(sentence, max(0, actor.start - 16), actor.start)
    if before:
        # "Mrs", "Queen" as written; role nouns ("spokeswoman") whatever their case, but never a verb ("miss").
        word = before.group(1)
        sex = titles.get(word) or titles.get(word.lower())
        if sex is not None:
            return sex
    if not actor.person:
        return None
    offices = {titles.get(word.strip("()")) for official in lexicon.officials_by_name.get(actor.person, ())
               if official.full_name == actor.person for word in official.title.split()} - {None}
    if len(offices) == 1:
        return offices.pop()
    first = actor.person.split()[0]
    return titles.get(first) or first_name_genders().get(first)
