"""Benchmark the whole pipeline at several corpus sizes: per-stage wall time, throughput and memory.

For each size N it writes a synthetic corpus of N articles (bench/synthetic_corpus.py) under a
temporary folder, runs the real ``chancery run`` on it in a subprocess, and prints per stage
(ingest, clean, extract, load, dbt build, publish when the job has it) the wall time, articles
per second and peak resident memory of the whole process tree (the run, with dbt, and its workers,
sampled with psutil). Stage times come from the Dagster run's step statistics, with the load time
the Python assets report (their bulk inserts) split out of clean and extract.

Alongside, it times bare ``trafilatura.extract`` over the same HTML pages, one process, as the floor
a pipeline that must at least parse every page cannot beat, and prints the pipeline's time per
article as a multiple of it. Then it adds one new article to the N-article warehouse and runs
``chancery run`` again end to end (process start-up included): the cost of an incremental run. It
does that twice more, each time with one more article: with the same DAGSTER_HOME configured to keep its
run history through ``pipeline.run_history`` (docs/operations.md, "Run history"), and on an ephemeral Dagster instance
(no DAGSTER_HOME, as a bare ``chancery run``): the differences are what recording run history costs.

    python bench/pipeline_benchmark.py --sizes 1000 10000 [100000] [--budget-seconds 3600]

Sizes whose estimated time would overrun the budget are skipped and listed. Not a test: it prints
figures, it asserts nothing.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import trafilatura
from synthetic_corpus import DEFAULT_HTML_SHARE, write_article, write_corpus

from pipeline.run_history import dagster_yaml

CHANCERY = str(Path(sys.executable).with_name("chancery"))
PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"
SAMPLE_SECONDS = 0.1
# Dagster step keys of each stage; asset checks and anything else count as "checks & other".
STAGES = {
    "ingest": ("raw_articles",),
    "clean": ("cleaned_articles",),
    "extract": ("article_sentences", "fact_mentions"),
    "dbt build": ("chancery_dbt_models",),
}
LOADING_ASSETS = ("cleaned_articles", "article_sentences", "fact_mentions")


@dataclass
class MemorySampler:
    """Samples the summed RSS of a process and all its descendants until stopped, and the CPU time
    each of them used (a figure other load on the machine does not inflate, unlike wall time)."""

    pid: int
    samples: list[tuple[float, int]] = field(default_factory=list)
    cpu_by_pid: dict[int, float] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop.is_set():
            total = 0
            try:
                for proc in [root, *root.children(recursive=True)]:
                    try:
                        total += proc.memory_info().rss
                        times = proc.cpu_times()
                        self.cpu_by_pid[proc.pid] = times.user + times.system
                    except psutil.NoSuchProcess:
                        continue
            except psutil.NoSuchProcess:
                return
            self.samples.append((time.time(), total))
            self._stop.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def peak(self, start: float = 0.0, end: float = float("inf")) -> int:
        return max((rss for t, rss in self.samples if start <= t <= end), default=0)


@dataclass
class Stage:
    name: str
    seconds: float
    peak_rss: int


@dataclass
class RunResult:
    wall: float
    cpu: float
    peak_rss: int
    stages: list[Stage]


def run_chancery(corpus: Path, warehouse: Path, dagster_home: Path | None) -> RunResult:
    """One `chancery run`, with its per-stage timings read back from the Dagster instance it wrote; without
    a `dagster_home` it runs on an ephemeral instance (no run history, so only its totals are known)."""
    env = dict(os.environ)
    env.pop("DAGSTER_HOME", None)
    if dagster_home is not None:
        dagster_home.mkdir(parents=True, exist_ok=True)
        env["DAGSTER_HOME"] = str(dagster_home)
    args = [CHANCERY, "run", "--input", str(corpus), "--warehouse", str(warehouse), "--log-level", "WARNING"]
    started = time.time()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = MemorySampler(proc.pid)
    output, _ = proc.communicate()
    wall = time.time() - started
    sampler.stop()
    if proc.returncode != 0:
        sys.exit(f"chancery run failed ({proc.returncode}):\n{output[-4000:]}")
    cpu = sum(sampler.cpu_by_pid.values())
    stages = stage_timings(dagster_home, sampler, wall) if dagster_home is not None else []
    return RunResult(wall, cpu, sampler.peak(), stages)


def stage_timings(dagster_home: Path, sampler: MemorySampler, wall: float) -> list[Stage]:
    from dagster import DagsterEventType, DagsterInstance

    with DagsterInstance.from_config(str(dagster_home)) as instance:
        run = instance.get_runs(limit=1)[0]
        steps = {s.step_key: s for s in instance.get_run_step_stats(run.run_id) if s.end_time and s.start_time}
        loads: dict[str, float] = {}
        for entry in instance.all_logs(run.run_id, of_type=DagsterEventType.ASSET_MATERIALIZATION):
            materialization = entry.get_dagster_event().step_materialization_data.materialization
            load = materialization.metadata.get("load_seconds")
            if load is not None:
                loads[materialization.asset_key.to_user_string()] = float(load.value)

    def window(keys: tuple[str, ...]) -> tuple[float, float, float]:
        chosen = [steps[k] for k in keys if k in steps]
        if not chosen:
            return 0.0, 0.0, 0.0
        seconds = sum(s.end_time - s.start_time for s in chosen)
        return seconds, min(s.start_time for s in chosen), max(s.end_time for s in chosen)

    stages = []
    for name, keys in STAGES.items():
        seconds, start, end = window(keys)
        seconds -= sum(loads.get(k, 0.0) for k in keys)
        stages.append(Stage(name, seconds, sampler.peak(start, end)))
    load_keys = tuple(k for k in LOADING_ASSETS if k in steps)
    _, start, end = window(load_keys)
    stages.insert(3, Stage("load", sum(loads.values()), sampler.peak(start, end)))
    publish = tuple(k for k in steps if "publish" in k)
    if publish:
        seconds, start, end = window(publish)
        stages.append(Stage("publish", seconds, sampler.peak(start, end)))
    known = {k for keys in [*STAGES.values(), publish] for k in keys}
    checks = sum(s.end_time - s.start_time for k, s in steps.items() if k not in known)
    stages.append(Stage("checks", checks, 0))
    stepped = sum(s.end_time - s.start_time for s in steps.values())
    # Process start-up, loading the definitions, dbt manifest and run bookkeeping.
    stages.append(Stage("start-up & other", wall - stepped, sampler.peak(0, min(
        (s.start_time for s in steps.values()), default=float("inf")))))
    return stages


def floor_seconds_per_page(corpus: Path, max_pages: int) -> tuple[float, int]:
    """Bare trafilatura.extract over the corpus's HTML pages in this one process: seconds per page."""
    pages = sorted(corpus.rglob("*.html"))[:max_pages]
    total = 0.0
    for path in pages:
        html = path.read_text(encoding="utf-8")
        started = time.perf_counter()
        trafilatura.extract(html)
        total += time.perf_counter() - started
    return (total / len(pages) if pages else float("nan")), len(pages)


def mib(value: int) -> str:
    return f"{value / 2**20:,.0f}" if value else "-"


def print_run(label: str, articles: int, result: RunResult) -> None:
    print(f"\n{label}: {articles:,} articles, {result.wall:.1f} s end to end, {result.cpu:.0f} CPU s, "
          f"peak RSS {mib(result.peak_rss)} MiB (whole process tree)")
    print(f"  {'stage':<18}{'wall s':>9}{'articles/s':>12}{'peak RSS MiB':>14}")
    for stage in result.stages:
        # A rate means nothing for a one-article run, or for stages that do not process articles.
        rate = f"{articles / stage.seconds:,.0f}" if articles > 1 and stage.seconds > 0.05 and stage.name in (
            *STAGES, "load", "publish") else ""
        print(f"  {stage.name:<18}{stage.seconds:>9.1f}{rate:>12}{mib(stage.peak_rss):>14}")
    total_rate = f"{articles / result.wall:,.0f}" if articles > 1 else ""
    print(f"  {'total':<18}{result.wall:>9.1f}{total_rate:>12}{mib(result.peak_rss):>14}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="corpus sizes, in order")
    parser.add_argument("--budget-seconds", type=float, default=3600,
                        help="skip a size whose estimated time would overrun this (default: an hour)")
    parser.add_argument("--floor-pages", type=int, default=5000,
                        help="HTML pages the trafilatura floor is timed on (a per-page figure; default 5000)")
    parser.add_argument("--html-share", type=float, default=DEFAULT_HTML_SHARE)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--memory-limit", help="DuckDB memory limit for the runs, e.g. 1GB "
                        "(sets CHANCERY_DUCKDB_MEMORY_LIMIT; default: DuckDB's, 80%% of RAM)")
    parser.add_argument("--workdir", type=Path, help="where corpora and warehouses go (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the corpora and warehouses")
    args = parser.parse_args()

    if args.memory_limit:
        os.environ["CHANCERY_DUCKDB_MEMORY_LIMIT"] = args.memory_limit
    # A user's first run leaves the package's bytecode cached; with PYTHONDONTWRITEBYTECODE set (as on some CI
    # machines) nothing does, and every run would compile it again (0.3 s). Compile it once, so the runs
    # measure the steady state either way.
    compileall.compile_dir(PACKAGE, quiet=1)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="chancery-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"chancery pipeline benchmark: {os.cpu_count()} cores, workers={os.environ.get('CHANCERY_WORKERS', 'all')}, "
          f"DuckDB memory limit {args.memory_limit or 'default'}, {args.html_share:.0%} HTML pages, seed {args.seed}, "
          f"work dir {workdir}")
    began, per_article, skipped, summary = time.time(), None, [], []
    try:
        for size in args.sizes:
            if per_article is not None:
                estimate = size * per_article * 1.3
                if time.time() - began + estimate > args.budget_seconds:
                    skipped.append(f"{size:,} (estimated {estimate:,.0f} s, budget left "
                                   f"{args.budget_seconds - (time.time() - began):,.0f} s)")
                    continue
            root = workdir / f"n{size}"
            corpus = root / "corpus"
            sum(1 for _ in write_corpus(corpus, size, args.seed, args.html_share))
            full = run_chancery(corpus, root / "news.duckdb", root / "dagster_home")
            print_run("full run", size, full)
            floor, pages = floor_seconds_per_page(corpus, args.floor_pages)
            ratio = (full.wall / size) / floor
            print(f"  floor: bare trafilatura.extract {floor * 1000:.2f} ms/page over {pages:,} HTML pages; "
                  f"pipeline {full.wall / size * 1000:.2f} ms/article end to end = {ratio:.2f}x the floor")
            write_article(corpus, size, args.seed, args.html_share)
            incremental = run_chancery(corpus, root / "news.duckdb", root / "dagster_home")
            print_run("incremental run (+1 article, process start-up included)", 1, incremental)
            # The same again with the run history kept through pipeline.run_history (the same files), then on
            # an ephemeral Dagster instance, as `chancery run` uses without DAGSTER_HOME.
            # base_dir given: stage_timings reads the instance from the folder, without DAGSTER_HOME set.
            history = root / "dagster_home" / "history" / "runs"
            (root / "dagster_home" / "dagster.yaml").write_text(dagster_yaml(str(history)))
            write_article(corpus, size + 1, args.seed, args.html_share)
            kept_open = run_chancery(corpus, root / "news.duckdb", root / "dagster_home")
            print(f"  +1 article again, run history through pipeline.run_history: {kept_open.wall:.1f} s end to end")
            write_article(corpus, size + 2, args.seed, args.html_share)
            ephemeral = run_chancery(corpus, root / "news.duckdb", None)
            print(f"  +1 article again without run history (no DAGSTER_HOME): {ephemeral.wall:.1f} s end to end")
            summary.append((size, full, ratio, incremental, kept_open, ephemeral))
            per_article = full.wall / size
            if not args.keep:
                shutil.rmtree(root)
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)

    print("\nsummary")
    print(f"  {'articles':>9}{'wall s':>9}{'CPU s':>8}{'articles/s':>12}{'peak RSS MiB':>14}{'x floor':>9}"
          f"{'+1 article s':>14}{'of it dbt s':>13}{'+1 run_history s':>18}{'+1 no history s':>17}")
    for size, full, ratio, incremental, kept_open, ephemeral in summary:
        dbt = next(s.seconds for s in incremental.stages if s.name == "dbt build")
        print(f"  {size:>9,}{full.wall:>9.1f}{full.cpu:>8.0f}{size / full.wall:>12,.0f}{mib(full.peak_rss):>14}"
              f"{ratio:>9.2f}{incremental.wall:>14.1f}{dbt:>13.1f}{kept_open.wall:>18.1f}{ephemeral.wall:>17.1f}")
    for line in skipped:
        print(f"  skipped {line}")


if __name__ == "__main__":
    main()
