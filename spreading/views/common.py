"""What the spreading's views share: reading a posted form, showing a service's refusal in
a form, the status badges of initiatives and paging."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator

from implementation.models import Initiative

# DKFDS badge colours for the statuses, as on the implementation's pages.
STATUS_BADGES = {
    Initiative.Status.PLANNED: "",
    Initiative.Status.TRIAL: "badge-info",
    Initiative.Status.RUNNING: "badge-success",
    Initiative.Status.ANCHORED: "badge-success",
    Initiative.Status.PAUSED: "badge-warning",
    Initiative.Status.STOPPED: "badge-error",
}


def posted(request):
    return request.POST if request.method == "POST" else None


def show_errors(form, error: ValidationError) -> None:
    """A service's refusal in the form: each message at its field, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def page_of(request, queryset, per_page: int):
    """The requested page (a bad or too large number gives the nearest real page)."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
