"""Forms for a group's ideas: adding and editing one, deciding on it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from processes.models import Group, Seminar

from ..models import TEXT_MAX_LENGTH, Idea, Value
from .common import textarea


class IdeaForm(forms.Form):
    """An idea as a group enters it, built on at least one of the group's values."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )
    description = forms.CharField(
        label=_("Description"), max_length=TEXT_MAX_LENGTH, widget=textarea(4)
    )
    values = forms.ModelMultipleChoiceField(
        label=_("The values it builds on"),
        queryset=Value.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one value the idea builds on.")},
    )
    improves_core_task = forms.CharField(
        label=_("How it improves the core task and quality for the users"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(),
    )
    spread_plan = forms.CharField(
        label=_("How it spreads to the whole organisation"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(),
    )
    involved = forms.MultipleChoiceField(
        label=_("Who is involved"),
        choices=Idea.Involved.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    users_role = forms.ChoiceField(
        label=_("The users' role"),
        choices=Idea.UsersRole.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    first_step = forms.CharField(
        label=_("First step"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(2),
        help_text=_("The first small, concrete step, and who takes it."),
    )
    seminar = forms.ModelChoiceField(
        label=_("The seminar it came from"),
        queryset=Seminar.objects.none(),
        required=False,
        empty_label=_("None"),
    )

    def __init__(self, *args, group: Group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["values"].queryset = (
            Value.objects.visible().filter(group=group).order_by("-is_ideal", "name", "pk")
        )
        self.fields["seminar"].queryset = Seminar.objects.filter(process_id=group.process_id)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data

    @classmethod
    def initial_for(cls, idea: Idea) -> dict:
        return {
            **{field: getattr(idea, field) for field in IDEA_FORM_TEXT_FIELDS},
            "values": list(idea.values.all()),
            "involved": list(idea.involved),
            "seminar": idea.seminar_id,
            "version": idea.version,
        }


IDEA_FORM_TEXT_FIELDS = (
    "title",
    "description",
    "improves_core_task",
    "spread_plan",
    "first_step",
    "users_role",
)


class IdeaEditForm(IdeaForm):
    # The version the editor started from: a newer stored version means a conflict.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class IdeaStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=Idea.Status.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason for rejection"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(2),
        help_text=_("Needed when the idea is rejected; the group sees it."),
    )

    def __init__(self, *args, statuses=None, **kwargs):
        super().__init__(*args, **kwargs)
        if statuses is not None:
            self.fields["status"].choices = [
                (key, label) for key, label in Idea.Status.choices if key in statuses
            ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Idea.Status.REJECTED and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why the idea is rejected."))
        return cleaned
