from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DebateConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "debate"
    verbose_name = _("Value debate")

    def ready(self):
        # Registers the debate's requirements with the process's phase readiness checks.
        from . import readiness  # noqa: F401

        # Marks the live pages as changed on every write they show (see live_signals).
        from .live_signals import connect as connect_live_signals

        connect_live_signals()

        # The debate's figures on the process page.
        from .panels import register as register_panels

        register_panels()
