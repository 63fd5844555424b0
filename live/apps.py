from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "live"
    verbose_name = _("Live seminar")

    def ready(self):
        # Marks the live pages as changed on every write they show (see signals).
        from .signals import connect

        connect()
