"""Who may see and do what in the improvement chain and the indicators: the owner, the team
(a member and an external), the facilitator and the leader edit; other members read; an
external not on the team and anyone from another organisation get 404; a wrong method 405.
And no URL deletes a trial action."""
# ruff: noqa: F811 - the fixtures imported from chain_world are arguments of the tests

import datetime

import pytest
from django.urls import NoReverseMatch, reverse

from implementation.models import Goal, Indicator, Measurement, TrialAction

from .chain_world import (  # noqa: F401 - fixtures
    EDITORS,
    READERS,
    ROLES,
    cast,
    chain_goal,
    chain_indicator,
    chain_initiative,
    chain_trial,
    frozen_today,
    owner,
    team_external,
    team_member,
    url,
)
from .factories import MeasurementFactory, TrialActionFactory

Stage = TrialAction.Stage


@pytest.fixture
def world(chain_initiative, chain_goal, chain_trial, chain_indicator):
    initiative = chain_initiative
    return {
        "ids": [initiative.process_id, initiative.pk],
        "goal": chain_goal,
        "trial": chain_trial,
        "tried": TrialActionFactory(
            initiative=initiative,
            stage=Stage.DO,
            started_on=datetime.date(2027, 2, 1),
            do_notes="Prøvet",
        ),
        "studied": TrialActionFactory(
            initiative=initiative,
            stage=Stage.STUDY,
            started_on=datetime.date(2027, 2, 1),
            do_notes="Prøvet",
            study="Det virkede",
        ),
        "indicator": chain_indicator,
        "measurement": MeasurementFactory(
            indicator=chain_indicator, measured_on=datetime.date(2027, 3, 3)
        ),
    }


def _indicator_data(w):
    return {
        "name": "Ventetid",
        "unit": "days",
        "better": "lower",
        "baseline_value": "20",
        "baseline_date": "2027-01-01",
        "target_value": "5",
        "target_date": "2027-12-31",
    }


def _ind(w, *more):
    return [*w["ids"], w["indicator"].pk, *more]


# (url name, method, args, POST data or None, who may, status when allowed)
CASES = [
    ("goal_add", "get", lambda w: w["ids"], None, EDITORS, 200),
    ("goal_add", "post", lambda w: w["ids"], lambda w: {"text": "Et mål"}, EDITORS, 302),
    ("subgoal_add", "get", lambda w: [*w["ids"], w["goal"].pk], None, EDITORS, 200),
    (
        "subgoal_add",
        "post",
        lambda w: [*w["ids"], w["goal"].pk],
        lambda w: {"text": "Et delmål"},
        EDITORS,
        302,
    ),
    ("goal_edit", "get", lambda w: [*w["ids"], w["goal"].pk], None, EDITORS, 200),
    (
        "goal_edit",
        "post",
        lambda w: [*w["ids"], w["goal"].pk],
        lambda w: {"text": "Nyt mål"},
        EDITORS,
        302,
    ),
    ("trial_add", "get", lambda w: w["ids"], None, EDITORS, 200),
    (
        "trial_add",
        "post",
        lambda w: w["ids"],
        lambda w: {"title": "Forsøg", "expectation": "Mere ro"},
        EDITORS,
        302,
    ),
    ("trial", "get", lambda w: [*w["ids"], w["trial"].pk], None, READERS, 200),
    ("trial_plan", "get", lambda w: [*w["ids"], w["trial"].pk], None, EDITORS, 200),
    (
        "trial_plan",
        "post",
        lambda w: [*w["ids"], w["trial"].pk],
        lambda w: {"title": "Forsøg", "expectation": "Mere ro"},
        EDITORS,
        302,
    ),
    ("trial_do", "get", lambda w: [*w["ids"], w["trial"].pk], None, EDITORS, 200),
    (
        "trial_do",
        "post",
        lambda w: [*w["ids"], w["trial"].pk],
        lambda w: {"started_on": "2027-03-01", "do_notes": "Det gik"},
        EDITORS,
        302,
    ),
    ("trial_study", "get", lambda w: [*w["ids"], w["tried"].pk], None, EDITORS, 200),
    (
        "trial_study",
        "post",
        lambda w: [*w["ids"], w["tried"].pk],
        lambda w: {"study": "Sådan gik det"},
        EDITORS,
        302,
    ),
    ("trial_act", "get", lambda w: [*w["ids"], w["studied"].pk], None, EDITORS, 200),
    (
        "trial_act",
        "post",
        lambda w: [*w["ids"], w["studied"].pk],
        lambda w: {"decision": "abandon", "learning": "Lært", "decided_on": "2027-05-01"},
        EDITORS,
        302,
    ),
    ("indicator_add", "get", lambda w: w["ids"], None, EDITORS, 200),
    ("indicator_add", "post", lambda w: w["ids"], _indicator_data, EDITORS, 302),
    ("indicator", "get", _ind, None, READERS, 200),
    ("indicator_edit", "get", _ind, None, EDITORS, 200),
    ("indicator_edit", "post", _ind, _indicator_data, EDITORS, 302),
    ("measurement_add", "get", _ind, None, EDITORS, 200),
    (
        "measurement_add",
        "post",
        _ind,
        lambda w: {"value": "65", "measured_on": "2027-04-01"},
        EDITORS,
        302,
    ),
    ("measurement_edit", "get", lambda w: _ind(w, w["measurement"].pk), None, EDITORS, 200),
    (
        "measurement_edit",
        "post",
        lambda w: _ind(w, w["measurement"].pk),
        lambda w: {"value": "66", "measured_on": "2027-03-03"},
        EDITORS,
        302,
    ),
    ("measurement_delete", "get", lambda w: _ind(w, w["measurement"].pk), None, EDITORS, 200),
    ("measurement_delete", "post", lambda w: _ind(w, w["measurement"].pk), None, EDITORS, 302),
]
IDS = [f"{c[0]}-{c[1]}" for c in CASES]


def _expected(role, allowed, ok):
    if role in ("external", "outsider"):
        return 404
    return ok if role in allowed else 403


def _counts():
    return (
        Goal.objects.count(),
        TrialAction.objects.count(),
        Indicator.objects.count(),
        Measurement.objects.count(),
        list(TrialAction.objects.order_by("pk").values_list("stage", "title")),
        list(Measurement.objects.values_list("value", flat=True)),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "args", "data", "allowed", "ok"), CASES, ids=IDS)
def test_each_role_gets_what_its_role_allows(
    as_user, cast, world, role, name, method, args, data, allowed, ok
):
    client = as_user(cast[role])
    target = url(name, *args(world))
    before = _counts()
    if method == "get":
        response = client.get(target)
    else:
        response = client.post(target, data(world) if data else {})
    expected = _expected(role, allowed, ok)
    assert response.status_code == expected
    if method == "post" and expected != ok:
        # A refused request changes nothing.
        assert _counts() == before


WRONG_METHODS = [
    ("trial", "post", lambda w: [*w["ids"], w["trial"].pk]),
    ("trial", "delete", lambda w: [*w["ids"], w["trial"].pk]),
    ("trial_act", "put", lambda w: [*w["ids"], w["studied"].pk]),
    ("goal_add", "delete", lambda w: w["ids"]),
    ("goal_edit", "delete", lambda w: [*w["ids"], w["goal"].pk]),
    ("indicator", "post", _ind),
    ("indicator_edit", "delete", _ind),
    ("measurement_add", "put", _ind),
    ("measurement_delete", "delete", lambda w: _ind(w, w["measurement"].pk)),
]


@pytest.mark.parametrize(
    ("name", "method", "args"), WRONG_METHODS, ids=[f"{c[0]}-{c[1]}" for c in WRONG_METHODS]
)
def test_a_wrong_method_is_not_allowed(as_user, facilitator, world, name, method, args):
    response = getattr(as_user(facilitator), method)(url(name, *args(world)))
    assert response.status_code == 405


def _trial_routes():
    """The name of every implementation URL that takes a trial."""
    from implementation.urls import urlpatterns

    return {p.name for p in urlpatterns if "trial_pk" in str(p.pattern)}


def test_no_url_deletes_a_trial(as_user, facilitator, world):
    trial_names = _trial_routes()
    assert {"trial", "trial_plan", "trial_do", "trial_study", "trial_act"} <= trial_names
    assert not any("delete" in name or "remove" in name for name in trial_names)
    for guess in ("trial_delete", "trial_remove"):
        with pytest.raises(NoReverseMatch):
            reverse(f"implementation:{guess}", args=[*world["ids"], world["trial"].pk])
    client = as_user(facilitator)
    for name in ("trial", "trial_plan", "trial_do", "trial_study", "trial_act"):
        target = url(name, *world["ids"], world["trial"].pk)
        client.delete(target)
        client.post(target, {})
        client.post(target, {"delete": "1", "_method": "DELETE"})
    assert TrialAction.objects.filter(pk=world["trial"].pk).exists()
    assert TrialAction.objects.count() == 3
