from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self):
        # The evaluations' figures on the process page.
        from .panels import register as register_panels

        register_panels()

        # Its sections on the implementation's pages (overview, status report, initiative).
        from .sections import register as register_sections

        register_sections()
