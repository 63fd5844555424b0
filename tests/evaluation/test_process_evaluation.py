"""The process evaluation's rules, through HTTP: the questionnaire in the request's language,
one anonymous answer per person, values in range, results only from five answers (for the
questionnaire and for each question), reminders once a day to those who have not answered."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.models import (
    Answer,
    EvaluationReminder,
    ProcessEvaluation,
    Question,
    Respondent,
    Response,
)
from evaluation.services import answers as answer_services
from evaluation.services import questionnaire
from evaluation.services.reminders import deliver
from processes.models import Process
from tests.factories import MembershipFactory


def url(name, process, *args):
    return reverse(f"evaluation:{name}", args=[process.pk, *args])


def answer_all(evaluation, people, *, scale="4", text=None):
    """Every one of `people` answers every question (scale `scale`, yes, a text)."""
    for n, person in enumerate(people):
        data = {}
        for q in evaluation.questions.all():
            key = answer_services.field_name(q)
            if q.kind == Question.Kind.SCALE:
                data[key] = scale
            elif q.kind == Question.Kind.YES_NO:
                data[key] = "yes"
            else:
                data[key] = text or f"Svar nummer {n}"
        answer_services.submit_answers(actor=person, evaluation=evaluation, answers=data)


# -- Preparing the questionnaire --------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", "Gav værdidebatten dig ny indsigt i vores værdier og vores praksis?"),
        ("nb", "Ga verdidebatten deg ny innsikt i våre verdier og vår praksis?"),
        ("en", "Did the value debate give you new insight into our values and practice?"),
    ],
)
def test_the_default_questions_are_written_in_the_facilitators_language(
    client, facilitator, process, participants, language, expected
):
    client.force_login(facilitator.user)
    response = client.post(url("prepare", process), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302
    evaluation = ProcessEvaluation.objects.get(process=process)
    assert evaluation.questions.first().text == expected
    kinds = set(evaluation.questions.values_list("kind", flat=True))
    assert kinds == {"scale", "yes_no", "text"}
    assert evaluation.anonymous
    assert evaluation.status == ProcessEvaluation.Status.DRAFT


def test_preparing_twice_keeps_one_set_of_questions(as_user, facilitator, process, participants):
    client = as_user(facilitator)
    client.post(url("prepare", process))
    count = Question.objects.filter(evaluation__process=process).count()
    client.post(url("prepare", process))
    assert Question.objects.filter(evaluation__process=process).count() == count == 11


def test_the_facilitator_adds_edits_moves_and_removes_questions(
    as_user, facilitator, process, evaluation
):
    client = as_user(facilitator)
    client.post(
        url("questions", process), {"new-text": "Var forløbet for langt?", "new-kind": "yes_no"}
    )
    added = evaluation.questions.get(text="Var forløbet for langt?")
    assert added.position == evaluation.questions.count() - 1
    client.post(url("question_move", process, added.pk), {"direction": "up"})
    ordered = list(evaluation.questions.order_by("position").values_list("pk", flat=True))
    assert ordered[-2] == added.pk
    client.post(url("question_edit", process, added.pk), {"text": "Ny ordlyd", "kind": "text"})
    added.refresh_from_db()
    assert (added.text, added.kind) == ("Ny ordlyd", "text")
    client.post(url("question_delete", process, added.pk))
    assert not evaluation.questions.filter(pk=added.pk).exists()


def test_an_empty_question_is_refused_in_the_form(as_user, facilitator, process, evaluation):
    count = evaluation.questions.count()
    response = as_user(facilitator).post(
        url("questions", process), {"new-text": "  ", "new-kind": "scale"}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert evaluation.questions.count() == count


def test_questions_cannot_change_once_someone_has_answered(
    as_user, facilitator, member, process, open_evaluation
):
    answer_all(open_evaluation, [member])
    question = open_evaluation.questions.first()
    client = as_user(facilitator)
    page = client.get(url("questions", process)).content.decode()
    assert "Someone has already answered, so the questions can no longer be changed" in page
    response = client.post(
        url("question_edit", process, question.pk), {"text": "Ændret", "kind": "scale"}
    )
    assert response.status_code == 409
    question.refresh_from_db()
    assert question.text != "Ændret"
    client.post(url("question_delete", process, question.pk))
    assert Question.objects.filter(pk=question.pk).exists()


def test_opening_needs_a_question(as_user, facilitator, process, evaluation):
    evaluation.questions.all().delete()
    response = as_user(facilitator).post(url("open", process), follow=True)
    assert "Add at least one question before opening the evaluation." in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.status == ProcessEvaluation.Status.DRAFT


def test_the_facilitator_opens_closes_and_reopens(as_user, facilitator, process, evaluation):
    client = as_user(facilitator)
    client.post(url("open", process))
    evaluation.refresh_from_db()
    assert evaluation.status == "open" and evaluation.opened_at
    client.post(url("close", process))
    evaluation.refresh_from_db()
    assert evaluation.status == "closed" and evaluation.closed_at
    page = client.get(url("process", process)).content.decode()
    assert "Open it again" in page
    client.post(url("open", process))
    evaluation.refresh_from_db()
    assert evaluation.status == "open" and evaluation.closed_at is None


# -- Answering ------------------------------------------------------------------------------


def _form_data(evaluation, scale="5"):
    data = {}
    for q in evaluation.questions.all():
        key = answer_services.field_name(q)
        data[key] = {"scale": scale, "yes_no": "no", "text": "Mere tid i grupperne."}[q.kind]
    return data


def test_a_member_answers_once_and_the_second_answer_is_refused(
    as_user, member, process, open_evaluation
):
    client = as_user(member)
    page = client.get(url("answer", process)).content.decode()
    assert "Did the value debate give you new insight" in page
    response = client.post(url("answer", process), _form_data(open_evaluation))
    assert response.status_code == 302
    assert Respondent.objects.filter(evaluation=open_evaluation, membership=member).count() == 1
    answers_before = Answer.objects.count()

    second = client.post(url("answer", process), _form_data(open_evaluation, scale="1"))
    assert second.status_code == 409
    assert "You have already answered this evaluation" in second.content.decode()
    assert Answer.objects.count() == answers_before
    assert Response.objects.count() == 1
    assert not Answer.objects.filter(scale=1).exists()


def test_the_database_holds_one_answer_per_person(member, open_evaluation):
    Respondent.objects.create(
        evaluation=open_evaluation, membership=member, answered_on=datetime.date(2027, 6, 1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Respondent.objects.create(
            evaluation=open_evaluation, membership=member, answered_on=datetime.date(2027, 6, 2)
        )


def test_after_answering_the_page_says_so(as_user, member, process, open_evaluation):
    answer_all(open_evaluation, [member])
    page = as_user(member).get(url("process", process)).content.decode()
    assert "You have answered. Thank you." in page
    assert "Answer the evaluation" not in page


def test_a_scale_answer_outside_1_to_5_is_refused(as_user, member, process, open_evaluation):
    scale = open_evaluation.questions.filter(kind="scale").first()
    response = as_user(member).post(
        url("answer", process), {answer_services.field_name(scale): "6"}
    )
    assert response.status_code == 200
    assert "Choose a number from 1 to 5." in response.content.decode()
    assert not Respondent.objects.exists() and not Answer.objects.exists()


def test_the_service_refuses_an_out_of_range_value_too(member, open_evaluation):
    from django.core.exceptions import ValidationError

    scale = open_evaluation.questions.filter(kind="scale").first()
    with pytest.raises(ValidationError) as refused:
        answer_services.submit_answers(
            actor=member,
            evaluation=open_evaluation,
            answers={answer_services.field_name(scale): 0},
        )
    assert "Choose a number from 1 to 5." in str(refused.value)
    assert not Respondent.objects.exists()


def test_an_empty_answer_is_refused(as_user, member, process, open_evaluation):
    response = as_user(member).post(url("answer", process), {})
    assert "Answer at least one question." in response.content.decode()
    assert not Respondent.objects.exists()


def test_someone_who_took_no_part_cannot_answer(as_user, bystander, process, open_evaluation):
    response = as_user(bystander).post(url("answer", process), _form_data(open_evaluation))
    assert response.status_code == 403
    page = as_user(bystander).get(url("process", process)).content.decode()
    assert "The people who took part in the process answer the evaluation." in page
    assert not Respondent.objects.exists()


def test_a_group_member_who_is_not_listed_as_participant_answers(
    as_user, organisation, process, open_evaluation
):
    from tests.factories import GroupFactory, GroupMembershipFactory

    seat = GroupMembershipFactory(group=GroupFactory(process=process))
    response = as_user(seat.membership).post(url("answer", process), _form_data(open_evaluation))
    assert response.status_code == 302


def test_answers_are_refused_when_the_evaluation_is_closed(
    as_user, facilitator, member, process, open_evaluation
):
    questionnaire.close_evaluation(actor=facilitator, evaluation=open_evaluation)
    response = as_user(member).post(url("answer", process), _form_data(open_evaluation))
    assert response.status_code == 409
    assert "The evaluation is not open for answers." in response.content.decode()
    assert not Respondent.objects.exists()


# -- Anonymity ------------------------------------------------------------------------------


def test_an_anonymous_answer_has_no_link_to_the_person(as_user, member, process, open_evaluation):
    as_user(member).post(url("answer", process), _form_data(open_evaluation))
    response = Response.objects.get()
    assert response.membership_id is None
    # No column of the answers' tables refers to a person or holds a time.
    for model in (Response, Answer):
        for field in model._meta.concrete_fields:
            related = getattr(field, "related_model", None)
            if related is not None and related._meta.label == "organisations.Membership":
                assert field.name == "membership" and model is Response
            assert field.get_internal_type() not in ("DateTimeField", "DateField", "TimeField")
    # Random keys: no sequence to line up with the has-answered rows.
    assert Response._meta.pk.get_internal_type() == "UUIDField"
    assert Answer._meta.pk.get_internal_type() == "UUIDField"
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM evaluation_response WHERE membership_id IS NOT NULL")
        assert cursor.fetchone()[0] == 0


def test_a_named_evaluation_shows_names_to_the_facilitator_only(
    as_user, facilitator, leader, process, evaluation, participants
):
    client = as_user(facilitator)
    client.post(url("settings", process), {"intro": "", "anonymous": ""})
    evaluation.refresh_from_db()
    assert not evaluation.anonymous
    questionnaire.open_evaluation(actor=facilitator, evaluation=evaluation)
    answer_all(evaluation, participants[:6], text="Godt forløb")
    assert Response.objects.filter(membership__isnull=False).count() == 6
    name = participants[3].display_name  # the member
    assert name in client.get(url("results", process)).content.decode()
    assert name not in as_user(leader).get(url("results", process)).content.decode()


def test_a_process_with_hidden_authors_keeps_its_evaluation_anonymous(
    as_user, facilitator, process, evaluation
):
    process.author_visibility = Process.AuthorVisibility.HIDDEN
    process.save(update_fields=["author_visibility"])
    client = as_user(facilitator)
    page = client.get(url("settings", process)).content.decode()
    assert "The process hides who wrote what, so its evaluation stays anonymous." in page
    client.post(url("settings", process), {"intro": "Hej", "anonymous": ""})
    evaluation.refresh_from_db()
    assert evaluation.anonymous
    assert evaluation.intro == "Hej"


def test_anonymity_cannot_be_turned_off_once_open(facilitator, open_evaluation):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        questionnaire.edit_settings(
            actor=facilitator, evaluation=open_evaluation, intro="", anonymous=False
        )
    open_evaluation.refresh_from_db()
    assert open_evaluation.anonymous


# -- Results ----------------------------------------------------------------------------------


def test_results_are_hidden_below_five_answers(
    as_user, facilitator, process, open_evaluation, participants
):
    answer_all(open_evaluation, participants[:4], text="Hemmelig kommentar")
    page = as_user(facilitator).get(url("results", process)).content.decode()
    assert "Not enough answers to show results yet" in page
    assert "1 more answer is needed." in page
    assert "Hemmelig kommentar" not in page
    assert 'role="img"' not in page


def test_results_show_from_five_answers_with_charts_tables_and_written_answers(
    as_user, facilitator, process, open_evaluation, participants
):
    answer_all(open_evaluation, participants[:5], text="Bedre mødetider")
    page = as_user(facilitator).get(url("results", process)).content.decode()
    assert "Not enough answers" not in page
    assert page.count('role="img"') == 8  # six scale and two yes/no questions
    assert "Average: 4.0 of 5." in page
    assert '<td class="qh-num">5</td><td class="qh-num">100 %</td>' in page
    assert page.count("Bedre mødetider") == 15  # three written questions, five answers each
    assert "5 written answers, in alphabetical order." in page


def test_a_question_fewer_than_five_answered_is_not_shown(
    as_user, facilitator, process, open_evaluation, participants
):
    text_question = open_evaluation.questions.filter(kind="text").first()
    scale = open_evaluation.questions.filter(kind="scale").first()
    for n, person in enumerate(participants[:6]):
        data = {answer_services.field_name(scale): "3"}
        if n < 2:
            data[answer_services.field_name(text_question)] = f"Kun to skrev {n}"
        answer_services.submit_answers(actor=person, evaluation=open_evaluation, answers=data)
    page = as_user(facilitator).get(url("results", process)).content.decode()
    assert "Kun to skrev" not in page
    assert "2 people answered this question: fewer than 5, so the answers are not shown." in page
    assert "Average: 3.0 of 5." in page


def test_written_answers_are_listed_alphabetically_not_in_the_order_given(
    as_user, facilitator, process, open_evaluation, participants
):
    text_question = open_evaluation.questions.filter(kind="text").first()
    for text, person in zip(["Øl", "Cafémøder", "Alt var godt", "Bedre tid", "Dialog"],
                            participants, strict=False):  # fmt: skip
        answer_services.submit_answers(
            actor=person,
            evaluation=open_evaluation,
            answers={answer_services.field_name(text_question): text},
        )
    page = as_user(facilitator).get(url("results", process)).content.decode()
    positions = [page.index(t) for t in ["Alt var godt", "Bedre tid", "Cafémøder", "Dialog"]]
    assert positions == sorted(positions)


def test_the_response_rate_is_shown_to_the_facilitator(
    as_user, facilitator, process, open_evaluation, participants
):
    answer_all(open_evaluation, participants[:3])
    page = as_user(facilitator).get(url("process", process)).content.decode()
    assert "of 11 participants have answered" in page
    assert "27 %" in page
    assert "Remind the 8 people who have not answered" in page


def test_the_results_page_runs_the_same_number_of_queries_for_5_and_40_answers(
    as_user, facilitator, organisation, process, open_evaluation, participants
):
    client = as_user(facilitator)
    answer_all(open_evaluation, participants[:5])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("results", process)).status_code == 200
    more = [MembershipFactory(organisation=organisation) for _ in range(35)]
    process.participants.add(*more)
    answer_all(open_evaluation, more)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url("results", process)).status_code == 200
    assert len(many) == len(few)


def test_the_process_page_shows_the_evaluation_panel(as_user, member, process, open_evaluation):
    page = as_user(member).get(reverse("processes:detail", args=[process.pk])).content.decode()
    assert "Process evaluation" in page
    assert "Open: give your answers" in page
    assert url("process", process) in page


# -- Reminders ------------------------------------------------------------------------------


def test_a_reminder_goes_to_each_person_who_has_not_answered(
    as_user, facilitator, process, open_evaluation, participants, django_capture_on_commit_callbacks
):
    answered = participants[:7]
    answer_all(open_evaluation, answered)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(facilitator).post(url("remind", process))
    assert response.status_code == 302
    recipients = sorted(m.to[0] for m in mail.outbox)
    expected = sorted(p.user.email for p in participants if p not in answered)
    assert recipients == expected
    assert all(len(m.to) == 1 for m in mail.outbox)
    assert url("answer", process) in mail.outbox[0].body
    reminder = EvaluationReminder.objects.get()
    assert reminder.recipient_count == 4 and reminder.sent_at is not None


def test_a_second_reminder_the_same_day_is_refused(
    as_user, facilitator, process, open_evaluation, django_capture_on_commit_callbacks
):
    client = as_user(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("remind", process))
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("remind", process), follow=True)
    assert "A reminder has already been sent today." in response.content.decode()
    assert len(mail.outbox) == sent
    assert EvaluationReminder.objects.count() == 1


def test_delivering_a_reminder_twice_sends_it_once(
    facilitator, open_evaluation, django_capture_on_commit_callbacks
):
    from evaluation.services.reminders import send_reminder

    with django_capture_on_commit_callbacks(execute=False):
        reminder = send_reminder(actor=facilitator, evaluation=open_evaluation)
    assert deliver(reminder.pk) == 11
    assert deliver(reminder.pk) == 0
    assert len(mail.outbox) == 11


def test_no_reminder_when_the_evaluation_is_not_open(as_user, facilitator, process, evaluation):
    response = as_user(facilitator).post(url("remind", process), follow=True)
    assert "The evaluation is not open, so there is no one to remind." in response.content.decode()
    assert not EvaluationReminder.objects.exists()
