"""Claims get a folded search text and, on PostgreSQL, a French tsvector kept by a trigger.

``search_text`` is written by factcheck.search (accents and case folded in Python, the same on
both databases). On PostgreSQL a BEFORE INSERT OR UPDATE trigger sets ``search_vector`` to
``to_tsvector('french', search_text)`` on every write path (save, update, bulk_create), and a GIN
index serves the search; storing the vector keeps ranking cheap (ts_rank reads it rather than
re-parsing each matching row). On SQLite the column stays empty: search uses search_text there.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import migrations, models

POSTGRES_FORWARDS = [
    """
    CREATE FUNCTION factcheck_claim_search_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector := to_tsvector('french'::regconfig, coalesce(NEW.search_text, ''));
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER factcheck_claim_search_vector BEFORE INSERT OR UPDATE ON factcheck_claim
    FOR EACH ROW EXECUTE FUNCTION factcheck_claim_search_vector()
    """,
    "UPDATE factcheck_claim SET search_text = search_text",
    "CREATE INDEX claim_search_vector_idx ON factcheck_claim USING gin (search_vector)",
]
POSTGRES_BACKWARDS = [
    "DROP INDEX IF EXISTS claim_search_vector_idx",
    "DROP TRIGGER IF EXISTS factcheck_claim_search_vector ON factcheck_claim",
    "DROP FUNCTION IF EXISTS factcheck_claim_search_vector()",
]


def postgres_only(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


def fill_search_text(apps, schema_editor):
    from factcheck.claims.search import build_search_text

    Claim = apps.get_model("factcheck", "Claim")
    Verdict = apps.get_model("factcheck", "Verdict")
    for claim in Claim.objects.select_related("speaker", "article").iterator(chunk_size=1000):
        summaries = (
            Verdict.objects.filter(claim=claim)
            .exclude(status="superseded")
            .exclude(summary="")
            .order_by("pk")
            .values_list("summary", flat=True)
        )
        text = build_search_text(
            quote=claim.quote,
            claim_reviewed=claim.claim_reviewed,
            summaries=list(summaries),
            speaker=claim.speaker.name if claim.speaker else "",
            aliases=claim.speaker.aliases if claim.speaker else "",
            article_title=claim.article.title,
        )
        Claim.objects.filter(pk=claim.pk).update(search_text=text)


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0002_default_scale_and_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="search_text",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="search text"
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="search_vector",
            field=SearchVectorField(editable=False, null=True, verbose_name="search vector"),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["claimed_on"], name="claim_claimed_on_idx"),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(postgres_only(POSTGRES_FORWARDS), postgres_only(POSTGRES_BACKWARDS)),
    ]
