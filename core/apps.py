from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Cross-cutting UI pieces: the design-system form rendering and public pages."""

    name = "core"

    def ready(self):
        from django.urls import register_converter

        from core.converters import TokenConverter

        # Before any URLconf is read, so every app's urls.py can use <token:...>.
        register_converter(TokenConverter, "token")
