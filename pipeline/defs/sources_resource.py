"""Dagster resources: where articles come from. The warehouse is dagster-duckdb's DuckDBResource."""

from pathlib import Path

from dagster import ConfigurableResource

from pipeline.ingest.sources_config import SourcesConfig, load_sources_config
from pipeline.paths import DEFAULT_SOURCES_FILE


class ArticleSources(ConfigurableResource):
    """What the raw_articles asset reads: the given ``paths`` only (files or folders, as `chancery run
    --input` passes them), or, when none are given, everything the sources config file lists."""

    paths: list[str] = []
    config_file: str = str(DEFAULT_SOURCES_FILE)

    def sources_config(self) -> SourcesConfig:
        if self.paths:
            return SourcesConfig(paths=[Path(p).expanduser() for p in self.paths])
        return load_sources_config(Path(self.config_file).expanduser())

    def input_paths(self) -> list[Path]:
        return self.sources_config().paths
