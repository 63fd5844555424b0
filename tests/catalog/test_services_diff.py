"""What changed between two editions (catalog/services/diff.py), from snapshots alone."""

import copy

import pytest
from django.utils import translation

from catalog.services.diff import diff_snapshots


@pytest.fixture(autouse=True)
def english():
    """Field names come out in the active language; these tests read them in English."""
    with translation.override("en"):
        yield


def initiative(pk, title, **fields):
    return {
        "id": pk,
        "title": title,
        "description": fields.get("description", "Brugerne får udviklingssamtaler."),
        "improves_core_task": "",
        "spread_plan": "",
        "involved": [],
        "users_role": "",
        "first_step": "",
        "values": [{"id": v, "name": v} for v in fields.get("values", ["Ligeværd"])],
    }


def value(pk, name, **fields):
    return {
        "id": pk,
        "name": name,
        "meaning": fields.get("meaning", "At brugerne bestemmer med."),
        "examples": "",
        "dilemmas": "",
        "gap": "",
    }


def snapshot(*groups):
    """groups: (name, [initiatives], [ideal values])"""
    return {
        "groups": [
            {"id": i, "name": name, "initiatives": items, "ideal_values": values}
            for i, (name, items, values) in enumerate(groups, start=1)
        ]
    }


OLD = snapshot(
    ("Gruppe 1", [initiative(1, "Åbent værksted"), initiative(2, "Brugerråd")], [value(1, "Ro")]),
    ("Gruppe 2", [initiative(3, "Fleksible tider")], [value(2, "Tryghed")]),
)


def titles(changes):
    return [(c.group, c.title) for c in changes]


def test_the_same_snapshot_has_no_changes():
    diff = diff_snapshots(OLD, copy.deepcopy(OLD))
    assert diff.is_empty
    assert diff.initiatives.is_empty and diff.values.is_empty


def test_added_and_removed_initiatives_and_values_are_listed_with_their_group():
    new = copy.deepcopy(OLD)
    new["groups"][0]["initiatives"].pop(1)  # Brugerråd goes
    new["groups"][1]["initiatives"].append(initiative(4, "Arbejdsprøvning"))
    new["groups"][1]["ideal_values"].append(value(3, "Medbestemmelse"))

    diff = diff_snapshots(OLD, new)

    assert titles(diff.initiatives.added) == [("Gruppe 2", "Arbejdsprøvning")]
    assert titles(diff.initiatives.removed) == [("Gruppe 1", "Brugerråd")]
    assert diff.initiatives.changed == []
    assert titles(diff.values.added) == [("Gruppe 2", "Medbestemmelse")]
    assert not diff.is_empty


def test_a_renamed_initiative_is_changed_not_removed_and_added():
    new = copy.deepcopy(OLD)
    new["groups"][0]["initiatives"][0]["title"] = "Åbent værksted om lørdagen"

    diff = diff_snapshots(OLD, new)

    assert diff.initiatives.added == diff.initiatives.removed == []
    [change] = diff.initiatives.changed
    assert (change.title, change.group, change.fields) == (
        "Åbent værksted om lørdagen",
        "Gruppe 1",
        ["Title"],
    )


def test_the_changed_fields_are_named_as_the_catalogue_names_them():
    new = copy.deepcopy(OLD)
    moved = new["groups"][0]["initiatives"].pop(0)
    moved["description"] = "Værkstedet holder åbent én lørdag om måneden."
    moved["values"] = [{"id": 9, "name": "Fællesskab"}, {"id": 1, "name": "Ligeværd"}]
    new["groups"][1]["initiatives"].append(moved)
    new["groups"][1]["ideal_values"][0]["meaning"] = "At vide hvad der skal ske."

    diff = diff_snapshots(OLD, new)

    [initiative_change] = diff.initiatives.changed
    assert initiative_change.group == "Gruppe 2"
    assert initiative_change.fields == ["Description", "The values it builds on", "Group"]
    [value_change] = diff.values.changed
    assert (value_change.title, value_change.fields) == ("Tryghed", ["What we mean by it"])


def test_the_order_of_values_an_initiative_builds_on_is_no_change():
    new = copy.deepcopy(OLD)
    new["groups"][0]["initiatives"][0]["values"] = [{"id": 2, "name": "B"}, {"id": 1, "name": "A"}]
    old = copy.deepcopy(OLD)
    old["groups"][0]["initiatives"][0]["values"] = [{"id": 1, "name": "A"}, {"id": 2, "name": "B"}]
    assert diff_snapshots(old, new).is_empty


def test_changes_are_sorted_by_group_then_title_ignoring_case():
    new = snapshot(
        ("gruppe b", [initiative(10, "zebra"), initiative(11, "Æble")], []),
        ("Gruppe a", [initiative(12, "banan"), initiative(13, "Ananas")], []),
    )
    diff = diff_snapshots({}, new)
    assert titles(diff.initiatives.added) == [
        ("Gruppe a", "Ananas"),
        ("Gruppe a", "banan"),
        ("gruppe b", "zebra"),
        ("gruppe b", "Æble"),
    ]


def test_a_first_edition_compared_with_nothing_is_all_added():
    diff = diff_snapshots({}, OLD)
    assert len(diff.initiatives.added) == 3
    assert len(diff.values.added) == 2
    assert diff.initiatives.removed == diff.values.removed == []
