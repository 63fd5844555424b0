"""Live seminar mode: the facilitator's controls, the change markers, what the board shows.

Actions (`set_running_item`, `start_timer`, `stop_timer`, `new_join_code`) run in one
transaction with the acting membership as keyword-only `actor`, like every debate action.
Reads (`board_groups`, `round_summaries`, `group_entries`) cost a fixed number of queries
whatever the number of groups, values or ideas: the board is polled by every projector.
"""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from debate.models import Idea, PrioritisationRound, RoundBallot, RoundCandidate, Value
from debate.services.common import DebateError
from organisations.models import Membership
from processes.models import AgendaItem, Group, Process, Seminar

from . import notify
from .models import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    MAX_TIMER_MINUTES,
    LiveStamp,
    SeminarLiveState,
)

# How many of each group's newest entries the board shows: enough to follow the debate from
# the back of the hall, few enough to fit a projector.
BOARD_VALUES_PER_GROUP = 5
BOARD_IDEAS_PER_GROUP = 3
# Closed rounds on the board, newest first, each with its top candidates.
BOARD_CLOSED_ROUNDS = 3
BOARD_RESULTS_PER_ROUND = 5


# Change markers ---------------------------------------------------------------------------


def process_key(process_id: int) -> str:
    return f"p{process_id}"


def shared_key(process_id: int) -> str:
    return f"a{process_id}"


def group_key(group_id: int) -> str:
    return f"g{group_id}"


def bump_live_version(process_id: int, *, group_id: int | None = None, shared: bool = False):
    """Mark a change in a process so every poll built before it is answered afresh.

    A change in one group marks that group and the process (the board); a change every
    group's live view shows (`shared`: plenary rounds, the running agenda item, the author
    mode) marks the shared scope and the process. Runs inside the caller's transaction, so the
    new marker becomes visible together with the change itself.
    """
    keys = {process_key(process_id)}
    if group_id is not None:
        keys.add(group_key(group_id))
    if shared:
        keys.add(shared_key(process_id))
    # Sorted, so concurrent writers lock the rows in the same order and never deadlock.
    LiveStamp.objects.bulk_create(
        [LiveStamp(key=key, stamp=secrets.randbits(62)) for key in sorted(keys)],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["stamp"],
    )
    # After the commit, so a phone told about the change finds it when it fetches.
    transaction.on_commit(partial(notify.publish, keys))


def stored_stamps(keys: Iterable[str]) -> dict[str, int]:
    """The stored markers of `keys`, in one primary-key query. A scope never written to yet
    reads as 0."""
    keys = set(keys)
    found = dict(LiveStamp.objects.filter(key__in=keys).values_list("key", "stamp"))
    return {key: found.get(key, 0) for key in keys}


def format_stamps(stamps: dict[str, int]) -> str:
    return ".".join(f"{stamps[key]:x}" for key in sorted(stamps))


def current_stamps(keys: Iterable[str]) -> str:
    """The stored markers of `keys` as one string, in one primary-key query."""
    return format_stamps(stored_stamps(keys))


# The facilitator's controls ---------------------------------------------------------------


def _new_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def _create_state(seminar: Seminar) -> SeminarLiveState:
    # 31^6 ≈ 890 million codes: a collision is rare, and then another code is drawn.
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return SeminarLiveState.objects.create(seminar=seminar, join_code=_new_code())
        except IntegrityError:
            existing = SeminarLiveState.objects.filter(seminar=seminar).first()
            if existing is not None:  # another request created it first
                return existing
    raise RuntimeError("Could not draw a free join code")


def live_state_for(seminar: Seminar) -> SeminarLiveState:
    """The seminar's live state, created with a fresh join code the first time it is needed.

    The join code is a short cut, not a key: joining still needs a logged-in participant.
    No query when the seminar was loaded with `seminar_with_state`.
    """
    if Seminar.live_state.is_cached(seminar):
        state = getattr(seminar, "live_state", None)
    else:
        state = (
            SeminarLiveState.objects.select_related("current_item").filter(seminar=seminar).first()
        )
    return state or _create_state(seminar)


def seminar_with_state(process: Process, seminar_pk: int) -> Seminar:
    """The process's seminar `seminar_pk` (404 if none) with its live state in the same
    query: every phone's fetch after a change loads both."""
    return get_object_or_404(
        Seminar.objects.select_related("live_state__current_item"), pk=seminar_pk, process=process
    )


def _locked_state(seminar: Seminar) -> SeminarLiveState:
    live_state_for(seminar)
    return SeminarLiveState.objects.select_for_update().get(seminar=seminar)


@transaction.atomic
def set_running_item(
    *, actor: Membership, seminar: Seminar, item: AgendaItem | None, start_timer: bool = True
) -> SeminarLiveState:
    """Make `item` the running agenda item (None: nothing is running). With `start_timer`
    the timer restarts with the item's planned duration; without an item it stops."""
    if item is not None and item.seminar_id != seminar.pk:
        raise DebateError(_("That agenda item belongs to another seminar."))
    state = _locked_state(seminar)
    state.current_item = item
    if item is not None and start_timer:
        state.timer_started_at = timezone.now()
        state.timer_minutes = min(item.duration_minutes, MAX_TIMER_MINUTES)
    elif item is None:
        state.timer_started_at = state.timer_minutes = None
    state.updated_by = actor
    state.save()
    return state


@transaction.atomic
def start_timer(*, actor: Membership, seminar: Seminar, minutes: int) -> SeminarLiveState:
    """Start (or restart) the visible timer at `minutes` from now."""
    if not 1 <= minutes <= MAX_TIMER_MINUTES:
        raise DebateError(_("A timer runs from 1 to 480 minutes."))
    state = _locked_state(seminar)
    state.timer_started_at = timezone.now()
    state.timer_minutes = minutes
    state.updated_by = actor
    state.save()
    return state


@transaction.atomic
def stop_timer(*, actor: Membership, seminar: Seminar) -> SeminarLiveState:
    state = _locked_state(seminar)
    state.timer_started_at = state.timer_minutes = None
    state.updated_by = actor
    state.save()
    return state


@transaction.atomic
def new_join_code(*, actor: Membership, seminar: Seminar) -> SeminarLiveState:
    """Replace the join code (say, after it was shared outside the hall); the old code stops
    working at once."""
    state = _locked_state(seminar)
    for _attempt in range(10):
        code = _new_code()
        if not SeminarLiveState.objects.filter(join_code=code).exists():
            break
    state.join_code = code
    state.updated_by = actor
    state.save()
    return state


def group_of(process: Process, membership: Membership) -> Group | None:
    """The group `membership` takes part in within `process`: the one they sit in, else the
    one they lead. None for people outside the groups (facilitator, most leaders)."""
    groups = Group.objects.filter(process=process)
    return (
        groups.filter(seats__membership=membership).order_by("pk").first()
        or groups.filter(lead=membership).order_by("pk").first()
    )


# What the board and the phones show ------------------------------------------------------


def board_groups(process: Process, *, with_authors: bool) -> list[Group]:
    """Every group of the process with its counts and newest values and ideas, in four
    queries whatever the amount of data (the newest entries come from a window function)."""
    visible_values = Value.objects.visible()
    value_count = (
        visible_values.filter(group=OuterRef("pk"))
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    idea_count = (
        Idea.objects.filter(group=OuterRef("pk"))
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    newest_values = visible_values.order_by("-created_at", "-pk")
    newest_ideas = Idea.objects.order_by("-created_at", "-pk")
    if with_authors:
        newest_values = newest_values.select_related("author__user")
        newest_ideas = newest_ideas.select_related("author__user")
    return list(
        Group.objects.filter(process=process)
        .select_related("theme")
        .annotate(
            value_count=Coalesce(Subquery(value_count), 0),
            idea_count=Coalesce(Subquery(idea_count), 0),
        )
        .prefetch_related(
            Prefetch(
                "values",
                queryset=newest_values[:BOARD_VALUES_PER_GROUP],
                to_attr="newest_values",
            ),
            Prefetch(
                "ideas", queryset=newest_ideas[:BOARD_IDEAS_PER_GROUP], to_attr="newest_ideas"
            ),
        )
        .order_by("name", "pk")
    )


@dataclass(frozen=True)
class ResultLine:
    name: str
    dots: int
    percent: int  # of the leader's dots, for the bar's length
    # Competition ranking as on the round's results page: ties share a rank (1, 2, 3, 3).
    rank: int


@dataclass(frozen=True)
class RoundSummary:
    round: PrioritisationRound
    voters: int
    results: list[ResultLine]  # empty while the round is open: dots are secret until close


def round_summaries(
    process: Process, *, group: Group | None = None, closed_limit: int = BOARD_CLOSED_ROUNDS
) -> list[RoundSummary]:
    """Open rounds with their number of voters, then the newest closed rounds with their top
    results. With `group`: that group's rounds and the plenary ones. Three queries."""
    rounds = PrioritisationRound.objects.filter(process=process).select_related("group")
    if group is not None:
        rounds = rounds.filter(Q(group=group) | Q(group__isnull=True))
    open_rounds = list(rounds.filter(status=PrioritisationRound.Status.OPEN))
    closed_rounds = list(
        rounds.filter(status=PrioritisationRound.Status.CLOSED).order_by("-closed_at", "-pk")[
            :closed_limit
        ]
    )
    voters = dict(
        RoundBallot.objects.filter(round__in=[r.pk for r in open_rounds], dots_used__gt=0)
        .values("round")
        .annotate(n=Count("pk"))
        .values_list("round", "n")
    )
    # Results only of closed rounds: an open round's dots never leave the database.
    per_round: dict[int, list[tuple[str, int]]] = {}
    if closed_rounds:
        candidates = (
            RoundCandidate.objects.filter(round__in=[r.pk for r in closed_rounds])
            .annotate(dot_count=Count("dots"))
            .select_related("value", "idea")
            .order_by("round", "-dot_count", "position", "pk")
        )
        for candidate in candidates:
            per_round.setdefault(candidate.round_id, []).append(
                (candidate.name, candidate.dot_count)
            )
    summaries = [RoundSummary(r, voters.get(r.pk, 0), []) for r in open_rounds]
    for r in closed_rounds:
        top = per_round.get(r.pk, [])[:BOARD_RESULTS_PER_ROUND]
        most = max((dots for _name, dots in top), default=0)
        lines, rank, previous = [], 0, None
        for index, (name, dots) in enumerate(top, start=1):
            if dots != previous:
                rank, previous = index, dots
            lines.append(ResultLine(name, dots, round(100 * dots / most) if most else 0, rank))
        summaries.append(RoundSummary(r, 0, lines))
    return summaries


def group_entries(group: Group) -> tuple[list[Value], list[Idea]]:
    """The group's current values and ideas, newest first, for its live view (with authors
    loaded: the author tag decides per viewer what to show of them)."""
    values = (
        Value.objects.visible()
        .filter(group=group)
        .select_related("author__user")
        .order_by("-created_at", "-pk")
    )
    ideas = Idea.objects.filter(group=group).select_related("author__user")
    return list(values), list(ideas.order_by("-created_at", "-pk"))
