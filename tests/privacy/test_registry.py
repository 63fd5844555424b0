"""The record of processing covers every field that could hold personal data, in every model
of every installed app: a model added later (by anyone) fails here until it is described in
privacy/registry.py."""

import pytest
from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps
from django.utils.text import capfirst

from organisations.models import Membership
from privacy.registry import ENTRIES, by_label, candidate_fields, entries, target_of, uncovered


def test_every_field_that_could_hold_personal_data_is_described():
    missing = {
        model._meta.label: uncovered(model) for model in apps.get_models() if uncovered(model)
    }
    assert not missing, (
        "Describe these fields in privacy/registry.py (what is done with them, why, for how "
        f"long and who sees them): {missing}"
    )


def test_every_entry_names_an_installed_model_and_its_real_fields():
    labels = [entry.model.lower() for entry in ENTRIES]
    assert len(labels) == len(set(labels)), "a model is described twice"
    for entry in ENTRIES:
        model = apps.get_model(entry.model)
        names = {f.name for f in model._meta.get_fields()}
        described = {*entry.text, *entry.profile, *entry.identifiers, *entry.files}
        described |= set(entry.not_personal) | set(entry.omit)
        assert described <= names, f"{entry.model}: no such fields {described - names}"
        for path in entry.person:
            assert target_of(model, path) in ("user", "membership"), (entry.model, path)


@pytest.mark.django_db
def test_every_entry_reaches_its_organisation():
    for entry in entries():
        if entry.org is not None:
            # The path is a real chain of relations (a wrong one raises FieldError).
            list(entry.model_class._base_manager.filter(**{entry.org: 0})[:1])


def test_links_to_people_text_and_json_are_found_in_the_models():
    """The walk sees what it should: foreign keys and many-to-many to a person, free text,
    email, JSON, files; not choices or the value universe's numbers."""
    initiative = candidate_fields(apps.get_model("implementation.Initiative"))
    assert {"owner", "team", "created_by", "description", "lineage"} <= set(initiative)
    assert "status" not in initiative and "start_date" not in initiative
    assert "birth_year" in candidate_fields(Membership)
    assert "email" in candidate_fields(apps.get_model("auth.User"))


@isolate_apps("privacy")
def test_a_model_added_later_fails_until_it_is_described():
    class Wish(models.Model):
        member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
        text = models.TextField()
        kind = models.CharField(max_length=5, choices=[("a", "A")])
        extra = models.JSONField(default=dict)
        contact_email = models.EmailField()
        count = models.PositiveIntegerField()

        class Meta:
            app_label = "privacy"

        def __str__(self):
            return self.text

    assert sorted(uncovered(Wish)) == ["contact_email", "extra", "member", "text"]
    assert "privacy.wish" not in by_label()


def test_the_record_page_lists_every_described_model(client, db):
    response = client.get("/privacy/record/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Personal data in QualityHub" in page
    for label in ("debate.Value", "catalog.Edition", "spreading.SignUp", "evaluation.Respondent"):
        model = apps.get_model(label)
        assert capfirst(str(model._meta.verbose_name_plural)) in page
    assert "Why" in page and "For how long" in page and "Who can see it" in page
    # The fields' own names, from the models.
    assert "What we mean by it" in page or "what we mean by it" in page
