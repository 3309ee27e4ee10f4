"""Data for migration 0005's tables, and the trigram index similar-claim suggestions use.

- Every article gets its body as version 1.
- The evidence rule for all ratings: two sources from distinct publishers, no archive needed.
- Editors and reviewers may link claims and add article versions; everyone may see them.
- On PostgreSQL, pg_trgm and a GIN trigram index on the claims' quotes (SQLite compares words
  in Python instead, see factcheck.similar).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW = ["view_claimlink", "view_articleversion", "view_evidencerule"]
EDIT = ["add_claimlink", "delete_claimlink", "add_articleversion"]
GROUPS = {"viewer": VIEW, "editor": VIEW + EDIT, "reviewer": VIEW + EDIT}

POSTGRES_FORWARDS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX claim_quote_trgm_idx ON factcheck_claim USING gin (quote gin_trgm_ops)",
]
POSTGRES_BACKWARDS = ["DROP INDEX IF EXISTS claim_quote_trgm_idx"]


def postgres_only(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


def first_versions(apps, schema_editor):
    Article = apps.get_model("factcheck", "Article")
    ArticleVersion = apps.get_model("factcheck", "ArticleVersion")
    for article in Article.objects.iterator(chunk_size=500):
        version = ArticleVersion.objects.create(
            article=article,
            number=1,
            body=article.body,
            origin=article.origin,
            created_by_id=article.imported_by_id,
        )
        ArticleVersion.objects.filter(pk=version.pk).update(created_at=article.imported_at)


def default_rule(apps, schema_editor):
    EvidenceRule = apps.get_model("factcheck", "EvidenceRule")
    if not EvidenceRule.objects.filter(rating__isnull=True).exists():
        EvidenceRule.objects.create(rating=None, min_sources=2, require_archive=False)


def grant(apps, schema_editor):
    app_config = apps.get_app_config("factcheck")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="factcheck", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0005_claim_links_versions_evidence")]

    operations = [
        migrations.RunPython(first_versions, migrations.RunPython.noop),
        migrations.RunPython(default_rule, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
        migrations.RunPython(
            postgres_only(POSTGRES_FORWARDS), postgres_only(POSTGRES_BACKWARDS)
        ),
    ]
