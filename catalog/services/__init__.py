"""Catalogue operations: compiling, the editorial workflow, rendering, comparing, exporting.

Views call these functions; each multi-step change runs in one transaction and raises
`CatalogueError` with a message for the user when it cannot be done.
"""


class CatalogueError(Exception):
    """An operation the user asked for cannot be done; the message says why."""
