"""The Definitions load with the whole asset graph, checks, job, schedule and sensor."""

import os
from pathlib import Path

from dagster import AssetKey, DagsterInstance, build_sensor_context

from pipeline.definitions import defs
from pipeline.defs.automation import new_article_files
from pipeline.resources import ArticleSources


def test_asset_graph_links_python_assets_to_dbt_models() -> None:
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert {"raw_articles", "cleaned_articles", "article_sentences", "fact_mentions"} <= keys
    assert {"marts/fct_agreements", "marts/fct_visits", "marts/fct_sanctions", "marts/fct_fact_mentions",
            "marts/dim_articles", "marts/dim_countries", "reference/countries"} <= keys
    # Lineage: the staging model reads the Python asset through the dbt source.
    upstream = graph.get(AssetKey(["staging", "stg_landing__fact_mentions"])).parent_keys
    assert AssetKey("fact_mentions") in upstream
    groups = {graph.get(AssetKey(["marts", "fct_agreements"])).group_name,
              graph.get(AssetKey(["staging", "stg_landing__articles"])).group_name,
              graph.get(AssetKey("raw_articles")).group_name}
    assert groups == {"marts", "staging", "ingest"}


def test_checks_schedule_and_sensor_are_defined() -> None:
    graph = defs.resolve_asset_graph()
    check_names = {key.name for key in graph.asset_check_keys}
    expected = {"raw_articles_not_empty", "fct_agreements_matches_contract", "fct_sanctions_matches_contract"}
    assert expected <= check_names
    assert defs.resolve_job_def("build_warehouse") is not None
    assert defs.resolve_schedule_def("build_warehouse_schedule").cron_schedule == "0 6 * * *"
    assert defs.resolve_sensor_def("new_article_files") is not None


def test_sensor_requests_a_run_only_when_inputs_change(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Title\n\nBody.")
    sources = ArticleSources(paths=[str(tmp_path)])
    with DagsterInstance.ephemeral() as instance:
        first = new_article_files(build_sensor_context(instance=instance, resources={"sources": sources}))
        cursor = first.run_key
        assert cursor
        same = new_article_files(build_sensor_context(instance=instance, cursor=cursor,
                                                      resources={"sources": sources}))
        assert not hasattr(same, "run_key")
        (tmp_path / "b.html").write_text("<p>new</p>")
        changed = new_article_files(build_sensor_context(instance=instance, cursor=cursor,
                                                         resources={"sources": sources}))
        assert changed.run_key and changed.run_key != cursor


def test_sensor_sees_every_input_kind_dropped_into_the_configured_folders(tmp_path: Path) -> None:
    drop = tmp_path / "seeds"
    drop.mkdir()
    config = tmp_path / "sources.yaml"
    config.write_text("paths: [seeds]\n")
    sources = ArticleSources(config_file=str(config))  # as the Dagster definitions use it: no explicit paths
    with DagsterInstance.ephemeral() as instance:
        cursor = new_article_files(build_sensor_context(instance=instance, resources={"sources": sources})).run_key
        for name in ("a.json", "b.jsonl", "c.warc.gz", "d.htm"):
            (drop / name).write_text("{}")
            request = new_article_files(build_sensor_context(instance=instance, cursor=cursor,
                                                             resources={"sources": sources}))
            assert request.run_key and request.run_key != cursor, name
            cursor = request.run_key
        (drop / os.fsdecode(b"caf\xe9.txt")).write_text("a file name that is not UTF-8")
        request = new_article_files(build_sensor_context(instance=instance, cursor=cursor,
                                                         resources={"sources": sources}))
        assert request.run_key != cursor
        cursor = request.run_key
        (drop / "notes.pdf").write_text("not an input")
        ignored = new_article_files(build_sensor_context(instance=instance, cursor=cursor,
                                                         resources={"sources": sources}))
        assert not hasattr(ignored, "run_key")


def test_the_hourly_feed_poll_is_registered() -> None:
    assert defs.resolve_schedule_def("hourly_feed_poll").cron_schedule == "0 * * * *"
