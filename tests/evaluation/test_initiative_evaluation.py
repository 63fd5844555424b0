"""Initiative evaluations (seed 001) through HTTP: the three-step record and the seven 1–4
ratings by the team and, apart, by the users; who may write; ratings out of range refused;
no silent overwrite; the ratings summed up across initiatives in a fixed number of queries."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.models import InitiativeEvaluation, Rating
from evaluation.services import aggregate_ratings
from evaluation.services.initiatives import save_initiative_evaluation
from implementation.models import Initiative
from tests.implementation.factories import InitiativeFactory

EVERYONE = {"facilitator", "leader", "group_lead", "member", "external", "bystander"}
WRITERS = {"facilitator", "leader", "member", "external"}  # managers, the owner, the team

DIMENSIONS = [d for d, _label in Rating.Dimension.choices]


def form_data(*, version="", team=None, users=None, **texts):
    data = {
        "background_and_goals": "Brugerne havde ingen MUS-samtaler.",
        "practice": "Kontaktpersonen holder samtalen hvert forår.",
        "results_and_effects": "Alle brugere har haft en samtale.",
        "version": version,
        **texts,
    }
    for dimension, score in (team or {}).items():
        data[f"team_{dimension}"] = str(score)
    if users is not None:
        data["users_rated"] = "on"
        data["users_rating_note"] = "Brugerrådet gav karaktererne 3. marts."
        for dimension, score in users.items():
            data[f"users_{dimension}"] = str(score)
    return data


@pytest.fixture
def world(process, initiative):
    return {"p": process.pk, "i": initiative.pk}


CASES = [
    ("ratings", "get", lambda w: [w["p"]], None, EVERYONE, 200),
    ("initiative", "get", lambda w: [w["p"], w["i"]], None, EVERYONE, 200),
    ("initiative_edit", "get", lambda w: [w["p"], w["i"]], None, WRITERS, 200),
    (
        "initiative_edit",
        "post",
        lambda w: [w["p"], w["i"]],
        lambda w: form_data(team={"sick_leave": 3}),
        WRITERS,
        302,
    ),
]
IDS = [f"{c[0]}-{c[1]}" for c in CASES]


@pytest.mark.parametrize("role", sorted(EVERYONE))
@pytest.mark.parametrize(("name", "method", "args", "data", "allowed", "ok"), CASES, ids=IDS)
def test_each_role_gets_what_its_role_allows(
    as_user, people, world, role, name, method, args, data, allowed, ok
):
    client = as_user(people[role])
    target = reverse(f"evaluation:{name}", args=args(world))
    response = client.get(target) if method == "get" else client.post(target, data(world))
    assert response.status_code == (ok if role in allowed else 403)


@pytest.mark.parametrize(("name", "method", "args", "data", "allowed", "ok"), CASES, ids=IDS)
def test_another_organisation_gets_not_found(
    as_user, outsider, world, name, method, args, data, allowed, ok
):
    client = as_user(outsider)
    target = reverse(f"evaluation:{name}", args=args(world))
    response = client.get(target) if method == "get" else client.post(target, data(world))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "method", "args"),
    [
        ("ratings", "post", lambda w: [w["p"]]),
        ("initiative", "post", lambda w: [w["p"], w["i"]]),
        ("initiative_edit", "put", lambda w: [w["p"], w["i"]]),
    ],
)
def test_a_wrong_method_is_not_allowed(as_user, facilitator, world, name, method, args):
    response = getattr(as_user(facilitator), method)(
        reverse(f"evaluation:{name}", args=args(world))
    )
    assert response.status_code == 405


def test_an_external_does_not_find_an_initiative_they_take_no_part_in(
    as_user, external, process, other_initiative
):
    response = as_user(external).get(
        reverse("evaluation:initiative", args=[process.pk, other_initiative.pk])
    )
    assert response.status_code == 404
    page = as_user(external).get(reverse("evaluation:ratings", args=[process.pk]))
    assert "Brugerrådets budget" not in page.content.decode()


def test_the_owner_records_the_three_steps_and_the_seven_ratings(
    as_user, member, process, initiative
):
    client = as_user(member)
    team = {d: (i % 4) + 1 for i, d in enumerate(DIMENSIONS)}
    response = client.post(
        reverse("evaluation:initiative_edit", args=[process.pk, initiative.pk]),
        form_data(team=team),
    )
    assert response.status_code == 302
    evaluation = InitiativeEvaluation.objects.get(initiative=initiative)
    assert evaluation.practice == "Kontaktpersonen holder samtalen hvert forår."
    assert {r.dimension: r.score for r in evaluation.ratings.filter(rater="team")} == team
    assert not evaluation.ratings.filter(rater="users").exists()
    page = client.get(reverse("evaluation:initiative", args=[process.pk, initiative.pk]))
    text = page.content.decode()
    for heading in ("Background and goals", "Practice", "Results and effects"):
        assert heading in text
    assert "Employee satisfaction" in text and "Sick leave" in text


def test_the_users_rating_is_kept_apart_and_marked_as_theirs(as_user, member, process, initiative):
    client = as_user(member)
    client.post(
        reverse("evaluation:initiative_edit", args=[process.pk, initiative.pk]),
        form_data(team={"citizen_satisfaction": 3}, users={"citizen_satisfaction": 4}),
    )
    evaluation = InitiativeEvaluation.objects.get(initiative=initiative)
    assert evaluation.users_rated
    scores = {(r.rater, r.dimension): r.score for r in evaluation.ratings.all()}
    assert scores == {("team", "citizen_satisfaction"): 3, ("users", "citizen_satisfaction"): 4}
    text = client.get(evaluation.get_absolute_url()).content.decode()
    assert "The users' rating" in text
    assert "Entered by the team on the users' behalf" in text
    assert "Brugerrådet gav karaktererne 3. marts." in text


def test_saying_the_users_rated_without_a_rating_is_refused(as_user, member, process, initiative):
    response = as_user(member).post(
        reverse("evaluation:initiative_edit", args=[process.pk, initiative.pk]),
        form_data(users={}),
    )
    assert response.status_code == 200
    assert "Give at least one of the users&#x27; ratings" in response.content.decode()
    assert not InitiativeEvaluation.objects.exists()


@pytest.mark.parametrize("score", ["0", "5", "-1", "3.5", "x"])
def test_a_rating_outside_1_to_4_is_refused(as_user, member, process, initiative, score):
    data = form_data(team={"sick_leave": 2})
    data["team_long_term_savings"] = score
    response = as_user(member).post(
        reverse("evaluation:initiative_edit", args=[process.pk, initiative.pk]), data
    )
    assert response.status_code == 200
    assert "Rate from 1 (lowest) to 4 (highest)." in response.content.decode()
    assert not InitiativeEvaluation.objects.exists()
    assert not Rating.objects.exists()


def test_the_service_and_the_database_refuse_a_rating_of_5(member, initiative):
    with pytest.raises(ValidationError) as refused:
        save_initiative_evaluation(
            actor=member,
            initiative=initiative,
            expected_version=None,
            team_ratings={"sick_leave": 5},
        )
    assert "team_sick_leave" in refused.value.message_dict
    evaluation = save_initiative_evaluation(
        actor=member, initiative=initiative, expected_version=None, team_ratings={"sick_leave": 2}
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.filter(evaluation=evaluation).update(score=5)


def test_an_edit_on_top_of_a_colleagues_is_refused_with_both_versions(
    as_user, member, external, process, initiative
):
    edit = reverse("evaluation:initiative_edit", args=[process.pk, initiative.pk])
    as_user(member).post(edit, form_data(team={"sick_leave": 2}))
    evaluation = InitiativeEvaluation.objects.get()
    save_initiative_evaluation(
        actor=external,
        initiative=initiative,
        expected_version=evaluation.version,
        results_and_effects="Sygefraværet faldt.",
        team_ratings={"sick_leave": 4},
    )
    stale = as_user(member).post(
        edit, form_data(version=evaluation.version, results_and_effects="Mit eget svar")
    )
    assert stale.status_code == 409
    text = stale.content.decode()
    assert "Sygefraværet faldt." in text and "Mit eget svar" in text
    evaluation.refresh_from_db()
    assert evaluation.results_and_effects == "Sygefraværet faldt."
    # Saving again (now based on the newest version) applies the editor's text.
    again = as_user(member).post(
        edit, form_data(version=evaluation.version, results_and_effects="Mit eget svar")
    )
    assert again.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.results_and_effects == "Mit eget svar"
    assert evaluation.revisions.count() == 3


# -- Summed up across initiatives ------------------------------------------------------------


def _rate(initiative, actor, team, users=None):
    return save_initiative_evaluation(
        actor=actor,
        initiative=initiative,
        expected_version=None,
        team_ratings=team,
        users_rated=users is not None,
        users_ratings=users or {},
    )


def test_aggregate_ratings_gives_average_and_distribution_per_dimension(process, facilitator):
    a, b, c = (InitiativeFactory(process=process) for _ in range(3))
    _rate(a, facilitator, {"sick_leave": 2, "employee_involvement": 4}, users={"sick_leave": 1})
    _rate(b, facilitator, {"sick_leave": 3, "employee_involvement": 4})
    _rate(c, facilitator, {"sick_leave": 3})
    InitiativeFactory(process=process)  # not evaluated
    summary = aggregate_ratings(Initiative.objects.filter(process=process))
    assert (summary.initiative_count, summary.evaluated_count, summary.users_rated_count) == (
        4,
        3,
        1,
    )
    sick = next(d for d in summary.dimensions if d.dimension == "sick_leave")
    assert sick.team.counts == [0, 1, 2, 0]
    assert sick.team.average == Decimal("2.7")
    assert sick.users.counts == [1, 0, 0, 0] and sick.users.average == Decimal("1.0")
    involvement = next(d for d in summary.dimensions if d.dimension == "employee_involvement")
    assert involvement.team.average == Decimal("4.0")
    savings = next(d for d in summary.dimensions if d.dimension == "short_term_savings")
    assert savings.team.total == 0 and savings.team.average is None
    assert summary.as_dict()["dimensions"][6]["team"]["counts"] == [0, 1, 2, 0]


def test_aggregate_ratings_runs_a_fixed_number_of_queries(process, facilitator):
    def measure():
        with CaptureQueriesContext(connection) as queries:
            aggregate_ratings(Initiative.objects.filter(process=process))
        return len(queries)

    for _ in range(2):
        _rate(InitiativeFactory(process=process), facilitator, {"sick_leave": 2})
    few = measure()
    for n in range(20):
        _rate(InitiativeFactory(process=process), facilitator, {d: (n % 4) + 1 for d in DIMENSIONS},
              users={"citizen_satisfaction": 4})  # fmt: skip
    assert measure() == few == 3


def test_the_ratings_page_shows_charts_a_table_and_the_initiatives(
    as_user, leader, facilitator, process
):
    a = InitiativeFactory(process=process, title="Arbejdsprøvning")
    InitiativeFactory(process=process, title="Fleksible arbejdstider")
    _rate(a, facilitator, {"sick_leave": 3}, users={"sick_leave": 4})
    page = as_user(leader).get(reverse("evaluation:ratings", args=[process.pk])).content.decode()
    assert "Arbejdsprøvning" in page and "Fleksible arbejdstider" in page
    assert "Not evaluated yet" in page and "Users rated too" in page
    assert "Sick leave, the team, 1 ratings (1: 0, 2: 0, 3: 1, 4: 0)" in page
    assert "Ratings from 1 (lowest) to 4 (highest)" in page  # the table's caption


def test_the_ratings_page_runs_the_same_queries_for_3_and_30_initiatives(
    as_user, leader, facilitator, process
):
    client = as_user(leader)
    target = reverse("evaluation:ratings", args=[process.pk])

    def measure():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(target).status_code == 200
        return len(queries)

    for _ in range(3):
        _rate(InitiativeFactory(process=process), facilitator, {"sick_leave": 2})
    few = measure()
    for _ in range(27):
        _rate(InitiativeFactory(process=process), facilitator, {"sick_leave": 3},
              users={"sick_leave": 4})  # fmt: skip
    assert measure() == few


def test_the_ratings_section_renders_as_a_table_for_other_pages(process, facilitator):
    from django.template.loader import render_to_string

    from evaluation.services import ratings_section

    _rate(InitiativeFactory(process=process), facilitator, {"sick_leave": 4})
    section = ratings_section(Initiative.objects.filter(process=process))
    html = render_to_string(section["template"], section)
    assert "Sick leave" in html and "0 / 0 / 0 / 1" in html
