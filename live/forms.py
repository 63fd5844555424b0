"""Forms of live seminar mode: one short form for a phone, the facilitator's controls."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from debate.models import TEXT_MAX_LENGTH, Value
from processes.models import AgendaItem, Group, Seminar

from .models import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, MAX_TIMER_MINUTES


class LiveEntryForm(forms.Form):
    """A value or an idea in as few fields as a phone allows; the details can follow later
    on the group's debate pages."""

    class Kind:
        VALUE = "value"
        IDEA = "idea"

    kind = forms.ChoiceField(
        label=_("Add"),
        choices=[(Kind.VALUE, _("A value")), (Kind.IDEA, _("An idea"))],
        initial=Kind.VALUE,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Value or title of the idea"),
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )
    text = forms.CharField(
        label=_("What we mean by it, or what the idea is"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto", "class": "form-input--wide"}),
    )
    values = forms.ModelMultipleChoiceField(
        label=_("The values the idea builds on"),
        help_text=_("For an idea only: choose at least one."),
        queryset=Value.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, group: Group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["values"].queryset = (
            Value.objects.visible().filter(group=group).order_by("-is_ideal", "name", "pk")
        )

    def clean(self):
        data = super().clean()
        if data.get("kind") == self.Kind.IDEA and not data.get("values"):
            self.add_error("values", _("Choose at least one value the idea builds on."))
        return data

    @property
    def is_idea(self) -> bool:
        return self.cleaned_data["kind"] == self.Kind.IDEA


def normalise_join_code(raw: str) -> str:
    """What people type off a projector: any case, spaces or a dash in the middle."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Join code"),
        help_text=_("The six letters and digits shown on the plenary screen."),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "input-width-s qh-join-input",
            }
        ),
    )

    def clean_code(self) -> str:
        code = normalise_join_code(self.cleaned_data["code"])
        if len(code) != JOIN_CODE_LENGTH or any(ch not in JOIN_CODE_ALPHABET for ch in code):
            raise ValidationError(_("A join code has six letters and digits, like “K7M2QX”."))
        return code


class RunItemForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Agenda item"), queryset=AgendaItem.objects.none())

    def __init__(self, *args, seminar: Seminar, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = AgendaItem.objects.filter(seminar=seminar)


class TimerForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("Minutes"),
        min_value=1,
        max_value=MAX_TIMER_MINUTES,
        widget=forms.NumberInput(attrs={"class": "input-width-xxs", "inputmode": "numeric"}),
    )
