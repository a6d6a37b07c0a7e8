"""The sources config file: the repo's default, paths relative to the file, and validation."""

import ipaddress
from pathlib import Path

import pytest

from pipeline.defs.sources_resource import ArticleSources
from pipeline.ingest.sources_config import SourcesConfigError, load_sources_config
from pipeline.paths import DEFAULT_SOURCES_FILE
from tests.conftest import REPO_ROOT, SEEDS_DIR


def test_the_default_config_reads_the_seeds_folder_and_nothing_from_the_web() -> None:
    assert DEFAULT_SOURCES_FILE == REPO_ROOT / "sources.yaml"
    config = load_sources_config(DEFAULT_SOURCES_FILE)
    assert config.paths == [SEEDS_DIR]
    assert not config.fetches_from_the_web
    assert config.fetch.allow_networks == [] and config.fetch.respect_robots_txt
    assert ArticleSources().input_paths() == [SEEDS_DIR]


def test_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    config_file = tmp_path / "conf" / "sources.yaml"
    config_file.write_text(
        "paths: [articles, /abs/folder]\n"
        "url_lists: [lists/urls.txt]\n"
        "feeds: ['https://news.example/rss']\n"
        "fetch: {allow_networks: ['127.0.0.1', '10.0.0.0/8'], retries: 0}\n")
    config = load_sources_config(config_file)
    assert config.paths == [tmp_path / "conf" / "articles", Path("/abs/folder")]
    assert config.url_lists == [tmp_path / "conf" / "lists" / "urls.txt"]
    assert config.fetches_from_the_web and config.fetch.retries == 0
    assert config.fetch.allow_networks == [ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("10.0.0.0/8")]


def test_explicit_paths_override_the_config_file(tmp_path: Path) -> None:
    config_file = tmp_path / "sources.yaml"
    config_file.write_text("feeds: ['https://news.example/rss']\n")
    sources = ArticleSources(paths=[str(tmp_path / "in")], config_file=str(config_file))
    config = sources.sources_config()
    assert config.paths == [tmp_path / "in"] and not config.fetches_from_the_web  # like `chancery run --input`


@pytest.mark.parametrize("text", [
    "folders: [seeds]\n",  # a typo must not silently read nothing
    "feeds: ['ftp://news.example/rss']\n",
    "fetch: {timeout_seconds: 0}\n",
    "fetch: {allow_networks: ['not-an-address']}\n",
    "- just\n- a list\n",
    "paths: [unclosed\n",
])
def test_invalid_configs_fail_loudly(tmp_path: Path, text: str) -> None:
    config_file = tmp_path / "sources.yaml"
    config_file.write_text(text)
    with pytest.raises(SourcesConfigError):
        load_sources_config(config_file)


def test_a_missing_config_file_fails_loudly(tmp_path: Path) -> None:
    with pytest.raises(SourcesConfigError):
        ArticleSources(config_file=str(tmp_path / "nope.yaml")).sources_config()
