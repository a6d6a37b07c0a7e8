"""Benchmark one new article into an N-article warehouse, launched each way a run is launched: `chancery run`
(the CLI), and the `build_warehouse` job launched through the Dagster UI's GraphQL API on `dagster dev`, which
queues it for the daemon to launch as a new process (as the schedule and the sensor do).

It writes a synthetic corpus of N articles (bench/synthetic_corpus.py), builds the warehouse once with
`chancery run`, then adds one article at a time and runs again, `--repeat` times each way, all on one
DAGSTER_HOME. For each run it prints:

- run s: the run as Dagster records it, from its start to its end (what the UI shows as the run's duration);
- dbt s: the dbt step, of it;
- dashboard s: the dashboard step, of it (none when the run has no such step);
- wall s: for the CLI, the `chancery run` process from start to exit (Python start-up included); for the
  daemon, from the launch request to the run's end as recorded (the queue, the daemon's launch of a new
  process, its start-up included; the UI polls no faster than this);
- CPU s: CPU time, which the machine's load inflates far less than wall time. For the CLI, that of the
  `chancery run` process and its children (dbt's worker, the worker pool); for the daemon, that of every process
  of `dagster dev` from the launch request until the run's process is gone: the run's process and its children,
  and the webserver, daemon and code server meanwhile (queueing, launching, answering the benchmark's polling).

With --run-history, the CLI is timed once more (last) with the run history kept through pipeline.run_history
(README, "Run history"), against Dagster's own SQLite storage the other runs use.

    python bench/launch_benchmark.py --size 10000 [--repeat 2] [--run-history]

The machine's load average is printed beside each figure: other work on a shared machine inflates wall time.
Not a test: it prints figures, it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
from synthetic_corpus import DEFAULT_HTML_SHARE, write_article, write_corpus

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from pipeline.run_history import dagster_yaml  # noqa: E402
from tests.dagster_ui import DagsterUI, start_dagster_dev  # noqa: E402

CHANCERY = str(Path(sys.executable).with_name("chancery"))


def load() -> str:
    return "load {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


Timed = tuple[float, float, float, float, float]  # wall, run, dbt, dashboard, CPU seconds


def run_times(home: Path, run_id: str | None = None) -> tuple[float, float, float, float]:
    """(start, end, dbt step seconds, dashboard step seconds) of a run (the latest without an id) as the instance
    recorded it."""
    from dagster import DagsterInstance

    with DagsterInstance.from_config(str(home)) as instance:
        run = instance.get_run_by_id(run_id) if run_id else instance.get_runs(limit=1)[0]
        stats = instance.get_run_stats(run.run_id)
        steps = {s.step_key: s.end_time - s.start_time for s in instance.get_run_step_stats(run.run_id)
                 if s.end_time and s.start_time}
    return (stats.start_time, stats.end_time, steps.get("chancery_dbt_models", float("nan")),
            steps.get("dashboard", float("nan")))


def children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def cli_run(corpus: Path, published: Path, home: Path) -> Timed:
    """(wall, run, dbt, dashboard, CPU) seconds of one `chancery run`."""
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    cpu = children_cpu()
    started = time.time()
    done = subprocess.run([CHANCERY, "run", "--input", str(corpus), "--warehouse", str(published),
                           "--log-level", "WARNING"], env=env, capture_output=True, text=True)
    wall = time.time() - started
    cpu = children_cpu() - cpu
    if done.returncode != 0:
        sys.exit(f"chancery run failed ({done.returncode}):\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    start, end, dbt, dashboard = run_times(home)
    return wall, end - start, dbt, dashboard, cpu


def tree_cpu(root: psutil.Process) -> tuple[float, bool]:
    """CPU seconds of a process and its descendants, those gone included once their parent collected them (a
    process that ended is in its parent's children times); and whether a run's process is among them."""
    total, running = 0.0, False
    for process in [root, *root.children(recursive=True)]:
        try:
            times = process.cpu_times()
            running = running or "execute_run" in " ".join(process.cmdline())
        except psutil.Error:  # ended meanwhile: its parent's children times have it
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total, running


def daemon_run(ui: DagsterUI) -> Timed:
    """(wall, run, dbt, dashboard, CPU) seconds of the build_warehouse job launched through GraphQL and run by the
    daemon."""
    root = psutil.Process(ui.process.pid)
    cpu, _ = tree_cpu(root)
    started = time.time()
    run_id = ui.launch(None, job="build_warehouse")
    finished = ui.wait(run_id, timeout=1800)
    if finished["status"] != "SUCCESS":
        sys.exit(f"run {run_id} ended {finished['status']}\n{ui.log[-3000:]}")
    start, end, dbt, dashboard = run_times(ui.home, run_id)
    deadline = time.monotonic() + 60
    while (used := tree_cpu(root))[1] and time.monotonic() < deadline:
        time.sleep(0.2)
    return end - started, end - start, dbt, dashboard, used[0] - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10000, help="articles in the warehouse (default 10000)")
    parser.add_argument("--repeat", type=int, default=2, help="+1 runs each way (default 2)")
    parser.add_argument("--run-history", action="store_true",
                        help="also time a CLI run with the run history through pipeline.run_history")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, help="where the corpus and warehouse go (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the corpus and the warehouse")
    parser.add_argument("--reuse", action="store_true",
                        help="start from the corpus and warehouse a kept --workdir holds (no full build)")
    args = parser.parse_args()

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="chancery-launch-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    corpus, home, published = workdir / "corpus", workdir / "dagster_home", workdir / "warehouse" / "news.duckdb"
    home.mkdir(exist_ok=True)
    print(f"chancery launch benchmark: {args.size:,} articles, {os.cpu_count()} cores, work dir {workdir}")
    rows: list[tuple[str, float, float, float, float, float, str]] = []
    ui = None
    try:
        if args.reuse and published.exists():
            added = sum(1 for path in corpus.rglob("*") if path.is_file())
            print(f"  reusing the warehouse of {added:,} articles in {workdir}")
        else:
            sum(1 for _ in write_corpus(corpus, args.size, args.seed, DEFAULT_HTML_SHARE))
            wall, *_ = cli_run(corpus, published, home)
            print(f"  full build with chancery run: {wall:.1f} s ({load()})", flush=True)
            added = args.size

        def one_more() -> None:
            nonlocal added
            write_article(corpus, added, args.seed, DEFAULT_HTML_SHARE)
            added += 1

        # dagster dev runs (idle but polling) through every measurement, so each way shares the machine alike;
        # the runs alternate, so a change of the machine's load falls on both.
        (workdir / "sources.yaml").write_text(f"paths: [{json.dumps(str(corpus))}]\n")
        ui = start_dagster_dev(workdir, corpus, home=home, sources=workdir / "sources.yaml", published=published)
        for _ in range(args.repeat):
            one_more()
            before = load()
            rows.append(("chancery run", *cli_run(corpus, published, home), before))
            print(f"  {rows[-1]}", flush=True)
            one_more()
            before = load()
            rows.append(("daemon (GraphQL launch)", *daemon_run(ui), before))
            print(f"  {rows[-1]}", flush=True)
        if args.run_history:
            (home / "dagster.yaml").write_text(dagster_yaml(str(home / "history" / "runs")))
            one_more()
            before = load()
            rows.append(("chancery run, pipeline.run_history", *cli_run(corpus, published, home), before))
            print(f"  {rows[-1]}", flush=True)
            (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    finally:
        if ui:
            ui.stop()
        if not args.keep and not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)

    print(f"\n+1 article into {args.size:,}")
    print(f"  {'launched by':<36}{'wall s':>8}{'run s':>8}{'dbt s':>8}{'dashboard s':>13}{'CPU s':>8}"
          "  machine before the run")
    for label, wall, run, dbt, dashboard, cpu, before in rows:
        print(f"  {label:<36}{wall:>8.1f}{run:>8.1f}{dbt:>8.1f}{dashboard:>13.1f}{cpu:>8.1f}  {before}")


if __name__ == "__main__":
    main()
