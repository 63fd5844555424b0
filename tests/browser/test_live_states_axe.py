"""Accessibility of the states that exist only in the middle of a seminar.

The page crawl (test_axe_every_page) sees each page once, as the demo leaves it. During a
seminar the plenary board and the phone's live view also show a running agenda item, a
running timer, an open round (with its "Place your dots" button in a green alert) and a
closed round's results. This test sets up all of them and runs axe on the board, the phone's
live view and the group's debate page on a phone, and on the facilitator's live controls.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from core.management.commands.load_demo import DEMO_PASSWORD, DEMO_SLUG
from debate.models import RoundCandidate
from debate.services import rounds as round_services
from live import services as live_services
from processes.models import Group, Seminar
from tests.browser.demo import load_demo, membership

pytestmark = pytest.mark.browser


def t(text: str) -> str:
    with translation.override("da"):  # the browser contexts ask for Danish
        return translation.gettext(text)


@pytest.fixture
def mid_seminar():
    """The demo's midway seminar with group work running (item and timer), a closed round
    with results and an open round for the member's group."""
    load_demo()
    group = Group.objects.select_related("process").get(
        process__organisation__slug=DEMO_SLUG, name__startswith="Gruppe 1"
    )
    process = group.process
    seminar = Seminar.objects.get(process=process, kind=Seminar.Kind.MIDWAY)
    facilitator = membership("facilitator")
    item = seminar.agenda_items.filter(title__startswith="Gruppearbejde").first()
    live_services.set_running_item(actor=facilitator, seminar=seminar, item=item)
    live_services.start_timer(actor=facilitator, seminar=seminar, minutes=25)

    first = round_services.open_round(
        actor=facilitator, process=process, title="Runde 1", dots_per_person=2, group=group
    )
    voter = membership("jens")  # the external representative, in Gruppe 1
    for candidate in RoundCandidate.objects.filter(round=first)[:2]:
        round_services.place_dot(actor=voter, round=first, candidate=candidate)
    round_services.close_round(actor=facilitator, round=first)
    second = round_services.open_round(
        actor=facilitator,
        process=process,
        title="Runde 2: de vigtigste",
        dots_per_person=3,
        group=group,
    )
    return {"process": process, "seminar": seminar, "group": group, "item": item, "open": second}


def test_the_board_and_the_phone_pass_axe_while_the_seminar_runs(
    page_at, login, axe_check, screenshot, mid_seminar
):
    process, seminar, group = mid_seminar["process"], mid_seminar["seminar"], mid_seminar["group"]
    item_title, open_round = mid_seminar["item"].title, mid_seminar["open"]

    projector = page_at("desktop")
    login(projector, membership("leader"), DEMO_PASSWORD)
    projector.goto(reverse("live:board", args=[process.pk, seminar.pk]))
    expect(projector.locator(".qh-board-item")).to_contain_text(item_title)
    expect(projector.locator(".qh-board-round--open")).to_contain_text(open_round.title)
    expect(projector.locator(".qh-board-results").first).to_be_visible()
    axe_check(projector, "board: running item, timer, open and closed rounds")
    screenshot(projector, "live-board-mid-seminar")

    phone = page_at("phone")
    login(phone, membership("jens"), DEMO_PASSWORD)
    phone.goto(reverse("live:live_group", args=[process.pk, seminar.pk, group.pk]))
    expect(phone.locator(".qh-live-item")).to_contain_text(item_title)
    button = phone.locator(".qh-round-alert a.button-primary")
    expect(button).to_contain_text(t("Place your dots"))
    # White on the design system's green: 4.9:1 (dark text there was 3.7:1).
    assert button.evaluate("b => getComputedStyle(b).color") == "rgb(255, 255, 255)"
    axe_check(phone, "phone: running item, timer, open round alert")
    screenshot(phone, "live-group-mid-seminar")

    phone.goto(reverse("debate:group_debate", args=[process.pk, group.pk]))
    expect(phone.locator(".alert a.button-primary").first).to_be_visible()
    axe_check(phone, "group debate with an open round")

    desk = page_at("desktop")
    login(desk, membership("facilitator"), DEMO_PASSWORD)
    desk.goto(reverse("live:seminar_control", args=[process.pk, seminar.pk]))
    axe_check(desk, "live controls with the timer running")
