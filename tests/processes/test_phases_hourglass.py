"""The small hourglass figure beside the steps, and how the checklist words its details."""

import pytest
from django.urls import reverse

from processes import readiness
from processes.models import Phase, Seminar
from tests.factories import AgendaItemFactory, SeminarFactory


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.mark.parametrize(
    ("phase", "number"),
    [
        (Phase.VALUE_DEBATE, 1),
        (Phase.PRIORITISATION, 2),
        (Phase.CATALOGUE, 3),
        (Phase.IMPLEMENTATION, 4),
    ],
)
def test_the_figure_fills_the_bands_up_to_the_current_phase(
    as_user, member, process, phase, number
):
    process.phase = phase
    process.save()
    html = as_user(member).get(reverse("processes:detail", args=[process.pk])).content.decode()
    assert f"qh-hourglass-figure--phase-{number}" in html
    assert "processes/hourglass.svg#hourglass" in html
    # Decorative: the steps say it in words.
    assert 'class="qh-hourglass-figure' in html and 'aria-hidden="true"><use' in html


def test_one_agenda_item_is_counted_in_the_singular(process):
    seminar = SeminarFactory(process=process, kind=Seminar.Kind.KICKOFF)
    AgendaItemFactory(seminar=seminar)
    check = next(
        c
        for c in readiness.evaluate(process, Phase.PRIORITISATION)
        if c.label == "The kick-off seminar is planned with an agenda"
    )
    assert check.met
    assert check.detail.endswith(", 1 agenda item.")
