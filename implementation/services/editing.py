"""What the chain and indicator services share: refusing stale edits, and dates in messages.

Goals, trial actions, indicators and measurements have no version column; a form carries a
fingerprint of the fields it edits, as they were when it was shown. A service that locks the
row and finds a different fingerprint knows someone else saved in between, and refuses
(`StaleEdit`) instead of silently overwriting them; the page then shows both versions.
"""

import datetime
import hashlib
import json
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def fingerprint(obj: models.Model, fields: Iterable[str]) -> str:
    """A short digest of `fields` of `obj` as stored."""
    data = [str(getattr(obj, field)) for field in fields]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()[:16]


class StaleEdit(ValidationError):
    """The row changed since the form was shown; `current` is the locked, stored row."""

    def __init__(self, current: models.Model):
        super().__init__(
            _(
                "Someone else saved a change while you were writing. Nothing was saved: "
                "compare the two versions below, then save again to keep yours."
            ),
            code="conflict",
        )
        self.current = current


def check_fingerprint(obj: models.Model, fields: Iterable[str], expected: str | None) -> None:
    """Raise `StaleEdit` unless `obj` still has the fingerprint `expected` (None: unchecked)."""
    if expected and fingerprint(obj, fields) != expected:
        raise StaleEdit(obj)


def long_date(value: datetime.date) -> str:
    """A date as a sentence says it: “3 March 2027” (each language sets its own order)."""
    return date_format(value, pgettext("a date in a sentence", "j F Y"))


def plain_number(value: Decimal) -> str:
    """62.00 as “62”, 62.50 as “62.5” (“62,5” in Danish)."""
    whole = value == value.to_integral_value()
    value = value.quantize(Decimal(1)) if whole else value.normalize()
    return formats.number_format(value, use_l10n=True)
