"""Dagster resources: where articles come from. The warehouse is dagster-duckdb's DuckDBResource."""

from pathlib import Path

from dagster import ConfigurableResource

from pipeline.paths import DEFAULT_INPUT_DIR


class ArticleSources(ConfigurableResource):
    """Files and folders the raw_articles asset reads (folders recursively)."""

    paths: list[str] = [str(DEFAULT_INPUT_DIR)]

    def input_paths(self) -> list[Path]:
        return [Path(p).expanduser() for p in self.paths]
