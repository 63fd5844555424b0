"""The value and idea catalogue: editions compiled from a process, reviewed and published.

An edition starts as a draft the facilitator writes the introduction and foreword for. When
it goes to review, the process's material is compiled into a frozen snapshot (`snapshot`),
so later edits in the debate no longer change it; group leads confirm their group's pages,
and the leader approves, which publishes it with the next number. Every published edition
keeps its snapshot and its PDF, so earlier editions stay downloadable and comparable.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.jobs import PdfJob
from organisations.models import Membership
from processes.models import Group, Phase, Process

TEXT_MAX_LENGTH = 20_000
# The phases before the one the method places the catalogue in.
PHASES_BEFORE_THE_CATALOGUE = tuple(Phase.ordered()[: Phase.CATALOGUE.index])
# A rendering that has run, or waited, this long has lost its worker or its message (a broker
# restart): it is shown as failed with a retry button rather than as "rendering" forever.


class Edition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    process = models.ForeignKey(
        Process,
        on_delete=models.CASCADE,
        related_name="catalogue_editions",
        verbose_name=_("process"),
    )
    # Given when the edition is published: 1, 2, 3 ... per process.
    number = models.PositiveIntegerField(_("edition number"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    language = models.CharField(
        _("language of the catalogue"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    foreword = models.TextField(_("foreword"), max_length=TEXT_MAX_LENGTH, blank=True)
    introduction = models.TextField(_("introduction"), max_length=TEXT_MAX_LENGTH, blank=True)
    include_participants = models.BooleanField(
        _("list the participants (names and roles)"), default=False
    )
    # The compiled material, frozen when the edition goes to review (see services.compile).
    snapshot = models.JSONField(default=dict, blank=True)
    compiled_at = models.DateTimeField(_("compiled"), null=True, blank=True)
    readiness_override_reason = models.TextField(
        _("reason for going on anyway"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    # The phase gate: an edition started before the catalogue phase records why.
    started_in_phase = models.CharField(
        _("phase of the process when started"), max_length=20, choices=Phase.choices, blank=True
    )
    early_start_reason = models.TextField(
        _("reason for starting before the catalogue phase"),
        max_length=TEXT_MAX_LENGTH,
        blank=True,
    )
    submitted_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("sent to review"), null=True, blank=True)
    approved_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approval_note = models.TextField(_("note"), max_length=TEXT_MAX_LENGTH, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["process", "-number", "-pk"]
        verbose_name = _("catalogue edition")
        verbose_name_plural = _("catalogue editions")
        constraints = [
            # One edition in the works per process; published ones are kept alongside.
            models.UniqueConstraint(
                fields=["process"],
                condition=~Q(status="published"),
                name="catalog_one_edition_in_the_works",
            ),
            models.UniqueConstraint(
                fields=["process", "number"],
                condition=Q(number__isnull=False),
                name="catalog_edition_number_unique",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(number__isnull=False),
                name="catalog_published_edition_has_a_number",
            ),
            models.CheckConstraint(
                condition=~Q(started_in_phase__in=PHASES_BEFORE_THE_CATALOGUE)
                | ~Q(early_start_reason=""),
                name="catalog_early_start_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        if self.number:
            return _("Edition %(number)d") % {"number": self.number}
        return str(self.get_status_display())

    def get_absolute_url(self) -> str:
        return reverse("catalog:edition", args=[self.process_id, self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def display_title(self) -> str:
        return self.title or self.snapshot.get("process", {}).get("title", "") or str(self)


class GroupReview(models.Model):
    """A group lead's word on their group's pages in an edition under review."""

    class Decision(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        CHANGES = "changes", _("Changes requested")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="reviews")
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="catalogue_reviews", verbose_name=_("group")
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    comment = models.TextField(_("comment"), max_length=TEXT_MAX_LENGTH, blank=True)
    reviewer = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    updated_at = models.DateTimeField(_("when"), auto_now=True)

    class Meta:
        ordering = ["edition", "group__name"]
        verbose_name = _("group review")
        verbose_name_plural = _("group reviews")
        constraints = [
            models.UniqueConstraint(fields=["edition", "group"], name="catalog_one_review_a_group"),
            models.CheckConstraint(
                condition=~Q(decision="changes") | ~Q(comment=""),
                name="catalog_changes_requested_with_a_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.get_decision_display()}"


def pdf_upload_to(job: "RenderJob", filename: str) -> str:
    return f"catalogues/process-{job.edition.process_id}/{filename}"


class RenderJob(PdfJob):
    """The PDF of a published edition: queued, rendering, ready or failed, with its file.

    The Celery task gets the job's id and keeps all of its state here (`core.jobs`), so a
    page can show progress and a worker that dies leaves a row that says so.
    """

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="render_job")
    file = models.FileField(_("PDF"), upload_to=pdf_upload_to, blank=True)

    class Meta:
        verbose_name = _("PDF rendering")
        verbose_name_plural = _("PDF renderings")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="ready") | (~Q(file="") & ~Q(checksum="")),
                name="catalog_ready_job_has_a_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition}: {self.get_status_display()}"
