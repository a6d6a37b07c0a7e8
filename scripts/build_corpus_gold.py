"""Build the development corpus's gold files from its annotations, and split the corpus into dev and test.

Inputs (tests/data/corpus/): `articles/` (the files), `provenance/*.csv` (origin and publication date of each),
and three readings per file in `annotations/`: A (the collector's), B (an independent second annotator's, made
without seeing A) and, where A and B disagreed on which facts are required (or on a date), C (a third reading that
settles each disagreement, logged in `annotations/C/<stem>.log.md`).

A file's final annotation is C when there is one, else A and B merged: facts both give as required, with their
keywords and statuses united and the more precise of two agreeing dates; everything else either gives, acceptable.
Facts of different files in one split that are the same real-world fact (same actors and roles, agreeing non-null
dates) become one entry listing both files, as MATCHING.md counts one row per real-world fact.

The split is fixed by a hash of the file name: a third of the files (sha256 of the stem, first 8 hex digits, mod 3
== 0) are `test`, the rest `dev`. Rules and dictionaries are changed by looking at dev errors only; test is scored,
never studied.

    python scripts/build_corpus_gold.py      # writes tests/data/gold/corpus_{dev,test}_facts.json and split.csv
"""

from __future__ import annotations

import csv
import hashlib
import json
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "corpus"
GOLD = ROOT / "tests" / "data" / "gold"
TYPES = ("agreements", "visits", "sanctions")
PRECISION = {4: 0, 7: 1, 10: 2}


def split_of(stem: str) -> str:
    return "test" if int(hashlib.sha256(stem.encode()).hexdigest()[:8], 16) % 3 == 0 else "dev"


def _fold(text: str | None) -> str:
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fact_key(kind: str, fact: dict[str, Any]) -> tuple:
    """What makes two entries the same fact: the actors and their roles (and the visitor's surname)."""
    if kind == "agreements":
        return tuple(sorted(fact.get("parties") or []))
    if kind == "visits":
        surname = _fold(fact["visitor"].split()[-1]) if fact.get("visitor") else None
        return fact.get("visitor_country"), fact.get("host_country"), surname
    return fact.get("imposer"), fact.get("target"), fact.get("status")


def _dates_agree(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and (a.startswith(b) or b.startswith(a))


def _finer(a: str | None, b: str | None) -> str | None:
    """Of two agreeing dates, the more precise; of one, that one."""
    if a is None or b is None:
        return a or b
    return a if len(a) >= len(b) else b


def _same_subject(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two deals (or sanctions) of the same actors are one fact only if a keyword of one is a keyword of the other;
    a visit has no subject beyond its actors and visitor."""
    first = {k.casefold() for k in a.get("keywords") or []}
    second = {k.casefold() for k in b.get("keywords") or []}
    return not first and not second or bool(first & second)


def _unite(values: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(value.casefold(), value)
    return list(seen.values())


def _merge(kind: str, a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """One fact from two readings of it: keywords and statuses united, the more precise of agreeing dates (the
    one date given when only one reading gives it; none when they conflict)."""
    merged = dict(a)
    if kind == "visits":
        merged["visitor"] = a.get("visitor") or b.get("visitor")
        merged["city"] = a.get("city") or b.get("city")
    else:
        merged["keywords"] = _unite([*(a.get("keywords") or []), *(b.get("keywords") or [])])
    if kind == "agreements":
        merged["status"] = _unite([*(a.get("status") or []), *(b.get("status") or [])]) or None
    first, second = a.get("date"), b.get("date")
    agree = first is None or second is None or _dates_agree(first, second)
    merged["date"] = _finer(first, second) if agree else None
    return merged


def merge_readings(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """A and B of a file they agree on: shared required facts merged, everything else acceptable."""
    final: dict[str, Any] = {"file": a["file"], "published": a.get("published") or b.get("published")}
    for kind in TYPES:
        required, acceptable = [], []
        b_required = list(b[kind]["required"])
        for fact in a[kind]["required"]:
            twin = next((f for f in b_required if fact_key(kind, f) == fact_key(kind, fact)), None)
            if twin is None:
                acceptable.append(fact)
            else:
                b_required.remove(twin)
                required.append(_merge(kind, fact, twin))
        acceptable += b_required + a[kind]["acceptable"] + b[kind]["acceptable"]
        final[kind] = {"required": required, "acceptable": acceptable}
    return final


def final_annotation(stem: str) -> dict[str, Any]:
    third = CORPUS / "annotations" / "C" / f"{stem}.json"
    if third.exists():
        return json.loads(third.read_text())
    return merge_readings(json.loads((CORPUS / "annotations" / "A" / f"{stem}.json").read_text()),
                          json.loads((CORPUS / "annotations" / "B" / f"{stem}.json").read_text()))


def provenance() -> dict[str, dict[str, str]]:
    rows = {}
    for path in sorted((CORPUS / "provenance").glob("*.csv")):
        with path.open(newline="") as handle:
            for row in csv.DictReader(handle):
                rows[Path(row["file"]).stem] = row
    return rows


def build_split(stems: list[str], split: str) -> dict[str, Any]:
    gold: dict[str, Any] = {kind: {"required": [], "acceptable": []} for kind in TYPES}
    for stem in stems:
        annotation = final_annotation(stem)
        for kind in TYPES:
            for klass in ("required", "acceptable"):
                for fact in annotation[kind][klass]:
                    entry = {k: v for k, v in fact.items() if k not in ("id", "files")}
                    # Acceptable entries merge more freely: a second copy would excuse no other row.
                    loose = klass == "acceptable"
                    same = next((g for g in gold[kind][klass] if fact_key(kind, g) == fact_key(kind, entry)
                                 and (loose or stem not in g["files"] and _same_subject(g, entry))
                                 and (_dates_agree(g.get("date"), entry.get("date"))
                                      or loose and None in (g.get("date"), entry.get("date")))), None)
                    if same is not None:
                        if stem not in same["files"]:
                            same["files"].append(stem)
                        if kind != "visits":
                            same["keywords"] = _unite([*(same.get("keywords") or []), *(entry.get("keywords") or [])])
                        continue
                    gold[kind][klass].append({**entry, "files": [stem]})
    for kind in TYPES:
        for klass in ("required", "acceptable"):
            for number, fact in enumerate(gold[kind][klass], 1):
                fact["id"] = f"{split[0]}{kind[0]}{klass[0]}{number}"
    counts = Counter({f"{kind} {klass}": len(gold[kind][klass])
                      for kind in TYPES for klass in ("required", "acceptable")})
    about = (f"Gold facts of the {split} split of the development corpus (tests/data/corpus/, {len(stems)} articles; "
             "origin and licence of each in its README). Each file was annotated twice, independently and without "
             "looking at the extractor or its output; disagreements were settled by a third reading "
             "(tests/data/corpus/annotations/). Built by scripts/build_corpus_gold.py; rules: MATCHING.md beside "
             "this file. 'files' lists the article stems stating a fact. Dates are resolved against the publication "
             "dates in the provenance; a plain-text article carries none the pipeline can read, so its relative dates "
             "are usually unmatched by the extractor but never penalised (a null row date agrees). "
             f"Counts: {dict(counts)}.")
    return {"about": about, **gold}


def agreement_between_readings(stems: list[str]) -> dict[str, float]:
    """Inter-annotator agreement of A and B on required facts (F1 of their keys), per fact type."""
    figures = {}
    for kind in TYPES:
        both = first = second = 0
        for stem in stems:
            a = json.loads((CORPUS / "annotations" / "A" / f"{stem}.json").read_text())
            b = json.loads((CORPUS / "annotations" / "B" / f"{stem}.json").read_text())
            keys_a = Counter(fact_key(kind, f) for f in a[kind]["required"])
            keys_b = Counter(fact_key(kind, f) for f in b[kind]["required"])
            both += sum((keys_a & keys_b).values())
            first, second = first + sum(keys_a.values()), second + sum(keys_b.values())
        figures[kind] = round(2 * both / (first + second), 3) if first + second else 1.0
    return figures


README_HEAD = """# Development corpus: real news articles with independent gold

{count} real English news articles ({positives} stating at least one agreement, visit or sanction, {negatives}
negatives: domestic politics, markets, sport, science and other world news stating none), from {outlets} outlets,
published {first}-{last}, naming {countries} countries and blocs as actors; {html} full HTML pages (navigation,
ads and related links in place) and {text} plain-text files. None was written for this project; each is kept
exactly as found (gzip-compressed fixtures only decompressed; a dataset's JSON record stored as its title, a blank
line and its text, as each row's notes say).

Found with the public-code search tools (test fixtures of extraction and readability projects, news datasets mirrored
in repositories), never from the repositories the developers' guide reserves for independent evaluation nor the BBC
story `politics/024.txt`, and none of the articles in `../shared/corpus/`.

## Gold and split

- Every article was read by two annotators, independently and without the extractor's code or output: A (who
  collected it; for the files of `provenance/c7.csv` to `c18.csv`, a first reader who did not collect them)
  and B. They agreed on the required facts with F1 {agree} (by actors and roles).
- Where they disagreed ({disputed} articles), a third reader settled each disagreement from the article:
  `annotations/C/<stem>.json`, with one logged decision per line in `annotations/C/<stem>.log.md`.
- `python scripts/build_corpus_gold.py` merges the readings into `tests/data/gold/corpus_dev_facts.json` and
  `corpus_test_facts.json` (rules: `tests/data/gold/MATCHING.md`) and writes `split.csv`.
- The split is fixed by a hash of the file name (sha256 of the stem, first 8 hex digits, mod 3 == 0: test).
  Rules and dictionaries change by looking at **dev** errors only (`chancery evaluate --explain`); **test** is
  scored, never studied. CI scores both against floors in `tests/data/score_floor.json` that only move up.

## Licences

Repository licences and dataset terms are given per file below. The articles themselves remain the copyright of
their publishers; they are kept here as a small research sample for evaluating extraction, as the repositories they
come from keep them (as test fixtures or research datasets). Datasets with research-only terms: the BBC News dataset
(D. Greene and P. Cunningham, ICML 2006), L3S-GN1 (Kohlschütter et al., WSDM 2010), CNN/DailyMail (Hermann et al.,
NIPS 2015), the AllSides article-bias dataset (Baly et al., EMNLP 2020), the BASIL media-bias dataset (Fan et al.,
EMNLP 2019), CleanEval (Baroni et al., LREC 2008). Global Voices articles are CC BY 3.0.

## Files

| file | split | kind | outlet | published | source repository @ commit | path | original URL | licence |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
"""


def _cell(text: str) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def write_readme(sources: dict[str, dict[str, str]], stems: list[str]) -> None:
    rows = [sources[stem] for stem in stems]
    years = sorted(row["published"][:4] for row in rows if row["published"])
    countries = {code for row in rows for code in row["countries"].split(";") if code}
    agree = agreement_between_readings(stems)
    head = README_HEAD.format(
        count=len(rows), positives=sum(r["kind"] == "positive" for r in rows),
        negatives=sum(r["kind"] == "negative" for r in rows), outlets=len({r["outlet"] for r in rows}),
        first=years[0], last=years[-1], countries=len(countries),
        html=sum(r["file"].endswith(".html") for r in rows), text=sum(r["file"].endswith(".txt") for r in rows),
        agree=", ".join(f"{kind} {value}" for kind, value in agree.items()),
        disputed=len(list((CORPUS / "annotations" / "C").glob("*.json"))))
    lines = [f"| `{_cell(r['file'])}` | {split_of(Path(r['file']).stem)} | {r['kind']} | {_cell(r['outlet'])} | "
             f"{r['published']} | `{r['repo']}` @ `{r['commit'][:12]}` | `{_cell(r['path'])}` | {_cell(r['url'])} | "
             f"{_cell(r['licence'])} |" for r in rows]
    commits = sorted({(r["repo"], r["commit"]) for r in rows})
    tail = ["", "Full commit ids: " + "; ".join(f"`{repo}` {commit}" for repo, commit in commits) + ".", ""]
    (CORPUS / "README.md").write_text(head + "\n".join(lines) + "\n" + "\n".join(tail))


def main() -> None:
    sources = provenance()
    stems = sorted(p.stem for p in (CORPUS / "articles").iterdir())
    missing = [s for s in stems if s not in sources]
    if missing:
        raise SystemExit(f"articles without provenance: {missing}")
    splits = {split: [s for s in stems if split_of(s) == split] for split in ("dev", "test")}
    with (CORPUS / "split.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "split", "kind"])
        for stem in stems:
            writer.writerow([sources[stem]["file"], split_of(stem), sources[stem]["kind"]])
    write_readme(sources, stems)
    for split, members in splits.items():
        path = GOLD / f"corpus_{split}_facts.json"
        path.write_text(json.dumps(build_split(members, split), indent=1, ensure_ascii=False) + "\n")
        print(f"{path.relative_to(ROOT)}: {len(members)} articles")


if __name__ == "__main__":
    main()
