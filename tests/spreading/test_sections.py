"""The spreading on the implementation's pages, through its sections: the featured good
stories in the status report, and on an initiative's page the way to its reactions and
stories, each in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from implementation.models import StatusReport
from implementation.services.report import render_html_document
from spreading.services.stories import set_featured
from tests.spreading.factories import CommentFactory, StoryFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiatives(initiative, other_initiative):
    return [initiative, other_initiative]


def _preview(process):
    return reverse("implementation:report_preview", args=[process.pk])


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _story(initiative, author, *, featured_by=None, **fields):
    story = StoryFactory(initiative=initiative, author=author, **fields)
    if featured_by is not None:
        set_featured(story, actor=featured_by, featured=True)
    return story


def test_the_report_shows_the_featured_stories_under_good_stories(
    as_user, process, initiatives, member, leader, staff
):
    first, second = initiatives
    _story(first, staff, featured_by=leader, title="Peter holdt selv oplægget",
           text="Han fortalte om sin uge.")  # fmt: skip
    _story(second, member, title="Ikke udvalgt endnu")
    text = as_user(member).get(_preview(process)).text
    assert 'href="#section-spreading-stories"' in text  # in the contents
    assert "Good stories" in text
    assert "Peter holdt selv oplægget" in text and "Han fortalte om sin uge." in text
    assert "Ikke udvalgt endnu" not in text
    # The report goes to readers who do not see who wrote a story.
    assert staff.display_name not in text


def test_a_report_without_featured_stories_has_no_good_stories_section(
    as_user, process, initiatives, member
):
    _story(initiatives[0], member, title="Ikke udvalgt")
    text = as_user(member).get(_preview(process)).text
    assert "Good stories" not in text and "Ikke udvalgt" not in text


def test_the_pdf_template_has_the_featured_stories(process, initiatives, member, leader):
    _story(initiatives[0], member, featured_by=leader, title="Kaffeklubben blev brugernes egen")
    report = StatusReport.objects.create(process=process, language="en", requested_by=leader)
    html = render_html_document(report)
    assert "Good stories" in html and "Kaffeklubben blev brugernes egen" in html


def test_the_initiative_page_links_to_its_reactions_and_stories(
    as_user, process, initiatives, member, staff
):
    initiative = initiatives[0]
    CommentFactory(initiative=initiative, author=staff)
    CommentFactory(initiative=initiative, author=member)
    VolunteerFactory(initiative=initiative, membership=staff)
    _story(initiative, member)
    text = as_user(staff).get(initiative.get_absolute_url()).text
    assert "What colleagues say" in text
    assert "2 comments · 1 wants to take part · 1 good story" in text
    assert reverse("spreading:initiative", args=[process.pk, initiative.pk]) in text
    assert reverse("spreading:story_add", args=[process.pk, initiative.pk]) in text


def test_the_sections_cost_the_same_queries_for_many_stories_and_reactions(
    as_user, process, initiatives, member, leader, staff
):
    client = as_user(leader)
    initiative = initiatives[0]
    page = initiative.get_absolute_url()
    _story(initiative, member, featured_by=leader)
    small = _count(client, _preview(process)), _count(client, page)
    for n in range(12):
        _story(initiatives[n % 2], member, featured_by=leader)
        CommentFactory(initiative=initiative, author=staff)
    VolunteerFactory(initiative=initiative, membership=staff)
    assert (_count(client, _preview(process)), _count(client, page)) == small
