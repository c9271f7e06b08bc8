"""Handing a phone number or an e-mail address to the desktop's dialler or mail program."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from crmdesk.services.card_format import tel_url


def open_link(url: str) -> bool:
    """Open a ``tel:``, ``mailto:`` or web link in the program the desktop has for it;
    False if none took it. Every Call and Write e-mail of the list's menu goes through
    here."""
    return QDesktopServices.openUrl(QUrl(url))


def call(number: str) -> bool:
    return open_link(tel_url(number))


def write_to(address: str) -> bool:
    return open_link(f"mailto:{address.strip()}")
