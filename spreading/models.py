"""The value discussion spreads to the whole organisation.

Everyone in the organisation, not only the ~20 people in the groups, follows the initiatives
and reacts on them: a `Comment`, a wish to take part (`Volunteer`), or a `Proposal` for a new
idea that a group lead, the facilitator or the leader can adopt as an initiative (with its
origin and reason recorded by `implementation`) or decline with a reason.

Café meetings and idea workshops for all staff come in a `Series` of `Meeting`s with a host
and a capacity; staff sign up (`SignUp`: confirmed, or on the waiting list when the meeting
is full) and get a confirmation and, the day before, a reminder (`MeetingReminder`, one per
person and meeting day). The host records the meeting's input with the same comments and
proposals, the meeting named as their source.

Good stories (`Story`) tell how an initiative went, with an optional image that is checked,
re-encoded and served only to members of the organisation through a view.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from implementation.models import Initiative
from organisations.models import Membership
from processes.models import Process, Theme

COMMENT_MAX_LENGTH = 2_000
TEXT_MAX_LENGTH = 10_000


class Series(models.Model):
    """A series of café meetings or idea workshops for all staff, planned by the
    facilitator."""

    class Kind(models.TextChoices):
        CAFE = "cafe", _("Café meetings")
        WORKSHOP = "workshop", _("Idea workshops")

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="meeting_series", verbose_name=_("process")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CAFE)
    description = models.TextField(_("description"), max_length=TEXT_MAX_LENGTH, blank=True)
    agenda = models.TextField(
        _("agenda"),
        max_length=TEXT_MAX_LENGTH,
        blank=True,
        help_text=_("One item a line. The host kit shows it."),
    )
    questions = models.TextField(
        _("questions to ask"),
        max_length=TEXT_MAX_LENGTH,
        blank=True,
        help_text=_("One question a line. The host asks them at the meeting."),
    )
    one_meeting_per_person = models.BooleanField(
        _("one meeting per person"),
        default=True,
        help_text=_(
            "Each person signs up for one meeting of the series, so there is room for everyone."
        ),
    )
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["process", "-created_at", "-pk"]
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("spreading:series", args=[self.process_id, self.pk])

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]


class Meeting(models.Model):
    """One café meeting or idea workshop: when, where, who hosts it and how many it holds."""

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("series")
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200)
    host = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        related_name="hosted_meetings",
        verbose_name=_("host"),
    )
    capacity = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "start_time", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="spreading_meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="spreading_meeting_has_a_place"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.date:%Y-%m-%d} {self.start_time:%H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("spreading:meeting", args=[self.series.process_id, self.pk])


class SignUp(models.Model):
    """A person's place at a meeting, or their place in the queue for one.

    The sign-up service locks the meeting row and counts the confirmed places inside the
    transaction, so a meeting never holds more confirmed sign-ups than its capacity."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Signed up")
        WAITING = "waiting", _("On the waiting list")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sign_ups")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="sign_ups")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    # When someone cancelled and this person moved up from the waiting list.
    promoted_at = models.DateTimeField(_("moved up"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "created_at", "pk"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"], name="spreading_one_sign_up_a_meeting"
            )
        ]
        indexes = [models.Index(fields=["meeting", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.membership.display_name}: {self.meeting}"

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.WAITING


class MeetingReminder(models.Model):
    """The reminder the day before a meeting: one per person, meeting and meeting day (a
    moved meeting gets a new one). The unique constraint keeps a task that runs twice from
    sending two."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminders")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    meeting_date = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "membership"]
        verbose_name = _("meeting reminder")
        verbose_name_plural = _("meeting reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership", "meeting_date"],
                name="spreading_one_reminder_a_meeting_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.membership_id}"


class Comment(models.Model):
    """A reaction on an initiative from anyone in the organisation, or the input of a meeting
    recorded by its host (then `meeting` is set)."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="comments", verbose_name=_("initiative")
    )
    author = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("from the meeting"),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["initiative", "-created_at", "-pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="spreading_comment_has_text")
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Volunteer(models.Model):
    """“I want to take part”: a member's wish to join an initiative. Its owner and team see
    who wishes it."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="volunteers")
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="volunteered_for"
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        ordering = ["initiative", "created_at", "pk"]
        verbose_name = _("wish to take part")
        verbose_name_plural = _("wishes to take part")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "membership"], name="spreading_one_wish_an_initiative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} → {self.initiative}"


class Proposal(models.Model):
    """A new idea from staff, optionally linked to an initiative or a theme. A group lead of
    the theme's group, the facilitator or the leader adopts it as an initiative or declines
    it with a reason."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ADOPTED = "adopted", _("Adopted")
        DECLINED = "declined", _("Declined")

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("process")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=TEXT_MAX_LENGTH, blank=True)
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("builds on the initiative"),
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("theme"),
    )
    author = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("from the meeting"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    adopted_as = models.OneToOneField(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adopted_proposal",
        verbose_name=_("adopted as"),
    )
    decision_reason = models.TextField(_("reason"), max_length=TEXT_MAX_LENGTH, blank=True)
    decided_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)

    class Meta:
        ordering = ["process", "-created_at", "-pk"]
        verbose_name = _("idea proposal")
        verbose_name_plural = _("idea proposals")
        indexes = [models.Index(fields=["process", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | ~Q(decision_reason=""),
                name="spreading_decided_proposal_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("spreading:proposal", args=[self.process_id, self.pk])

    @property
    def effective_theme_id(self) -> int | None:
        """The theme the proposal is on: its own, or that of the initiative it builds on."""
        if self.theme_id:
            return self.theme_id
        return self.initiative.theme_id if self.initiative_id else None


def story_image_path(story: "Story", filename: str) -> str:
    # Under private/: never served from MEDIA_URL, only by the story's image view. A random
    # name, so nothing about the story or its author is in the path.
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"private/stories/{uuid.uuid4().hex}.{extension}"


class Story(models.Model):
    """A good story: how an initiative made a difference, told in a few lines."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="stories", verbose_name=_("initiative")
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("story"), max_length=TEXT_MAX_LENGTH)
    image = models.FileField(_("image"), upload_to=story_image_path, blank=True, max_length=200)
    image_type = models.CharField(max_length=20, blank=True)
    image_width = models.PositiveIntegerField(null=True, blank=True)
    image_height = models.PositiveIntegerField(null=True, blank=True)
    image_alt = models.CharField(_("what the image shows"), max_length=300, blank=True)
    author = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    featured_at = models.DateTimeField(_("featured"), null=True, blank=True)
    featured_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("good story")
        verbose_name_plural = _("good stories")
        indexes = [models.Index(fields=["initiative", "featured_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""), name="spreading_story_image_has_alt"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("spreading:story", args=[self.initiative.process_id, self.pk])

    @property
    def is_featured(self) -> bool:
        return self.featured_at is not None
