"""The proposal: balanced sizes, a round-robin start and pairwise-swap hill climbing.

Pure functions over the core's dataclasses; see the package's docstring for the method.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext

from .core import (
    ATTRIBUTES,
    UNKNOWN,
    CompositionError,
    GroupSpec,
    Participant,
    Scale,
    normalised_entropy,
    scale_for,
)

MAX_PASSES = 25
# A swap must gain more than this, so rounding noise can never make the climb cycle.
EPSILON = 1e-9

# --- Sizes ----------------------------------------------------------------------------


def balanced_sizes(count: int, groups: Sequence[GroupSpec], first: Iterable[int] = ()) -> list:
    """Group sizes for `count` people: filled one seat per group at a time, so sizes differ
    by at most one except where a group is at its maximum. Groups at the indexes in `first`
    get the odd seats first (groups with a lead, so a lead always has a seat)."""
    caps = [g.max_size if g.max_size is not None else count for g in groups]
    capacity = sum(caps)
    if count > capacity:
        raise CompositionError(
            gettext(
                "There are %(count)d participants but the groups have room for only "
                "%(capacity)d. Raise a group's maximum size or add a group."
            )
            % {"count": count, "capacity": capacity}
        )
    first = set(first)
    order = sorted(range(len(groups)), key=lambda i: (i not in first, i))
    sizes = [0] * len(groups)
    remaining = count
    while remaining:
        open_groups = [i for i in order if sizes[i] < caps[i]]
        for i in open_groups[:remaining]:
            sizes[i] += 1
        remaining -= min(remaining, len(open_groups))
    return sizes


def propose(
    participants: Sequence[Participant],
    groups: Sequence[GroupSpec],
    seed: int = 0,
    *,
    max_passes: int = MAX_PASSES,
) -> dict[int, list[int]]:
    """A balanced, mixed assignment: group id -> participant ids, everyone exactly once.

    The same input and seed give the same result. Raises `CompositionError` when there are
    no groups for the participants or more participants than seats.
    """
    people = list(participants)
    groups = list(groups)
    if len({p.id for p in people}) != len(people):
        raise ValueError("Participant ids must be unique.")
    if len({g.id for g in groups}) != len(groups):
        raise ValueError("Group ids must be unique.")
    if not groups:
        if people:
            raise CompositionError(gettext("The process has no groups to compose."))
        return {}
    index_of = {p.id: i for i, p in enumerate(people)}
    # A person who leads two groups sits in the first of them.
    pinned: dict[int, int] = {}
    for g, group in enumerate(groups):
        if group.lead in index_of and index_of[group.lead] not in pinned:
            pinned[index_of[group.lead]] = g
    sizes = balanced_sizes(len(people), groups, first=pinned.values())
    rng = random.Random(seed)
    scale = scale_for(people)
    codes, cards = _encode(people, scale)
    members = _deal(people, codes, sizes, pinned, rng)
    climber = _Climber(codes, cards, [scale.weights.get(a, 0.0) for a in ATTRIBUTES], members)
    climber.climb(set(pinned), rng, max_passes)
    return {group.id: [people[i].id for i in climber.members[g]] for g, group in enumerate(groups)}


def _encode(people: Sequence[Participant], scale: Scale) -> tuple[list[tuple], list[int]]:
    """Each person's five attribute values as small integers (0 = unknown or not mixable),
    and the number of codes per attribute."""
    codes_by_attribute = []
    cards = []
    for attribute in ATTRIBUTES:
        if attribute not in scale.weights:
            codes_by_attribute.append([0] * len(people))
            cards.append(1)
            continue
        known = sorted({p.key(attribute) for p in people} - {UNKNOWN})
        code = {key: n for n, key in enumerate(known, start=1)}
        codes_by_attribute.append([code.get(p.key(attribute), 0) for p in people])
        cards.append(len(known) + 1)
    return list(zip(*codes_by_attribute, strict=True)), cards


def _deal(people, codes, sizes, pinned, rng) -> list[list[int]]:
    """Leads in their groups; everyone else dealt round-robin, rarest attribute first, so
    people who share a rare value follow each other and land in different groups."""
    frequency = Counter((a, c) for person in codes for a, c in enumerate(person) if c)
    tiebreak = list(range(len(people)))
    rng.shuffle(tiebreak)

    def rarity(i):
        known = [(frequency[(a, c)], a, c) for a, c in enumerate(codes[i]) if c]
        return (*min(known), tiebreak[i]) if known else (math.inf, 0, 0, tiebreak[i])

    members: list[list[int]] = [[] for _ in sizes]
    for i, g in pinned.items():
        members[g].append(i)
    turn = 0
    for i in sorted((i for i in range(len(people)) if i not in pinned), key=rarity):
        while len(members[turn]) >= sizes[turn]:
            turn = (turn + 1) % len(sizes)
        members[turn].append(i)
        turn = (turn + 1) % len(sizes)
    return members


class _Climber:
    """Pairwise-swap hill climbing over integer-coded people.

    For each group and attribute it keeps the value counts and a table
    ``table[g][a][x][y]``: the change in the group's weighted score when one person with
    value x is replaced by one with value y. The gain of swapping p (group g) and q (group h)
    is then ``sum over a of table[g][a][p_a][q_a] + table[h][a][q_a][p_a]``; only the two
    groups' tables are rebuilt after a swap.
    """

    def __init__(self, codes, cards, weights, members):
        self.codes = codes
        self.cards = cards
        self.weights = weights
        self.members = members
        size = max((len(m) for m in members), default=0) + 2
        self.c_ln_c = [0.0] + [c * math.log(c) for c in range(1, size + 1)]
        self.counts = [self._count(m) for m in members]
        self.tables = [self._table(g) for g in range(len(members))]

    def _count(self, members):
        counts = [[0] * card for card in self.cards]
        for i in members:
            for a, c in enumerate(self.codes[i]):
                counts[a][c] += 1
        return counts

    def _table(self, g):
        f = self.c_ln_c
        tables = []
        for a, card in enumerate(self.cards):
            counts, weight = self.counts[g][a], self.weights[a]
            rows: list = [None] * card
            known = sum(counts) - counts[0]
            total = sum(f[c] for c in counts[1:])
            base = normalised_entropy(known, total, card - 1)
            for x in range(card):
                if not counts[x]:
                    continue
                row = [0.0] * card
                if weight:
                    for y in range(card):
                        if y == x:
                            continue
                        n, s = known, total
                        if x:
                            n, s = n - 1, s - f[counts[x]] + f[counts[x] - 1]
                        if y:
                            n, s = n + 1, s - f[counts[y]] + f[counts[y] + 1]
                        row[y] = weight * (normalised_entropy(n, s, card - 1) - base)
                rows[x] = row
            tables.append(rows)
        return tables

    def _profiles(self, g, fixed):
        """One movable person per distinct set of values: swapping look-alikes is pointless."""
        seen = {}
        for i in self.members[g]:
            if i not in fixed:
                seen.setdefault(self.codes[i], i)
        return [(*codes, i) for codes, i in seen.items()]

    def _best_swap(self, g, h, fixed):
        table_g, table_h = self.tables[g], self.tables[h]
        theirs = self._profiles(h, fixed)
        if not theirs:
            return None
        rows_cache: list[dict] = [{} for _ in self.cards]
        best, pair = EPSILON, None
        for *mine, i in self._profiles(g, fixed):
            rows = []
            for a, x in enumerate(mine):
                row = rows_cache[a].get(x)
                if row is None:
                    out_g = table_g[a][x]
                    in_h = table_h[a]
                    row = [
                        out_g[y] + (in_h[y][x] if in_h[y] is not None else 0.0)
                        for y in range(self.cards[a])
                    ]
                    rows_cache[a][x] = row
                rows.append(row)
            r0, r1, r2, r3, r4 = rows
            for q0, q1, q2, q3, q4, j in theirs:
                gain = r0[q0] + r1[q1] + r2[q2] + r3[q3] + r4[q4]
                if gain > best:
                    best, pair = gain, (i, j)
        return pair

    def _swap(self, g, h, i, j):
        self.members[g][self.members[g].index(i)] = j
        self.members[h][self.members[h].index(j)] = i
        for a, (x, y) in enumerate(zip(self.codes[i], self.codes[j], strict=True)):
            self.counts[g][a][x] -= 1
            self.counts[g][a][y] += 1
            self.counts[h][a][y] -= 1
            self.counts[h][a][x] += 1
        self.tables[g] = self._table(g)
        self.tables[h] = self._table(h)

    def climb(self, fixed: set[int], rng: random.Random, max_passes: int) -> int:
        """Sweep over all pairs of groups, applying the best swap of a pair while it gains,
        until a sweep changes nothing. A pair is skipped while neither of its groups has
        changed since it was last found without a gain. Returns the number of sweeps."""
        count = len(self.members)
        pairs = [(g, h) for g in range(count) for h in range(g + 1, count)]
        rng.shuffle(pairs)
        version = [0] * count
        checked: dict[tuple[int, int], tuple[int, int]] = {}
        for sweep in range(1, max_passes + 1):
            changed = False
            for g, h in pairs:
                if checked.get((g, h)) == (version[g], version[h]):
                    continue
                while (pair := self._best_swap(g, h, fixed)) is not None:
                    self._swap(g, h, *pair)
                    version[g] += 1
                    version[h] += 1
                    changed = True
                checked[(g, h)] = (version[g], version[h])
            if not changed:
                return sweep
        return max_passes
