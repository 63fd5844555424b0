"""Starting implementation from a published catalogue edition: the selected initiatives are
tracked with their lineage, once each; the process enters the implementation phase through
the phase gate, whose override reason is recorded; hidden authors stay hidden."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from catalog.models import Edition
from catalog.services import workflow
from debate.models import Idea, Value
from implementation.models import Implementation, Initiative, StatusChange
from implementation.services.start import StartRefused, start_implementation
from processes import readiness
from processes.models import Phase, PhaseChange, Process
from tests.debate.factories import IdeaFactory

from .conftest import publish

WRAPUP_CHECK = "The wrap-up seminar is planned with an agenda"


def _start_url(process):
    return reverse("implementation:start", args=[process.pk])


def test_each_selected_initiative_becomes_a_planned_initiative_with_its_lineage(
    process, started, published_edition, facilitator
):
    initiatives = Initiative.objects.filter(process=process)
    assert sorted(i.title for i in initiatives) == [
        f"Tiltag {g}.{n}" for g in (1, 2) for n in (1, 2, 3)
    ]
    first = initiatives.get(title="Tiltag 1.1")
    assert first.origin == Initiative.Origin.CATALOGUE
    assert first.status == Initiative.Status.PLANNED
    assert first.edition == published_edition
    assert first.group.name == "Gruppe 1" and first.theme.title == "Tema 1"
    assert first.source_idea == Idea.objects.get(title="Tiltag 1.1")
    lineage = first.lineage
    assert lineage["edition"]["number"] == 1
    assert lineage["group"] == "Gruppe 1" and lineage["theme"] == "Tema 1"
    [value] = lineage["values"]
    assert value["name"] == "Idealværdi 1"
    assert value["placings"][0] == {
        "round": "Runde 1",
        "round_id": value["placings"][0]["round_id"],
        "rank": 1,
        "of": 2,
        "dots": 1,
    }
    change = StatusChange.objects.get(initiative=first)
    assert change.to_status == Initiative.Status.PLANNED
    assert change.reason == "Started from edition 1 of the catalogue."
    assert change.actor == facilitator


def test_the_process_enters_implementation_without_an_override_when_it_is_ready(process, started):
    process.refresh_from_db()
    assert process.phase == Phase.IMPLEMENTATION
    change = PhaseChange.objects.get(process=process)
    assert (change.from_phase, change.to_phase) == (Phase.CATALOGUE, Phase.IMPLEMENTATION)
    assert change.override_reason == ""
    assert started.moved_phase


def test_starting_again_from_the_same_edition_adds_nothing(
    process, started, facilitator, published_edition
):
    again = start_implementation(process, actor=facilitator, edition=published_edition)
    assert again.created == []
    assert Initiative.objects.filter(process=process).count() == 6
    assert Implementation.objects.filter(process=process).count() == 1
    assert PhaseChange.objects.filter(process=process).count() == 1


def test_a_later_edition_adds_only_the_ideas_that_are_new(
    process, started, facilitator, leader, material
):
    group = next(iter(material))
    IdeaFactory(
        group=group,
        title="Brugerråd med egen økonomi",
        status=Idea.Status.SELECTED,
        values=[material[group]["values"][0]],
    )
    second = publish(process, facilitator, leader)
    assert second.number == 2
    result = start_implementation(process, actor=facilitator, edition=second)
    assert [i.title for i in result.created] == ["Brugerråd med egen økonomi"]
    assert result.created[0].lineage["edition"]["number"] == 2
    assert Initiative.objects.filter(process=process).count() == 7
    # The first edition stays the one implementation started from.
    assert Implementation.objects.get(process=process).edition.number == 1


def test_an_unpublished_edition_is_refused(process, facilitator, material, wrapup, catalogue_phase):
    edition = workflow.submit_for_review(
        actor=facilitator, edition=workflow.start_edition(actor=facilitator, process=process)
    )
    assert edition.status == Edition.Status.REVIEW
    with pytest.raises(ValidationError) as error:
        start_implementation(process, actor=facilitator, edition=edition)
    assert "published edition" in str(error.value)
    process.refresh_from_db()
    assert process.phase == Phase.CATALOGUE
    assert not Initiative.objects.exists() and not Implementation.objects.exists()


def test_an_unpublished_edition_cannot_be_chosen_on_the_page(
    as_user, process, facilitator, material, wrapup, catalogue_phase
):
    edition = workflow.submit_for_review(
        actor=facilitator, edition=workflow.start_edition(actor=facilitator, process=process)
    )
    response = as_user(facilitator).post(_start_url(process), {"edition": edition.pk})
    assert response.status_code == 200
    assert not Initiative.objects.exists()
    assert Process.objects.get(pk=process.pk).phase == Phase.CATALOGUE


def test_the_readiness_check_asks_for_a_published_edition(process, facilitator, leader, material):
    labels = {c.label: c.met for c in readiness.evaluate(process, Phase.IMPLEMENTATION)}
    assert labels["A catalogue edition is published"] is False
    process.phase = Phase.CATALOGUE
    publish(process, facilitator, leader)
    labels = {c.label: c.met for c in readiness.evaluate(process, Phase.IMPLEMENTATION)}
    assert labels["A catalogue edition is published"] is True


@pytest.fixture
def unready_edition(process, facilitator, leader, material, catalogue_phase):
    """Published, but the wrap-up seminar is not planned: one readiness check is unmet."""
    return publish(process, facilitator, leader)


def test_unmet_requirements_refuse_the_start_without_a_reason(
    process, facilitator, unready_edition
):
    with pytest.raises(StartRefused) as error:
        start_implementation(process, actor=facilitator, edition=unready_edition)
    assert [c.label for c in error.value.unmet] == [WRAPUP_CHECK]
    assert not Initiative.objects.exists()
    assert Process.objects.get(pk=process.pk).phase == Phase.CATALOGUE


def test_the_page_asks_for_the_reason_and_records_it_in_the_phase_history(
    as_user, process, facilitator, unready_edition
):
    client = as_user(facilitator)
    page = client.get(reverse("implementation:home", args=[process.pk]))
    assert WRAPUP_CHECK in page.content.decode()
    assert "Start implementation from edition 1 anyway" in page.content.decode()

    refused = client.post(_start_url(process), {"edition": unready_edition.pk})
    assert refused.status_code == 200
    assert "Implementation was not started" in refused.content.decode()
    assert "give a reason for going on anyway" in refused.content.decode()
    assert not Initiative.objects.exists()

    reason = "Afslutningsseminaret holdes i august; vi går i gang nu."
    response = client.post(
        _start_url(process), {"edition": unready_edition.pk, "override_reason": reason}
    )
    assert response.status_code == 302
    change = PhaseChange.objects.get(process=process)
    assert change.override_reason == reason
    assert change.unmet_requirements == [WRAPUP_CHECK]
    assert Initiative.objects.filter(process=process).count() == 6
    history = client.get(reverse("processes:detail", args=[process.pk])).content.decode()
    assert reason in history


def test_a_process_before_the_catalogue_phase_is_not_moved_on(
    process, facilitator, leader, material
):
    edition = publish(process, facilitator, leader)
    assert process.phase == Phase.VALUE_DEBATE
    with pytest.raises(ValidationError) as error:
        start_implementation(process, actor=facilitator, edition=edition)
    assert "Move it on" in str(error.value)
    assert not Initiative.objects.exists()


def test_a_process_already_in_implementation_is_not_moved_again(
    process, facilitator, published_edition
):
    Process.objects.filter(pk=process.pk).update(phase=Phase.IMPLEMENTATION)
    process.refresh_from_db()
    result = start_implementation(process, actor=facilitator, edition=published_edition)
    assert not result.moved_phase and len(result.created) == 6
    assert not PhaseChange.objects.exists()


def test_the_start_page_lists_the_published_editions_to_managers_only(
    as_user, process, facilitator, member, published_edition
):
    url = reverse("implementation:home", args=[process.pk])
    page = as_user(facilitator).get(url).content.decode()
    assert "Start implementation from edition 1" in page
    page = as_user(member).get(url).content.decode()
    assert "Start implementation from edition" not in page
    assert "The facilitator or the leader starts implementation" in page


def test_hidden_authors_are_never_shown(as_user, process, started, member, facilitator):
    Process.objects.filter(pk=process.pk).update(author_visibility=Process.AuthorVisibility.HIDDEN)
    authors = {
        m.display_name
        for m in [
            *(i.author for i in Idea.objects.filter(group__process=process)),
            *(v.author for v in Value.objects.filter(group__process=process)),
        ]
    }
    assert authors
    initiative = Initiative.objects.get(title="Tiltag 1.1")
    assert not any(name in str(initiative.lineage) for name in authors)
    for viewer in (member, facilitator):
        client = as_user(viewer)
        for url in (
            reverse("implementation:home", args=[process.pk]),
            initiative.get_absolute_url(),
        ):
            page = client.get(url).content.decode()
            assert "Idealværdi 1" in page or "Tiltag 1.1" in page
            assert not [name for name in authors if name in page], url
