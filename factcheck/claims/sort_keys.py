"""The sort keys a claim keeps from other rows, kept by triggers, and the indexes that serve the
claims list's sorts at a million claims.

Kept keys: ``rating_order`` and ``approved_at`` (its approved verdict's rating order and
approval time), ``speaker_name``, ``article_title`` and ``assignee_name``. Read through joins,
a sort by any of them reads every claim and its joined rows before the first row (0.6 to 3.3 s
a page at a million claims); kept on the claim, each sort walks an index.

One rule on both databases: every INSERT or UPDATE of a claim reads its keys again (a BEFORE
trigger on PostgreSQL, an AFTER trigger on SQLite), so a claim saved from a copy loaded before
its verdict's approval or its speaker's renaming cannot write stale keys back. A change to a
verdict that is or was approved, to a rating's order, or to a speaker's name, an article's
title or a user's name touches the claims concerned (PostgreSQL: statement-level triggers with
transition tables on the verdicts, one UPDATE per statement; saving a draft touches nothing).
SQLite drops a table's triggers when a migration rebuilds it: a later migration that alters
one of these tables on SQLite must call ``install`` again.
"""

from django.db import connection, transaction

CLAIM, VERDICT, RATING = "factcheck_claim", "factcheck_verdict", "factcheck_rating"

# kept column -> (table, column, the claim's foreign key): the names a claim keeps.
NAMES = {
    "speaker_name": ("factcheck_speaker", "name", "speaker_id"),
    "article_title": ("factcheck_article", "title", "article_id"),
    "assignee_name": ("auth_user", "username", "assignee_id"),
}
KEYS = ("rating_order", "approved_at", *NAMES)

# The list's sorts an index serves (name -> claim column), each way, empty cells last and the
# newest claim first among equals (claims.filters.Ordering). With the article and the status in
# the index, a deep page skips its rows without reading the table (an index-only scan).
# PostgreSQL only: SQLite has no NULLS LAST in an index, and a desk of that size runs on
# PostgreSQL. The quote is not indexed (a long quote would not fit in an index entry).
SORTED = {
    "claimed": "claimed_on",
    "rating": "rating_order",
    "approved": "approved_at",
    "speaker": "speaker_name",
    "article": "article_title",
    "assignee": "assignee_name",
    "status": "status",
    "due": "due_on",
    "priority": "priority",
}


def _index_statements() -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of each index serving the list's order and sorts."""
    keys = [("claim_newest_idx", "id DESC")]
    for key, column in SORTED.items():
        keys += [
            (f"claim_{key}_asc_idx", f"{column} ASC NULLS LAST, id DESC"),
            (f"claim_{key}_desc_idx", f"{column} DESC NULLS LAST, id DESC"),
        ]
    return [
        (name, f"CREATE INDEX IF NOT EXISTS {name} ON {CLAIM} ({on}) INCLUDE (article_id, status)")
        for name, on in keys
    ]


def _approved(claim: str, column: str) -> str:
    """SQL: ``column`` (of v, the verdict, or r, its rating) of claim ``claim``'s approved
    verdict."""
    return (
        f"(SELECT {column} FROM {VERDICT} v LEFT JOIN {RATING} r ON r.id = v.rating_id"
        f" WHERE v.claim_id = {claim} AND v.status = 'approved' LIMIT 1)"
    )


def _kept(row: str) -> dict[str, str]:
    """SQL expressions of the keys the claim ``row`` (NEW, or a table alias) should hold."""
    keys = {
        "rating_order": _approved(f"{row}.id", 'r."order"'),
        "approved_at": _approved(f"{row}.id", "v.reviewed_at"),
    }
    for key, (table, column, foreign_key) in NAMES.items():
        keys[key] = f"(SELECT {column} FROM {table} WHERE id = {row}.{foreign_key})"
    return keys


def _postgres_statements() -> list[str]:
    assignments = "\n".join(f"  NEW.{key} := {value};" for key, value in _kept("NEW").items())
    touch = f"UPDATE {CLAIM} SET approved_at = NULL WHERE id IN"
    statements = [
        f"""
CREATE OR REPLACE FUNCTION factcheck_claim_keys() RETURNS trigger AS $$
BEGIN
{assignments}
  RETURN NEW;
END
$$ LANGUAGE plpgsql""",
        f"""
CREATE OR REPLACE FUNCTION factcheck_claim_sort_keys() RETURNS trigger AS $$
BEGIN
  -- Only verdicts that are or were approved move a claim's keys: saving a draft touches no
  -- claim. The claim's own trigger reads the keys.
  IF TG_OP = 'INSERT' THEN
    {touch} (SELECT claim_id FROM new_rows WHERE status = 'approved');
  ELSIF TG_OP = 'DELETE' THEN
    {touch} (SELECT claim_id FROM old_rows WHERE status = 'approved');
  ELSE
    {touch} (
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
$$ LANGUAGE plpgsql""",
        f"""
CREATE OR REPLACE FUNCTION factcheck_claim_rating_order() RETURNS trigger AS $$
BEGIN
  {touch} (SELECT claim_id FROM {VERDICT} WHERE rating_id = NEW.id AND status = 'approved');
  RETURN NULL;
END
$$ LANGUAGE plpgsql""",
        f"DROP TRIGGER IF EXISTS factcheck_claim_keys ON {CLAIM}",
        f"CREATE TRIGGER factcheck_claim_keys BEFORE INSERT OR UPDATE ON {CLAIM}"
        " FOR EACH ROW EXECUTE FUNCTION factcheck_claim_keys()",
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
    for key, (table, column, foreign_key) in NAMES.items():
        function = f"factcheck_claim_{key}"
        statements += [
            f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
BEGIN
  UPDATE {CLAIM} SET {key} = NEW.{column} WHERE {foreign_key} = NEW.id;
  RETURN NULL;
END
$$ LANGUAGE plpgsql""",
            f"DROP TRIGGER IF EXISTS {function} ON {table}",
            f"CREATE TRIGGER {function} AFTER UPDATE OF {column} ON {table} FOR EACH ROW"
            f" WHEN (OLD.{column} IS DISTINCT FROM NEW.{column}) EXECUTE FUNCTION {function}()",
        ]
    return statements


def _sqlite_statements() -> list[str]:
    # SQLite's triggers do not fire again for the UPDATEs they make (recursive_triggers off).
    differ = " OR ".join(f"NEW.{key} IS NOT {value}" for key, value in _kept("NEW").items())

    def keep_claim(claim: str) -> str:
        sets = ", ".join(f"{key} = {value}" for key, value in _kept(CLAIM).items())
        return f"UPDATE {CLAIM} SET {sets} WHERE id = {claim};"

    triggers = {
        "factcheck_claim_keys_insert": (
            f"AFTER INSERT ON {CLAIM}",
            keep_claim("NEW.id"),
        ),
        "factcheck_claim_keys_update": (
            f"AFTER UPDATE ON {CLAIM} WHEN {differ}",
            keep_claim("NEW.id"),
        ),
        "factcheck_claim_sort_keys_insert": (
            f"AFTER INSERT ON {VERDICT} WHEN NEW.status = 'approved'",
            keep_claim("NEW.claim_id"),
        ),
        "factcheck_claim_sort_keys_delete": (
            f"AFTER DELETE ON {VERDICT} WHEN OLD.status = 'approved'",
            keep_claim("OLD.claim_id"),
        ),
        "factcheck_claim_sort_keys_update": (
            f"AFTER UPDATE ON {VERDICT} WHEN OLD.status = 'approved' OR NEW.status = 'approved'",
            keep_claim("OLD.claim_id") + keep_claim("NEW.claim_id"),
        ),
        "factcheck_claim_rating_order": (
            f'AFTER UPDATE OF "order" ON {RATING} WHEN OLD."order" IS NOT NEW."order"',
            f'UPDATE {CLAIM} SET rating_order = NEW."order" WHERE id IN'
            f" (SELECT claim_id FROM {VERDICT} WHERE rating_id = NEW.id AND status = 'approved');",
        ),
    }
    for key, (table, column, foreign_key) in NAMES.items():
        triggers[f"factcheck_claim_{key}"] = (
            f"AFTER UPDATE OF {column} ON {table} WHEN OLD.{column} IS NOT NEW.{column}",
            f"UPDATE {CLAIM} SET {key} = NEW.{column} WHERE {foreign_key} = NEW.id;",
        )
    statements = ["DROP TRIGGER IF EXISTS factcheck_claim_keys_from_verdict"]
    for name, (when, body) in triggers.items():
        statements += [
            f"DROP TRIGGER IF EXISTS {name}",
            f"CREATE TRIGGER {name} {when} BEGIN {body} END",
        ]
    return statements


def _triggers(postgres: bool) -> list[tuple[str, str]]:
    """(trigger, table) of every trigger installed, for uninstall."""
    triggers = [(f"factcheck_claim_sort_keys_{e}", VERDICT) for e in ("insert", "update", "delete")]
    triggers += [("factcheck_claim_rating_order", RATING)]
    triggers += [(f"factcheck_claim_{key}", table) for key, (table, _, _) in NAMES.items()]
    if postgres:
        triggers += [("factcheck_claim_keys", CLAIM), ("factcheck_claim_keys_from_verdict", CLAIM)]
    else:
        triggers += [("factcheck_claim_keys_insert", CLAIM), ("factcheck_claim_keys_update", CLAIM)]
    return triggers


def install(schema_editor=None) -> None:
    """Create (or re-create) the triggers, then fill the keys from scratch."""
    conn = schema_editor.connection if schema_editor else connection
    postgres = conn.vendor == "postgresql"
    with conn.cursor() as cursor:
        if postgres:
            # The first version kept only the verdict's keys, by another claim trigger.
            cursor.execute(f"DROP TRIGGER IF EXISTS factcheck_claim_keys_from_verdict ON {CLAIM}")
            cursor.execute("DROP FUNCTION IF EXISTS factcheck_claim_keys_from_verdict()")
        for statement in _postgres_statements() if postgres else _sqlite_statements():
            cursor.execute(statement)
    refill(conn)


def uninstall(schema_editor=None) -> None:
    conn = schema_editor.connection if schema_editor else connection
    postgres = conn.vendor == "postgresql"
    with conn.cursor() as cursor:
        for name, table in _triggers(postgres):
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if postgres else ""))
        if postgres:
            for function in ("keys", "keys_from_verdict", "sort_keys", "rating_order", *NAMES):
                cursor.execute(f"DROP FUNCTION IF EXISTS factcheck_claim_{function}()")


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


def refill(conn=None) -> None:
    """Set every claim's keys (after a migration, or a bulk load with the triggers off); claims
    whose keys are right are not written."""
    conn = conn or connection
    joins = [
        f"LEFT JOIN {VERDICT} v ON v.claim_id = c.id AND v.status = 'approved'",
        f"LEFT JOIN {RATING} r ON r.id = v.rating_id",
    ]
    values = ['r."order" AS rating_order', "v.reviewed_at AS approved_at"]
    for key, (table, column, foreign_key) in NAMES.items():
        joins.append(f"LEFT JOIN {table} {key}_t ON {key}_t.id = c.{foreign_key}")
        values.append(f"{key}_t.{column} AS {key}")
    kept = f"SELECT c.id, {', '.join(values)} FROM {CLAIM} c {' '.join(joins)}"
    sets = ", ".join(f"{key} = k.{key}" for key in KEYS)
    differ = " OR ".join(f"{CLAIM}.{key} IS DISTINCT FROM k.{key}" for key in KEYS)
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            # A million claims may outlast the pages' statement timeout.
            cursor.execute("SET LOCAL statement_timeout = 0")
        cursor.execute(
            f"UPDATE {CLAIM} SET {sets} FROM ({kept}) AS k WHERE {CLAIM}.id = k.id AND ({differ})"
        )
