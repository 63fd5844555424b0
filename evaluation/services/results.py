"""The results of a process evaluation: response rate, a distribution and mean per scale
question, yes/no counts, and the written answers grouped by question.

Nothing is shown when fewer than `MIN_ANSWERS` people answered the questionnaire, and no
question's result is shown when fewer than that answered the question: with three answers
anyone could guess who wrote what. Written answers are listed in alphabetical order, never in
the order they came in (which could be matched with who answered when). Five queries, however
many people answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils.translation import gettext as _

from organisations.models import Membership

from ..access import participants_of
from ..models import MIN_ANSWERS, SCALE_MAX, SCALE_MIN, Answer, ProcessEvaluation, Question


@dataclass
class Bar:
    value: str
    label: str
    count: int
    percent: int


@dataclass
class QuestionResult:
    question: Question
    number: int
    count: int = 0
    shown: bool = False
    bars: list[Bar] = field(default_factory=list)
    mean: Decimal | None = None
    # Written answers: (text, name) with the name only in a named evaluation, for those who
    # may see it.
    texts: list[tuple[str, str]] = field(default_factory=list)
    # The chart's geometry, added by the view (evaluation.charts.bar_chart).
    chart: dict | None = None

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def description(self) -> str:
        """The chart in one sentence, for its accessible name."""
        parts = [f"{bar.label}: {bar.count}" for bar in self.bars]
        return f"{self.question.text} – " + ", ".join(parts)


@dataclass
class Results:
    evaluation: ProcessEvaluation
    respondent_count: int
    participant_count: int
    questions: list[QuestionResult]

    @property
    def enough(self) -> bool:
        return self.respondent_count >= MIN_ANSWERS

    @property
    def missing(self) -> int:
        return max(0, MIN_ANSWERS - self.respondent_count)

    @property
    def rate(self) -> int | None:
        """The response rate in whole percent (None without participants)."""
        if not self.participant_count:
            return None
        return round(100 * self.respondent_count / self.participant_count)

    @property
    def not_answered(self) -> int:
        return max(0, self.participant_count - self.respondent_count)


def response_rate(evaluation: ProcessEvaluation) -> tuple[int, int]:
    """(respondents, participants): two queries."""
    respondents = evaluation.respondents.count()
    participants = participants_of(evaluation.process).count()
    return respondents, participants


def _percent(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def results(
    evaluation: ProcessEvaluation, *, viewer: Membership | None = None, names: bool = False
) -> Results:
    """The evaluation's results as the pages show them. With `names` (the facilitator of a
    named evaluation) written answers carry the name of who wrote them."""
    respondents, participants = response_rate(evaluation)
    questions = list(evaluation.questions.order_by("position", "pk"))
    outcome = Results(
        evaluation=evaluation,
        respondent_count=respondents,
        participant_count=participants,
        questions=[QuestionResult(q, i) for i, q in enumerate(questions, start=1)],
    )
    if not outcome.enough:
        return outcome
    by_question = {r.question.pk: r for r in outcome.questions}
    counts: dict[int, dict] = {pk: {} for pk in by_question}
    rows = (
        Answer.objects.filter(question__evaluation=evaluation)
        .exclude(question__kind=Question.Kind.TEXT)
        .values("question_id", "scale", "yes")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        key = row["scale"] if row["scale"] is not None else row["yes"]
        counts[row["question_id"]][key] = row["n"]
    text_rows = (
        Answer.objects.filter(question__evaluation=evaluation, question__kind=Question.Kind.TEXT)
        .exclude(text="")
        .order_by("question_id", "text", "id")
    )
    if names and not evaluation.anonymous:
        text_rows = text_rows.values_list(
            "question_id",
            "text",
            "response__membership__user__first_name",
            "response__membership__user__last_name",
        )
    else:
        text_rows = text_rows.values_list("question_id", "text")
    texts: dict[int, list[tuple[str, str]]] = {pk: [] for pk in by_question}
    for row in text_rows:
        name = " ".join(filter(None, row[2:])) if len(row) > 2 else ""
        texts[row[0]].append((row[1], name))
    for pk, result in by_question.items():
        if result.kind == Question.Kind.TEXT:
            result.count = len(texts[pk])
            result.shown = result.count >= MIN_ANSWERS
            result.texts = texts[pk] if result.shown else []
            continue
        given = counts[pk]
        result.count = sum(given.values())
        result.shown = result.count >= MIN_ANSWERS
        if not result.shown:
            continue
        if result.kind == Question.Kind.SCALE:
            result.bars = [
                Bar(str(v), str(v), given.get(v, 0), _percent(given.get(v, 0), result.count))
                for v in range(SCALE_MIN, SCALE_MAX + 1)
            ]
            total = sum(v * n for v, n in given.items())
            result.mean = (Decimal(total) / Decimal(result.count)).quantize(
                Decimal("0.1"), rounding=ROUND_HALF_UP
            )
        else:
            result.bars = [
                Bar(
                    "yes", _("Yes"), given.get(True, 0), _percent(given.get(True, 0), result.count)
                ),
                Bar(
                    "no", _("No"), given.get(False, 0), _percent(given.get(False, 0), result.count)
                ),
            ]
    return outcome
