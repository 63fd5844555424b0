"""Fixtures for the improvement chain and indicator tests: one initiative with an owner, a
team (a member and an external), and everyone else in the organisation around it.

Import with `from .chain_world import *` (the names do not clash with conftest.py's).
Today is frozen at 1 June 2027, so the factories' 2027 dates lie in the past.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from implementation.models import Indicator, TrialAction
from organisations.models import Membership
from tests.factories import MembershipFactory

from .factories import (
    GoalFactory,
    IndicatorFactory,
    InitiativeFactory,
    MeasurementFactory,
    TrialActionFactory,
)

__all__ = [
    "EDITORS",
    "READERS",
    "ROLES",
    "TODAY",
    "add_series",
    "cast",
    "chain_goal",
    "chain_indicator",
    "chain_initiative",
    "chain_trial",
    "frozen_today",
    "owner",
    "team_external",
    "team_member",
    "url",
]

TODAY = datetime.date(2027, 6, 1)
Role = Membership.Role

# Who may do what on one initiative (see implementation/access.py).
EDITORS = {"owner", "team_member", "team_external", "facilitator", "leader"}
READERS = EDITORS | {"member", "group_lead"}
# An external not on the team, and someone from another organisation: 404.
ROLES = sorted(READERS | {"external", "outsider"})


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    """Services and forms ask `timezone.localdate()` for today."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def owner(organisation):
    return MembershipFactory(
        organisation=organisation, role=Role.MEMBER, user__username="owner@example.org"
    )


@pytest.fixture
def team_member(organisation):
    return MembershipFactory(
        organisation=organisation, role=Role.MEMBER, user__username="team@example.org"
    )


@pytest.fixture
def team_external(organisation):
    return MembershipFactory(
        organisation=organisation,
        role=Role.EXTERNAL,
        is_external=True,
        user__username="team-external@example.org",
    )


@pytest.fixture
def chain_initiative(process, owner, team_member, team_external):
    initiative = InitiativeFactory(process=process, owner=owner, title="MUS for brugerne")
    initiative.team.set([team_member, team_external])
    return initiative


@pytest.fixture
def cast(
    owner, team_member, team_external, facilitator, leader, group_lead, member, external, outsider
):
    return {
        "owner": owner,
        "team_member": team_member,
        "team_external": team_external,
        "facilitator": facilitator,
        "leader": leader,
        "group_lead": group_lead,
        "member": member,
        "external": external,
        "outsider": outsider,
    }


@pytest.fixture
def chain_goal(chain_initiative):
    return GoalFactory(initiative=chain_initiative, text="Alle brugere har en MUS-samtale om året")


@pytest.fixture
def chain_trial(chain_initiative, chain_goal):
    return TrialActionFactory(
        initiative=chain_initiative,
        goal=chain_goal,
        title="Samtaler i værkstedet",
        started_on=None,
        stage=TrialAction.Stage.PLAN,
    )


@pytest.fixture
def chain_indicator(chain_initiative):
    return IndicatorFactory(
        initiative=chain_initiative,
        name="Andel brugere med MUS",
        unit=Indicator.Unit.PERCENT,
        better=Indicator.Better.HIGHER,
        baseline_value=Decimal(60),
        baseline_date=datetime.date(2027, 1, 1),
        target_value=Decimal(80),
        target_date=datetime.date(2027, 12, 31),
    )


def add_series(indicator, values, start=datetime.date(2027, 1, 4), step_days=7):
    """Measurements with `values`, one every `step_days` from `start`."""
    return [
        MeasurementFactory(
            indicator=indicator,
            measured_on=start + datetime.timedelta(days=i * step_days),
            value=Decimal(value),
        )
        for i, value in enumerate(values)
    ]


def url(name: str, *args) -> str:
    return reverse(f"implementation:{name}", args=args)
