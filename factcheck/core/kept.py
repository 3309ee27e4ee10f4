"""Page fragments kept between requests: the claims list's filters and results, an article
page's content and highlighted body. At a million claims they are most of what a page costs,
and they are the same for every reader until someone writes.

A kept fragment's key holds everything the fragment depends on: the template, the request's
path and query, the language, today's date (overdue claims), what the caller says varies (what
the user may do) and the *content generation*. The database moves the generation on in every statement
that writes a table the fragments show (``SHOWN_TABLES``), by triggers, whatever wrote the rows:
the workflow, the admin, a bulk update, a shell. A page reads the generation (one query on a
table of a few rows) and renders a fragment only when something was written since.

Why a stale fragment is never served:
- the generation is a table, not a sequence: it moves when the write commits, in the same
  transaction, and is read before the fragment's rows, so a fragment kept under generation g
  holds what was committed at g or later;
- inside a transaction nothing is kept nor read from the cache: a fragment rendered there
  would hold writes that may roll back, under a generation that another write reaches later,
  and the generation seen there counts the transaction's own writes;
- kept HTML never holds a user's CSRF token: fragments render with a placeholder that each
  response replaces by the requesting user's own token.

PostgreSQL: one statement-level trigger a table; the first write of a transaction adds one to a
row of ``ContentGeneration`` that no other transaction holds (``SKIP LOCKED``, a new row when all
are held), so writers never wait on each other here, and the generation is the sum of the rows.
SQLite (one writer at a time): row-level triggers on one row. SQLite drops a table's triggers
when a migration rebuilds the table, so a later migration that alters one of ``SHOWN_TABLES`` on
SQLite must call ``install`` again (tests/core/test_kept.py fails otherwise).

The fragments live in Django's default cache (settings.CACHES: each server process's memory),
and so do, under the same generation, the signed-in user's row (``user_row``), their
permissions, role and unread count (``remembered``) and rows a page shows (``value``): a kept
page reads its session and the generation, nothing else.
"""

import hashlib

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

GENERATION = "factcheck_contentgeneration"
# Every table whose rows a kept fragment or value shows: claims and their tags, verdicts
# (ratings), articles and their versions, speakers, tags, the rating scale, the users and groups
# that the filters and "assign to" menus list, and the notifications the header counts.
SHOWN_TABLES = (
    "factcheck_claim",
    "factcheck_claim_tags",
    "factcheck_verdict",
    "factcheck_article",
    "factcheck_articleversion",
    "factcheck_speaker",
    "factcheck_tag",
    "factcheck_rating",
    "auth_user",
    "auth_user_groups",
    "auth_user_user_permissions",
    "auth_group_permissions",
    "factcheck_notification",
)
TRIGGER = "factcheck_move_generation"
# Seconds a fragment is kept at most: fragments of past generations leave the cache by then.
TIMEOUT = 600
# What {% csrf_token %} writes into a kept fragment, replaced at each response.
CSRF_PLACEHOLDER = "kept-fragment-csrf-token-placeholder"

_POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger AS $$
DECLARE
  share bigint;
BEGIN
  -- Once a transaction (SET LOCAL: undone with a savepoint rolled back, like the move itself).
  IF current_setting('factcheck.generation_moved', true) = 'yes' THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('factcheck.generation_moved', 'yes', true);
  SELECT id INTO share FROM {GENERATION} ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED;
  IF share IS NULL THEN
    INSERT INTO {GENERATION} (moves) VALUES (1);
  ELSE
    UPDATE {GENERATION} SET moves = moves + 1 WHERE id = share;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""


def _statements(postgres: bool) -> list[str]:
    if postgres:
        statements = [_POSTGRES_FUNCTION]
        for table in SHOWN_TABLES:
            statements += [
                f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table}",
                f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
                f" ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()",
            ]
        return statements
    move = (
        f"INSERT INTO {GENERATION} (id, moves) VALUES (1, 1)"
        " ON CONFLICT (id) DO UPDATE SET moves = moves + 1;"
    )
    statements = []
    for table in SHOWN_TABLES:
        for event in ("insert", "update", "delete"):
            name = f"{TRIGGER}_{table}_{event}"
            statements += [
                f"DROP TRIGGER IF EXISTS {name}",
                f"CREATE TRIGGER {name} AFTER {event.upper()} ON {table} BEGIN {move} END",
            ]
    return statements


def install(schema_editor=None) -> None:
    """Create (or re-create) the triggers."""
    conn = schema_editor.connection if schema_editor else connection
    with conn.cursor() as cursor:
        for statement in _statements(conn.vendor == "postgresql"):
            cursor.execute(statement)


def uninstall(schema_editor=None, tables=SHOWN_TABLES) -> None:
    """Drop the triggers of ``tables`` (and the function with all of them)."""
    conn = schema_editor.connection if schema_editor else connection
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            for table in tables:
                cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table}")
            if tables == SHOWN_TABLES:
                cursor.execute(f"DROP FUNCTION IF EXISTS {TRIGGER}()")
        else:
            for table in tables:
                for event in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}_{table}_{event}")


def generation(using=None) -> int:
    """The content generation as committed (one query)."""
    with connections[using or DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(SUM(moves), 0) FROM {GENERATION}")
        return cursor.fetchone()[0]


def move_generation(past: int = 0, using=None) -> None:
    """Move the generation on by hand, beyond ``past`` too: after rows were written with the
    triggers off (a bulk load), or a backup was restored (its generation may be one that
    fragments kept before the restore were made under)."""
    with connections[using or DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(f"INSERT INTO {GENERATION} (moves) VALUES (%s)", [past + 1])


def _generation_for(request) -> int:
    """Read once for a GET or HEAD request (it writes nothing: its permissions were looked up
    under the same generation), afresh for any other."""
    user = request.user
    if request.method not in ("GET", "HEAD"):
        return generation()
    if not hasattr(user, "_kept_generation"):
        user._kept_generation = generation()
    return user._kept_generation


def _key(request, template_name: str, varies) -> str:
    parts = [
        template_name,
        _generation_for(request),
        get_language(),
        timezone.localdate().isoformat(),
        request.get_full_path(),
        *varies,
    ]
    return "kept:" + hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()


def fragment(request, template_name: str, context, *varies) -> str:
    """``template_name`` rendered for this request, from the cache when nothing it shows was
    written since. ``context`` is a callable, called only when the fragment is rendered;
    ``varies`` is what else the HTML depends on (what the user may do)."""
    if connection.in_atomic_block:
        return render_to_string(template_name, context(), request)
    key = _key(request, template_name, varies)
    # Kept as the pieces between the token's places: a response joins them once around its
    # reader's token, instead of searching half a megabyte of article for the placeholder.
    pieces = cache.get(key)
    if pieces is None:
        values = {**context(), "csrf_token": CSRF_PLACEHOLDER}
        pieces = render_to_string(template_name, values, request).split(CSRF_PLACEHOLDER)
        cache.set(key, pieces, TIMEOUT)
    if len(pieces) == 1:
        return mark_safe(pieces[0])
    return mark_safe(_token(request).join(pieces))


def _token(request) -> str:
    """The reader's CSRF token, masked once for all the fragments of a response."""
    if not hasattr(request, "_kept_csrf_token"):
        request._kept_csrf_token = get_token(request)
    return request._kept_csrf_token


def remembered(user, name: str, compute):
    """``compute()`` for ``user`` (their permissions, their role), kept between requests until
    a write to a table the fragments show: users, groups and permissions are among them. The
    generation is read once for the user's request, and each value computed at most once in
    it (as Django keeps a user's permissions for the request)."""
    known = user.__dict__.setdefault("_kept_values", {})
    if name not in known:
        if not hasattr(user, "_kept_generation") and not connection.in_atomic_block:
            user._kept_generation = generation()
        known[name] = _kept(f"{name}:{user.pk}", getattr(user, "_kept_generation", None), compute)
    return known[name]


def value(request, name: str, compute):
    """``compute()`` (a row a page shows, such as an article's title and dates), the same for
    every reader and kept until a write to a table the fragments show. ``name`` says what it
    is; a value of None is computed again."""
    if connection.in_atomic_block:
        return compute()
    return _kept(name, _generation_for(request), compute)


def user_row(user_id, compute):
    """The signed-in user's row (``compute()`` reads it), kept like their permissions: a write
    to it (a password, ``is_active``) moves the generation. The generation is read here, first
    thing in the request, and serves the rest of it."""
    current = None if connection.in_atomic_block else generation()
    user = _kept(f"user:{user_id}", current, compute)
    if user is not None and current is not None:
        user._kept_generation = current
    return user


def _kept(name: str, current: int | None, compute):
    """``compute()`` kept under ``name`` and the generation ``current`` (None: not kept, as
    inside a transaction)."""
    if current is None or connection.in_atomic_block:
        return compute()
    key = f"kept:{name}:{current}"
    found = cache.get(key)
    if found is None:
        found = compute()
        if found is not None:
            cache.set(key, found, TIMEOUT)
    return found
