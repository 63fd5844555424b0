"""The form of an initiative's evaluation: seed 001's three steps and seven ratings, by the
team and (where chosen) by the users."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import RATING_MAX, RATING_MIN, TEXT_MAX_LENGTH, Rating
from ..services.initiatives import rating_field
from .common import textarea

RATING_CHOICES = [
    ("", _("Not rated")),
    ("1", _("1 – lowest")),
    ("2", "2"),
    ("3", "3"),
    ("4", _("4 – highest")),
]

DIMENSION_HELP = {
    Rating.Dimension.SHORT_TERM_SAVINGS: _("Money saved within the first year."),
    Rating.Dimension.LONG_TERM_SAVINGS: _("Money the initiative will save in the years ahead."),
    Rating.Dimension.SICK_LEAVE: _("4: the initiative lowered sick leave the most."),
}


class RatingField(forms.ChoiceField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=RATING_CHOICES, required=False, **kwargs)
        self.error_messages["invalid_choice"] = _(
            "Rate from %(low)d (lowest) to %(high)d (highest)."
        ) % {"low": RATING_MIN, "high": RATING_MAX}


class InitiativeEvaluationForm(forms.Form):
    background_and_goals = forms.CharField(
        label=_("Background and goals"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(4),
        help_text=_(
            "Why was the initiative started? Which needs lay behind it? What were its goals?"
        ),
    )
    practice = forms.CharField(
        label=_("Practice"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(4),
        help_text=_(
            "How does it work in practice? How are staff and citizens involved, and how "
            "satisfied are they? How is it financed?"
        ),
    )
    results_and_effects = forms.CharField(
        label=_("Results and effects"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(4),
        help_text=_("What has it achieved? How far have the goals been reached?"),
    )
    users_rated = forms.BooleanField(
        label=_("The users rated the initiative too"),
        required=False,
        help_text=_("Enter their rating below, as they gave it; it is shown as the users' own."),
    )
    users_rating_note = forms.CharField(
        label=_("How the users' rating was gathered"),
        required=False,
        max_length=2000,
        widget=textarea(2),
        help_text=_("For example: at the users' council meeting on 3 March."),
    )
    # The version the editor started from ("" when there was no evaluation yet).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for rater in Rating.Rater.values:
            for dimension, label in Rating.Dimension.choices:
                if rater == Rating.Rater.USERS:
                    label = _("%(dimension)s (the users)") % {"dimension": label}
                self.fields[rating_field(rater, dimension)] = RatingField(
                    label=label, help_text=DIMENSION_HELP.get(dimension, "")
                )

    def rating_fields(self, rater: str):
        return [self[rating_field(rater, d)] for d in Rating.Dimension.values]

    def team_fields(self):
        return self.rating_fields(Rating.Rater.TEAM)

    def users_fields(self):
        return self.rating_fields(Rating.Rater.USERS)

    def text_fields(self):
        return [self[name] for name in ("background_and_goals", "practice", "results_and_effects")]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "expected_version": data.get("version"),
            "background_and_goals": data["background_and_goals"],
            "practice": data["practice"],
            "results_and_effects": data["results_and_effects"],
            "team_ratings": {
                d: data[rating_field(Rating.Rater.TEAM, d)] for d in Rating.Dimension.values
            },
            "users_rated": data["users_rated"],
            "users_ratings": {
                d: data[rating_field(Rating.Rater.USERS, d)] for d in Rating.Dimension.values
            },
            "users_rating_note": data["users_rating_note"],
        }

    @classmethod
    def initial_for(cls, evaluation, ratings: dict) -> dict:
        if evaluation is None:
            return {}
        initial = {
            "background_and_goals": evaluation.background_and_goals,
            "practice": evaluation.practice,
            "results_and_effects": evaluation.results_and_effects,
            "users_rated": evaluation.users_rated,
            "users_rating_note": evaluation.users_rating_note,
            "version": evaluation.version,
        }
        for rater, scores in ratings.items():
            for dimension, score in scores.items():
                initial[rating_field(rater, dimension)] = str(score)
        return initial
