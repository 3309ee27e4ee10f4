"""Settings for the fact-check workbench, read from the environment.

Locally nothing needs setting: SQLite and a generated secret key live in ``var/``.
In production (``DEBUG`` off) ``SECRET_KEY`` and ``DATABASE_URL`` come from the environment.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FACTCHECK_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)


def local_secret_key() -> str:
    """A key generated once per checkout and kept in var/, so local sessions survive restarts."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production (DEBUG off) needs SECRET_KEY in the environment; "
            "for a local run set DEBUG=1 (make run does)."
        )
    SECRET_KEY = local_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # Django's widget templates, for FORM_RENDERER below
    "django_htmx",
    "csp",
    "axes",
    "django_filters",
    "simple_history",
    "factcheck",
    # Background work (notification e-mails) in a database queue: `manage.py db_worker` runs it.
    "django_tasks",
    "django_tasks_db",
    # The API's documentation page, served from its own static files (no CDN, the CSP holds).
    "ninja",
]

# Background work (fetching sources): django-tasks with its database backend, so one machine
# needs no other service and more workers (manage.py db_worker) on more machines share the same
# database. TASKS_BACKEND may name another django-tasks backend.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

MIDDLEWARE = [
    "factcheck.core.failures.request_id_middleware",  # first: every log line carries the request id
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # NUL bytes refused, a role required, Cache-Control and Permissions-Policy set.
    "factcheck.core.guards.RequestGuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

# No inline script or style anywhere: every script and stylesheet is a file under static/.
# The nonce is for Trix, which adds its own <style> element (it reads <meta name=trix-csp-nonce>).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],  # trix.css draws its toolbar icons as data: images
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Login throttling (django-axes), keyed on the real client address (factcheck/core/throttling.py):
# five failures for a user name from one address lock that pair out for 15 minutes; twenty
# failures from one address across user names (password spraying) lock that address. The login
# page says so.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, its answers kept between requests (factcheck/core/permissions.py).
    "factcheck.core.permissions.KeptPermissionsBackend",
]
AXES_HANDLER = "factcheck.core.throttling.ThrottlingHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", 20))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "factcheck.core.throttling.client_ip"
# How many proxies (load balancers) stand in front of the application and append to
# X-Forwarded-For: the one place that says which entry is the client's.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", 1 if env_bool("BEHIND_PROXY", False) else 0))

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "factcheck.core.context_processors.workbench",
                "factcheck.collab.context_processors.notifications",
            ],
        },
    },
]

# Kept page fragments (factcheck/core/kept.py) live in each server process's memory: nothing
# runs beside the application, and a process that restarts renders them again. A list page's
# fragments weigh 20-80 kB; 500 of them at most a process.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 500},
    }
}

# Every form field renders through templates/factcheck/partials/_field.html.
FORM_RENDERER = "factcheck.core.forms.FormRenderer"

# SQLite in var/ unless DATABASE_URL says otherwise (postgres://user@host:5432/name in production).
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASE_URL = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets the dev server read while a command writes; a busy timeout avoids "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Database time limits (PostgreSQL), in seconds: a database that does not answer is an error
# page after a few seconds, not a worker thread held for ever. Exports raise the statement
# limit for their own transaction (factcheck/core/db_timeouts.py); 0 means no limit.
DB_CONNECT_TIMEOUT = int(os.environ.get("DB_CONNECT_TIMEOUT", 5))
DB_STATEMENT_TIMEOUT = float(os.environ.get("DB_STATEMENT_TIMEOUT", 30))
# How long a request or an approval may compare a quote with every reviewed quote (PostgreSQL)
# before the comparison moves to the task queue (claims/similar.py).
SIMILAR_INLINE_SECONDS = float(os.environ.get("SIMILAR_INLINE_SECONDS", 0.3))
EXPORT_STATEMENT_TIMEOUT = float(os.environ.get("EXPORT_STATEMENT_TIMEOUT", 600))
BACKUP_LOCK_WAIT_TIMEOUT = float(os.environ.get("BACKUP_LOCK_WAIT_TIMEOUT", 60))
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": DB_CONNECT_TIMEOUT,
            # JIT compiling pays off for analytic queries that run for seconds; a page's
            # queries would spend 50-70 ms of each request compiling (measured at a million
            # claims), so it is off for the workbench's connections.
            "options": f"-c statement_timeout={int(DB_STATEMENT_TIMEOUT * 1000)} -c jit=off",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
# Django's database sessions, read by one plain statement (factcheck/core/sessions.py).
SESSION_ENGINE = "factcheck.core.sessions"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 60 * 60 * 12))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # and after SESSION_COOKIE_AGE seconds at the latest

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "fr")
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
# The language switch sets this cookie; keep the choice for a year, not only for the browser session.
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "factcheck" / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
# collectstatic writes here; a second server on the same checkout may use its own folder.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "factcheck.core.staticfiles.StaticFiles"
        )
    },
}

# Uploaded articles are read in memory; anything larger is refused with a clear message.
ARTICLE_MAX_BYTES = int(os.environ.get("ARTICLE_MAX_BYTES", 2 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = ARTICLE_MAX_BYTES + 512 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = ARTICLE_MAX_BYTES + 512 * 1024

# Fetching pages from the web (factcheck/intake/fetching.py): seconds to connect, seconds for the
# whole fetch, redirects followed, bytes read; hosts exempt from the public-address rule (tests).
FETCH_CONNECT_TIMEOUT = float(os.environ.get("FETCH_CONNECT_TIMEOUT", 5))
FETCH_TIMEOUT = float(os.environ.get("FETCH_TIMEOUT", 20))
FETCH_MAX_REDIRECTS = int(os.environ.get("FETCH_MAX_REDIRECTS", 5))
FETCH_MAX_BYTES = int(os.environ.get("FETCH_MAX_BYTES", 5 * 1024 * 1024))
FETCH_ALLOWED_HOSTS = [host.lower() for host in env_list("FETCH_ALLOWED_HOSTS")]

# Webhooks (factcheck/webhooks/): seconds to connect and for each read of one attempt; hosts
# exempt from the public-address rule (a CMS on the newsroom's own network, the tests' stub).
WEBHOOK_TIMEOUT = float(os.environ.get("WEBHOOK_TIMEOUT", 10))
WEBHOOK_ALLOWED_HOSTS = [host.lower() for host in env_list("WEBHOOK_ALLOWED_HOSTS")]

# Notification e-mails: printed on the console locally, sent by SMTP (EMAIL_HOST…) otherwise.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "factcheck@localhost")

# Who publishes the fact-checks: the ClaimReview author.
NEWSROOM_NAME = os.environ.get("NEWSROOM_NAME", "Fact-check desk")
NEWSROOM_URL = os.environ.get("NEWSROOM_URL", "https://factcheck.example.org/")
# Absolute links in exports (claim_url, ClaimReview url) when no request is at hand.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
)
# Production is served over HTTPS (TLS ends at the load balancer: set BEHIND_PROXY=1).
# HTTPS=0 serves plain HTTP with ordinary cookies: for a benchmark on loopback only.
if not DEBUG and env_bool("HTTPS", True):
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# The language cookie is only read by Django (no script reads it), and over HTTPS only in
# production, like the session and CSRF cookies.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = not DEBUG and env_bool("HTTPS", True)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Logging: JSON lines on standard error in production (LOG_FORMAT=text for plain lines), each
# with the request id (factcheck/core/failures.py); readable lines with DEBUG on.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "factcheck.core.failures.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "factcheck.core.failures.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
