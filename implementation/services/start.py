"""Starting implementation: a published catalogue edition's selected initiatives become
tracked initiatives, and the process enters the implementation phase."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Edition
from core.revisions import CREATED, serialise
from debate.models import Idea
from organisations.models import Membership
from processes import readiness
from processes.models import Group, Phase, Process, Theme
from processes.services import phases

from ..models import Implementation, Initiative, InitiativeRevision, StatusChange
from .initiatives import EDITABLE_FIELDS

# What an initiative keeps of its idea's snapshot entry, besides title and description.
LINEAGE_KEYS = (
    "values",
    "placings",
    "seminar",
    "improves_core_task",
    "spread_plan",
    "first_step",
    "users_role",
    "involved",
)


class StartRefused(ValidationError):
    """The process may not enter the implementation phase yet: `unmet` lists the readiness
    checks that stand in the way; a reason for going on anyway lets it through."""

    def __init__(self, message, *, unmet: list[readiness.Check]):
        super().__init__({"override_reason": message}, code="unmet")
        self.unmet = unmet


@dataclass
class Started:
    implementation: Implementation
    created: list[Initiative] = field(default_factory=list)
    moved_phase: bool = False


def published_editions(process: Process):
    return process.catalogue_editions.filter(status=Edition.Status.PUBLISHED).order_by("-number")


def lineage_for(entry: dict, *, group: dict, theme: dict | None, edition: Edition) -> dict:
    """The frozen story of one initiative: the idea's values with their round placings, the
    idea's own placings, its seminar, group and theme, and the edition that carried it.
    The snapshot holds no authors, so neither does the lineage."""
    lineage = {key: entry.get(key) for key in LINEAGE_KEYS}
    lineage.update(
        {
            "idea_id": entry["id"],
            "group": group.get("name", ""),
            "theme": theme.get("title", "") if theme else "",
            "edition": {
                "id": edition.pk,
                "number": edition.number,
                "title": edition.display_title,
                "published_at": edition.published_at.isoformat() if edition.published_at else "",
            },
        }
    )
    return lineage


def _move_into_implementation(locked: Process, *, actor: Membership, override_reason: str) -> bool:
    """Move the process on through the existing phase service, so its readiness checks and
    override log apply exactly as on the process page."""
    if locked.current_phase == Phase.IMPLEMENTATION:
        return False
    if locked.next_phase != Phase.IMPLEMENTATION:
        raise ValidationError(
            _(
                "The process is in “%(phase)s”. Move it on to “%(catalogue)s” on the process "
                "page first."
            )
            % {"phase": locked.get_phase_display(), "catalogue": Phase.CATALOGUE.label},
            code="phase",
        )
    try:
        phases.move_phase(
            actor=actor,
            process=locked,
            direction=phases.NEXT,
            override_reason=override_reason,
            expected_phase=locked.phase,
        )
    except phases.PhaseMoveRefused as refused:
        if refused.unmet:
            raise StartRefused(refused.message, unmet=refused.unmet) from refused
        raise ValidationError({"override_reason": refused.message}, code="refused") from refused
    return True


@transaction.atomic
def start_implementation(
    process: Process,
    *,
    actor: Membership,
    edition: Edition,
    override_reason: str = "",
    today: datetime.date | None = None,
) -> Started:
    """Turn the selected initiatives of a published `edition` into tracked initiatives.

    Guarantees: only a published edition of this process is accepted; the process enters
    the implementation phase through `move_phase` (unmet readiness checks need
    `override_reason`, which is recorded in the phase history); each idea becomes one
    initiative, once: a second start from a later edition adds only the ideas that are new,
    and the process row is locked so two starts at once cannot both add them (the unique
    constraint backs that up). Each new initiative is planned, with a status change that
    says which edition it came from. Nothing is saved when anything is refused.
    """
    today = today or timezone.localdate()
    locked = Process.objects.select_for_update().get(pk=process.pk)
    if edition.process_id != locked.pk or edition.status != Edition.Status.PUBLISHED:
        raise ValidationError(
            {
                "edition": _(
                    "Implementation starts from a published edition of this process's catalogue."
                )
            },
            code="unpublished",
        )
    moved = _move_into_implementation(locked, actor=actor, override_reason=override_reason)
    process.phase = locked.phase

    implementation, _created = Implementation.objects.get_or_create(
        process=locked, defaults={"edition": edition, "started_by": actor}
    )
    existing = Initiative.objects.filter(process=locked)
    known_ideas = {pk for pk in existing.values_list("source_idea_id", flat=True) if pk}
    known_ideas |= {
        pk for pk in existing.values_list("lineage__idea_id", flat=True) if isinstance(pk, int)
    }

    snapshot = edition.snapshot or {}
    themes = {t["id"]: t for t in snapshot.get("themes", [])}
    entries = [
        (group, entry)
        for group in snapshot.get("groups", [])
        for entry in group.get("initiatives", [])
        if entry["id"] not in known_ideas
    ]
    # The groups, themes and ideas as they stand now: any of them may have been deleted
    # since the edition was compiled; the lineage keeps their names regardless.
    group_rows = Group.objects.filter(process=locked).in_bulk({g["id"] for g, _e in entries})
    theme_rows = Theme.objects.filter(process=locked).in_bulk(
        {g.get("theme_id") for g, _e in entries if g.get("theme_id")}
    )
    live_ideas = set(
        Idea.objects.filter(
            group__process=locked, pk__in=[e["id"] for _g, e in entries]
        ).values_list("pk", flat=True)
    )

    initiatives = []
    for group, entry in entries:
        theme = themes.get(group.get("theme_id"))
        initiatives.append(
            Initiative(
                process=locked,
                group=group_rows.get(group["id"]),
                theme=theme_rows.get(group.get("theme_id")),
                title=entry["title"][:200],
                description=entry.get("description", ""),
                origin=Initiative.Origin.CATALOGUE,
                edition=edition,
                source_idea_id=entry["id"] if entry["id"] in live_ideas else None,
                lineage=lineage_for(entry, group=group, theme=theme, edition=edition),
                status=Initiative.Status.PLANNED,
                status_changed_on=today,
                created_by=actor,
            )
        )
    created = Initiative.objects.bulk_create(initiatives)
    reason = _("Started from edition %(number)d of the catalogue.") % {"number": edition.number}
    StatusChange.objects.bulk_create(
        StatusChange(
            initiative=initiative,
            from_status="",
            to_status=Initiative.Status.PLANNED,
            changed_on=today,
            reason=reason,
            actor=actor,
        )
        for initiative in created
    )
    # Each initiative's history starts here, so its first edit shows what it changed.
    InitiativeRevision.objects.bulk_create(
        InitiativeRevision(
            initiative=initiative,
            editor=actor,
            kind=CREATED,
            version=initiative.version,
            data={**serialise(initiative, EDITABLE_FIELDS), "team": []},
        )
        for initiative in created
    )
    return Started(implementation=implementation, created=created, moved_phase=moved)
