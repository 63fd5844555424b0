"""The form for merging near-duplicate values of a group."""

from django import forms
from django.utils.translation import gettext_lazy as _

from processes.models import Group

from ..models import Value


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("Keep this value"),
        queryset=Value.objects.none(),
        widget=forms.RadioSelect,
        help_text=_("Its name stays; the others' names are kept as “also called”."),
    )
    sources = forms.ModelMultipleChoiceField(
        label=_("Merge these values into it"),
        queryset=Value.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their examples, dilemmas and comments move to the value you keep."),
    )

    def __init__(self, *args, group: Group, **kwargs):
        super().__init__(*args, **kwargs)
        values = Value.objects.visible().filter(group=group).order_by("name", "pk")
        self.fields["target"].queryset = values
        self.fields["sources"].queryset = values

    def clean(self):
        cleaned = super().clean()
        target, sources = cleaned.get("target"), cleaned.get("sources")
        if target is not None and sources is not None:
            sources = [s for s in sources if s.pk != target.pk]
            if not sources:
                raise forms.ValidationError(
                    _("Choose at least one value other than the one you keep.")
                )
            cleaned["sources"] = sources
        return cleaned
