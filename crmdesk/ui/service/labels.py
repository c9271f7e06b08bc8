"""The words cases and campaigns are labelled with, marked for translation where they are
declared (context "Service") and translated where they are shown."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from crmdesk.kinds.registry import kind_named
from crmdesk.ui.sales.labels import label as sales_label

CASE_TYPES = {
    "question": QT_TRANSLATE_NOOP("Service", "Question"),
    "problem": QT_TRANSLATE_NOOP("Service", "Problem"),
    "request": QT_TRANSLATE_NOOP("Service", "Request"),
}
CASE_ORIGINS = {
    "phone": QT_TRANSLATE_NOOP("Service", "Phone"),
    "email": QT_TRANSLATE_NOOP("Service", "E-mail"),
    "web": QT_TRANSLATE_NOOP("Service", "Web"),
}
CASE_PRIORITIES = {
    "low": QT_TRANSLATE_NOOP("Service", "Low"),
    "normal": QT_TRANSLATE_NOOP("Service", "Normal"),
    "high": QT_TRANSLATE_NOOP("Service", "High"),
    "urgent": QT_TRANSLATE_NOOP("Service", "Urgent"),
}
CASE_STATUSES = {
    "new": QT_TRANSLATE_NOOP("Service", "New"),
    "in_progress": QT_TRANSLATE_NOOP("Service", "In progress"),
    "waiting": QT_TRANSLATE_NOOP("Service", "Waiting"),
    "resolved": QT_TRANSLATE_NOOP("Service", "Resolved"),
    "cancelled": QT_TRANSLATE_NOOP("Service", "Cancelled"),
}
CAMPAIGN_TYPES = {
    "email": QT_TRANSLATE_NOOP("Service", "E-mail"),
    "direct_mail": QT_TRANSLATE_NOOP("Service", "Direct mail"),
    "event": QT_TRANSLATE_NOOP("Service", "Event"),
    "advertisement": QT_TRANSLATE_NOOP("Service", "Advertisement"),
    "telemarketing": QT_TRANSLATE_NOOP("Service", "Telemarketing"),
    "other": QT_TRANSLATE_NOOP("Service", "Other"),
}
CAMPAIGN_STATUSES = {
    "planned": QT_TRANSLATE_NOOP("Service", "Planned"),
    "active": QT_TRANSLATE_NOOP("Service", "Active"),
    "completed": QT_TRANSLATE_NOOP("Service", "Completed"),
    "cancelled": QT_TRANSLATE_NOOP("Service", "Cancelled"),
}
RESPONSE_CHANNELS = {
    "email": QT_TRANSLATE_NOOP("Service", "E-mail"),
    "phone": QT_TRANSLATE_NOOP("Service", "Phone"),
    "web": QT_TRANSLATE_NOOP("Service", "Web"),
    "mail": QT_TRANSLATE_NOOP("Service", "Mail"),
    "event": QT_TRANSLATE_NOOP("Service", "Event"),
    "other": QT_TRANSLATE_NOOP("Service", "Other"),
}
MEMBER_KIND_NAMES = {
    "contact": QT_TRANSLATE_NOOP("Service", "Contacts"),
    "account": QT_TRANSLATE_NOOP("Service", "Accounts"),
    "lead": QT_TRANSLATE_NOOP("Service", "Leads"),
}


def label(table: dict[str, str], value: object) -> str:
    """The shown name of an enum value (or its text) from one of the tables above."""
    return sales_label(table, value, "Service")


def kind_noun(kind: str) -> str:
    """One record of a kind as the user reads it ("contact"), as its list names it."""
    return QCoreApplication.translate("Kinds", kind_named(kind).nouns[0])
