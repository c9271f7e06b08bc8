"""A contact's display name and Rolodex filing: pure functions of its name fields.

Shared by saving (``contact_columns``), importing (built in a reading process
that has no database) and the card and dialog views.
"""

from __future__ import annotations

from typing import Protocol


class Named(Protocol):
    prefix: str
    first_name: str
    middle_name: str
    last_name: str
    suffix: str
    nickname: str


def display_name_of(record: Named) -> str:
    parts = (record.prefix, record.first_name, record.middle_name, record.last_name,
             record.suffix)
    name = " ".join(p.strip() for p in parts if p and p.strip())
    return name or record.nickname.strip()


def sort_source_of(record: Named) -> str:
    """Filed by last name, like a Rolodex; first name when there is none."""
    return " ".join(p for p in (record.last_name, record.first_name, record.middle_name) if p)
