# Joins three independent changes made side by side: protected deletions and archived articles,
# withdrawn claims with correction proposals, canonical article URLs and body fingerprints.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('factcheck', '0007_article_canonical_url_body_hash'),
        ('factcheck', '0007_claim_withdrawn_and_correction_changes'),
        ('factcheck', '0007_protect_published_work_and_archive_articles'),
    ]

    operations = [
    ]
