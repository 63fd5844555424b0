"""Forms for the activities of a group's influence schema."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import TEXT_MAX_LENGTH, InfluenceItem
from .common import textarea


class InfluenceItemForm(forms.Form):
    """An activity of the influence schema and where the users' influence on it lies."""

    activity = forms.CharField(
        label=_("Activity"),
        max_length=200,
        help_text=_("Something in the users' everyday life, for example “Own working hours”."),
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )
    column = forms.ChoiceField(
        label=_("The users' influence"),
        choices=InfluenceItem.Column.choices,
        initial=InfluenceItem.Column.UNPLACED,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(2),
        help_text=_("Why it is placed here, or what would give the users more influence."),
    )

    @classmethod
    def initial_for(cls, item: InfluenceItem) -> dict:
        return {
            "activity": item.activity,
            "column": item.column,
            "note": item.note,
            "version": item.version,
        }


class InfluenceItemEditForm(InfluenceItemForm):
    # The version the editor started from: a newer stored version means a conflict.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
