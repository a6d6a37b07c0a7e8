"""Build the first-name gender table from the US Social Security Administration's baby names (dev-time tool).

    python scripts/build_first_name_genders.py DIR

``DIR`` holds the SSA's national files ``yobYYYY.txt`` (``name,sex,count`` per line; the unpacked
``names.zip`` of "Baby Names from Social Security Card Applications - National Data", a US government work in the
public domain; origin and limits in ``pipeline/data/first_name_genders.md``). Writes
``pipeline/data/first_name_genders.csv``: one row per first name given to at least ``MIN_BIRTHS`` babies over all
years, of whom at least ``MIN_SHARE`` were of one sex. The pronoun resolver takes such a name for the person's sex;
every other name says nothing (either pronoun may refer to the person).

The share is high on purpose: a name that is one sex in American English and the other in another language
("Andrea", "Joan", "Patrice", "Michele") shows it as a few per cent of American births of the other sex, so it
falls below 99 % and is left out. Running the script twice gives the same file.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "pipeline" / "data" / "first_name_genders.csv"
MIN_BIRTHS = 3000
MIN_SHARE = 0.99


def totals(directory: Path) -> dict[str, list[int]]:
    """Births per name over all years: [female, male]."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    files = sorted(directory.glob("yob*.txt"))
    if not files:
        raise SystemExit(f"no yobYYYY.txt files in {directory}")
    for path in files:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                name, sex, count = line.strip().split(",")
                counts[name][sex == "M"] += int(count)
    return counts


def rows(counts: dict[str, list[int]]) -> list[tuple[str, str, int, str]]:
    kept = []
    for name, (female, male) in counts.items():
        births = female + male
        share = max(female, male) / births
        if births >= MIN_BIRTHS and share >= MIN_SHARE:
            kept.append((name, "f" if female > male else "m", births, f"{share:.3f}"))
    return sorted(kept)


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        raise SystemExit(__doc__)
    kept = rows(totals(Path(argv[0])))
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["name", "gender", "births", "share"])
        writer.writerows(kept)
    print(f"{len(kept)} names -> {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
