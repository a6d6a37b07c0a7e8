"""Cut the dev split of the development corpus into two halves, to study one and hold the other out.

Rules fitted to the dev sentences a contributor has read scored higher on dev and no higher on the test split (see
docs/extraction.md, "Evaluation"): studying half A's errors and scoring half B only (or the other way round) shows,
before the test split is scored, whether a change carries over to articles nobody read for it.

Articles that entered the corpus in a later batch were read by no rule yet: `--batches c7 c8` halves only the dev
articles of those provenance batches (`tests/data/corpus/provenance/c7.csv`, ...), the fairest held-out half there is.

Writes OUT/devA/ and OUT/devB/ (copies of the articles) and OUT/devA.json, OUT/devB.json (the dev gold facts any of
whose files is in that half). A file is in half A when the SHA-1 of its name, read as a number, is even.
Usage: python scripts/dev_halves.py OUT [--batches c7 c8 ...]
"""

import argparse
import csv
import hashlib
import json
import shutil
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "corpus"
DEV_GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "gold" / "corpus_dev_facts.json"


def half_of(file_name: str) -> str:
    return "A" if int(hashlib.sha1(file_name.encode()).hexdigest(), 16) % 2 == 0 else "B"


def batch_files(batches: list[str]) -> set[str]:
    files: set[str] = set()
    for batch in batches:
        with (CORPUS / "provenance" / f"{batch}.csv").open(encoding="utf-8", newline="") as handle:
            files |= {row["file"] for row in csv.DictReader(handle)}
    return files


def main(out: Path, batches: list[str] | None = None) -> None:
    with (CORPUS / "split.csv").open(encoding="utf-8") as handle:
        dev = [row["file"] for row in csv.DictReader(handle) if row["split"] == "dev"]
    if batches:
        members = batch_files(batches)
        dev = [name for name in dev if name in members]
    gold = json.loads(DEV_GOLD.read_text(encoding="utf-8"))
    for half in "AB":
        files = [name for name in dev if half_of(name) == half]
        folder = out / f"dev{half}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name in files:
            shutil.copy(CORPUS / "articles" / name, folder / name)
        stems = {name.rsplit(".", 1)[0] for name in files}
        subset = {"about": f"Half {half} of {DEV_GOLD.name} (scripts/dev_halves.py): the facts any of whose files "
                           f"is among its {len(files)} articles."}
        for table in ("agreements", "visits", "sanctions"):
            subset[table] = {kind: [fact for fact in facts if stems & set(fact["files"])]
                             for kind, facts in gold[table].items()}
        (out / f"dev{half}.json").write_text(json.dumps(subset, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"half {half}: {len(files)} articles in {folder}, gold {out / f'dev{half}.json'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--batches", nargs="+", help="only the dev articles of these provenance batches")
    arguments = parser.parse_args(sys.argv[1:])
    main(arguments.out, arguments.batches)
