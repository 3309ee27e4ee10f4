"""App configuration."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FactcheckConfig(AppConfig):
    name = "factcheck"
    verbose_name = _("Fact-check desk")

    def ready(self):
        from django.db.backends.signals import connection_created

        from factcheck.claims import search, similar
        from factcheck.collab import notifications
        from factcheck.exports import cells
        from factcheck.intake import services as intake
        from factcheck.verdicts import protection
        from factcheck.webhooks import receivers as webhooks

        search.connect_signals()
        similar.connect_signals()
        protection.connect_signals()
        connection_created.connect(cells.register_sqlite_functions, dispatch_uid="export_cells")
        intake.connect_signals()
        notifications.connect_signals()
        webhooks.connect_signals()
