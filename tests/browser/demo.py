"""Helpers for browser tests that run on the demo organisation (`load_demo`)."""

from importlib import import_module
from io import StringIO

from django.apps import apps
from django.core.management import call_command

from core.management.commands.load_demo import DEMO_SLUG, PEOPLE
from organisations.models import Membership
from processes.models import ValueStream


def load_demo() -> None:
    # The live server's database is flushed between tests, reference data included.
    if not ValueStream.objects.exists():
        import_module("processes.migrations.0002_value_streams").load(apps, None)
    # The previous cycle's catalogue PDF is not needed: rendering it would cost every test
    # seconds (tasks run eagerly here).
    call_command("load_demo", "--without-pdf", stdout=StringIO())


def membership(key: str) -> Membership:
    """A demo person's membership, by their key in `load_demo.PEOPLE`."""
    person = next(p for p in PEOPLE if p.key == key)
    return Membership.objects.select_related("user").get(
        organisation__slug=DEMO_SLUG, user__username=person.email
    )


def demo_process():
    """The demo's process about to begin (its other process is the previous cycle, already
    in implementation)."""
    from processes.models import Process

    return Process.objects.filter(organisation__slug=DEMO_SLUG).order_by("-start_date").first()


def navigate(page, locator) -> None:
    """Click something that loads a new page, and wait for it."""
    with page.expect_navigation():
        locator.click()


def load_demo_with_everything():
    """The demo with every kind of page present: an open round, a published catalogue
    edition (rendered at once: tasks run eagerly in tests) and the next one in review.
    Returns the demo process."""
    from catalog.services import workflow
    from debate.services import rounds as round_services
    from processes.models import Group

    load_demo()
    facilitator, leader = membership("facilitator"), membership("leader")
    group = Group.objects.get(name__startswith="Gruppe 3")
    round_services.open_round(
        actor=facilitator,
        process=group.process,
        title="Runde 1: vores vigtigste værdier",
        dots_per_person=3,
        group=group,
    )
    for number in (1, 2):
        # The demo is still in the value debate: the phase gate wants a reason.
        edition = workflow.start_edition(
            actor=facilitator,
            process=group.process,
            override_reason="Et første udkast, så ledelsen kan se formen.",
        )
        edition = workflow.submit_for_review(
            actor=facilitator, edition=edition, override_reason="Gruppe 2 mangler endnu."
        )
        if number == 1:
            workflow.approve(actor=leader, edition=edition, note="Godkendt.")
    return group.process
