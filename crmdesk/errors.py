"""Errors that callers catch without loading the layer that raises them.

``crmdesk.cli`` reports a ``DatabaseError`` as one sentence; importing it from
here keeps SQLAlchemy out of a command's start until the command needs it.
"""


class DatabaseError(RuntimeError):
    """The database cannot be opened or upgraded; the message says what to do."""
