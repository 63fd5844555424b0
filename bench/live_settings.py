"""Settings for the live seminar benchmark: the app's own, plus a bare 304 view (the floor)
in the bench's URLconf, so the app itself carries no bench code."""

import os
import warnings

from qualityhub.settings import *  # noqa: F403

ROOT_URLCONF = "bench.live_urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# A request log line per poll would cost more than the poll.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# WhiteNoise warns once per worker that `collectstatic` has not run; the bench serves no files.
warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers.base")

if os.environ.get("BENCH_SKIP_MIGRATIONS") == "1":
    # `--quick` (CI) builds the tables straight from the models (`migrate --run-syncdb`):
    # five seconds instead of half a minute of migrations; the bench seeds its own data.

    class _NoMigrations(dict):
        def __contains__(self, app_label):
            return True

        def __getitem__(self, app_label):
            return None

    MIGRATION_MODULES = _NoMigrations()
