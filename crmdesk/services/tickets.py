"""Ticket numbers for cases: ``CAS-2026-00042``, the year and a counter of that year.

The counter is one ``ticket_counter`` row per year, bumped by one statement (an insert
that, when the year's row exists, adds one to it and returns the new number) inside
the transaction that inserts the case.  SQLite runs that transaction holding the write
lock (``Database.writing``); PostgreSQL locks the year's row until the commit.  So two
processes never get the same number, and a number is never handed out again, even when
its case is deleted or its transaction rolls back (the counter moves only with a
commit of the case).
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.orm import Session

PREFIX = "CAS"
_NUMBER = re.compile(rf"{PREFIX}-(\d{{4}})-(\d+)")
_NEXT = text("INSERT INTO ticket_counter (year, last_number) VALUES (:year, 1) "
             "ON CONFLICT (year) DO UPDATE SET last_number = ticket_counter.last_number + 1 "
             "RETURNING last_number")
_AT_LEAST = text("INSERT INTO ticket_counter (year, last_number) VALUES (:year, :n) "
                 "ON CONFLICT (year) DO UPDATE SET last_number = :n "
                 "WHERE ticket_counter.last_number < :n")


def format_ticket(year: int, number: int) -> str:
    return f"{PREFIX}-{year}-{number:05d}"


def next_ticket(session: Session, year: int) -> str:
    """The next ticket number of ``year``, taken in the caller's transaction."""
    number = session.execute(_NEXT, {"year": year}).scalar_one()
    return format_ticket(year, int(number))


def parse_ticket(ticket: str) -> tuple[int, int] | None:
    """(year, number) of a ticket number crmdesk wrote, else None."""
    found = _NUMBER.fullmatch(ticket.strip())
    return (int(found[1]), int(found[2])) if found else None


def keep_taken(session: Session, ticket: str) -> None:
    """A case comes back with its own ticket number (the trash, an import): the counter
    of its year moves past it, so it is never handed out again."""
    if (parsed := parse_ticket(ticket)) is not None:
        session.execute(_AT_LEAST, {"year": parsed[0], "n": parsed[1]})
