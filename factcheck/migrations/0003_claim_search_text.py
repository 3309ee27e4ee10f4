"""Claims get a folded search text; on PostgreSQL a GIN index on its French tsvector.

The index exists only in the database, not in the migration state: SQLite has no GIN, and the
model does not need to know about it (factcheck.search builds the same expression to query).
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models

FTS_INDEX = GinIndex(SearchVector("search_text", config="french"), name="claim_search_fts_idx")


class PostgresOnlyIndex(migrations.operations.base.Operation):
    """Add an index on PostgreSQL only, leaving the project state alone."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, model_name, index):
        self.model_name = model_name
        self.index = index

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            model = to_state.apps.get_model(app_label, self.model_name)
            schema_editor.add_index(model, self.index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            model = from_state.apps.get_model(app_label, self.model_name)
            schema_editor.remove_index(model, self.index)

    def describe(self):
        return f"Create PostgreSQL-only index {self.index.name} on {self.model_name}"

    def deconstruct(self):
        return (self.__class__.__name__, [], {"model_name": self.model_name, "index": self.index})


def fill_search_text(apps, schema_editor):
    from factcheck.search import build_search_text

    Claim = apps.get_model("factcheck", "Claim")
    Verdict = apps.get_model("factcheck", "Verdict")
    for claim in Claim.objects.select_related("speaker", "article").iterator(chunk_size=1000):
        summaries = Verdict.objects.filter(claim=claim).exclude(status="superseded")
        claim.search_text = build_search_text(
            quote=claim.quote,
            claim_reviewed=claim.claim_reviewed,
            summaries=[s for s in summaries.order_by("pk").values_list("summary", flat=True) if s],
            speaker=claim.speaker.name if claim.speaker else "",
            aliases=claim.speaker.aliases if claim.speaker else "",
            article_title=claim.article.title,
        )
        Claim.objects.filter(pk=claim.pk).update(search_text=claim.search_text)


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
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["claimed_on"], name="claim_claimed_on_idx"),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        PostgresOnlyIndex(model_name="claim", index=FTS_INDEX),
    ]
