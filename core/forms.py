from django.forms.renderers import TemplatesSetting


class DesignSystemFormRenderer(TemplatesSetting):
    """Renders every Django form with Det Fælles Designsystem markup and an error summary."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
