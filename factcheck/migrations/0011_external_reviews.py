"""Other desks' fact-checks (ExternalReview) and the claims that repeat them (ExternalLink).

On PostgreSQL two GIN indexes keep matching them with a claim indexed (factcheck.external.matching):
one on the full-text vector of their word keys, one trigram index on their folded text."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


POSTGRES_FORWARDS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX external_review_keys_idx ON factcheck_externalreview "
    "USING gin (to_tsvector('simple'::regconfig, match_keys))",
    "CREATE INDEX external_review_text_trgm_idx ON factcheck_externalreview "
    "USING gin (search_text gin_trgm_ops)",
]
POSTGRES_BACKWARDS = [
    "DROP INDEX IF EXISTS external_review_keys_idx",
    "DROP INDEX IF EXISTS external_review_text_trgm_idx",
]


def postgres_only(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('factcheck', '0010_merge_areas'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ExternalReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('url', models.CharField(max_length=2000, unique=True, verbose_name='address')),
                ('publisher', models.CharField(max_length=300, verbose_name='publisher')),
                ('claim_reviewed', models.TextField(verbose_name='claim reviewed')),
                ('claimant', models.CharField(blank=True, max_length=300, verbose_name='said by')),
                ('rating', models.CharField(blank=True, max_length=300, verbose_name='rating')),
                ('rating_value', models.FloatField(blank=True, null=True, verbose_name='rating value')),
                ('best_rating', models.FloatField(blank=True, null=True, verbose_name='best rating')),
                ('worst_rating', models.FloatField(blank=True, null=True, verbose_name='worst rating')),
                ('reviewed_on', models.DateField(verbose_name='review date')),
                ('language', models.CharField(max_length=12, verbose_name='language')),
                ('appearances', models.JSONField(blank=True, default=list, verbose_name='appearances')),
                ('search_text', models.TextField(default='', editable=False)),
                ('match_keys', models.TextField(default='', editable=False)),
                ('imported_at', models.DateTimeField(auto_now_add=True, verbose_name='imported at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('imported_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='imported by')),
            ],
            options={
                'verbose_name': 'external fact-check',
                'verbose_name_plural': 'external fact-checks',
                'ordering': ['-reviewed_on', '-pk'],
                'permissions': [('import_external_reviews', 'Can import other desks’ fact-checks')],
            },
        ),
        migrations.CreateModel(
            name='ExternalLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('relation', models.CharField(choices=[('repeats', 'repeats')], default='repeats', max_length=12, verbose_name='relation')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='linked at')),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='external_links', to='factcheck.claim', verbose_name='claim')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='linked by')),
                ('external_review', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='links', to='factcheck.externalreview', verbose_name='external fact-check')),
            ],
            options={
                'verbose_name': 'link to an external fact-check',
                'verbose_name_plural': 'links to external fact-checks',
                'ordering': ['created_at', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('claim', 'external_review'), name='one_external_link_per_pair')],
            },
        ),
        migrations.RunPython(
            postgres_only(POSTGRES_FORWARDS), postgres_only(POSTGRES_BACKWARDS)
        ),
    ]
