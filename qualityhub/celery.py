import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualityhub.settings")

app = Celery("qualityhub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
