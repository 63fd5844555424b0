from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ConstraintErrorsMixin
from organisations.models import Membership, Organisation
from processes.models import AgendaItem, Seminar


class SeminarForm(ConstraintErrorsMixin, forms.ModelForm):
    constraint_errors = {
        "seminar_ends_after_it_starts": ("end_time", _("The seminar must end after it starts."))
    }

    class Meta:
        model = Seminar
        fields = ["kind", "title", "date", "start_time", "end_time", "place"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        help_texts = {
            "title": _("Leave empty to use the kind, for example “Kick-off seminar”."),
        }


class AgendaItemForm(forms.ModelForm):
    """An agenda item; "responsible" offers only members of the process's organisation."""

    class Meta:
        model = AgendaItem
        fields = ["title", "duration_minutes", "format", "responsible", "notes"]
        widgets = {
            "duration_minutes": forms.NumberInput(attrs={"step": 5}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        # The form field only knows "positive"; the browser should know the model's 5-480.
        self.fields["duration_minutes"].widget.attrs.update({"min": 5, "max": 480})
        responsible = self.fields["responsible"]
        responsible.queryset = Membership.objects.filter(organisation=organisation).select_related(
            "user"
        )
        responsible.label_from_instance = lambda m: m.display_name
        responsible.empty_label = _("No one in particular")


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Written summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "data-summary-editor": ""}),
        help_text=_(
            "Thematise the debates of the seminar. Write plain text (an empty line starts a "
            "new paragraph) or basic HTML: paragraphs, bold, italic, lists, headings (h2–h4), "
            "quotes and links. Anything else is removed when you save."
        ),
    )
