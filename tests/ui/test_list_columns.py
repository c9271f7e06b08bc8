"""A salesperson picks the list's columns on its header, and finds them as left next time."""

from __future__ import annotations

from datetime import UTC

from popups import entry, right_click
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from crmdesk.ui.main_window import MainWindow

CONTACT_COLUMNS = ["Name", "Company", "Job title", "Phone", "E-mail", "City", "Country",
                   "Categories", "Modified"]


def column_of(view, key: str) -> int:
    return next(i for i, c in enumerate(view.model.columns) if c.key == key)


def cells(view, key: str) -> list[str]:
    col = column_of(view, key)
    return [view.model.index(r, col).data() for r in range(view.model.rowCount())]


def shown_titles(view) -> list[str]:
    header = view.table.horizontalHeader()
    return [view.model.headerData(i, Qt.Orientation.Horizontal)
            for i in sorted(range(header.count()), key=header.visualIndex)
            if not header.isSectionHidden(i)]


def test_right_click_on_the_header_shows_the_columns_to_pick_from(qtbot, main_window) -> None:
    view = main_window.contacts
    header = view.table.horizontalHeader()
    assert shown_titles(view) == CONTACT_COLUMNS[:6]
    offered: list[tuple[str, bool, bool]] = []

    def look_and_pick(menu: QMenu) -> QAction:
        offered.extend((a.text(), a.isChecked(), a.isEnabled()) for a in menu.actions())
        return entry(menu, "Country")

    right_click(header.viewport(), QPoint(20, 5), look_and_pick)
    assert [text for text, _, _ in offered] == CONTACT_COLUMNS
    assert offered[0] == ("Name", True, False)  # always shown
    assert [checked for _, checked, _ in offered] == [True] * 6 + [False] * 3
    assert shown_titles(view) == CONTACT_COLUMNS[:7]
    contacts = view.services.contacts
    first = contacts.get(view.model.id_at(0))
    country = next((a.country for a in first.addresses if a.country), "")
    assert cells(view, "country")[0] == {"DK": "Denmark", "DE": "Germany", "GB": "United Kingdom",
                                         "FR": "France"}.get(country, country)
    assert set(cells(view, "country")) <= {"Denmark", "Germany", "United Kingdom", "France",
                                           "Sweden", "Norway", ""}
    view.columns.menu().actions()[column_of(view, "job_title")].trigger()
    assert "Job title" not in shown_titles(view)


def test_the_name_column_cannot_be_hidden(qtbot, main_window) -> None:
    view = main_window.contacts
    name = view.columns.menu().actions()[0]
    assert not name.isEnabled()
    view.columns.show_column(0, False)
    assert shown_titles(view)[0] == "Name"


def test_categories_and_modified_show_as_the_user_reads_them(qtbot, main_window) -> None:
    view = main_window.contacts
    view.services.settings.date_format = "%d.%m.%Y"
    for key in ("categories", "modified"):
        view.columns.show_column(column_of(view, key), True)
    contacts = view.services.contacts
    for row in range(view.model.rowCount()):
        record = contacts.get(view.model.id_at(row))
        assert cells(view, "categories")[row] == ", ".join(sorted(record.categories,
                                                                  key=str.casefold))
    stored = contacts.rows([view.model.id_at(0)])[0].modified
    local = stored.replace(tzinfo=UTC).astimezone()
    assert cells(view, "modified")[0] == local.strftime("%d.%m.%Y %H:%M")


def test_sorting_by_modified_and_a_click_on_a_column_that_cannot_sort(qtbot, main_window) -> None:
    view = main_window.contacts
    header = view.table.horizontalHeader()
    contacts = view.services.contacts
    for key in ("country", "modified"):
        view.columns.show_column(column_of(view, key), True)
    names_before = cells(view, "name")
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(column_of(view, "country")) + 10,
                                5))
    assert cells(view, "name") == names_before
    assert header.sortIndicatorSection() == column_of(view, "name")
    view.table.sortByColumn(column_of(view, "modified"), Qt.SortOrder.DescendingOrder)
    stamps = [contacts.rows([i])[0].modified for i in (view.model.id_at(r)
                                                        for r in range(view.model.rowCount()))]
    assert stamps == sorted(stamps, reverse=True)


def test_widths_order_visibility_and_sort_are_remembered(qtbot, services, messages) -> None:
    first = MainWindow(services, messages)
    qtbot.addWidget(first)
    view = first.contacts
    header = view.table.horizontalHeader()
    view.columns.show_column(column_of(view, "country"), True)
    view.columns.show_column(column_of(view, "job_title"), False)
    header.moveSection(header.visualIndex(column_of(view, "email")), 1)
    view.table.setColumnWidth(column_of(view, "phone"), 222)
    view.table.sortByColumn(column_of(view, "city"), Qt.SortOrder.DescendingOrder)
    first.close()

    second = MainWindow(services, messages)
    qtbot.addWidget(second)
    again = second.contacts
    assert shown_titles(again) == ["Name", "E-mail", "Company", "Phone", "City", "Country"]
    assert again.table.columnWidth(column_of(again, "phone")) == 222
    assert (again.model.query.sort, again.model.query.descending) == ("city", True)
    assert again.table.horizontalHeader().sortIndicatorSection() == column_of(again, "city")
