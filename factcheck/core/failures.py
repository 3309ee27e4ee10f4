"""Failing honestly: the 500 and 503 pages, the request id, and JSON log lines.

Django turns an exception raised anywhere (a view, or a middleware such as the session or login
check reading the database) into a response through ``handler500`` before any outer middleware
sees it; so the one place that can answer "the database is unreachable" for every request is
that handler. It renders its pages without context processors, which could query the database.
"""

import contextvars
import json
import logging
import re
import sys
import uuid

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 30
REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_request_id = contextvars.ContextVar("request_id", default="")

DATABASE_ERRORS = (OperationalError, InterfaceError)


def request_id_middleware(get_response):
    """Give every request an id (the proxy's ``X-Request-ID`` when it is sane, else a new uuid4),
    on ``request.id``, in every log line of the request, and in the response's header."""

    def middleware(request):
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request.id = offered if _VALID_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
        token = _request_id.set(request.id)
        try:
            response = get_response(request)
        finally:
            _request_id.reset(token)
        response[REQUEST_ID_HEADER] = request.id
        return response

    return middleware


def server_error(request, template_name="500.html"):
    """``handler500``: a 503 with Retry-After when the database is unreachable, else a 500."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        return _failure(request, 503, "503.html", _database_down_text())
    return _failure(request, 500, template_name, _server_error_text())


def _database_down_text() -> str:
    return _("The database is not answering; nothing was saved. Try again in a moment.")


def _server_error_text() -> str:
    return _("Something went wrong on the server; nothing was saved. Try again in a moment.")


def _failure(request, status: int, template_name: str, text: str) -> HttpResponse:
    request_id = getattr(request, "id", "")
    if request.headers.get("HX-Request") == "true":
        # The panel shows this text where the user acted.
        response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    else:
        try:
            page = loader.get_template(template_name).render({"request_id": request_id})
            response = HttpResponse(page, status=status)
        except Exception:  # an error page must not fail (a missing static manifest, say)
            response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (empty outside a request)."""

    def filter(self, record):
        record.request_id = _request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line, for the log collector. Written here rather than taken from a
    library: eight lines, and the fields are exactly the ones the desk's operators read."""

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        if getattr(record, "status_code", None):
            entry["status"] = record.status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
