"""Actions of the spreading to the whole organisation. Each runs in one transaction.

Views authorise (see `spreading.access`) and call exactly one of these with the acting
membership as the keyword-only `actor`. An action that cannot be done as asked raises
Django's `ValidationError`, keyed by the form field it concerns where there is one, with a
message for the user; nothing is saved then.

`featured_stories(process)` gives the leader's featured good stories for the status report.
"""

from .stories import featured_stories

__all__ = ["featured_stories"]
