from django import forms
from django.utils.translation import gettext_lazy as _

from processes.models import Group, Process, Seminar, ValueStream

from .models import (
    TEXT_MAX_LENGTH,
    GivenFrame,
    Idea,
    InfluenceItem,
    PrioritisationRound,
    Value,
    ValueComment,
    ValueRelation,
)
from .models.rounds import MAX_DOTS_PER_PERSON


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


class RoundForm(forms.Form):
    """Open a prioritisation round: fresh candidates, or the top N of earlier rounds."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example “First round: our most important values”."),
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )
    group = forms.ModelChoiceField(
        label=_("Who votes"),
        queryset=Group.objects.none(),
        required=False,
        empty_label=_("All groups of the process (plenary)"),
        help_text=_("A group votes on its own values or ideas; a plenary round on all groups'."),
    )
    target = forms.ChoiceField(
        label=_("Vote on"),
        choices=PrioritisationRound.Target.choices,
        initial=PrioritisationRound.Target.VALUES,
        widget=forms.RadioSelect,
    )
    dots_per_person = forms.IntegerField(
        label=_("Dots per person"),
        min_value=1,
        max_value=MAX_DOTS_PER_PERSON,
        initial=5,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-width-xs"}),
    )
    source_rounds = forms.ModelMultipleChoiceField(
        label=_("Take the candidates from earlier rounds"),
        queryset=PrioritisationRound.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A staged round narrows down: it takes the top of closed rounds, for example each "
            "group's round, as its candidates."
        ),
    )
    top_n = forms.IntegerField(
        label=_("How many of the top of each earlier round"),
        min_value=1,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-width-xs"}),
        help_text=_("Candidates tied at the last place all go on; candidates without dots do not."),
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Group.objects.filter(process=process)
        closed = PrioritisationRound.objects.filter(
            process=process, status=PrioritisationRound.Status.CLOSED
        ).select_related("group")
        self.fields["source_rounds"].queryset = closed
        self.fields["source_rounds"].label_from_instance = lambda r: (
            f"{r.title} ({r.group.name if r.group else _('all groups')}, "
            f"{r.get_target_display().lower()})"
        )
        if not closed:
            del self.fields["source_rounds"]
            del self.fields["top_n"]

    def clean(self):
        cleaned = super().clean()
        sources, top_n = cleaned.get("source_rounds"), cleaned.get("top_n")
        if sources and not top_n:
            self.add_error("top_n", _("Say how many of the top of each earlier round go on."))
        if top_n and not sources and "source_rounds" in self.fields:
            self.add_error("source_rounds", _("Choose the earlier rounds to take the top of."))
        return cleaned


class IdeaForm(forms.Form):
    """An idea as a group enters it, built on at least one of the group's values."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )
    description = forms.CharField(
        label=_("Description"), max_length=TEXT_MAX_LENGTH, widget=_textarea(4)
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
        widget=_textarea(),
    )
    spread_plan = forms.CharField(
        label=_("How it spreads to the whole organisation"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=_textarea(),
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
        widget=_textarea(2),
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
        widget=_textarea(2),
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


class InfluenceItemForm(forms.Form):
    """An activity of the influence schema and where the users' influence on it lies."""

    activity = forms.CharField(
        label=_("Activity"),
        max_length=200,
        help_text=_("Something in the users' everyday life, for example “Own working hours”."),
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )
    column = forms.ChoiceField(
        label=_("The users' influence"),
        choices=InfluenceItem.Column.choices,
        initial=InfluenceItem.Column.UNPLACED,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=_textarea(2),
        help_text=_("Why it is placed here, or what would give the users more influence."),
    )

    @classmethod
    def initial_for(cls, item: InfluenceItem) -> dict:
        return {
            "activity": item.activity,
            "column": item.column,
            "note": item.note,
            "version": item.version,
        }


class InfluenceItemEditForm(InfluenceItemForm):
    # The version the editor started from: a newer stored version means a conflict.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
