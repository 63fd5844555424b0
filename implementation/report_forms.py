"""The form that asks for a status report: its language and who it is for."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .services.report import AUDIENCES

OTHER = "other"


class ReportForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the report"),
        choices=settings.LANGUAGES,
    )
    audience = forms.ChoiceField(
        label=_("Who is it for?"),
        choices=[*AUDIENCES.items(), (OTHER, _("Someone else"))],
        initial="steering_group",
        widget=forms.RadioSelect,
    )
    other_audience = forms.CharField(
        label=_("Who else"),
        required=False,
        max_length=200,
        help_text=_("For example the user council, or a department."),
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = (get_language() or settings.LANGUAGE_CODE)[:2]
        if language in dict(settings.LANGUAGES):
            self.fields["language"].initial = language

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("audience") == OTHER:
            other = (cleaned.get("other_audience") or "").strip()
            if not other:
                self.add_error("other_audience", _("Say who the report is for."))
            cleaned["audience"] = other
        return cleaned
