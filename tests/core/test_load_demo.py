import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from catalog.models import Edition, RenderJob
from core.management.commands.load_demo import DEMO_PASSWORD, DEMO_SLUG
from implementation.models import (
    Implementation,
    Indicator,
    Initiative,
    Measurement,
    ProgressUpdate,
    TrialAction,
)
from organisations.models import Membership, Organisation
from processes.models import (
    AgendaItem,
    FrameworkDocument,
    Group,
    GroupMeeting,
    GroupMembership,
    Phase,
    Process,
    Seminar,
    Theme,
)

pytestmark = pytest.mark.django_db

Role = Membership.Role
COUNTED = [
    Organisation,
    Membership,
    get_user_model(),
    Process,
    Theme,
    FrameworkDocument,
    Seminar,
    AgendaItem,
    Group,
    GroupMembership,
    GroupMeeting,
    Edition,
    Implementation,
    Initiative,
    Indicator,
    Measurement,
    TrialAction,
    ProgressUpdate,
]


def load():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def current_process() -> Process:
    """The process about to begin (the demo's other process is the previous cycle)."""
    return Process.objects.filter(organisation__slug=DEMO_SLUG).order_by("-start_date").first()


def previous_process() -> Process:
    return Process.objects.get(organisation__slug=DEMO_SLUG, phase=Phase.IMPLEMENTATION)


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_loading_twice_leaves_the_same_data():
    load()
    first = counts()
    load()

    assert counts() == first
    assert Organisation.objects.filter(slug=DEMO_SLUG).count() == 1
    assert first["Membership"] == 20


def test_it_prints_the_demo_logins(capsys):
    call_command("load_demo")

    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    for login in ["facilitator", "leader", "gruppeleder", "medlem", "ekstern"]:
        assert f"{login}@demo.qualityhub.dk" in out


def test_it_refuses_to_run_in_production(settings):
    from django.core.management.base import CommandError

    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="production"):
        load()
    assert not Organisation.objects.filter(slug=DEMO_SLUG).exists()


# -- The previous cycle: the Odense example carried into implementation (issue 13) ----------


def test_the_previous_catalogue_pdf_is_rendered_unless_asked_not_to(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    # Tasks run eagerly here as with `make run`: the PDF is made once the load commits.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    job = RenderJob.objects.get(edition__process=previous_process())
    assert job.status == RenderJob.Status.READY and job.file

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", "--without-pdf", stdout=open("/dev/null", "w"))  # noqa: SIM115
    job = RenderJob.objects.get(edition__process=previous_process())
    assert job.status == RenderJob.Status.QUEUED and not job.file
