"""App configuration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FactcheckConfig(AppConfig):
    name = "factcheck"
    verbose_name = _("Fact-check desk")

    def ready(self):
        from factcheck.claims import search
        from factcheck.collab import notifications
        from factcheck.verdicts import protection

        search.connect_signals()
        protection.connect_signals()
        notifications.connect_signals()
