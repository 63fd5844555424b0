"""Creating and editing a process, choosing participants, the process page, value streams."""

import datetime

import pytest
from django.urls import reverse

from processes.models import Phase, PhaseChange, Process, ValueStream
from tests.factories import MembershipFactory, SeminarFactory, ThemeFactory


@pytest.fixture(autouse=True)
def english(settings):
    """Assert on the English msgids, whatever languages are translated later."""
    settings.LANGUAGE_CODE = "en"


def process_data(**overrides):
    data = {
        "title": "Slip værdidebatten løs",
        "purpose": "Værdierne skal styre kvaliteten i værkstederne.",
        "start_date": "2027-02-01",
        "end_date": "2027-06-01",
        "min_initiatives_per_group": "3",
        "author_visibility": "named",
    }
    data.update(overrides)
    return data


def create_url(organisation):
    return reverse("processes:process_create", args=[organisation.slug])


# --- Create ----------------------------------------------------------------------------------


def test_the_create_form_offers_the_defaults(as_user, facilitator, organisation):
    html = as_user(facilitator).get(create_url(organisation)).content.decode()
    assert 'name="min_initiatives_per_group"' in html
    assert 'value="3"' in html
    assert 'min="1"' in html and 'max="20"' in html
    assert "Participants see who wrote what" in html


def test_creating_a_process_makes_every_member_a_participant(
    as_user, facilitator, leader, member, external, organisation, other_organisation
):
    stranger = MembershipFactory(organisation=other_organisation)
    response = as_user(facilitator).post(
        create_url(organisation), process_data(author_visibility="hidden")
    )
    process = Process.objects.get(title="Slip værdidebatten løs")
    assert response.status_code == 302
    assert response["Location"] == reverse("processes:detail", args=[process.pk])
    assert process.organisation == organisation
    assert process.phase == Phase.VALUE_DEBATE
    assert process.author_visibility == Process.AuthorVisibility.HIDDEN
    assert process.start_date == datetime.date(2027, 2, 1)
    assert process.created_by == facilitator.user
    assert set(process.participants.all()) == {facilitator, leader, member, external}
    assert stranger not in process.participants.all()


def test_it_rejects_an_end_before_the_start(as_user, facilitator, organisation):
    response = as_user(facilitator).post(
        create_url(organisation), process_data(start_date="2027-06-01", end_date="2027-05-31")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "The process must end on or after the day it starts." in html
    assert not Process.objects.exists()


def test_a_process_may_start_and_end_on_the_same_day(as_user, facilitator, organisation):
    response = as_user(facilitator).post(
        create_url(organisation), process_data(start_date="2027-06-01", end_date="2027-06-01")
    )
    assert response.status_code == 302


@pytest.mark.parametrize("value", ["0", "21", "-1", "three"])
def test_it_rejects_a_minimum_outside_1_to_20(as_user, facilitator, organisation, value):
    response = as_user(facilitator).post(
        create_url(organisation), process_data(min_initiatives_per_group=value)
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Process.objects.exists()


def test_it_requires_a_title_and_dates(as_user, facilitator, organisation):
    response = as_user(facilitator).post(
        create_url(organisation), process_data(title="  ", start_date="", end_date="")
    )
    html = response.content.decode()
    assert html.count("This field is required.") >= 3
    assert not Process.objects.exists()


def test_it_rejects_an_unknown_author_visibility(as_user, facilitator, organisation):
    response = as_user(facilitator).post(
        create_url(organisation), process_data(author_visibility="anonymous")
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Process.objects.exists()


# --- Edit ------------------------------------------------------------------------------------


def test_the_facilitator_edits_the_process(as_user, facilitator, process):
    url = reverse("processes:process_edit", args=[process.pk])
    response = as_user(facilitator).post(
        url, process_data(title="Nyt navn", min_initiatives_per_group="5")
    )
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.title == "Nyt navn"
    assert process.min_initiatives_per_group == 5


def test_a_rejected_edit_changes_nothing_and_keeps_the_old_heading(as_user, facilitator, process):
    old_title = process.title
    url = reverse("processes:process_edit", args=[process.pk])
    response = as_user(facilitator).post(
        url, process_data(title="Nyt navn", start_date="2027-06-02", end_date="2027-06-01")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Edit “{old_title}”" in html
    process.refresh_from_db()
    assert process.title == old_title


def test_editing_does_not_change_the_phase(as_user, facilitator, process):
    process.phase = Phase.CATALOGUE
    process.save()
    url = reverse("processes:process_edit", args=[process.pk])
    as_user(facilitator).post(url, {**process_data(), "phase": "value_debate"})
    process.refresh_from_db()
    assert process.phase == Phase.CATALOGUE


# --- Participants ----------------------------------------------------------------------------


def test_the_participants_page_lists_members_with_department_and_profession(
    as_user, facilitator, organisation, process
):
    MembershipFactory(
        organisation=organisation,
        department="Metalværkstedet",
        professional_background="Smed",
        user__first_name="Kurt",
        user__last_name="Hansen",
    )
    html = as_user(facilitator).get(reverse("processes:participants", args=[process.pk]))
    html = html.content.decode()
    assert "Kurt Hansen" in html
    assert "Metalværkstedet" in html
    assert "Smed" in html
    assert 'type="checkbox"' in html


def test_the_facilitator_chooses_who_takes_part(
    as_user, facilitator, leader, member, external, process
):
    process.participants.set([facilitator, leader, member, external])
    url = reverse("processes:participants", args=[process.pk])
    response = as_user(facilitator).post(url, {"participants": [facilitator.pk, member.pk]})
    assert response.status_code == 302
    assert set(process.participants.all()) == {facilitator, member}
    html = as_user(facilitator).get(url).content.decode()
    assert f'value="{member.pk}" id="id_participants_' in html
    # The unticked leader shows unticked, the ticked member ticked.
    assert html.count(" checked") == 2


def test_members_of_another_organisation_cannot_be_added(as_user, facilitator, outsider, process):
    url = reverse("processes:participants", args=[process.pk])
    response = as_user(facilitator).post(url, {"participants": [facilitator.pk, outsider.pk]})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert outsider not in process.participants.all()


def test_nobody_may_take_part(as_user, facilitator, process):
    process.participants.set([facilitator])
    url = reverse("processes:participants", args=[process.pk])
    assert as_user(facilitator).post(url, {}).status_code == 302
    assert not process.participants.exists()


# --- The process page ------------------------------------------------------------------------


def test_the_page_shows_title_purpose_and_localised_dates(as_user, member, process):
    html = as_user(member).get(reverse("processes:detail", args=[process.pk])).content.decode()
    assert process.title in html
    assert "At sætte værdierne i centrum" in html
    assert "Feb. 1, 2027 to June 1, 2027" in html


def test_the_dates_follow_the_language(client, member, process):
    client.force_login(member.user)
    client.cookies["django_language"] = "da"
    html = client.get(reverse("processes:detail", args=[process.pk])).content.decode()
    assert "1. februar 2027" in html


def test_the_hourglass_marks_done_and_current_phases(as_user, member, process):
    process.phase = Phase.CATALOGUE
    process.save()
    html = as_user(member).get(reverse("processes:detail", args=[process.pk])).content.decode()
    assert html.count('aria-current="step"') == 1
    current = html.index('aria-current="step"')
    assert html.index("Catalogue", current) < html.index("Implementation", current)
    assert 'aria-label="Phase 1 done"' in html
    assert 'aria-label="Phase 2 done"' in html
    assert "Phase 3 done" not in html
    assert "A broad, brainstorm-like debate" in html
    assert "The waist of the hourglass" in html
    assert "Widening out" in html


def test_the_page_shows_the_checklist_for_the_next_phase(as_user, member, process):
    html = as_user(member).get(reverse("processes:detail", args=[process.pk])).content.decode()
    assert "Ready for “Prioritisation”?" in html
    assert "Every theme has a group" in html
    assert "There are no themes yet." in html


def test_only_the_facilitator_sees_the_phase_buttons(as_user, facilitator, member, process):
    url = reverse("processes:detail", args=[process.pk])
    move_url = reverse("processes:phase_move", args=[process.pk])
    assert move_url in as_user(facilitator).get(url).content.decode()
    assert move_url not in as_user(member).get(url).content.decode()


def test_the_page_links_to_the_parts_of_the_plan_with_counts(as_user, member, process):
    ThemeFactory(process=process)
    ThemeFactory(process=process)
    SeminarFactory(process=process)
    html = as_user(member).get(reverse("processes:detail", args=[process.pk])).content.decode()
    for name, args in [
        ("processes:theme_list", [process.pk]),
        ("processes:seminar_list", [process.pk]),
        ("processes:group_list", [process.pk]),
        ("debate:overview", [process.pk]),
        ("processes:value_streams", [process.pk]),
    ]:
        assert reverse(name, args=args) in html
    assert "2 themes" in html
    assert "1 seminar" in html
    assert "0 groups" in html


def test_the_history_highlights_overrides_with_their_reason(as_user, member, facilitator, process):
    PhaseChange.objects.create(
        process=process,
        from_phase=Phase.VALUE_DEBATE,
        to_phase=Phase.PRIORITISATION,
        actor=facilitator.user,
        override_reason="Gruppe B mødes først i næste uge.",
        unmet_requirements=["Every group has held at least one group meeting"],
    )
    html = as_user(member).get(reverse("processes:detail", args=[process.pk])).content.decode()
    assert "Moved on with unmet requirements" in html
    assert "Gruppe B mødes først i næste uge." in html
    assert "Every group has held at least one group meeting" in html
    assert "qh-history__item--override" in html


def test_the_override_reason_is_escaped(as_user, member, facilitator, process):
    PhaseChange.objects.create(
        process=process,
        from_phase=Phase.VALUE_DEBATE,
        to_phase=Phase.PRIORITISATION,
        actor=facilitator.user,
        override_reason="<script>alert(1)</script>",
    )
    html = as_user(member).get(reverse("processes:detail", args=[process.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


# --- Value streams ---------------------------------------------------------------------------


def test_the_value_streams_page_shows_the_seven_streams_and_their_themes(
    as_user, member, process, other_organisation
):
    theme = ThemeFactory(process=process, title="Brugerinddragelse")
    theme.value_streams.set(ValueStream.objects.filter(number__in=[5, 7]))
    elsewhere = ThemeFactory(title="Et andet forløbs tema")
    elsewhere.value_streams.set(ValueStream.objects.all())
    html = as_user(member).get(reverse("processes:value_streams", args=[process.pk]))
    html = html.content.decode()
    assert "The public sector&#x27;s contribution to society" in html
    assert "Administration and politicians" in html
    assert html.count("Brugerinddragelse") == 2
    assert "Et andet forløbs tema" not in html
    assert html.count("Not covered") == 5


def test_the_value_streams_page_speaks_danish(client, member, process):
    client.force_login(member.user)
    client.cookies["django_language"] = "da"
    html = client.get(reverse("processes:value_streams", args=[process.pk])).content.decode()
    assert "Den offentlige sektors bidrag til samfundet" in html
    assert "Fællesskabets bedste" in html
    assert "The public sector" not in html


def test_the_value_streams_page_names_themes_without_a_stream(as_user, member, process):
    ThemeFactory(process=process, title="Fremtidens dagtilbud")
    html = as_user(member).get(reverse("processes:value_streams", args=[process.pk]))
    assert "Themes without a value stream" in html.content.decode()


def test_the_value_streams_page_does_not_grow_in_queries(
    as_user, member, process, django_assert_max_num_queries
):
    client = as_user(member)
    url = reverse("processes:value_streams", args=[process.pk])
    for _ in range(6):
        ThemeFactory(process=process).value_streams.set(ValueStream.objects.all()[:3])
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
