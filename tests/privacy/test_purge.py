"""The nightly purge, with the moment passed in: used and expired invitations after their
keeping days, expired sessions, expired download files and old login records go; what is
still in use stays. Password reset tokens are stateless: nothing is stored to purge."""

import datetime
import os

import pytest
from axes.models import AccessLog
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import TestCase
from django.utils import timezone

from organisations.models import Invitation
from privacy import tasks
from privacy.models import DataExport
from privacy.services.export import request_export
from privacy.services.purge import purge
from tests.factories import InvitationFactory

NOW = timezone.make_aware(datetime.datetime(2027, 3, 1, 3, 0))
DAY = datetime.timedelta(days=1)


@pytest.fixture
def invitations(organisation):
    def make(**fields):
        return InvitationFactory(organisation=organisation, **fields)

    return {
        "pending": make(expires_at=NOW + 5 * DAY),
        "expired_lately": make(expires_at=NOW - 29 * DAY),
        "expired_long_ago": make(expires_at=NOW - 31 * DAY),
        "accepted_lately": make(expires_at=NOW - 20 * DAY, accepted_at=NOW - 29 * DAY),
        "accepted_long_ago": make(expires_at=NOW - 20 * DAY, accepted_at=NOW - 31 * DAY),
    }


def test_invitations_go_a_month_after_they_were_used_or_expired(invitations):
    assert purge(NOW)["invitations"] == 2
    left = set(Invitation.objects.values_list("pk", flat=True))
    assert left == {invitations[k].pk for k in ("pending", "expired_lately", "accepted_lately")}
    assert purge(NOW)["invitations"] == 0


def test_expired_sessions_go(db):
    for expires in (NOW - DAY, NOW + DAY):
        session = SessionStore()
        session["x"] = 1
        session.create()
        Session.objects.filter(session_key=session.session_key).update(expire_date=expires)
    assert purge(NOW)["sessions"] == 1
    assert Session.objects.get().expire_date == NOW + DAY


def test_expired_download_files_go_and_the_row_says_so(member, media):
    with TestCase.captureOnCommitCallbacks(execute=True):
        export = request_export(user=member.user, language="en")
    export.refresh_from_db()
    path = export.file.path
    assert purge(export.expires_at - DAY)["exports"] == 0
    assert purge(export.expires_at + DAY)["exports"] == 1
    export.refresh_from_db()
    assert export.status == DataExport.Status.EXPIRED and not export.file
    assert not os.path.exists(path)
    assert purge(export.expires_at + 2 * DAY)["exports"] == 0


def test_old_login_records_go(db):
    for age in (31, 29):
        log = AccessLog.objects.create(
            username="a@example.org",
            ip_address="192.0.2.1",
            user_agent="x",
            http_accept="*/*",
            path_info="/",
        )
        AccessLog.objects.filter(pk=log.pk).update(attempt_time=NOW - age * DAY)
    assert purge(NOW)["login_records"] == 1
    assert AccessLog.objects.count() == 1


def test_the_beat_task_takes_the_moment_as_text(invitations):
    result = tasks.purge_expired.delay(NOW.isoformat()).get()
    assert result["invitations"] == 2
    assert tasks.purge_expired.delay(NOW.isoformat()).get()["invitations"] == 0
