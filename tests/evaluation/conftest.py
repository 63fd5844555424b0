"""An evaluation world: a process whose participants are the five roles plus more members
(enough to pass the anonymity threshold), its questionnaire, initiatives to evaluate and the
organisation's quality team."""

import pytest

from evaluation.services import questionnaire
from evaluation.services.quality_team import set_up_team
from organisations.models import Membership
from tests.factories import MembershipFactory
from tests.implementation.factories import IndicatorFactory, InitiativeFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def colleagues(organisation):
    """Six more members who took part (the threshold is five answers)."""
    return [
        MembershipFactory(
            organisation=organisation,
            role=Membership.Role.MEMBER,
            user__username=f"colleague{n}@example.org",
        )
        for n in range(6)
    ]


@pytest.fixture
def bystander(organisation):
    """A member of the organisation who took no part in the process."""
    return MembershipFactory(
        organisation=organisation, role=Membership.Role.MEMBER, user__username="by@example.org"
    )


@pytest.fixture
def participants(process, facilitator, leader, group_lead, member, external, colleagues):
    people = [facilitator, leader, group_lead, member, external, *colleagues]
    process.participants.set(people)
    return people


@pytest.fixture
def evaluation(process, facilitator, participants):
    """The questionnaire with the default (English) questions, still being prepared."""
    return questionnaire.prepare_evaluation(actor=facilitator, process=process, language="en")


@pytest.fixture
def open_evaluation(evaluation, facilitator):
    return questionnaire.open_evaluation(actor=facilitator, evaluation=evaluation)


@pytest.fixture
def people(facilitator, leader, group_lead, member, external, outsider, bystander):
    return {
        "facilitator": facilitator,
        "leader": leader,
        "group_lead": group_lead,
        "member": member,
        "external": external,
        "bystander": bystander,
        "outsider": outsider,
    }


@pytest.fixture
def initiative(process, member, external):
    """An initiative owned by the member, with the external on its team."""
    initiative = InitiativeFactory(process=process, title="MUS for brugerne", owner=member)
    initiative.team.set([external])
    return initiative


@pytest.fixture
def other_initiative(process):
    """An initiative the member and the external take no part in."""
    return InitiativeFactory(process=process, title="Brugerrådets budget")


@pytest.fixture
def indicator(initiative):
    return IndicatorFactory(initiative=initiative, name="Andel brugere med MUS")


@pytest.fixture
def team(organisation, facilitator):
    return set_up_team(actor=facilitator, organisation=organisation, language="en")
