"""The sort keys a claim keeps from its approved verdict: ``rating_order`` (the order of that
verdict's rating on the scale) and ``approved_at`` (when it was approved), kept by triggers.

The claims list sorts by rating and by review date. Read through the join to the approved
verdict, such a sort reads every claim and its verdict before the first row (2.5 to 3.3 s for
page 500 at a million claims); kept on the claim, each sort walks an index (below).
Triggers keep them, like the dashboard's tallies, so every path that approves, supersedes,
re-rates or deletes a verdict, or moves a rating on the scale, keeps them true, raw SQL and
the admin included.

One rule on both databases: every UPDATE of a claim reads its keys again from its approved
verdict (a BEFORE trigger on PostgreSQL, an AFTER trigger on SQLite), so a claim saved from a
copy loaded before its verdict's approval cannot write stale keys back; a change to a verdict
that is or was approved, or to a rating's order, touches the claims concerned (statement-level
triggers with transition tables on PostgreSQL: one UPDATE per statement; saving a draft touches
nothing). SQLite drops a table's triggers when a migration rebuilds it: a later migration that
alters the claims, verdicts or ratings table on SQLite must call ``install`` again.
"""

from django.db import connection, transaction

CLAIM, VERDICT, RATING = "factcheck_claim", "factcheck_verdict", "factcheck_rating"

# The claims list's default order and its sorts on the claim's own columns, each way, empty
# cells last and the newest claim first among equals (claims.filters.Ordering): a deep page
# walks an index instead of sorting a million rows, and with the article and the status in the
# index it skips rows without reading the table (an index-only scan). PostgreSQL only: SQLite
# has no NULLS LAST in an index, and the desk at that size runs on PostgreSQL.
SORTED = {
    "newest": None,
    "claimed": "claimed_on",
    "rating": "rating_order",
    "approved": "approved_at",
}


def _index_statements() -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of each index serving the list's sorts."""
    statements = [("claim_newest_idx", "id DESC")]
    for key, column in SORTED.items():
        if column:
            statements += [
                (f"claim_{key}_asc_idx", f"{column} ASC NULLS LAST, id DESC"),
                (f"claim_{key}_desc_idx", f"{column} DESC NULLS LAST, id DESC"),
            ]
    return [
        (
            name,
            f"CREATE INDEX IF NOT EXISTS {name} ON {CLAIM} ({keys}) INCLUDE (article_id, status)",
        )
        for name, keys in statements
    ]


def create_indexes(schema_editor=None) -> None:
    conn = schema_editor.connection if schema_editor else connection
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cursor:
        for _name, statement in _index_statements():
            cursor.execute(statement)


def drop_indexes(schema_editor=None) -> None:
    conn = schema_editor.connection if schema_editor else connection
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cursor:
        for name, _statement in _index_statements():
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


_POSTGRES_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION factcheck_claim_keys_from_verdict() RETURNS trigger AS $$
BEGIN
  -- Whatever an UPDATE of the claim wrote into its keys, they are read again from its
  -- approved verdict (NULL without one): a claim saved from a copy loaded before its
  -- verdict's approval cannot write stale keys back.
  SELECT r."order", v.reviewed_at INTO NEW.rating_order, NEW.approved_at
  FROM {VERDICT} v LEFT JOIN {RATING} r ON r.id = v.rating_id
  WHERE v.claim_id = NEW.id AND v.status = 'approved'
  LIMIT 1;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION factcheck_claim_sort_keys() RETURNS trigger AS $$
BEGIN
  -- Only verdicts that are or were approved can move a claim's keys: saving a draft
  -- touches no claim. The claim's own trigger above reads the keys.
  IF TG_OP = 'INSERT' THEN
    UPDATE {CLAIM} SET approved_at = NULL
    WHERE id IN (SELECT claim_id FROM new_rows WHERE status = 'approved');
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE {CLAIM} SET approved_at = NULL
    WHERE id IN (SELECT claim_id FROM old_rows WHERE status = 'approved');
  ELSE
    UPDATE {CLAIM} SET approved_at = NULL
    WHERE id IN (
      SELECT n.claim_id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.status = 'approved' OR o.status = 'approved')
        AND (n.status, n.rating_id, n.reviewed_at, n.claim_id)
            IS DISTINCT FROM (o.status, o.rating_id, o.reviewed_at, o.claim_id)
      UNION
      SELECT o.claim_id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE o.status = 'approved' AND n.claim_id <> o.claim_id
    );
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION factcheck_claim_rating_order() RETURNS trigger AS $$
BEGIN
  UPDATE {CLAIM} SET approved_at = NULL
  WHERE id IN (SELECT claim_id FROM {VERDICT} WHERE rating_id = NEW.id AND status = 'approved');
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""

_VERDICT_TRIGGERS = [
    f"factcheck_claim_sort_keys_{event}" for event in ("insert", "update", "delete")
]


def _postgres_triggers() -> list[str]:
    statements = [
        _POSTGRES_FUNCTIONS,
        f"DROP TRIGGER IF EXISTS factcheck_claim_keys_from_verdict ON {CLAIM}",
        f"CREATE TRIGGER factcheck_claim_keys_from_verdict BEFORE UPDATE ON {CLAIM}"
        " FOR EACH ROW EXECUTE FUNCTION factcheck_claim_keys_from_verdict()",
    ]
    for event, referencing in (
        ("INSERT", "NEW TABLE AS new_rows"),
        ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ("DELETE", "OLD TABLE AS old_rows"),
    ):
        name = f"factcheck_claim_sort_keys_{event.lower()}"
        statements += [
            f"DROP TRIGGER IF EXISTS {name} ON {VERDICT}",
            f"CREATE TRIGGER {name} AFTER {event} ON {VERDICT} REFERENCING {referencing}"
            " FOR EACH STATEMENT EXECUTE FUNCTION factcheck_claim_sort_keys()",
        ]
    statements += [
        f"DROP TRIGGER IF EXISTS factcheck_claim_rating_order ON {RATING}",
        f'CREATE TRIGGER factcheck_claim_rating_order AFTER UPDATE OF "order" ON {RATING}'
        ' FOR EACH ROW WHEN (OLD."order" IS DISTINCT FROM NEW."order")'
        " EXECUTE FUNCTION factcheck_claim_rating_order()",
    ]
    return statements


def _sqlite_kept(claim: str, what: str) -> str:
    """The key ``what`` (rating_order or approved_at) claim ``claim`` should hold."""
    column = 'r."order"' if what == "rating_order" else "v.reviewed_at"
    return (
        f"(SELECT {column} FROM {VERDICT} v LEFT JOIN {RATING} r ON r.id = v.rating_id"
        f" WHERE v.claim_id = {claim} AND v.status = 'approved' LIMIT 1)"
    )


def _sqlite_keep(claim: str) -> str:
    return (
        f"UPDATE {CLAIM} SET rating_order = {_sqlite_kept(claim, 'rating_order')},"
        f" approved_at = {_sqlite_kept(claim, 'approved_at')} WHERE id = {claim};"
    )


def _sqlite_triggers() -> list[str]:
    # SQLite's triggers do not fire again for the UPDATEs they make (recursive_triggers off).
    triggers = {
        "factcheck_claim_keys_from_verdict": (
            f"AFTER UPDATE ON {CLAIM}"
            f" WHEN NEW.rating_order IS NOT {_sqlite_kept('NEW.id', 'rating_order')}"
            f" OR NEW.approved_at IS NOT {_sqlite_kept('NEW.id', 'approved_at')}",
            _sqlite_keep("NEW.id"),
        ),
        "factcheck_claim_sort_keys_insert": (
            f"AFTER INSERT ON {VERDICT} WHEN NEW.status = 'approved'",
            _sqlite_keep("NEW.claim_id"),
        ),
        "factcheck_claim_sort_keys_delete": (
            f"AFTER DELETE ON {VERDICT} WHEN OLD.status = 'approved'",
            _sqlite_keep("OLD.claim_id"),
        ),
        "factcheck_claim_sort_keys_update": (
            f"AFTER UPDATE ON {VERDICT} WHEN OLD.status = 'approved' OR NEW.status = 'approved'",
            _sqlite_keep("OLD.claim_id") + _sqlite_keep("NEW.claim_id"),
        ),
        "factcheck_claim_rating_order": (
            f'AFTER UPDATE OF "order" ON {RATING} WHEN OLD."order" IS NOT NEW."order"',
            f'UPDATE {CLAIM} SET rating_order = NEW."order" WHERE id IN'
            f" (SELECT claim_id FROM {VERDICT} WHERE rating_id = NEW.id AND status = 'approved');",
        ),
    }
    statements = []
    for name, (when, body) in triggers.items():
        statements += [
            f"DROP TRIGGER IF EXISTS {name}",
            f"CREATE TRIGGER {name} {when} BEGIN {body} END",
        ]
    return statements


def install(schema_editor=None) -> None:
    """Create (or re-create) the triggers, then fill the keys from scratch."""
    conn = schema_editor.connection if schema_editor else connection
    statements = _postgres_triggers() if conn.vendor == "postgresql" else _sqlite_triggers()
    with conn.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    refill(conn)


def uninstall(schema_editor=None) -> None:
    conn = schema_editor.connection if schema_editor else connection
    postgres = conn.vendor == "postgresql"
    triggers = [(name, VERDICT) for name in _VERDICT_TRIGGERS] + [
        ("factcheck_claim_keys_from_verdict", CLAIM),
        ("factcheck_claim_rating_order", RATING),
    ]
    with conn.cursor() as cursor:
        for name, table in triggers:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if postgres else ""))
        if postgres:
            for function in ("keys_from_verdict", "sort_keys", "rating_order"):
                cursor.execute(f"DROP FUNCTION IF EXISTS factcheck_claim_{function}()")


def refill(conn=None) -> None:
    """Set every claim's keys from its approved verdict (after a migration or a bulk load with
    the triggers off); claims whose keys are right are not written."""
    conn = conn or connection
    kept = (
        f'SELECT c.id, r."order" AS rating_order, v.reviewed_at AS approved_at FROM {CLAIM} c'
        f" LEFT JOIN {VERDICT} v ON v.claim_id = c.id AND v.status = 'approved'"
        f" LEFT JOIN {RATING} r ON r.id = v.rating_id"
    )
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            # A million claims may outlast the pages' statement timeout.
            cursor.execute("SET LOCAL statement_timeout = 0")
        cursor.execute(
            f"UPDATE {CLAIM} SET rating_order = k.rating_order, approved_at = k.approved_at"
            f" FROM ({kept}) AS k WHERE {CLAIM}.id = k.id"
            f" AND ({CLAIM}.rating_order IS DISTINCT FROM k.rating_order"
            f" OR {CLAIM}.approved_at IS DISTINCT FROM k.approved_at)"
        )
