"""Who imposes and who is the target of a measure stated by its verb rather than the word "sanctions":
"France suspended all weapon sales to Turkey", "Israel sealed all border crossings with the Gaza Strip"
(`halt`: the clause's subject imposes, the country after "to", "with" or "on" is the target, else the
country the sentence named before), "North Korea is banned under U.N. resolutions from ..." (`barred`: the
subject is the target, the body named in the trigger or after "by" imposes), "Moscow barred Boris Johnson from
entering" (`entry`: the subject imposes, the country of the people barred is the target).
"""

from pipeline.extract.actors import Actor
from pipeline.extract.grammar import after_word, clause_of, is_locative, unique
from pipeline.extract.sentence_view import Hit, SentenceView

MEASURE_VERBS = ("halt", "barred", "entry")
_PREPOSITIONS = "on|about|over|with|to|for|against|of|from|in|at|by|into|toward|towards|under|after|before"


def measure_parties(view: SentenceView, hit: Hit) -> tuple[list[str], list[str]]:
    """(imposers, targets) of a measure trigger."""
    named_in = [a for a in view.actors if hit.start <= a.start < hit.end]
    by = view.coordinated_after(hit.end, "by", within=1)
    subjects = _subjects(view, hit)
    if hit.trigger.part_of_speech == "barred":
        imposers = unique(a.code for a in (by or named_in))
        targets = [subjects[-1].code] if subjects else []
    elif hit.trigger.part_of_speech == "entry":
        # "barring Boris Johnson and other senior British officials from entering", "entry by two US lawmakers": the
        # people barred, named in the trigger or right after it, are of the target country.
        imposers = [subjects[0].code] if subjects else []
        targets = unique(a.code for a in (named_in or view.coordinated_after(hit.end)) if a.code not in imposers)
    else:
        imposers = [subjects[0].code] if subjects else []
        objects = view.coordinated_after(hit.end, "to|with|on|against|into|for|from", within=2)
        if not objects:
            # "a ban on Russian oil imports": the country the goods come from, named within the trigger.
            objects = [a for a in named_in if a.kind == "demonym" and a.code not in imposers][:1]
        if not objects:
            # "called the Saudi regime destructive and said it was halting exports": the country named before.
            objects = [a for a in view.actors_in(0, hit.start) if a.code not in imposers][-1:]
        targets = unique(a.code for a in objects)
    return imposers, [t for t in targets if t not in imposers]


def _subjects(view: SentenceView, hit: Hit) -> list[Actor]:
    """Actors before the trigger that can be its clause's or sentence's subject: not a place named as a
    location, not the object of a preposition."""
    clause = clause_of(hit.start, view.clauses)
    for start in (clause[0], 0):
        found = [a for a in view.actors_in(start, hit.start)
                 if not is_locative(view.text, a) and not after_word(view.text, a, _PREPOSITIONS)]
        if found:
            return found
    return []
