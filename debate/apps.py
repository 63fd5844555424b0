from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DebateConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "debate"
    verbose_name = _("Value debate")

    def ready(self):
        # Registers the debate's requirements with the process's phase readiness checks.
        from . import readiness  # noqa: F401

        # The debate's figures on the process page.
        from .panels import register as register_panels

        register_panels()
