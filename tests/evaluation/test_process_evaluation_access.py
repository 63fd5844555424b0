"""Who may do what with a process evaluation, for every URL and every role.

The facilitator prepares, edits, opens, closes and reminds; the people who took part answer
(a member of the organisation who did not take part may not); the facilitator and the leader
see the results while it is open. Another organisation's facilitator gets 404 everywhere, and
a wrong method gets 405.
"""

import pytest
from django.urls import reverse

EVERYONE = {"facilitator", "leader", "group_lead", "member", "external", "bystander"}
FACILITATOR = {"facilitator"}
PARTICIPANTS = {"facilitator", "leader", "group_lead", "member", "external"}
RESULT_READERS = {"facilitator", "leader"}


@pytest.fixture
def world(process, open_evaluation):
    question = open_evaluation.questions.first()
    return {"p": process.pk, "q": question.pk, "question": question}


def _answer(w):
    return {f"q{w['q']}": "4"}


# (url name, method, url args, POST data, who may, status on success)
CASES = [
    ("process", "get", lambda w: [w["p"]], None, EVERYONE, 200),
    ("prepare", "post", lambda w: [w["p"]], lambda w: {}, FACILITATOR, 302),
    ("settings", "get", lambda w: [w["p"]], None, FACILITATOR, 200),
    (
        "settings",
        "post",
        lambda w: [w["p"]],
        lambda w: {"intro": "Tak!", "anonymous": "on"},
        FACILITATOR,
        302,
    ),
    ("questions", "get", lambda w: [w["p"]], None, FACILITATOR, 200),
    (
        "questions",
        "post",
        lambda w: [w["p"]],
        lambda w: {"new-text": "Var det for lang tid?", "new-kind": "yes_no"},
        FACILITATOR,
        302,
    ),
    ("question_edit", "get", lambda w: [w["p"], w["q"]], None, FACILITATOR, 200),
    (
        "question_edit",
        "post",
        lambda w: [w["p"], w["q"]],
        lambda w: {"text": "Ny tekst", "kind": "scale"},
        FACILITATOR,
        302,
    ),
    (
        "question_move",
        "post",
        lambda w: [w["p"], w["q"]],
        lambda w: {"direction": "down"},
        FACILITATOR,
        302,
    ),  # fmt: skip
    ("question_delete", "post", lambda w: [w["p"], w["q"]], lambda w: {}, FACILITATOR, 302),
    ("close", "post", lambda w: [w["p"]], lambda w: {}, FACILITATOR, 302),
    ("open", "post", lambda w: [w["p"]], lambda w: {}, FACILITATOR, 302),
    ("remind", "post", lambda w: [w["p"]], lambda w: {}, FACILITATOR, 302),
    ("answer", "get", lambda w: [w["p"]], None, PARTICIPANTS, 200),
    ("answer", "post", lambda w: [w["p"]], _answer, PARTICIPANTS, 302),
    ("results", "get", lambda w: [w["p"]], None, RESULT_READERS, 200),
]
IDS = [f"{c[0]}-{c[1]}" for c in CASES]


def _request(client, method, url, data):
    return client.get(url) if method == "get" else client.post(url, data)


@pytest.mark.parametrize("role", sorted(EVERYONE))
@pytest.mark.parametrize(("name", "method", "args", "data", "allowed", "ok"), CASES, ids=IDS)
def test_each_role_gets_what_its_role_allows(
    as_user, people, world, role, name, method, args, data, allowed, ok
):
    client = as_user(people[role])
    url = reverse(f"evaluation:{name}", args=args(world))
    response = _request(client, method, url, data(world) if data else None)
    assert response.status_code == (ok if role in allowed else 403)


@pytest.mark.parametrize(("name", "method", "args", "data", "allowed", "ok"), CASES, ids=IDS)
def test_another_organisation_gets_not_found(
    as_user, outsider, world, name, method, args, data, allowed, ok
):
    client = as_user(outsider)
    url = reverse(f"evaluation:{name}", args=args(world))
    response = _request(client, method, url, data(world) if data else None)
    assert response.status_code == 404


WRONG_METHODS = [
    ("process", "post", lambda w: [w["p"]]),
    ("prepare", "get", lambda w: [w["p"]]),
    ("settings", "put", lambda w: [w["p"]]),
    ("questions", "delete", lambda w: [w["p"]]),
    ("question_edit", "put", lambda w: [w["p"], w["q"]]),
    ("question_move", "get", lambda w: [w["p"], w["q"]]),
    ("question_delete", "get", lambda w: [w["p"], w["q"]]),
    ("open", "get", lambda w: [w["p"]]),
    ("close", "get", lambda w: [w["p"]]),
    ("remind", "get", lambda w: [w["p"]]),
    ("answer", "put", lambda w: [w["p"]]),
    ("results", "post", lambda w: [w["p"]]),
]


@pytest.mark.parametrize(
    ("name", "method", "args"), WRONG_METHODS, ids=[c[0] for c in WRONG_METHODS]
)
def test_a_wrong_method_is_not_allowed(as_user, facilitator, world, name, method, args):
    response = getattr(as_user(facilitator), method)(
        reverse(f"evaluation:{name}", args=args(world))
    )
    assert response.status_code == 405


def test_a_question_of_another_process_is_not_found(as_user, facilitator, world, organisation):
    from evaluation.services.questionnaire import prepare_evaluation
    from tests.factories import ProcessFactory

    elsewhere = ProcessFactory(organisation=organisation)
    prepare_evaluation(actor=facilitator, process=elsewhere, language="en")
    response = as_user(facilitator).get(
        reverse("evaluation:question_edit", args=[elsewhere.pk, world["q"]])
    )
    assert response.status_code == 404


def test_everyone_reads_the_results_once_the_evaluation_is_closed(
    as_user, people, world, open_evaluation, facilitator
):
    from evaluation.services.questionnaire import close_evaluation

    close_evaluation(actor=facilitator, evaluation=open_evaluation)
    url = reverse("evaluation:results", args=[world["p"]])
    for role in ("member", "external", "bystander", "group_lead"):
        assert as_user(people[role]).get(url).status_code == 200, role
