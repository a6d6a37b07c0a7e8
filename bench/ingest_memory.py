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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, help="where to build the inputs (default: a temporary folder)")
    parser.add_argument("--big-records", type=int, default=50, help="19 MiB records in the .warc.gz (default 50)")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory(prefix="chancery-ingest-memory-") as scratch:
        folder = args.folder or Path(scratch) / "inputs"
        built = build(folder, args.big_records)
        print(f"inputs: {built['files']} files, {built['bytes_on_disk'] / MIB:.0f} MiB on disk")
        database = Path(scratch) / "work.duckdb"
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
        result = subprocess.run([sys.executable, __file__, "--child", str(folder), str(database)], env=env,
                                capture_output=True, text=True, check=False)
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if result.returncode:
            print(result.stderr[-3000:])
            sys.exit(result.returncode)
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        print(f"ingest: {figures}")
        print(f"peak RSS of ingest: {peak_kib / 1024:.0f} MiB ({peak_kib / 1024 / 1024:.2f} GiB; target < 2 GiB)")


if __name__ == "__main__":
    main()
