"""Initiative evaluations (seed 001): the three-step record and the seven ratings on a 1–4
scale, by the team and, where chosen, by the users (entered by the team on their behalf), and
the ratings summed up across any set of initiatives.

Edits are versioned (core.revisions): an edit made on top of an older version is refused with
both versions, never saved over a colleague's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from core.revisions import CREATED, EDITED, EditConflict, lock_for_edit, record_revision
from implementation.models import Initiative
from organisations.models import Membership

from ..models import (
    RATING_MAX,
    RATING_MIN,
    TEXT_MAX_LENGTH,
    InitiativeEvaluation,
    Rating,
)

Dimension = Rating.Dimension
Rater = Rating.Rater
TEXT_FIELDS = ("background_and_goals", "practice", "results_and_effects")
REVISION_FIELDS = (*TEXT_FIELDS, "users_rated", "users_rating_note")


def rating_field(rater: str, dimension: str) -> str:
    """The form field (and error key) of one rating: "team_sick_leave", "users_…"."""
    return f"{rater}_{dimension}"


def _clean_ratings(rater: str, ratings: Mapping[str, object]) -> dict[str, int]:
    cleaned, errors = {}, {}
    for dimension in Dimension.values:
        value = ratings.get(dimension)
        if value in (None, ""):
            continue
        try:
            score = int(value)
        except (TypeError, ValueError):
            score = None
        if score is None or not RATING_MIN <= score <= RATING_MAX:
            errors[rating_field(rater, dimension)] = _(
                "Rate from %(low)d (lowest) to %(high)d (highest)."
            ) % {"low": RATING_MIN, "high": RATING_MAX}
            continue
        cleaned[dimension] = score
    if errors:
        raise ValidationError(errors)
    return cleaned


def ratings_text(ratings: Mapping[str, int]) -> str:
    """“Short-term savings 3, Sick leave 2” for the history and the conflict page."""
    labels = dict(Dimension.choices)
    return ", ".join(
        f"{labels[d]} {ratings[d]}" for d in Dimension.values if ratings.get(d) is not None
    )


def current_ratings(evaluation: InitiativeEvaluation | None) -> dict[str, dict[str, int]]:
    """{"team": {dimension: score}, "users": {…}} (uses prefetched ratings when there)."""
    result: dict[str, dict[str, int]] = {Rater.TEAM: {}, Rater.USERS: {}}
    if evaluation is None:
        return result
    for rating in evaluation.ratings.all():
        result[rating.rater][rating.dimension] = rating.score
    return result


@transaction.atomic
def save_initiative_evaluation(
    *,
    actor: Membership,
    initiative: Initiative,
    expected_version: int | None,
    background_and_goals: str = "",
    practice: str = "",
    results_and_effects: str = "",
    team_ratings: Mapping[str, object] | None = None,
    users_rated: bool = False,
    users_ratings: Mapping[str, object] | None = None,
    users_rating_note: str = "",
) -> InitiativeEvaluation:
    """Create or change the initiative's evaluation.

    Guarantees: every rating given is a whole number from 1 to 4 (else nothing is saved, and
    the error names the rating); the users' ratings are kept only when `users_rated`, and
    then at least one is given; an edit based on an older version (`expected_version`; None
    for "there was none yet") raises `EditConflict` with the stored version; every save
    writes a revision.
    """
    texts = {name: (value or "").strip() for name, value in (
        ("background_and_goals", background_and_goals),
        ("practice", practice),
        ("results_and_effects", results_and_effects),
    )}  # fmt: skip
    errors = {}
    for name, value in texts.items():
        if len(value) > TEXT_MAX_LENGTH:
            errors[name] = _("Keep it under %(max)d characters.") % {"max": TEXT_MAX_LENGTH}
    team = users = {}
    try:
        team = _clean_ratings(Rater.TEAM, team_ratings or {})
    except ValidationError as error:
        errors.update(error.message_dict)
    users_rated = bool(users_rated)
    if users_rated:
        try:
            users = _clean_ratings(Rater.USERS, users_ratings or {})
        except ValidationError as error:
            errors.update(error.message_dict)
        else:
            if not users:
                errors["users_rated"] = _(
                    "Give at least one of the users' ratings, or say that the users did not rate."
                )
    if errors:
        raise ValidationError(errors)
    note = (users_rating_note or "").strip() if users_rated else ""
    attempted = {
        **texts,
        "users_rated": users_rated,
        "users_rating_note": note,
        "team_ratings_text": ratings_text(team),
        "users_ratings_text": ratings_text(users),
    }
    # The initiative's row serialises the first save: two people creating the evaluation at
    # once get one evaluation and a conflict, not two.
    Initiative.objects.select_for_update().filter(pk=initiative.pk).first()
    existing = InitiativeEvaluation.objects.filter(initiative=initiative).first()
    if existing is None:
        evaluation = InitiativeEvaluation.objects.create(
            initiative=initiative, users_rated=users_rated, users_rating_note=note, **texts
        )
        kind = CREATED
    else:
        if expected_version is None:
            existing = InitiativeEvaluation.objects.select_for_update().get(pk=existing.pk)
            raise EditConflict(current=existing, attempted=attempted)
        evaluation = lock_for_edit(
            InitiativeEvaluation.objects.all(),
            existing.pk,
            expected_version=expected_version,
            attempted=attempted,
        )
        for name, value in texts.items():
            setattr(evaluation, name, value)
        evaluation.users_rated, evaluation.users_rating_note = users_rated, note
        kind = EDITED
    evaluation.initiative = initiative
    evaluation.ratings.all().delete()
    Rating.objects.bulk_create(
        Rating(evaluation=evaluation, rater=rater, dimension=dimension, score=score)
        for rater, scores in ((Rater.TEAM, team), (Rater.USERS, users))
        for dimension, score in scores.items()
    )
    record_revision(
        evaluation,
        actor=actor,
        kind=kind,
        fields={
            **{name: getattr(evaluation, name) for name in REVISION_FIELDS},
            "team_ratings": team,
            "users_ratings": users,
        },
        changed=REVISION_FIELDS,
    )
    return evaluation


# -- Summed up across initiatives -------------------------------------------------------------


def _average(total: int, count: int) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Distribution:
    """How the initiatives were rated on one dimension: counts of 1, 2, 3 and 4."""

    counts: list[int] = field(default_factory=lambda: [0] * (RATING_MAX - RATING_MIN + 1))

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def average(self) -> Decimal | None:
        score_sum = sum(score * n for score, n in zip(self.scores, self.counts, strict=True))
        return _average(score_sum, self.total)

    @property
    def scores(self) -> list[int]:
        return list(range(RATING_MIN, RATING_MAX + 1))

    @property
    def rows(self) -> list[dict]:
        """Each score with its count and share (whole percent), for tables and bars."""
        total = self.total
        return [
            {"score": s, "count": n, "percent": round(100 * n / total) if total else 0}
            for s, n in zip(self.scores, self.counts, strict=True)
        ]


@dataclass
class DimensionSummary:
    dimension: str
    label: str
    team: Distribution = field(default_factory=Distribution)
    users: Distribution = field(default_factory=Distribution)


@dataclass
class RatingsSummary:
    """The ratings of a set of initiatives: per dimension, the team's and the users'."""

    initiative_count: int
    evaluated_count: int
    users_rated_count: int
    dimensions: list[DimensionSummary]

    @property
    def any(self) -> bool:
        return any(d.team.total or d.users.total for d in self.dimensions)

    def as_dict(self) -> dict:
        """Plain data (for JSON, a PDF's context or an export)."""

        def dist(d: Distribution) -> dict:
            return {
                "counts": list(d.counts),
                "total": d.total,
                "average": float(d.average) if d.average is not None else None,
            }

        return {
            "initiatives": self.initiative_count,
            "evaluated": self.evaluated_count,
            "users_rated": self.users_rated_count,
            "dimensions": [
                {
                    "dimension": d.dimension,
                    "label": d.label,
                    "team": dist(d.team),
                    "users": dist(d.users),
                }
                for d in self.dimensions
            ],
        }


def aggregate_ratings(initiatives: QuerySet | Iterable[Initiative]) -> RatingsSummary:
    """The average and distribution per dimension of the ratings of `initiatives` (a
    queryset of initiatives, e.g. a process's or an organisation's, already narrowed to what
    the viewer may read), the team's and the users' apart. Three queries, however many
    initiatives and ratings there are."""
    if not isinstance(initiatives, QuerySet):
        initiatives = Initiative.objects.filter(pk__in=[i.pk for i in initiatives])
    ids = initiatives.order_by().values("pk")
    counts = InitiativeEvaluation.objects.filter(initiative__in=ids).aggregate(
        evaluated=Count("pk", distinct=True),
        users=Count("pk", filter=Q(users_rated=True), distinct=True),
    )
    summary = RatingsSummary(
        initiative_count=initiatives.order_by().values("pk").distinct().count(),
        evaluated_count=counts["evaluated"],
        users_rated_count=counts["users"],
        dimensions=[DimensionSummary(value, str(label)) for value, label in Dimension.choices],
    )
    by_dimension = {d.dimension: d for d in summary.dimensions}
    rows = (
        Rating.objects.filter(evaluation__initiative__in=ids)
        .values("rater", "dimension", "score")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        target = by_dimension.get(row["dimension"])
        if target is None:
            continue
        distribution = target.team if row["rater"] == Rater.TEAM else target.users
        distribution.counts[row["score"] - RATING_MIN] += row["n"]
    return summary


RATINGS_TEMPLATE = "evaluation/includes/ratings_table.html"


def ratings_section(initiatives: QuerySet) -> dict:
    """Everything a page or a PDF needs to show the ratings of `initiatives` (narrowed to
    what the viewer may read): include `template` with this dict as its context. Three
    queries. For the leaders' overview and the status report, through whatever seam the
    implementation app offers (it may not import this app)."""
    return {"template": RATINGS_TEMPLATE, "ratings": aggregate_ratings(initiatives)}


def ratings_for_initiatives(initiatives: Iterable[Initiative]) -> dict[int, dict]:
    """{initiative id: {"evaluation": …, "team": {dimension: score}, "users": {…}}} for the
    given initiatives: two queries, for lists that show each initiative's ratings."""
    ids = [i.pk for i in initiatives]
    evaluations = InitiativeEvaluation.objects.filter(initiative_id__in=ids).prefetch_related(
        "ratings"
    )
    return {e.initiative_id: {"evaluation": e, **current_ratings(e)} for e in evaluations}
