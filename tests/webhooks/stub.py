"""A CMS stub for the webhooks' tests: a real HTTP server on 127.0.0.1 (a free port) that keeps
every request it receives and answers from a script (status, seconds to wait first)."""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


@dataclass
class Stub:
    server: ThreadingHTTPServer
    received: list[Received] = field(default_factory=list)
    script: list[tuple[int, float]] = field(default_factory=list)  # consumed in order

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/factcheck"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        stub = self.server.stub
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        stub.received.append(Received(self.path, dict(self.headers.items()), body))
        status, wait = stub.script.pop(0) if stub.script else (200, 0)
        if wait:
            time.sleep(wait)
        answer = f"réponse {status} ✓".encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
        except OSError:
            pass  # the desk gave up waiting


class serving:
    def __enter__(self) -> Stub:
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.stub = Stub(server)
        self.thread = threading.Thread(target=server.serve_forever, daemon=True)
        self.thread.start()
        self.server = server
        return server.stub

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
