"""A small web site on 127.0.0.1 for tests: http.server in a thread, serving routes set per test and
recording every request it receives."""

import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    # Statuses for the first requests, in order, before ``status`` applies (e.g. [503, 503] then 200).
    first_statuses: list[int] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    stream_bytes: int = 0  # send this many zero bytes with no Content-Length, generated on the fly


@dataclass(frozen=True)
class Hit:
    path: str
    headers: dict[str, str]
    at: float  # time.monotonic()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # Clients that stop reading (size caps, timeouts) reset their connections; that is the point.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LocalSite:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                with site._lock:
                    site.hits.append(Hit(self.path, dict(self.headers.items()), time.monotonic()))
                    route = site.routes.get(self.path)
                    status = (route.first_statuses.pop(0) if route and route.first_statuses
                              else route.status if route else 404)
                if route is None:
                    route = Route(body=b"not found", content_type="text/plain")
                if route.delay:
                    time.sleep(route.delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", route.content_type)
                    for name, value in route.headers.items():
                        self.send_header(name, value)
                    if route.stream_bytes:
                        self.send_header("Connection", "close")
                        self.end_headers()
                        self._stream(route.stream_bytes)
                    else:
                        self.send_header("Content-Length", str(len(route.body)))
                        self.end_headers()
                        self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading, as a size cap should make it

            def _stream(self, total: int) -> None:
                chunk = b"\0" * 65536
                for _ in range(0, total, len(chunk)):
                    self.wfile.write(chunk)
                self.close_connection = True

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - keep test output quiet
                pass

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        return self.base_url + path

    def add(self, path: str, body: bytes | str = b"", **options: object) -> str:
        """Serve ``body`` (or what the Route options say) at ``path``; returns its URL."""
        self.routes[path] = Route(body=body.encode() if isinstance(body, str) else body, **options)
        return self.url(path)

    def hits_on(self, path: str) -> list[Hit]:
        return [hit for hit in self.hits if hit.path == path]

    def __enter__(self) -> "LocalSite":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
