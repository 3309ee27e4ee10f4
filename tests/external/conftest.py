"""Fixtures of the external area's tests: the ClaimReview files, a local server that publishes
them (127.0.0.1, a free port; the fetcher reaches it as ``localhost``), and an import helper."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from factcheck.external import services

FEEDS = Path(__file__).resolve().parents[1] / "data" / "claimreview"
TYPES = {
    ".json": "application/ld+json; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


def feed(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


def imported(*names):
    """Import the named files (no user: as the command line does)."""
    return [services.import_feed(data=feed(name)) for name in names]


class _Feeds(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == "/as-json/single":  # the same file served as plain application/json
            return self._send(200, feed("single.json"), "application/json")
        if path == "/binary":
            return self._send(200, bytes(range(256)), "application/octet-stream")
        name = path.lstrip("/")
        file = FEEDS / name
        if "/" in name or not file.is_file():
            return self._send(404, b"not here", "text/plain")
        return self._send(200, file.read_bytes(), TYPES[file.suffix])

    def _send(self, status, body, kind):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="session")
def feed_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Feeds)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def feeds(feed_server, settings):
    """``feeds("/single.json")``: the file's address on the local server, ``localhost`` allowed
    past the fetcher's public-address rule as in the intake tests."""
    settings.FETCH_ALLOWED_HOSTS = ["localhost"]
    settings.FETCH_CONNECT_TIMEOUT = 2
    settings.FETCH_TIMEOUT = 2
    port = feed_server.server_address[1]
    return lambda path: f"http://localhost:{port}{path}"
