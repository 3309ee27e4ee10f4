"""Joins the migrations added side by side after 0010: the claims' sort keys, webhooks, and
other desks' fact-checks.

SQLite drops a table's triggers when a migration rebuilds the table; whatever order the three
ran in, the tally and sort-key triggers are installed again here (both installs are idempotent
and recount or refill only what differs)."""

from django.db import migrations

from factcheck.claims import sort_keys
from factcheck.desk import tallies


def reinstall_triggers(apps, schema_editor):
    tallies.install(schema_editor)
    sort_keys.install(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0011_claim_sort_keys"),
        ("factcheck", "0011_external_reviews"),
        ("factcheck", "0011_webhooks"),
    ]

    operations = [migrations.RunPython(reinstall_triggers, migrations.RunPython.noop)]
