"""Notes on claims, followed claims and notifications; a priority and a due date on claims;
API tokens.
Everyone with a role may read notes; editors and reviewers may write them (the permission
table's "write_note")."""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models


GROUPS = {
    "viewer": ["view_claimnote"],
    "editor": ["view_claimnote", "add_claimnote"],
    "reviewer": ["view_claimnote", "add_claimnote"],
}


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

    dependencies = [
        ('factcheck', '0008_merge_protection_withdrawn_canonical_urls'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ClaimNote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('body', models.TextField(verbose_name='note')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='written at')),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='claim_notes', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='notes', to='factcheck.claim', verbose_name='claim')),
                ('mentions', models.ManyToManyField(blank=True, related_name='mentioned_in_notes', to=settings.AUTH_USER_MODEL, verbose_name='mentioned')),
            ],
            options={
                'verbose_name': 'note',
                'verbose_name_plural': 'notes',
                'ordering': ['created_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('assigned', 'a claim is assigned to me'), ('sent_back', 'my verdict is sent back'), ('approved', 'my verdict is approved'), ('review', 'a verdict waits for my review'), ('mentioned', 'someone mentions me in a note'), ('followed', 'a claim I follow changes')], max_length=10, verbose_name='kind')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='at')),
                ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read at')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='factcheck.claim', verbose_name='claim')),
                ('note', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='factcheck.claimnote', verbose_name='note')),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='recipient')),
            ],
            options={
                'verbose_name': 'notification',
                'verbose_name_plural': 'notifications',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='NotificationSetting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('assigned', 'a claim is assigned to me'), ('sent_back', 'my verdict is sent back'), ('approved', 'my verdict is approved'), ('review', 'a verdict waits for my review'), ('mentioned', 'someone mentions me in a note'), ('followed', 'a claim I follow changes')], max_length=10, verbose_name='kind')),
                ('enabled', models.BooleanField(default=True, verbose_name='in the workbench')),
                ('email', models.BooleanField(default=False, verbose_name='by e-mail')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notification_settings', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'notification setting',
                'verbose_name_plural': 'notification settings',
            },
        ),
        migrations.CreateModel(
            name='ClaimFollow',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='since')),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='followers', to='factcheck.claim', verbose_name='claim')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='followed_claims', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'followed claim',
                'verbose_name_plural': 'followed claims',
                'constraints': [models.UniqueConstraint(fields=('user', 'claim'), name='follow_a_claim_once')],
            },
        ),
        migrations.AddConstraint(
            model_name='claimnote',
            constraint=models.CheckConstraint(condition=models.Q(('body', ''), _negated=True), name='note_body_not_empty'),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(fields=['recipient', 'read_at'], name='notification_unread_idx'),
        ),
        migrations.AddConstraint(
            model_name='notificationsetting',
            constraint=models.UniqueConstraint(fields=('user', 'kind'), name='one_setting_per_kind'),
        ),
        migrations.AddField(
            model_name='claim',
            name='due_on',
            field=models.DateField(blank=True, null=True, verbose_name='due on'),
        ),
        migrations.AddField(
            model_name='claim',
            name='priority',
            field=models.PositiveSmallIntegerField(blank=True, choices=[(1, 'low'), (2, 'normal'), (3, 'high'), (4, 'urgent')], null=True, verbose_name='priority'),
        ),
        migrations.AddField(
            model_name='historicalclaim',
            name='due_on',
            field=models.DateField(blank=True, null=True, verbose_name='due on'),
        ),
        migrations.AddField(
            model_name='historicalclaim',
            name='priority',
            field=models.PositiveSmallIntegerField(blank=True, choices=[(1, 'low'), (2, 'normal'), (3, 'high'), (4, 'urgent')], null=True, verbose_name='priority'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['assignee', 'due_on'], name='claim_assignee_due_idx'),
        ),
        migrations.CreateModel(
            name='ApiToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='What the token is for.', max_length=100, verbose_name='name')),
                ('key_hash', models.CharField(editable=False, max_length=64, unique=True)),
                ('prefix', models.CharField(editable=False, max_length=8, verbose_name='starts with')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='issued at')),
                ('revoked_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='revoked at')),
                ('last_used_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last used at')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='issued by')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'API token',
                'verbose_name_plural': 'API tokens',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
