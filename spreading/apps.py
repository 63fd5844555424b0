from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpreadingConfig(AppConfig):
    name = "spreading"
    verbose_name = _("Spreading")

    def ready(self):
        # The spreading's figures on the process page.
        from .panels import register as register_panels

        register_panels()

        # Its sections on the implementation's pages (overview, status report, initiative).
        from .sections import register as register_sections

        register_sections()
