"""Status reports (being written)."""

from django.http import Http404


def _not_yet(request, *args, **kwargs):
    raise Http404


reports = create = preview = detail = status = retry = pdf = _not_yet
