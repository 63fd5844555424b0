"""Compiling a process's material into an edition's frozen snapshot.

The snapshot is plain JSON: ids, texts and codes (seminar kinds, columns, roles), never
translated labels, so an edition renders in its own language and two editions can be compared
field by field. It never records who wrote a value or an idea: the debate may have hidden its
authors, and the catalogue is the group's shared product.

One builder per section of the snapshot; the texts of values and ideas are the fields the
debate itself edits (`EDITABLE_FIELDS`, `IDEA_TEXT_FIELDS`), so a field added there reaches
the catalogue. A fixed number of queries, whatever the number of groups, values and
initiatives.
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
from debate.services.ideas import IDEA_TEXT_FIELDS
from debate.services.rounds import placings
from debate.services.values import EDITABLE_FIELDS
from processes.models import Group, Process, Seminar, Theme, ValueStream
from processes.sanitise import sanitise_html

SNAPSHOT_FORMAT = 1
INFLUENCE_COLUMNS = ("self", "co", "none")


def compile_snapshot(process: Process, *, include_participants: bool = False) -> dict:
    """Everything an edition shows, as it stands now."""
    return {
        "format": SNAPSHOT_FORMAT,
        "compiled_at": timezone.now().isoformat(),
        "process": _process(process),
        "value_streams": _value_streams(),
        "themes": _themes(process),
        "groups": _groups(process, include_participants=include_participants),
        "seminars": _seminars(process),
        "participants": _participants(process) if include_participants else [],
    }


# -- Sections ---------------------------------------------------------------------------------


def _process(process: Process) -> dict:
    return {
        "id": process.pk,
        "title": process.title,
        "purpose": process.purpose,
        "organisation": process.organisation.name,
        "start_date": process.start_date.isoformat(),
        "end_date": process.end_date.isoformat(),
        "min_initiatives_per_group": process.min_initiatives_per_group,
    }


def _streams_in_order() -> Prefetch:
    return Prefetch("value_streams", queryset=ValueStream.objects.order_by("number"))


def _value_streams() -> list[dict]:
    """The seven value streams in every language, so the edition renders in its own."""
    return [
        {
            "number": s.number,
            "name": {"da": s.name_da, "en": s.name_en, "nb": s.name_nb},
            "description": {
                "da": s.description_da,
                "en": s.description_en,
                "nb": s.description_nb,
            },
        }
        for s in ValueStream.objects.order_by("number")
    ]


def _themes(process: Process) -> list[dict]:
    """The themes with their value streams and given frame."""
    themes = list(
        Theme.objects.filter(process=process)
        .prefetch_related(_streams_in_order())
        .order_by("position", "pk")
    )
    frames = _frames_by_theme(themes)
    return [
        {
            "id": theme.pk,
            "title": theme.title,
            "description": theme.description,
            "challenges": theme.challenges,
            "value_streams": [s.number for s in theme.value_streams.all()],
            "frame": frames.get(theme.pk, []),
        }
        for theme in themes
    ]


def _frames_by_theme(themes) -> dict[int, list[dict]]:
    frames = GivenFrame.objects.filter(theme__in=themes).order_by("theme", "position", "pk")
    result: dict[int, list[dict]] = {}
    for frame in frames:
        result.setdefault(frame.theme_id, []).append(
            {"kind": frame.kind, "text": frame.text, "reason": frame.reason}
        )
    return result


def _groups(process: Process, *, include_participants: bool) -> list[dict]:
    """Per group: its ideal values, its influence schema and its initiatives."""
    groups = list(
        Group.objects.filter(process=process)
        .select_related("theme", "lead__user")
        .order_by("theme__position", "name", "pk")
    )
    values = _ideal_values_by_group(process)
    influence = _influence_by_group(process)
    initiatives = _initiatives_by_group(process, {g.pk: g.name for g in groups})
    return [
        {
            "id": group.pk,
            "name": group.name,
            "theme_id": group.theme_id,
            "lead": (group.lead.display_name if include_participants and group.lead else ""),
            "ideal_values": values.get(group.pk, []),
            "influence": influence.get(group.pk, {c: [] for c in INFLUENCE_COLUMNS}),
            "initiatives": initiatives.get(group.pk, []),
        }
        for group in groups
    ]


def _ideal_values_by_group(process: Process) -> dict[int, list[dict]]:
    ideal_values = (
        Value.objects.visible()
        .filter(group__process=process, is_ideal=True)
        .prefetch_related(_streams_in_order())
        .order_by("name", "pk")
    )
    result: dict[int, list[dict]] = {}
    for value in ideal_values:
        result.setdefault(value.group_id, []).append(
            {
                "id": value.pk,
                **{field: getattr(value, field) for field in EDITABLE_FIELDS},
                "also_called": value.also_called_names,
                "value_streams": [s.number for s in value.value_streams.all()],
            }
        )
    return result


def _influence_by_group(process: Process) -> dict[int, dict[str, list[dict]]]:
    items = InfluenceItem.objects.filter(
        group__process=process, column__in=INFLUENCE_COLUMNS
    ).order_by("group", "column", "position", "pk")
    result: dict[int, dict[str, list[dict]]] = {}
    for item in items:
        columns = result.setdefault(item.group_id, {c: [] for c in INFLUENCE_COLUMNS})
        columns[item.column].append({"activity": item.activity, "note": item.note})
    return result


def _initiatives_by_group(process: Process, group_names: dict[int, str]) -> dict[int, list[dict]]:
    """The ideas selected for the catalogue, each with its lineage: the values it builds on,
    the closed rounds that carried it and them, and the seminar it came from."""
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
    value_placings, idea_placings = _placings(process, initiatives)
    result: dict[int, list[dict]] = {}
    for idea in initiatives:
        result.setdefault(idea.group_id, []).append(
            {
                "id": idea.pk,
                **{field: getattr(idea, field) for field in IDEA_TEXT_FIELDS},
                "involved": list(idea.involved),
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
                "seminar": _seminar_of(idea),
                "group": group_names.get(idea.group_id, ""),
            }
        )
    return result


def _placings(process: Process, initiatives: list[Idea]):
    """({value pk: placings}, {idea pk: placings}) in the process's closed rounds."""
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
    return value_placings, idea_placings


def _placing(p) -> dict:
    return {
        "round": p.round.title,
        "round_id": p.round.pk,
        "rank": p.rank,
        "of": p.of,
        "dots": p.dots,
    }


def _seminar_of(idea: Idea) -> dict | None:
    if not idea.seminar:
        return None
    return {
        "kind": idea.seminar.kind,
        "title": idea.seminar.title,
        "date": idea.seminar.date.isoformat(),
    }


def _seminars(process: Process) -> list[dict]:
    return [
        {
            "kind": seminar.kind,
            "title": seminar.title,
            "date": seminar.date.isoformat(),
            "place": seminar.place,
            "summary": str(sanitise_html(seminar.summary)) if seminar.summary else "",
        }
        for seminar in Seminar.objects.filter(process=process).order_by("date", "start_time", "pk")
    ]


def _participants(process: Process) -> list[dict]:
    people = process.participants.select_related("user").order_by(
        "user__first_name", "user__last_name", "pk"
    )
    return [{"name": m.display_name, "role": m.role} for m in people]
