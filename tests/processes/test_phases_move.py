"""Moving a process through the hourglass: refused without a reason while requirements are
unmet, recorded as an override with one, a normal move when all is met, and moving back."""

import pytest
from django.urls import reverse

from processes.models import Phase, PhaseChange
from processes.services.phases import PhaseMoveRefused, move_phase
from tests.processes.test_phases_readiness import make_ready


@pytest.fixture(autouse=True)
def english(settings):
    """Assert on the English msgids, whatever languages are translated later."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def move_url(process):
    return reverse("processes:phase_move", args=[process.pk])


# --- The service ----------------------------------------------------------------------------


def test_moving_on_with_unmet_requirements_and_no_reason_is_refused(process, facilitator):
    with pytest.raises(PhaseMoveRefused) as refused:
        move_phase(actor=facilitator, process=process, override_reason="   ")
    assert "Every theme has a group" in [check.label for check in refused.value.unmet]
    process.refresh_from_db()
    assert process.phase == Phase.VALUE_DEBATE
    assert not PhaseChange.objects.exists()


def test_a_reason_moves_on_and_records_the_override(process, facilitator):
    change = move_phase(actor=facilitator, process=process, override_reason=" Kick-off er aflyst. ")
    process.refresh_from_db()
    assert process.phase == Phase.PRIORITISATION
    assert change.from_phase == Phase.VALUE_DEBATE
    assert change.to_phase == Phase.PRIORITISATION
    assert change.actor == facilitator.user
    assert change.override_reason == "Kick-off er aflyst."
    assert "Every theme has a group" in change.unmet_requirements
    assert "The kick-off seminar is planned with an agenda" in change.unmet_requirements


def test_with_every_requirement_met_it_moves_without_a_reason(process, facilitator):
    make_ready(process, facilitator, until=Phase.PRIORITISATION)
    change = move_phase(actor=facilitator, process=process, override_reason="Ikke nødvendig")
    process.refresh_from_db()
    assert process.phase == Phase.PRIORITISATION
    assert not change.was_override
    assert change.unmet_requirements == []


def test_it_moves_back_one_phase_and_records_it(process, facilitator):
    process.phase = Phase.CATALOGUE
    process.save()
    change = move_phase(actor=facilitator, process=process, direction="back")
    process.refresh_from_db()
    assert process.phase == Phase.PRIORITISATION
    assert (change.from_phase, change.to_phase) == (Phase.CATALOGUE, Phase.PRIORITISATION)


def test_there_is_no_phase_before_the_first_or_after_the_last(process, facilitator):
    with pytest.raises(PhaseMoveRefused):
        move_phase(actor=facilitator, process=process, direction="back")
    process.phase = Phase.IMPLEMENTATION
    process.save()
    with pytest.raises(PhaseMoveRefused):
        move_phase(actor=facilitator, process=process, override_reason="Videre")
    assert not PhaseChange.objects.exists()


def test_a_move_from_an_out_of_date_page_is_refused(process, facilitator):
    move_phase(actor=facilitator, process=process, override_reason="Videre")
    with pytest.raises(PhaseMoveRefused, match="changed in the meantime"):
        move_phase(
            actor=facilitator,
            process=process,
            override_reason="Videre",
            expected_phase=Phase.VALUE_DEBATE,
        )
    process.refresh_from_db()
    assert process.phase == Phase.PRIORITISATION


# --- Through the browser --------------------------------------------------------------------


def test_the_page_refuses_without_a_reason_and_lists_what_is_unmet(as_user, facilitator, process):
    response = as_user(facilitator).post(
        move_url(process), {"direction": "next", "from_phase": "value_debate"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The phase was not changed" in html
    assert "The process is not ready for “Prioritisation”." in html
    assert "Every theme has a group — There are no themes yet." in html
    assert "Give a reason for going on while requirements are not met." in html
    assert 'aria-invalid="true"' in html
    process.refresh_from_db()
    assert process.phase == Phase.VALUE_DEBATE


def test_the_page_moves_on_with_a_reason_and_shows_it_in_the_history(as_user, facilitator, process):
    client = as_user(facilitator)
    response = client.post(
        move_url(process),
        {"direction": "next", "from_phase": "value_debate", "override_reason": "Vi er klar."},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("processes:detail", args=[process.pk]) + "#phase"
    html = client.get(response["Location"]).content.decode()
    assert "although requirements are not met" in html
    assert "Vi er klar." in html
    assert "Moved on with unmet requirements" in html
    process.refresh_from_db()
    assert process.phase == Phase.PRIORITISATION


def test_a_ready_process_moves_on_with_one_click(as_user, facilitator, process):
    make_ready(process, facilitator, until=Phase.PRIORITISATION)
    client = as_user(facilitator)
    html = client.get(reverse("processes:detail", args=[process.pk])).content.decode()
    assert "Every requirement is met." in html
    assert "Move on to “Prioritisation”</button>" in html
    assert 'name="override_reason"' not in html
    response = client.post(move_url(process), {"direction": "next", "from_phase": "value_debate"})
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.phase == Phase.PRIORITISATION


def test_htmx_swaps_the_phase_panel_with_focus_on_the_result(as_user, facilitator, process):
    response = as_user(facilitator).post(
        move_url(process),
        {"direction": "next", "from_phase": "value_debate", "override_reason": "Videre"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="phase"')
    assert "data-autofocus" in html
    assert "The process moved on to “Prioritisation” although requirements are not met." in html
    # The history below the panel is brought up to date in the same response.
    assert 'id="phase-history"' in html and 'hx-swap-oob="true"' in html
    assert "Videre" in html


def test_htmx_refusal_shows_the_error_in_the_panel(as_user, facilitator, process):
    response = as_user(facilitator).post(
        move_url(process),
        {"direction": "next", "from_phase": "value_debate"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "data-error-summary" in html
    assert "Every theme has a group" in html


def test_the_page_moves_back(as_user, facilitator, process):
    process.phase = Phase.CATALOGUE
    process.save()
    client = as_user(facilitator)
    html = client.get(reverse("processes:detail", args=[process.pk])).content.decode()
    assert "Move back to “Prioritisation”" in html
    response = client.post(move_url(process), {"direction": "back", "from_phase": "catalogue"})
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.phase == Phase.PRIORITISATION
    change = PhaseChange.objects.get()
    assert not change.was_override


def test_an_unknown_direction_is_a_bad_request(as_user, facilitator, process):
    response = as_user(facilitator).post(move_url(process), {"direction": "sideways"})
    assert response.status_code == 400
    process.refresh_from_db()
    assert process.phase == Phase.VALUE_DEBATE


def test_a_double_click_moves_one_phase_only(as_user, facilitator, process):
    client = as_user(facilitator)
    data = {"direction": "next", "from_phase": "value_debate", "override_reason": "Videre"}
    client.post(move_url(process), data)
    response = client.post(move_url(process), data)
    assert "changed in the meantime" in response.content.decode()
    process.refresh_from_db()
    assert process.phase == Phase.PRIORITISATION
    assert PhaseChange.objects.count() == 1


def test_the_last_phase_offers_no_next_move(as_user, facilitator, process):
    process.phase = Phase.IMPLEMENTATION
    process.save()
    html = as_user(facilitator).get(reverse("processes:detail", args=[process.pk]))
    html = html.content.decode()
    assert "The process is in its last phase" in html
    assert "Move on to" not in html
