"""Themes of a process and their framework documents.

Everyone in the organisation reads them; the facilitator creates, edits and deletes. Uploaded
documents are only ever served through `document_download`, which checks membership first:
the media directory is not published.
"""

import copy
from pathlib import PurePath

from django.contrib import messages
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.downloads import attach
from processes.access import ALL_ROLES, PLANNERS, get_process_for, get_theme_for
from processes.forms.themes import DocumentForm, ThemeForm
from processes.models import FrameworkDocument, Group, Theme, ValueStream
from processes.services import themes as services


def _document_for(request, process_pk: int, theme_pk: int, document_pk: int, roles=ALL_ROLES):
    process, membership, theme = get_theme_for(request, process_pk, theme_pk, roles)
    document = get_object_or_404(FrameworkDocument, pk=document_pk, theme=theme)
    document.theme = theme
    return process, membership, theme, document


def _count(model, **filters):
    """A correlated count, so several counts on one row do not multiply each other."""
    return Coalesce(
        Subquery(
            model.objects.filter(theme=OuterRef("pk"), **filters)
            .order_by()
            .values("theme")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


def _with_file_kind(documents) -> list[FrameworkDocument]:
    documents = list(documents)
    for document in documents:
        # "PDF", "DOCX": what the download is, said next to the link.
        document.file_kind = services.extension_of(document.file.name).upper()
    return documents


# --- Themes ----------------------------------------------------------------------------------


@require_safe
def theme_list(request, process_pk):
    process, membership = get_process_for(request, process_pk)
    themes = (
        Theme.objects.filter(process=process)
        .annotate(group_count=_count(Group), document_count=_count(FrameworkDocument))
        .prefetch_related(
            Prefetch("value_streams", queryset=ValueStream.objects.order_by("number"))
        )
        .order_by("position", "pk")
    )
    return render(
        request,
        "processes/themes/list.html",
        {
            "process": process,
            "membership": membership,
            "themes": themes,
            "can_plan": membership.role in PLANNERS,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def theme_create(request, process_pk):
    process, membership = get_process_for(request, process_pk, PLANNERS)
    form = ThemeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        theme = services.create_theme(actor=membership, process=process, **form.cleaned_data)
        messages.success(
            request,
            _("The theme “%(title)s” is created. Add the framework documents behind it below.")
            % {"title": theme.title},
        )
        return redirect(theme)
    return render(
        request,
        "processes/themes/form.html",
        {"process": process, "membership": membership, "form": form, "theme": None},
    )


@require_safe
def theme_detail(request, process_pk, theme_pk):
    process, membership, theme = get_theme_for(request, process_pk, theme_pk)
    return render(
        request,
        "processes/themes/detail.html",
        {
            "process": process,
            "membership": membership,
            "theme": theme,
            "value_streams": theme.value_streams.order_by("number"),
            "documents": _with_file_kind(theme.documents.order_by("title", "pk")),
            "groups": Group.objects.filter(theme=theme)
            .select_related("lead__user")
            .annotate(seat_count=Count("seats"))
            .order_by("name", "pk"),
            "can_plan": membership.role in PLANNERS,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def theme_edit(request, process_pk, theme_pk):
    process, membership, theme = get_theme_for(request, process_pk, theme_pk, PLANNERS)
    # The form changes a copy, so a rejected title never shows up in the page's headings.
    form = ThemeForm(
        request.POST if request.method == "POST" else None,
        instance=copy.copy(theme),
    )
    if request.method == "POST" and form.is_valid():
        services.update_theme(actor=membership, theme=theme, **form.cleaned_data)
        messages.success(request, _("The theme is saved."))
        return redirect(theme)
    return render(
        request,
        "processes/themes/form.html",
        {"process": process, "membership": membership, "form": form, "theme": theme},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def theme_delete(request, process_pk, theme_pk):
    process, membership, theme = get_theme_for(request, process_pk, theme_pk, PLANNERS)
    if request.method == "POST":
        title = theme.title
        services.delete_theme(actor=membership, theme=theme)
        messages.success(request, _("The theme “%(title)s” is deleted.") % {"title": title})
        return redirect("processes:theme_list", process.pk)
    return render(
        request,
        "processes/themes/delete.html",
        {
            "process": process,
            "membership": membership,
            "theme": theme,
            "document_count": theme.documents.count(),
            "groups": list(Group.objects.filter(theme=theme).order_by("name", "pk")),
        },
    )


# --- Framework documents ---------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def document_create(request, process_pk, theme_pk):
    process, membership, theme = get_theme_for(request, process_pk, theme_pk, PLANNERS)
    posted = request.method == "POST"
    form = DocumentForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        document = services.add_document(actor=membership, theme=theme, **form.cleaned_data)
        messages.success(
            request, _("The document “%(title)s” is added.") % {"title": document.title}
        )
        return redirect(theme.get_absolute_url() + "#documents")
    return render(
        request,
        "processes/themes/document_form.html",
        {"process": process, "membership": membership, "theme": theme, "form": form},
    )


@require_safe
def document_download(request, process_pk, theme_pk, document_pk):
    _process, _membership, _theme, document = _document_for(
        request, process_pk, theme_pk, document_pk
    )
    if not document.file:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = PurePath(document.file.name).name
    return attach(FileResponse(handle, content_type=services.content_type_for(name)), name)


@require_http_methods(["GET", "HEAD", "POST"])
def document_delete(request, process_pk, theme_pk, document_pk):
    process, membership, theme, document = _document_for(
        request, process_pk, theme_pk, document_pk, PLANNERS
    )
    if request.method == "POST":
        title = document.title
        services.delete_document(actor=membership, document=document)
        messages.success(request, _("The document “%(title)s” is deleted.") % {"title": title})
        return redirect(reverse("processes:theme_detail", args=[process.pk, theme.pk]))
    return render(
        request,
        "processes/themes/document_delete.html",
        {"process": process, "membership": membership, "theme": theme, "document": document},
    )
