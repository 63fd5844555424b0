"""Forms for a group's values: adding and editing one, commenting, relating two."""

from django import forms
from django.utils.translation import gettext_lazy as _

from processes.models import Group, ValueStream

from ..models import TEXT_MAX_LENGTH, Value, ValueComment, ValueRelation
from .common import textarea


class ValueForm(forms.Form):
    """A value as a member enters it: name and meaning, the rest when they have it."""

    name = forms.CharField(
        label=_("Value"),
        max_length=200,
        help_text=_("One or a few words, for example “Equality”."),
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )
    meaning = forms.CharField(
        label=_("What we mean by it"), max_length=TEXT_MAX_LENGTH, widget=textarea()
    )
    examples = forms.CharField(
        label=_("Everyday examples"), required=False, max_length=TEXT_MAX_LENGTH, widget=textarea()
    )
    dilemmas = forms.CharField(
        label=_("Dilemmas and conflicts with other values"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(),
    )
    gap = forms.CharField(
        label=_("The gap between ideal and practice"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(),
    )
    value_streams = forms.ModelMultipleChoiceField(
        label=_("Value streams"),
        queryset=ValueStream.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The parts of the public value universe this value belongs to."),
    )

    def __init__(self, *args, group: Group, **kwargs):
        super().__init__(*args, **kwargs)
        streams = group.theme.value_streams.all() if group.theme_id else ValueStream.objects.none()
        self.fields["value_streams"].queryset = streams
        # Without a theme (or a theme without streams) there is nothing to choose.
        if group.theme_id is None or not streams:
            del self.fields["value_streams"]

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("value_streams", [])
        data.pop("version", None)
        return data

    @classmethod
    def initial_for(cls, value: Value) -> dict:
        return {
            "name": value.name,
            "meaning": value.meaning,
            "examples": value.examples,
            "dilemmas": value.dilemmas,
            "gap": value.gap,
            "value_streams": list(value.value_streams.all()),
            "version": value.version,
        }


class ValueEditForm(ValueForm):
    # The version the editor started from: a newer stored version means a conflict.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CommentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you add?"),
        choices=ValueComment.Kind.choices,
        initial=ValueComment.Kind.COMMENT,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(label=_("Text"), max_length=TEXT_MAX_LENGTH, widget=textarea())
    is_disagreement = forms.BooleanField(
        label=_("I disagree (shown as a disagreement)"), required=False
    )


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("This value"), choices=ValueRelation.Kind.choices)
    to_value = forms.ModelChoiceField(label=_("Other value"), queryset=Value.objects.none())

    def __init__(self, *args, value: Value, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_value"].queryset = (
            Value.objects.visible()
            .filter(group__process_id=value.group.process_id)
            .exclude(pk=value.pk)
            .select_related("group")
            .order_by("group__name", "name")
        )
        self.fields["to_value"].label_from_instance = lambda v: f"{v.name} ({v.group.name})"
