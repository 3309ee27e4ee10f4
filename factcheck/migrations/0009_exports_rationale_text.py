"""A verdict's rationale as plain text, kept at save time for the CSV export; existing rows
filled in batches."""

from django.db import migrations, models


def fill(apps, schema_editor):
    from factcheck.verdicts.models import fill_rationale_text

    fill_rationale_text(apps.get_model("factcheck", "Verdict").objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0008_merge_protection_withdrawn_canonical_urls"),
    ]

    operations = [
        migrations.AddField(
            model_name="verdict",
            name="rationale_text",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="rationale as plain text"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
