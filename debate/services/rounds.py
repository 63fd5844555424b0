"""Prioritisation rounds: open, place and remove dots, close, and read the results.

The dot limit is held by the database: every dot raises the voter's `RoundBallot.dots_used`
with a conditional UPDATE (`dots_used < dots_allowed`), and a CheckConstraint refuses any row
past the limit. Dot changes and closing lock the round row, so they queue per round: a dot
can never land in a closed round, and a closed round's results never change.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Membership
from processes.models import Group, Process

from ..models import Dot, Idea, PrioritisationRound, RoundBallot, RoundCandidate, Value
from .common import DebateError

# Ideas that can be voted on: drafts are not ready, rejected ideas are out.
VOTABLE_IDEA_STATUSES = (Idea.Status.PROPOSED, Idea.Status.SELECTED)


@dataclass(frozen=True)
class ResultRow:
    candidate: RoundCandidate
    dots: int
    # Competition ranking: equal dots share a rank and the next rank is skipped (1, 2, 2, 4).
    rank: int
    # Width of the bar in per cent of the candidate with most dots (0-100).
    percent: int


def results(round: PrioritisationRound) -> list[ResultRow]:
    """The candidates of `round` ranked by dots, most first; equal dots keep ballot order.

    Two queries whatever the size of the round. Only for closed rounds in pages: dots are
    secret while a round is open.
    """
    candidates = list(
        round.candidates.select_related("value__group", "idea__group")
        .annotate(dot_count=Count("dots"))
        .order_by("-dot_count", "position", "pk")
    )
    top = candidates[0].dot_count if candidates else 0
    rows, rank, previous = [], 0, None
    for index, candidate in enumerate(candidates, start=1):
        if candidate.dot_count != previous:
            rank, previous = index, candidate.dot_count
        percent = round_percent(candidate.dot_count, top)
        rows.append(ResultRow(candidate, candidate.dot_count, rank, percent))
    return rows


def round_percent(part: int, whole: int) -> int:
    return int(part * 100 / whole + 0.5) if whole else 0


def top_candidates(round: PrioritisationRound, n: int) -> list[RoundCandidate]:
    """The top `n` of a closed round, for a staged round.

    Rule: candidates ranked `n` or better, so a tie at the cut takes every tied candidate
    (nobody is dropped by ballot order); a candidate without any dot never goes on.
    """
    return [row.candidate for row in results(round) if row.dots > 0 and row.rank <= n]


def _surviving(value: Value) -> Value:
    """A value merged since the earlier round goes on as the value it was merged into."""
    seen = set()
    while value.merged_into_id and value.pk not in seen:
        seen.add(value.pk)
        value = Value.objects.get(pk=value.merged_into_id)
    return value


def _candidates_from_sources(sources: list[PrioritisationRound], top_n: int) -> list[dict]:
    chosen, seen = [], set()
    for source in sources:
        for candidate in top_candidates(source, top_n):
            if candidate.value_id:
                value = _surviving(candidate.value)
                key = ("value", value.pk)
                entry = {"value": value}
            else:
                key = ("idea", candidate.idea_id)
                entry = {"idea": candidate.idea}
            if key not in seen:
                seen.add(key)
                chosen.append(entry)
    return chosen


def _fresh_candidates(process: Process, group: Group | None, target: str) -> list[dict]:
    scope = Q(group=group) if group else Q(group__process=process)
    if target == PrioritisationRound.Target.IDEAS:
        ideas = Idea.objects.filter(scope, status__in=VOTABLE_IDEA_STATUSES)
        return [{"idea": idea} for idea in ideas.order_by("group__name", "created_at", "pk")]
    values = Value.objects.visible().filter(scope).order_by("group__name", "created_at", "pk")
    return [{"value": value} for value in values]


@transaction.atomic
def open_round(
    *,
    actor: Membership,
    process: Process,
    title: str,
    dots_per_person: int,
    target: str = PrioritisationRound.Target.VALUES,
    group: Group | None = None,
    source_rounds: Iterable[PrioritisationRound] = (),
    top_n: int | None = None,
) -> PrioritisationRound:
    """Open a round for `group` (None: all groups of the process).

    Without source rounds the candidates are the group's current values (merged ones live on
    in their target) or its proposed and selected ideas. With source rounds (closed rounds of
    the same process and target) they are the top `top_n` of each, see `top_candidates`.
    The candidates are stored with the round, so its results stay on record.
    """
    # Read the earlier rounds afresh: whether they are closed is what counts now.
    sources = list(
        PrioritisationRound.objects.filter(pk__in=[r.pk for r in source_rounds]).order_by("pk")
    )
    if group is not None and group.process_id != process.pk:
        raise DebateError(_("The group is not part of this process."))
    if sources:
        if top_n is None or top_n < 1:
            raise DebateError(_("Say how many of the top candidates of each earlier round go on."))
        if any(s.process_id != process.pk for s in sources):
            raise DebateError(_("Earlier rounds must belong to this process."))
        if any(s.is_open for s in sources):
            raise DebateError(_("Close the earlier rounds first: their results are still secret."))
        if any(s.target != target for s in sources):
            raise DebateError(_("Earlier rounds must have voted on the same kind of candidates."))
        chosen = _candidates_from_sources(sources, top_n)
    else:
        top_n = None
        chosen = _fresh_candidates(process, group, target)
    if not chosen:
        if target == PrioritisationRound.Target.IDEAS:
            raise DebateError(_("There are no proposed ideas to vote on yet."))
        raise DebateError(_("There is nothing to vote on yet."))
    round = PrioritisationRound.objects.create(
        process=process,
        group=group,
        title=title.strip(),
        dots_per_person=dots_per_person,
        target=target,
        top_n=top_n,
        opened_by=actor,
    )
    round.source_rounds.set(sources)
    RoundCandidate.objects.bulk_create(
        RoundCandidate(round=round, position=position, **entry)
        for position, entry in enumerate(chosen)
    )
    return round


def _lock_open(round: PrioritisationRound) -> PrioritisationRound:
    locked = PrioritisationRound.objects.select_for_update().get(pk=round.pk)
    if not locked.is_open:
        raise DebateError(_("The round is closed: its results are on record."))
    return locked


@transaction.atomic
def place_dot(
    *, actor: Membership, round: PrioritisationRound, candidate: RoundCandidate
) -> RoundBallot:
    """Place one of `actor`'s dots on `candidate`, if they have one left.

    Guarantees: never more dots than the round allows per person, even when requests race:
    the round row is locked, the ballot's count is raised only while below the limit, and the
    database refuses a count above it.
    """
    locked = _lock_open(round)
    if candidate.round_id != locked.pk:
        raise DebateError(_("That is not a candidate of this round."))
    if Value.objects.filter(pk=candidate.value_id, merged_into__isnull=False).exists():
        raise DebateError(
            _("This value has been merged into another value; place your dot on that one.")
        )
    ballot, _created = RoundBallot.objects.get_or_create(
        round=locked, voter=actor, defaults={"dots_allowed": locked.dots_per_person}
    )
    raised = RoundBallot.objects.filter(pk=ballot.pk, dots_used__lt=F("dots_allowed")).update(
        dots_used=F("dots_used") + 1
    )
    if not raised:
        raise DebateError(_("You have used all your dots. Remove one to place it elsewhere."))
    Dot.objects.create(round=locked, candidate=candidate, voter=actor)
    ballot.refresh_from_db()
    return ballot


@transaction.atomic
def remove_dot(
    *, actor: Membership, round: PrioritisationRound, candidate: RoundCandidate
) -> RoundBallot:
    """Take back one of `actor`'s dots from `candidate` while the round is open."""
    locked = _lock_open(round)
    dot = Dot.objects.filter(round=locked, candidate=candidate, voter=actor).order_by("-pk").first()
    if dot is None:
        raise DebateError(_("You have no dot on that candidate."))
    dot.delete()
    RoundBallot.objects.filter(round=locked, voter=actor, dots_used__gt=0).update(
        dots_used=F("dots_used") - 1
    )
    return RoundBallot.objects.get(round=locked, voter=actor)


@transaction.atomic
def close_round(*, actor: Membership, round: PrioritisationRound) -> PrioritisationRound:
    """Close the round: no more dots, and its results are shown and kept on record."""
    locked = _lock_open(round)
    locked.status = PrioritisationRound.Status.CLOSED
    locked.closed_at = timezone.now()
    locked.closed_by = actor
    locked.save(update_fields=["status", "closed_at", "closed_by"])
    return locked


def own_dots(round: PrioritisationRound, voter: Membership) -> dict[int, int]:
    """{candidate pk: number of dots} of one voter: the only dots anyone sees while open."""
    rows = (
        Dot.objects.filter(round=round, voter=voter)
        .values("candidate_id")
        .annotate(n=Count("pk"))
        .values_list("candidate_id", "n")
    )
    return dict(rows)


def voter_count(round: PrioritisationRound) -> int:
    """How many people have placed at least one dot (shown while a round is open)."""
    return RoundBallot.objects.filter(round=round, dots_used__gt=0).count()


@dataclass(frozen=True)
class Placing:
    round: PrioritisationRound
    candidate: RoundCandidate
    rank: int
    dots: int
    of: int


def placings(candidacies: Iterable[RoundCandidate]) -> list[Placing]:
    """Where each candidacy ended in its (closed) round: rank, dots and number of candidates.

    For lineage: one query for all the rounds involved, whatever their number. The
    candidacies must come with `round` loaded (select_related).
    """
    candidacies = [c for c in candidacies if not c.round.is_open]
    if not candidacies:
        return []
    round_ids = {c.round_id for c in candidacies}
    counts = (
        RoundCandidate.objects.filter(round_id__in=round_ids)
        .annotate(dot_count=Count("dots"))
        .values_list("pk", "round_id", "dot_count")
    )
    per_round: dict[int, list[tuple[int, int]]] = {}
    for pk, round_id, dot_count in counts:
        per_round.setdefault(round_id, []).append((pk, dot_count))
    standing: dict[int, tuple[int, int, int]] = {}
    for entries in per_round.values():
        for pk, dot_count in entries:
            better = sum(1 for _pk, other in entries if other > dot_count)
            standing[pk] = (better + 1, dot_count, len(entries))
    result = []
    for candidacy in candidacies:
        rank, dots, size = standing[candidacy.pk]
        result.append(Placing(candidacy.round, candidacy, rank, dots, size))
    return sorted(result, key=lambda p: (p.round.closed_at, p.round.pk))
