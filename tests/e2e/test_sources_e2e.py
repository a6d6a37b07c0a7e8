"""End to end: the build_warehouse job (Dagster, dbt, DuckDB) driven by a sources config, as the schedules
run it — a folder of every file kind plus an RSS feed on a local web site — then a second run that
picks up only the feed's new entry and the changed record."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.local_site import LocalSite

pytestmark = pytest.mark.e2e

# The job as the hourly feed poll starts it: the definitions' own resources, the sources config given.
RUN_JOB = """
import sys
from dagster import DagsterInstance
from pipeline.definitions import defs
result = defs.resolve_job_def("build_warehouse").execute_in_process(
    run_config={"resources": {"sources": {"config": {"config_file": sys.argv[1]}}}},
    instance=DagsterInstance.ephemeral(), raise_on_error=False)
sys.exit(0 if result.success else 1)
"""


def page(title: str, body: str, canonical: str | None = None) -> str:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (f"<html lang='en'><head><title>{title}</title>{link}</head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>{title}</h1><p>{body}</p><p>Officials from both governments welcomed the "
            "outcome in a joint statement.</p></article></body></html>")


def rss(site: LocalSite, links: list[str]) -> str:
    items = "".join(f"<item><title>{link}</title><link>{link}</link></item>" for link in links)
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>World</title><link>{site.base_url}/</link>"
            f"<description>News</description>{items}</channel></rss>")


def write_inputs(folder: Path) -> None:
    folder.mkdir()
    (folder / "trade.txt").write_text("Trade pact\n\nSpain and Morocco signed a fisheries agreement in Rabat on "
                                      "Thursday, officials said.\n", encoding="cp1252")
    (folder / "visit.html").write_text(page("Ankara visit", "Turkey and Qatar signed a defence agreement in "
                                            "Ankara on Sunday."))
    (folder / "wire.jsonl").write_text("\n".join(json.dumps(record) for record in [
        {"url": "https://wire.example/oslo", "title": "Oslo accord",
         "text": "Norway and Kenya signed a climate agreement in Oslo on Friday."},
        {"url": "https://wire.example/lima", "title": "Lima summit",
         "text": "Peru and Vietnam signed a trade agreement in Lima on Friday."},
    ]) + "\n")
    (folder / "desk.json").write_text(json.dumps([{"title": "Seoul talks",
                                                   "text": "South Korea and Australia signed a defence agreement "
                                                           "in Seoul on Monday."}]))
    with (folder / "crawl.warc.gz").open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        body = page("Berlin deal", "Germany and Brazil signed an energy agreement in Berlin on Tuesday.")
        writer.write_record(writer.create_warc_record("https://archive.example/berlin", "response",
                                                      payload=io.BytesIO(body.encode()), http_headers=headers))
    (folder / "empty.html").write_bytes(b"")


def run_job(config: Path, warehouse: Path) -> None:
    env = {**os.environ, "CHANCERY_WAREHOUSE": str(warehouse)}
    result = subprocess.run([sys.executable, "-c", RUN_JOB, str(config)], env=env, capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def agreements(warehouse: Path) -> set[tuple[str, ...]]:
    return {tuple(sorted(codes)) for (codes,) in query(warehouse, "select party_codes from marts.fct_agreements")}


def test_a_configured_run_reads_every_input_kind_and_the_feed_then_only_what_is_new(
        tmp_path: Path, local_site: LocalSite) -> None:
    inputs = tmp_path / "inputs"
    write_inputs(inputs)
    site = local_site
    site.add("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
    first_url = site.add("/world/japan-canada.html", page(
        "Japan and Canada sign trade pact", "Japan and Canada signed a free trade agreement in Tokyo on Friday.",
        canonical="https://news.example/world/japan-canada"))
    site.add("/feed.xml", rss(site, [first_url]), content_type="application/rss+xml")
    config = tmp_path / "sources.yaml"
    config.write_text(f"paths: [inputs]\nfeeds: ['{site.url('/feed.xml')}']\n"
                      "fetch: {allow_networks: ['127.0.0.1'], min_host_interval_seconds: 0}\n")
    warehouse = tmp_path / "news.duckdb"

    run_job(config, warehouse)

    articles = {uri.replace(str(inputs), "inputs"): (media_type, canonical, title) for uri, media_type, canonical, title
                in query(warehouse, "select source_uri, media_type, canonical_url, title from marts.dim_articles")}
    assert articles == {
        "inputs/trade.txt": ("text", None, "Trade pact"),
        "inputs/visit.html": ("html", None, "Ankara visit"),
        "inputs/wire.jsonl#1": ("text", "https://wire.example/oslo", "Oslo accord"),
        "inputs/wire.jsonl#2": ("text", "https://wire.example/lima", "Lima summit"),
        "inputs/desk.json#1": ("text", None, "Seoul talks"),
        "inputs/crawl.warc.gz#1": ("html", "https://archive.example/berlin", "Berlin deal"),
        first_url: ("html", "https://news.example/world/japan-canada", "Japan and Canada sign trade pact"),
    }
    assert {("CAN", "JPN"), ("ESP", "MAR"), ("KEN", "NOR"), ("PER", "VNM"), ("BRA", "DEU")} <= agreements(warehouse)
    assert query(warehouse, "select source, reason from landing.rejected_documents") == [
        ("inputs/empty.html", "empty")]  # local files are known by their path relative to their input

    second_url = site.add("/world/india-france.html", page(
        "India and France agree", "India and France signed a defence agreement in Paris on Monday."))
    site.add("/feed.xml", rss(site, [second_url, first_url]), content_type="application/rss+xml")
    (inputs / "wire.jsonl").write_text((inputs / "wire.jsonl").read_text().replace("Peru and Vietnam",
                                                                                  "Chile and Vietnam"))
    before = dict(query(warehouse, "select source_uri, article_id from marts.dim_articles"))

    run_job(config, warehouse)

    after = dict(query(warehouse, "select source_uri, article_id from marts.dim_articles"))
    assert set(after) == set(before) | {second_url}
    changed = "inputs/wire.jsonl#2"
    assert after[changed] != before[changed]
    assert {uri: article_id for uri, article_id in after.items() if uri not in (changed, second_url)} == \
        {uri: article_id for uri, article_id in before.items() if uri != changed}
    assert len(site.hits_on("/world/japan-canada.html")) == 1  # seen entries are not fetched again
    parties = agreements(warehouse)
    assert ("CHL", "VNM") in parties and ("FRA", "IND") in parties
    assert ("PER", "VNM") not in parties  # the changed record's old facts went with it
