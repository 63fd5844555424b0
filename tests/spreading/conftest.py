"""A process in implementation: two themes, each with a group and a group lead, a published
catalogue edition, and two initiatives; plus a member of staff who took no part in any group.
"""

import datetime

import pytest

from catalog.models import Edition
from implementation.models import Implementation, Initiative
from organisations.models import Membership
from processes.models import Phase
from tests.factories import GroupFactory, MembershipFactory, ThemeFactory
from tests.implementation.factories import InitiativeFactory

Role = Membership.Role


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded images go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def second_lead(organisation):
    return MembershipFactory(
        organisation=organisation, role=Role.GROUP_LEAD, user__username="lead2@example.org"
    )


@pytest.fixture
def staff(organisation):
    """A member of staff who took part in no group of the process."""
    return MembershipFactory(
        organisation=organisation,
        role=Role.MEMBER,
        user__username="staff@example.org",
        user__first_name="Signe",
        user__last_name="Staff",
    )


@pytest.fixture
def themes(process, group_lead, second_lead):
    first = ThemeFactory(process=process, title="Brugerinddragelse", position=1)
    second = ThemeFactory(process=process, title="Faglige værdier", position=2)
    GroupFactory(process=process, theme=first, name="Gruppe 1", lead=group_lead)
    GroupFactory(process=process, theme=second, name="Gruppe 2", lead=second_lead)
    return first, second


SNAPSHOT_THEMES = ["Brugerinddragelse", "Faglige værdier"]


@pytest.fixture
def edition(process, themes):
    """A published edition whose snapshot has the two themes, ideal values and initiatives."""
    first, second = themes
    groups = list(process.groups.order_by("name"))
    snapshot = {
        "format": 1,
        "process": {"id": process.pk, "title": process.title},
        "themes": [
            {"id": t.pk, "title": t.title, "description": t.description} for t in (first, second)
        ],
        "groups": [
            {
                "id": g.pk,
                "name": g.name,
                "theme_id": g.theme_id,
                "ideal_values": [{"name": f"Ligeværd {g.name}", "meaning": "Vi er lige."}],
                "initiatives": [{"title": f"MUS for brugerne {g.name}"}],
            }
            for g in groups
        ],
    }
    return Edition.objects.create(
        process=process,
        number=1,
        status=Edition.Status.PUBLISHED,
        snapshot=snapshot,
        published_at=datetime.datetime(2027, 6, 1, 12, tzinfo=datetime.UTC),
    )


@pytest.fixture
def started(process, edition, facilitator):
    process.phase = Phase.IMPLEMENTATION
    process.save(update_fields=["phase"])
    return Implementation.objects.create(process=process, edition=edition, started_by=facilitator)


@pytest.fixture
def initiative(process, started, themes, member, external):
    """On the first theme, owned by the member, with the external on its team."""
    group = process.groups.get(name="Gruppe 1")
    initiative = InitiativeFactory(
        process=process,
        title="MUS-samtaler for brugerne",
        theme=themes[0],
        group=group,
        owner=member,
        status=Initiative.Status.RUNNING,
    )
    initiative.team.set([external])
    return initiative


@pytest.fixture
def other_initiative(process, started, themes):
    """On the second theme; the external takes no part in it."""
    return InitiativeFactory(
        process=process,
        title="Fælles kaffeklub",
        theme=themes[1],
        group=process.groups.get(name="Gruppe 2"),
    )


@pytest.fixture
def people(facilitator, leader, group_lead, member, external, staff, outsider):
    return {
        "facilitator": facilitator,
        "leader": leader,
        "group_lead": group_lead,
        "member": member,
        "external": external,
        "staff": staff,
        "outsider": outsider,
    }
