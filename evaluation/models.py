"""Evaluation and the continuing cycle: the participants evaluate the process, the teams
evaluate their initiatives, and a standing quality team holds reflection meetings.

Process evaluation (seed 000: "skriftlige evalueringer gennemført af samtlige deltagere").
A questionnaire per process (`ProcessEvaluation` with its `Question`s) that the facilitator
edits, opens and closes. Anonymous by default: who has answered (`Respondent`, one row per
person, unique) and what was answered (`Response` with its `Answer`s) are separate tables with
nothing in common but the evaluation. Responses and answers have random (UUID) keys and no
timestamps, so neither an id sequence nor a clock links an answer to the person whose
has-answered row was written in the same transaction.

Initiative evaluation (seed 001): the three-step record (background and goals, practice,
results and effects) and seven ratings on a 1–4 scale, by the team and, where chosen, a
separate set entered by the team on the users' behalf (`Rating.Rater`).

Quality team and reflection meetings (seed 003): a standing team per organisation with four
roles and a leader plus a frontline worker per profession; reflection meetings at three levels
with a cadence each, a bank of reflection questions, and notes linked to initiatives and
indicators.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.revisions import RevisionBase
from implementation.models import Indicator, Initiative
from organisations.models import Membership, Organisation
from processes.models import Process

TEXT_MAX_LENGTH = 20_000
# A result is shown only when at least this many people answered (the whole questionnaire,
# and each question), so no one can be singled out.
MIN_ANSWERS = 5
SCALE_MIN, SCALE_MAX = 1, 5
RATING_MIN, RATING_MAX = 1, 4


# -- Process evaluation -----------------------------------------------------------------------


class ProcessEvaluation(models.Model):
    """The participants' written evaluation of one process."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        OPEN = "open", _("Open for answers")
        CLOSED = "closed", _("Closed")

    process = models.OneToOneField(
        Process, on_delete=models.CASCADE, related_name="evaluation", verbose_name=_("process")
    )
    intro = models.TextField(
        _("introduction"),
        max_length=TEXT_MAX_LENGTH,
        blank=True,
        help_text=_("Shown above the questions: why you ask, and what happens with the answers."),
    )
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("Answers are not linked to the person who gave them."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # The language the default questions were written in.
    language = models.CharField(_("language"), max_length=5, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("process evaluation")
        verbose_name_plural = _("process evaluations")

    def __str__(self) -> str:
        return str(self.process)

    def get_absolute_url(self) -> str:
        return reverse("evaluation:process", args=[self.process_id])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Scale from 1 to 5")
        YES_NO = "yes_no", _("Yes or no")
        TEXT = "text", _("Written answer")

    evaluation = models.ForeignKey(
        ProcessEvaluation, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("explanation"), max_length=500, blank=True)

    class Meta:
        ordering = ["evaluation", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class Respondent(models.Model):
    """That a person has answered: never what they answered (see the module's docstring)."""

    evaluation = models.ForeignKey(
        ProcessEvaluation, on_delete=models.CASCADE, related_name="respondents"
    )
    # Kept (as NULL) when the membership goes, so the response rate does not change.
    membership = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # A day, not a moment: a time could be matched with the database's own clocks.
    answered_on = models.DateField(_("answered on"))

    class Meta:
        ordering = ["evaluation", "pk"]
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "membership"], name="evaluation_one_answer_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluation}: {self.membership_id}"


class Response(models.Model):
    """One person's answers. In an anonymous evaluation nothing here points to the person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(
        ProcessEvaluation, on_delete=models.CASCADE, related_name="responses"
    )
    # Only in an evaluation the facilitator made named before it opened.
    membership = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return str(self.evaluation)


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    scale = models.PositiveSmallIntegerField(
        _("on the scale"),
        null=True,
        blank=True,
        validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)],
    )
    yes = models.BooleanField(_("yes"), null=True, blank=True)
    text = models.TextField(_("answer"), max_length=TEXT_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["question", "text"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="evaluation_one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(scale__gte=SCALE_MIN, scale__lte=SCALE_MAX),
                name="evaluation_scale_from_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(scale__isnull=False) | Q(yes__isnull=False) | ~Q(text=""),
                name="evaluation_answer_is_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return str(self.question)


class EvaluationReminder(models.Model):
    """A reminder to those who have not answered: at most one a day (the unique constraint),
    however often the button is pressed or the task runs."""

    evaluation = models.ForeignKey(
        ProcessEvaluation, on_delete=models.CASCADE, related_name="reminders"
    )
    sent_on = models.DateField(_("day"))
    requested_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["evaluation", "-sent_on"]
        verbose_name = _("evaluation reminder")
        verbose_name_plural = _("evaluation reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "sent_on"], name="evaluation_one_reminder_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluation}: {self.sent_on}"


# -- Initiative evaluation (seed 001) ---------------------------------------------------------


class InitiativeEvaluation(models.Model):
    """An initiative's record in three steps, with its ratings (`Rating`)."""

    initiative = models.OneToOneField(
        Initiative,
        on_delete=models.CASCADE,
        related_name="evaluation",
        verbose_name=_("initiative"),
    )
    background_and_goals = models.TextField(
        _("background and goals"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    practice = models.TextField(_("practice"), max_length=TEXT_MAX_LENGTH, blank=True)
    results_and_effects = models.TextField(
        _("results and effects"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    users_rated = models.BooleanField(_("the users rated it too"), default=False)
    users_rating_note = models.TextField(
        _("how the users' rating was gathered"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["initiative"]
        verbose_name = _("initiative evaluation")
        verbose_name_plural = _("initiative evaluations")
        constraints = [
            models.CheckConstraint(
                condition=Q(version__gte=1), name="evaluation_initiative_version_positive"
            )
        ]

    def __str__(self) -> str:
        return str(self.initiative)

    def get_absolute_url(self) -> str:
        return reverse(
            "evaluation:initiative", args=[self.initiative.process_id, self.initiative_id]
        )

    def _ratings_text(self, rater: str) -> str:
        labels = dict(Rating.Dimension.choices)
        scores = {r.dimension: r.score for r in self.ratings.all() if r.rater == rater}
        return ", ".join(f"{labels[d]} {scores[d]}" for d in Rating.Dimension.values if d in scores)

    # What the conflict page compares (see views.initiatives.CONFLICT_LABELS).
    @property
    def team_ratings_text(self) -> str:
        return self._ratings_text(Rating.Rater.TEAM)

    @property
    def users_ratings_text(self) -> str:
        return self._ratings_text(Rating.Rater.USERS)


class Rating(models.Model):
    """One of the seven ratings on seed 001's 4-point scale (1 lowest, 4 highest)."""

    class Dimension(models.TextChoices):
        SHORT_TERM_SAVINGS = "short_term_savings", _("Short-term savings")
        LONG_TERM_SAVINGS = "long_term_savings", _("Long-term savings")
        EMPLOYEE_INVOLVEMENT = "employee_involvement", _("Employee involvement")
        EMPLOYEE_SATISFACTION = "employee_satisfaction", _("Employee satisfaction")
        CITIZEN_INVOLVEMENT = "citizen_involvement", _("Citizen involvement")
        CITIZEN_SATISFACTION = "citizen_satisfaction", _("Citizen satisfaction")
        SICK_LEAVE = "sick_leave", _("Sick leave")

    class Rater(models.TextChoices):
        TEAM = "team", _("The team")
        USERS = "users", _("The users (entered by the team)")

    evaluation = models.ForeignKey(
        InitiativeEvaluation, on_delete=models.CASCADE, related_name="ratings"
    )
    rater = models.CharField(_("rated by"), max_length=5, choices=Rater.choices)
    dimension = models.CharField(_("dimension"), max_length=24, choices=Dimension.choices)
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)]
    )

    class Meta:
        ordering = ["evaluation", "rater", "dimension"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "rater", "dimension"], name="evaluation_one_rating_each"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=RATING_MIN, score__lte=RATING_MAX),
                name="evaluation_rating_from_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()}: {self.score}"


class InitiativeEvaluationRevision(RevisionBase):
    evaluation = models.ForeignKey(
        InitiativeEvaluation, on_delete=models.CASCADE, related_name="revisions"
    )

    class Meta(RevisionBase.Meta):
        verbose_name = _("initiative evaluation revision")
        verbose_name_plural = _("initiative evaluation revisions")


# -- Quality team and reflection meetings (seed 003) ------------------------------------------


class QualityTeam(models.Model):
    """The organisation's standing team that drives quality development between processes."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="quality_team",
        verbose_name=_("organisation"),
    )
    purpose = models.TextField(
        _("what the team is for"),
        max_length=TEXT_MAX_LENGTH,
        blank=True,
        help_text=_(
            "The team drives and supports the development work and keeps it moving; it does "
            "not do the work itself."
        ),
    )
    meets_every_weeks = models.PositiveSmallIntegerField(
        _("the team meets every … weeks"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    # The language the default questions were written in.
    language = models.CharField(_("language"), max_length=5, blank=True)
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("quality team")
        verbose_name_plural = _("quality teams")
        constraints = [
            models.CheckConstraint(
                condition=Q(meets_every_weeks__gte=1, meets_every_weeks__lte=52),
                name="evaluation_team_meets_at_most_yearly",
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    def get_absolute_url(self) -> str:
        return reverse("evaluation:quality_team", args=[self.organisation.slug])


class QualityTeamMember(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Team lead")
        MEMBER = "member", _("Team member")
        EXPERT = "expert", _("Professional expert")
        SPONSOR = "sponsor", _("Sponsor")

    class Position(models.TextChoices):
        LEADER = "leader", _("Leader")
        FRONTLINE = "frontline", _("Frontline worker")

    team = models.ForeignKey(QualityTeam, on_delete=models.CASCADE, related_name="seats")
    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="quality_team_seats",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role in the team"), max_length=10, choices=Role.choices)
    position = models.CharField(
        _("position"), max_length=10, choices=Position.choices, default=Position.FRONTLINE
    )
    profession = models.CharField(_("profession"), max_length=120, blank=True)

    class Meta:
        ordering = ["team", "profession", "position", "pk"]
        verbose_name = _("quality team member")
        verbose_name_plural = _("quality team members")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "membership"], name="evaluation_one_seat_per_person"
            ),
            models.UniqueConstraint(
                fields=["team"], condition=Q(role="lead"), name="evaluation_one_team_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.display_name}: {self.get_role_display()}"


class ReflectionLevel(models.TextChoices):
    """Seed 003's three levels of professional reflection."""

    CASE = "case", _("Single case")
    SERVICE = "service", _("Service")
    ORGANISATION = "organisation", _("Organisation")


class ReflectionCadence(models.Model):
    """How often the organisation reflects at one level."""

    team = models.ForeignKey(QualityTeam, on_delete=models.CASCADE, related_name="cadences")
    level = models.CharField(_("level"), max_length=12, choices=ReflectionLevel.choices)
    every_weeks = models.PositiveSmallIntegerField(
        _("every … weeks"), validators=[MinValueValidator(1), MaxValueValidator(104)]
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(5), MaxValueValidator(600)],
    )
    participants = models.CharField(_("who takes part"), max_length=300, blank=True)

    class Meta:
        ordering = ["team", "pk"]
        verbose_name = _("reflection cadence")
        verbose_name_plural = _("reflection cadences")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "level"], name="evaluation_one_cadence_a_level"
            ),
            models.CheckConstraint(
                condition=Q(every_weeks__gte=1, every_weeks__lte=104),
                name="evaluation_cadence_within_two_years",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.every_weeks}"


class ReflectionQuestion(models.Model):
    """A question in the organisation's bank; without a level it fits every level."""

    team = models.ForeignKey(QualityTeam, on_delete=models.CASCADE, related_name="questions")
    level = models.CharField(_("level"), max_length=12, choices=ReflectionLevel.choices, blank=True)
    text = models.CharField(_("question"), max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["team", "level", "position", "pk"]
        verbose_name = _("reflection question")
        verbose_name_plural = _("reflection questions")

    def __str__(self) -> str:
        return self.text


class ReflectionMeeting(models.Model):
    """A reflection meeting's notes, with what it looked at."""

    team = models.ForeignKey(QualityTeam, on_delete=models.CASCADE, related_name="meetings")
    level = models.CharField(_("level"), max_length=12, choices=ReflectionLevel.choices)
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("topic"), max_length=200)
    notes = models.TextField(_("notes"), max_length=TEXT_MAX_LENGTH, blank=True)
    questions = models.ManyToManyField(
        ReflectionQuestion, blank=True, related_name="meetings", verbose_name=_("questions asked")
    )
    initiatives = models.ManyToManyField(
        Initiative,
        blank=True,
        related_name="reflection_meetings",
        verbose_name=_("initiatives looked at"),
    )
    indicators = models.ManyToManyField(
        Indicator,
        blank=True,
        related_name="reflection_meetings",
        verbose_name=_("indicators looked at"),
    )
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["team", "-held_on", "-pk"]
        verbose_name = _("reflection meeting")
        verbose_name_plural = _("reflection meetings")
        indexes = [models.Index(fields=["team", "level", "held_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evaluation:meeting", args=[self.team.organisation.slug, self.pk])
