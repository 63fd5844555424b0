"""New ideas from staff: proposed by anyone, adopted as an initiative (origin and reason
recorded) or declined with a reason by a group lead of the theme, the facilitator or the
leader."""

import pytest
from django.urls import reverse

from implementation.models import Initiative, StatusChange
from spreading.models import Proposal

from .factories import MeetingFactory, ProposalFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def add_url(process):
    return reverse("spreading:proposal_add", args=[process.pk])


def adopt_url(proposal):
    return reverse("spreading:adopt", args=[proposal.process_id, proposal.pk])


def decline_url(proposal):
    return reverse("spreading:decline", args=[proposal.process_id, proposal.pk])


@pytest.fixture
def proposal(process, themes, staff, started):
    return ProposalFactory(
        process=process, theme=themes[0], author=staff, title="Kaffeklub med brugerne"
    )


def test_staff_propose_an_idea_on_an_initiative(as_user, process, initiative, staff):
    client = as_user(staff)
    form = client.get(add_url(process) + f"?initiative={initiative.pk}")
    assert form.status_code == 200
    assert f'<option value="{initiative.pk}" selected>' in form.text
    response = client.post(
        add_url(process),
        {
            "title": "Brugerne leder selv MUS",
            "description": "Med en kollega.",
            "initiative": initiative.pk,
        },
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    assert proposal.author == staff
    assert proposal.status == Proposal.Status.OPEN
    # The idea is on the initiative's theme, so the lead of that theme's group decides.
    assert proposal.theme == initiative.theme
    page = client.get(proposal.get_absolute_url()).text
    assert "Brugerne leder selv MUS" in page and "Open" in page


def test_a_proposal_without_a_title_is_refused(as_user, process, staff):
    response = as_user(staff).post(add_url(process), {"title": " ", "description": "x"})
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert not Proposal.objects.exists()


def test_an_initiative_of_another_process_is_an_invalid_choice(
    as_user, process, staff, initiative, organisation
):
    from tests.factories import ProcessFactory
    from tests.implementation.factories import InitiativeFactory

    elsewhere = InitiativeFactory(process=ProcessFactory(organisation=organisation))
    response = as_user(staff).post(add_url(process), {"title": "Idé", "initiative": elsewhere.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Proposal.objects.exists()


def test_the_group_lead_of_the_theme_adopts_the_idea_as_an_initiative(
    as_user, process, proposal, group_lead
):
    client = as_user(group_lead)
    detail = client.get(proposal.get_absolute_url()).text
    assert "Adopt as an initiative" in detail
    form = client.get(adopt_url(proposal))
    assert 'value="Kaffeklub med brugerne"' in form.text
    response = client.post(
        adopt_url(proposal),
        {
            "title": "Kaffeklub med brugerne",
            "description": "Fredag kl. 14.",
            "theme": proposal.theme_id,
            "reason": "Mange på cafémødet ville være med.",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    initiative = proposal.adopted_as
    assert proposal.status == Proposal.Status.ADOPTED
    assert proposal.decided_by == group_lead
    assert initiative.origin == Initiative.Origin.STAFF_PROPOSAL
    assert initiative.origin_reason == "Mange på cafémødet ville være med."
    assert initiative.status == Initiative.Status.PLANNED
    assert initiative.theme == proposal.theme
    assert initiative.group.lead == group_lead
    assert StatusChange.objects.filter(initiative=initiative).count() == 1
    page = client.get(proposal.get_absolute_url()).text
    assert "Adopted as “Kaffeklub med brugerne”" in page
    assert "Mange på cafémødet ville være med." in page
    # The initiative's own page says where it comes from.
    initiative_page = client.get(initiative.get_absolute_url()).text
    assert "A proposal from staff" in initiative_page


def test_an_idea_from_a_cafe_meeting_becomes_an_initiative_from_a_cafe_meeting(
    as_user, process, themes, started, facilitator, staff
):
    meeting = MeetingFactory(series=SeriesFactory(process=process), host=staff)
    proposal = ProposalFactory(process=process, theme=themes[1], author=staff, meeting=meeting)
    as_user(facilitator).post(
        adopt_url(proposal),
        {"title": proposal.title, "theme": themes[1].pk, "reason": "Fra cafémødet."},
    )
    proposal.refresh_from_db()
    assert proposal.adopted_as.origin == Initiative.Origin.CAFE_MEETING


def test_an_idea_from_a_workshop_becomes_an_initiative_from_an_idea_workshop(
    as_user, process, themes, started, leader, staff
):
    series = SeriesFactory(process=process, kind="workshop")
    proposal = ProposalFactory(
        process=process, author=staff, meeting=MeetingFactory(series=series, host=staff)
    )
    as_user(leader).post(adopt_url(proposal), {"title": proposal.title, "reason": "God idé."})
    proposal.refresh_from_db()
    assert proposal.adopted_as.origin == Initiative.Origin.IDEA_WORKSHOP
    assert proposal.adopted_as.theme is None


def test_adopting_needs_a_reason(as_user, proposal, group_lead):
    response = as_user(group_lead).post(
        adopt_url(proposal), {"title": proposal.title, "theme": proposal.theme_id, "reason": ""}
    )
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert not Initiative.objects.exists()


def test_a_group_lead_of_another_theme_may_not_decide(as_user, proposal, second_lead):
    client = as_user(second_lead)
    assert "Adopt as an initiative" not in client.get(proposal.get_absolute_url()).text
    assert client.get(adopt_url(proposal)).status_code == 403
    assert client.post(adopt_url(proposal), {"title": "x", "reason": "y"}).status_code == 403
    assert client.post(decline_url(proposal), {"reason": "y"}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.OPEN


def test_a_group_lead_cannot_move_the_idea_onto_a_theme_that_is_not_theirs(
    as_user, proposal, group_lead, themes
):
    response = as_user(group_lead).post(
        adopt_url(proposal), {"title": proposal.title, "theme": themes[1].pk, "reason": "Ja."}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Initiative.objects.exists()


def test_a_member_may_not_adopt(as_user, proposal, staff, member):
    for who in (staff, member):
        assert as_user(who).post(adopt_url(proposal), {"reason": "x"}).status_code == 403


def test_an_idea_cannot_be_adopted_twice(as_user, proposal, group_lead, leader):
    data = {"title": proposal.title, "theme": proposal.theme_id, "reason": "Ja."}
    as_user(group_lead).post(adopt_url(proposal), data)
    response = as_user(leader).post(adopt_url(proposal), data, follow=True)
    assert "The proposal has already been decided on." in response.text
    assert Initiative.objects.count() == 1


def test_before_implementation_an_idea_cannot_be_adopted_and_the_page_says_why(
    as_user, process, themes, staff, facilitator
):
    proposal = ProposalFactory(process=process, theme=themes[0], author=staff)
    client = as_user(facilitator)
    assert "once implementation has started" in client.get(proposal.get_absolute_url()).text
    response = client.post(
        adopt_url(proposal), {"title": proposal.title, "theme": themes[0].pk, "reason": "Ja."}
    )
    assert response.status_code == 200
    assert "Start implementation from a published catalogue edition first." in response.text
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.OPEN


def test_declining_needs_a_reason_and_shows_it(as_user, proposal, group_lead, staff):
    client = as_user(group_lead)
    assert client.post(decline_url(proposal), {"reason": " "}).status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.OPEN
    client.post(decline_url(proposal), {"reason": "Det ligger uden for budgettet."})
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DECLINED
    page = as_user(staff).get(proposal.get_absolute_url()).text
    assert "Declined" in page and "Det ligger uden for budgettet." in page


def test_the_list_filters_by_status(as_user, process, themes, staff, started):
    ProposalFactory(process=process, author=staff, title="Åben idé")
    ProposalFactory(
        process=process, author=staff, title="Afvist idé", status="declined", decision_reason="Nej"
    )
    client = as_user(staff)
    url = reverse("spreading:proposals", args=[process.pk])
    both = client.get(url).text
    assert "Åben idé" in both and "Afvist idé" in both
    declined = client.get(url + "?status=declined").text
    assert "Afvist idé" in declined and "Åben idé" not in declined
    # An unknown status shows everything rather than failing.
    assert client.get(url + "?status=nonsense").status_code == 200


def test_an_external_does_not_see_ideas_on_initiatives_they_cannot_read(
    as_user, process, other_initiative, initiative, external, staff
):
    hidden = ProposalFactory(process=process, author=staff, initiative=other_initiative)
    shown = ProposalFactory(process=process, author=staff, initiative=initiative)
    client = as_user(external)
    listing = client.get(reverse("spreading:proposals", args=[process.pk])).text
    assert shown.title in listing and hidden.title not in listing
    assert client.get(hidden.get_absolute_url()).status_code == 404
