"""The `chancery` command: run the pipeline through Dagster and publish the warehouse, document it,
list and roll back published snapshots, evaluate a warehouse against gold facts."""

import argparse
import gc
import os
import subprocess
import sys
from contextlib import nullcontext
from datetime import date
from pathlib import Path
from typing import NoReturn

from pipeline.paths import (
    DBT_EXECUTABLE,
    DBT_PROJECT_DIR,
    KEEP_SNAPSHOTS_ENV,
    PARQUET_ENV,
    SOURCES_ENV,
    WAREHOUSE_ENV,
    dashboard_dir,
    dbt_profile_env,
    dbt_worker_setting,
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
# Arguments that cannot work (as argparse exits for those it refuses).
EXIT_USAGE = 2
DBT_LOG_LEVELS = {"DEBUG": "debug", "INFO": "info", "WARNING": "warn", "ERROR": "error"}
DOCS_TARGET = DBT_PROJECT_DIR / "target" / "docs"


def _err(message: str) -> None:
    print(f"chancery: {message}", file=sys.stderr, flush=True)


def _published(args: argparse.Namespace) -> Path:
    return Path(args.warehouse).expanduser().resolve() if args.warehouse else warehouse_path()


def _unusable_arguments(args: argparse.Namespace, published: Path) -> str | None:
    """Why the run cannot start, in one line, checked before anything runs: an --input that does not exist, a
    sources config that does not, or a warehouse folder that cannot be created."""
    for path in args.input or []:
        if not Path(path).expanduser().exists():
            return f"--input {path}: no such file or folder"
    if not args.input and not Path(args.sources).expanduser().is_file():
        return f"--sources {args.sources}: no such file"
    try:
        published.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return f"cannot create the warehouse folder {published.parent}: {error.strerror or error}"
    if published.is_dir():
        return f"--warehouse {published} is a folder; give the DuckDB file to publish, e.g. {published / 'news.duckdb'}"
    return None


def run(args: argparse.Namespace) -> int:
    """Materialise the whole asset graph in-process, the job `build_warehouse` the schedules and the sensor run, holding
    the warehouse lock for the whole run (taken here first so a busy warehouse fails fast and clearly)."""
    published = _published(args)
    if problem := _unusable_arguments(args, published):
        _err(problem)
        return EXIT_USAGE
    # dbt's console output follows --log-level too (dbt reads DBT_LOG_LEVEL, in its worker as in this process).
    os.environ["DBT_LOG_LEVEL"] = DBT_LOG_LEVELS[args.log_level]
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
    if dbt_worker_setting():
        start_worker(DBT_PROJECT_DIR, dbt_profile_env(str(working_database(published)), memory_limit_setting()))
    # Importing Dagster and the definitions makes hundreds of thousands of objects that live as long as the
    # process: collecting garbage while they are made finds none (bench/RESULTS.md), and once they are moved out
    # of the collector's generations, the collections a run triggers no longer walk them.
    gc.disable()
    try:
        from dagster import DagsterInstance

        # dbt runs in the worker; this process imports dbt only when the manifest must be parsed again.
        with dbt_core_hidden() if dbt_worker_setting() and manifest_is_current() else nullcontext():
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
    if args.log_level in ("DEBUG", "INFO"):
        from pipeline.defs.progress import enable

        enable(sys.stderr)
    result = defs.resolve_job_def("build_warehouse").execute_in_process(
        run_config=run_config, instance=instance, raise_on_error=False
    )
    if not result.success:
        failed_steps = sorted(filter(None, (event.step_key for event in result.all_events if event.is_step_failure)))
        failed_checks = sorted(f"{check.asset_key.to_user_string()}:{check.check_name}"
                               for check in result.get_asset_check_evaluations() if not check.passed)
        reason = (f"run failed in {', '.join(failed_steps) or 'setup'}"
                  + (f"; failed checks: {', '.join(failed_checks)}" if failed_checks else ""))
        _err(f"{reason}; see the log above")
        if failed_steps == ["dashboard"]:
            _err(f"the warehouse was published, but its dashboard was not rebuilt: {describe_published(published)}")
        else:
            _err(f"nothing was published: {describe_published(published)}")
        record_failure(published, result.run_id, reason)
        return 1
    print(f"chancery: published {describe_published(published)}")
    print_summary(published)
    print(f"chancery: dashboard {dashboard_dir(published) / 'index.html'}")
    return 0


def failure_file(published: Path) -> Path:
    """Where `chancery run` records its last failed run, beside the working database."""
    working = working_database(published)
    return working.with_name(working.name + ".last-failure.json")


def record_failure(published: Path, run_id: str, reason: str) -> None:
    import datetime as dt
    import json

    failure_file(published).write_text(json.dumps({
        "run_id": run_id, "failed_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"), "reason": reason}))


def _last_failures(published: Path) -> list[tuple[str, str, str]]:
    """(when, run id, why) of the last failed `chancery run` on this warehouse, and of the last failed run in the
    Dagster instance at $DAGSTER_HOME (the UI's, the schedule's, the sensor's), when there is one."""
    import datetime as dt
    import json

    failures = []
    if failure_file(published).exists():
        recorded = json.loads(failure_file(published).read_text())
        failures.append((recorded["failed_at"], recorded["run_id"], recorded["reason"]))
    if os.environ.get("DAGSTER_HOME"):
        from dagster import DagsterEventType, DagsterInstance, DagsterRunStatus, RunsFilter

        with DagsterInstance.get() as instance:
            for run in instance.get_runs(RunsFilter(statuses=[DagsterRunStatus.FAILURE]), limit=1):
                steps = sorted({record.step_key for record in instance.all_logs(
                    run.run_id, of_type=DagsterEventType.STEP_FAILURE) if record.step_key})
                checks = sorted(f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"
                                for record in instance.all_logs(run.run_id,
                                                                of_type=DagsterEventType.ASSET_CHECK_EVALUATION)
                                if not (evaluation := record.dagster_event.event_specific_data).passed)
                stats = instance.get_run_stats(run.run_id)
                when = dt.datetime.fromtimestamp(stats.end_time or stats.launch_time or 0, dt.UTC)
                failures.append((f"{when:%Y-%m-%d %H:%M:%S} UTC", run.run_id,
                                 f"{run.job_name} failed in {', '.join(steps) or 'setup'}"
                                 + (f"; failed checks: {', '.join(checks)}" if checks else "")))
    return sorted(failures, reverse=True)


def status(args: argparse.Namespace) -> int:
    """What is published (when, by which run, its row counts), what the working database holds beyond it, and
    the last failed run and why."""
    import json

    from pipeline.warehouse.snapshot import read_history

    published = _published(args)
    history = read_history(published) if published.exists() else []
    if history:
        latest = history[0]
        print(f"published: {published}")
        print(f"  by run {latest['run_id']} at {latest['published_at']:%Y-%m-%d %H:%M:%S} UTC "
              f"({len(history)} publication{'s' if len(history) != 1 else ''} in its history)")
        counts = json.loads(latest["row_counts"]) if latest.get("row_counts") else {}
        for table in ("marts.dim_articles", "marts.fct_agreements", "marts.fct_visits", "marts.fct_sanctions",
                      "marts.fct_fact_mentions", "landing.rejected_documents"):
            if table in counts:
                print(f"  {table:<28}{counts[table]:>10,}")
    else:
        print(f"published: nothing yet at {published} (`chancery run` builds and publishes it)")
    failures = _last_failures(published)
    if failures:
        when, run_id, reason = failures[0]
        print(f"last failure: run {run_id} at {when}: {reason}")
    else:
        print("last failure: none recorded")
    return 0


def describe_published(published: Path) -> str:
    from pipeline.warehouse.snapshot import read_history

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
    from pipeline.warehouse.snapshot import latest_run, list_snapshots, read_history

    published = _published(args)
    published_run = latest_run(published) if published.exists() else None
    for snapshot in list_snapshots(published):
        latest = read_history(snapshot)[0]
        current = latest["run_id"] == published_run
        print(f"{'*' if current else ' '} {snapshot.name}  run {latest['run_id']}  "
              f"published {latest['published_at']:%Y-%m-%d %H:%M:%S} UTC")
    return 0


def rollback(args: argparse.Namespace) -> int:
    """Publish a retained snapshot again (default: the one before the current). The working database
    is untouched, so the next run publishes everything it holds again."""
    from pipeline.warehouse.snapshot import latest_run, list_snapshots
    from pipeline.warehouse.snapshot import rollback as publish_again
    from pipeline.warehouse.snapshot_format import PublicationError

    published = _published(args)
    kept = list_snapshots(published)
    if args.snapshot:
        chosen = next((s for s in kept if s.name == args.snapshot or str(s) == args.snapshot), None)
    else:
        published_run = latest_run(published) if published.exists() else None
        current = [i for i, s in enumerate(kept) if latest_run(s) == published_run]
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


def dashboard(args: argparse.Namespace) -> int:
    """Build the dashboard from the published snapshot, read-only (a run rebuilds it after each publication)."""
    from pipeline.report.dashboard import build_dashboard

    published = _published(args)
    out = Path(args.out).expanduser().resolve() if args.out else dashboard_dir(published)
    try:
        built = build_dashboard(published, out)
    except (FileNotFoundError, duckdb_error()) as error:
        _err(str(error))
        return 1
    print(f"chancery: dashboard of {describe_published(published)}")
    print(f"  open in a browser: {built.path}")
    return 0


def export(args: argparse.Namespace) -> int:
    """The published snapshot's marts as files, read-only: never waits for or blocks a run."""
    from pipeline.warehouse.export import ExportError
    from pipeline.warehouse.export import export as write_files

    published = _published(args)
    try:
        files = write_files(published, Path(args.out).expanduser().resolve(), args.format, args.since)
    except (ExportError, duckdb_error()) as error:
        _err(str(error))
        return 1
    print(f"chancery: exported {describe_published(published)}")
    for file in files:
        print(f"  {file.path}  {file.rows} rows")
    return 0


def duckdb_error() -> type[Exception]:
    import duckdb

    return duckdb.Error


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _add_warehouse(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--warehouse", metavar="FILE",
                        help=f"published DuckDB file (default: ${WAREHOUSE_ENV} or warehouse/news.duckdb)")


def _add_wait(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                        help="wait this long for a run already writing the warehouse (default: refuse at once)")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:  # run from a checkout that was not installed
            return "(not installed)"

    return (f"{installed('chancery')} (dagster {installed('dagster')}, dbt-core {installed('dbt-core')}, "
            f"dbt-duckdb {installed('dbt-duckdb')}, duckdb {installed('duckdb')})")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chancery", description=__doc__)
    parser.add_argument("--version", action="version", version=f"chancery {_version()}")
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
    dashboard_parser = commands.add_parser("dashboard", help="build the HTML dashboard of the published warehouse")
    _add_warehouse(dashboard_parser)
    dashboard_parser.add_argument("--out", metavar="DIR",
                                  help="folder to write index.html into (default: dashboard/ beside the warehouse)")
    dashboard_parser.set_defaults(handler=dashboard)
    export_parser = commands.add_parser("export", help="write the published marts as Parquet, CSV or GDELT-style "
                                        "TSV files, one per mart plus events")
    export_parser.add_argument("--format", required=True, choices=["parquet", "csv", "gdelt-tsv"])
    export_parser.add_argument("--out", required=True, metavar="DIR", help="folder to write the files into")
    _add_warehouse(export_parser)
    export_parser.add_argument("--since", type=_date, metavar="DATE",
                               help="only facts dated (their own date, else first reported) on or after DATE, "
                                    "with their mentions and articles")
    export_parser.set_defaults(handler=export)
    status_parser = commands.add_parser("status", help="what is published, when, by which run, its counts, and "
                                        "the last failed run and why")
    _add_warehouse(status_parser)
    status_parser.set_defaults(handler=status)
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
