"""The nightly purge of what is kept only for a while.

- Invitations: deleted once accepted, withdrawn or expired for PRIVACY_INVITATION_KEEP_DAYS
  (the facilitator sees an expired one for that long and can send it again).
- Sessions: expired ones are deleted (what `manage.py clearsessions` does).
- Password reset links: nothing to purge. Django's reset tokens are stateless: a signed hash
  of the account's id, password hash, last login and the time, never stored; a link stops
  working after PASSWORD_RESET_TIMEOUT, or as soon as the password or the login changes.
- Downloads of own data: the file is deleted when its link runs out (the row stays, expired).
- Login records (django-axes): deleted once older than PRIVACY_LOGIN_LOG_DAYS.
"""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from organisations.models import Invitation

from .export import expire_exports


def purge(now=None) -> dict[str, int]:
    now = now or timezone.now()
    return {
        "invitations": purge_invitations(now),
        "sessions": purge_sessions(now),
        "exports": expire_exports(now),
        "login_records": purge_login_records(now),
    }


def purge_invitations(now) -> int:
    cutoff = now - timedelta(days=settings.PRIVACY_INVITATION_KEEP_DAYS)
    done = Q(accepted_at__lt=cutoff) | Q(accepted_at__isnull=True, expires_at__lt=cutoff)
    count, _by_model = Invitation.objects.filter(done).delete()
    return count


def purge_sessions(now) -> int:
    engine = import_module(settings.SESSION_ENGINE)
    if settings.SESSION_ENGINE in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ):
        from django.contrib.sessions.models import Session

        count, _by_model = Session.objects.filter(expire_date__lt=now).delete()
        return count
    # Other engines expire their sessions themselves, or clear them with their own clock.
    engine.SessionStore.clear_expired()
    return 0


def purge_login_records(now) -> int:
    if not apps.is_installed("axes"):
        return 0
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    cutoff = now - timedelta(days=settings.PRIVACY_LOGIN_LOG_DAYS)
    count = 0
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        deleted, _by_model = model.objects.filter(attempt_time__lt=cutoff).delete()
        count += deleted
    return count
