"""Failing honestly: a 503 page when the database is down, a 500 page, request ids, JSON logs."""

import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from factcheck.core.failures import JsonFormatter, RequestIdFilter

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server_without_database(tmp_path_factory):
    """The production server (gunicorn, DEBUG off) whose database port nothing listens on."""
    closed = free_port()
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "0",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{closed}/factcheck",
        "FACTCHECK_VAR_DIR": str(tmp_path_factory.mktemp("var")),
        # Its own static folder: the suite's other workers read the checkout's manifest.
        "STATIC_ROOT": str(tmp_path_factory.mktemp("static")),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    log = tmp_path_factory.mktemp("log") / "stderr.log"
    with open(log, "wb") as stderr:
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "factcheck.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    try:
        yield base, log
    finally:
        server.terminate()
        server.wait(timeout=30)


def fetch(url, *, data=None, headers=None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_a_page_with_the_database_down_is_a_translated_503(server_without_database):
    base, log = server_without_database
    # A session cookie makes the login check read the session from the database: the failure
    # happens in a middleware, before any view.
    status, headers, body = fetch(
        base + "/", headers={"Cookie": "sessionid=abcdefgh", "X-Request-ID": "lb-42.a"}
    )
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert headers["X-Request-ID"] == "lb-42.a"
    assert "La base de données ne répond pas" in body
    assert "lb-42.a" in body
    assert "<html" in body and "Traceback" not in body
    # Logging in needs the database too.
    status, headers, body = fetch(
        base + "/accounts/login/",
        data=b"username=edith&password=x",
        headers={"Accept-Language": "en", "Cookie": "django_language=en"},
    )
    assert status in (403, 503)  # the CSRF check may refuse first; never a 500
    # An htmx request gets a short text the panel can show where the user acted.
    status, headers, body = fetch(
        base + "/claims/",
        headers={"Cookie": "sessionid=abcdefghij; django_language=en", "HX-Request": "true"},
    )
    assert status == 503
    assert headers["Content-Type"].startswith("text/plain")
    assert body == "The database is not answering; nothing was saved. Try again in a moment."
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    assert any(line["request_id"] == "lb-42.a" and line["level"] == "ERROR" for line in lines)
    assert all(headers.get("X-Request-ID") for headers in [headers])


def test_a_server_error_is_a_translated_500_page_without_the_database(client, editor, settings):
    # Any other exception: the 500 page, rendered without context processors.
    settings.ROOT_URLCONF = "tests.urls_failing"
    failing = Client(raise_request_exception=False)
    failing.force_login(editor)
    response = failing.get("/boom/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 500
    assert "Erreur du serveur" in response.content.decode()
    assert response["X-Request-ID"]
    response = failing.get("/boom/", HTTP_HX_REQUEST="true")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize(
    ("offered", "kept"),
    [("abc-123", True), ("x" * 65, False), ("<script>", False), ("é🎉", False), ("a\r\nb", False)],
)
def test_the_request_id_comes_from_the_proxy_only_when_sane(client, editor, offered, kept):
    client.force_login(editor)
    response = client.get(reverse("dashboard"), HTTP_X_REQUEST_ID=offered)
    assert (response["X-Request-ID"] == offered) is kept
    assert len(response["X-Request-ID"]) in ((len(offered),) if kept else (32,))


def test_log_lines_are_json_with_the_request_id():
    record = logging.LogRecord(
        "factcheck", logging.ERROR, __file__, 1, "Échec « %s »", ("é🎉",), None
    )
    RequestIdFilter().filter(record)
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["message"] == "Échec « é🎉 »"
    assert entry["level"] == "ERROR"
    assert entry["request_id"] == ""
    assert "\n" not in line
