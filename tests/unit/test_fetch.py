"""The polite, guarded fetcher against a real HTTP server on 127.0.0.1."""

import gzip
import ipaddress
import time

import pytest

from pipeline.ingest.fetch import Fetcher, FetchError, address_allowed
from pipeline.ingest.sources_config import FetchSettings
from tests.local_site import LocalSite

MIB = 1024 * 1024
PAGE = "<html><body><p>Japan and Canada signed a free trade agreement.</p></body></html>"


def settings(**overrides: object) -> FetchSettings:
    """Fast settings for tests; 127.0.0.1 allowed, as the sources config must say explicitly."""
    base = {"allow_networks": ["127.0.0.1"], "timeout_seconds": 2, "retries": 2, "backoff_seconds": 0.01,
            "min_host_interval_seconds": 0}
    return FetchSettings(**{**base, **overrides})


def fetch_error(fetcher: Fetcher, url: str) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetcher.get(url)
    return caught.value


def test_fetches_a_page_saying_who_it_is(local_site: LocalSite) -> None:
    url = local_site.add("/a.html", PAGE)
    response = Fetcher(settings(user_agent="chancery-test/1.0")).get(url)
    assert response.status == 200 and response.body == PAGE.encode() and response.url == url
    hit = local_site.hits_on("/a.html")[0]
    assert hit.headers["User-Agent"] == "chancery-test/1.0"
    assert local_site.hits[0].path == "/robots.txt"  # asked before the page


def test_gzip_bodies_are_decompressed(local_site: LocalSite) -> None:
    url = local_site.add("/z.html", gzip.compress(PAGE.encode()), headers={"Content-Encoding": "gzip"})
    assert Fetcher(settings()).get(url).body == PAGE.encode()


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254",
                                     "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "fe80::1", "fc00::1",
                                     "::ffff:127.0.0.1"])
def test_non_public_addresses_are_refused(address: str) -> None:
    assert not address_allowed(ipaddress.ip_address(address), [])


def test_public_and_explicitly_allowed_addresses_pass() -> None:
    assert address_allowed(ipaddress.ip_address("93.184.216.34"), [])
    assert address_allowed(ipaddress.ip_address("2606:4700::1111"), [])
    assert address_allowed(ipaddress.ip_address("10.1.2.3"), [ipaddress.ip_network("10.0.0.0/8")])


def test_loopback_is_refused_unless_the_config_allows_it(local_site: LocalSite) -> None:
    url = local_site.add("/a.html", PAGE)
    error = fetch_error(Fetcher(FetchSettings()), url)
    assert error.reason == "blocked_address" and not error.transient
    assert local_site.hits == []  # refused before connecting


def test_a_redirect_into_the_private_network_is_refused(local_site: LocalSite) -> None:
    local_site.add("/to-metadata", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    local_site.add("/moved", status=301, headers={"Location": "/a.html"})
    local_site.add("/a.html", PAGE)
    fetcher = Fetcher(settings())
    assert fetch_error(fetcher, local_site.url("/to-metadata")).reason == "blocked_address"
    followed = fetcher.get(local_site.url("/moved"))
    assert followed.url == local_site.url("/a.html") and followed.body == PAGE.encode()


def test_redirect_loops_end(local_site: LocalSite) -> None:
    local_site.add("/loop", status=302, headers={"Location": "/loop"})
    assert fetch_error(Fetcher(settings()), local_site.url("/loop")).reason == "too_many_redirects"


def test_robots_txt_is_obeyed(local_site: LocalSite) -> None:
    local_site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    local_site.add("/private/p.html", PAGE)
    local_site.add("/public.html", PAGE)
    fetcher = Fetcher(settings())
    assert fetch_error(fetcher, local_site.url("/private/p.html")).reason == "robots_disallowed"
    assert fetcher.get(local_site.url("/public.html")).status == 200
    assert local_site.hits_on("/private/p.html") == []
    assert len(local_site.hits_on("/robots.txt")) == 1  # read once per run
    ignoring = Fetcher(settings(respect_robots_txt=False))
    assert ignoring.get(local_site.url("/private/p.html")).status == 200


def test_an_unreachable_robots_txt_keeps_the_fetcher_out(local_site: LocalSite) -> None:
    local_site.add("/robots.txt", "down", status=503)
    local_site.add("/a.html", PAGE)
    error = fetch_error(Fetcher(settings(retries=0)), local_site.url("/a.html"))
    assert error.reason == "robots_unreachable" and error.transient
    assert local_site.hits_on("/a.html") == []


def test_requests_to_one_host_are_spaced(local_site: LocalSite) -> None:
    for name in "abc":
        local_site.add(f"/{name}.html", PAGE)
    fetcher = Fetcher(settings(min_host_interval_seconds=0.3))
    for name in "abc":
        fetcher.get(local_site.url(f"/{name}.html"))
    times = [hit.at for hit in local_site.hits]  # robots.txt, a, b, c
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    assert len(times) == 4 and min(gaps) >= 0.28, gaps


def test_robots_crawl_delay_slows_requests_down(local_site: LocalSite) -> None:
    local_site.add("/robots.txt", "User-agent: *\nCrawl-delay: 1\n", content_type="text/plain")
    local_site.add("/a.html", PAGE)
    local_site.add("/b.html", PAGE)
    fetcher = Fetcher(settings())
    fetcher.get(local_site.url("/a.html"))
    fetcher.get(local_site.url("/b.html"))
    gap = local_site.hits_on("/b.html")[0].at - local_site.hits_on("/a.html")[0].at
    assert gap >= 0.95


def test_server_errors_are_retried_with_backoff(local_site: LocalSite) -> None:
    local_site.add("/flaky.html", PAGE, first_statuses=[503, 502])
    response = Fetcher(settings(retries=2, backoff_seconds=0.1)).get(local_site.url("/flaky.html"))
    assert response.status == 200
    hits = local_site.hits_on("/flaky.html")
    assert len(hits) == 3
    assert hits[1].at - hits[0].at >= 0.09 and hits[2].at - hits[1].at >= 0.19  # doubling


def test_retry_after_is_honoured(local_site: LocalSite) -> None:
    local_site.add("/busy.html", PAGE, first_statuses=[429], headers={"Retry-After": "1"})
    assert Fetcher(settings(retries=1)).get(local_site.url("/busy.html")).status == 200
    first, second = local_site.hits_on("/busy.html")
    assert second.at - first.at >= 0.95


def test_persistent_failures_are_transient_rejections(local_site: LocalSite) -> None:
    local_site.add("/broken.xml", "oops", status=500)
    local_site.add("/slow.xml", PAGE, delay=1.5)
    fetcher = Fetcher(settings(retries=1, timeout_seconds=0.3))
    broken = fetch_error(fetcher, local_site.url("/broken.xml"))
    assert (broken.reason, broken.transient) == ("server_error", True)
    assert len(local_site.hits_on("/broken.xml")) == 2
    started = time.monotonic()
    slow = fetch_error(fetcher, local_site.url("/slow.xml"))
    assert (slow.reason, slow.transient) == ("timeout", True)
    assert time.monotonic() - started < 3


def test_client_errors_are_final(local_site: LocalSite) -> None:
    error = fetch_error(Fetcher(settings()), local_site.url("/nowhere.html"))
    assert (error.reason, error.transient) == ("http_error", False)
    assert len(local_site.hits_on("/nowhere.html")) == 1  # a 404 is not retried


def test_a_200_mb_download_is_cut_off_at_the_cap(local_site: LocalSite) -> None:
    url = local_site.add("/huge.html", stream_bytes=200 * MIB)  # generated on the fly, no Content-Length
    started = time.monotonic()
    error = fetch_error(Fetcher(settings(max_bytes=MIB)), url)
    assert error.reason == "too_large"
    assert time.monotonic() - started < 5


def test_a_declared_oversize_body_is_not_read(local_site: LocalSite) -> None:
    url = local_site.add("/big.html", "x" * (2 * MIB))
    assert fetch_error(Fetcher(settings(max_bytes=MIB)), url).reason == "too_large"


def test_gzip_decompression_is_capped(local_site: LocalSite) -> None:
    bomb = gzip.compress(b"\0" * (64 * MIB))
    assert len(bomb) < MIB // 4
    url = local_site.add("/bomb.html", bomb, headers={"Content-Encoding": "gzip"})
    error = fetch_error(Fetcher(settings(max_bytes=MIB)), url)
    assert error.reason == "too_large" and "decompression" in error.detail


def test_only_http_urls_are_fetched() -> None:
    fetcher = Fetcher(settings())
    assert fetch_error(fetcher, "file:///etc/passwd").reason == "invalid_url"
    assert fetch_error(fetcher, "http://127.0.0.1:notaport/").reason == "invalid_url"


def test_robots_txt_behind_a_redirect_is_followed(local_site: LocalSite) -> None:
    local_site.add("/robots.txt", status=301, headers={"Location": "/real-robots.txt"})
    local_site.add("/real-robots.txt", "User-agent: chancery\nDisallow: /\n", content_type="text/plain")
    local_site.add("/a.html", PAGE)
    assert fetch_error(Fetcher(settings()), local_site.url("/a.html")).reason == "robots_disallowed"
