from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TEXT_MAX_LENGTH, Edition, GroupReview


def _textarea(rows: int = 6) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "dir": "auto", "class": "form-input--wide"})


class EditionForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = ["title", "language", "foreword", "introduction", "include_participants"]
        widgets = {
            "title": forms.TextInput(attrs={"dir": "auto"}),
            "foreword": _textarea(),
            "introduction": _textarea(8),
        }
        help_texts = {
            "title": _("Shown on the cover. Leave it empty to use the process's title."),
            "language": _("The language of the catalogue's headings and labels."),
            "foreword": _("For example a few words from the leader or the politicians."),
            "introduction": _("What the catalogue is, how it came about and how to use it."),
            "include_participants": _(
                "An appendix with the names and roles of the process's participants. Who "
                "wrote which value or idea is never shown in the catalogue."
            ),
        }


class StartForm(forms.Form):
    override_reason = forms.CharField(
        label=_("Reason for starting before the catalogue phase"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=_textarea(3),
        help_text=_("It is recorded on the edition."),
    )


class SubmitForm(forms.Form):
    override_reason = forms.CharField(
        label=_("Reason for sending it to review anyway"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=_textarea(3),
        help_text=_("Needed only when a requirement above is not met. It is recorded."),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=GroupReview.Decision.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=_textarea(3),
        help_text=_("Needed when you ask for changes: say what should change."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == GroupReview.Decision.CHANGES
            and not cleaned.get("comment", "").strip()
        ):
            self.add_error("comment", _("Say what should change."))
        return cleaned


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=_textarea(3),
        help_text=_(
            "Needed when not every group lead has confirmed. By approving, you confirm that "
            "the initiatives fit the legal framework and the given frame."
        ),
    )
