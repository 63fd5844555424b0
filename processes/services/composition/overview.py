"""What the composition page shows: each group's mix and score, now and as proposed.

Reads only what `load_composition` already loaded, so the page's queries do not grow with
the number of people.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _

from organisations.models import Membership
from processes.models import Group

from .core import (
    AGE_30_49,
    AGE_50_PLUS,
    AGE_LABELS,
    AGE_UNDER_30,
    SENIORITY_EXPERIENCED,
    SENIORITY_LABELS,
    SENIORITY_MID,
    SENIORITY_NEW,
    UNKNOWN,
    Participant,
    describe,
    scale_for,
    score,
)
from .process import Composition

# How a person's bands read in the line under their name, where no column heading helps.
SENIORITY_TEXT = {
    SENIORITY_NEW: _("new (0–2 years)"),
    SENIORITY_MID: _("3–9 years in the organisation"),
    SENIORITY_EXPERIENCED: _("experienced (10+ years)"),
    UNKNOWN: _("years in the organisation unknown"),
}
AGE_TEXT = {
    AGE_UNDER_30: _("under 30 years old"),
    AGE_30_49: _("30–49 years old"),
    AGE_50_PLUS: _("50 or older"),
    UNKNOWN: _("age unknown"),
}


@dataclass(frozen=True)
class Person:
    membership: Membership
    facts: Participant
    leads: bool = False
    # Leads a group and sits in it: only changing the group's lead can move them.
    pinned: bool = False
    seat: int | None = None  # the pk of the group the person sits in now
    # In a proposed group: where the person sits now (a Group, or None for unassigned),
    # when that is elsewhere.
    comes_from: Group | None = None
    moves: bool = False

    @property
    def seniority_text(self):
        return SENIORITY_TEXT[self.facts.seniority]

    @property
    def age_text(self):
        return AGE_TEXT[self.facts.age]


@dataclass(frozen=True)
class Change:
    """A difference in percentage points, for saying "5 points more/less than now"."""

    points: int

    @property
    def size(self) -> int:
        return abs(self.points)


@dataclass(frozen=True)
class MixRow:
    label: str
    counts: list[tuple[str, int]]
    unknown: int


@dataclass(frozen=True)
class Column:
    people: list[Person]
    rows: list[MixRow]
    externals: int
    percent: int
    words: str


@dataclass(frozen=True)
class GroupPanel:
    group: Group
    now: Column
    proposed: Column | None = None

    @property
    def change(self) -> Change | None:
        return None if self.proposed is None else Change(self.proposed.percent - self.now.percent)


@dataclass(frozen=True)
class Overview:
    groups: list[GroupPanel]
    unassigned: list[Person]
    percent: int
    words: str
    proposed_percent: int | None = None
    proposed_words: str = ""
    moves: int = 0

    @property
    def change(self) -> Change | None:
        if self.proposed_percent is None:
            return None
        return Change(self.proposed_percent - self.percent)


def _percent(value: float) -> int:
    return round(value * 100)


def _counts(values: Sequence[str]) -> tuple[list[tuple[str, int]], int]:
    """Counts of known values, most frequent first; spelled as first met, compared without
    regard to case. Returns the counts and the number of unknowns."""
    labels: dict[str, str] = {}
    counts: dict[str, int] = {}
    unknown = 0
    for value in values:
        if value == UNKNOWN:
            unknown += 1
            continue
        key = value.casefold()
        labels.setdefault(key, value)
        counts[key] = counts.get(key, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(labels[key], count) for key, count in ordered], unknown


def _banded(values: Sequence[str], labels: Mapping[str, str]) -> list[tuple[str, int]]:
    counts = [(label, values.count(band)) for band, label in labels.items() if band != UNKNOWN]
    return [(label, count) for label, count in counts if count]


def _column(people: list[Person], percent: int) -> Column:
    facts = [p.facts for p in people]
    departments, unknown_departments = _counts([f.department for f in facts])
    backgrounds, unknown_backgrounds = _counts([f.background for f in facts])
    seniority = [f.seniority for f in facts]
    ages = [f.age for f in facts]
    rows = [
        MixRow(_("Departments"), departments, unknown_departments),
        MixRow(_("Professional backgrounds"), backgrounds, unknown_backgrounds),
        MixRow(
            _("Years in the organisation"),
            _banded(seniority, SENIORITY_LABELS),
            seniority.count(UNKNOWN),
        ),
        MixRow(_("Age"), _banded(ages, AGE_LABELS), ages.count(UNKNOWN)),
    ]
    return Column(
        people=people,
        rows=rows,
        externals=sum(1 for f in facts if f.external),
        percent=percent,
        words=describe(percent / 100),
    )


def build_overview(
    composition: Composition, proposal: Mapping[int, Sequence[int]] | None = None
) -> Overview:
    facts = {p.id: p for p in composition.participants()}
    scale = scale_for(facts.values())
    led_by: dict[int, set[int]] = {}
    for group in composition.groups:
        if group.lead_id:
            led_by.setdefault(group.lead_id, set()).add(group.pk)
    groups_by_pk = {g.pk: g for g in composition.groups}
    current = composition.current()
    now_scores = score(current, facts.values(), scale)
    proposed_scores = score(proposal, facts.values(), scale) if proposal is not None else None

    def person(pk: int, group_pk: int | None = None) -> Person:
        seat = composition.seats.get(pk)
        moves = group_pk is not None and seat != group_pk
        return Person(
            membership=composition.people[pk],
            facts=facts[pk],
            leads=pk in led_by,
            pinned=seat in led_by.get(pk, ()),
            seat=seat,
            comes_from=groups_by_pk.get(seat) if moves else None,
            moves=moves,
        )

    position = {pk: n for n, pk in enumerate(composition.people)}
    panels = []
    for group in composition.groups:
        now = _column(
            [person(pk) for pk in current[group.pk]], _percent(now_scores.groups[group.pk])
        )
        proposed = None
        if proposal is not None:
            ids = sorted(proposal.get(group.pk, ()), key=position.__getitem__)
            proposed = _column(
                [person(pk, group.pk) for pk in ids],
                _percent(proposed_scores.groups.get(group.pk, 0.0)),
            )
        panels.append(GroupPanel(group=group, now=now, proposed=proposed))
    overview = Overview(
        groups=panels,
        unassigned=[person(m.pk) for m in composition.unassigned()],
        percent=_percent(now_scores.overall),
        words=describe(now_scores.overall),
    )
    if proposed_scores is None:
        return overview
    return replace(
        overview,
        proposed_percent=_percent(proposed_scores.overall),
        proposed_words=describe(proposed_scores.overall),
        moves=sum(1 for panel in panels for p in panel.proposed.people if p.moves),
    )
