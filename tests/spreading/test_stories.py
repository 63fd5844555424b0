"""Good stories: written on an initiative, with an optional image that is checked by its
first bytes and size, re-encoded without metadata and served only to members; an
organisation-wide feed; the leader features stories for the status report."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from spreading.models import Story
from spreading.services import featured_stories

from .factories import StoryFactory

pytestmark = pytest.mark.django_db


def picture(kind: str = "PNG", size=(64, 48), exif: bool = False) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    options = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "Kameraproducent"  # Make
        data[0x8825] = {1: "N", 2: (55.0, 24.0, 0.0)}  # GPS: where the photo was taken
        options["exif"] = data.tobytes()
    image.save(out, format=kind, **options)
    return out.getvalue()


def add_url(initiative):
    return reverse("spreading:story_add", args=[initiative.process_id, initiative.pk])


def image_url(story):
    return reverse("spreading:story_image", args=[story.initiative.process_id, story.pk])


def post_story(client, initiative, image=None, name="foto.png", **extra):
    data = {"title": "Peter lærte at svejse", "text": "Og nu lærer han andre det.", **extra}
    if image is not None:
        data["image"] = SimpleUploadedFile(name, image, content_type="image/png")
        data.setdefault("image_alt", "Peter ved svejsebordet")
    return client.post(add_url(initiative), data)


def test_a_member_tells_a_good_story_without_an_image(as_user, initiative, staff):
    client = as_user(staff)
    response = post_story(client, initiative)
    story = Story.objects.get()
    assert response.status_code == 302 and response["Location"] == story.get_absolute_url()
    assert (story.initiative, story.author, story.image.name) == (initiative, staff, "")
    page = client.get(story.get_absolute_url()).text
    assert "Peter lærte at svejse" in page and "Og nu lærer han andre det." in page


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "WEBP"])
def test_a_jpeg_png_or_webp_image_is_re_encoded_and_shown_to_members(
    as_user, initiative, staff, member, kind
):
    post_story(as_user(staff), initiative, picture(kind), name=f"foto.{kind.lower()}")
    story = Story.objects.get()
    assert story.image.name.startswith("private/stories/")
    assert story.image_type == f"image/{kind.lower()}"
    assert (story.image_width, story.image_height) == (64, 48)
    page = as_user(member).get(story.get_absolute_url()).text
    assert f'src="{image_url(story)}"' in page
    assert 'alt="Peter ved svejsebordet"' in page
    response = as_user(member).get(image_url(story))
    assert response.status_code == 200
    assert response["Content-Type"] == f"image/{kind.lower()}"
    assert response["Cache-Control"] == "private, max-age=3600"
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).format == kind


def test_the_image_loses_its_exif_data_such_as_the_place_it_was_taken(as_user, initiative, staff):
    original = picture("JPEG", exif=True)
    assert Image.open(io.BytesIO(original)).getexif()
    post_story(as_user(staff), initiative, original, name="foto.jpg")
    story = Story.objects.get()
    with story.image.open("rb") as handle:
        stored = handle.read()
    assert not Image.open(io.BytesIO(stored)).getexif()
    assert b"Kameraproducent" not in stored


def test_a_large_image_is_scaled_down(as_user, initiative, staff):
    post_story(as_user(staff), initiative, picture("PNG", size=(3000, 1500)))
    story = Story.objects.get()
    assert (story.image_width, story.image_height) == (2000, 1000)


def test_a_file_that_is_not_an_image_is_refused_with_a_message(as_user, initiative, staff):
    response = post_story(
        as_user(staff), initiative, b"<html><script>alert(1)</script></html>", name="foto.png"
    )
    assert response.status_code == 200
    assert "The file is not an image: choose a JPEG, PNG or WebP picture." in response.text
    # What was typed is kept.
    assert "Peter lærte at svejse" in response.text
    assert not Story.objects.exists()


def test_a_gif_is_refused(as_user, initiative, staff):
    response = post_story(as_user(staff), initiative, picture("GIF"), name="foto.gif")
    assert "The file is not an image: choose a JPEG, PNG or WebP picture." in response.text
    assert not Story.objects.exists()


def test_a_file_that_only_starts_like_an_image_is_refused(as_user, initiative, staff):
    fake = b"\x89PNG\r\n\x1a\n" + b"not really a picture" * 10
    response = post_story(as_user(staff), initiative, fake)
    assert "The image could not be read: it may be damaged." in response.text
    assert not Story.objects.exists()


def test_an_image_above_the_size_limit_is_refused(as_user, initiative, staff, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    response = post_story(as_user(staff), initiative, picture("PNG") + b"\0" * 2048)
    assert "the limit is 0" in response.text and "MB" in response.text
    assert not Story.objects.exists()


def test_an_image_needs_a_description(as_user, initiative, staff):
    response = post_story(as_user(staff), initiative, picture(), image_alt="")
    assert "Say in a few words what the image shows" in response.text
    assert not Story.objects.exists()


def test_the_image_is_served_only_to_members_of_the_organisation(
    as_user, client, initiative, staff, outsider
):
    post_story(as_user(staff), initiative, picture())
    story = Story.objects.get()
    url = image_url(story)
    assert as_user(outsider).get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    # Not from MEDIA_URL either: it lies under private/, which is never served.
    from django.conf import settings

    assert client.get("/" + settings.MEDIA_URL.lstrip("/") + story.image.name).status_code == 404


def test_an_external_does_not_see_stories_of_initiatives_they_take_no_part_in(
    as_user, process, other_initiative, external, organisation
):
    story = StoryFactory(initiative=other_initiative)
    client = as_user(external)
    assert client.get(story.get_absolute_url()).status_code == 404
    feed = client.get(reverse("spreading:feed", args=[organisation.slug])).text
    assert story.title not in feed


def test_the_leader_features_a_story_and_it_is_marked_in_the_feed(
    as_user, process, initiative, other_initiative, leader, staff, organisation
):
    story = StoryFactory(initiative=initiative, author=staff, title="Historien om Peter")
    StoryFactory(initiative=other_initiative, author=staff, title="En anden historie")
    url = reverse("spreading:story_feature", args=[process.pk, story.pk])
    response = as_user(leader).post(url, {"featured": "1"}, follow=True)
    assert "The story is featured" in response.text
    story.refresh_from_db()
    assert story.is_featured and story.featured_by == leader
    assert featured_stories(process) == [story]
    feed_url = reverse("spreading:feed", args=[organisation.slug])
    featured = as_user(staff).get(feed_url + "?featured=1").text
    assert "Historien om Peter" in featured and "En anden historie" not in featured
    assert "Featured" in as_user(staff).get(feed_url).text
    as_user(leader).post(url, {"featured": "0"})
    assert featured_stories(process) == []


@pytest.mark.parametrize("role", ["facilitator", "group_lead", "member", "staff", "external"])
def test_only_the_leader_features_stories(request, as_user, process, initiative, role):
    story = StoryFactory(initiative=initiative)
    url = reverse("spreading:story_feature", args=[process.pk, story.pk])
    assert as_user(request.getfixturevalue(role)).post(url, {"featured": "1"}).status_code == 403
    story.refresh_from_db()
    assert not story.is_featured


def test_featured_stories_are_one_query(process, initiative, django_assert_num_queries):
    from django.utils import timezone

    for n in range(5):
        StoryFactory(initiative=initiative, featured_at=timezone.now(), title=f"Historie {n}")
    with django_assert_num_queries(1):
        stories = featured_stories(process)
        assert [s.initiative.title for s in stories] == ["MUS-samtaler for brugerne"] * 5


def test_the_author_deletes_the_story_and_its_image(as_user, process, initiative, staff, member):
    post_story(as_user(staff), initiative, picture())
    story = Story.objects.get()
    storage, name = story.image.storage, story.image.name
    url = reverse("spreading:story_delete", args=[process.pk, story.pk])
    assert as_user(member).post(url).status_code == 403
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert as_user(staff).post(url).status_code == 302
    assert not Story.objects.exists()
    assert not storage.exists(name)


def test_the_feed_takes_a_fixed_number_of_queries(as_user, organisation, initiative, staff):
    client = as_user(staff)
    url = reverse("spreading:feed", args=[organisation.slug])
    StoryFactory(initiative=initiative, author=staff)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(11):
        StoryFactory(initiative=initiative, author=staff, title=f"Historie {n}")
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(many) == len(few)
    assert "Historie 10" in page.text


def test_the_organisation_page_links_to_the_feed(as_user, organisation, staff):
    page = as_user(staff).get(reverse("organisations:detail", args=[organisation.slug])).text
    assert reverse("spreading:feed", args=[organisation.slug]) in page


def test_the_process_page_shows_the_spreading_panel(as_user, process, initiative, staff):
    StoryFactory(initiative=initiative)
    page = as_user(staff).get(reverse("processes:detail", args=[process.pk])).text
    assert reverse("spreading:home", args=[process.pk]) in page
    assert "1 good story" in page
