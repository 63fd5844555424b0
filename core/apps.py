from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Cross-cutting UI pieces: the design-system form rendering and public pages."""

    name = "core"
