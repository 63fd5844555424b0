"""Two people edit one initiative at once: the second save is refused with both versions
(409), nothing is overwritten, and the editor's text stays in the form on top of the newest
version; every saved edit raises the version and is recorded in the history."""

import pytest
from django.urls import reverse

from core.revisions import EditConflict
from implementation.models import Initiative, InitiativeRevision
from implementation.services.initiatives import update_initiative


def _data(initiative, **fields):
    return {
        "title": initiative.title,
        "description": initiative.description,
        "version": initiative.version,
        **fields,
    }


def test_the_second_of_two_edits_from_one_version_gets_both_versions(
    as_user, initiative, member, facilitator
):
    url = reverse("implementation:edit", args=[initiative.process_id, initiative.pk])
    first = as_user(member).post(url, _data(initiative, title="MUS for alle brugere"))
    assert first.status_code == 302

    second = as_user(facilitator).post(url, _data(initiative, title="Udviklingssamtaler"))
    assert second.status_code == 409
    page = second.content.decode()
    assert "Someone else changed this initiative while you were editing" in page
    assert "MUS for alle brugere" in page and "Udviklingssamtaler" in page
    assert 'name="version" value="2"' in page
    saved = Initiative.objects.get(pk=initiative.pk)
    assert (saved.title, saved.version) == ("MUS for alle brugere", 2)

    again = as_user(facilitator).post(url, _data(saved, title="Udviklingssamtaler"))
    assert again.status_code == 302
    saved.refresh_from_db()
    assert (saved.title, saved.version) == ("Udviklingssamtaler", 3)


def test_the_service_refuses_a_stale_version_and_changes_nothing(initiative, member):
    update_initiative(initiative, actor=member, expected_version=1, title="Ny titel")
    with pytest.raises(EditConflict) as error:
        update_initiative(initiative, actor=member, expected_version=1, title="Anden titel")
    assert error.value.current.title == "Ny titel"
    assert Initiative.objects.get(pk=initiative.pk).title == "Ny titel"


def test_every_saved_edit_is_in_the_history(as_user, initiative, member, external):
    update_initiative(
        initiative, actor=member, expected_version=1, title="Ny titel", team=[external, member]
    )
    revision = InitiativeRevision.objects.get(initiative=initiative, kind="edited")
    assert revision.kind == "edited" and revision.version == 2
    assert sorted(revision.data["team"]) == sorted([external.pk, member.pk])
    page = as_user(member).get(initiative.get_absolute_url()).content.decode()
    assert "Edited" in page and "changed Title, Owner, Team" in page


def test_an_unchanged_save_is_not_a_new_version(initiative, member):
    update_initiative(initiative, actor=member, expected_version=1, title=initiative.title)
    assert Initiative.objects.get(pk=initiative.pk).version == 1
    assert not InitiativeRevision.objects.filter(kind="edited").exists()
