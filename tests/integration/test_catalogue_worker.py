"""The catalogue's PDF pipeline end to end: a real worker, Redis, PostgreSQL and WeasyPrint."""

import hashlib
import io
import re
import time

import pikepdf
import pytest
from django.utils import translation

from catalog.models import Edition, RenderJob
from catalog.services import CatalogueError, parts, workflow
from catalog.tasks import render_edition
from processes.models import Phase, Process
from tests.catalog.conftest import build_material
from tests.catalog.pdf_text import pdf_pages, pdf_text, squash

from .conftest import point_app_at

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def wait_for(job_id: int, statuses: set[str], timeout: float = 90) -> RenderJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = RenderJob.objects.get(pk=job_id)
        if job.status in statuses:
            return job
        time.sleep(0.3)
    raise AssertionError(f"render job {job_id} stayed {job.status!r} (error: {job.error!r})")


def files_of(edition: Edition) -> list:
    from django.conf import settings

    folder = settings.MEDIA_ROOT / "catalogues" / f"process-{edition.process_id}"
    return sorted(folder.glob("*")) if folder.exists() else []


def in_review(process, facilitator, leads, **material):
    ideas = build_material(process, leads, **material)
    Process.objects.filter(pk=process.pk).update(phase=Phase.CATALOGUE)
    edition = workflow.start_edition(actor=facilitator, process=process)
    return workflow.submit_for_review(actor=facilitator, edition=edition), ideas


def test_publishing_queues_a_render_that_a_worker_turns_into_one_pdf(
    start_worker, process, facilitator, leader, group_lead, second_lead
):
    start_worker()
    edition, material = in_review(process, facilitator, [group_lead, second_lead])
    edition = workflow.approve(actor=leader, edition=edition, note="ok")
    job = RenderJob.objects.get(edition=edition)
    assert job.status in (RenderJob.Status.QUEUED, RenderJob.Status.RENDERING)

    job = wait_for(job.pk, {RenderJob.Status.READY, RenderJob.Status.FAILED})
    assert job.status == RenderJob.Status.READY, job.error
    data = job.file.open("rb").read()
    assert hashlib.sha256(data).hexdigest() == job.checksum
    assert job.size == len(data) and job.page_count >= 5
    text = squash(pdf_text(data))
    for items in material.values():
        for idea in items["ideas"]:
            assert idea.title in text
    assert [f.name for f in files_of(edition)] == ["edition-1.pdf"]

    # The same task again (a duplicate delivery) changes nothing: still one file, same sum.
    render_edition.apply_async(args=[job.pk])
    time.sleep(3)
    again = RenderJob.objects.get(pk=job.pk)
    assert (again.status, again.checksum, again.attempts) == ("ready", job.checksum, job.attempts)
    assert [f.name for f in files_of(edition)] == ["edition-1.pdf"]

    # A retry after a failure renders again into the same single file.
    RenderJob.objects.filter(pk=job.pk).update(status="failed", error="Simulated")
    workflow.retry_render(actor=leader, edition=edition)
    job = wait_for(job.pk, {RenderJob.Status.READY, RenderJob.Status.FAILED})
    assert job.status == RenderJob.Status.READY and job.attempts == 2
    assert [f.name for f in files_of(edition)] == ["edition-1.pdf"]
    assert hashlib.sha256(job.file.open("rb").read()).hexdigest() == job.checksum


def test_a_prefork_worker_renders_a_long_catalogue_in_parts(
    worker_env, start_worker, process, facilitator, leader, group_lead, second_lead
):
    # As in production (Celery's default prefork pool, whose children are daemons): the
    # rendering process starts processes of its own for the parts and joins their PDFs.
    worker_env.update(PDF_RENDER_PROCESSES="2", PDF_PARTS_MIN_CHARS="0")
    worker = start_worker(pool="prefork")
    edition, material = in_review(process, facilitator, [group_lead, second_lead], initiatives=8)
    edition = workflow.approve(actor=leader, edition=edition, note="ok")
    job = wait_for(RenderJob.objects.get(edition=edition).pk, {"ready", "failed"}, timeout=120)
    assert job.status == RenderJob.Status.READY, job.error
    data = job.file.open("rb").read()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert parts.FONT_KEY in pdf.pages[-1].Resources.Font  # joined from parts
    pages = pdf_pages(data)
    total = len(pages) - 1
    assert job.page_count == total
    for number, text in enumerate(pages[1:total], start=2):
        assert re.search(rf"\b{number} ?/ ?{total}\b", squash(text)), number
    text = squash(pdf_text(data))
    for items in material.values():
        for idea in items["ideas"]:
            assert idea.title in text
    assert "Traceback" not in worker.log.read_text()


def test_a_worker_killed_mid_render_leaves_the_edition_ready_with_one_file(
    start_worker, process, facilitator, leader, group_lead, second_lead
):
    # Enough material that the render takes a few seconds.
    edition, _material = in_review(process, facilitator, [group_lead, second_lead], initiatives=60)
    first = start_worker()
    edition = workflow.approve(actor=leader, edition=edition, note="ok")
    job = wait_for(RenderJob.objects.get(edition=edition).pk, {"rendering", "ready"})
    assert job.status == RenderJob.Status.RENDERING, "the render finished before the kill"
    first.kill()
    assert RenderJob.objects.get(pk=job.pk).status == RenderJob.Status.RENDERING

    # A new worker gets the unacknowledged message once the visibility timeout has passed.
    start_worker()
    job = wait_for(job.pk, {RenderJob.Status.READY, RenderJob.Status.FAILED}, timeout=120)
    assert job.status == RenderJob.Status.READY, job.error
    assert job.attempts == 2
    assert [f.name for f in files_of(edition)] == ["edition-1.pdf"]
    data = job.file.open("rb").read()
    assert hashlib.sha256(data).hexdigest() == job.checksum


def test_publishing_with_redis_down_fails_clearly_and_loses_nothing(
    worker_env, process, facilitator, leader, group_lead, second_lead
):
    edition, _material = in_review(process, facilitator, [group_lead, second_lead])
    point_app_at("redis://127.0.0.1:1/0", eager=False)  # nothing listens on port 1
    with (
        translation.override("en"),
        pytest.raises(CatalogueError, match="the PDF service cannot be reached right now"),
    ):
        workflow.approve(actor=leader, edition=edition, note="Godkendt før nedbruddet.")
    edition.refresh_from_db()
    assert edition.status == Edition.Status.APPROVED
    assert edition.number is None and edition.approval_note == "Godkendt før nedbruddet."
    assert not RenderJob.objects.filter(edition=edition).exists()

    # Once the broker is back, publishing works and the approval was kept.
    point_app_at(worker_env["REDIS_URL"], eager=False)
    edition = workflow.publish(actor=leader, edition=edition)
    assert (edition.status, edition.number) == (Edition.Status.PUBLISHED, 1)
    assert RenderJob.objects.get(edition=edition).status == RenderJob.Status.QUEUED
