"""The dev split cut in two halves (scripts/dev_halves.py): each article in one half, each fact in a half."""

import csv
import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("dev_halves", ROOT / "scripts" / "dev_halves.py")
dev_halves = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(dev_halves)  # type: ignore[union-attr]


def test_the_halves_split_the_dev_articles_and_keep_every_fact(tmp_path: Path) -> None:
    dev_halves.main(tmp_path)
    with (ROOT / "tests" / "data" / "corpus" / "split.csv").open(encoding="utf-8") as handle:
        dev = {row["file"] for row in csv.DictReader(handle) if row["split"] == "dev"}
    a, b = ({p.name for p in (tmp_path / f"dev{h}").iterdir()} for h in "AB")
    assert a and b and not a & b and a | b == dev
    gold = json.loads((ROOT / "tests" / "data" / "gold" / "corpus_dev_facts.json").read_text(encoding="utf-8"))
    halves = [json.loads((tmp_path / f"dev{h}.json").read_text(encoding="utf-8")) for h in "AB"]
    for table in ("agreements", "visits", "sanctions"):
        for kind, facts in gold[table].items():
            ids = [{fact["id"] for fact in half[table][kind]} for half in halves]
            assert ids[0] | ids[1] == {fact["id"] for fact in facts}
            stems_a = {name.rsplit(".", 1)[0] for name in a}
            assert all(set(fact["files"]) & stems_a for fact in halves[0][table][kind])


def test_the_halves_of_later_batches_hold_only_their_dev_articles(tmp_path: Path) -> None:
    dev_halves.main(tmp_path, ["c7", "c8"])
    members = dev_halves.batch_files(["c7", "c8"])
    with (ROOT / "tests" / "data" / "corpus" / "split.csv").open(encoding="utf-8") as handle:
        dev = {row["file"] for row in csv.DictReader(handle) if row["split"] == "dev"}
    a, b = ({p.name for p in (tmp_path / f"dev{h}").iterdir()} for h in "AB")
    assert a and b and a | b == dev & members
    # Every fact of a half comes from an article of that half, none from the older batches.
    half_a = json.loads((tmp_path / "devA.json").read_text(encoding="utf-8"))
    stems_a = {name.rsplit(".", 1)[0] for name in a}
    assert all(set(fact["files"]) & stems_a for fact in half_a["visits"]["required"])
    assert half_a["visits"]["required"]
