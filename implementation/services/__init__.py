"""Actions of the implementation phase. Each runs in one transaction and writes its own audit
rows (status changes, revisions, phase changes).

Views authorise (see `implementation.access`) and call exactly one of these with the acting
membership as the keyword-only `actor`. An action that cannot be done as asked raises
Django's `ValidationError`, keyed by the form field it concerns where there is one, with a
message for the user; nothing is saved then.
"""
