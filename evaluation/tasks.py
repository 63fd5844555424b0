"""The evaluation app's Celery tasks, where Celery's autodiscovery looks for them.

Each task lives beside the services it runs (`evaluation.services.reminders`), so services
queue it without importing this module: the dependency runs one way, tasks -> services.
"""

from .services.reminders import send_evaluation_reminder

__all__ = ["send_evaluation_reminder"]
