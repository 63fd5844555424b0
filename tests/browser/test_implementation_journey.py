"""Issue 13's journey in a real browser, on the demo.

The demo's current process has just published its catalogue (the setup does that through the
catalogue's services); the leader starts implementation from the published edition on a
desktop. Sofie, the demo member, owns the MUS conversations of the previous cycle (the demo's
process already in implementation): on her phone she adds a measurement (a mistyped one
first), plans a trial action and writes a progress update. The leader's overview shows the run
chart's signal, across the process and the organisation, and the status report PDF names every
initiative and indicator. Every page passes axe; after each htmx swap, focus lands on what the
swap says.
"""

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from catalog.models import Edition
from catalog.services import workflow
from core.management.commands._demo_implementation import _render_later
from core.management.commands.load_demo import DEMO_PASSWORD, DEMO_SLUG
from debate.models import Idea
from debate.services import ideas as idea_services
from debate.services import values as value_services
from implementation import runchart
from implementation.models import (
    Implementation,
    Indicator,
    Initiative,
    Measurement,
    ProgressUpdate,
    TrialAction,
)
from processes.models import Group, Phase, Process
from processes.services import phases
from tests.browser.demo import demo_process, load_demo, membership, navigate
from tests.catalog.pdf_text import pdf_text, squash

pytestmark = pytest.mark.browser

LANG = "da"  # the browser contexts ask for Danish (locale da-DK)
MUS = "Andel brugere med MUS-samtale det seneste år"


def t(text: str, **params) -> str:
    with translation.override(LANG):
        translated = translation.gettext(text)
    return translated % params if params else translated


def publish_the_catalogue(process: Process) -> Edition:
    """The current process at the waist of the hourglass: group 2 finishes its debate, the
    process moves on to the catalogue (the unmet round is overridden with a reason, as on
    the process page) and edition 1 is published. Its PDF is not needed here."""
    facilitator, leader = membership("facilitator"), membership("leader")
    group = Group.objects.get(process=process, name__startswith="Gruppe 2")
    author = membership("sofie")
    value = value_services.add_value(
        actor=author,
        group=group,
        name="Faglig nysgerrighed",
        meaning="Vi lærer af hinandens fag.",
    )
    value_services.set_ideal(actor=group.lead, value=value, is_ideal=True)
    for title in ("Fagdag på tværs", "Kollegabesøg i de andre værksteder", "Brugernes fagprøve"):
        idea = idea_services.add_idea(
            actor=author,
            group=group,
            title=title,
            description=f"{title}: et tiltag fra gruppe 2.",
            values=[value],
            propose=True,
        )
        idea_services.set_idea_status(actor=group.lead, idea=idea, status=Idea.Status.SELECTED)
    for _phase in range(2):
        phases.move_phase(
            actor=facilitator,
            process=process,
            direction=phases.NEXT,
            override_reason="Grupperne har prioriteret på gruppemøderne; kataloget samles nu.",
        )
    edition = workflow.start_edition(actor=facilitator, process=process)
    edition = workflow.submit_for_review(actor=facilitator, edition=edition)
    with _render_later(workflow):
        return workflow.approve(actor=leader, edition=edition, note="Godkendt på lederforum.")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_from_the_published_catalogue_to_the_status_report(
    page_at, login, axe_check, screenshot, media
):
    load_demo()
    current = demo_process()
    previous = Process.objects.get(organisation__slug=DEMO_SLUG, phase=Phase.IMPLEMENTATION)
    edition = publish_the_catalogue(current)
    assert edition.status == Edition.Status.PUBLISHED
    selected = set(
        Idea.objects.filter(group__process=current, status=Idea.Status.SELECTED).values_list(
            "title", flat=True
        )
    )

    # -- The leader starts implementation from the published edition. ---------------------
    desk = page_at("desktop")
    login(desk, membership("leader"), DEMO_PASSWORD)
    desk.goto(reverse("processes:detail", args=[current.pk]))
    navigate(desk, desk.locator("nav a", has_text=t("Implementation")).first)
    assert desk.url.endswith(reverse("implementation:home", args=[current.pk]))
    expect(desk.locator(".qh-check")).to_have_count(3)
    expect(desk.locator(".qh-check .badge-warning")).to_have_count(0)
    axe_check(desk, "implementation home, before the start")
    start = desk.locator("main form[action$='start/'] button[type=submit]")
    expect(start).to_have_text(t("Start implementation from edition %(number)s", number=1))
    navigate(desk, start)
    expect(desk.locator(".qh-messages")).to_contain_text(
        t(
            "%(count)d initiatives from edition %(number)d are now tracked here.",
            count=len(selected),
            number=1,
        )
    )
    current.refresh_from_db()
    assert current.phase == Phase.IMPLEMENTATION
    assert Implementation.objects.get(process=current).edition == edition
    started = Initiative.objects.filter(process=current)
    assert set(started.values_list("title", flat=True)) == selected
    for title in selected:
        expect(desk.locator("main table a", has_text=title)).to_have_count(1)
    axe_check(desk, "implementation home, started")
    screenshot(desk, "implementation-started")

    # -- The owner, on her phone, adds a measurement, a trial and an update. ---------------
    sofie = membership("sofie")
    mus = Initiative.objects.get(process=previous, owner=sofie, title="MUS-samtaler for brugerne")
    indicator = Indicator.objects.get(initiative=mus, name=MUS)
    before = indicator.measurements.count()
    phone = page_at("phone")
    login(phone, sofie, DEMO_PASSWORD)
    phone.goto(reverse("implementation:home", args=[previous.pk]))
    axe_check(phone, "implementation home (member, phone)")
    navigate(phone, phone.locator("main table a", has_text=mus.title))
    axe_check(phone, "initiative (owner, phone)")
    navigate(phone, phone.locator("main a.qh-measure-link"))
    axe_check(phone, "add a measurement (phone)")
    section = phone.locator("#measurements-section")
    value = section.locator("input[name=value]")
    expect(section.locator("input[name=measured_on]")).to_have_value(
        timezone.localdate().isoformat()
    )
    # A mistyped value: the form says what is wrong, focus goes to the message, nothing saved.
    value.fill("835")
    phone.evaluate("window.__marker = 'no reload'")
    section.locator("button[type=submit]").click()
    summary = section.locator("[data-error-summary]")
    expect(summary).to_contain_text(t("A percentage is between 0 and 100."))
    expect(summary).to_be_focused()
    assert indicator.measurements.count() == before
    axe_check(phone, "measurement refused (phone)")
    # The value as a Danish phone types it.
    section.locator("input[name=value]").fill("83,5")
    section.locator("button[type=submit]").click()
    saved = section.locator(".alert-success")
    expect(saved).to_be_focused()
    measurement = Measurement.objects.get(indicator=indicator, measured_on=timezone.localdate())
    assert measurement.value == 83.5 and measurement.entered_by == sofie
    assert phone.evaluate("window.__marker") == "no reload"  # swapped in place, not reloaded
    expect(section.locator(f"#measurement-{measurement.pk}")).to_be_attached()
    expect(section.locator(".qh-measure-table tbody tr")).to_have_count(before + 1)
    axe_check(phone, "measurement saved (phone)")
    screenshot(phone, "implementation-measurement-saved")

    phone.goto(mus.get_absolute_url())
    navigate(phone, phone.locator("main a.button-secondary[href$='trials/add/']"))
    axe_check(phone, "plan a trial (phone)")
    trial_title = "Samtaler med tolk for brugere med et andet modersmål"
    phone.locator("#id_title").fill(trial_title)
    phone.locator("#id_expectation").fill("Flere brugere siger ja til en samtale.")
    phone.locator("#id_plan").fill("Kontaktpersonen booker en tolk til de næste fem samtaler.")
    sub_goal = mus.goals.get(text="Samtaleskemaet er lavet sammen med brugerrådet")
    phone.locator("#id_goal").select_option(value=str(sub_goal.pk))
    navigate(phone, phone.locator("main form button[type=submit]"))
    expect(phone.locator(".qh-messages")).to_contain_text(t("The trial action has been planned."))
    trial = TrialAction.objects.get(initiative=mus, title=trial_title)
    assert (trial.stage, trial.created_by, trial.goal) == (TrialAction.Stage.PLAN, sofie, sub_goal)
    axe_check(phone, "trial planned (phone)")

    phone.goto(mus.get_absolute_url())
    form = phone.locator("#update-form")
    form.locator("textarea").fill("Første samtale med tolk er aftalt til næste uge.")
    form.locator("button[type=submit]").click()
    expect(phone.locator("#updates [data-autofocus]")).to_be_focused()
    assert (
        ProgressUpdate.objects.filter(initiative=mus, author=sofie)
        .first()
        .text.startswith("Første samtale med tolk")
    )
    expect(phone.locator("#updates")).to_contain_text("Første samtale med tolk")
    axe_check(phone, "update added (phone)")

    # -- The leader's overview shows the signal, and the overdue initiative. ---------------
    with translation.override(LANG):
        signal = runchart.analyse(
            indicator.measurements.all(),
            better=indicator.better,
            baseline_period_end=indicator.baseline_period_end,
        )
        sentence = signal.describe()
    assert signal.signal and signal.direction == runchart.IMPROVEMENT
    desk.goto(reverse("implementation:overview", args=[previous.pk]))
    signals = desk.locator(".qh-signals")
    expect(signals).to_contain_text(MUS)
    expect(signals).to_contain_text(sentence)
    expect(desk.locator("main")).to_contain_text("Rehabilitering som fælles referenceramme")
    axe_check(desk, "leaders' overview (process)")
    screenshot(desk, "implementation-overview")
    desk.goto(reverse("implementation:organisation_overview", args=[DEMO_SLUG]))
    expect(desk.locator(".qh-signals")).to_contain_text(sentence)
    for title in selected:
        expect(desk.locator("main")).to_contain_text(title)
    axe_check(desk, "leaders' overview (organisation)")

    # -- The status report names every initiative and indicator. ---------------------------
    desk.goto(reverse("implementation:overview", args=[previous.pk]))
    navigate(desk, desk.locator("main a[href$='reports/']"))
    axe_check(desk, "status reports")
    # Tasks run eagerly in tests: the PDF is made before the answer comes back.
    with desk.expect_navigation(timeout=120_000):
        desk.locator("main form[action$='reports/new/'] button[type=submit]").click()
    download = desk.locator("#report-status a[href$='/pdf/']")
    expect(download).to_be_visible(timeout=30_000)
    axe_check(desk, "status report ready")
    with desk.expect_download() as download_info:
        download.click()
    data = open(download_info.value.path(), "rb").read()  # noqa: SIM115 - read whole, once
    assert data.startswith(b"%PDF")
    text = squash(pdf_text(data))
    initiatives = Initiative.objects.filter(process=previous)
    assert initiatives.count() >= 10
    for title in initiatives.values_list("title", flat=True):
        assert squash(title) in text, title
    names = Indicator.objects.filter(initiative__process=previous).values_list("name", flat=True)
    assert len(names) >= 3
    for name in names:
        assert squash(name) in text, name
    assert squash(trial_title) in text
    assert "Samtalen holdes i kantinen" in text  # the abandoned trial, kept as learning
