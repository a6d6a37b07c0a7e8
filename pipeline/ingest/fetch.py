"""Polite, guarded HTTP GET for feeds and pages.

Polite: a user agent, robots.txt (RFC 9309, including Crawl-delay), a minimum interval between
requests to one host, timeouts, and retries with exponential backoff on timeouts, 429 and 5xx.
Guarded: only http(s); loopback, private, link-local and other non-public addresses are refused
unless the sources config allows them — checked on every redirect hop, and the connection goes to
the address that was checked, so DNS cannot answer differently in between; bodies and their gzip
decompression are capped.

trafilatura's fetcher (urllib3) follows redirects internally and connects wherever DNS points, so
it cannot refuse a redirect into the private network; hence http.client here.
"""

import http.client
import io
import ipaddress
import socket
import ssl
import time
import urllib.robotparser
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from pipeline.ingest.sources_config import FetchSettings

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_REDIRECTS = 5
# robots.txt files are small; Google reads at most 500 KiB of one.
MAX_ROBOTS_BYTES = 512 * 1024
# A site's Crawl-delay is honoured up to this; beyond it one slow site would stall every run.
MAX_CRAWL_DELAY_SECONDS = 30.0
# A Retry-After is honoured up to this, for the same reason.
MAX_RETRY_AFTER_SECONDS = 60.0
# A response (headers and body) must arrive whole within this many timeouts. The deadline bounds every
# socket operation, not the gaps between reads: a server dripping a byte at a time never trips a per-read
# timeout, and one 64 KiB read of a buffered stream waits for many packets.
TOTAL_TIME_FACTOR = 3
_CHUNK = 64 * 1024


_TOO_SLOW = "response not complete within"


class FetchError(Exception):
    """A URL could not be fetched; ``reason`` is a rejection reason, ``transient`` says retry later."""

    def __init__(self, reason: str, detail: str, transient: bool = False) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason, self.detail, self.transient = reason, detail, transient


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# IPv6 prefixes whose addresses carry an IPv4 address in their last 32 bits, which a translator or the
# kernel turns into a connection to that IPv4 address: IPv4-compatible (::a.b.c.d, deprecated, still routed
# by some stacks), NAT64 (RFC 6052) and its local-use prefix (RFC 8215).
_LOW_32_EMBEDDING = tuple(ipaddress.IPv6Network(prefix) for prefix in ("::/96", "64:ff9b::/96", "64:ff9b:1::/48"))


def embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address leads to: mapped (::ffff:a.b.c.d), 6to4 (2002::/16), Teredo
    (2001::/32: server and client), NAT64 and IPv4-compatible (::a.b.c.d)."""
    found = [a for a in (address.ipv4_mapped, address.sixtofour) if a is not None]
    if address.teredo:
        found.extend(address.teredo)
    if any(address in network for network in _LOW_32_EMBEDDING) and int(address) > 1:  # not :: or ::1
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found


def address_allowed(address: IPAddress, allowed: list[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> bool:
    """Public unicast addresses, plus whatever the config explicitly allows. An IPv6 address that embeds
    an IPv4 address passes only if that IPv4 address passes too."""
    if any(address in network for network in allowed):
        return True
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:  # ::ffff:a.b.c.d is the IPv4 address itself, however the config lists it
            return address_allowed(address.ipv4_mapped, allowed)
        if not all(address_allowed(v4, allowed) for v4 in embedded_ipv4(address)):
            return False
    return address.is_global and not address.is_multicast


class DeadlineExceeded(TimeoutError):
    """The response did not arrive whole by its deadline."""


class _Deadline:
    """When an exchange must be over; every socket operation waits at most until then."""

    def __init__(self, seconds: float, per_operation: float) -> None:
        self.seconds, self.per_operation = seconds, per_operation
        self.at = time.monotonic() + seconds

    def timeout(self) -> float:
        """The timeout for the next socket operation: the per-operation timeout, cut to what is left."""
        left = self.at - time.monotonic()
        if left <= 0:
            raise DeadlineExceeded(f"response not complete within {self.seconds:g}s")
        return min(left, self.per_operation)


class _DeadlineReader(io.RawIOBase):
    """The socket's read side for http.client: each receive waits at most until the deadline, so header
    lines and bodies dripped a byte at a time end at the deadline however the reads are chunked."""

    def __init__(self, owner: "_DeadlineSocket") -> None:
        self._owner = owner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        sock, deadline = self._owner.sock, self._owner.deadline
        sock.settimeout(deadline.timeout())
        try:
            return sock.recv_into(buffer)
        except TimeoutError:
            deadline.timeout()  # the deadline, rather than the per-operation timeout, when it has passed
            raise

    def close(self) -> None:
        if not self.closed:
            self._owner.reader_closed()
        super().close()


class _DeadlineSocket:
    """A connected socket whose reads and writes end at the exchange's deadline. Like socket.makefile, the
    socket stays open until the connection and every reader made from it are closed: http.client closes
    the connection of a response read to the end of the stream before the body is read."""

    def __init__(self, sock: socket.socket, deadline: _Deadline) -> None:
        self.sock, self.deadline = sock, deadline
        self._readers = 0
        self._closed = False

    def makefile(self, mode: str = "rb", *_: object, **__: object) -> io.BufferedReader:
        if mode != "rb":
            raise ValueError(f"unsupported mode {mode!r}")
        self._readers += 1
        return io.BufferedReader(_DeadlineReader(self))

    def sendall(self, data: bytes) -> None:
        self.sock.settimeout(self.deadline.timeout())
        self.sock.sendall(data)

    def reader_closed(self) -> None:
        self._readers -= 1
        if self._closed and not self._readers:
            self.sock.close()

    def close(self) -> None:
        self._closed = True
        if not self._readers:
            self.sock.close()

    def __getattr__(self, name: str) -> object:
        return getattr(self.sock, name)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to an address checked beforehand instead of resolving the host name again."""

    def __init__(self, host: str, port: int, address: str, deadline: _Deadline) -> None:
        super().__init__(host, port, timeout=deadline.per_operation)
        self._address, self._deadline = address, deadline

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self._deadline.timeout())
        self.sock = _DeadlineSocket(sock, self._deadline)  # type: ignore[assignment]


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As _PinnedHTTPConnection; the certificate is still verified against the host name."""

    def __init__(self, host: str, port: int, address: str, deadline: _Deadline) -> None:
        super().__init__(host, port, timeout=deadline.per_operation, context=ssl.create_default_context())
        self._address, self._deadline = address, deadline

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self._deadline.timeout())
        sock.settimeout(self._deadline.timeout())
        self.sock = _DeadlineSocket(self._context.wrap_socket(sock, server_hostname=self.host),  # type: ignore[assignment]
                                    self._deadline)


class Fetcher:
    """One per run: remembers robots.txt files and when each host was last asked for something."""

    def __init__(self, settings: FetchSettings, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self._clock, self._sleep = clock, sleep
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | FetchError] = {}

    def get(self, url: str) -> Response:
        """GET a URL (following redirects) and return a 2xx response, or raise FetchError."""
        return self._accept(self._follow(url, self.settings.max_bytes, obey_robots=True))

    def _follow(self, url: str, max_bytes: int, obey_robots: bool) -> Response:
        for _ in range(MAX_REDIRECTS + 1):
            if obey_robots:
                self._check_robots(url)
            response = self._get_with_retries(url, max_bytes)
            location = response.headers.get("location")
            if response.status not in REDIRECT_STATUSES or not location:
                return response
            url = urljoin(url, location)
        raise FetchError("too_many_redirects", f"more than {MAX_REDIRECTS} redirects")

    # ------------------------------------------------------------------------- policy

    def _accept(self, response: Response) -> Response:
        if 200 <= response.status < 300:
            return response
        if response.status in RETRY_STATUSES:
            reason = "rate_limited" if response.status == 429 else "server_error"
            raise FetchError(reason, f"HTTP {response.status} after {self.settings.retries + 1} attempts",
                             transient=True)
        raise FetchError("http_error", f"HTTP {response.status}")

    def _check_robots(self, url: str) -> None:
        if not self.settings.respect_robots_txt:
            return
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self._robots:
            self._robots[site] = self._load_robots(site)
        robots = self._robots[site]
        if isinstance(robots, FetchError):
            raise robots
        if not robots.can_fetch(self.settings.user_agent, url):
            raise FetchError("robots_disallowed", f"{site}/robots.txt disallows this URL")

    def _load_robots(self, site: str) -> urllib.robotparser.RobotFileParser | FetchError:
        """RFC 9309: a 4xx robots.txt means no rules; an unreachable one (5xx, network) means keep out."""
        parser = urllib.robotparser.RobotFileParser(f"{site}/robots.txt")
        try:
            response = self._follow(f"{site}/robots.txt", MAX_ROBOTS_BYTES, obey_robots=False)
        except FetchError as error:
            if error.reason not in ("too_large", "too_many_redirects"):
                return error  # the site itself is unreachable or refused; say so for each of its URLs
            parser.parse([])  # an absurd robots.txt counts as absent (RFC 9309 allows either)
            return parser
        if response.status >= 500 or response.status == 429:
            return FetchError("robots_unreachable", f"{site}/robots.txt answered HTTP {response.status}",
                              transient=True)
        parser.parse(response.body.decode("utf-8", errors="replace").splitlines()
                     if 200 <= response.status < 300 else [])
        return parser

    def _wait_for_host(self, host: str) -> None:
        interval = self.settings.min_host_interval_seconds
        robots = next((r for site, r in self._robots.items() if urlsplit(site).netloc == host), None)
        if isinstance(robots, urllib.robotparser.RobotFileParser):
            delay = robots.crawl_delay(self.settings.user_agent)
            interval = max(interval, min(float(delay or 0), MAX_CRAWL_DELAY_SECONDS))
        last = self._last_request.get(host)
        if last is not None and (wait := last + interval - self._clock()) > 0:
            self._sleep(wait)
        self._last_request[host] = self._clock()

    def _get_with_retries(self, url: str, max_bytes: int) -> Response:
        """One URL, no redirects followed; retries timeouts, network errors, 429 and 5xx with backoff."""
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            last_attempt = attempt == attempts - 1
            try:
                response = self._exchange(url, max_bytes)
            except FetchError as error:
                # A server too slow to answer within the total time is not retried this run: each attempt
                # would hold the run (and the warehouse) for that long again. The next run tries again.
                if not error.transient or last_attempt or error.detail.startswith(_TOO_SLOW):
                    raise
                self._sleep(self._backoff(attempt, None))
                continue
            if response.status not in RETRY_STATUSES or last_attempt:
                return response
            self._sleep(self._backoff(attempt, response.headers.get("retry-after")))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _backoff(self, attempt: int, retry_after: str | None) -> float:
        delay = self.settings.backoff_seconds * 2 ** attempt
        if retry_after:
            delay = max(delay, min(_retry_after_seconds(retry_after, time.time()), MAX_RETRY_AFTER_SECONDS))
        return delay

    # ------------------------------------------------------------------------- one exchange

    def _exchange(self, url: str, max_bytes: int) -> Response:
        parts = urlsplit(url)
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as error:
            raise FetchError("invalid_url", str(error)) from error
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError("invalid_url", f"not an http(s) URL: {url[:200]}")
        address = self._checked_address(parts.hostname, port)
        self._wait_for_host(parts.netloc)
        connection_type = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
        deadline = _Deadline(TOTAL_TIME_FACTOR * self.settings.timeout_seconds, self.settings.timeout_seconds)
        connection = connection_type(parts.hostname, port, address, deadline)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        response: http.client.HTTPResponse | None = None
        try:
            connection.request("GET", target, headers={
                "User-Agent": self.settings.user_agent,
                "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                          "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
                "Accept-Encoding": "gzip",
            })
            response = connection.getresponse()
            headers = {name.lower(): value for name, value in response.getheaders()}
            body = b"" if response.status in REDIRECT_STATUSES else self._read_body(response, headers, max_bytes)
        except ssl.SSLCertVerificationError as error:
            raise FetchError("tls_error", str(error)) from error
        except DeadlineExceeded as error:
            raise FetchError("timeout", f"{_TOO_SLOW} {deadline.seconds:g}s", transient=True) from error
        except TimeoutError as error:
            raise FetchError("timeout", f"no answer within {self.settings.timeout_seconds:g}s",
                             transient=True) from error
        except (OSError, http.client.HTTPException) as error:
            raise FetchError("connection_error", f"{type(error).__name__}: {error}", transient=True) from error
        finally:
            connection.close()
            if response is not None:
                response.close()
            # The interval runs from the end of an exchange: a slow answer never lets the next request come sooner.
            self._last_request[parts.netloc] = self._clock()
        return Response(url, response.status, headers, body)

    def _checked_address(self, host: str, port: int) -> str:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as error:
            raise FetchError("dns_error", f"{host}: {error}", transient=isinstance(error, socket.gaierror)) \
                from error
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
        for address in addresses:
            if not address_allowed(address, self.settings.allow_networks):
                raise FetchError("blocked_address",
                                 f"{host} resolves to {address}, a non-public address; "
                                 "list it under fetch.allow_networks in the sources config to allow it")
        return str(addresses[0])

    def _read_body(self, response: http.client.HTTPResponse, headers: dict[str, str], max_bytes: int) -> bytes:
        """The body, decompressed, refusing more than ``max_bytes`` either way."""
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchError("too_large", f"Content-Length {declared} exceeds the {max_bytes}-byte limit")
        encoding = headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("identity", "gzip", "x-gzip"):
            raise FetchError("unsupported_encoding", f"Content-Encoding {encoding}")
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if encoding != "identity" else None
        too_large = FetchError("too_large", f"body exceeds the {max_bytes}-byte limit"
                                            + (" after decompression" if inflater else ""))
        body = bytearray()
        # read1: whatever one receive brought (the deadline bounds each receive), not 64 KiB however long
        # that takes.
        while chunk := response.read1(_CHUNK):
            if inflater is not None:
                try:
                    # Never inflate more than one byte past the cap, however small the chunk.
                    chunk = inflater.decompress(chunk, max_bytes + 1 - len(body))
                except zlib.error as error:
                    # The server sent a broken body: a verdict on this response, not a network failure.
                    raise FetchError("corrupt_body", f"corrupt gzip body: {error}") from error
            body += chunk
            if len(body) > max_bytes:
                raise too_large
        if inflater is not None:
            try:
                body += inflater.flush()
            except zlib.error as error:
                raise FetchError("corrupt_body", f"corrupt gzip body: {error}") from error
            if len(body) > max_bytes:
                raise too_large
            if not inflater.eof:
                raise FetchError("corrupt_body", "the gzip body ends before its end of stream")
        return bytes(body)


def _retry_after_seconds(value: str, now: float) -> float:
    """Retry-After as seconds: either a number of seconds or an HTTP date."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(parsedate_to_datetime(value).timestamp() - now, 0.0)
    except (TypeError, ValueError):
        return 0.0
