"""The card of the selected contact or account, with links that act when clicked."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

EXTERNAL_SCHEMES = {"mailto", "tel", "http", "https"}


def card_with_buttons(pane: DetailPane, buttons: list[tuple[str, str, Callable[[], None]]],
                      ) -> tuple[QWidget, list[QPushButton]]:
    """The card above a row of buttons (text, tooltip, action), as both views show it."""
    host = QWidget()
    layout = QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(pane, 1)
    row = QHBoxLayout()
    made = []
    for text, tip, action in buttons:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda _=False, action=action: action())
        row.addWidget(button)
        made.append(button)
    row.addStretch()
    layout.addLayout(row)
    return host, made


class DetailPane(QWidget):
    """Shows card HTML; ``contact:ID`` / ``account:ID`` links ask to navigate."""

    navigate = Signal(str, int)  # kind, id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.photo = QLabel()
        self.photo.setFixedSize(72, 72)
        self.photo.hide()
        top.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._clicked)
        self.browser.setObjectName("detailCard")
        top.addWidget(self.browser, 1)
        layout.addLayout(top, 1)
        self.opened_urls: list[str] = []  # what was handed to the desktop, for the status bar

    def show_html(self, html: str, photo: bytes | None = None) -> None:
        self.browser.setHtml(html)
        pixmap = QPixmap()
        if photo and pixmap.loadFromData(photo):
            self.photo.setPixmap(pixmap.scaled(72, 72, Qt.AspectRatioMode.KeepAspectRatio,
                                               Qt.TransformationMode.SmoothTransformation))
            self.photo.show()
        else:
            self.photo.hide()

    def clear(self, message: str = "") -> None:
        self.browser.setHtml(f'<p style="color:#777">{message}</p>' if message else "")
        self.photo.hide()

    def _clicked(self, url: QUrl) -> None:
        scheme = url.scheme()
        if scheme in ("contact", "account"):
            target = url.path() or url.toString().split(":", 1)[1]
            if target.isdigit():
                self.navigate.emit(scheme, int(target))
            return
        if scheme in EXTERNAL_SCHEMES:
            self.opened_urls.append(url.toString())
            QDesktopServices.openUrl(url)
