"""Pronouns that agree in sex with the person they refer back to (pipeline/extract/genders.py, Discourse.referent)."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
from pathlib import Path

from pipeline.extract.actors import Actor, find_actors
from pipeline.extract.article import extract_article
from pipeline.extract.genders import first_name_genders, person_gender
from pipeline.extract.lexicon import load_lexicon
from pipeline.text.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("build_first_name_genders",
                                               ROOT / "scripts" / "build_first_name_genders.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)


def visits(text: str, published: dt.date) -> list[tuple[str | None, str | None]]:
    return [(m.visitor_name, m.host_country_code)
            for m in extract_article(split_sentences(text), published, load_lexicon()) if m.fact_type == "visit"]


def gender(sentence: str, name: str, published: dt.date) -> str | None:
    [actor] = [a for a in find_actors(sentence, load_lexicon(), published) if a.text == name]
    return person_gender(sentence, actor, load_lexicon())


def test_she_does_not_refer_back_to_a_man() -> None:
    # zelenskiy-chequers-sunak-pilot-training: the "she" is Ursula von der Leyen, whom no earlier sentence named.
    text = ("Speaking after his talk with the Ukrainian president, Volodymyr Zelenskiy, at Chequers, Sunak said the UK "
            "would help. Ahead of these events, she said countries had a duty to show the same level of stamina, "
            "perseverance that she had witnessed from Ukrainians on a visit to Kyiv last week.")
    assert ("Rishi Sunak", "UKR") not in visits(text, dt.date(2023, 5, 15))


def test_she_and_he_skip_the_person_of_the_other_sex_named_last() -> None:
    published = dt.date(2018, 3, 1)
    she = ("German Chancellor Angela Merkel spoke with French President Emmanuel Macron on Monday. "
           "She arrived in Washington on Tuesday.")
    assert visits(she, published) == [("Angela Merkel", "USA")]
    he = ("French President Emmanuel Macron spoke with German Chancellor Angela Merkel on Monday. "
          "He arrived in Washington on Tuesday.")
    assert visits(he, published) == [("Emmanuel Macron", "USA")]


def test_a_pronoun_refers_to_the_subject_of_the_last_sentence_naming_people() -> None:
    # rice-defends-us-aid-pakistan-berlin: no table knows "Condoleezza" or "Pervez"; she is the sentence's subject.
    text = ("BERLIN - Secretary of State Condoleezza Rice said Tuesday the Bush administration will fight efforts to "
            "cut aid to Pakistan, where President Pervez Musharraf faces elections. \"That is very much on "
            "everybody's mind,\" she told reporters on her plane as she flew to Germany for a meeting.")
    assert ("Condoleezza Rice", "DEU") in visits(text, dt.date(2008, 1, 22))
    assert ("Pervez Musharraf", "DEU") not in visits(text, dt.date(2008, 1, 22))
    # obama-g20-st-petersburg-putin-syria: "He" is Putin, not Obama named after him.
    text = ("Putin has been among the loudest critics on the international stage of Obama's push for a military "
            "strike in Syria. He said in Paris on Wednesday that a strike would be illegal.")
    assert visits(text, dt.date(2013, 9, 5)) == [("Vladimir Putin", "FRA")]


def test_a_person_of_unknown_sex_may_be_either() -> None:
    # "Pervez" is no name of the US birth records: either pronoun may refer to Musharraf.
    text = "President Pervez Musharraf faces elections. She flew to Germany for a meeting."
    assert visits(text, dt.date(2008, 1, 22)) == [("Pervez Musharraf", "DEU")]


def test_sex_from_a_title_the_office_or_the_first_name() -> None:
    lexicon = load_lexicon()
    assert gender("Mrs Merkel said", "Merkel", dt.date(2018, 3, 1)) == "f"
    assert gender("Rishi Sunak said", "Rishi Sunak", dt.date(2023, 5, 15)) == "m"
    assert gender("Pervez Musharraf said", "Pervez Musharraf", dt.date(2008, 1, 22)) is None
    # The title right before the name tells what the first name does not.
    bhutto = Actor(3, 9, "Bhutto", "PAK", "person", "Benazir Bhutto")
    assert person_gender("Ms Bhutto spoke", bhutto, lexicon) == "f"
    assert person_gender("PM Bhutto spoke", bhutto, lexicon) is None
    hua = Actor(37, 48, "Hua Chunying", "CHN", "person", "Hua Chunying")
    assert person_gender("Chinese foreign ministry spokeswoman Hua Chunying said", hua, lexicon) == "f"
    assert person_gender("Fans will miss Bhutto", Actor(15, 21, "Bhutto", "PAK", "person", "Benazir Bhutto"),
                         lexicon) is None
    # The office in the dictionary: a crown prince, a queen.
    assert gender("Mohammed bin Salman said", "Mohammed bin Salman", dt.date(2018, 3, 1)) == "m"
    assert gender("Elizabeth II said", "Elizabeth II", dt.date(2018, 3, 1)) == "f"


def test_the_table_keeps_names_of_one_sex_only() -> None:
    counts = {"Angela": [990, 10], "Andrea": [980, 20], "Jose": [1, 999], "Kim": [800, 200], "Rare": [5, 0]}
    scaled = {name: [female * 10, male * 10] for name, (female, male) in counts.items()}  # 10,000 births each
    kept = {name: sex for name, sex, _, _ in build.rows(scaled)}
    assert kept == {"Angela": "f", "Jose": "m"}  # "Andrea" is 2 % male: a name of both sexes somewhere
    table = first_name_genders()
    assert (table.get("Angela"), table.get("Rishi"), table.get("Andrea"), table.get("Kim")) == ("f", "m", None, None)
    with (ROOT / "pipeline" / "data" / "first_name_genders.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert all(int(r["births"]) >= build.MIN_BIRTHS and float(r["share"]) >= build.MIN_SHARE for r in rows)
