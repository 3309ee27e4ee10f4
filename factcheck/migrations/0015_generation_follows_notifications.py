"""The header's unread count is kept like the page fragments (factcheck/core/kept.py): a write to
the notifications moves the content generation too."""

from django.db import migrations

from factcheck.core import kept


def install(apps, schema_editor):
    kept.install(schema_editor)


def uninstall(apps, schema_editor):
    kept.uninstall(schema_editor, tables=["factcheck_notification"])


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0014_content_generation")]

    operations = [migrations.RunPython(install, uninstall)]
