"""Ideas: proposed quality initiatives built on a group's values.

Each idea says how it improves the core task and quality for the users (seed 004), how it
spreads to the whole organisation (seed 000), who is involved and what role the users have.
Its lineage (values, the round results that carried them, seminar and group) later appears in
the value and idea catalogue.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.revisions import RevisionBase
from organisations.models import Membership
from processes.models import Group, Seminar

from .values import TEXT_MAX_LENGTH, Value


class Idea(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PROPOSED = "proposed", _("Proposed")
        SELECTED = "selected", _("Selected for the catalogue")
        REJECTED = "rejected", _("Rejected")

    class Involved(models.TextChoices):
        USERS = "users", _("Users")
        RELATIVES = "relatives", _("Relatives")
        STAFF = "staff", _("Staff")
        CIVIL_SOCIETY = "civil_society", _("Civil society")

    class UsersRole(models.TextChoices):
        INFORMED = "informed", _("Informed")
        CONSULTED = "consulted", _("Consulted")
        CO_CREATING = "co_creating", _("Co-creating")

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="ideas", verbose_name=_("group")
    )
    author = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        related_name="debate_ideas",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=TEXT_MAX_LENGTH)
    values = models.ManyToManyField(
        Value, related_name="ideas", verbose_name=_("values it builds on")
    )
    improves_core_task = models.TextField(
        _("how it improves the core task and quality for the users"),
        max_length=TEXT_MAX_LENGTH,
        blank=True,
    )
    spread_plan = models.TextField(
        _("how it spreads to the whole organisation"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    # A list of Involved values, e.g. ["users", "staff"].
    involved = models.JSONField(_("who is involved"), default=list, blank=True)
    users_role = models.CharField(
        _("the users' role"), max_length=12, choices=UsersRole.choices, blank=True
    )
    first_step = models.TextField(_("first step"), max_length=TEXT_MAX_LENGTH, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    rejection_reason = models.TextField(
        _("reason for rejection"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    status_changed_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    seminar = models.ForeignKey(
        Seminar,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("seminar it came from"),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(rejection_reason=""),
                name="idea_rejected_with_a_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="idea_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("debate:idea_detail", args=[self.group.process_id, self.pk])

    def get_involved_display(self) -> list[str]:
        labels = dict(self.Involved.choices)
        return [str(labels[key]) for key in self.involved if key in labels]


class IdeaRevision(RevisionBase):
    """One entry of an idea's history: who changed it, when, and what it then said."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        STATUS = "status", _("Status changed")

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="revisions")
    kind = models.CharField(_("change"), max_length=10, choices=Kind.choices)

    class Meta(RevisionBase.Meta):
        verbose_name = _("idea revision")
        verbose_name_plural = _("idea revisions")

    def __str__(self) -> str:
        return f"{self.idea} v{self.version}"
