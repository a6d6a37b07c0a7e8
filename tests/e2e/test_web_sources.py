"""Feeds and URL lists through the real Python assets, fetched from a web site on 127.0.0.1: what loads,
what is rejected and why, and that a second run fetches only what is new."""

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance, build_schedule_context, materialize
from dagster_duckdb import DuckDBResource

from pipeline.defs.automation import hourly_feed_poll
from pipeline.defs.clean import cleaned_articles
from pipeline.defs.extract import article_sentences, fact_mentions
from pipeline.defs.ingest import raw_articles
from pipeline.defs.sources_resource import ArticleSources
from tests.local_site import LocalSite

PYTHON_ASSETS = [raw_articles, cleaned_articles, article_sentences, fact_mentions]


def page(title: str, body: str, canonical: str | None = None) -> str:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (f"<html lang='en'><head><title>{title}</title>{link}</head><body>"
            "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>{title}</h1><p>{body}</p>"
            "<p>The two governments welcomed the outcome in a joint statement, officials said.</p></article>"
            "<footer>© 2024 Example News</footer></body></html>")


def rss(site: LocalSite, items: list[tuple[str, str]]) -> str:
    entries = "".join(f"<item><title>{guid}</title><link>{link}</link><guid isPermaLink='false'>{guid}</guid></item>"
                      for guid, link in items)
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>World</title>"
            f"<link>{site.base_url}/</link><description>News</description>{entries}</channel></rss>")


NAVIGATION_ONLY = ("<html><body><nav>" + "".join(f"<a href='/s{i}'>Section {i}</a> " for i in range(30))
                   + "</nav></body></html>")


@pytest.fixture
def site(local_site: LocalSite) -> LocalSite:
    local_site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    local_site.add("/news/japan-canada.html", page(
        "Japan and Canada sign trade pact", "Japan and Canada signed a free trade agreement in Tokyo on Friday.",
        canonical="https://news.example/world/japan-canada"))
    local_site.add("/news/india-france.html", page(
        "India and France agree defence deal", "India and France signed a defence agreement in Paris on Monday."))
    local_site.add("/news/menu.html", NAVIGATION_ONLY)
    local_site.add("/private/leak.html", page("Private", "Nobody should fetch this page at all, says robots."))
    local_site.add("/news/listed.html", page(
        "Spain and Morocco sign fisheries accord", "Spain and Morocco signed a fisheries agreement in Rabat."))
    local_site.add("/news/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    local_site.add("/feed.xml", rss(local_site, [
        ("jc", "/news/japan-canada.html"), ("if", local_site.url("/news/india-france.html")),
        ("menu", "/news/menu.html"), ("priv", "/private/leak.html"), ("gone", "/news/gone.html"),
        ("meta", "http://169.254.169.254/latest/meta-data/"), ("logo", "/news/logo.png")]),
        content_type="application/rss+xml")
    local_site.add("/broken-feed.xml", "Internal Server Error", status=500, content_type="text/plain")
    local_site.add("/slow-feed.xml", rss(local_site, []), delay=1.5, content_type="application/rss+xml")
    local_site.add("/not-a-feed.xml", "<html><body>Hello</body></html>")
    return local_site


def write_config(tmp_path: Path, site: LocalSite, allow_networks: str = "['127.0.0.1']") -> Path:
    (tmp_path / "urls.txt").write_text(
        f"# pages to read once\n{site.url('/news/listed.html')}\n\nnot a url\n{site.url('/news/listed.html')}\n")
    config = tmp_path / "sources.yaml"
    config.write_text(f"""
paths: []
url_lists: [urls.txt]
urls: ["{site.url('/news/missing.html')}"]
feeds:
  - {site.url('/feed.xml')}
  - {site.url('/broken-feed.xml')}
  - {site.url('/slow-feed.xml')}
  - {site.url('/not-a-feed.xml')}
fetch:
  allow_networks: {allow_networks}
  timeout_seconds: 0.5
  retries: 1
  backoff_seconds: 0.01
  min_host_interval_seconds: 0
""")
    return config


def run(config: Path, warehouse: Path) -> dict[str, int]:
    with DagsterInstance.ephemeral() as instance:
        result = materialize(PYTHON_ASSETS, instance=instance, resources={
            "warehouse": DuckDBResource(database=str(warehouse)),
            "sources": ArticleSources(config_file=str(config)),
        })
    assert result.success
    (materialization,) = result.asset_materializations_for_node("raw_articles")
    return {key: value.value for key, value in materialization.metadata.items()}


def query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def rejections(warehouse: Path, site: LocalSite) -> set[tuple[str, str, str]]:
    rows = query(warehouse, "select source, reason, stage from landing.rejected_documents")
    return {(source.replace(site.base_url, ""), reason, stage) for source, reason, stage in rows}


def test_feed_and_listed_pages_load_under_their_urls(tmp_path: Path, site: LocalSite) -> None:
    warehouse = tmp_path / "news.duckdb"
    run(write_config(tmp_path, site), warehouse)

    loaded = query(warehouse, """select r.source_uri, r.media_type, r.url, c.canonical_url, c.title
                                 from landing.raw_articles r left join landing.cleaned_articles c using (article_id)
                                 order by r.source_uri""")
    url = site.url
    assert loaded == [
        (url("/news/india-france.html"), "html", url("/news/india-france.html"), url("/news/india-france.html"),
         "India and France agree defence deal"),
        (url("/news/japan-canada.html"), "html", url("/news/japan-canada.html"),
         "https://news.example/world/japan-canada", "Japan and Canada sign trade pact"),
        (url("/news/listed.html"), "html", url("/news/listed.html"), url("/news/listed.html"),
         "Spain and Morocco sign fisheries accord"),
        (url("/news/menu.html"), "html", url("/news/menu.html"), None, None),
    ]
    assert rejections(warehouse, site) == {
        ("/news/menu.html", "no_article_text", "clean"),
        ("/private/leak.html", "robots_disallowed", "fetch"),
        ("/news/gone.html", "http_error", "fetch"),
        ("/news/missing.html", "http_error", "fetch"),
        ("http://169.254.169.254/latest/meta-data/", "blocked_address", "fetch"),
        ("/news/logo.png", "unsupported_type", "fetch"),
        ("/broken-feed.xml", "server_error", "fetch"),
        ("/slow-feed.xml", "timeout", "fetch"),
        ("/not-a-feed.xml", "invalid_feed", "fetch"),
        (f"{tmp_path}/urls.txt", "invalid_url", "ingest"),  # a count per file, never the line
    }
    assert site.hits_on("/private/leak.html") == []
    assert len(site.hits_on("/news/listed.html")) == 1  # listed twice, fetched once
    parties = query(warehouse, "select distinct party_codes from landing.fact_mentions where fact_type = 'agreement' "
                               "order by all")
    assert (["CAN", "JPN"],) in parties and (["FRA", "IND"],) in parties


def test_a_second_run_fetches_only_new_entries(tmp_path: Path, site: LocalSite) -> None:
    warehouse = tmp_path / "news.duckdb"
    config = write_config(tmp_path, site)
    run(config, warehouse)
    fetched_once = {path: len(site.hits_on(path)) for path in
                    ("/news/japan-canada.html", "/news/menu.html", "/news/gone.html", "/news/listed.html",
                     "/news/missing.html")}
    assert set(fetched_once.values()) == {1}

    # The broken feed recovers with one new entry; the main feed gains one.
    site.add("/news/turkey-qatar.html", page(
        "Turkey and Qatar sign", "Turkey and Qatar signed a defence agreement in Ankara on Sunday."))
    site.add("/news/spain-chile.html", page(
        "Spain and Chile sign", "Spain and Chile signed a tax agreement in Madrid on Tuesday."))
    site.add("/broken-feed.xml", rss(site, [("tq", "/news/turkey-qatar.html")]), content_type="application/rss+xml")
    feed = site.routes["/feed.xml"]
    feed.body = feed.body.replace(b"<item>", b"<item><title>sc</title><link>/news/spain-chile.html</link>"
                                            b"<guid isPermaLink='false'>sc</guid></item><item>", 1)
    counts = run(config, warehouse)

    assert counts["loaded"] == 2 and counts["replaced"] == 0
    assert {path: len(site.hits_on(path)) for path in fetched_once} == fetched_once  # settled: not fetched again
    sources = {uri.replace(site.base_url, "")
               for (uri,) in query(warehouse, "select source_uri from landing.raw_articles")}
    assert {"/news/turkey-qatar.html", "/news/spain-chile.html"} <= sources and len(sources) == 6
    remaining = rejections(warehouse, site)
    assert ("/broken-feed.xml", "server_error", "fetch") not in remaining  # it reads again: history
    assert ("/slow-feed.xml", "timeout", "fetch") in remaining  # still failing, still reported once
    assert query(warehouse, "select count(*) from landing.rejected_documents where source like '%slow-feed.xml'") \
        == [(1,)]


def test_a_transient_page_failure_is_retried_next_run(tmp_path: Path, site: LocalSite) -> None:
    site.add("/feed.xml", rss(site, [("flaky", "/news/flaky.html")]), content_type="application/rss+xml")
    site.add("/news/flaky.html", "busy", status=503, content_type="text/plain")
    config = tmp_path / "sources.yaml"
    config.write_text(f"feeds: ['{site.url('/feed.xml')}']\n"
                      "fetch: {allow_networks: ['127.0.0.1'], retries: 0, min_host_interval_seconds: 0}\n")
    warehouse = tmp_path / "news.duckdb"
    run(config, warehouse)
    assert rejections(warehouse, site) == {("/news/flaky.html", "server_error", "fetch")}
    site.add("/news/flaky.html", page("Peru and Vietnam sign", "Peru and Vietnam signed a trade agreement in Lima."))
    run(config, warehouse)
    assert rejections(warehouse, site) == set()
    assert query(warehouse, "select outcome from landing.seen_entries") == [("loaded",)]


def test_without_permission_a_local_site_is_not_fetched(tmp_path: Path, site: LocalSite) -> None:
    warehouse = tmp_path / "news.duckdb"
    run(write_config(tmp_path, site, allow_networks="[]"), warehouse)
    assert site.hits == []
    reasons = {reason for _, reason, _ in rejections(warehouse, site)}
    assert reasons == {"blocked_address", "invalid_url"}
    assert query(warehouse, "select count(*) from landing.raw_articles") == [(0,)]


def test_the_feed_poll_runs_only_when_feeds_are_configured(tmp_path: Path) -> None:
    no_feeds = tmp_path / "none.yaml"
    no_feeds.write_text("paths: []\n")
    with_feeds = tmp_path / "feeds.yaml"
    with_feeds.write_text("feeds: ['https://news.example/rss']\n")
    tick = dt.datetime(2024, 5, 1, 13, 0, tzinfo=dt.UTC)
    with DagsterInstance.ephemeral() as instance:
        skipped = hourly_feed_poll(build_schedule_context(
            instance=instance, scheduled_execution_time=tick,
            resources={"sources": ArticleSources(config_file=str(no_feeds))}))
        requested = hourly_feed_poll(build_schedule_context(
            instance=instance, scheduled_execution_time=tick,
            resources={"sources": ArticleSources(config_file=str(with_feeds))}))
    assert "no feeds" in skipped.skip_message
    assert requested.run_key == "feed-poll-20240501T1300"
