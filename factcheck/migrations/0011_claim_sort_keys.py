"""The claims' kept sort keys (rating order, approval time, speaker, article and assignee
names), the triggers that keep them, and on PostgreSQL one index per sort and direction, so
that a deep page of the claims list walks an index at a million claims
(factcheck/claims/sort_keys.py).

The keys are filled before the indexes are built: one pass over the claims, then each index
built once."""

from django.db import migrations, models

from factcheck.claims import sort_keys


def install(apps, schema_editor):
    sort_keys.install(schema_editor)


def uninstall(apps, schema_editor):
    sort_keys.uninstall(schema_editor)


def create_indexes(apps, schema_editor):
    sort_keys.create_indexes(schema_editor)


def drop_indexes(apps, schema_editor):
    sort_keys.drop_indexes(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0010_merge_areas"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="approved_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="approved at"),
        ),
        migrations.AddField(
            model_name="claim",
            name="rating_order",
            field=models.PositiveSmallIntegerField(
                editable=False, null=True, verbose_name="rating order"
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="speaker_name",
            field=models.CharField(editable=False, max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="claim",
            name="article_title",
            field=models.CharField(editable=False, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="claim",
            name="assignee_name",
            field=models.CharField(editable=False, max_length=150, null=True),
        ),
        migrations.RunPython(install, uninstall),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
