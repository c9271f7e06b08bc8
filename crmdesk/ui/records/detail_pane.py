"""The selected record's card, with links that act when clicked, above its buttons.

A link to another record is written as its reference (``account:7``); clicking
it emits ``navigate(RecordRef)`` and the window opens that record in its view.
A ``tel:`` or ``mailto:`` link goes to the program the desktop has for it; where
there is none, the pane says so and offers to copy the number or address.
A kind's detail pane subclasses ``DetailPane`` and says what its card shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from crmdesk.kinds import Kind, RecordRef, RefError
from crmdesk.kinds.registry import parse_ref
from crmdesk.services.wiring import Services
from crmdesk.ui.messages import Messages
from crmdesk.ui.records import external

EXTERNAL_SCHEMES = {"mailto", "tel", "http", "https"}
DETAIL_WIDTH = 380  # a name, "E-mail (work)" and an address line, in the default font


class DetailPane(QWidget):
    """The card (HTML, an optional photo) and a row of buttons; Edit… is always there.
    With ``with_activities`` the card has a History tab, and ``activities`` logs calls,
    adds notes and schedules regarding the record shown."""

    with_activities: ClassVar[bool] = False

    navigate = Signal(object)  # the RecordRef of a linked record that was clicked
    edit_requested = Signal()
    #: Make a new record of a kind (its name) within this one (a RecordRef).
    create_requested = Signal(str, object)

    def __init__(self, services: Services, kind: Kind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.kind = kind
        #: how a link leaves crmdesk (False: no program takes it); tests pass a fake
        self.open_url: external.Opener = QDesktopServices.openUrl
        self.messages: Messages = Messages()  # the view hands its own on
        #: False (having told the user) while another change is being made; the view's
        self.may_write: Callable[[], bool] = lambda: True
        self.card = QWidget()
        card_layout = QVBoxLayout(self.card)
        card_layout.setContentsMargins(0, 0, 0, 0)
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
        card_layout.addLayout(top, 1)
        self._buttons = QHBoxLayout()
        self._writes: dict[QPushButton, bool] = {}
        self._writable = True
        self.record: Any = None
        card_layout.addLayout(self._buttons)
        self.edit_button = self.add_button(
            self.tr("Edit…"), self.tr("Edit this %1 (Ctrl+E)").replace("%1", kind.nouns[0]),
            self.edit_requested.emit)
        self.build()
        self._buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._with_history(self.body()) if self.with_activities
                         else self.body(), 1)

    def _with_history(self, body: QWidget) -> QWidget:
        from crmdesk.ui.activities.actions import ActivityActions
        from crmdesk.ui.activities.history import HistoryPanel

        self.activities = ActivityActions(self.services, self, self.regarding,
                                          lambda: self.messages, lambda: self.may_write())
        self.history = HistoryPanel(self.services, self.activities)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("detailTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(body, self.tr("Card"))
        self.tabs.addTab(self.history, self.tr("History"))
        return self.tabs

    def regarding(self) -> Any:
        """The shown record as its activities name it (a ``Regarding``), or None."""
        from crmdesk.services.activities import ActivityError
        from crmdesk.ui.activities.actions import Regarding

        record = self.record
        if record is None or record.id is None:
            return None
        ref = RecordRef(self.kind.name, record.id)
        phones = [p.number.strip() for p in getattr(record, "phones", []) if p.number.strip()]
        try:
            name = self.services.activities.regarded_name(ref)
        except ActivityError as exc:  # deleted by another program meanwhile
            self.messages.info(self, self.tr("Deleted meanwhile"), str(exc))
            return None
        return Regarding(ref, name, phones)

    def sizeHint(self) -> QSize:  # noqa: N802
        """As wide as a card's lines need (the splitter gives the list the rest)."""
        return QSize(DETAIL_WIDTH, super().sizeHint().height())

    def add_button(self, text: str, tip: str, action: Callable[[], Any], *,
                   writes: bool = True) -> QPushButton:
        """A button under the card, enabled while a record is shown (and, if it ``writes``,
        while no other change is being made)."""
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda _=False: action())
        self._buttons.addWidget(button)
        self._writes[button] = writes
        return button

    def set_writable(self, writable: bool) -> None:
        """Whether the buttons that change records may be used (not while a write runs)."""
        self._writable = writable
        self._enable_buttons()

    def _enable_buttons(self) -> None:
        for button, writes in self._writes.items():
            button.setEnabled(self.record is not None and (self._writable or not writes)
                              and self.button_applies(button, self.record))

    # -- what is shown -------------------------------------------------------------------
    def show_record(self, record: Any | None, empty_message: str) -> None:
        """Show this record (None: say ``empty_message``); buttons follow."""
        self.record = record
        self._enable_buttons()
        if self.with_activities:
            self.history.show_ref(RecordRef(self.kind.name, record.id)
                                  if record is not None and record.id is not None else None)
        if record is None:
            self.clear(empty_message)
        else:
            self.show_card(record)

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
        if url.scheme() in EXTERNAL_SCHEMES:
            external.open_link(self, self.messages, url, self.open_url)
            return
        try:
            ref = parse_ref(url.toString())
        except RefError:
            return
        self.navigate.emit(ref)

    # -- hooks ---------------------------------------------------------------------------
    def build(self) -> None:
        """Add the kind's own buttons (``add_button``) and widgets."""

    def body(self) -> QWidget:
        """The pane's content: the card with its buttons, or that and more below it."""
        return self.card

    def show_card(self, record: Any) -> None:
        raise NotImplementedError

    def button_applies(self, button: QPushButton, record: Any) -> bool:
        """Whether one of the kind's buttons acts on this record (Reopen on a closed one)."""
        return True
