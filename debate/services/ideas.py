"""Ideas: add, edit with conflict detection, decide (select for the catalogue or reject)."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.revisions import lock_for_edit, record_revision
from organisations.models import Membership
from processes.models import Group, Seminar

from ..models import Idea, IdeaRevision, Value
from .common import DebateError

# The fields a member edits; a revision snapshots them, a conflict compares them.
IDEA_TEXT_FIELDS = (
    "title",
    "description",
    "improves_core_task",
    "spread_plan",
    "first_step",
    "users_role",
)


def idea_snapshot(idea: Idea) -> dict[str, Any]:
    data: dict[str, Any] = {field: getattr(idea, field) for field in IDEA_TEXT_FIELDS}
    data["involved"] = list(idea.involved)
    data["values"] = sorted(v.name for v in idea.values.all())
    data["status"] = idea.status
    data["rejection_reason"] = idea.rejection_reason
    return data


def _clean_values(group: Group, values: Iterable[Value]) -> list[Value]:
    """An idea builds on at least one of its group's current values."""
    values = list(values or [])
    if not values:
        raise DebateError(_("Choose at least one value the idea builds on."))
    pks = {v.pk for v in values}
    found = Value.objects.visible().filter(group=group, pk__in=pks).count()
    if found != len(pks):
        raise DebateError(_("An idea can only build on the current values of its group."))
    return values


def _clean_involved(involved: Iterable[str]) -> list[str]:
    involved = list(dict.fromkeys(involved or []))
    if any(key not in Idea.Involved.values for key in involved):
        raise DebateError(_("Unknown choice of who is involved."))
    # Stored in the order of the choices, so two equal selections compare equal.
    return [key for key in Idea.Involved.values if key in involved]


def _clean_seminar(group: Group, seminar: Seminar | None) -> Seminar | None:
    if seminar is not None and seminar.process_id != group.process_id:
        raise DebateError(_("The seminar is not part of this process."))
    return seminar


@transaction.atomic
def add_idea(
    *,
    actor: Membership,
    group: Group,
    title: str,
    description: str,
    values: Iterable[Value],
    improves_core_task: str = "",
    spread_plan: str = "",
    involved: Iterable[str] = (),
    users_role: str = "",
    first_step: str = "",
    seminar: Seminar | None = None,
    propose: bool = False,
) -> Idea:
    """Add an idea to a group, built on at least one of the group's values, attributed to
    `actor`, as a draft or (with `propose`) proposed; records its first revision."""
    values = _clean_values(group, values)
    idea = Idea.objects.create(
        group=group,
        author=actor,
        title=title.strip(),
        description=description,
        improves_core_task=improves_core_task,
        spread_plan=spread_plan,
        involved=_clean_involved(involved),
        users_role=users_role,
        first_step=first_step,
        seminar=_clean_seminar(group, seminar),
        status=Idea.Status.PROPOSED if propose else Idea.Status.DRAFT,
    )
    idea.values.set(values)
    record_revision(idea, actor=actor, kind=IdeaRevision.Kind.CREATED, fields=idea_snapshot(idea))
    return idea


@transaction.atomic
def edit_idea(
    *,
    actor: Membership,
    idea: Idea,
    expected_version: int,
    title: str,
    description: str,
    values: Iterable[Value],
    improves_core_task: str = "",
    spread_plan: str = "",
    involved: Iterable[str] = (),
    users_role: str = "",
    first_step: str = "",
    seminar: Seminar | None = None,
) -> Idea:
    """Change an idea, unless someone changed it since `expected_version`.

    Guarantees: the row is locked while compared and written, so of two edits from the same
    version one is saved and the other raises `EditConflict` with both versions. A saved edit
    raises the version and records a revision. The status is not changed here.
    """
    attempted = {
        "title": title.strip(),
        "description": description,
        "improves_core_task": improves_core_task,
        "spread_plan": spread_plan,
        "first_step": first_step,
        "users_role": users_role,
        "involved": _clean_involved(involved),
        "values": list(values or []),
        "seminar": seminar,
    }
    locked = lock_for_edit(
        Idea.objects.select_related("group"),
        idea.pk,
        expected_version=expected_version,
        attempted=attempted,
    )
    values = _clean_values(locked.group, values)
    for field in (*IDEA_TEXT_FIELDS, "involved"):
        setattr(locked, field, attempted[field])
    locked.seminar = _clean_seminar(locked.group, seminar)
    locked.values.set(values)
    record_revision(
        locked,
        actor=actor,
        kind=IdeaRevision.Kind.EDITED,
        fields=idea_snapshot(locked),
        changed=[*IDEA_TEXT_FIELDS, "involved", "seminar"],
    )
    return locked


@transaction.atomic
def set_idea_status(*, actor: Membership, idea: Idea, status: str, reason: str = "") -> Idea:
    """Move an idea to `status`. Rejecting needs a reason, kept with the idea; any other
    status clears it. Recorded in the idea's history and raises its version."""
    locked = Idea.objects.select_for_update().get(pk=idea.pk)
    if status not in Idea.Status.values:
        raise DebateError(_("Unknown status."))
    reason = reason.strip()
    if status == Idea.Status.REJECTED and not reason:
        raise DebateError(_("Say why the idea is rejected."))
    if locked.status == status and locked.rejection_reason == (
        reason if status == Idea.Status.REJECTED else ""
    ):
        return locked
    locked.status = status
    locked.rejection_reason = reason if status == Idea.Status.REJECTED else ""
    locked.status_changed_by = actor
    locked.status_changed_at = timezone.now()
    record_revision(
        locked,
        actor=actor,
        kind=IdeaRevision.Kind.STATUS,
        fields=idea_snapshot(locked),
        changed=["status", "rejection_reason", "status_changed_by", "status_changed_at"],
    )
    return locked
