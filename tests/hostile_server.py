"""A hostile HTTP server on 127.0.0.1 for abuse tests: raw sockets, so it can misbehave in ways http.server
will not (a header dripped a byte at a time, a body that never ends, a length it never sends, a gzip bomb).

Every connection is handled in a daemon thread that stops when the server stops, and no behaviour lasts
longer than MAX_SECONDS, so a test that fails cannot hang the suite.
"""

import gzip
import socket
import threading
import time
import zlib
from collections.abc import Callable

MAX_SECONDS = 30.0
DRIP_SECONDS = 0.3  # between the bytes of a slow header or body
ARTICLE = (b"<html><head><title>Talks</title></head><body><article><p>Japan and Canada signed a free trade "
           b"agreement in Tokyo on Friday, officials said.</p></article></body></html>")

Behaviour = Callable[[socket.socket, "HostileServer"], None]


def _headers(status: str = "200 OK", extra: str = "", length: int | None = None,
             content_type: str = "text/html; charset=utf-8") -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nConnection: close\r\n{extra}"
    if length is not None:
        head += f"Content-Length: {length}\r\n"
    return (head + "\r\n").encode()


def _drip(conn: socket.socket, data: bytes, server: "HostileServer") -> None:
    ends = time.monotonic() + MAX_SECONDS
    for byte in data:
        if server.stopping.wait(DRIP_SECONDS) or time.monotonic() > ends:
            return
        conn.sendall(bytes([byte]))


def slow_body(conn: socket.socket, server: "HostileServer") -> None:
    """Headers at once, then a byte every DRIP_SECONDS: never silent long enough for a read timeout."""
    body = ARTICLE * 10
    conn.sendall(_headers(length=len(body)))
    _drip(conn, body, server)


def slow_header(conn: socket.socket, server: "HostileServer") -> None:
    """The status line, then header bytes dripped one at a time."""
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    _drip(conn, b"X-Padding: " + b"a" * 400 + b"\r\n\r\n", server)


def silent(conn: socket.socket, server: "HostileServer") -> None:
    """Accepts and says nothing."""
    server.stopping.wait(MAX_SECONDS)


def endless(conn: socket.socket, server: "HostileServer") -> None:
    """A body without a length that never ends, as fast as the client reads."""
    conn.sendall(_headers())
    chunk = b"<p>more</p>" * 6000
    ends = time.monotonic() + MAX_SECONDS
    while not server.stopping.is_set() and time.monotonic() < ends:
        conn.sendall(chunk)


def huge_length(conn: socket.socket, server: "HostileServer") -> None:
    """Declares a petabyte, sends a page."""
    conn.sendall(_headers(length=10**15) + ARTICLE)


def lying_length(conn: socket.socket, server: "HostileServer") -> None:
    """Declares more than it sends, then holds the connection open."""
    conn.sendall(_headers(length=len(ARTICLE) * 4) + ARTICLE)
    server.stopping.wait(MAX_SECONDS)


def gzip_bomb(conn: socket.socket, server: "HostileServer") -> None:
    """A small gzip body that inflates to 200 MiB."""
    conn.sendall(_headers(extra="Content-Encoding: gzip\r\n", length=len(server.bomb)) + server.bomb)


def corrupt_gzip(conn: socket.socket, server: "HostileServer") -> None:
    """Says gzip, sends a gzip header and then garbage."""
    body = gzip.compress(ARTICLE)[:12] + b"\xff" * 200
    conn.sendall(_headers(extra="Content-Encoding: gzip\r\n", length=len(body)) + body)


def truncated_gzip(conn: socket.socket, server: "HostileServer") -> None:
    """A gzip body cut before its end."""
    body = gzip.compress(ARTICLE * 20)
    body = body[: len(body) // 2]
    conn.sendall(_headers(extra="Content-Encoding: gzip\r\n", length=len(body)) + body)


def endless_header(conn: socket.socket, server: "HostileServer") -> None:
    """One header line that never ends."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nX-Endless: ")
    ends = time.monotonic() + MAX_SECONDS
    while not server.stopping.is_set() and time.monotonic() < ends:
        conn.sendall(b"a" * 65536)


def many_headers(conn: socket.socket, server: "HostileServer") -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(1000)) + b"\r\n")


def redirect_loop(conn: socket.socket, server: "HostileServer") -> None:
    conn.sendall(_headers("302 Found", extra="Location: /redirect-loop\r\n", length=0))


def redirect_private(conn: socket.socket, server: "HostileServer") -> None:
    """Into the cloud metadata address, through an IPv6 form of it."""
    conn.sendall(_headers("302 Found", extra="Location: http://[64:ff9b::a9fe:a9fe]/latest/meta-data/\r\n",
                          length=0))


def not_http(conn: socket.socket, server: "HostileServer") -> None:
    conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\n" + bytes(range(256)) * 4)


def good(conn: socket.socket, server: "HostileServer") -> None:
    conn.sendall(_headers(length=len(ARTICLE)) + ARTICLE)


BEHAVIOURS: dict[str, Behaviour] = {
    "/slow-body": slow_body, "/slow-header": slow_header, "/silent": silent, "/endless": endless,
    "/huge-length": huge_length, "/lying-length": lying_length, "/gzip-bomb": gzip_bomb,
    "/corrupt-gzip": corrupt_gzip, "/truncated-gzip": truncated_gzip, "/endless-header": endless_header,
    "/many-headers": many_headers, "/redirect-loop": redirect_loop, "/redirect-private": redirect_private,
    "/not-http": not_http, "/good": good,
}


class HostileServer:
    def __init__(self) -> None:
        self.stopping = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.base_url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        inflater = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        zeros = b"\0" * (1024 * 1024)
        self.bomb = b"".join(inflater.compress(zeros) for _ in range(200)) + inflater.flush()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def url(self, path: str) -> str:
        return self.base_url + path

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        started = time.monotonic()
        try:
            conn.settimeout(5)
            request = b""
            while b"\r\n\r\n" not in request and len(request) < 65536:
                data = conn.recv(4096)
                if not data:
                    return
                request += data
            path = request.split(b" ", 2)[1].decode("latin-1") if request.count(b" ") >= 2 else "/"
            behaviour = BEHAVIOURS.get(path.split("?")[0])
            if behaviour is None:
                conn.sendall(_headers("404 Not Found", length=0))
            elif time.monotonic() - started < MAX_SECONDS:
                behaviour(conn, self)
        except OSError:
            pass  # the client gave up, as a guarded client should
        finally:
            conn.close()

    def __enter__(self) -> "HostileServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self._listener.close()
        self._thread.join(timeout=5)
