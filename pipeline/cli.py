"""The `chancery` command: run the pipeline through Dagster, evaluate a warehouse against gold facts."""

import argparse
import os
import sys
from pathlib import Path

from pipeline.paths import DEFAULT_INPUT_DIR, WAREHOUSE_ENV, warehouse_path

SUMMARY_QUERIES = {
    "articles": "select count(*) from marts.dim_articles",
    "rejected documents": "select count(*) from landing.rejected_documents",
    "sentences": "select count(*) from landing.article_sentences",
    "fact mentions": "select count(*) from marts.fct_fact_mentions",
    "agreements": "select count(*) from marts.fct_agreements",
    "visits": "select count(*) from marts.fct_visits",
    "sanctions": "select count(*) from marts.fct_sanctions",
}


def run(args: argparse.Namespace) -> int:
    """Materialise the whole asset graph in-process, the same job the schedule and the UI run."""
    warehouse = Path(args.warehouse).expanduser().resolve() if args.warehouse else warehouse_path()
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    # The dbt profile reads the warehouse from the environment; the DuckDB resource gets it as config.
    os.environ[WAREHOUSE_ENV] = str(warehouse)

    from dagster import DagsterInstance

    from pipeline.definitions import defs

    inputs = [str(Path(p).expanduser().resolve()) for p in args.input] if args.input else [str(DEFAULT_INPUT_DIR)]
    run_config = {
        "resources": {
            "sources": {"config": {"paths": inputs}},
            "warehouse": {"config": {"database": str(warehouse)}},
        },
        "loggers": {"console": {"config": {"log_level": args.log_level}}},
    }
    instance = DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else DagsterInstance.ephemeral()
    print(f"chancery: reading {', '.join(inputs)} into {warehouse}", flush=True)
    result = defs.resolve_job_def("build_warehouse").execute_in_process(
        run_config=run_config, instance=instance, raise_on_error=False
    )
    if not result.success:
        failed = [event.step_key for event in result.all_events if event.is_step_failure]
        print(f"chancery: run failed in {', '.join(filter(None, failed)) or 'setup'}; see the log above",
              file=sys.stderr)
        return 1
    print_summary(warehouse)
    return 0


def print_summary(warehouse: Path) -> None:
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as conn:
        counts = {label: conn.execute(sql).fetchone()[0] for label, sql in SUMMARY_QUERIES.items()}
    width = max(map(len, counts))
    print("chancery: warehouse built")
    for label, count in counts.items():
        print(f"  {label:<{width}}  {count}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="chancery", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="ingest, clean, extract and build the warehouse")
    run_parser.add_argument("--input", action="append", metavar="PATH",
                            help="file or folder to read (repeatable); default: the repo's seeds/")
    run_parser.add_argument("--warehouse", metavar="FILE",
                            help=f"DuckDB file to build (default: ${WAREHOUSE_ENV} or warehouse/news.duckdb)")
    run_parser.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    commands.add_parser("evaluate", help="score a warehouse against a gold file (MATCHING.md rules)",
                        add_help=False)
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["evaluate"]:
        from pipeline.evaluate import main as evaluate_main

        return evaluate_main(argv[1:])
    args = parser.parse_args(argv)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
