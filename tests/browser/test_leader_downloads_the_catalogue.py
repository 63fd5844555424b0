"""Issue 9's main flow in a real browser: the demo process's catalogue from draft to PDF.

The facilitator prepares the catalogue (foreword, introduction, the edition's language) and
sends it to review; the group lead of group 2 confirms on a phone; the leader confirms the
group she leads herself, approves with a note for the group that has not answered, watches
the PDF's progress without reloading and downloads it. The PDF's text holds every selected
initiative and ideal value in its group's section, in the language chosen. Every page passes
axe. Runs in Danish, English and Norwegian.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from catalog.models import Edition, RenderJob
from core.management.commands.load_demo import DEMO_PASSWORD
from debate.models import Idea, Value
from debate.services import ideas as idea_services
from debate.services import values as value_services
from organisations.models import Membership
from processes.models import Group
from tests.browser.demo import demo_process, load_demo, membership, navigate
from tests.catalog.pdf_text import pdf_text, squash

pytestmark = pytest.mark.browser


def choose_language(page, lang):
    page.locator("#language-select").select_option(lang)
    navigate(page, page.locator("form.qh-language button[type=submit]"))
    assert page.evaluate("document.documentElement.lang") == lang


def finish_group_two(group: Group, author: Membership) -> None:
    """Group 2's debate as it stands after the midway seminar (run live in another test)."""
    value = value_services.add_value(
        actor=author,
        group=group,
        name="Faglig stolthed",
        meaning="Vi er stolte af vores fag og af det, brugerne kan.",
        examples="Svendeprøven i Træværkstedet.",
        dilemmas="Faglighed mod rummelighed.",
        gap="Vi taler sjældent om faglighed på personalemøderne.",
    )
    value_services.set_ideal(actor=group.lead, value=value, is_ideal=True)
    for title in ("Faglige caféer", "Makkerordning på tværs", "Brugernes egen svendeprøve"):
        idea = idea_services.add_idea(
            actor=author,
            group=group,
            title=title,
            description=f"{title}: et tiltag fra gruppe 2.",
            values=[value],
            propose=True,
        )
        idea_services.set_idea_status(actor=group.lead, idea=idea, status=Idea.Status.SELECTED)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("lang", ["da", "en", "nb"])
def test_the_leader_downloads_the_catalogue(page_at, login, axe_check, screenshot, media, lang):
    load_demo()
    groups = list(Group.objects.filter(process=demo_process()).order_by("name"))
    process = groups[0].process
    finish_group_two(groups[1], membership("sofie"))

    def t(text: str, **params) -> str:
        with translation.override(lang):
            translated = translation.gettext(text)
        return translated % params if params else translated

    # The facilitator starts the catalogue from the menu.
    desk = page_at("desktop")
    login(desk, membership("facilitator"), DEMO_PASSWORD)
    choose_language(desk, lang)
    desk.goto(reverse("processes:detail", args=[process.pk]))
    navigate(desk, desk.locator("nav a", has_text=t("Catalogue")).first)
    axe_check(desk, "catalogue, nothing yet")
    # The demo is still in the value debate: the phase gate asks why the catalogue starts now.
    desk.locator("#id_override_reason").fill("Et første udkast, så ledelsen kan se formen.")
    navigate(desk, desk.locator("main form button[type=submit]"))
    edition = Edition.objects.get(process=process)
    axe_check(desk, "edit the draft")
    desk.locator("#id_language").select_option(lang)
    desk.locator("#id_foreword").fill("Tak til alle, der har været med i værdidebatten.")
    desk.locator("#id_introduction").fill("Kataloget samler gruppernes idealværdier og tiltag.")
    navigate(desk, desk.locator("main form button[type=submit]"))
    assert desk.url.endswith(edition.get_absolute_url())
    expect(desk.locator(".qh-check--unmet")).to_have_count(0)
    axe_check(desk, "draft")
    navigate(desk, desk.locator("main a[href$='preview/']"))
    expect(desk.locator("main")).to_contain_text("Faglige caféer")
    axe_check(desk, "preview")
    desk.go_back()
    navigate(desk, desk.locator("main form[action$='submit/'] button[type=submit]"))
    edition.refresh_from_db()
    assert edition.status == Edition.Status.REVIEW
    axe_check(desk, "in review (facilitator)")

    # The group lead of group 2 confirms on a phone.
    phone = page_at("phone")
    login(phone, membership("henrik"), DEMO_PASSWORD)
    choose_language(phone, lang)
    phone.goto(edition.get_absolute_url())
    axe_check(phone, "in review (group lead, phone)")
    review = phone.locator(f"form[action$='groups/{groups[1].pk}/review/']")
    review.locator("input[name=decision][value=confirmed]").check()
    navigate(phone, review.locator("button[type=submit]"))
    expect(phone.locator(".qh-messages")).to_contain_text(
        t("Thank you. Your review has been recorded.")
    )
    screenshot(phone, f"catalogue-review-{lang}-phone")

    # The leader confirms the group she leads, then approves with a note for group 1.
    leader = page_at("desktop")
    login(leader, membership("leader"), DEMO_PASSWORD)
    choose_language(leader, lang)
    leader.goto(edition.get_absolute_url())
    review = leader.locator(f"form[action$='groups/{groups[2].pk}/review/']")
    review.locator("input[name=decision][value=confirmed]").check()
    navigate(leader, review.locator("button[type=submit]"))
    approve = leader.locator("form[action$='approve/']")
    navigate(leader, approve.locator("button[type=submit]"))
    # Without a note the approval is refused, with the reason at the field.
    refusal = t(
        "Not every group lead has confirmed their group's pages. Write a note to approve anyway."
    )
    expect(leader.locator("main")).to_contain_text(refusal)
    axe_check(leader, "approval refused")
    approve.locator("#id_note").fill("Gruppe 1 har bekræftet mundtligt på lederforum.")
    navigate(leader, approve.locator("button[type=submit]"))
    edition.refresh_from_db()
    assert (edition.status, edition.number) == (Edition.Status.PUBLISHED, 1)

    # The PDF's progress: the page polls and shows the download when the job is ready.
    job = RenderJob.objects.get(edition=edition)
    assert job.status == RenderJob.Status.READY  # tasks run eagerly here
    RenderJob.objects.filter(pk=job.pk).update(status=RenderJob.Status.RENDERING)
    leader.reload()
    leader.evaluate("window.__marker = 'no reload'")
    status = leader.locator("#render-status")
    expect(status).to_contain_text(
        t("The PDF is being made. This page shows the download when it is ready.")
    )
    axe_check(leader, "published, rendering")
    RenderJob.objects.filter(pk=job.pk).update(status=RenderJob.Status.READY)
    download_button = status.locator("a[href$='/pdf/']")
    expect(download_button).to_be_visible(timeout=5_000)
    assert leader.evaluate("window.__marker") == "no reload"
    axe_check(leader, "published, ready")
    screenshot(leader, f"catalogue-published-{lang}")

    with leader.expect_download() as download_info:
        download_button.click()
    data = open(download_info.value.path(), "rb").read()  # noqa: SIM115 - read whole, once
    assert data.startswith(b"%PDF")
    text = squash(pdf_text(data))
    assert t("Contents") in text and t("Quality initiatives") in text

    # Every selected initiative and ideal value, in its group's section.
    # A group's name appears in the contents and then once more, as its section's heading.
    positions = [text.rindex(group.name) for group in groups]
    assert positions == sorted(positions)
    bounds = list(zip(positions, [*positions[1:], len(text)], strict=True))
    for group, (start, end) in zip(groups, bounds, strict=True):
        section = text[start:end]
        for idea in Idea.objects.filter(group=group, status=Idea.Status.SELECTED):
            assert idea.title in section, (group.name, idea.title)
        for value in Value.objects.filter(group=group, is_ideal=True):
            assert value.name in section, (group.name, value.name)
    assert "Åbent værksted om lørdagen" not in text  # proposed, not selected

    # Members of the organisation see it too.
    member = page_at("phone")
    login(member, membership("sofie"), DEMO_PASSWORD)
    choose_language(member, lang)
    member.goto(reverse("catalog:catalogue", args=[process.pk]))
    expect(member.locator("main")).to_contain_text(t("Published editions"))
    axe_check(member, "catalogue (member, phone)")
