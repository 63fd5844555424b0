from django import forms
from django.utils.translation import gettext_lazy as _

from processes.models import Process

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TITLE_MAX_LENGTH = Process._meta.get_field("title").max_length


class NextCycleForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the new process"),
        max_length=TITLE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"class": "input-width-xl", "dir": "auto"}),
    )
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    end_date = forms.DateField(
        label=_("End date"), widget=DATE, help_text=_("About four months after the start is usual.")
    )
    carry_initiatives = forms.BooleanField(
        label=_("Carry the running initiatives forward, with their history"),
        required=False,
        initial=True,
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The process must end on or after the day it starts."))
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Process design file"),
        help_text=_("A .json file exported from QualityHub (“Export the design”)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
    start_date = forms.DateField(
        label=_("Start date"),
        widget=DATE,
        help_text=_(
            "The process lasts as many days as in the design, and each seminar falls on the "
            "same day counted from the start."
        ),
    )
    title = forms.CharField(
        label=_("Title of the new process"),
        max_length=TITLE_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"class": "input-width-xl", "dir": "auto"}),
        help_text=_("Leave empty to use the title in the file."),
    )
