"""Joins the migrations that the areas' work added side by side after 0008.

SQLite drops a table's triggers when a migration rebuilds it, and some of those migrations alter
the claims and verdicts tables after the dashboard's tally triggers were installed: they are
installed again here, and the counts taken afresh (desk.tallies.install is idempotent)."""

from django.db import migrations

from factcheck.desk import tallies


def reinstall_tallies(apps, schema_editor):
    tallies.install(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0009_collab_notes_queue"),
        ("factcheck", "0009_exports_rationale_text"),
        ("factcheck", "0009_forms_claim_changes_in_history_diff"),
        ("factcheck", "0009_hotpaths_similar_claims"),
        ("factcheck", "0009_intake_snapshots"),
        ("factcheck", "0009_pages_tallies_and_indexes"),
        ("factcheck", "0009_statements_dismissed"),
    ]

    operations = [migrations.RunPython(reinstall_tallies, migrations.RunPython.noop)]
