"""Prioritisation in stages: rounds of dot voting on values or ideas.

A facilitator opens a round for one group (or for all groups of the process) with a number of
dots per person. Its candidates are stored explicitly, so the results stay on record even as
the debate moves on; a staged round takes the top N of earlier rounds as its candidates, as in
the hourglass and in Gjesdal's shared top-10 (seed 002). Dots are secret until the round closes.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organisations.models import Membership
from processes.models import Group, Process

from .values import Value

MAX_DOTS_PER_PERSON = 20


class PrioritisationRound(models.Model):
    class Target(models.TextChoices):
        VALUES = "values", _("Values")
        IDEAS = "ideas", _("Ideas")

    class Status(models.TextChoices):
        # The adjective; without the context it shares a msgid with the verb (Danish "Åbn").
        OPEN = "open", pgettext_lazy("round status", "Open")
        CLOSED = "closed", _("Closed")

    process = models.ForeignKey(
        Process,
        on_delete=models.CASCADE,
        related_name="prioritisation_rounds",
        verbose_name=_("process"),
    )
    # Null: a plenary round for all groups of the process.
    group = models.ForeignKey(
        Group,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="prioritisation_rounds",
        verbose_name=_("group"),
    )
    title = models.CharField(_("title"), max_length=200)
    dots_per_person = models.PositiveSmallIntegerField(
        _("dots per person"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DOTS_PER_PERSON)],
    )
    target = models.CharField(
        _("vote on"), max_length=10, choices=Target.choices, default=Target.VALUES
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    source_rounds = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="staged_rounds",
        verbose_name=_("earlier rounds"),
    )
    # With source rounds: how many of each source round's top candidates go on.
    top_n = models.PositiveSmallIntegerField(
        _("top N of each earlier round"), null=True, blank=True
    )
    opened_by = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("prioritisation round")
        verbose_name_plural = _("prioritisation rounds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(dots_per_person__gte=1), name="round_at_least_one_dot"
            ),
            models.CheckConstraint(
                condition=models.Q(status="open", closed_at__isnull=True)
                | models.Q(status="closed", closed_at__isnull=False),
                name="round_closed_when_it_has_a_closing_time",
            ),
            models.CheckConstraint(
                condition=models.Q(top_n__isnull=True) | models.Q(top_n__gte=1),
                name="round_top_n_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("debate:round_detail", args=[self.process_id, self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class RoundCandidate(models.Model):
    """A value or an idea on a round's ballot; exactly one of the two is set.

    PROTECT: a candidate carries the results on record, so what it points to is never deleted
    from under it (merged values stay stored and keep their dots).
    """

    round = models.ForeignKey(
        PrioritisationRound, on_delete=models.CASCADE, related_name="candidates"
    )
    value = models.ForeignKey(
        Value, on_delete=models.PROTECT, null=True, blank=True, related_name="round_candidacies"
    )
    idea = models.ForeignKey(
        "debate.Idea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="round_candidacies",
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__isnull=False, idea__isnull=True)
                | models.Q(value__isnull=True, idea__isnull=False),
                name="candidate_is_a_value_or_an_idea",
            ),
            models.UniqueConstraint(
                fields=["round", "value"],
                name="value_once_per_round",
                condition=models.Q(value__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["round", "idea"],
                name="idea_once_per_round",
                condition=models.Q(idea__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return str(self.subject)

    @property
    def subject(self):
        return self.value if self.value_id else self.idea

    @property
    def name(self) -> str:
        return self.value.name if self.value_id else self.idea.title


class RoundBallot(models.Model):
    """A voter's dots in one round. The database holds the per-person limit: `dots_used` is
    raised with a conditional UPDATE and can never pass `dots_allowed` (CheckConstraint)."""

    round = models.ForeignKey(PrioritisationRound, on_delete=models.CASCADE, related_name="ballots")
    voter = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="round_ballots")
    dots_allowed = models.PositiveSmallIntegerField()
    dots_used = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["round", "voter"], name="one_ballot_per_voter"),
            models.CheckConstraint(
                condition=models.Q(dots_used__lte=models.F("dots_allowed")),
                name="ballot_within_the_dot_limit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voter} · {self.round}"

    @property
    def dots_left(self) -> int:
        return self.dots_allowed - self.dots_used


class Dot(models.Model):
    """One dot a voter placed on a candidate; several dots on one candidate are several rows."""

    round = models.ForeignKey(PrioritisationRound, on_delete=models.CASCADE, related_name="dots")
    candidate = models.ForeignKey(RoundCandidate, on_delete=models.CASCADE, related_name="dots")
    voter = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("dot")
        verbose_name_plural = _("dots")
        indexes = [models.Index(fields=["round", "voter"], name="debate_dot_round_voter")]

    def __str__(self) -> str:
        return f"• {self.candidate}"
