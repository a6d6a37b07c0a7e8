"""The one Definitions object: assets by stage, checks, the job, schedule and sensor, and resources."""

from dagster import Definitions
from dagster_duckdb import DuckDBResource

from pipeline.defs.articles import article_sentences, cleaned_articles, fact_mentions, raw_articles
from pipeline.defs.automation import build_warehouse, daily_build, new_article_files
from pipeline.defs.checks import contract_checks, python_asset_checks
from pipeline.defs.transform import chancery_dbt_models, dbt_cli
from pipeline.paths import warehouse_path
from pipeline.resources import ArticleSources

defs = Definitions(
    assets=[raw_articles, cleaned_articles, article_sentences, fact_mentions, chancery_dbt_models],
    asset_checks=[*python_asset_checks, *contract_checks],
    jobs=[build_warehouse],
    schedules=[daily_build],
    sensors=[new_article_files],
    resources={
        "warehouse": DuckDBResource(database=str(warehouse_path())),
        "dbt": dbt_cli(),
        "sources": ArticleSources(),
    },
)
