"""The sections of an account summary below the account's own details.

Each kind of record related to an account (its contacts, its sub-accounts, and
the activities, opportunities or cases to come) prints as one titled table, and
only when the account has some: a summary never promises what is not there. A
new kind adds its rows to ``AccountSummary`` and one builder to ``SECTIONS``;
the painter needs no change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from crmdesk.services.printing.data import AccountSummary


@dataclass(frozen=True)
class SummarySection:
    """A titled table; the first cell of each row names the record and is printed bold."""

    title: str  # in English; the painter translates it (context "AccountSummary")
    starts: tuple[float, ...]  # where each column starts, as a fraction of the width
    rows: tuple[tuple[str, ...], ...]


def contacts_section(summary: AccountSummary) -> SummarySection:
    return SummarySection("Contacts", (0.0, 0.30, 0.55, 0.75), tuple(
        (p.name, p.job_title, p.phones[0][1] if p.phones else "",
         p.emails[0][1] if p.emails else "") for p in summary.contacts))


def sub_accounts_section(summary: AccountSummary) -> SummarySection:
    return SummarySection("Sub-accounts", (0.0, 0.55), tuple(
        (name, city) for name, city in summary.sub_accounts))


SECTIONS: tuple[Callable[[AccountSummary], SummarySection], ...] = (
    contacts_section,
    sub_accounts_section,
)


def summary_sections(summary: AccountSummary) -> list[SummarySection]:
    """The sections this account has rows for, in print order."""
    return [section for build in SECTIONS if (section := build(summary)).rows]
