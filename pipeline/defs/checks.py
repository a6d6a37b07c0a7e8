"""Asset checks: row counts on the Python assets and the public column contract of the fact tables."""

from collections.abc import Iterable, Iterator

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckKey,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetKey,
    asset_check,
    multi_asset_check,
)
from dagster_duckdb import DuckDBResource

from pipeline.defs.clean import cleaned_articles
from pipeline.defs.extract import fact_mentions
from pipeline.defs.ingest import raw_articles
from pipeline.warehouse.landing import LANDING_SCHEMA

# The columns MATCHING.md reads, with their DuckDB types: what BI tools and the evaluator rely on.
FACT_CONTRACT = {
    "fct_agreements": {"party_codes": "VARCHAR[]", "subject": "VARCHAR", "status": "VARCHAR",
                       "agreement_date": "DATE", "date_precision": "VARCHAR", "value_usd": "DOUBLE"},
    "fct_visits": {"visitor_name": "VARCHAR", "visitor_country_code": "VARCHAR", "host_country_code": "VARCHAR",
                   "city": "VARCHAR", "visit_date": "DATE", "date_precision": "VARCHAR"},
    "fct_sanctions": {"imposer_code": "VARCHAR", "target_code": "VARCHAR", "status": "VARCHAR",
                      "legal_basis": "VARCHAR", "reason": "VARCHAR", "sanction_date": "DATE",
                      "date_precision": "VARCHAR"},
    "dim_articles": {"article_id": "VARCHAR", "source_uri": "VARCHAR", "title": "VARCHAR",
                     "published_date": "DATE", "author": "VARCHAR", "publisher": "VARCHAR",
                     "body_text": "VARCHAR"},
}


# Failing checks of severity ERROR are blocking: downstream assets, and so the publication of the
# warehouse (pipeline/defs/publish.py), wait for them and do not run when they fail.
@asset_check(asset=raw_articles, description="At least one article is loaded.", blocking=True)
def raw_articles_not_empty(warehouse: DuckDBResource) -> AssetCheckResult:
    with warehouse.get_connection() as conn:
        count = conn.execute(f"select count(*) from {LANDING_SCHEMA}.raw_articles").fetchone()[0]
    return AssetCheckResult(passed=count > 0, metadata={"row_count": count})


@asset_check(asset=cleaned_articles, description="Every loaded article is cleaned or rejected with a reason.",
             blocking=True)
def every_article_cleaned_or_rejected(warehouse: DuckDBResource) -> AssetCheckResult:
    with warehouse.get_connection() as conn:
        missing = conn.execute(
            f"""select count(*) from {LANDING_SCHEMA}.raw_articles r
                where r.article_id not in (select article_id from {LANDING_SCHEMA}.cleaned_articles)
                  and r.content_hash not in (select content_hash from {LANDING_SCHEMA}.rejected_documents
                                             where content_hash is not null)"""
        ).fetchone()[0]
    return AssetCheckResult(passed=missing == 0, metadata={"unaccounted_articles": missing})


# Blocking although its failure is only a warning: publication then waits for it, so a run whose check step
# errors publishes nothing.
@asset_check(asset=fact_mentions, description="Extraction found facts when there are sentences to read.",
             blocking=True)
def mentions_found(warehouse: DuckDBResource) -> AssetCheckResult:
    with warehouse.get_connection() as conn:
        sentences, mentions = conn.execute(
            f"""select (select count(*) from {LANDING_SCHEMA}.article_sentences),
                       (select count(*) from {LANDING_SCHEMA}.fact_mentions)"""
        ).fetchone()
    return AssetCheckResult(passed=sentences == 0 or mentions > 0, severity=AssetCheckSeverity.WARN,
                            metadata={"sentences": sentences, "mentions": mentions})


def contract_violations(columns: Iterable[tuple[str, str, str]]) -> list[str]:
    """Differences between the warehouse's (table, column, type) triples and FACT_CONTRACT."""
    found = {(table, column): dtype for table, column, dtype in columns}
    problems = []
    for table, expected in FACT_CONTRACT.items():
        for column, dtype in expected.items():
            actual = found.get((table, column))
            if actual != dtype:
                problems.append(f"{table}.{column}: expected {dtype}, found {actual or 'nothing'}")
    return problems


# One step checks every table: a step per table cost more in run bookkeeping than the queries themselves. It can
# be subset: a run that materialises one mart (an asset's "Materialize" in the UI) selects that mart's check only.
@multi_asset_check(specs=[AssetCheckSpec(name=f"{table}_matches_contract", asset=AssetKey(["marts", table]),
                                         blocking=True, description=f"{table} has the public columns and types "
                                         "analysts and the evaluator read.") for table in FACT_CONTRACT],
                   can_subset=True)
def contract_checks(context: AssetCheckExecutionContext, warehouse: DuckDBResource) -> Iterator[AssetCheckResult]:
    with warehouse.get_connection() as conn:
        rows = conn.execute("select table_name, column_name, data_type from information_schema.columns "
                            "where table_schema = 'marts' and table_name in (select unnest(?))",
                            [list(FACT_CONTRACT)]).fetchall()
    problems = contract_violations(rows)
    selected = context.selected_asset_check_keys
    for table in FACT_CONTRACT:
        if AssetCheckKey(AssetKey(["marts", table]), f"{table}_matches_contract") not in selected:
            continue
        own = [p for p in problems if p.startswith(f"{table}.")]
        yield AssetCheckResult(asset_key=AssetKey(["marts", table]), check_name=f"{table}_matches_contract",
                               passed=not own, metadata={"problems": "; ".join(own) or "none"})


python_asset_checks = [raw_articles_not_empty, every_article_cleaned_or_rejected, mentions_found]
