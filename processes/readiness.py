"""Is a process ready for its next hourglass phase? A registry of checks per target phase.

A check is a function that takes a `ReadinessContext` and returns a `Check`: a label, whether
it is met, and a short detail for the facilitator ("Missing for: Gruppe A, Gruppe B").
Checks are registered for the phase they guard with `@readiness_check(Phase.X)`; other apps
add their own from their `AppConfig.ready()` (the debate app registers the checks on
prioritised values and on the initiatives for the catalogue in `debate/readiness.py`).

Every check runs a fixed number of queries, whatever the number of themes, groups or
seminars: the facts are read with annotated querysets, once per context, and shared by the
checks through the context's cached properties.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from processes.models import (
    Group,
    GroupMeeting,
    GroupMembership,
    Phase,
    Process,
    Seminar,
    Theme,
)

# How many names a detail lists before it says "and N more".
NAMES_SHOWN = 5


@dataclass(frozen=True)
class Check:
    """The outcome of one requirement for moving to a phase."""

    label: str
    met: bool
    detail: str = ""


CheckFunction = Callable[["ReadinessContext"], Check]

# Target phase -> {key: check}. Keyed by the function's module and name, so importing a
# module twice (autoreload, tests) never registers a check twice.
_REGISTRY: dict[Phase, dict[str, CheckFunction]] = {phase: {} for phase in Phase.ordered()}


def readiness_check(phase: Phase) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check that must be met before a process moves on to `phase`."""

    def register(function: CheckFunction) -> CheckFunction:
        _REGISTRY[Phase(phase)][f"{function.__module__}.{function.__qualname__}"] = function
        return function

    return register


def checks_for(phase: Phase) -> list[CheckFunction]:
    return list(_REGISTRY[Phase(phase)].values())


@dataclass
class ReadinessContext:
    """The facts the checks share, each read with one query the first time it is asked for."""

    process: Process
    today: object = field(default_factory=timezone.localdate)

    @cached_property
    def themes(self) -> list[Theme]:
        return list(
            Theme.objects.filter(process=self.process)
            .annotate(group_count=Count("groups"))
            .only("pk", "title", "position")
            .order_by("position", "pk")
        )

    @cached_property
    def groups(self) -> list[Group]:
        # Separate subqueries rather than two joins, so the counts do not multiply each other.
        def count_of(model, **filters):
            return Coalesce(
                Subquery(
                    model.objects.filter(group=OuterRef("pk"), **filters)
                    .order_by()
                    .values("group")
                    .annotate(n=Count("pk"))
                    .values("n")[:1]
                ),
                0,
            )

        return list(
            Group.objects.filter(process=self.process)
            .annotate(
                seat_count=count_of(GroupMembership),
                meeting_count=count_of(GroupMeeting),
            )
            .only("pk", "name", "lead_id")
            .order_by("name", "pk")
        )

    @cached_property
    def seminars(self) -> list[Seminar]:
        return list(
            Seminar.objects.filter(process=self.process)
            .annotate(item_count=Count("agenda_items"))
            .order_by("date", "start_time", "pk")
        )


def names(items) -> str:
    """ "A, B and 2 more": the first few names of what is missing."""
    items = [str(item) for item in items]
    shown = ", ".join(items[:NAMES_SHOWN])
    rest = len(items) - NAMES_SHOWN
    if rest > 0:
        return _("%(names)s and %(count)d more") % {"names": shown, "count": rest}
    return shown


def missing_for(items) -> str:
    return _("Missing for: %(names)s.") % {"names": names(items)}


def evaluate(process: Process, phase: Phase | None = None) -> list[Check]:
    """The checks for moving `process` to `phase` (default: its next phase), in order."""
    phase = phase or process.next_phase
    if phase is None:
        return []
    context = ReadinessContext(process)
    return [check(context) for check in checks_for(phase)]


def unmet(checks: list[Check]) -> list[Check]:
    return [check for check in checks if not check.met]


# --- Foundation checks -----------------------------------------------------------------------


def _seminar_with_agenda(context: ReadinessContext, kind: str, label) -> Check:
    seminars = [s for s in context.seminars if s.kind == kind]
    if not seminars:
        return Check(str(label), False, _("No seminar of this kind is planned yet."))
    planned = [s for s in seminars if s.item_count]
    if not planned:
        return Check(str(label), False, _("The seminar has no agenda yet."))
    seminar = planned[0]
    return Check(
        str(label),
        True,
        ngettext(
            "%(seminar)s on %(date)s, %(count)d agenda item.",
            "%(seminar)s on %(date)s, %(count)d agenda items.",
            seminar.item_count,
        )
        % {
            "seminar": seminar,
            "date": date_format(seminar.date, "DATE_FORMAT"),
            "count": seminar.item_count,
        },
    )


@readiness_check(Phase.PRIORITISATION)
def every_theme_has_a_group(context: ReadinessContext) -> Check:
    label = _("Every theme has a group")
    if not context.themes:
        return Check(label, False, _("There are no themes yet."))
    without = [theme.title for theme in context.themes if not theme.group_count]
    return Check(label, not without, missing_for(without) if without else "")


@readiness_check(Phase.PRIORITISATION)
def every_group_has_a_lead_and_members(context: ReadinessContext) -> Check:
    label = _("Every group has a group lead and at least two members")
    if not context.groups:
        return Check(label, False, _("There are no groups yet."))
    without = [g.name for g in context.groups if g.lead_id is None or g.seat_count < 2]
    return Check(label, not without, missing_for(without) if without else "")


@readiness_check(Phase.PRIORITISATION)
def kickoff_seminar_planned(context: ReadinessContext) -> Check:
    return _seminar_with_agenda(
        context, Seminar.Kind.KICKOFF, _("The kick-off seminar is planned with an agenda")
    )


@readiness_check(Phase.PRIORITISATION)
def summaries_written(context: ReadinessContext) -> Check:
    label = _("A written summary exists for every seminar held so far")
    held = [s for s in context.seminars if s.date < context.today]
    without = [s.display_title for s in held if not s.summary.strip()]
    if not held:
        return Check(label, True, _("No seminar has been held yet."))
    return Check(label, not without, missing_for(without) if without else "")


@readiness_check(Phase.CATALOGUE)
def midway_seminar_planned(context: ReadinessContext) -> Check:
    return _seminar_with_agenda(
        context, Seminar.Kind.MIDWAY, _("The midway seminar is planned with an agenda")
    )


@readiness_check(Phase.CATALOGUE)
def every_group_has_met(context: ReadinessContext) -> Check:
    label = _("Every group has held at least one group meeting")
    if not context.groups:
        return Check(label, False, _("There are no groups yet."))
    without = [g.name for g in context.groups if not g.meeting_count]
    return Check(label, not without, missing_for(without) if without else "")


@readiness_check(Phase.IMPLEMENTATION)
def wrapup_seminar_planned(context: ReadinessContext) -> Check:
    return _seminar_with_agenda(
        context, Seminar.Kind.WRAPUP, _("The wrap-up seminar is planned with an agenda")
    )


# What each phase of the hourglass is about (seed 000, "Slip værdidebatten løs").
PHASE_EXPLANATIONS = {
    Phase.VALUE_DEBATE: gettext_lazy(
        "A broad, brainstorm-like debate on the values behind the work."
    ),
    Phase.PRIORITISATION: gettext_lazy(
        "Narrowing down to the values and ideas that can improve quality."
    ),
    Phase.CATALOGUE: gettext_lazy(
        "The waist of the hourglass: the value and idea catalogue with concrete proposals."
    ),
    Phase.IMPLEMENTATION: gettext_lazy(
        "Widening out: the initiatives are carried out across the whole organisation."
    ),
}

__all__ = [
    "PHASE_EXPLANATIONS",
    "Check",
    "ReadinessContext",
    "checks_for",
    "evaluate",
    "missing_for",
    "readiness_check",
    "unmet",
]
