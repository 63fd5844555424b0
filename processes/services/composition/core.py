"""The pure core of group composition: plain data and the diversity score.

No database here: see `composition.process` for reading a process into these types.
The whole method is described in the package's docstring.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

UNKNOWN = ""

SENIORITY_NEW = "new"
SENIORITY_MID = "mid"
SENIORITY_EXPERIENCED = "experienced"
AGE_UNDER_30 = "under_30"
AGE_30_49 = "30_49"
AGE_50_PLUS = "50_plus"

SENIORITY_LABELS = {
    SENIORITY_NEW: _("New (0–2 years)"),
    SENIORITY_MID: _("3–9 years"),
    SENIORITY_EXPERIENCED: _("Experienced (10+ years)"),
    UNKNOWN: _("Unknown"),
}
AGE_LABELS = {
    AGE_UNDER_30: _("Under 30"),
    AGE_30_49: _("30–49"),
    AGE_50_PLUS: _("50 and over"),
    UNKNOWN: _("Unknown"),
}

ATTRIBUTES = ("department", "background", "seniority", "age", "external")

# The seed names departments and professions (pedagogical versus craft background) first:
# they shape how people see the work most. Old and new staff come next. Age counts less as it
# goes much along with seniority, and externals are few: a lone external in a group of ten
# already scores 0.47 on that attribute, and the entropy spreads them anyway.
WEIGHTS = {"department": 3, "background": 3, "seniority": 2, "age": 1, "external": 1}


class CompositionError(Exception):
    """The composition cannot be made or applied; `message` says why, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- The core: plain data --------------------------------------------------------------------


@dataclass(frozen=True)
class Participant:
    """The facts about one person that matter for the mix. Empty string: unknown."""

    id: int
    department: str = UNKNOWN
    background: str = UNKNOWN
    seniority: str = UNKNOWN
    age: str = UNKNOWN
    external: bool = False

    def key(self, attribute: str) -> str:
        """The value compared when scoring `attribute` (`UNKNOWN` when not known)."""
        if attribute == "external":
            return "external" if self.external else "internal"
        return getattr(self, attribute).casefold()


@dataclass(frozen=True)
class GroupSpec:
    """A group to fill: its id, optional maximum size and the participant who leads it."""

    id: int
    max_size: int | None = None
    lead: int | None = None


def seniority_band(start_year: int | None, year: int) -> str:
    if start_year is None:
        return UNKNOWN
    years = max(0, year - start_year)
    if years <= 2:
        return SENIORITY_NEW
    return SENIORITY_MID if years <= 9 else SENIORITY_EXPERIENCED


def age_band(birth_year: int | None, year: int) -> str:
    if birth_year is None or birth_year > year:
        return UNKNOWN
    age = year - birth_year
    if age < 30:
        return AGE_UNDER_30
    return AGE_30_49 if age < 50 else AGE_50_PLUS


def participant_from_facts(
    id: int,
    *,
    department: str = "",
    professional_background: str = "",
    start_year: int | None = None,
    birth_year: int | None = None,
    is_external: bool = False,
    year: int,
) -> Participant:
    return Participant(
        id=id,
        department=" ".join((department or "").split()),
        background=" ".join((professional_background or "").split()),
        seniority=seniority_band(start_year, year),
        age=age_band(birth_year, year),
        external=bool(is_external),
    )


# --- Scoring ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """What the people being composed make possible: distinct known values per attribute and
    the weights of the attributes that can be mixed at all (summing to 1)."""

    distinct: dict[str, int]
    weights: dict[str, float]


def scale_for(participants: Iterable[Participant]) -> Scale:
    values: dict[str, set[str]] = {attribute: set() for attribute in ATTRIBUTES}
    for person in participants:
        for attribute in ATTRIBUTES:
            key = person.key(attribute)
            if key != UNKNOWN:
                values[attribute].add(key)
    distinct = {attribute: len(found) for attribute, found in values.items()}
    mixable = {a: WEIGHTS[a] for a in ATTRIBUTES if distinct[a] >= 2}
    total = sum(mixable.values())
    weights = {a: w / total for a, w in mixable.items()} if total else {}
    return Scale(distinct=distinct, weights=weights)


def normalised_entropy(known: int, sum_c_ln_c: float, distinct: int) -> float:
    """Entropy of a distribution of `known` values with sum(c·ln c) = `sum_c_ln_c`,
    divided by the most a group of that size can reach."""
    reachable = min(distinct, known)
    if reachable < 2:
        return 0.0
    entropy = math.log(known) - sum_c_ln_c / known
    return max(0.0, min(1.0, entropy / math.log(reachable)))


def attribute_score(counts: Iterable[int], distinct: int) -> float:
    """0..1: how evenly the known values (their counts) are spread; see the module doc."""
    counts = [c for c in counts if c > 0]
    return normalised_entropy(sum(counts), sum(c * math.log(c) for c in counts), distinct)


def attribute_scores(members: Sequence[Participant], scale: Scale) -> dict[str, float]:
    result = {}
    for attribute in scale.weights:
        counts = Counter(p.key(attribute) for p in members)
        counts.pop(UNKNOWN, None)
        result[attribute] = attribute_score(counts.values(), scale.distinct[attribute])
    return result


def group_score(members: Sequence[Participant], scale: Scale) -> float:
    scores = attribute_scores(members, scale)
    return sum(scale.weights[a] * s for a, s in scores.items())


@dataclass(frozen=True)
class Scores:
    overall: float
    groups: dict[int, float]


def score(
    assignment: Mapping[int, Sequence[int]],
    participants: Iterable[Participant],
    scale: Scale | None = None,
) -> Scores:
    """Scores of `assignment` (group id -> participant ids). The scale comes from all of
    `participants`, assigned or not, so two assignments of the same people compare fairly."""
    people = {p.id: p for p in participants}
    scale = scale or scale_for(people.values())
    groups = {
        group_id: group_score([people[i] for i in ids], scale)
        for group_id, ids in assignment.items()
    }
    filled = [groups[g] for g, ids in assignment.items() if ids]
    return Scores(overall=sum(filled) / len(filled) if filled else 0.0, groups=groups)


def describe(value: float) -> str:
    """The score in words, for people who do not read percentages as mix."""
    if value >= 0.75:
        return gettext("very mixed")
    if value >= 0.5:
        return gettext("well mixed")
    if value >= 0.25:
        return gettext("somewhat mixed")
    return gettext("hardly mixed")


def naive_assignment(
    participants: Sequence[Participant], groups: Sequence[GroupSpec]
) -> dict[int, list[int]]:
    """People in order of department, cut into consecutive chunks: the baseline a facilitator
    gets by splitting a staff list. For tests and the benchmark."""
    ordered = sorted(participants, key=lambda p: (p.key("department"), p.id))
    size, extra = divmod(len(ordered), len(groups))
    result, start = {}, 0
    for index, group in enumerate(groups):
        end = start + size + (1 if index < extra else 0)
        result[group.id] = [p.id for p in ordered[start:end]]
        start = end
    return result
