"""Handing a phone number, an e-mail address or a web page to the desktop's programs.

The detail card's links and the row menu's Call and Write e-mail all go through
``open_link``: where no program takes a ``tel:`` or ``mailto:`` link (many desktops
have no dialler), the user is told so and offered the number or address to paste.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QWidget

from crmdesk.ui.messages import Messages

#: How a link leaves crmdesk: True if a program took it (tests pass a fake).
Opener = Callable[[QUrl], bool]


def _tr(text: str) -> str:
    return QCoreApplication.translate("Links", text)


def open_link(parent: QWidget, messages: Messages, url: QUrl,
              opener: Opener = QDesktopServices.openUrl) -> None:
    """Open ``url`` in the program the desktop has for it; for a phone or mail link no
    program takes, say so and offer to copy what it holds."""
    if opener(url) or url.scheme() not in ("tel", "mailto"):
        return
    value = url.path()  # tel:+4533123456 -> +4533123456; mailto:a@b.dk -> a@b.dk
    if url.scheme() == "tel":
        title, action = _tr("Call"), _tr("Copy number")
        text = _tr("No program on this computer makes calls from phone links; "
                   "copy the number %1 to the clipboard instead?")
    else:
        title, action = _tr("Write e-mail"), _tr("Copy address")
        text = _tr("No program on this computer writes e-mail from mail links; "
                   "copy the address %1 to the clipboard instead?")
    if messages.confirm(parent, title, text.replace("%1", value), action):
        QGuiApplication.clipboard().setText(value)
