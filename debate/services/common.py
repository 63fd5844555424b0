"""What every action of the debate shares."""


class DebateError(Exception):
    """An action that cannot be done as asked; the message is shown to the user."""
