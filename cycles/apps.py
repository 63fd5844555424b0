from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "cycles"
    verbose_name = _("The next cycle")

    def ready(self):
        # "The next cycle" on the process page: start it, export the design.
        from .panels import register as register_panels

        register_panels()
