"""Errors that callers catch without loading the layer that raises them.

``crmdesk.cli`` reports a ``DatabaseError`` as one sentence; importing it from
here keeps SQLAlchemy out of a command's start until the command needs it.
"""


class DatabaseError(RuntimeError):
    """The database cannot be opened or upgraded; the message says what to do."""


class NoDatabase(DatabaseError):
    """A command that only reads was pointed at a path with no database; none was made."""


class DatabaseBusy(DatabaseError):
    """Another writer held the database for longer than a write waits."""
