"""Benchmark of the group composition: how fast `propose` is and how much it mixes.

    .venv/bin/python -m bench.composition

prints, for 20, 200 and 1,000 participants, the number of groups, the seconds `propose`
takes, and the overall score of a naive assignment (people in order of department, cut
into chunks) next to the proposed one.

`realistic_org` is also what the algorithm tests compose.
"""

import os
import random
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualityhub.settings")
django.setup()

# Django must be set up before the models behind the services are imported.
from processes.services.composition import (  # noqa: E402
    GroupSpec,
    Participant,
    naive_assignment,
    participant_from_facts,
    propose,
    score,
)

YEAR = 2027

# Departments of a sheltered workshop and the municipal administration around it, with the
# backgrounds that dominate each: a department is mostly one profession, as in real life.
DEPARTMENTS = [
    ("Træ", 5, ["Håndværker", "Håndværker", "Pædagog"]),
    ("Metal", 4, ["Håndværker", "Håndværker", "Pædagog"]),
    ("Kantine", 3, ["Ernæringsassistent", "Pædagog"]),
    ("Gartneri", 3, ["Gartner", "Pædagog"]),
    ("Pakning", 3, ["Pædagog", "Pædagogmedhjælper"]),
    ("Bo-støtte", 3, ["Socialrådgiver", "Pædagog", "Sygeplejerske"]),
    ("Administration", 2, ["Kontoruddannet", "Akademiker"]),
    ("Ledelse", 1, ["Akademiker", "Pædagog"]),
    ("Rengøring", 1, ["Serviceassistent"]),
    ("Transport", 1, ["Chauffør"]),
]


def realistic_org(count: int, seed: int = 1) -> list[Participant]:
    """`count` people of an organisation like Odense Værkstederne, scaled: skewed department
    sizes, professions tied to departments, about 5 % externals from the municipal
    administration, and a few unknown start and birth years."""
    rng = random.Random(seed)
    names = [d[0] for d in DEPARTMENTS]
    weights = [d[1] for d in DEPARTMENTS]
    backgrounds = {d[0]: d[2] for d in DEPARTMENTS}
    people = []
    for i in range(1, count + 1):
        external = rng.random() < 0.05
        department = "Kommunen" if external else rng.choices(names, weights)[0]
        background = "Konsulent" if external else rng.choice(backgrounds[department])
        started = None if rng.random() < 0.08 else YEAR - int(rng.expovariate(1 / 9))
        born = None if rng.random() < 0.15 else YEAR - rng.randint(20, 66)
        people.append(
            participant_from_facts(
                i,
                department=department,
                professional_background=background,
                start_year=started,
                birth_year=born,
                is_external=external,
                year=YEAR,
            )
        )
    return people


def groups_for(count: int, per_group: int = 20) -> list[GroupSpec]:
    return [GroupSpec(id=g) for g in range(1, max(2, count // per_group) + 1)]


CASES = [(20, 4), (200, 10), (1000, 50)]


def main() -> None:
    print(f"{'participants':>12} {'groups':>6} {'seconds':>8} {'naive':>6} {'proposed':>8}")
    for count, group_count in CASES:
        people = realistic_org(count)
        groups = [GroupSpec(id=g) for g in range(1, group_count + 1)]
        started = time.perf_counter()
        proposal = propose(people, groups, seed=0)
        seconds = time.perf_counter() - started
        naive = score(naive_assignment(people, groups), people).overall
        proposed = score(proposal, people).overall
        print(f"{count:>12} {group_count:>6} {seconds:>8.2f} {naive:>6.3f} {proposed:>8.3f}")


if __name__ == "__main__":
    main()
