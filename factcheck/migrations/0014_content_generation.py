"""The content generation of kept page fragments, and the triggers that move it on every write
to a table the fragments show (factcheck/core/kept.py)."""

from django.db import migrations, models

from factcheck.core import kept


def install(apps, schema_editor):
    kept.install(schema_editor)


def uninstall(apps, schema_editor):
    kept.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0013_claim_quote_trgm_gist")]

    operations = [
        migrations.CreateModel(
            name="ContentGeneration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("moves", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(install, uninstall),
    ]
