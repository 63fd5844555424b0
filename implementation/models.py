"""The bottom half of the hourglass: initiatives carried out across the organisation.

A published catalogue edition starts the implementation (`Implementation`, one per process):
its selected ideas become tracked `Initiative`s that keep their lineage (idea, values, the
rounds that carried them, the edition and its number) as a frozen copy of the edition's
snapshot. Each initiative has an owner and a team, a status whose every change is recorded,
the leader's sign-off that it fits the legal and political frame, an improvement chain (goal,
sub-goals, trial actions run as plan-do-study-act), indicators with measurements read as run
charts, and dated progress updates.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalog.models import Edition
from core.jobs import PdfJob
from core.revisions import RevisionBase
from debate.models import Idea
from organisations.models import Membership
from processes.models import Group, Process, Theme

TEXT_MAX_LENGTH = 20_000


class Implementation(models.Model):
    """The implementation phase of one process: where it started and how it is followed up."""

    process = models.OneToOneField(
        Process, on_delete=models.CASCADE, related_name="implementation", verbose_name=_("process")
    )
    edition = models.ForeignKey(
        Edition,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("started from edition"),
    )
    update_interval_days = models.PositiveSmallIntegerField(
        _("days between progress updates"),
        default=30,
        validators=[MinValueValidator(7)],
        help_text=_(
            "An initiative without a progress update for this many days is overdue, and its "
            "owner gets one email reminder for each such period."
        ),
    )
    started_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)

    class Meta:
        verbose_name = _("implementation")
        verbose_name_plural = _("implementations")
        constraints = [
            models.CheckConstraint(
                condition=Q(update_interval_days__gte=7),
                name="implementation_update_interval_at_least_a_week",
            )
        ]

    def __str__(self) -> str:
        return str(self.process)


class Initiative(models.Model):
    """A quality development initiative being carried out."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        TRIAL = "trial", _("Trial")
        RUNNING = "running", _("Running")
        ANCHORED = "anchored", _("Anchored in daily routine")
        PAUSED = "paused", _("Paused")
        STOPPED = "stopped", _("Stopped")

    class Origin(models.TextChoices):
        CATALOGUE = "catalogue", _("The value and idea catalogue")
        CAFE_MEETING = "cafe_meeting", _("A staff café meeting")
        IDEA_WORKSHOP = "idea_workshop", _("An idea workshop")
        STAFF_PROPOSAL = "staff_proposal", _("A proposal from staff")
        USER_PROPOSAL = "user_proposal", _("A proposal from users or relatives")
        OTHER = "other", _("Other")

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="initiatives", verbose_name=_("process")
    )
    group = models.ForeignKey(
        Group,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("group"),
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("theme"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=TEXT_MAX_LENGTH, blank=True)
    origin = models.CharField(
        _("origin"), max_length=20, choices=Origin.choices, default=Origin.CATALOGUE
    )
    origin_reason = models.TextField(
        _("why it is added"),
        max_length=TEXT_MAX_LENGTH,
        blank=True,
        help_text=_("Where the initiative comes from and why it is taken up now."),
    )
    edition = models.ForeignKey(
        Edition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("catalogue edition"),
    )
    source_idea = models.ForeignKey(
        Idea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("idea"),
    )
    # The idea's entry in the edition's snapshot, frozen when the initiative was started:
    # values with their round placings, the idea's placings, the seminar, the edition number.
    # Never authors (the snapshot holds none).
    lineage = models.JSONField(default=dict, blank=True)
    # The same initiative in the previous cycle, when it was carried forward into this
    # process (see cycles.services). One-to-one: an initiative is carried forward once.
    carried_from = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("carried forward from"),
    )
    owner = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_initiatives",
        verbose_name=_("owner"),
    )
    team = models.ManyToManyField(
        Membership, blank=True, related_name="initiative_teams", verbose_name=_("team")
    )
    users_involvement = models.TextField(
        _("how users take part"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    status_changed_on = models.DateField(_("status since"), null=True, blank=True)
    # The leader's word that the initiative fits the legal and political frame.
    frame_signed_off_by = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed off by"),
    )
    frame_signed_off_at = models.DateTimeField(_("signed off"), null=True, blank=True)
    frame_note = models.TextField(_("note on the frame"), max_length=TEXT_MAX_LENGTH, blank=True)
    # Denormalised from the latest ProgressUpdate so "overdue" is one indexed filter.
    last_update_on = models.DateField(_("last progress update"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["process", "title", "pk"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        indexes = [models.Index(fields=["process", "status"])]
        constraints = [
            # Starting implementation twice turns each idea into one initiative, not two.
            models.UniqueConstraint(
                fields=["process", "source_idea"],
                condition=Q(source_idea__isnull=False),
                name="implementation_one_initiative_per_idea",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="implementation_initiative_ends_after_it_starts",
            ),
            # Added later (not from the catalogue): the origin must be explained.
            models.CheckConstraint(
                condition=Q(origin="catalogue") | ~Q(origin_reason=""),
                name="implementation_added_initiative_has_a_reason",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="implementation_initiative_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("implementation:initiative", args=[self.process_id, self.pk])

    @property
    def is_signed_off(self) -> bool:
        return self.frame_signed_off_at is not None

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.ANCHORED, self.Status.STOPPED)


class InitiativeRevision(RevisionBase):
    """One entry of an initiative's history: created, edited, the frame signed off or the
    sign-off withdrawn (see core.revisions)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        SIGNED_OFF = "signed_off", _("Frame signed off")
        WITHDRAWN = "withdrawn", _("Sign-off withdrawn")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="revisions")
    kind = models.CharField(_("change"), max_length=10, choices=Kind.choices)

    class Meta(RevisionBase.Meta):
        verbose_name = _("initiative revision")
        verbose_name_plural = _("initiative revisions")


class StatusChange(models.Model):
    """Every change of an initiative's status, with its date and reason."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("from"), max_length=10, choices=Initiative.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=10, choices=Initiative.Status.choices)
    changed_on = models.DateField(_("date"))
    reason = models.TextField(_("reason"), max_length=TEXT_MAX_LENGTH)
    actor = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["initiative", "-changed_on", "-pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""), name="implementation_status_change_has_a_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.from_status} → {self.to_status}"


class Goal(models.Model):
    """The improvement chain: an initiative's goal (no parent) and its sub-goals."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="goals")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sub_goals",
        verbose_name=_("sub-goal of"),
    )
    text = models.TextField(_("goal"), max_length=TEXT_MAX_LENGTH)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["initiative", "parent_id", "position", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.text[:80]


class TrialAction(models.Model):
    """A small trial run as plan → do → study → act. Never deleted: an abandoned trial is
    kept as learning."""

    class Stage(models.TextChoices):
        PLAN = "plan", _("Plan")
        DO = "do", _("Do")
        STUDY = "study", _("Study")
        ACT = "act", _("Act")

    class Decision(models.TextChoices):
        ADOPT = "adopt", _("Adopt")
        ADAPT = "adapt", _("Adapt")
        ABANDON = "abandon", _("Abandon")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="trials")
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trials",
        verbose_name=_("sub-goal"),
    )
    title = models.CharField(_("what we try"), max_length=200)
    plan = models.TextField(_("plan"), max_length=TEXT_MAX_LENGTH, blank=True)
    expectation = models.TextField(_("what we expect"), max_length=TEXT_MAX_LENGTH)
    stage = models.CharField(_("stage"), max_length=5, choices=Stage.choices, default=Stage.PLAN)
    started_on = models.DateField(_("tried from"), null=True, blank=True)
    ended_on = models.DateField(_("tried until"), null=True, blank=True)
    do_notes = models.TextField(_("how it went"), max_length=TEXT_MAX_LENGTH, blank=True)
    study = models.TextField(_("what happened"), max_length=TEXT_MAX_LENGTH, blank=True)
    decision = models.CharField(_("decision"), max_length=7, choices=Decision.choices, blank=True)
    learning = models.TextField(_("what we learned"), max_length=TEXT_MAX_LENGTH, blank=True)
    decided_on = models.DateField(_("decided"), null=True, blank=True)
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["initiative", "started_on", "pk"]
        verbose_name = _("trial action")
        verbose_name_plural = _("trial actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(stage="act") | Q(decision=""),
                name="implementation_trial_decided_only_when_acting",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="implementation_trial_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_abandoned(self) -> bool:
        return self.decision == self.Decision.ABANDON


class Indicator(models.Model):
    """What an initiative measures, from a baseline ("nullpunkt") towards a target."""

    class Unit(models.TextChoices):
        PERCENT = "percent", _("%")
        COUNT = "count", _("count")
        DAYS = "days", _("days")
        SCORE = "score", _("score 1–4")

    class Better(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    better = models.CharField(_("which direction is better"), max_length=6, choices=Better.choices)
    baseline_value = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2)
    baseline_date = models.DateField(_("baseline measured on"))
    baseline_method = models.TextField(
        _("how the baseline was measured"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    # The run chart's centre line is the median of the measurements up to this date (the
    # baseline period), frozen; without it, the median of all measurements.
    baseline_period_end = models.DateField(_("baseline period ends"), null=True, blank=True)
    target_value = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    target_date = models.DateField(_("target date"))
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["initiative", "position", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=(Q(better="higher") & Q(target_value__gt=F("baseline_value")))
                | (Q(better="lower") & Q(target_value__lt=F("baseline_value"))),
                name="implementation_target_in_the_better_direction",
            ),
            models.CheckConstraint(
                condition=Q(target_date__gt=F("baseline_date")),
                name="implementation_target_after_baseline",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def value_range(self) -> tuple[Decimal | None, Decimal | None]:
        """The values a measurement of this unit may take."""
        if self.unit == self.Unit.PERCENT:
            return Decimal(0), Decimal(100)
        if self.unit == self.Unit.SCORE:
            return Decimal(1), Decimal(4)
        return Decimal(0), None


class Measurement(models.Model):
    """One point on an indicator's run chart, with optional qualitative evidence."""

    class EvidenceKind(models.TextChoices):
        OBSERVATION = "observation", _("An observation")
        USER_STATEMENT = "user_statement", _("A user's statement")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=500, blank=True)
    evidence_kind = models.CharField(
        _("kind of evidence"), max_length=15, choices=EvidenceKind.choices, blank=True
    )
    evidence = models.TextField(_("evidence"), max_length=TEXT_MAX_LENGTH, blank=True)
    entered_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator", "measured_on", "pk"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"], name="implementation_one_measurement_a_day"
            ),
            models.CheckConstraint(
                condition=Q(evidence="") | ~Q(evidence_kind=""),
                name="implementation_evidence_has_a_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.measured_on})"


class ProgressUpdate(models.Model):
    """A dated entry in an initiative's timeline, optionally with a status change."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="updates")
    written_on = models.DateField(_("date"))
    text = models.TextField(_("what happened"), max_length=TEXT_MAX_LENGTH)
    status_change = models.OneToOneField(
        StatusChange,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="update",
    )
    author = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["initiative", "-written_on", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return f"{self.initiative} ({self.written_on})"


class UpdateReminder(models.Model):
    """One email reminder per initiative and overdue period; the unique constraint keeps a
    task that runs twice from sending two."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="reminders")
    # The first day of the overdue period the reminder is for.
    period_start = models.DateField()
    recipient = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["initiative", "-period_start"]
        verbose_name = _("update reminder")
        verbose_name_plural = _("update reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "period_start"], name="implementation_one_reminder_a_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.period_start}"


def report_upload_to(report: "StatusReport", filename: str) -> str:
    return f"status-reports/process-{report.process_id}/{filename}"


class StatusReport(PdfJob):
    """A status report PDF for the steering group, the council or staff, rendered by a
    Celery task that gets the row's id and keeps all of its state here (`core.jobs`)."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="status_reports")
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    audience = models.CharField(_("for"), max_length=200, blank=True)
    file = models.FileField(_("PDF"), upload_to=report_upload_to, blank=True)
    requested_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["process", "-queued_at", "-pk"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="ready") | (~Q(file="") & ~Q(checksum="")),
                name="implementation_ready_report_has_a_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.process}: {self.get_status_display()} ({self.queued_at:%Y-%m-%d})"
