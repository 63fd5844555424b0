"""The settings module as each environment sees it, in a fresh interpreter each time."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Variables that change what the settings module or its checks decide; each test sets its own.
# (The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rejects.)
_SETTINGS_VARIABLES = {
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "QUALITYHUB_ENV",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "REDIS_URL",
    "SQLITE_PATH",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
}


def run(args, **env):
    base = {k: v for k, v in os.environ.items() if k not in _SETTINGS_VARIABLES}
    base["DJANGO_SETTINGS_MODULE"] = "qualityhub.settings"
    base.update(env)
    return subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_seen_with(**env) -> dict:
    script = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({"
        "'engine': settings.DATABASES['default']['ENGINE'], "
        "'db_name': settings.DATABASES['default']['NAME'], "
        "'eager': settings.CELERY_TASK_ALWAYS_EAGER, "
        "'broker': settings.CELERY_BROKER_URL, "
        "'cache': settings.CACHES['default']['BACKEND'], "
        "'debug': settings.DEBUG}))"
    )
    result = run(["-c", script], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_pass_the_deployment_checks_without_a_warning():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        QUALITYHUB_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="qualityhub.example.org",
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output


def test_production_refuses_to_start_without_a_secret_key():
    result = run(
        ["-c", "import django; django.setup()"],
        QUALITYHUB_ENV="production",
        ALLOWED_HOSTS="qualityhub.example.org",
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_an_unknown_environment_name_is_refused():
    result = run(["-c", "import django; django.setup()"], QUALITYHUB_ENV="prod")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_without_a_database_url_it_runs_on_sqlite_with_eager_tasks():
    seen = settings_seen_with(QUALITYHUB_ENV="development")

    assert seen["engine"] == "django.db.backends.sqlite3"
    assert seen["db_name"].endswith("db.sqlite3")
    assert seen["eager"] is True
    assert seen["broker"] == "memory://"
    assert seen["debug"] is False


def test_with_database_and_redis_urls_it_uses_postgresql_and_a_real_broker():
    seen = settings_seen_with(
        QUALITYHUB_ENV="development",
        DATABASE_URL="postgres://qh:secret@db.example.org:5432/qualityhub",
        REDIS_URL="redis://cache.example.org:6379/0",
    )

    assert seen["engine"] == "django.db.backends.postgresql"
    assert seen["db_name"] == "qualityhub"
    assert seen["eager"] is False
    assert seen["broker"] == "redis://cache.example.org:6379/0"
    assert seen["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_the_test_environment_keeps_tasks_eager_even_with_a_redis_url():
    seen = settings_seen_with(QUALITYHUB_ENV="test", REDIS_URL="redis://127.0.0.1:6379/0")

    assert seen["eager"] is True
    assert seen["cache"] == "django.core.cache.backends.locmem.LocMemCache"


def test_a_malformed_boolean_is_refused_with_its_name():
    result = run(["-c", "import django; django.setup()"], DEBUG="maybe")

    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr
