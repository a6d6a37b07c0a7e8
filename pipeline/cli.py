"""The `chancery` command: run the pipeline through Dagster and publish the warehouse, document it,
list and roll back published snapshots, evaluate a warehouse against gold facts."""

import argparse
import gc
import os
import subprocess
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import NoReturn

from pipeline.paths import (
    DBT_EXECUTABLE,
    DBT_PROJECT_DIR,
    KEEP_SNAPSHOTS_ENV,
    PARQUET_ENV,
    SOURCES_ENV,
    WAREHOUSE_ENV,
    dbt_profile_env,
    keep_snapshots_setting,
    lock_file,
    memory_limit_setting,
    parquet_setting,
    sources_file,
    warehouse_path,
    working_database,
)
from pipeline.process_end import end_process
from pipeline.transform.dbt_commands import dbt_core_hidden, start_worker
from pipeline.transform.dbt_manifest import manifest_is_current
from pipeline.warehouse.lock import WarehouseBusy, warehouse_lock

SUMMARY_QUERIES = {
    "articles": "select count(*) from marts.dim_articles",
    "rejected documents": "select count(*) from landing.rejected_documents",
    "fact mentions": "select count(*) from marts.fct_fact_mentions",
    "agreements": "select count(*) from marts.fct_agreements",
    "visits": "select count(*) from marts.fct_visits",
    "sanctions": "select count(*) from marts.fct_sanctions",
}
# "Temporary failure, try again later" (sysexits.h): another run holds the warehouse.
EXIT_BUSY = 75
DOCS_TARGET = DBT_PROJECT_DIR / "target" / "docs"


def _err(message: str) -> None:
    print(f"chancery: {message}", file=sys.stderr, flush=True)


def _published(args: argparse.Namespace) -> Path:
    return Path(args.warehouse).expanduser().resolve() if args.warehouse else warehouse_path()


def run(args: argparse.Namespace) -> int:
    """Materialise the whole asset graph in-process, the same job the schedule and the UI run, holding
    the warehouse lock for the whole run (taken here first so a busy warehouse fails fast and clearly)."""
    published = _published(args)
    published.parent.mkdir(parents=True, exist_ok=True)
    # Definitions (imported below) read the published path from the environment.
    os.environ[WAREHOUSE_ENV] = str(published)
    try:
        with warehouse_lock(lock_file(working_database(published)), args.wait, log=_err):
            return _execute(args, published)
    except WarehouseBusy as busy:
        _err(str(busy))
        return EXIT_BUSY


def _execute(args: argparse.Namespace, published: Path) -> int:
    # First of all, so that dbt's worker imports dbt and parses the project while this process imports Dagster and
    # runs the Python assets (pipeline.transform.dbt_commands).
    start_worker(DBT_PROJECT_DIR, dbt_profile_env(str(working_database(published)), memory_limit_setting()))
    # Importing Dagster and the definitions makes 280,000 objects that live as long as the process:
    # collecting garbage while they are made finds none (0.5 s of the imports), and once they are moved out
    # of the collector's generations, the collections a run triggers no longer walk them.
    gc.disable()
    try:
        from dagster import DagsterInstance

        # dbt runs in the worker; this process imports dbt only when the manifest must be parsed again.
        with dbt_core_hidden() if manifest_is_current() else nullcontext():
            from pipeline.definitions import defs
    finally:
        gc.enable()
    gc.freeze()

    # --input reads exactly what it names; without it, everything the sources config lists.
    if args.input:
        inputs = [str(Path(p).expanduser().resolve()) for p in args.input]
        sources, reading = {"paths": inputs}, ", ".join(inputs)
    else:
        config_file = str(Path(args.sources).expanduser().resolve())
        sources, reading = {"config_file": config_file}, f"the sources in {config_file}"
    run_config = {
        "resources": {
            "sources": {"config": sources},
            "warehouse": {"config": {
                "database": str(working_database(published)), "published": str(published),
                "keep_snapshots": args.keep_snapshots, "parquet": args.parquet, "lock_wait_seconds": args.wait,
                "connection_config": {"memory_limit": memory_limit_setting()},
            }},
        },
        "loggers": {"console": {"config": {"log_level": args.log_level}}},
    }
    if args.full_refresh:
        run_config["ops"] = {"raw_articles": {"config": {"reread_files": True}},
                             "chancery_dbt_models": {"config": {"full_refresh": True}},
                             "published_warehouse": {"config": {"full_refresh": True}}}
    instance = DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else DagsterInstance.ephemeral()
    print(f"chancery: reading {reading} into {published}", flush=True)
    result = defs.resolve_job_def("build_warehouse").execute_in_process(
        run_config=run_config, instance=instance, raise_on_error=False
    )
    if not result.success:
        failed_steps = sorted(filter(None, (event.step_key for event in result.all_events if event.is_step_failure)))
        failed_checks = sorted(f"{check.asset_key.to_user_string()}:{check.check_name}"
                               for check in result.get_asset_check_evaluations() if not check.passed)
        _err(f"run failed in {', '.join(failed_steps) or 'setup'}"
             + (f"; failed checks: {', '.join(failed_checks)}" if failed_checks else "") + "; see the log above")
        _err(f"nothing was published: {describe_published(published)}")
        return 1
    print(f"chancery: published {describe_published(published)}")
    print_summary(published)
    return 0


def describe_published(published: Path) -> str:
    from pipeline.warehouse.publish import read_history

    history = read_history(published) if published.exists() else []
    if not history:
        return f"{published} holds no published snapshot"
    latest = history[0]
    kept = f", kept as snapshots/{latest['snapshot_file']}" if latest["snapshot_file"] else ""
    return (f"{published} is the snapshot of run {latest['run_id']} published at "
            f"{latest['published_at']:%Y-%m-%d %H:%M:%S} UTC{kept}")


def print_summary(warehouse: Path) -> None:
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as conn:
        counts = {label: conn.execute(sql).fetchone()[0] for label, sql in SUMMARY_QUERIES.items()}
    width = max(map(len, counts))
    print("chancery: warehouse built")
    for label, count in counts.items():
        print(f"  {label:<{width}}  {count}")


def docs(args: argparse.Namespace) -> int:
    """`dbt docs generate` against the published snapshot, read-only: documents what analysts see and
    never waits for or blocks a run."""
    published = _published(args)
    if not published.exists():
        _err(f"no published warehouse at {published}; run `chancery run` first")
        return 1
    env = {**os.environ, WAREHOUSE_ENV: str(published)}
    command = [DBT_EXECUTABLE, "docs", "generate", "--static", "--target", "docs",
               "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
               "--target-path", str(DOCS_TARGET)]
    if subprocess.run(command, cwd=DBT_PROJECT_DIR, env=env, stdout=None if args.verbose else subprocess.DEVNULL
                      ).returncode != 0:
        _err(f"dbt docs generate failed; rerun with --verbose, or run: {' '.join(command)}")
        return 1
    print(f"chancery: documentation of {published} written to {DOCS_TARGET}")
    print(f"  open in a browser: {DOCS_TARGET / 'static_index.html'}")
    print(f"  or serve it:       {DBT_EXECUTABLE} docs serve --project-dir {DBT_PROJECT_DIR} "
          f"--profiles-dir {DBT_PROJECT_DIR} --target-path {DOCS_TARGET}")
    return 0


def snapshots(args: argparse.Namespace) -> int:
    """List the retained snapshots, oldest first; the published one is marked."""
    from pipeline.warehouse.publish import list_snapshots, read_history

    published = _published(args)
    for snapshot in list_snapshots(published):
        latest = read_history(snapshot)[0]
        current = published.exists() and os.path.samefile(snapshot, published)
        print(f"{'*' if current else ' '} {snapshot.name}  run {latest['run_id']}  "
              f"published {latest['published_at']:%Y-%m-%d %H:%M:%S} UTC")
    return 0


def rollback(args: argparse.Namespace) -> int:
    """Publish a retained snapshot again (default: the one before the current). The working database
    is untouched, so the next run publishes everything it holds again."""
    from pipeline.warehouse.publish import PublicationError, list_snapshots
    from pipeline.warehouse.publish import rollback as publish_again

    published = _published(args)
    kept = list_snapshots(published)
    if args.snapshot:
        chosen = next((s for s in kept if s.name == args.snapshot or str(s) == args.snapshot), None)
    else:
        current = [i for i, s in enumerate(kept) if published.exists() and os.path.samefile(s, published)]
        chosen = kept[current[0] - 1] if current and current[0] > 0 else None
    if chosen is None:
        _err(f"no such snapshot to roll back to; `chancery snapshots` lists the {len(kept)} kept")
        return 1
    try:
        with warehouse_lock(lock_file(working_database(published)), args.wait, log=_err):
            publish_again(published, chosen)
    except (WarehouseBusy, PublicationError) as error:
        _err(str(error))
        return EXIT_BUSY if isinstance(error, WarehouseBusy) else 1
    print(f"chancery: published {describe_published(published)} (rolled back to {chosen.name})")
    return 0


def _add_warehouse(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--warehouse", metavar="FILE",
                        help=f"published DuckDB file (default: ${WAREHOUSE_ENV} or warehouse/news.duckdb)")


def _add_wait(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                        help="wait this long for a run already writing the warehouse (default: refuse at once)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chancery", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="ingest, clean, extract, build and publish the warehouse")
    run_parser.add_argument("--input", action="append", metavar="PATH",
                            help="file or folder to read, folders recursively: .txt, .html/.htm, .json, "
                                 ".jsonl, .warc/.warc.gz (repeatable); default: what the sources config lists")
    run_parser.add_argument("--sources", default=str(sources_file()), metavar="FILE",
                            help="sources config (folders, URL lists, feeds) read when no --input is given "
                                 f"(default: ${SOURCES_ENV} or sources.yaml in the repo)")
    _add_warehouse(run_parser)
    _add_wait(run_parser)
    run_parser.add_argument("--keep-snapshots", type=int, default=keep_snapshots_setting(), metavar="N",
                            help=f"published snapshots to keep for rollback (default: ${KEEP_SNAPSHOTS_ENV} or 5)")
    run_parser.add_argument("--parquet", action="store_true", default=parquet_setting(),
                            help=f"also write one Parquet file per mart under parquet/ (or set ${PARQUET_ENV}=1)")
    run_parser.add_argument("--full-refresh", action="store_true",
                            help="read every input file again, even unchanged ones, reload the dbt seeds and "
                                 "rebuild every dbt model from scratch")
    run_parser.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    run_parser.set_defaults(handler=run)
    docs_parser = commands.add_parser("docs", help="generate the dbt documentation of the published warehouse")
    _add_warehouse(docs_parser)
    docs_parser.add_argument("--verbose", action="store_true", help="show dbt's output")
    docs_parser.set_defaults(handler=docs)
    list_parser = commands.add_parser("snapshots", help="list the published snapshots kept for rollback")
    _add_warehouse(list_parser)
    list_parser.set_defaults(handler=snapshots)
    rollback_parser = commands.add_parser("rollback", help="publish a kept snapshot again")
    rollback_parser.add_argument("snapshot", nargs="?", help="snapshot file name (default: the previous one)")
    _add_warehouse(rollback_parser)
    _add_wait(rollback_parser)
    rollback_parser.set_defaults(handler=rollback)
    commands.add_parser("evaluate", help="score a warehouse against a gold file (MATCHING.md rules)",
                        add_help=False)
    return parser


def dispatch(argv: list[str] | None = None) -> int:
    """Run the command `argv` names (by default, this process's arguments) and return its exit code."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["evaluate"]:
        from pipeline.evaluate import main as evaluate_main

        return evaluate_main(argv[1:])
    args = build_parser().parse_args(argv)
    return args.handler(args)


def main(argv: list[str] | None = None) -> NoReturn:
    """The `chancery` command. The process ends without the interpreter's teardown (`end_process`)."""
    end_process(dispatch(argv))


if __name__ == "__main__":
    main()
