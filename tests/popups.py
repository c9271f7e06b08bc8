"""Right-clicking as the user does, and using the menu that pops up."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QAction, QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QWidget


def right_click(widget: QWidget, pos: QPoint,
                pick: Callable[[QMenu], QAction | None] = lambda menu: None) -> list[str]:
    """Press the right button on ``widget`` at ``pos`` (which selects what is under it in a
    list) and ask for its context menu there; ``pick(menu)`` says which entry the user
    clicks (None: Esc). The menu closes before that entry acts, as Qt's own menus do.
    Returns the menu's entries as the user read them."""
    seen: list[list[str]] = []

    def use() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu), "a context menu opened"
        seen.append(entries(menu))
        chosen = None
        try:
            chosen = pick(menu)
        finally:
            menu.close()
        if chosen is not None:
            chosen.trigger()

    QTest.mousePress(widget, Qt.MouseButton.RightButton, pos=pos)
    QTest.mouseRelease(widget, Qt.MouseButton.RightButton, pos=pos)
    QTimer.singleShot(0, use)
    QApplication.sendEvent(widget, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos,
                                                     widget.mapToGlobal(pos)))
    assert seen, "the menu was used"
    return seen[0]


def entries(menu: QMenu) -> list[str]:
    """The menu's entries as the user reads them (submenus by their title; no separators)."""
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def entry(menu: QMenu, *path: str) -> QAction:
    """The enabled entry at ``path``: ("Add to category", "Newsletter")."""
    *submenus, text = path
    for title in submenus:
        found = next(a for a in menu.actions() if a.text() == title).menu()
        assert isinstance(found, QMenu)
        menu = found
    action = next(a for a in menu.actions() if a.text() == text)
    assert action.isEnabled(), f"{text} is enabled"
    return action


class UrlCatcher(QObject):
    """Stands in for the dialler and the mail program (``QDesktopServices.setUrlHandler``)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())
