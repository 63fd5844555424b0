"""Personal data: a person's own download, anonymisation, retention and the nightly purge.

Views and tasks call these functions; each change runs in one transaction and raises
`PrivacyError` with a message for the person when it cannot be done.
"""


class PrivacyError(Exception):
    """The action is not allowed; the message is shown to the person as it is."""
