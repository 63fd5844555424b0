"""The phase gate of the catalogue: the method places the catalogue at the waist of the
hourglass, so an edition is started in the catalogue phase or later, or before it with a
reason that is recorded on the edition."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from catalog.models import Edition
from catalog.services import workflow
from processes.models import Phase, Process

pytestmark = pytest.mark.django_db

REASON = "Ledelsen vil se formen, før grupperne er færdige."


def in_phase(process, phase):
    Process.objects.filter(pk=process.pk).update(phase=phase)
    process.phase = phase
    return process


def start_url(process):
    return reverse("catalog:start", args=[process.pk])


def test_before_the_catalogue_phase_the_page_asks_for_a_reason(as_user, process, facilitator):
    in_phase(process, Phase.VALUE_DEBATE)
    page = as_user(facilitator).get(reverse("catalog:catalogue", args=[process.pk]))
    assert "The process is in “Value debate”" in page.text
    assert "Reason for starting before the catalogue phase" in page.text
    assert "Start the catalogue anyway" in page.text


def test_in_the_catalogue_phase_no_reason_is_asked(as_user, process, facilitator):
    in_phase(process, Phase.CATALOGUE)
    page = as_user(facilitator).get(reverse("catalog:catalogue", args=[process.pk]))
    assert "Start the catalogue" in page.text
    assert "Reason for starting before the catalogue phase" not in page.text
    assert "anyway" not in page.text


@pytest.mark.parametrize("phase", [Phase.VALUE_DEBATE, Phase.PRIORITISATION])
def test_starting_early_without_a_reason_is_refused(as_user, process, facilitator, phase):
    in_phase(process, phase)
    response = as_user(facilitator).post(start_url(process), {"override_reason": "  "})
    assert response.status_code == 400
    assert "Move the process on first, or give a reason for starting now." in response.text
    assert not Edition.objects.filter(process=process).exists()


def test_starting_early_with_a_reason_records_it_on_the_edition(as_user, process, facilitator):
    in_phase(process, Phase.PRIORITISATION)
    client = as_user(facilitator)
    response = client.post(start_url(process), {"override_reason": f"  {REASON}  "})
    edition = Edition.objects.get(process=process)
    assert response.status_code == 302
    assert (edition.started_in_phase, edition.early_start_reason) == (
        Phase.PRIORITISATION,
        REASON,
    )
    page = client.get(edition.get_absolute_url())
    assert "Started in “Prioritisation”, before the catalogue phase" in page.text
    assert REASON in page.text


@pytest.mark.parametrize("phase", [Phase.CATALOGUE, Phase.IMPLEMENTATION])
def test_from_the_catalogue_phase_on_an_edition_starts_without_a_reason(
    as_user, process, facilitator, phase
):
    in_phase(process, phase)
    response = as_user(facilitator).post(start_url(process), {"override_reason": "Ikke nødvendig"})
    assert response.status_code == 302
    edition = Edition.objects.get(process=process)
    # A reason where none is needed would read as an override: it is not kept.
    assert (edition.started_in_phase, edition.early_start_reason) == (phase, "")
    page = as_user(facilitator).get(edition.get_absolute_url())
    assert "before the catalogue phase" not in page.text


def test_the_service_refuses_an_early_start_without_a_reason(process, facilitator):
    in_phase(process, Phase.VALUE_DEBATE)
    with pytest.raises(workflow.StartRefused):
        workflow.start_edition(actor=facilitator, process=process)
    edition = workflow.start_edition(actor=facilitator, process=process, override_reason=REASON)
    assert edition.early_start_reason == REASON


def test_the_database_refuses_an_early_start_without_a_reason(process, facilitator):
    with pytest.raises(IntegrityError):
        Edition.objects.create(
            process=process, created_by=facilitator, started_in_phase=Phase.VALUE_DEBATE
        )


def test_a_published_edition_keeps_the_reason_in_its_facts(
    as_user, process, facilitator, leader, material
):
    in_phase(process, Phase.VALUE_DEBATE)
    edition = workflow.start_edition(actor=facilitator, process=process, override_reason=REASON)
    edition = workflow.submit_for_review(actor=facilitator, edition=edition, override_reason="x")
    edition = workflow.approve(actor=leader, edition=edition, note="ok")
    page = as_user(leader).get(edition.get_absolute_url())
    assert "Started in “Value debate”, before the catalogue phase, because" in page.text
    assert REASON in page.text
