"""Compiling a process's material into an edition's frozen snapshot.

The snapshot is plain JSON: ids, texts and codes (seminar kinds, columns, roles), never
translated labels, so an edition renders in its own language and two editions can be compared
field by field. It never records who wrote a value or an idea: the debate may have hidden its
authors, and the catalogue is the group's shared product.

A fixed number of queries, whatever the number of groups, values and initiatives.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone

from debate.models import (
    GivenFrame,
    Idea,
    InfluenceItem,
    PrioritisationRound,
    RoundCandidate,
    Value,
)
from debate.services.rounds import placings
from processes.models import Group, Process, Seminar, Theme, ValueStream
from processes.sanitise import sanitise_html

SNAPSHOT_FORMAT = 1
INFLUENCE_COLUMNS = ("self", "co", "none")


def _placing(p) -> dict:
    return {
        "round": p.round.title,
        "round_id": p.round.pk,
        "rank": p.rank,
        "of": p.of,
        "dots": p.dots,
    }


def compile_snapshot(process: Process, *, include_participants: bool = False) -> dict:
    """Everything an edition shows, as it stands now."""
    streams = list(ValueStream.objects.order_by("number"))
    themes = list(
        Theme.objects.filter(process=process)
        .prefetch_related(
            Prefetch("value_streams", queryset=ValueStream.objects.order_by("number"))
        )
        .order_by("position", "pk")
    )
    groups = list(
        Group.objects.filter(process=process)
        .select_related("theme", "lead__user")
        .order_by("theme__position", "name", "pk")
    )
    ideal_values = list(
        Value.objects.visible()
        .filter(group__process=process, is_ideal=True)
        .prefetch_related(
            Prefetch("value_streams", queryset=ValueStream.objects.order_by("number"))
        )
        .order_by("name", "pk")
    )
    initiatives = list(
        Idea.objects.filter(group__process=process, status=Idea.Status.SELECTED)
        .select_related("seminar")
        .prefetch_related(
            Prefetch(
                "values", queryset=Value.objects.select_related("group").order_by("name", "pk")
            )
        )
        .order_by("created_at", "pk")
    )
    influence = list(
        InfluenceItem.objects.filter(group__process=process, column__in=INFLUENCE_COLUMNS).order_by(
            "group", "column", "position", "pk"
        )
    )
    lineage_values = {v.pk for idea in initiatives for v in idea.values.all()}
    candidacies = RoundCandidate.objects.filter(
        round__process=process, round__status=PrioritisationRound.Status.CLOSED
    ).select_related("round")
    value_placings: dict[int, list[dict]] = {}
    for p in placings(candidacies.filter(value_id__in=lineage_values)):
        value_placings.setdefault(p.candidate.value_id, []).append(_placing(p))
    idea_placings: dict[int, list[dict]] = {}
    for p in placings(candidacies.filter(idea__in=[i.pk for i in initiatives])):
        idea_placings.setdefault(p.candidate.idea_id, []).append(_placing(p))
    seminars = list(Seminar.objects.filter(process=process).order_by("date", "start_time", "pk"))

    frames = _frames_by_theme(themes)
    values_by_group: dict[int, list[dict]] = {}
    for value in ideal_values:
        values_by_group.setdefault(value.group_id, []).append(
            {
                "id": value.pk,
                "name": value.name,
                "meaning": value.meaning,
                "examples": value.examples,
                "dilemmas": value.dilemmas,
                "gap": value.gap,
                "also_called": value.also_called_names,
                "value_streams": [s.number for s in value.value_streams.all()],
            }
        )
    influence_by_group: dict[int, dict[str, list[dict]]] = {}
    for item in influence:
        columns = influence_by_group.setdefault(item.group_id, {c: [] for c in INFLUENCE_COLUMNS})
        columns[item.column].append({"activity": item.activity, "note": item.note})
    group_names = {g.pk: g.name for g in groups}
    initiatives_by_group: dict[int, list[dict]] = {}
    for idea in initiatives:
        initiatives_by_group.setdefault(idea.group_id, []).append(
            {
                "id": idea.pk,
                "title": idea.title,
                "description": idea.description,
                "improves_core_task": idea.improves_core_task,
                "spread_plan": idea.spread_plan,
                "involved": list(idea.involved),
                "users_role": idea.users_role,
                "first_step": idea.first_step,
                "values": [
                    {
                        "id": v.pk,
                        "name": v.name,
                        "group": v.group.name if v.group_id != idea.group_id else "",
                        "placings": value_placings.get(v.pk, []),
                    }
                    for v in idea.values.all()
                ],
                "placings": idea_placings.get(idea.pk, []),
                "seminar": (
                    {
                        "kind": idea.seminar.kind,
                        "title": idea.seminar.title,
                        "date": idea.seminar.date.isoformat(),
                    }
                    if idea.seminar
                    else None
                ),
                "group": group_names.get(idea.group_id, ""),
            }
        )

    snapshot = {
        "format": SNAPSHOT_FORMAT,
        "compiled_at": timezone.now().isoformat(),
        "process": {
            "id": process.pk,
            "title": process.title,
            "purpose": process.purpose,
            "organisation": process.organisation.name,
            "start_date": process.start_date.isoformat(),
            "end_date": process.end_date.isoformat(),
            "min_initiatives_per_group": process.min_initiatives_per_group,
        },
        "value_streams": [
            {
                "number": s.number,
                "name": {"da": s.name_da, "en": s.name_en, "nb": s.name_nb},
                "description": {
                    "da": s.description_da,
                    "en": s.description_en,
                    "nb": s.description_nb,
                },
            }
            for s in streams
        ],
        "themes": [
            {
                "id": theme.pk,
                "title": theme.title,
                "description": theme.description,
                "challenges": theme.challenges,
                "value_streams": [s.number for s in theme.value_streams.all()],
                "frame": frames.get(theme.pk, []),
            }
            for theme in themes
        ],
        "groups": [
            {
                "id": group.pk,
                "name": group.name,
                "theme_id": group.theme_id,
                "lead": (group.lead.display_name if include_participants and group.lead else ""),
                "ideal_values": values_by_group.get(group.pk, []),
                "influence": influence_by_group.get(group.pk, {c: [] for c in INFLUENCE_COLUMNS}),
                "initiatives": initiatives_by_group.get(group.pk, []),
            }
            for group in groups
        ],
        "seminars": [
            {
                "kind": seminar.kind,
                "title": seminar.title,
                "date": seminar.date.isoformat(),
                "place": seminar.place,
                "summary": str(sanitise_html(seminar.summary)) if seminar.summary else "",
            }
            for seminar in seminars
        ],
        "participants": _participants(process) if include_participants else [],
    }
    return snapshot


def _frames_by_theme(themes) -> dict[int, list[dict]]:
    frames = GivenFrame.objects.filter(theme__in=themes).order_by("theme", "position", "pk")
    result: dict[int, list[dict]] = {}
    for frame in frames:
        result.setdefault(frame.theme_id, []).append(
            {"kind": frame.kind, "text": frame.text, "reason": frame.reason}
        )
    return result


def _participants(process: Process) -> list[dict]:
    people = process.participants.select_related("user").order_by(
        "user__first_name", "user__last_name", "pk"
    )
    return [{"name": m.display_name, "role": m.role} for m in people]
