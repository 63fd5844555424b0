"""Personal data: what a person downloads about themselves, how a person is anonymised, and
how long an organisation keeps the names of the people in its finished processes.

`DataExport` is a person's download of everything QualityHub holds about them (a ZIP with
JSON and CSV), built by a Celery task that keeps its state in the row; the file is served only
to that person, and only until `expires_at`.

`AnonymisationRecord` logs that an organisation's facilitator (or the retention task)
anonymised someone: a random reference, the day and who did it, never who was anonymised.
`Pseudonym` is what remains of the person: the account their content still points to, named
"Former participant N" with the organisation's running number N.

`RetentionPolicy` is an organisation's retention period for finished processes, and
`RetentionNotice` the facilitators' warning a month before someone's name goes (one per
person and due day, so the daily task warns once).

`EditionNote` is a line in a catalogue edition's history: the edition's PDF was made again
(a new rendition of the same number) without the name of someone who was anonymised.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Edition
from organisations.models import Membership, Organisation

REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    """A random reference such as "Q7M-4KXP-2A": given to the person as a receipt, and
    meaningless without this row."""
    raw = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))
    return f"{raw[:3]}-{raw[3:7]}-{raw[7:]}"


def export_upload_to(export: "DataExport", filename: str) -> str:
    # Under private/: never served from MEDIA_URL, only by the export's own view. A random
    # name, so nothing about the person is in the path.
    return f"private/exports/{uuid.uuid4().hex}.zip"


class DataExport(models.Model):
    """A person's download of their own data, made by a Celery task (see services.export)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be made")
        BUILDING = "building", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    # A random key in the URL: an id sequence would tell how many exports others asked for.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_exports",
        verbose_name=_("person"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    # The language of the README in the file: the page's language when it was asked for.
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    file = models.FileField(_("file"), upload_to=export_upload_to, blank=True, max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    requested_at = models.DateTimeField(_("asked for"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Set when the file is ready: the link works until then, and the purge deletes it after.
    expires_at = models.DateTimeField(_("available until"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("download of own data")
        verbose_name_plural = _("downloads of own data")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="ready") | (~Q(file="") & Q(expires_at__isnull=False)),
                name="privacy_ready_export_has_a_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.requested_at:%Y-%m-%d})"

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED, self.Status.EXPIRED)

    def is_available(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.READY
            and bool(self.file)
            and self.expires_at is not None
            and self.expires_at > now
        )


class AnonymisationRecord(models.Model):
    """That someone in the organisation was anonymised, and by whom: never who it was."""

    class Reason(models.TextChoices):
        REQUEST = "request", _("The person asked for it")
        LEFT = "left", _("The person has left")
        RETENTION = "retention", _("The retention period ran out")

    reference = models.CharField(
        _("reference"), max_length=12, unique=True, default=new_reference, editable=False
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="anonymisations",
        verbose_name=_("organisation"),
    )
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    # Empty when the retention task did it.
    actor = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    # How much was changed, as counts: {"rows": 12, "editions": 1, "reports": 0}.
    summary = models.JSONField(_("what was changed"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["organisation", "-created_at", "-pk"]
        verbose_name = _("anonymisation")
        verbose_name_plural = _("anonymisations")

    def __str__(self) -> str:
        return self.reference


class Pseudonym(models.Model):
    """The account an anonymised person's content points to: "Former participant N"."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pseudonym"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="pseudonyms"
    )
    number = models.PositiveIntegerField(_("number"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["organisation", "number"]
        verbose_name = _("former participant")
        verbose_name_plural = _("former participants")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="privacy_one_number_per_pseudonym"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.number}"


class RetentionPolicy(models.Model):
    """How long the organisation keeps the names of the people in its finished processes."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="retention_policy",
        verbose_name=_("organisation"),
    )
    # Empty: names are kept until a facilitator anonymises someone by hand.
    months = models.PositiveSmallIntegerField(
        _("months after a person's last activity"),
        null=True,
        blank=True,
        help_text=_(
            "Leave empty to keep names until you anonymise someone yourself. The method's "
            "process takes about four months; many organisations keep names for 24 or 36 "
            "months after a person's last activity."
        ),
    )
    updated_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(months__isnull=True) | Q(months__gte=1, months__lte=240),
                name="privacy_retention_within_twenty_years",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.months or '–'}"


class RetentionNotice(models.Model):
    """The facilitators were told that this person's name goes on `due_on`. One per person and
    due day: the daily task warns once, and anonymises only a month after warning."""

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="retention_notices"
    )
    due_on = models.DateField(_("due on"))
    warned_on = models.DateField(_("warned on"))

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("retention warning")
        verbose_name_plural = _("retention warnings")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "due_on"], name="privacy_one_warning_a_due_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.due_on}"


class EditionNote(models.Model):
    """A line in a catalogue edition's history: its PDF was made again without a name."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="history_notes")
    # 2 for the first new rendition of the edition (the published PDF was the first).
    rendition = models.PositiveSmallIntegerField(_("rendition"))
    # The anonymisation's reference (AnonymisationRecord.reference), not the person.
    reference = models.CharField(_("reference"), max_length=12)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["edition", "created_at", "pk"]
        verbose_name = _("note in an edition's history")
        verbose_name_plural = _("notes in editions' histories")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "rendition"], name="privacy_one_note_a_rendition"
            )
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def message(self) -> str:
        return str(
            _(
                "Rendition %(rendition)d of this edition: the PDF was made again without the "
                "name of a person who was anonymised (reference %(reference)s). The content "
                "is otherwise the same."
            )
            % {"rendition": self.rendition, "reference": self.reference}
        )
