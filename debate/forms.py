from django import forms
from django.utils.translation import gettext_lazy as _

from processes.models import Group, ValueStream

from .models import TEXT_MAX_LENGTH, GivenFrame, Value, ValueComment, ValueRelation


def _textarea(rows: int = 3) -> forms.Textarea:
    # dir="auto" lets right-to-left text (Arabic, Hebrew) be typed and shown the right way.
    return forms.Textarea(attrs={"rows": rows, "dir": "auto", "class": "form-input--wide"})


class ValueForm(forms.Form):
    """A value as a member enters it: name and meaning, the rest when they have it."""

    name = forms.CharField(
        label=_("Value"),
        max_length=200,
        help_text=_("One or a few words, for example “Equality”."),
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )
    meaning = forms.CharField(
        label=_("What we mean by it"), max_length=TEXT_MAX_LENGTH, widget=_textarea()
    )
    examples = forms.CharField(
        label=_("Everyday examples"), required=False, max_length=TEXT_MAX_LENGTH, widget=_textarea()
    )
    dilemmas = forms.CharField(
        label=_("Dilemmas and conflicts with other values"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=_textarea(),
    )
    gap = forms.CharField(
        label=_("The gap between ideal and practice"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=_textarea(),
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
    text = forms.CharField(label=_("Text"), max_length=TEXT_MAX_LENGTH, widget=_textarea())
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


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("Keep this value"),
        queryset=Value.objects.none(),
        widget=forms.RadioSelect,
        help_text=_("Its name stays; the others' names are kept as “also called”."),
    )
    sources = forms.ModelMultipleChoiceField(
        label=_("Merge these values into it"),
        queryset=Value.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their examples, dilemmas and comments move to the value you keep."),
    )

    def __init__(self, *args, group: Group, **kwargs):
        super().__init__(*args, **kwargs)
        values = Value.objects.visible().filter(group=group).order_by("name", "pk")
        self.fields["target"].queryset = values
        self.fields["sources"].queryset = values

    def clean(self):
        cleaned = super().clean()
        target, sources = cleaned.get("target"), cleaned.get("sources")
        if target is not None and sources is not None:
            sources = [s for s in sources if s.pk != target.pk]
            if not sources:
                raise forms.ValidationError(
                    _("Choose at least one value other than the one you keep.")
                )
            cleaned["sources"] = sources
        return cleaned


class GivenFrameForm(forms.ModelForm):
    class Meta:
        model = GivenFrame
        fields = ["kind", "text", "reason"]
        labels = {"text": _("Fixed condition"), "reason": _("Why it is fixed")}
        help_texts = {
            "text": _("For example a law, the budget, or a decision already made."),
            "reason": _("Say openly why, so groups spend their effort on what they can change."),
        }
        widgets = {"text": _textarea(2), "reason": _textarea(3)}
