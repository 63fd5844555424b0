"""Template helpers for Det Fælles Designsystem markup."""

from django import forms, template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()

_CHOICE_WIDGETS = (forms.CheckboxSelectMultiple, forms.RadioSelect)


def _css_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-checkbox"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "form-checkbox"
    if isinstance(widget, forms.RadioSelect):
        return "form-radio"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-input"


@register.filter
def field_kind(bound_field) -> str:
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, _CHOICE_WIDGETS):
        return "choices"
    return "input"


@register.filter
def dkfds_widget(bound_field):
    """The field's widget with the design system's class and ARIA wiring."""
    widget = bound_field.field.widget
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}-error")
    attrs = {"class": " ".join(filter(None, [_css_class(widget), widget.attrs.get("class")]))}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    if isinstance(widget, _CHOICE_WIDGETS):
        # Sub-widgets read the widget's own attrs when iterated in the template.
        widget.attrs.update(attrs)
        return ""
    return bound_field.as_widget(attrs=attrs)


@register.simple_tag
def icon(name: str, label: str = "") -> str:
    """An icon from the design system's sprite; decorative unless given a label."""
    href = static("vendor/dkfds/img/all-svg-icons.svg") + "#" + name
    if label:
        return format_html(
            '<svg class="icon-svg" focusable="false" role="img" aria-label="{}">'
            '<use href="{}"></use></svg>',
            label,
            href,
        )
    return format_html(
        '<svg class="icon-svg" focusable="false" aria-hidden="true"><use href="{}"></use></svg>',
        href,
    )
