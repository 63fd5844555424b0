from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def minutes(value) -> int | None:
    """Whole minutes in a timedelta, rounded up, so "try again in N minutes" is never early."""
    if not isinstance(value, timedelta):
        return None
    seconds = int(value.total_seconds())
    return max(1, -(-seconds // 60))
