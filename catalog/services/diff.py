"""What changed between two editions: initiatives and ideal values added, removed or changed.

Items are matched by their id in the debate, so a renamed initiative shows as changed, not as
one removed and one added.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

INITIATIVE_FIELDS = {
    "title": _("Title"),
    "description": _("Description"),
    "improves_core_task": _("How it improves the core task and quality for the users"),
    "spread_plan": _("How it spreads to the whole organisation"),
    "involved": _("Who is involved"),
    "users_role": _("The users' role"),
    "first_step": _("First step"),
    "values": _("The values it builds on"),
    "group": _("Group"),
}
VALUE_FIELDS = {
    "name": _("Name"),
    "meaning": _("What we mean by it"),
    "examples": _("Everyday examples"),
    "dilemmas": _("Dilemmas"),
    "gap": _("The gap between ideal and practice"),
    "group": _("Group"),
}


@dataclass
class Change:
    title: str
    group: str
    fields: list[str] = field(default_factory=list)


@dataclass
class Section:
    added: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass
class EditionDiff:
    initiatives: Section
    values: Section

    @property
    def is_empty(self) -> bool:
        return self.initiatives.is_empty and self.values.is_empty


def _initiatives(snapshot: dict) -> dict[int, dict]:
    items = {}
    for group in snapshot.get("groups", []):
        for initiative in group.get("initiatives", []):
            item = dict(initiative, group=group["name"])
            item["values"] = sorted(v["name"] for v in initiative.get("values", []))
            items[initiative["id"]] = item
    return items


def _values(snapshot: dict) -> dict[int, dict]:
    return {
        value["id"]: dict(value, group=group["name"])
        for group in snapshot.get("groups", [])
        for value in group.get("ideal_values", [])
    }


def _section(old: dict[int, dict], new: dict[int, dict], fields: dict, title_key: str) -> Section:
    section = Section()
    for pk, item in new.items():
        if pk not in old:
            section.added.append(Change(item[title_key], item["group"]))
            continue
        changed = [str(label) for key, label in fields.items() if old[pk].get(key) != item.get(key)]
        if changed:
            section.changed.append(Change(item[title_key], item["group"], changed))
    for pk, item in old.items():
        if pk not in new:
            section.removed.append(Change(item[title_key], item["group"]))
    for items in (section.added, section.removed, section.changed):
        items.sort(key=lambda c: (c.group.casefold(), c.title.casefold()))
    return section


def diff_snapshots(old: dict, new: dict) -> EditionDiff:
    return EditionDiff(
        initiatives=_section(_initiatives(old), _initiatives(new), INITIATIVE_FIELDS, "title"),
        values=_section(_values(old), _values(new), VALUE_FIELDS, "name"),
    )
