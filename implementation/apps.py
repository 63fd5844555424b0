from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImplementationConfig(AppConfig):
    name = "implementation"
    verbose_name = _("Implementation")

    def ready(self):
        # Registers "a catalogue edition is published" with the phase readiness checks.
        from . import readiness  # noqa: F401

        # The implementation's figures on the process page.
        from .panels import register as register_panels

        register_panels()

        # "Your initiatives" on the home page.
        from .dashboard import register as register_dashboard

        register_dashboard()
