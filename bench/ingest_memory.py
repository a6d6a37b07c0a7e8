"""Peak memory of ingest over a mix of inputs at the documented caps, printed (issue 18, finding 6).

The mix: the review's `.warc.gz` (a few MiB holding 50 records of 19 MiB each), a JSON Lines file of 19 MiB
lines, a `.json` file near its 64 MiB cap, plain-text and HTML files of 19 MiB, and a few thousand ordinary
articles. Ingest (the raw_articles asset, as `chancery run` configures its DuckDB connection) runs in a child
process; its peak resident set size is the figure.

    python bench/ingest_memory.py [--folder DIR] [--big-records 50]
"""

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MIB = 1024 * 1024
BIG = 19 * MIB  # under the 20 MiB document cap
WORDS = ("Japan and Canada signed a free trade agreement in Tokyo on Friday officials said while talks on "
         "sanctions against Iran continued in Geneva").split()


def big_text(number: int, size: int = BIG) -> bytes:
    """Text of `size` bytes, different for each `number` (equal content would be rejected as a duplicate)."""
    line = (" ".join(WORDS[(number + i) % len(WORDS)] for i in range(40)) + f" {number}.\n").encode()
    return (f"Story {number}\n\n".encode() + line * (size // len(line) + 1))[:size]


def warc_record(number: int, payload: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + payload
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/{number}\r\n"
            f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{number:012d}>\r\nContent-Length: {len(http)}\r\n\r\n")
    return head.encode() + http + b"\r\n\r\n"


def build(folder: Path, big_records: int) -> dict[str, int]:
    folder.mkdir(parents=True, exist_ok=True)
    with gzip.open(folder / "review.warc.gz", "wb", compresslevel=6) as archive:
        for number in range(big_records):
            archive.write(warc_record(number, big_text(number)))
    with (folder / "big.jsonl").open("w") as lines:
        for number in range(1000, 1010):
            lines.write(json.dumps({"title": f"Story {number}", "text": big_text(number).decode()}) + "\n")
    (folder / "big.json").write_text(json.dumps([{"text": big_text(number, 20 * MIB).decode()}
                                                 for number in range(2000, 2003)]))
    for number in range(3000, 3005):
        (folder / f"big_{number}.txt").write_bytes(big_text(number))
        (folder / f"big_{number}.html").write_bytes(b"<html><body><p>" + big_text(number + 100) + b"</p></body></html>")
    small = folder / "small"
    small.mkdir(exist_ok=True)
    for number in range(3000):
        (small / f"a_{number:05d}.txt").write_bytes(big_text(10_000 + number, 3000))
    return {"files": sum(1 for p in folder.rglob("*") if p.is_file()),
            "bytes_on_disk": sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())}


def child(folder: Path, database: Path) -> None:
    """Ingest `folder` into `database` with the raw_articles asset, as a run does."""
    from dagster import DagsterInstance, materialize
    from dagster_duckdb import DuckDBResource

    from pipeline.defs.ingest import raw_articles
    from pipeline.defs.sources_resource import ArticleSources
    from pipeline.paths import memory_limit_setting

    started = time.perf_counter()
    result = materialize([raw_articles], instance=DagsterInstance.ephemeral(), resources={
        "warehouse": DuckDBResource(database=str(database),
                                    connection_config={"memory_limit": memory_limit_setting()}),
        "sources": ArticleSources(paths=[str(folder)])})
    (materialization,) = result.asset_materializations_for_node("raw_articles")
    counts = {key: value.value for key, value in materialization.metadata.items()}
    print(json.dumps({"success": result.success, "seconds": round(time.perf_counter() - started, 1), **counts}))


def read_only(folder: Path) -> None:
    """Read every document of `folder` as ingest does, without loading it anywhere: the readers' share."""
    from pipeline.ingest.files import discover, read_path

    documents = 0
    for item in discover([folder]):
        if isinstance(item, Path):
            documents += sum(1 for _ in read_path(item))
    print(json.dumps({"documents": documents}))


def _peak_of_child(args: list[str]) -> tuple[dict[str, object], float]:
    """Run this script as a child; its last line of output (JSON) and its peak RSS in MiB."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = subprocess.run([sys.executable, __file__, *args], env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        print(result.stderr[-3000:])
        sys.exit(result.returncode)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak <= before:
        raise SystemExit("the second child did not exceed the first's peak: run the measurements separately")
    return json.loads(result.stdout.strip().splitlines()[-1]), peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, help="where to build the inputs (default: a temporary folder)")
    parser.add_argument("--big-records", type=int, default=50, help="19 MiB records in the .warc.gz (default 50)")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--read-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    if args.read_only:
        read_only(args.read_only)
        return
    with tempfile.TemporaryDirectory(prefix="chancery-ingest-memory-") as scratch:
        folder = args.folder or Path(scratch) / "inputs"
        built = build(folder, args.big_records)
        print(f"inputs: {built['files']} files, {built['bytes_on_disk'] / MIB:.0f} MiB on disk")
        # The readers alone first (the smaller peak: RUSAGE_CHILDREN keeps the largest of all children).
        figures, reading = _peak_of_child(["--read-only", str(folder)])
        print(f"reading only (no warehouse): {figures['documents']} documents, peak RSS {reading:.0f} MiB")
        figures, ingest = _peak_of_child(["--child", str(folder), str(Path(scratch) / "work.duckdb")])
        print(f"ingest: {figures}")
        print(f"peak RSS of ingest: {ingest:.0f} MiB ({ingest / 1024:.2f} GiB; target < 2 GiB)")


if __name__ == "__main__":
    main()
