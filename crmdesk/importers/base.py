"""Result and error types shared by every reader.

Readers yield :class:`ParsedContact` for good records and :class:`Problem`
for bad ones, so one broken card never stops the rest of a file. Only a file
that cannot be read at all raises :class:`ImportFileError`. What a reader had to
mend to read a record (a card cut off at the end, a junk line kept in the notes)
travels with that record as a :class:`Repair`: it is imported, and the report
says what was done to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from crmdesk.records import ContactRecord


class ImportFileError(Exception):
    """The file as a whole cannot be read (not contacts, unreadable, empty)."""

    def __init__(self, path: str | Path, reason: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"line {line}: " if line is not None else ""
        super().__init__(f"{self.path}: {where}{reason}")


@dataclass
class Problem:
    """One bad record or line; the rest of the file still imports."""

    line: int | None
    reason: str
    record_no: int | None = None


@dataclass
class Repair:
    """Something a reader mended, or left out, in a record it still imports."""

    line: int | None
    reason: str
    record_no: int | None = None


@dataclass
class ParsedContact:
    """A good record and where it started in the file (for messages and previews)."""

    record: ContactRecord
    line: int
    record_no: int
    repairs: list[Repair] = field(default_factory=list)


@dataclass
class FormatGuess:
    """What :func:`detect` found; the GUI shows it and lets the user override it.

    ``unknown_columns`` lists CSV headers that match no alias: their values are
    kept in the contact's notes as ``Header: value`` (never dropped).
    """

    format: str
    encoding: str
    delimiter: str | None = None
    header: list[str] | None = None
    mapping: dict[str, str] | None = None
    unknown_columns: list[str] = field(default_factory=list)
    language: str | None = None
