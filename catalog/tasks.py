"""The catalogue's Celery tasks, where Celery's autodiscovery looks for them.

Each task lives beside the services it runs (`catalog.services.rendering`), so services queue
it without importing this module: the dependency runs one way, tasks -> services.
"""

from .services.rendering import render_edition

__all__ = ["render_edition"]
