"""The home page's "Your initiatives" panel: one tap from login to adding a measurement."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from implementation.models import Initiative
from tests.factories import ProcessFactory
from tests.implementation.factories import IndicatorFactory, InitiativeFactory

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def _measure_url(indicator):
    initiative = indicator.initiative
    return reverse(
        "implementation:measurement_add",
        args=[initiative.process_id, initiative.pk, indicator.pk],
    )


def test_the_owner_sees_their_initiative_and_the_measurement_link(as_user, process, member):
    initiative = InitiativeFactory(process=process, owner=member, title="MUS for alle brugere")
    indicator = IndicatorFactory(initiative=initiative, name="Andel brugere med MUS")

    response = as_user(member).get(HOME)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Your initiatives" in html
    assert "MUS for alle brugere" in html
    assert "Add a measurement: Andel brugere med MUS" in html
    assert _measure_url(indicator) in html
    assert reverse("implementation:update_add", args=[process.pk, initiative.pk]) in html


def test_a_team_member_sees_the_initiative(as_user, process, member, external):
    initiative = InitiativeFactory(process=process, title="Brugerråd med budget")
    initiative.team.add(external)
    indicator = IndicatorFactory(initiative=initiative)

    html = as_user(external).get(HOME).content.decode()

    assert "Brugerråd med budget" in html
    assert _measure_url(indicator) in html


def test_another_member_does_not_see_it(as_user, process, member, group_lead):
    initiative = InitiativeFactory(process=process, owner=group_lead, title="Kun for lederen")
    IndicatorFactory(initiative=initiative)

    html = as_user(member).get(HOME).content.decode()

    assert "Kun for lederen" not in html
    assert "Your initiatives" not in html


def test_an_outsiders_initiatives_never_appear(as_user, member, outsider):
    theirs = ProcessFactory(organisation=outsider.organisation, created_by=outsider.user)
    hidden = InitiativeFactory(process=theirs, owner=outsider, title="Gjesdal sitt tiltak")
    IndicatorFactory(initiative=hidden)

    html = as_user(member).get(HOME).content.decode()

    assert "Gjesdal sitt tiltak" not in html
    assert "Your initiatives" not in html


def test_anchored_and_stopped_initiatives_are_left_out(as_user, process, member):
    for status in (Initiative.Status.ANCHORED, Initiative.Status.STOPPED):
        InitiativeFactory(process=process, owner=member, status=status, title=f"Done {status}")
    InitiativeFactory(process=process, owner=member, title="Still running")

    html = as_user(member).get(HOME).content.decode()

    assert "Still running" in html
    assert "Done anchored" not in html
    assert "Done stopped" not in html


def test_an_initiative_without_indicator_points_to_its_page(as_user, process, member):
    initiative = InitiativeFactory(process=process, owner=member)

    html = as_user(member).get(HOME).content.decode()

    assert "No indicator yet: add one on the initiative" in html
    assert initiative.get_absolute_url() + "#indicators" in html


def _queries_for_home(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(HOME)
    assert response.status_code == 200
    return len(queries)


def test_its_query_count_does_not_grow_with_initiatives(as_user, process, member):
    client = as_user(member)
    IndicatorFactory(initiative=InitiativeFactory(process=process, owner=member))
    with_one = _queries_for_home(client)

    second = ProcessFactory(organisation=process.organisation)
    for i in range(9):
        initiative = InitiativeFactory(process=second if i % 2 else process)
        initiative.team.add(member)
        IndicatorFactory.create_batch(2, initiative=initiative)
    with_ten = _queries_for_home(client)

    assert with_ten == with_one
