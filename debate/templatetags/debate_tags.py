"""Template helpers of the value debate."""

from django import template
from django.utils.translation import gettext as _

from ..access import sees_authors

register = template.Library()


@register.simple_tag(takes_context=True)
def author_name(context, author) -> str:
    """Who wrote something, as the person looking may see it.

    In hidden-author mode participants see "You" for their own entries and "A participant"
    for everyone else's; only the facilitator sees names. Without a known viewer (no
    membership on the request) names are hidden, so a page that forgets to load the process
    through the access helpers leaks nothing.
    """
    if author is None:
        return _("A former participant")
    request = context.get("request")
    viewer = getattr(request, "membership", None)
    process = getattr(request, "process", None)
    if viewer is not None and process is not None and sees_authors(viewer, process):
        return author.display_name
    if viewer is not None and author.pk == viewer.pk:
        return _("You")
    return _("A participant")
