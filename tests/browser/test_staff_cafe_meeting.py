"""Issue 15's journey for the whole organisation, in a real browser.

A member of staff who took part in no group finds the café meetings from the process page on
a phone and signs up for one (the confirmation email goes after the commit); the meeting's
host opens the printable host kit and records a new idea from the meeting; the lead of the
group on that idea's theme adopts it as an initiative, whose origin says it came from a café
meeting. Every page passes axe.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.urls import reverse
from django.utils import translation

from core.management.commands.load_demo import DEMO_PASSWORD, DEMO_SLUG
from implementation.models import Initiative
from organisations.models import Membership, Organisation
from processes.models import Group, GroupMembership
from spreading.models import Proposal, Series, SignUp
from tests.browser.demo import load_demo, membership, navigate

pytestmark = pytest.mark.browser


def t(text: str, **params) -> str:
    """The text as the Danish interface shows it (the browser asks for Danish)."""
    with translation.override("da"):
        translated = translation.gettext(text)
    return translated % params if params else translated


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_staff_sign_up_the_host_records_an_idea_and_the_group_lead_adopts_it(
    page_at, login, axe_check, screenshot, media
):
    load_demo()
    series = Series.objects.get(process__organisation__slug=DEMO_SLUG)
    process = series.process
    henrik, mette = membership("henrik"), membership("mette")
    meeting = series.meetings.get(host=henrik)
    theme = Group.objects.get(process=process, lead=mette).theme
    staff = newcomer()
    assert not GroupMembership.objects.filter(membership=staff).exists()

    # -- A member of staff, on a phone, from the process page to a place at the meeting --
    phone = page_at("phone")
    login(phone, staff, DEMO_PASSWORD)
    phone.goto(reverse("processes:detail", args=[process.pk]))
    axe_check(phone, "process page")
    home = reverse("spreading:home", args=[process.pk])
    navigate(phone, phone.locator(f"main a.qh-summary__link[href='{home}']"))
    axe_check(phone, "spreading home")
    screenshot(phone, "spreading-home")
    navigate(phone, phone.get_by_role("link", name=t("Café meetings and workshops")).first)
    axe_check(phone, "series list")
    navigate(phone, phone.get_by_role("link", name=series.title))
    axe_check(phone, "series")
    screenshot(phone, "spreading-series")
    sign_up = reverse("spreading:sign_up", args=[process.pk, meeting.pk])
    navigate(phone, phone.locator(f"form[action='{sign_up}'] button"))
    assert t("You are signed up. A confirmation is on its way to your email.") in (
        phone.locator(".qh-messages").inner_text()
    )
    assert phone.url.endswith(meeting.get_absolute_url())
    axe_check(phone, "meeting, signed up")
    screenshot(phone, "spreading-meeting-signed-up")
    assert SignUp.objects.get(membership=staff).meeting == meeting
    confirmation = [m for m in mail.outbox if m.to == [staff.user.email]]
    assert len(confirmation) == 1 and confirmation[0].attachments
    # The page has no horizontal scrolling on the phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    # -- The host prints the kit and records an idea from the meeting --------------------
    desk = page_at("desktop")
    login(desk, henrik, DEMO_PASSWORD)
    desk.goto(meeting.get_absolute_url())
    axe_check(desk, "meeting, host")
    assert staff.display_name in desk.locator("main").inner_text()
    desk.goto(reverse("spreading:host_kit", args=[process.pk, meeting.pk]))
    axe_check(desk, "host kit")
    assert staff.display_name in desk.locator("main").inner_text()
    desk.goto(meeting.get_absolute_url())
    navigate(desk, desk.get_by_role("link", name=t("Record the meeting's input")))
    axe_check(desk, "meeting input")
    desk.locator("#id_proposal-title").fill("Fælles frokost med brugerne om fredagen")
    desk.locator("#id_proposal-description").fill("Personale og brugere spiser sammen.")
    desk.locator("#id_proposal-theme").select_option(str(theme.pk))
    navigate(desk, desk.get_by_role("button", name=t("Record the idea")))
    proposal = Proposal.objects.get(title="Fælles frokost med brugerne om fredagen")
    assert (proposal.meeting, proposal.author, proposal.theme) == (meeting, henrik, theme)
    axe_check(desk, "meeting input, recorded")

    # -- The lead of the theme's group adopts it as an initiative -----------------------
    lead = page_at("desktop")
    login(lead, mette, DEMO_PASSWORD)
    lead.goto(reverse("spreading:proposals", args=[process.pk]))
    axe_check(lead, "proposals")
    navigate(lead, lead.get_by_role("link", name=proposal.title))
    axe_check(lead, "proposal")
    navigate(lead, lead.get_by_role("link", name=t("Adopt as an initiative")))
    axe_check(lead, "adopt form")
    lead.locator("#id_reason").fill("Mange på cafémødet ville være med.")
    navigate(lead, lead.get_by_role("button", name=t("Adopt as an initiative")))
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ADOPTED
    initiative = proposal.adopted_as
    assert initiative.origin == Initiative.Origin.CAFE_MEETING
    assert initiative.origin_reason == "Mange på cafémødet ville være med."
    assert initiative.theme == theme
    assert t("Adopted as “%(title)s”", title=initiative.title) in lead.locator("main").inner_text()
    axe_check(lead, "proposal, adopted")
    screenshot(lead, "spreading-proposal-adopted")


def newcomer() -> Membership:
    """A member of staff who is in no group of any process (made after the demo is loaded,
    which replaces the organisation)."""
    user = get_user_model().objects.create(
        username="line.vinther@demo.qualityhub.dk",
        email="line.vinther@demo.qualityhub.dk",
        first_name="Line",
        last_name="Vinther",
        password=make_password(DEMO_PASSWORD),
    )
    return Membership.objects.create(
        user=user,
        organisation=Organisation.objects.get(slug=DEMO_SLUG),
        role=Membership.Role.MEMBER,
        department="Kantine og service",
    )
