"""A local web server for the fetcher's tests: the fixture pages under tests/data/web/ and the
hostile answers a real site can give (redirect chains, a redirect to a private address, a huge
page, a slow page, a binary file). Never the internet."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGES = Path(__file__).resolve().parent / "data" / "web"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
}
HUGE_BYTES = 3 * 1024 * 1024


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location, status=302):
        self._send(status, headers=[("Location", location)])

    def do_GET(self):  # noqa: C901 - one route a branch reads best here
        path, _, _query = self.path.partition("?")
        port = self.server.server_address[1]
        if path.startswith("/redirect/"):
            left = int(path.rsplit("/", 1)[1])
            return self._redirect(f"/redirect/{left - 1}" if left > 1 else "/en-news.html")
        if path == "/to-loopback":
            return self._redirect(f"http://127.0.0.1:{port}/en-news.html")
        if path == "/to-metadata":
            return self._redirect("http://169.254.169.254/latest/meta-data/", status=301)
        if path == "/to-ftp":
            return self._redirect("ftp://localhost/file.txt")
        if path == "/redirect-nowhere":
            return self._send(302)
        if path.startswith("/flaky/"):  # down the first time each path is asked, up after
            first = path not in self.server.seen
            self.server.seen.add(path)
            if first:
                return self._send(503, b"busy", [("Content-Type", "text/plain")])
            return self._send(
                200, (PAGES / "en-news.html").read_bytes(), [("Content-Type", TYPES[".html"])]
            )
        if path == "/missing":
            return self._send(404, b"<p>Not found</p>", [("Content-Type", "text/html")])
        if path == "/no-type":
            return self._send(200, b"<p>What am I?</p>")
        if path == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(HUGE_BYTES))
            self.end_headers()
            return self.wfile.write(b"<p>" + b"x" * 1000)
        if path == "/huge":  # no Content-Length: the size is only known by reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Connection", "close")
            self.end_headers()
            paragraph = ("<p>" + "Un paragraphe sans fin. " * 40 + "</p>\n").encode()
            sent = 0
            try:
                while sent < HUGE_BYTES:
                    self.wfile.write(paragraph)
                    sent += len(paragraph)
            except OSError:
                pass
            self.close_connection = True
            return None
        if path == "/slow":  # says nothing for 5 seconds
            time.sleep(5)
            return self._send(200, b"<p>late</p>", [("Content-Type", "text/html")])
        if path == "/drip":  # answers at once, then a byte every 0.2 s
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass
            return None
        if path == "/binary":
            return self._send(
                200, bytes(range(256)) * 8, [("Content-Type", "application/octet-stream")]
            )
        if path == "/binary-as-html":  # a binary file that claims to be a page
            return self._send(
                200, (PAGES / "document.pdf").read_bytes(), [("Content-Type", "text/html")]
            )
        if path == "/latin1":
            body = "<html><head><title>Caf\xe9</title></head><body><p>D\xe9j\xe0 vu, \xe9t\xe9.</p></body></html>"
            return self._send(
                200, body.encode("latin-1"), [("Content-Type", "text/html; charset=iso-8859-1")]
            )
        name = path.lstrip("/")
        page = PAGES / name
        if "/" in name or not page.is_file():
            return self._send(404, b"not here", [("Content-Type", "text/plain")])
        return self._send(200, page.read_bytes(), [("Content-Type", TYPES[page.suffix])])


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    seen: set

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.seen = set()

    def handle_error(self, request, client_address):
        pass  # the fetcher hanging up on a slow or huge page is the point of those tests


class WebServer:
    """``with WebServer() as web: web.url("/fr-news.html")`` is http://localhost:<port>/fr-news.html."""

    def __init__(self, host="127.0.0.1", port=0):
        self.httpd = QuietServer((host, port), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str, host: str = "localhost") -> str:
        return f"http://{host}:{self.port}{path}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
