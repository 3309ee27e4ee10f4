"""The triggers that keep ``StatusTally`` and ``RatingTally``, and a recount from scratch.

PostgreSQL: statement-level triggers with transition tables, so a bulk UPDATE or a COPY of a
million rows costs one grouped upsert, not a million. Each statement applies its deltas in one
INSERT ... ON CONFLICT, ordered by key and skipping keys whose delta is zero: two transactions
moving claims in opposite directions lock the same rows in the same order (no deadlock), and an
edit that changes neither status nor assignee locks nothing.

SQLite (one writer at a time): row-level triggers. SQLite drops a table's triggers when a
migration rebuilds the table, so a later migration that alters the claims or verdicts table on
SQLite must call ``install`` again (the tally tests fail otherwise).
"""

from django.db import connection, transaction

STATUS = "factcheck_statustally"
RATING = "factcheck_ratingtally"

_POSTGRES_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION factcheck_tally_claims() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO {STATUS} (status, assignee_id, claims)
    SELECT status, COALESCE(assignee_id, 0), count(*) FROM new_rows
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (status, assignee_id) DO UPDATE SET claims = {STATUS}.claims + EXCLUDED.claims;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO {STATUS} (status, assignee_id, claims)
    SELECT status, COALESCE(assignee_id, 0), -count(*) FROM old_rows
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (status, assignee_id) DO UPDATE SET claims = {STATUS}.claims + EXCLUDED.claims;
  ELSE
    INSERT INTO {STATUS} (status, assignee_id, claims)
    SELECT status, assignee, sum(delta) FROM (
      SELECT status, COALESCE(assignee_id, 0) AS assignee, 1 AS delta FROM new_rows
      UNION ALL
      SELECT status, COALESCE(assignee_id, 0), -1 FROM old_rows
    ) AS moves
    GROUP BY 1, 2 HAVING sum(delta) <> 0 ORDER BY 1, 2
    ON CONFLICT (status, assignee_id) DO UPDATE SET claims = {STATUS}.claims + EXCLUDED.claims;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION factcheck_tally_verdicts() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO {RATING} (rating_id, verdicts)
    SELECT rating_id, count(*) FROM new_rows
    WHERE status = 'approved' AND rating_id IS NOT NULL GROUP BY 1 ORDER BY 1
    ON CONFLICT (rating_id) DO UPDATE SET verdicts = {RATING}.verdicts + EXCLUDED.verdicts;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO {RATING} (rating_id, verdicts)
    SELECT rating_id, -count(*) FROM old_rows
    WHERE status = 'approved' AND rating_id IS NOT NULL GROUP BY 1 ORDER BY 1
    ON CONFLICT (rating_id) DO UPDATE SET verdicts = {RATING}.verdicts + EXCLUDED.verdicts;
  ELSE
    INSERT INTO {RATING} (rating_id, verdicts)
    SELECT rating_id, sum(delta) FROM (
      SELECT rating_id, 1 AS delta FROM new_rows WHERE status = 'approved'
      UNION ALL
      SELECT rating_id, -1 FROM old_rows WHERE status = 'approved'
    ) AS moves
    WHERE rating_id IS NOT NULL GROUP BY 1 HAVING sum(delta) <> 0 ORDER BY 1
    ON CONFLICT (rating_id) DO UPDATE SET verdicts = {RATING}.verdicts + EXCLUDED.verdicts;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""


def _postgres_triggers() -> list[str]:
    statements = [_POSTGRES_FUNCTIONS]
    for table, function in (
        ("factcheck_claim", "factcheck_tally_claims"),
        ("factcheck_verdict", "factcheck_tally_verdicts"),
    ):
        for event, referencing in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        ):
            name = f"{function}_{event.lower()}"
            statements += [
                f"DROP TRIGGER IF EXISTS {name} ON {table}",
                f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {referencing}"
                f" FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
            ]
    return statements


def _sqlite_add(table: str, key: str, values: str, column: str, amount: str) -> str:
    return (
        f"INSERT INTO {table} ({key}, {column}) VALUES ({values}, {amount})"
        f" ON CONFLICT ({key}) DO UPDATE SET {column} = {column} + excluded.{column};"
    )


def _sqlite_triggers() -> list[str]:
    claim_key, claim_new = "status, assignee_id", "NEW.status, COALESCE(NEW.assignee_id, 0)"
    claim_old = "OLD.status, COALESCE(OLD.assignee_id, 0)"
    approved_new = "NEW.status = 'approved' AND NEW.rating_id IS NOT NULL"
    approved_old = "OLD.status = 'approved' AND OLD.rating_id IS NOT NULL"
    triggers = {
        "factcheck_tally_claims_insert": (
            "AFTER INSERT ON factcheck_claim",
            _sqlite_add(STATUS, claim_key, claim_new, "claims", "1"),
        ),
        "factcheck_tally_claims_delete": (
            "AFTER DELETE ON factcheck_claim",
            _sqlite_add(STATUS, claim_key, claim_old, "claims", "-1"),
        ),
        "factcheck_tally_claims_update": (
            "AFTER UPDATE OF status, assignee_id ON factcheck_claim"
            " WHEN OLD.status IS NOT NEW.status OR OLD.assignee_id IS NOT NEW.assignee_id",
            _sqlite_add(STATUS, claim_key, claim_old, "claims", "-1")
            + _sqlite_add(STATUS, claim_key, claim_new, "claims", "1"),
        ),
        "factcheck_tally_verdicts_insert": (
            f"AFTER INSERT ON factcheck_verdict WHEN {approved_new}",
            _sqlite_add(RATING, "rating_id", "NEW.rating_id", "verdicts", "1"),
        ),
        "factcheck_tally_verdicts_delete": (
            f"AFTER DELETE ON factcheck_verdict WHEN {approved_old}",
            _sqlite_add(RATING, "rating_id", "OLD.rating_id", "verdicts", "-1"),
        ),
        "factcheck_tally_verdicts_update_old": (
            f"AFTER UPDATE OF status, rating_id ON factcheck_verdict WHEN {approved_old}",
            _sqlite_add(RATING, "rating_id", "OLD.rating_id", "verdicts", "-1"),
        ),
        "factcheck_tally_verdicts_update_new": (
            f"AFTER UPDATE OF status, rating_id ON factcheck_verdict WHEN {approved_new}",
            _sqlite_add(RATING, "rating_id", "NEW.rating_id", "verdicts", "1"),
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
    """Create (or re-create) the triggers, then count from scratch."""
    conn = schema_editor.connection if schema_editor else connection
    statements = _postgres_triggers() if conn.vendor == "postgresql" else _sqlite_triggers()
    with conn.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    recount(conn)


def uninstall(schema_editor=None) -> None:
    conn = schema_editor.connection if schema_editor else connection
    names = [
        f"factcheck_tally_{what}_{event}"
        for what in ("claims", "verdicts")
        for event in ("insert", "update", "delete", "update_old", "update_new")
    ]
    with conn.cursor() as cursor:
        for name in names:
            table = "factcheck_claim" if "claims" in name else "factcheck_verdict"
            on = f" ON {table}" if conn.vendor == "postgresql" else ""
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on}")
        if conn.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS factcheck_tally_claims()")
            cursor.execute("DROP FUNCTION IF EXISTS factcheck_tally_verdicts()")


def recount(conn=None) -> None:
    """Replace the kept counts by a count of the tables (after a migration, or to repair)."""
    conn = conn or connection
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            # Counting a million rows may outlast the pages' statement timeout.
            cursor.execute("SET LOCAL statement_timeout = 0")
            # Taken in the same order as the triggers take them: writers wait, none deadlock.
            cursor.execute(f"LOCK TABLE {STATUS}, {RATING} IN EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {STATUS}")
        cursor.execute(
            f"INSERT INTO {STATUS} (status, assignee_id, claims)"
            " SELECT status, COALESCE(assignee_id, 0), count(*) FROM factcheck_claim"
            " GROUP BY status, COALESCE(assignee_id, 0)"
        )
        cursor.execute(f"DELETE FROM {RATING}")
        cursor.execute(
            f"INSERT INTO {RATING} (rating_id, verdicts)"
            " SELECT rating_id, count(*) FROM factcheck_verdict"
            " WHERE status = 'approved' AND rating_id IS NOT NULL GROUP BY rating_id"
        )
