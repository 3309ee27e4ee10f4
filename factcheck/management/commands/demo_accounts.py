"""Create the local demo accounts (editor, reviewer, administrator) and print how to log in."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

ACCOUNTS = [
    # username, password, group, is administrator
    ("editor", "editor-demo-2023", "editor", False),
    ("reviewer", "reviewer-demo-2023", "reviewer", False),
    ("admin", "admin-demo-2023", None, True),
]


class Command(BaseCommand):
    help = "Create demo accounts for a local trial (refused when DEBUG is off) and print them."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only print the accounts.")

    def handle(self, *args, dry_run=False, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts with known passwords are for local use (DEBUG=1).")
        User = get_user_model()
        with transaction.atomic():
            for username, password, group, is_admin in ACCOUNTS:
                if dry_run or User.objects.filter(username=username).exists():
                    continue
                user = User(username=username, is_staff=is_admin, is_superuser=is_admin)
                user.set_password(password)
                user.save()
                if group:
                    user.groups.add(Group.objects.get(name=group))
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS("Log in at http://127.0.0.1:8000/ with:"))
            for username, password, group, _ in ACCOUNTS:
                role = group or "administrator"
                self.stdout.write(f"  {role:<14} {username} / {password}")
