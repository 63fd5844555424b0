"""Live seminar mode from the participants' side: joining by code lands in one's own group,
one short form adds a value or an idea, and the facilitator's controls show on the board."""

import re

import pytest
from django.urls import reverse

from debate.models import Idea, Value
from debate.services import rounds as round_services
from live import services as live_services
from live.models import JOIN_CODE_ALPHABET, SeminarLiveState
from tests.factories import AgendaItemFactory, SeminarFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def seminar(process):
    return SeminarFactory(process=process, title="Midtvejsseminar")


@pytest.fixture
def state(seminar):
    return live_services.live_state_for(seminar)


def test_a_seminar_gets_a_short_unambiguous_join_code(state):
    assert re.fullmatch(f"[{JOIN_CODE_ALPHABET}]{{6}}", state.join_code)
    assert not set("01IOL") & set(state.join_code)


def test_the_board_shows_the_join_code_its_link_and_a_qr_code(as_user, member, process, seminar):
    response = as_user(member).get(reverse("live:board", args=[process.pk, seminar.pk]))
    state = SeminarLiveState.objects.get(seminar=seminar)
    html = response.content.decode()
    assert state.join_code in html
    assert f"/j/{state.join_code}/" in html
    assert 'class="qh-qr"' in html and "<svg" in html
    assert "style=" not in html  # the CSP forbids inline styles


@pytest.mark.parametrize("role", ["member", "group_lead", "external"])
def test_joining_by_the_qr_link_lands_in_ones_own_group(
    as_user, people, process, seminar, state, group, role
):
    response = as_user(people[role]).get(f"/j/{state.join_code}/")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "live:live_group", args=[process.pk, seminar.pk, group.pk]
    )


def test_joining_by_the_typed_code_lands_in_the_neighbours_group(
    as_user, neighbour, process, seminar, state, other_group
):
    typed = f" {state.join_code[:3].lower()}-{state.join_code[3:]} "
    response = as_user(neighbour).get(reverse("live:join"), {"code": typed})
    assert response["Location"] == reverse(
        "live:live_group", args=[process.pk, seminar.pk, other_group.pk]
    )


def test_people_outside_the_groups_join_the_board(as_user, facilitator, process, seminar, state):
    response = as_user(facilitator).get(f"/j/{state.join_code}/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("live:board", args=[process.pk, seminar.pk])
    assert "You are not in a group" in response.content.decode()


def test_an_unknown_code_says_so_in_the_form(as_user, member, state):
    response = as_user(member).get(reverse("live:join"), {"code": "ZZZZZZ"})
    assert response.status_code == 404
    assert "No seminar of yours has this code" in response.content.decode()


def test_a_code_of_another_organisation_reads_as_unknown(as_user, outsider, state):
    response = as_user(outsider).get(f"/j/{state.join_code}/")
    assert response.status_code == 404
    assert "No seminar of yours has this code" in response.content.decode()


def test_a_malformed_code_is_explained(as_user, member):
    response = as_user(member).get(reverse("live:join"), {"code": "O0"})
    assert response.status_code == 200
    assert "six letters and digits" in response.content.decode()


def test_the_join_form_is_empty_at_first(as_user, member):
    response = as_user(member).get(reverse("live:join"))
    assert response.status_code == 200
    assert "There is a problem" not in response.content.decode()


def test_a_new_join_code_retires_the_old_one(as_user, facilitator, member, process, seminar, state):
    old = state.join_code
    url = reverse("live:seminar_control", args=[process.pk, seminar.pk])
    as_user(facilitator).post(url, {"action": "code"})
    state.refresh_from_db()
    assert state.join_code != old
    assert as_user(member).get(f"/j/{old}/").status_code == 404


def live_url(process, seminar, group):
    return reverse("live:live_group", args=[process.pk, seminar.pk, group.pk])


def test_a_member_adds_a_value_from_the_phone_form(as_user, member, process, seminar, group):
    url = live_url(process, seminar, group)
    response = as_user(member).post(
        url, {"kind": "value", "title": "Tillid", "text": "Vi stoler på hinanden."}, **HTMX
    )
    assert response.status_code == 200
    assert "Saved: “Tillid”" in response.content.decode()
    value = Value.objects.get(name="Tillid")
    assert (value.group, value.author, value.meaning) == (group, member, "Vi stoler på hinanden.")


def test_a_member_adds_an_idea_built_on_a_value(as_user, member, process, seminar, group, values):
    url = live_url(process, seminar, group)
    as_user(member).post(
        url, {"kind": "idea", "title": "Brugerråd", "text": "Et råd", "values": [values[0].pk]}
    )
    idea = Idea.objects.get(title="Brugerråd")
    assert list(idea.values.all()) == [values[0]]
    assert idea.seminar == seminar  # lineage: the seminar it came from
    assert idea.status == Idea.Status.PROPOSED


def test_an_idea_without_a_value_is_refused_and_the_text_kept(
    as_user, member, process, seminar, group, values
):
    url = live_url(process, seminar, group)
    response = as_user(member).post(
        url, {"kind": "idea", "title": "Brugerråd", "text": "Mit lange forslag"}, **HTMX
    )
    html = response.content.decode()
    assert "Choose at least one value the idea builds on." in html
    assert 'value="Brugerråd"' in html
    assert "Mit lange forslag" in html
    assert not Idea.objects.exists()


def test_without_javascript_a_saved_entry_redirects_back(as_user, member, process, seminar, group):
    url = live_url(process, seminar, group)
    response = as_user(member).post(url, {"kind": "value", "title": "Tillid", "text": "x"})
    assert response.status_code == 302
    assert response["Location"] == url


def test_readers_see_no_form(as_user, external, leader, process, seminar, group):
    url = live_url(process, seminar, group)
    for reader in (external, leader):
        assert "Add a value or an idea" not in as_user(reader).get(url).content.decode()


def test_the_failed_submit_message_is_ready_for_the_script(
    as_user, member, process, seminar, group
):
    html = as_user(member).get(live_url(process, seminar, group)).content.decode()
    assert "Not saved — your text is kept, try again." in html
    assert "live/live.js" in html


def test_running_an_agenda_item_starts_its_timer_and_shows_on_the_board(
    as_user, facilitator, member, process, seminar, state
):
    item = AgendaItemFactory(seminar=seminar, title="Gruppearbejde", duration_minutes=45)
    control = reverse("live:seminar_control", args=[process.pk, seminar.pk])
    as_user(facilitator).post(control, {"action": "run", "item": item.pk})
    state.refresh_from_db()
    assert state.current_item == item and state.timer_minutes == 45
    html = as_user(member).get(reverse("live:board", args=[process.pk, seminar.pk])).content
    html = html.decode()
    assert "Gruppearbejde" in html
    assert "45 min" in html
    assert 'data-remaining="' in html


def test_an_agenda_item_of_another_seminar_cannot_be_run(as_user, facilitator, process, seminar):
    other = AgendaItemFactory(seminar=SeminarFactory(process=process))
    control = reverse("live:seminar_control", args=[process.pk, seminar.pk])
    response = as_user(facilitator).post(control, {"action": "run", "item": other.pk})
    assert response.status_code == 200
    assert "Choose an agenda item of this seminar." in response.content.decode()
    assert live_services.live_state_for(seminar).current_item is None


def test_the_facilitator_starts_and_stops_a_timer(as_user, facilitator, process, seminar, state):
    client = as_user(facilitator)
    control = reverse("live:seminar_control", args=[process.pk, seminar.pk])
    client.post(control, {"action": "timer", "minutes": "10"})
    state.refresh_from_db()
    assert state.timer_minutes == 10 and state.timer_remaining_seconds() > 590
    client.post(control, {"action": "stop"})
    state.refresh_from_db()
    assert state.timer_started_at is None


def test_a_timer_out_of_range_is_explained(as_user, facilitator, process, seminar, state):
    control = reverse("live:seminar_control", args=[process.pk, seminar.pk])
    response = as_user(facilitator).post(control, {"action": "timer", "minutes": "0"})
    assert "There is a problem" in response.content.decode()
    state.refresh_from_db()
    assert state.timer_started_at is None


def test_an_open_round_shows_only_the_number_of_voters(
    as_user, member, group_lead, facilitator, process, seminar, group, values
):
    round = round_services.open_round(
        actor=facilitator, process=process, group=group, title="Første runde", dots_per_person=3
    )
    for voter in (member, group_lead):
        candidate = round.candidates.get(value=values[1])
        round_services.place_dot(actor=voter, round=round, candidate=candidate)
    board = as_user(member).get(reverse("live:board", args=[process.pk, seminar.pk]))
    html = board.content.decode()
    assert "2 people have voted" in html
    assert "Respekt" not in html.split("Første runde")[1].split("</li>")[0]
    round_services.close_round(actor=facilitator, round=round)
    html = as_user(member).get(reverse("live:board", args=[process.pk, seminar.pk])).content
    assert "Respekt" in html.decode() and "2 dots" in html.decode()


def test_an_open_rounds_status_reads_as_an_adjective_not_the_button_verb(
    as_user, member, facilitator, process, seminar, group, values
):
    # "Open" the status and "Open" the button once shared a msgid: Danish showed "Åbn".
    round_services.open_round(
        actor=facilitator, process=process, group=group, title="Første runde", dots_per_person=3
    )
    board = reverse("live:board", args=[process.pk, seminar.pk])
    html = as_user(member).get(board, HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert '<html lang="da">' in html
    tag = re.search(r'<span class="tag tag--success">([^<]*)</span>', html)
    assert tag and tag.group(1) != "Åbn"
