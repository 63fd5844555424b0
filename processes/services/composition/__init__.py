"""Composing groups for "small disturbances": mixed departments, professions, old and new
staff, young and old, and external representatives in every group.

The module has two layers:

* A pure core (dataclasses and functions down to `propose`) that knows nothing of the
  database: `Participant`, `GroupSpec`, `score` and `propose`. It is easy to test and to
  benchmark (`bench/composition.py`).
* Services that read a process into the core and write an accepted composition back
  (`population_of`, `apply_composition`, `move_participant`, signed proposals).

How mixed a group is
--------------------
Every participant has five attributes: department, professional background, seniority band
(from the year they started: 0–2 years "new", 3–9 years, 10+ years "experienced"), age band
(from the birth year: under 30, 30–49, 50+) and internal/external.

For each group and attribute we take the distribution of the *known* values and compute its
Shannon entropy, normalised to 0..1 by the most that is reachable: ``ln(min(K, n))``, where
``K`` is the number of distinct known values among all the people being composed and ``n``
the number of known values in the group. 1 means the group is as mixed on that attribute as
its size and the organisation allow; 0 means everyone known is alike (or fewer than two
values are known).

Unknown values (an empty department, no start or birth year) are left out of the
distribution: not knowing is evidence neither of a mix nor of sameness. Because an attribute
with fewer than two known values scores 0, a group of unknowns scores low, so the proposal
spreads the unknowns instead of piling them up. An attribute that has fewer than two distinct
known values among all the people (everyone in one department, say) cannot be mixed at all
and is left out of every score, its weight shared among the others. Departments and
backgrounds compare without regard to letter case and surrounding spaces.

The group score is the weighted mean of its attribute scores (`WEIGHTS`); the overall score
is the mean over the groups that have anyone in them. Both lie in 0..1; higher is more mixed.

The proposal
------------
`propose` gives every group a size that differs by at most one from the others (a group with
a maximum size that would be exceeded stays at its maximum and the others take the rest),
pins each group's lead to the group they lead, deals the others round-robin in order of their
rarest attribute (so that the few externals, or the only two newcomers, land in different
groups), and then hill-climbs: it swaps two people between two groups whenever that raises
the total score, until no swap between any two groups improves it (or `MAX_PASSES` sweeps have
run). Swaps keep the sizes, so the size rules hold throughout. The delta of a swap is computed
from per-group tables of "replace one value x by y" effects, so a swap costs a handful of
lookups, not a rescoring of the whole composition.
"""

from .core import (  # noqa: F401
    AGE_LABELS,
    ATTRIBUTES,
    SENIORITY_LABELS,
    UNKNOWN,
    WEIGHTS,
    CompositionError,
    GroupSpec,
    Participant,
    Scale,
    Scores,
    age_band,
    attribute_score,
    attribute_scores,
    describe,
    group_score,
    naive_assignment,
    participant_from_facts,
    scale_for,
    score,
    seniority_band,
)
from .process import (  # noqa: F401
    Composition,
    apply_composition,
    load_composition,
    move_participant,
    read_proposal,
    sign_proposal,
)
from .propose import balanced_sizes, propose  # noqa: F401
