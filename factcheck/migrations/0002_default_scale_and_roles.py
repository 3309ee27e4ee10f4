"""The default rating scale and the viewer / editor / reviewer groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SCALE = [
    # slug, English, French, colour, ClaimReview value
    ("true", "True", "Vrai", "#1a7f37", 5),
    ("mostly-true", "Mostly true", "Plutôt vrai", "#4d9a2c", 4),
    ("mixed", "Mixed", "Mitigé", "#a87b00", 3),
    ("misleading", "Misleading", "Trompeur", "#c8641a", 2),
    ("mostly-false", "Mostly false", "Plutôt faux", "#c2410c", 2),
    ("false", "False", "Faux", "#b42318", 1),
    ("unverifiable", "Unverifiable", "Invérifiable", "#667085", 3),
]

VIEW = ["view_article", "view_speaker", "view_tag", "view_claim", "view_verdict",
        "view_source", "view_rating"]
EDIT = ["add_article", "change_article", "add_speaker", "change_speaker", "add_tag",
        "add_claim", "change_claim", "add_verdict", "change_verdict",
        "add_source", "change_source", "delete_source"]
GROUPS = {
    "viewer": VIEW,
    "editor": VIEW + EDIT,
    "reviewer": VIEW + EDIT + ["review_verdict"],
}


def add_scale(apps, schema_editor):
    Rating = apps.get_model("factcheck", "Rating")
    for order, (slug, english, french, colour, value) in enumerate(SCALE, start=1):
        Rating.objects.get_or_create(
            slug=slug,
            defaults={"label_en": english, "label_fr": french, "colour": colour,
                      "order": order, "value": value},
        )


def add_groups(apps, schema_editor):
    # Permissions are normally created after migrations; the groups need them now.
    app_config = apps.get_app_config("factcheck")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="factcheck", codename__in=codenames)
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


def remove_scale(apps, schema_editor):
    apps.get_model("factcheck", "Rating").objects.filter(slug__in=[s[0] for s in SCALE]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("factcheck", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(add_scale, remove_scale),
        migrations.RunPython(add_groups, remove_groups),
    ]
