"""The editorial workflow: draft -> review -> approved -> published.

- The facilitator writes the foreword and introduction of a draft and sends it to review;
  that compiles the frozen snapshot. If the readiness checks are not met, going on needs a
  reason, which is recorded on the edition.
- In review, each group lead confirms their group's pages or asks for changes with a comment.
  The facilitator can take the edition back to draft (to fix things in the debate), which
  drops the reviews, since the next compilation may differ.
- The leader approves. Approval with groups that have not confirmed needs a note. Approving
  publishes: the edition gets the next number and a PDF rendering is queued once the
  transaction has committed. If the queue cannot be reached, the publication is undone and
  the edition stays approved, so the leader can publish again later and nothing is lost.
"""

from __future__ import annotations

import logging
from functools import partial

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core import jobs
from core.queueing import QUEUE_ERRORS
from organisations.models import Membership
from processes.models import Group, Phase, Process

from ..models import TEXT_MAX_LENGTH, Edition, GroupReview, RenderJob
from . import CatalogueError
from .compile import compile_snapshot
from .readiness import catalogue_checks, is_ready
from .rendering import SERVICE_DOWN_MESSAGE, queue_render

logger = logging.getLogger(__name__)
Status = Edition.Status


def edition_in_the_works(process: Process) -> Edition | None:
    return process.catalogue_editions.exclude(status=Status.PUBLISHED).first()


def _locked(edition: Edition) -> Edition:
    return Edition.objects.select_for_update().get(pk=edition.pk)


class StartRefused(CatalogueError):
    """The process has not reached the catalogue phase and no reason was given."""


def start_edition(*, actor: Membership, process: Process, override_reason: str = "") -> Edition:
    """A new draft, starting from the newest edition's texts when there is one.

    The method places the catalogue at the waist of the hourglass: before the process has
    reached the catalogue phase, starting needs a reason (`StartRefused` without one), which
    is recorded on the edition with the phase it was started in, as a phase move records
    its override. The reason is dropped when the process is in the catalogue phase or later.
    """
    with transaction.atomic():
        # Serialise concurrent starts on the process row; the unique constraint backs it up.
        locked = Process.objects.select_for_update().get(pk=process.pk)
        if edition_in_the_works(process):
            raise CatalogueError(_("An edition is already in the works for this process."))
        early = locked.current_phase.index < Phase.CATALOGUE.index
        reason = override_reason.strip() if early else ""
        if early and not reason:
            raise StartRefused(
                _(
                    "The process is in “%(phase)s”; the catalogue belongs to “%(catalogue)s”. "
                    "Move the process on first, or give a reason for starting now."
                )
                % {"phase": locked.get_phase_display(), "catalogue": Phase.CATALOGUE.label}
            )
        if len(reason) > TEXT_MAX_LENGTH:
            raise StartRefused(
                _("Keep the reason under %(count)d characters.") % {"count": TEXT_MAX_LENGTH}
            )
        latest = process.catalogue_editions.filter(status=Status.PUBLISHED).first()
        edition = Edition(
            process=process,
            created_by=actor,
            started_in_phase=locked.phase,
            early_start_reason=reason,
        )
        if latest:
            for field in ("title", "foreword", "introduction", "language", "include_participants"):
                setattr(edition, field, getattr(latest, field))
        else:
            edition.title = process.title
            edition.include_participants = (
                process.author_visibility == Process.AuthorVisibility.NAMED
            )
        edition.save()
        return edition


def update_draft(*, actor: Membership, edition: Edition, **fields) -> Edition:
    """Change the texts and settings of a draft (title, foreword, introduction, language,
    participants appendix)."""
    with transaction.atomic():
        edition = _locked(edition)
        if not edition.is_editable:
            raise CatalogueError(_("Only a draft can be edited. Take the edition back to draft."))
        for name, value in fields.items():
            setattr(edition, name, value)
        edition.save()
        return edition


def preview_snapshot(edition: Edition) -> dict:
    """What the edition shows: its frozen snapshot, or for a draft the material as it is now."""
    if edition.status == Status.DRAFT or not edition.snapshot:
        return compile_snapshot(edition.process, include_participants=edition.include_participants)
    return edition.snapshot


def submit_for_review(*, actor: Membership, edition: Edition, override_reason: str = "") -> Edition:
    with transaction.atomic():
        edition = _locked(edition)
        if edition.status != Status.DRAFT:
            raise CatalogueError(_("Only a draft can be sent to review."))
        snapshot = compile_snapshot(
            edition.process, include_participants=edition.include_participants
        )
        checks = catalogue_checks(snapshot)
        override_reason = override_reason.strip()
        if not is_ready(checks) and not override_reason:
            raise CatalogueError(
                _(
                    "The catalogue does not meet every requirement yet. Give a reason to "
                    "send it to review anyway."
                )
            )
        edition.snapshot = snapshot
        edition.compiled_at = timezone.now()
        edition.readiness_override_reason = "" if is_ready(checks) else override_reason
        edition.status = Status.REVIEW
        edition.submitted_by = actor
        edition.submitted_at = timezone.now()
        edition.save()
        edition.reviews.all().delete()
        return edition


def back_to_draft(*, actor: Membership, edition: Edition) -> Edition:
    """Take an edition in review (or approved but not yet published) back to draft: its
    snapshot, approval and reviews go, since the next compilation may differ."""
    with transaction.atomic():
        edition = _locked(edition)
        if edition.status not in (Status.REVIEW, Status.APPROVED):
            raise CatalogueError(_("Only an edition in review can be taken back to draft."))
        edition.status = Status.DRAFT
        edition.snapshot = {}
        edition.compiled_at = None
        edition.approved_by = None
        edition.approved_at = None
        edition.approval_note = ""
        edition.save()
        edition.reviews.all().delete()
        return edition


def review_group(
    *, actor: Membership, edition: Edition, group: Group, decision: str, comment: str = ""
) -> GroupReview:
    """The group's lead confirms the group's pages, or asks for changes with a comment."""
    comment = comment.strip()
    if decision == GroupReview.Decision.CHANGES and not comment:
        raise CatalogueError(_("Say what should change."))
    with transaction.atomic():
        edition = _locked(edition)
        if edition.status != Status.REVIEW:
            raise CatalogueError(_("The edition is not in review."))
        if group.process_id != edition.process_id or group.pk not in snapshot_group_ids(edition):
            raise CatalogueError(_("The group is not part of this edition."))
        review, _created = GroupReview.objects.update_or_create(
            edition=edition,
            group=group,
            defaults={"decision": decision, "comment": comment, "reviewer": actor},
        )
        return review


def snapshot_group_ids(edition: Edition) -> set[int]:
    return {g["id"] for g in edition.snapshot.get("groups", [])}


def unconfirmed_groups(edition: Edition) -> list[str]:
    confirmed = set(
        edition.reviews.filter(decision=GroupReview.Decision.CONFIRMED).values_list(
            "group_id", flat=True
        )
    )
    return [g["name"] for g in edition.snapshot.get("groups", []) if g["id"] not in confirmed]


def approve(*, actor: Membership, edition: Edition, note: str = "") -> Edition:
    """The leader approves the edition under review; it is then published."""
    note = note.strip()
    with transaction.atomic():
        edition = _locked(edition)
        if edition.status != Status.REVIEW:
            raise CatalogueError(_("Only an edition in review can be approved."))
        if unconfirmed_groups(edition) and not note:
            raise CatalogueError(
                _(
                    "Not every group lead has confirmed their group's pages. Write a note "
                    "to approve anyway."
                )
            )
        edition.status = Status.APPROVED
        edition.approved_by = actor
        edition.approved_at = timezone.now()
        edition.approval_note = note
        edition.save()
    return publish(actor=actor, edition=edition)


def publish(*, actor: Membership, edition: Edition) -> Edition:
    """Give the approved edition its number and queue its PDF.

    The task is queued once the transaction has committed, so the worker finds the job row.
    Called outside a transaction (as the views do), a broker that cannot be reached shows up
    here, and the publication is undone in a new transaction.
    """
    try:
        with transaction.atomic():
            edition = _locked(edition)
            if edition.status != Status.APPROVED:
                raise CatalogueError(_("Only an approved edition can be published."))
            Process.objects.select_for_update().get(pk=edition.process_id)
            latest = Edition.objects.filter(process_id=edition.process_id).aggregate(
                n=Max("number")
            )
            edition.number = (latest["n"] or 0) + 1
            edition.status = Status.PUBLISHED
            edition.published_at = timezone.now()
            edition.save()
            job = RenderJob.objects.create(edition=edition)
            transaction.on_commit(partial(queue_render, job), robust=False)
    except QUEUE_ERRORS as error:
        logger.warning("Could not queue the rendering of edition %s: %s", edition.pk, error)
        with transaction.atomic():
            RenderJob.objects.filter(pk=job.pk).delete()
            Edition.objects.filter(pk=edition.pk).update(
                status=Status.APPROVED, number=None, published_at=None
            )
        raise CatalogueError(
            _(
                "The catalogue could not be published because the PDF service cannot be "
                "reached right now. The approval is kept; try publishing again in a moment."
            )
        ) from error
    edition.refresh_from_db()
    return edition


def retry_render(*, actor: Membership, edition: Edition) -> RenderJob:
    """Queue a failed or stalled rendering again (the button shown with the error)."""
    try:
        with transaction.atomic():
            job = RenderJob.objects.select_for_update().get(edition=edition)
            # A stalled job (its worker or message lost) is still "rendering" or "queued" in
            # the row; it is shown as failed and may be retried like one.
            if job.shown_status != RenderJob.Status.FAILED:
                raise CatalogueError(_("The PDF is not in a failed state."))
            job.queue_again()
            transaction.on_commit(partial(queue_render, job), robust=False)
    except QUEUE_ERRORS as error:
        jobs.fail(RenderJob, job.pk, str(SERVICE_DOWN_MESSAGE))
        raise CatalogueError(str(SERVICE_DOWN_MESSAGE)) from error
    job.refresh_from_db()
    return job
