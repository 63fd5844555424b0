"""The form for the debate's settings of a process (who sees the authors)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from processes.models import Process


class AuthorVisibilityForm(forms.Form):
    author_visibility = forms.ChoiceField(
        label=_("Who sees the authors"),
        choices=Process.AuthorVisibility.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Hidden authors can make it easier to say what one really thinks, for example "
            "when leaders and staff debate together."
        ),
    )
