"""The leaders' overview filters: a GET form whose state lives in the URL.

The choices come from the overview's scope (one process, or every process of an
organisation), so a theme, group or owner of another organisation is never a valid value:
a tampered URL is ignored field by field, and the rest of the filters still apply.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Initiative

FILTER_FIELDS = ("status", "theme", "group", "stream", "owner", "signal", "overdue")


class OverviewFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    group = forms.TypedChoiceField(label=_("Group"), required=False, coerce=int, empty_value=None)
    stream = forms.TypedChoiceField(
        label=_("Value stream"), required=False, coerce=int, empty_value=None
    )
    owner = forms.TypedChoiceField(label=_("Owner"), required=False, coerce=int, empty_value=None)
    signal = forms.BooleanField(label=_("Only initiatives with a signal"), required=False)
    overdue = forms.BooleanField(label=_("Only initiatives with an overdue update"), required=False)

    def __init__(self, data, *, themes, groups, streams, owners, **kwargs):
        """`themes`, `groups`, `streams` and `owners` are (value, label) pairs in scope."""
        super().__init__(data, **kwargs)
        everything = [("", _("All"))]
        self.fields["status"].choices = everything + list(Initiative.Status.choices)
        self.fields["theme"].choices = everything + list(themes)
        self.fields["group"].choices = everything + list(groups)
        self.fields["stream"].choices = everything + list(streams)
        self.fields["owner"].choices = everything + list(owners)

    def values(self) -> dict:
        """The valid filters; a field with a bad value counts as not set."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: cleaned.get(name)
            for name in FILTER_FIELDS
            if name not in self.errors and cleaned.get(name) not in (None, "", False)
        }
