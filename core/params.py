"""Numbers read from a query string or a form field by hand (not through a Django form)."""

# A bigint holds 18 digits safely; more would reach the database as an overflow.
MAX_DIGITS = 18


def int_param(value: str | None) -> int | None:
    """A non-negative whole number written in ASCII digits, or None for anything else.

    Use it instead of `value.isdigit()` followed by `int(value)`: isdigit() also accepts
    "²" (which int() refuses: a 500) and "٣" (which int() reads as 3).
    """
    if value is None:
        return None
    value = value.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > MAX_DIGITS:
        return None
    return int(value)
