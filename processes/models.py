from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from organisations.models import Membership, Organisation


class ValueStream(models.Model):
    """One of the seven value streams of the public value universe (Torben Beck Jørgensen).

    Reference data, loaded by a migration, in the three UI languages.
    """

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name_da = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    name_nb = models.CharField(max_length=200)
    description_da = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    description_nb = models.TextField(blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("value stream")
        verbose_name_plural = _("value streams")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def _localised(self, field: str) -> str:
        lang = (get_language() or "da")[:2]
        lang = {"no": "nb", "nn": "nb"}.get(lang, lang)
        return getattr(self, f"{field}_{lang}", None) or getattr(self, f"{field}_da")

    @property
    def name(self) -> str:
        return self._localised("name")

    @property
    def description(self) -> str:
        return self._localised("description")


class Phase(models.TextChoices):
    """The hourglass: broad debate, narrowing, the waist (catalogue), widening out."""

    VALUE_DEBATE = "value_debate", _("Value debate")
    PRIORITISATION = "prioritisation", _("Prioritisation")
    CATALOGUE = "catalogue", _("Catalogue")
    IMPLEMENTATION = "implementation", _("Implementation")

    @classmethod
    def ordered(cls) -> list["Phase"]:
        return [cls.VALUE_DEBATE, cls.PRIORITISATION, cls.CATALOGUE, cls.IMPLEMENTATION]

    @property
    def index(self) -> int:
        return Phase.ordered().index(self)


class Process(models.Model):
    """A development process ("forløb") of about four months."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="processes"
    )
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    min_initiatives_per_group = models.PositiveSmallIntegerField(
        _("minimum initiatives per group"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("The product requirement: each group proposes at least this many."),
    )
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.VALUE_DEBATE
    )
    participants = models.ManyToManyField(
        Membership, related_name="processes", blank=True, verbose_name=_("participants")
    )

    class AuthorVisibility(models.TextChoices):
        NAMED = "named", _("Participants see who wrote what")
        HIDDEN = "hidden", _("Authors hidden from participants (the facilitator still sees them)")

    author_visibility = models.CharField(
        _("authors in the debate"),
        max_length=10,
        choices=AuthorVisibility.choices,
        default=AuthorVisibility.NAMED,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("development process")
        verbose_name_plural = _("development processes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="process_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("processes:detail", args=[self.pk])

    @property
    def current_phase(self) -> Phase:
        return Phase(self.phase)

    @property
    def next_phase(self) -> Phase | None:
        ordered = Phase.ordered()
        i = ordered.index(self.current_phase)
        return ordered[i + 1] if i + 1 < len(ordered) else None


class PhaseChange(models.Model):
    """Audit row for every move between hourglass phases, including overrides."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phase_changes")
    from_phase = models.CharField(max_length=20, choices=Phase.choices)
    to_phase = models.CharField(max_length=20, choices=Phase.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    override_reason = models.TextField(_("reason for going on anyway"), blank=True)
    unmet_requirements = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")

    def __str__(self) -> str:
        return f"{self.process}: {self.from_phase} → {self.to_phase}"

    @property
    def was_override(self) -> bool:
        return bool(self.override_reason)


class Theme(models.Model):
    """A theme of the value debate, tied to the organisation's value universe."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    challenges = models.TextField(
        _("challenges it answers"),
        blank=True,
        help_text=_("The current challenges and demands the theme takes up."),
    )
    value_streams = models.ManyToManyField(
        ValueStream, related_name="themes", blank=True, verbose_name=_("value streams")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("processes:theme_detail", args=[self.process_id, self.pk])


class FrameworkDocument(models.Model):
    """Part of the given value universe: a law, a policy, a development contract."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to="framework/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("framework document")
        verbose_name_plural = _("framework documents")

    def __str__(self) -> str:
        return self.title


class Seminar(models.Model):
    class Kind(models.TextChoices):
        KICKOFF = "kickoff", _("Kick-off seminar")
        MIDWAY = "midway", _("Midway seminar")
        WRAPUP = "wrapup", _("Wrap-up seminar")
        OTHER = "other", _("Other seminar")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="seminars")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=200, blank=True)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    # Sanitised HTML (nh3) written by the facilitator after the seminar.
    summary = models.TextField(_("written summary"), blank=True)
    summary_updated_at = models.DateTimeField(null=True, blank=True)
    summary_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["date", "start_time"]
        verbose_name = _("seminar")
        verbose_name_plural = _("seminars")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="seminar_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title or str(self.get_kind_display())

    @property
    def display_title(self) -> str:
        return str(self)

    def get_absolute_url(self) -> str:
        return reverse("processes:seminar_detail", args=[self.process_id, self.pk])

    def starts_at(self) -> datetime:
        return datetime.combine(self.date, self.start_time)


class AgendaItem(models.Model):
    """One item of a seminar agenda; its clock time follows from the items before it."""

    class Format(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        GROUP = "group", _("Group work")
        TALK = "talk", _("Talk")
        BREAK = "break", _("Break")

    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(480)],
    )
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.PLENARY
    )
    responsible = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)


class Group(models.Model):
    """A working group, normally one per theme, composed for diversity."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="groups")
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="groups",
        verbose_name=_("theme"),
    )
    name = models.CharField(_("name"), max_length=200)
    lead = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_groups",
        verbose_name=_("group lead"),
    )
    members = models.ManyToManyField(
        Membership,
        through="GroupMembership",
        related_name="work_groups",
        verbose_name=_("members"),
    )
    max_size = models.PositiveSmallIntegerField(
        _("maximum size"), null=True, blank=True, validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["theme__position", "name", "pk"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("processes:group_detail", args=[self.process_id, self.pk])


class GroupMembership(models.Model):
    """A participant's seat in a group; the process is repeated so the database can hold
    the rule that a person sits in one group per process."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="seats")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="seats")
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["process", "membership"], name="one_group_per_person_per_process"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership.display_name} in {self.group}"

    def save(self, *args, **kwargs):
        self.process_id = self.group.process_id
        super().save(*args, **kwargs)


class GroupMeeting(models.Model):
    """A group's own meeting between two seminars."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("group meeting")
        verbose_name_plural = _("group meetings")

    def __str__(self) -> str:
        return f"{self.group} {self.date}"
