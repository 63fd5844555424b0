"""The download of a person's own data: a job row, a Celery task that takes its id and is
idempotent, one file per download, and a message when the queue cannot be reached."""

from unittest import mock

from django.test import TestCase
from kombu.exceptions import OperationalError

from privacy.models import DataExport
from privacy.services.export import build_export, collect, request_export
from tests.debate.factories import ValueFactory
from tests.factories import GroupFactory

from .search import stored_files


def _ready(user):
    with TestCase.captureOnCommitCallbacks(execute=True):
        export = request_export(user=user, language="en")
    export.refresh_from_db()
    return export


def test_the_task_is_idempotent_and_leaves_one_file(member):
    export = _ready(member.user)
    assert export.status == DataExport.Status.READY
    assert build_export.delay(str(export.pk)).get() == "skipped"
    assert len(stored_files()) == 1
    # A redelivery after a worker died mid-build: built again under the same row, one file.
    DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.BUILDING)
    assert build_export.delay(str(export.pk)).get() == "ready"
    assert len(stored_files()) == 1
    export.refresh_from_db()
    assert export.attempts == 2


def test_asking_twice_while_it_is_being_made_gives_the_same_download(member):
    first = request_export(user=member.user, language="en")  # the commit never comes here
    second = request_export(user=member.user, language="en")
    assert first.pk == second.pk
    assert DataExport.objects.count() == 1


def test_a_queue_that_cannot_be_reached_is_said_in_words(as_user, member):
    """The view runs in autocommit: the task is queued as the row is saved, and its failure
    is on the row and on the page."""
    with (
        mock.patch.object(build_export, "apply_async", side_effect=OperationalError("down")),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        request_export(user=member.user, language="en")
    export = DataExport.objects.get()
    assert export.status == DataExport.Status.FAILED
    page = as_user(member).get(f"/privacy/me/downloads/{export.pk}/").content.decode()
    assert "cannot be reached" in page and "Try again" in page


def test_the_download_holds_the_persons_rows_and_not_a_colleagues(member, leader, process):
    group = GroupFactory(process=process)
    mine = ValueFactory(group=group, author=member, name="Mit bidrag")
    ValueFactory(group=group, author=leader, name="Lederens bidrag")
    data = collect(member.user)
    values = next(s for s in data["sections"] if s["model"] == "debate.value")
    assert [row["id"] for row in values["rows"]] == [mine.pk]
    assert "Lederens bidrag" not in str(data)
    memberships = next(s for s in data["sections"] if s["model"] == "organisations.membership")
    assert memberships["rows"][0]["department"] == member.department
    account = next(s for s in data["sections"] if s["model"] == "auth.user")
    assert "password" not in account["rows"][0]
