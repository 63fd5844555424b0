"""Actions on evaluations, the quality team and reflection meetings. Each runs in one
transaction with the acting membership as the keyword-only `actor`.

Views authorise (see `evaluation.access`) and call exactly one of these. An action that cannot
be done as asked raises Django's `ValidationError`, keyed by the form field it concerns where
there is one, with a message for the user; nothing is saved then.

For other apps: `aggregate_ratings(initiatives_qs)` sums up the initiative evaluations of any
set of initiatives in a fixed number of queries (the leaders' overview, the status report);
`ratings_section(initiatives_qs)` adds the template that shows it as a table (also in a PDF).
"""

from .initiatives import aggregate_ratings, ratings_for_initiatives, ratings_section

__all__ = ["aggregate_ratings", "ratings_for_initiatives", "ratings_section"]
