"""The window's width goes to the list: the card beside it takes what it needs, and the
Rolodex cards fill their rows."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from crmdesk.ui.main_window import MainWindow


def resized(qtbot, window, width: int, height: int) -> None:
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width)
    QApplication.processEvents()


def test_a_wider_window_widens_the_list_not_the_card(qtbot, main_window) -> None:
    view = main_window.contacts
    resized(qtbot, main_window, 1280, 800)
    list_width, card_width = view.splitter.sizes()
    assert list_width > 2 * card_width  # not half the window for one card
    assert card_width >= 300
    resized(qtbot, main_window, 1920, 1080)
    wider_list, same_card = view.splitter.sizes()
    assert same_card == card_width and wider_list > list_width + 500


def test_the_split_the_user_chose_is_remembered(qtbot, services, messages) -> None:
    first = MainWindow(services, messages)
    qtbot.addWidget(first)
    first.show()
    resized(qtbot, first, 1280, 800)
    total = sum(first.contacts.splitter.sizes())
    first.contacts.splitter.setSizes([total - 520, 520])
    first.close()
    second = MainWindow(services, messages)
    qtbot.addWidget(second)
    second.show()
    resized(qtbot, second, 1280, 800)
    assert second.contacts.splitter.sizes()[1] == 520


def test_the_card_grid_fills_the_width(qtbot, main_window) -> None:
    view = main_window.contacts
    view.set_mode(1)
    per_row = {}
    for width in (1280, 1920):
        resized(qtbot, main_window, width, 900)
        cards = view.cards
        space = cards.viewport().width()
        card = cards.visualRect(view.model.index(0, 0))
        in_row = sum(1 for r in range(20)
                     if cards.visualRect(view.model.index(r, 0)).top() == card.top())
        per_row[width] = in_row
        assert space - in_row * card.width() < card.width() // 4  # no empty strip at the right
    assert per_row[1920] > per_row[1280]
