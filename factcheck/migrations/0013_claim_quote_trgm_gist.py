"""PostgreSQL: a GiST trigram index on the claims' quotes, beside the GIN one.

Finding the reviewed claims that look like a quote (claims/similar.py, ``quote % …``) read the
GIN index's posting lists for every trigram of the quote: 7.3 s at a million claims for a claim
opened for the first time, and as long for each approval (the approved claim joins the lists of
the claims it looks like). The GiST index answers the same condition in 0.8 s there
(bench/panel.py).
The GIN index stays: the admin's search by quote (``ILIKE``) may use it, and dropping it was
not measured."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS claim_quote_trgm_gist_idx"
            " ON factcheck_claim USING gist (quote gist_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS claim_quote_trgm_gist_idx")


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0012_merge_sort_keys_webhooks_external")]

    operations = [migrations.RunPython(create, drop)]
