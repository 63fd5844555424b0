"""A process at the waist of the hourglass with a published catalogue edition: two groups
on two themes, three selected initiatives each, a closed round, a given frame per theme,
and the wrap-up seminar planned, so every readiness check for implementation is met."""

import datetime

import pytest

from catalog.models import Edition
from catalog.services import workflow
from implementation.models import Initiative
from implementation.services.start import start_implementation
from organisations.models import Membership
from processes.models import Phase, Seminar
from tests.catalog.conftest import build_material
from tests.factories import AgendaItemFactory, MembershipFactory, SeminarFactory

TODAY = datetime.date(2027, 6, 1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def second_lead(organisation):
    return MembershipFactory(
        organisation=organisation,
        role=Membership.Role.GROUP_LEAD,
        user__username="lead2@example.org",
    )


@pytest.fixture
def material(process, group_lead, second_lead):
    return build_material(process, [group_lead, second_lead])


@pytest.fixture
def wrapup(process):
    seminar = SeminarFactory(
        process=process, kind=Seminar.Kind.WRAPUP, date=datetime.date(2027, 5, 20)
    )
    AgendaItemFactory(seminar=seminar)
    return seminar


@pytest.fixture
def catalogue_phase(process):
    process.phase = Phase.CATALOGUE
    process.save(update_fields=["phase"])
    return process


def publish(process, facilitator, leader) -> Edition:
    # The reason counts only before the catalogue phase (see workflow.start_edition).
    edition = workflow.start_edition(
        actor=facilitator, process=process, override_reason="Forberedt før fasen."
    )
    edition = workflow.submit_for_review(actor=facilitator, edition=edition)
    edition = workflow.approve(actor=leader, edition=edition, note="Godkendt.")
    assert edition.status == Edition.Status.PUBLISHED
    return edition


@pytest.fixture
def published_edition(process, facilitator, leader, material, wrapup, catalogue_phase):
    """Edition 1, published (its PDF is queued on commit, which never comes in a test)."""
    return publish(process, facilitator, leader)


@pytest.fixture
def started(process, facilitator, published_edition):
    """Implementation started from edition 1: six planned initiatives."""
    return start_implementation(process, actor=facilitator, edition=published_edition)


@pytest.fixture
def initiative(started, member, external):
    """The first initiative, owned by the member, with the external on its team."""
    initiative = Initiative.objects.get(process=started.implementation.process, title="Tiltag 1.1")
    initiative.owner = member
    initiative.save(update_fields=["owner"])
    initiative.team.set([external])
    return initiative


@pytest.fixture
def people(facilitator, leader, group_lead, member, external, outsider):
    return {
        "facilitator": facilitator,
        "leader": leader,
        "group_lead": group_lead,
        "member": member,
        "external": external,
        "outsider": outsider,
    }
