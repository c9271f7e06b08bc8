"""The words leads and opportunities are labelled with, marked for translation where they
are declared (context "Sales") and translated where they are shown."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

LEAD_SOURCES = {
    "web": QT_TRANSLATE_NOOP("Sales", "Web"),
    "referral": QT_TRANSLATE_NOOP("Sales", "Referral"),
    "trade_show": QT_TRANSLATE_NOOP("Sales", "Trade show"),
    "campaign": QT_TRANSLATE_NOOP("Sales", "Campaign"),
    "cold_call": QT_TRANSLATE_NOOP("Sales", "Cold call"),
    "other": QT_TRANSLATE_NOOP("Sales", "Other"),
}
LEAD_RATINGS = {
    "hot": QT_TRANSLATE_NOOP("Sales", "Hot"),
    "warm": QT_TRANSLATE_NOOP("Sales", "Warm"),
    "cold": QT_TRANSLATE_NOOP("Sales", "Cold"),
}
LEAD_STATUSES = {
    "new": QT_TRANSLATE_NOOP("Sales", "New"),
    "contacted": QT_TRANSLATE_NOOP("Sales", "Contacted"),
    "qualified": QT_TRANSLATE_NOOP("Sales", "Qualified"),
    "disqualified": QT_TRANSLATE_NOOP("Sales", "Disqualified"),
}
OPPORTUNITY_STATUSES = {
    "open": QT_TRANSLATE_NOOP("Sales", "Open"),
    "won": QT_TRANSLATE_NOOP("Sales", "Won"),
    "lost": QT_TRANSLATE_NOOP("Sales", "Lost"),
}


def sales_text(text: str) -> str:
    """A label of the tables above in the user's language (context "Sales")."""
    return QCoreApplication.translate("Sales", text)


def label(table: dict[str, str], value: object, context: str = "Sales") -> str:
    """The shown name of an enum value (or its text) from one of the tables above (or
    another module's, declared in ``context``)."""
    key = str(getattr(value, "value", value))
    return QCoreApplication.translate(context, table[key]) if key in table else key
