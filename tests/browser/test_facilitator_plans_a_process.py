"""Issue 2's main flow in a real browser: a facilitator plans a process from nothing.

Organisation -> process -> themes tied to value streams -> one group per theme -> the three
seminars with agendas (one item added and moved with htmx, no reload) -> composed groups ->
the process page with the hourglass. Every page passes axe; the flow runs in all three
languages, English and Norwegian at desktop width and Danish at phone width (a fourth run,
Danish at desktop width, added no language and no width and cost the suite about 15 s).
"""

from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from processes.models import AgendaItem, GroupMembership, Process, Seminar, ValueStream
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.browser


def t(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


def submit(page, form_selector: str = "main form:has(button[type=submit])"):
    with page.expect_navigation():
        page.locator(form_selector).last.locator("button[type=submit]").first.click()


@pytest.mark.parametrize(("lang", "width"), [("en", "desktop"), ("nb", "desktop"), ("da", "phone")])
def test_a_facilitator_plans_a_process_from_nothing(
    page_at, login, axe_check, screenshot, lang, width
):
    # The live server's database is flushed between tests, reference data included.
    if not ValueStream.objects.exists():
        import_module("processes.migrations.0002_value_streams").load(apps, None)
    user = UserFactory(username=f"planner-{lang}-{width}@example.org")
    page = page_at(width)
    login(page, user)

    # Language first, with the footer switcher.
    page.locator("#language-select").select_option(lang)
    with page.expect_navigation():
        page.locator("form.qh-language button[type=submit]").click()
    assert page.evaluate("document.documentElement.lang") == lang
    axe_check(page, "empty dashboard")

    # Organisation.
    page.goto(reverse("organisations:create"))
    page.locator("#id_name").fill(f"Odense Værkstederne {lang} {width}")
    submit(page)
    organisation = user.memberships.get().organisation
    for n in range(6):
        MembershipFactory(
            organisation=organisation,
            department=["Træ", "Metal", "Kantine"][n % 3],
            professional_background=["Pædagog", "Håndværker"][n % 2],
        )

    # Process.
    page.goto(reverse("processes:process_create", args=[organisation.slug]))
    axe_check(page, "process form")
    page.locator("#id_title").fill("Slip værdidebatten løs")
    page.locator("#id_start_date").fill("2027-02-01")
    page.locator("#id_end_date").fill("2027-06-01")
    submit(page)
    process = Process.objects.get(organisation=organisation)
    assert page.url.endswith(reverse("processes:detail", args=[process.pk]))
    assert process.participants.count() == 7

    # Three themes, each tied to value streams.
    for n, title in enumerate(["Fremtidens dagtilbud", "Faglige værdier", "Brugerinddragelse"]):
        page.goto(reverse("processes:theme_create", args=[process.pk]))
        page.locator("#id_title").fill(title)
        page.locator(f"#id_value_streams_{n}").check()
        page.locator("#id_value_streams_6").check()
        submit(page)
    assert process.themes.count() == 3
    page.goto(reverse("processes:theme_list", args=[process.pk]))
    axe_check(page, "theme list")

    # One group per theme.
    page.goto(reverse("processes:group_list", args=[process.pk]))
    submit(page, f"form[action='{reverse('processes:groups_from_themes', args=[process.pk])}']")
    assert process.groups.count() == 3
    axe_check(page, "group list")

    # The three seminars, planned with the shortcut.
    page.goto(reverse("processes:seminar_list", args=[process.pk]))
    submit(page, f"form[action='{reverse('processes:seminar_plan', args=[process.pk])}']")
    assert set(process.seminars.values_list("kind", flat=True)) == {
        Seminar.Kind.KICKOFF,
        Seminar.Kind.MIDWAY,
        Seminar.Kind.WRAPUP,
    }
    axe_check(page, "seminar list")

    # An agenda item added and moved up with htmx, without a page load.
    kickoff = process.seminars.get(kind=Seminar.Kind.KICKOFF)
    before = kickoff.agenda_items.count()
    page.goto(reverse("processes:seminar_detail", args=[process.pk, kickoff.pk]))
    page.evaluate("window.__stillHere = true")
    add = page.locator("form.qh-agenda__add")
    add.locator("[name=new-title]").fill("Café-møde om værdier")
    add.locator("[name=new-duration_minutes]").fill("20")
    add.locator("button[type=submit]").click()
    page.locator("#agenda", has_text="Café-møde om værdier").wait_for()
    assert kickoff.agenda_items.count() == before + 1
    assert page.evaluate("window.__stillHere === true"), "the add reloaded the page"
    item = AgendaItem.objects.get(seminar=kickoff, title="Café-møde om værdier")
    move_url = reverse("processes:agenda_item_move", args=[process.pk, kickoff.pk, item.pk])
    page.locator(f"form[action='{move_url}']").first.locator("button").click()
    for _ in range(50):  # the swap lands within a few hundred milliseconds
        item.refresh_from_db()
        if item.position == before - 1:
            break
        page.wait_for_timeout(100)
    assert item.position == before - 1
    assert page.evaluate("window.__stillHere === true"), "the move reloaded the page"
    axe_check(page, "seminar page")
    screenshot(page, f"seminar-{lang}-{width}")

    # Compose the groups for diversity and accept the proposal.
    # Both buttons work through htmx on this page: the panel swaps in place.
    page.goto(reverse("processes:composition", args=[process.pk]))
    propose = reverse("processes:composition_propose", args=[process.pk])
    accept = f"form[action='{reverse('processes:composition_accept', args=[process.pk])}']"
    page.locator(f"form[action='{propose}'] button[type=submit]").click()
    page.locator(accept).wait_for()
    axe_check(page, "composition proposal")
    page.locator(f"{accept} button[type=submit]").click()
    page.wait_for_function("sel => !document.querySelector(sel)", arg=accept, timeout=10_000)
    assert GroupMembership.objects.filter(process=process).count() == 7

    # The process page shows the hourglass in the chosen language.
    page.goto(reverse("processes:detail", args=[process.pk]))
    assert page.evaluate("document.documentElement.lang") == lang
    current = page.locator(".step-indicator [aria-current=step]")
    assert t(lang, "Value debate") in current.inner_text()
    axe_check(page, "process page")
    screenshot(page, f"process-{lang}-{width}")
