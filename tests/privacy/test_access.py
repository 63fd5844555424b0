"""Who may do what with personal data: a person's download is theirs alone (everyone else,
a site administrator too, gets 404); only the organisation's facilitators anonymise and set
the retention period (other roles 403, other organisations 404); wrong methods get 405."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import timezone

from debate.models import Value
from organisations.models import Membership
from privacy.models import AnonymisationRecord, DataExport, Pseudonym, RetentionPolicy
from privacy.services.export import request_export
from processes.models import PhaseChange
from tests.debate.factories import ValueFactory
from tests.factories import GroupFactory, MembershipFactory, ProcessFactory

from .helpers import pseudonym

Role = Membership.Role


@pytest.fixture
def export(member):
    with TestCase.captureOnCommitCallbacks(execute=True):
        export = request_export(user=member.user, language="en")
    export.refresh_from_db()
    assert export.status == DataExport.Status.READY
    return export


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root@example.org", "root@example.org", "x")


def _url(export, part=""):
    return f"/privacy/me/downloads/{export.pk}/{part}"


# -- A person's own data ----------------------------------------------------------------------


def test_my_data_lists_what_is_held_about_me(as_user, member, process):
    group = GroupFactory(process=process)
    ValueFactory(group=group, author=member, name="Ligeværd")
    response = as_user(member).get("/privacy/me/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "My data" in page
    assert member.organisation.name in page
    assert "Values: 1" in page and "Ligeværd" in page
    assert "Evaluations are anonymous" in page
    assert "Make a download of my data" in page


def test_my_data_takes_no_post(as_user, member):
    assert as_user(member).post("/privacy/me/").status_code == 405


def test_asking_for_a_download_makes_it_and_shows_its_page(
    as_user, member, django_capture_on_commit_callbacks
):
    client = as_user(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/privacy/me/downloads/")
    export = DataExport.objects.get(user=member.user)
    assert response.status_code == 302
    assert response["Location"] == _url(export)
    page = client.get(_url(export)).content.decode()
    assert "Download the ZIP file" in page
    assert client.get("/privacy/me/downloads/").status_code == 405


def test_only_the_person_downloads_their_file(
    client, export, member, facilitator, superuser, outsider
):
    for other in (facilitator.user, outsider.user, superuser):
        client.force_login(other)
        assert client.get(_url(export)).status_code == 404
        assert client.get(_url(export, "file/")).status_code == 404
    client.force_login(member.user)
    response = client.get(_url(export, "file/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert client.post(_url(export, "file/")).status_code == 405
    assert client.post(_url(export)).status_code == 405


def test_the_link_stops_working_when_it_expires(client, export, member):
    client.force_login(member.user)
    DataExport.objects.filter(pk=export.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(_url(export, "file/")).status_code == 404
    assert "This download has expired" in client.get(_url(export)).content.decode()


def test_the_progress_fragment_stops_polling_when_done(client, export, member):
    client.force_login(member.user)
    response = client.get(_url(export), HTTP_HX_REQUEST="true")
    assert response.status_code == 286
    assert "Download the ZIP file" in response.content.decode()
    DataExport.objects.filter(pk=export.pk).update(
        status=DataExport.Status.QUEUED, file="", expires_at=None
    )
    response = client.get(_url(export), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "waiting to be made" in response.content.decode()


def test_the_record_of_processing_is_public(client, db):
    response = client.get("/privacy/record/")
    assert response.status_code == 200
    assert client.post("/privacy/record/").status_code == 405


def test_my_data_needs_a_login(client, db):
    response = client.get("/privacy/me/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# -- An organisation's personal data ----------------------------------------------------------


def _org_url(organisation, part=""):
    return f"/privacy/o/{organisation.slug}/{part}"


def test_only_facilitators_see_the_organisations_page(
    as_user, organisation, facilitator, leader, group_lead, member, external, outsider
):
    response = as_user(facilitator).get(_org_url(organisation))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Retention period" in page and "Anonymise a person" in page
    assert member.display_name in page
    for someone in (leader, group_lead, member, external):
        assert as_user(someone).get(_org_url(organisation)).status_code == 403
    assert as_user(outsider).get(_org_url(organisation)).status_code == 404
    assert as_user(facilitator).post(_org_url(organisation)).status_code == 405


def test_only_facilitators_set_the_retention_period(
    as_user, organisation, facilitator, leader, outsider
):
    url = _org_url(organisation, "retention/")
    assert as_user(leader).post(url, {"months": "24"}).status_code == 403
    assert as_user(outsider).post(url, {"months": "24"}).status_code == 404
    assert as_user(facilitator).get(url).status_code == 405
    assert not RetentionPolicy.objects.exists()
    response = as_user(facilitator).post(url, {"months": "0"})
    assert response.status_code == 400
    response = as_user(facilitator).post(url, {"months": "24"})
    assert response.status_code == 302
    assert RetentionPolicy.objects.get(organisation=organisation).months == 24
    as_user(facilitator).post(url, {"months": ""})
    assert RetentionPolicy.objects.get(organisation=organisation).months is None


def _anonymise_url(organisation, target):
    return _org_url(organisation, f"people/{target.pk}/anonymise/")


def test_only_facilitators_anonymise(
    as_user, organisation, facilitator, leader, group_lead, member, external, outsider
):
    url = _anonymise_url(organisation, member)
    form = {"reason": "request", "confirmation": member.display_name}
    for someone in (leader, group_lead, external):
        assert as_user(someone).get(url).status_code == 403
        assert as_user(someone).post(url, form).status_code == 403
    assert as_user(outsider).get(url).status_code == 404
    assert as_user(outsider).post(url, form).status_code == 404
    assert as_user(facilitator).put(url).status_code == 405
    assert not Pseudonym.objects.exists()


def test_a_person_of_another_organisation_is_not_found(
    as_user, organisation, facilitator, outsider
):
    url = _anonymise_url(organisation, outsider)
    assert as_user(facilitator).get(url).status_code == 404


def test_anonymising_needs_the_persons_name_typed(
    as_user, organisation, facilitator, member, process
):
    value = ValueFactory(group=GroupFactory(process=process), author=member)
    client = as_user(facilitator)
    url = _anonymise_url(organisation, member)
    page = client.get(url).content.decode()
    assert f"Anonymise {member.display_name}" in page and "This cannot be undone" in page
    response = client.post(url, {"reason": "request", "confirmation": "someone else"})
    assert response.status_code == 400
    assert "name exactly as it is shown" in response.content.decode()
    assert not Pseudonym.objects.exists()
    name = member.display_name
    response = client.post(url, {"reason": "request", "confirmation": f"  {name.lower()} "})
    assert response.status_code == 302
    record = AnonymisationRecord.objects.get()
    assert record.actor == facilitator and record.reason == "request"
    value = Value.objects.select_related("author__user").get(pk=value.pk)
    assert value.author.display_name == pseudonym(1)
    page = client.get(response["Location"]).content.decode()
    assert record.reference in page and name not in page
    # Done once: the person is gone from the list and their page.
    assert client.get(url).status_code == 404


def test_a_facilitator_cannot_anonymise_themselves(as_user, organisation, facilitator):
    url = _anonymise_url(organisation, facilitator)
    response = as_user(facilitator).post(
        url, {"reason": "request", "confirmation": facilitator.display_name}
    )
    assert response.status_code == 400
    assert "You cannot anonymise yourself" in response.content.decode()
    assert not Pseudonym.objects.exists()


def test_the_last_other_facilitator_is_kept(as_user, organisation, facilitator):
    other = MembershipFactory(organisation=organisation, role=Role.FACILITATOR)
    response = as_user(facilitator).post(
        _anonymise_url(organisation, other),
        {"reason": "left", "confirmation": other.display_name},
    )
    # Two facilitators: one may anonymise the other, and one is left.
    assert response.status_code == 302
    assert Membership.objects.get(pk=other.pk).user.pseudonym


def test_a_person_in_two_organisations_keeps_their_account_there(
    as_user, organisation, other_organisation, facilitator, process
):
    person = MembershipFactory(organisation=organisation, user__username="two@example.org")
    elsewhere = MembershipFactory(organisation=other_organisation, user=person.user)
    name = person.display_name
    value = ValueFactory(group=GroupFactory(process=process), author=person, examples=name)
    there = ValueFactory(
        group=GroupFactory(process=ProcessFactory(organisation=other_organisation)),
        author=elsewhere,
        examples=name,
    )
    change = PhaseChange.objects.create(
        process=process, from_phase="value_debate", to_phase="prioritisation", actor=person.user
    )
    old_user = person.user
    response = as_user(facilitator).post(
        _anonymise_url(organisation, person), {"reason": "left", "confirmation": name}
    )
    assert response.status_code == 302
    elsewhere.refresh_from_db()
    assert elsewhere.user_id == old_user.pk
    assert elsewhere.user.is_active and elsewhere.user.get_full_name() == name
    person.refresh_from_db()
    assert person.user_id != old_user.pk
    assert person.user.get_full_name() == pseudonym(1)
    assert not person.user.is_active
    value.refresh_from_db()
    assert value.author_id == person.pk and value.examples == pseudonym(1)
    # The other organisation's rows are theirs: untouched.
    there.refresh_from_db()
    assert there.examples == name
    # This organisation's links to the account go to the pseudonym.
    change.refresh_from_db()
    assert change.actor_id == person.user_id


def test_the_organisation_page_links_to_personal_data_for_facilitators(
    as_user, organisation, facilitator, member
):
    url = f"/privacy/o/{organisation.slug}/"
    assert url in as_user(facilitator).get(organisation.get_absolute_url()).content.decode()
    assert url not in as_user(member).get(organisation.get_absolute_url()).content.decode()
    remove = f"/o/{organisation.slug}/members/{member.pk}/remove/"
    page = as_user(facilitator).get(remove).content.decode()
    assert "Anonymise instead" in page
    assert f"/privacy/o/{organisation.slug}/people/{member.pk}/anonymise/" in page
