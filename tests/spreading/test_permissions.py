"""Who may do what, URL by URL and role by role: everyone in the organisation reads and
reacts; the facilitator plans; the host (and the facilitator and leader) runs a meeting; a
group lead of the theme, the facilitator and the leader decide on ideas; the leader features
stories. Another organisation gets 404 everywhere; a wrong method gets 405."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from .factories import (
    CommentFactory,
    MeetingFactory,
    ProposalFactory,
    SeriesFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["facilitator", "leader", "group_lead", "member", "external", "staff"]
EVERYONE = set(ROLES)
PLANNER = {"facilitator"}
RUNNERS = {"facilitator", "leader", "staff"}  # staff hosts the meeting
DECIDERS = {"facilitator", "leader", "group_lead"}  # group_lead leads the idea's theme


@pytest.fixture
def world(process, initiative, themes, staff):
    series = SeriesFactory(process=process)
    meeting = MeetingFactory(series=series, host=staff)
    proposal = ProposalFactory(process=process, theme=themes[0], author=staff)
    story = StoryFactory(initiative=initiative, author=staff, image_alt="Et billede")
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, format="PNG")
    story.image.save("x.png", ContentFile(out.getvalue()), save=False)
    story.image_type = "image/png"
    story.save()
    comment = CommentFactory(initiative=initiative, author=staff)
    return {
        "p": process.pk,
        "i": initiative.pk,
        "series": series.pk,
        "meeting": meeting.pk,
        "proposal": proposal.pk,
        "story": story.pk,
        "comment": comment.pk,
        "slug": process.organisation.slug,
    }


# (name, argument keys, roles that get 200)
PAGES = [
    ("home", ["p"], EVERYONE),
    ("initiative", ["p", "i"], EVERYONE),
    ("proposals", ["p"], EVERYONE),
    ("proposal_add", ["p"], EVERYONE),
    ("proposal", ["p", "proposal"], EVERYONE),
    ("adopt", ["p", "proposal"], DECIDERS),
    ("decline", ["p", "proposal"], DECIDERS),
    ("series_list", ["p"], EVERYONE),
    ("series_add", ["p"], PLANNER),
    ("series", ["p", "series"], EVERYONE),
    ("series_edit", ["p", "series"], PLANNER),
    ("meeting_add", ["p", "series"], PLANNER),
    ("meeting", ["p", "meeting"], EVERYONE),
    ("meeting_edit", ["p", "meeting"], PLANNER),
    ("meeting_ical", ["p", "meeting"], EVERYONE),
    ("host_kit", ["p", "meeting"], RUNNERS),
    ("meeting_input", ["p", "meeting"], RUNNERS),
    ("feed", ["slug"], EVERYONE),
    ("story_add", ["p", "i"], EVERYONE),
    ("story", ["p", "story"], EVERYONE),
    ("story_image", ["p", "story"], EVERYONE),
]

# (name, argument keys): changes, reachable by POST only.
ACTIONS = [
    ("comment_add", ["p", "i"]),
    ("comment_delete", ["p", "i", "comment"]),
    ("take_part", ["p", "i"]),
    ("sign_up", ["p", "meeting"]),
    ("cancel", ["p", "meeting"]),
    ("story_feature", ["p", "story"]),
    ("story_delete", ["p", "story"]),
]

# Pages with a form also take POST; the others are read only.
FORMS = {
    "proposal_add",
    "adopt",
    "decline",
    "series_add",
    "series_edit",
    "meeting_add",
    "meeting_edit",
    "meeting_input",
    "story_add",
}


def url(world, name, keys):
    return reverse(f"spreading:{name}", args=[world[k] for k in keys])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "keys", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_each_page_for_each_role(request, as_user, world, role, name, keys, allowed):
    response = as_user(request.getfixturevalue(role)).get(url(world, name, keys))
    assert response.status_code == (200 if role in allowed else 403)


@pytest.mark.parametrize(("name", "keys", "_"), PAGES, ids=[p[0] for p in PAGES])
def test_another_organisation_gets_404_on_every_page(as_user, world, outsider, name, keys, _):
    client = as_user(outsider)
    assert client.get(url(world, name, keys)).status_code == 404
    if name in FORMS:
        assert client.post(url(world, name, keys), {}).status_code == 404


@pytest.mark.parametrize(("name", "keys"), ACTIONS, ids=[a[0] for a in ACTIONS])
def test_another_organisation_gets_404_on_every_action(as_user, world, outsider, name, keys):
    assert as_user(outsider).post(url(world, name, keys), {"wants": "1"}).status_code == 404


@pytest.mark.parametrize(("name", "keys"), ACTIONS, ids=[a[0] for a in ACTIONS])
def test_actions_answer_405_to_get(as_user, world, staff, name, keys):
    assert as_user(staff).get(url(world, name, keys)).status_code == 405


@pytest.mark.parametrize(("name", "keys", "_"), PAGES, ids=[p[0] for p in PAGES])
def test_pages_answer_405_to_a_wrong_method(as_user, world, facilitator, name, keys, _):
    client = as_user(facilitator)
    assert client.delete(url(world, name, keys)).status_code == 405
    if name not in FORMS:
        assert client.post(url(world, name, keys)).status_code == 405


@pytest.mark.parametrize(("name", "keys", "_"), PAGES, ids=[p[0] for p in PAGES])
def test_anonymous_visitors_are_sent_to_log_in(client, world, name, keys, _):
    response = client.get(url(world, name, keys))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_external_gets_404_for_an_initiative_they_take_no_part_in(
    as_user, world, other_initiative, external, process
):
    client = as_user(external)
    for name in ("initiative", "story_add"):
        target = reverse(f"spreading:{name}", args=[process.pk, other_initiative.pk])
        assert client.get(target).status_code == 404
    for name in ("comment_add", "take_part"):
        target = reverse(f"spreading:{name}", args=[process.pk, other_initiative.pk])
        assert client.post(target, {"text": "x", "wants": "1"}).status_code == 404


def test_objects_of_another_process_are_404_under_this_one(as_user, world, staff, organisation):
    from tests.factories import ProcessFactory

    other = ProcessFactory(organisation=organisation)
    client = as_user(staff)
    for name, keys in (("meeting", "meeting"), ("proposal", "proposal"), ("story", "story")):
        assert (
            client.get(reverse(f"spreading:{name}", args=[other.pk, world[keys]])).status_code
            == 404
        )
