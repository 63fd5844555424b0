"""Forms check the model's constraints and show a broken one next to the field it is about,
in words a person understands (the rule itself lives once, in the model and the database)."""

import re

import pytest
from django.urls import reverse

from processes.forms.process import ProcessForm
from processes.forms.seminars import SeminarForm
from processes.models import Process, Seminar

pytestmark = pytest.mark.django_db

SEMINAR = {
    "kind": "midway",
    "title": "",
    "date": "2027-03-15",
    "start_time": "09:00",
    "end_time": "15:30",
    "place": "Kantinen",
}
PROCESS = {
    "title": "Slip værdidebatten løs",
    "purpose": "Værdierne skal styre kvaliteten.",
    "start_date": "2027-02-01",
    "end_date": "2027-06-01",
    "min_initiatives_per_group": "3",
    "author_visibility": "named",
}


def field_error(html: str, field_id: str) -> str:
    """The error text DKFDS shows inside the field's form group."""
    match = re.search(rf'id="{field_id}-error"[^>]*>.*?</span>([^<]*)</span>', html, re.S)
    return match.group(1) if match else ""


def test_a_seminar_that_ends_when_it_starts_is_refused_next_to_its_end(
    as_user, facilitator, process
):
    response = as_user(facilitator).post(
        reverse("processes:seminar_create", args=[process.pk]),
        SEMINAR | {"start_time": "10:00", "end_time": "10:00"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("The seminar must end after it starts.") == 2  # summary and field
    assert "The seminar must end after it starts." in field_error(html, "id_end_time")
    assert "Constraint" not in html
    assert not process.seminars.exists()


def test_a_process_that_ends_before_it_starts_is_refused_next_to_its_end(
    as_user, facilitator, organisation
):
    response = as_user(facilitator).post(
        reverse("processes:process_create", args=[organisation.slug]),
        PROCESS | {"start_date": "2027-06-01", "end_date": "2027-05-31"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The process must end on or after the day it starts." in field_error(html, "id_end_date")
    assert "Constraint" not in html
    assert not Process.objects.exists()


def test_the_forms_check_the_model_constraints(process):
    """The rule is the model's constraint: the forms have no check of their own."""
    form = SeminarForm(
        SEMINAR | {"start_time": "15:00", "end_time": "09:00"}, instance=Seminar(process=process)
    )
    assert not form.is_valid()
    assert form.errors == {"end_time": ["The seminar must end after it starts."]}
    assert form.errors.as_data()["end_time"][0].code == "seminar_ends_after_it_starts"

    form = ProcessForm(PROCESS | {"start_date": "2027-06-02", "end_date": "2027-06-01"})
    assert not form.is_valid()
    assert form.errors.as_data()["end_date"][0].code == "process_ends_after_it_starts"


def test_a_constraint_without_its_own_words_is_shown_above_the_form(process):
    class PlainSeminarForm(SeminarForm):
        constraint_errors = {}

    form = PlainSeminarForm(
        SEMINAR | {"start_time": "15:00", "end_time": "09:00"}, instance=Seminar(process=process)
    )
    assert not form.is_valid()
    assert form.non_field_errors() == ["Constraint “seminar_ends_after_it_starts” is violated."]
    assert "end_time" not in form.errors


def test_a_field_with_its_own_error_is_not_checked_against_the_constraint(process):
    form = SeminarForm(SEMINAR | {"end_time": "25:99"}, instance=Seminar(process=process))
    assert not form.is_valid()
    assert list(form.errors) == ["end_time"]
    assert "Enter a valid time." in form.errors["end_time"]
