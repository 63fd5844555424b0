"""Forms of the composition page. Both are checked against the composition as it is now."""

from django import forms
from django.utils.translation import gettext_lazy as _

from processes.services.composition import Composition, CompositionError, read_proposal


class AcceptProposalForm(forms.Form):
    """Carries a proposal in a signed hidden field; valid only if it is intact and was made
    from the participants, groups and seats the process has now."""

    proposal = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, composition: Composition, **kwargs):
        super().__init__(*args, **kwargs)
        self.composition = composition

    def clean_proposal(self):
        try:
            self.cleaned_data["assignment"] = read_proposal(
                self.composition, self.cleaned_data["proposal"]
            )
        except CompositionError as exc:
            raise forms.ValidationError(exc.message, code="proposal") from exc
        return self.cleaned_data["proposal"]


class MoveForm(forms.Form):
    """One person to a group of the process, or to no group (the empty choice)."""

    person = forms.TypedChoiceField(coerce=int)
    group = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)

    def __init__(self, *args, composition: Composition, **kwargs):
        super().__init__(*args, **kwargs)
        self.composition = composition
        self.fields["person"].choices = [
            (pk, m.display_name) for pk, m in composition.people.items()
        ]
        self.fields["person"].error_messages["invalid_choice"] = _(
            "That person does not take part in this process."
        )
        self.fields["group"].choices = [("", _("Unassigned"))] + [
            (g.pk, g.name) for g in composition.groups
        ]
        self.fields["group"].error_messages["invalid_choice"] = _(
            "That group does not belong to this process."
        )

    def clean(self):
        cleaned = super().clean()
        if "person" in cleaned:
            cleaned["membership"] = self.composition.people[cleaned["person"]]
        if cleaned.get("group") is not None:
            cleaned["group_object"] = next(
                g for g in self.composition.groups if g.pk == cleaned["group"]
            )
        else:
            cleaned["group_object"] = None
        return cleaned
