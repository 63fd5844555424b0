"""Versioned edits (core/revisions.py): a stale edit is refused with both versions, racing
edits on separate database connections never overwrite each other, every saved change is a
numbered revision, and the history and conflict helpers hide authors as the viewer must see
them. Ideas of the debate serve as the versioned model."""

import threading
import time

import pytest
from django import forms
from django.db import connection, transaction
from django.test import RequestFactory
from django.utils import translation

from core.revisions import (
    EditConflict,
    conflict_context,
    lock_for_edit,
    record_revision,
    revision_history_context,
    versioned_edit,
)
from debate.models import Idea, Value
from tests.debate.factories import IdeaFactory, ValueFactory
from tests.factories import GroupFactory


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


LABELS = {"title": "Title", "description": "Description", "users_role": "The users' role"}


@pytest.fixture
def idea(process, member):
    group = GroupFactory(process=process)
    value = ValueFactory(group=group, author=member, name="Respekt")
    idea = IdeaFactory(group=group, author=member, title="Brugerråd", values=[value])
    record_revision(idea, actor=member, kind="created", fields=["title", "description"])
    return idea


def _edit(idea_pk, *, actor, expected_version, title):
    with transaction.atomic():
        locked = lock_for_edit(
            Idea.objects.select_related("group"),
            idea_pk,
            expected_version=expected_version,
            attempted={"title": title},
        )
        locked.title = title
        record_revision(
            locked, actor=actor, kind="edited", fields=["title", "description"], changed=["title"]
        )
        return locked


def test_a_created_object_keeps_version_1_and_gets_its_first_revision(idea, member):
    idea.refresh_from_db()
    assert idea.version == 1
    revision = idea.revisions.get()
    assert (revision.kind, revision.version, revision.editor) == ("created", 1, member)
    assert revision.data == {"title": "Brugerråd", "description": idea.description}


def test_an_edit_raises_the_version_saves_the_fields_and_records_them(idea, group_lead):
    saved = _edit(idea.pk, actor=group_lead, expected_version=1, title="Brugernes råd")
    idea.refresh_from_db()
    assert saved.version == idea.version == 2
    assert idea.title == "Brugernes råd"
    latest = idea.revisions.first()  # newest first
    assert (latest.kind, latest.version, latest.editor) == ("edited", 2, group_lead)
    assert latest.data == {"title": "Brugernes råd", "description": idea.description}


def test_a_stale_version_raises_a_conflict_carrying_both_versions(idea, member, group_lead):
    _edit(idea.pk, actor=member, expected_version=1, title="Første")
    with pytest.raises(EditConflict) as caught:
        _edit(idea.pk, actor=group_lead, expected_version=1, title="Anden")
    assert caught.value.current.title == "Første"
    assert caught.value.current.version == 2
    assert caught.value.attempted == {"title": "Anden"}
    idea.refresh_from_db()
    assert (idea.title, idea.version, idea.revisions.count()) == ("Første", 2, 2)


def test_a_row_that_has_gone_is_reported_as_missing(idea):
    pk = idea.pk
    idea.delete()
    with pytest.raises(Idea.DoesNotExist), transaction.atomic():
        lock_for_edit(Idea.objects.all(), pk, expected_version=1, attempted={})


def test_many_to_many_fields_are_stored_as_sorted_ids(idea, member):
    values = [ValueFactory(group=idea.group, author=member) for _ in range(2)]
    idea.values.set(values)
    revision = record_revision(idea, actor=member, kind="created", fields=[], m2m=["values"])
    assert revision.data == {"values": sorted(v.pk for v in idea.values.all())}


def test_a_ready_snapshot_is_stored_as_given(idea, member):
    revision = record_revision(
        idea, actor=member, kind="edited", fields={"values": ["Respekt"]}, changed=[]
    )
    assert revision.data == {"values": ["Respekt"]}
    assert revision.version == 2


def test_the_history_lists_what_each_change_changed(idea, member, group_lead):
    _edit(idea.pk, actor=group_lead, expected_version=1, title="Brugernes råd")
    history = revision_history_context(idea, labels=LABELS, sees_authors=True, viewer=member)[
        "history"
    ]
    assert [(e.kind, e.version, e.changed) for e in history] == [
        ("edited", 2, ["Title"]),
        ("created", 1, []),
    ]
    assert [e.editor_name for e in history] == [group_lead.display_name, member.display_name]


def test_the_history_hides_other_editors_unless_the_viewer_sees_authors(idea, member, group_lead):
    _edit(idea.pk, actor=group_lead, expected_version=1, title="Brugernes råd")
    history = revision_history_context(idea, labels=LABELS, sees_authors=False, viewer=member)[
        "history"
    ]
    assert [e.editor_name for e in history] == ["A participant", "You"]
    shown = repr(history)
    assert group_lead.display_name not in shown and member.display_name not in shown


def test_the_conflict_shows_the_fields_that_differ_with_choice_labels(idea, member, group_lead):
    _edit(idea.pk, actor=member, expected_version=1, title="Første")
    error = EditConflict(
        current=Idea.objects.get(pk=idea.pk),
        attempted={"title": "Anden", "description": idea.description, "users_role": "consulted"},
    )
    conflict = conflict_context(error, labels=LABELS, sees_authors=False, viewer=group_lead)
    assert conflict["rows"] == [
        {"label": "Title", "theirs": "Første", "mine": "Anden"},
        {"label": "The users' role", "theirs": "", "mine": "Consulted"},
    ]
    assert conflict["same"] == ["Description"]
    assert conflict["version"] == 2
    assert conflict["saved_by"] == "A participant"


def test_related_objects_differ_by_identity_not_by_name(idea, member):
    twin = ValueFactory(group=idea.group, author=member, name="Respekt")
    same = EditConflict(current=idea, attempted={"values": list(idea.values.all())})
    other = EditConflict(current=idea, attempted={"values": [twin]})
    labels = {"values": "Values"}
    assert conflict_context(same, labels=labels, sees_authors=True)["same"] == ["Values"]
    rows = conflict_context(other, labels=labels, sees_authors=True)["rows"]
    assert rows == [{"label": "Values", "theirs": "Respekt", "mine": "Respekt"}]


class TitleForm(forms.Form):
    title = forms.CharField()
    version = forms.IntegerField(widget=forms.HiddenInput)


class Refused(Exception):
    pass


def _edit_page(idea, actor, data=None, *, refuse=False):
    """What an edit view gets from versioned_edit for a GET (no data) or a POST."""
    factory = RequestFactory()
    request = factory.post("/", data) if data is not None else factory.get("/")

    def save(form):
        if refuse:
            raise Refused("Not now.")
        data = form.cleaned_data
        _edit(idea.pk, actor=actor, expected_version=data["version"], title=data["title"])

    return versioned_edit(
        request,
        form_class=TitleForm,
        initial=lambda: {"title": idea.title, "version": idea.version},
        save=save,
        labels={"title": "Title"},
        sees_authors=True,
        viewer=actor,
        refused=Refused,
    )


def test_the_edit_page_helper_fills_the_form_on_get(idea, member):
    outcome = _edit_page(idea, member)
    assert outcome.form.initial == {"title": "Brugerråd", "version": 1}
    assert (outcome.saved, outcome.conflict, outcome.status) == (False, None, 200)


def test_the_edit_page_helper_saves_a_current_edit(idea, member):
    outcome = _edit_page(idea, member, {"title": "Nyt råd", "version": 1})
    assert outcome.saved
    idea.refresh_from_db()
    assert (idea.title, idea.version) == ("Nyt råd", 2)


def test_a_stale_edit_answers_409_with_the_text_kept_on_the_newest_version(
    idea, member, group_lead
):
    _edit(idea.pk, actor=member, expected_version=1, title="Første")
    outcome = _edit_page(idea, group_lead, {"title": "Anden", "version": 1})
    assert not outcome.saved and outcome.status == 409
    assert outcome.form.data["title"] == "Anden"
    assert outcome.form.data["version"] == "2"
    assert outcome.conflict["rows"] == [{"label": "Title", "theirs": "Første", "mine": "Anden"}]
    again = _edit_page(idea, group_lead, dict(outcome.form.data.items()))
    assert again.saved
    idea.refresh_from_db()
    assert (idea.title, idea.version) == ("Anden", 3)


def test_a_refused_edit_is_an_error_on_the_form(idea, member):
    outcome = _edit_page(idea, member, {"title": "Nyt", "version": 1}, refuse=True)
    assert outcome.status == 200 and not outcome.saved
    assert outcome.form.non_field_errors() == ["Not now."]


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)


def _run(threads):
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_an_edit_waits_for_the_lock_and_then_sees_the_conflict(idea, member, group_lead):
    """The first editor holds the row; the second (on its own connection) waits, then finds
    the new version and gets a conflict carrying the first editor's text."""
    first_locked, results = threading.Event(), {}

    def first():
        try:
            with transaction.atomic():
                locked = lock_for_edit(
                    Idea.objects.all(), idea.pk, expected_version=1, attempted={"title": "Første"}
                )
                first_locked.set()
                time.sleep(0.5)  # the second editor arrives while the row is held
                locked.title = "Første"
                record_revision(
                    locked, actor=member, kind="edited", fields=["title"], changed=["title"]
                )
            results["first"] = "saved"
        except Exception as error:  # noqa: BLE001 - reported below
            results["first"] = error
        finally:
            connection.close()

    def second():
        try:
            first_locked.wait(timeout=10)
            started = time.monotonic()
            try:
                _edit(idea.pk, actor=group_lead, expected_version=1, title="Anden")
                results["second"] = "saved"
            except EditConflict as conflict:
                results["second"] = conflict
            results["waited"] = time.monotonic() - started
        finally:
            connection.close()

    _run([threading.Thread(target=first), threading.Thread(target=second)])
    assert results["first"] == "saved"
    conflict = results["second"]
    assert isinstance(conflict, EditConflict)
    assert (conflict.current.title, conflict.current.version) == ("Første", 2)
    assert conflict.attempted == {"title": "Anden"}
    assert results["waited"] >= 0.3
    idea.refresh_from_db()
    assert (idea.title, idea.version, idea.revisions.count()) == ("Første", 2, 2)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_of_many_racing_edits_from_one_version_exactly_one_is_saved(idea, member):
    attempts = 6
    barrier = threading.Barrier(attempts)
    outcomes, errors = [], []

    def fire(i):
        try:
            barrier.wait(timeout=10)
            try:
                _edit(idea.pk, actor=member, expected_version=1, title=f"Udgave {i}")
                outcomes.append(("saved", i))
            except EditConflict as conflict:
                outcomes.append(("conflict", conflict.current.title))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    _run([threading.Thread(target=fire, args=(i,)) for i in range(attempts)])
    assert not errors
    saved = [i for kind, i in outcomes if kind == "saved"]
    assert len(saved) == 1 and len(outcomes) == attempts
    winner = f"Udgave {saved[0]}"
    # Every refused editor was shown the winner's text, which is what is stored.
    assert [t for kind, t in outcomes if kind == "conflict"] == [winner] * (attempts - 1)
    idea.refresh_from_db()
    assert (idea.title, idea.version, idea.revisions.count()) == (winner, 2, 2)
    assert Value.objects.count() == 1
