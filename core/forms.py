from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.renderers import TemplatesSetting


class DesignSystemFormRenderer(TemplatesSetting):
    """Renders every Django form with Det Fælles Designsystem markup and an error summary."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class ConstraintErrorsMixin:
    """For a ModelForm: a broken model constraint is reported next to the field it is about,
    in words a person understands.

    The model's constraints are the rules (the database holds them too); the form checks them
    as every ModelForm does, after clean(), for the fields that passed their own checks.
    Django reports a broken check constraint above the form as "Constraint “name” is
    violated."; `constraint_errors` maps a constraint's name to the field and message to show
    instead. Constraints not in the map keep Django's message, above the form.
    """

    constraint_errors: dict[str, tuple[str, str]] = {}

    def _post_clean(self):
        super()._post_clean()
        general = self._errors.get(NON_FIELD_ERRORS)
        if not general:
            return
        for constraint in self.instance._meta.constraints:
            if constraint.name not in self.constraint_errors:
                continue
            raw = str(constraint.get_violation_error_message())
            errors = general.as_data()
            kept = [e for e in errors if raw not in e.messages]
            if len(kept) == len(errors):
                continue
            field, message = self.constraint_errors[constraint.name]
            general[:] = [error for e in kept for error in e.messages]
            self.add_error(field, ValidationError(message, code=constraint.name))
        if not general:
            del self._errors[NON_FIELD_ERRORS]
