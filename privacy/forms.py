from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AnonymisationRecord

Reason = AnonymisationRecord.Reason


class AnonymiseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why"),
        choices=[(Reason.REQUEST, Reason.REQUEST.label), (Reason.LEFT, Reason.LEFT.label)],
        widget=forms.RadioSelect,
    )
    confirmation = forms.CharField(
        label=_("Type the person's name to confirm"),
        max_length=300,
        help_text=_("Exactly as it is shown above. This cannot be undone."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class RetentionForm(forms.Form):
    months = forms.IntegerField(
        label=_("Retention period in months"),
        required=False,
        min_value=1,
        max_value=240,
        help_text=_(
            "A person's name is replaced this many months after their last activity in the "
            "organisation, once every process they took part in has ended that long ago. "
            "Leave empty to keep names until you anonymise someone yourself."
        ),
        widget=forms.NumberInput(attrs={"class": "input-width-xs", "inputmode": "numeric"}),
    )
