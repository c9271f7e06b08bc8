"""The lazy table model on its own, over a lister that needs no database: it pages, keeps a
bounded cache, lets the database sort, and tells its views row by row what changed."""

from __future__ import annotations

from array import array
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from crmdesk.kinds.parties import CONTACT
from crmdesk.services.listing import ListQuery
from crmdesk.ui.records.table_model import (
    CHANGED_ROLES,
    ID_ROLE,
    MAX_CACHED_PAGES,
    PAGE_SIZE,
    ROW_ROLE,
    RecordTableModel,
)


@dataclass(frozen=True)
class Row:
    id: int
    display_name: str
    company: str = ""
    job_title: str = ""
    phone: str = ""
    email: str = ""
    city: str = ""


class FakeLister:
    """Contacts in memory: ``names[id]``; records every query and every page it served."""

    kind = CONTACT

    def __init__(self, count: int) -> None:
        self.names = {i: f"Person {i:06d}" for i in range(1, count + 1)}
        self.queries: list[ListQuery] = []
        self.pages: list[list[int]] = []

    def ids(self, query: ListQuery, limit: int | None = None) -> array:
        self.queries.append(query)
        key = {"name": lambda i: self.names[i], "city": lambda i: -i}[query.sort]
        return array("q", sorted(self.names, key=key, reverse=query.descending))

    def rows(self, ids) -> list[Row]:  # noqa: ANN001
        self.pages.append(list(ids))
        return [Row(i, self.names[i]) for i in ids if i in self.names]


@pytest.fixture
def model(qtbot):
    lister = FakeLister(PAGE_SIZE * (MAX_CACHED_PAGES + 5))
    model = RecordTableModel(lister)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_query(ListQuery())
    return model


def names(model: RecordTableModel, rows: range) -> list[str]:
    return [model.index(r, 0).data() for r in rows]


def test_rows_are_read_a_page_at_a_time_as_the_view_asks(model) -> None:
    lister = model._lister
    lister.pages.clear()
    assert model.rowCount() == PAGE_SIZE * (MAX_CACHED_PAGES + 5)
    assert model.index(0, 0).data() == "Person 000001"
    assert model.index(PAGE_SIZE - 1, 0).data(ID_ROLE) == PAGE_SIZE
    assert lister.pages == [list(range(1, PAGE_SIZE + 1))]  # one page, asked once
    last = model.rowCount() - 1
    assert model.index(last, 0).data(ROW_ROLE).id == last + 1
    assert len(lister.pages) == 2


def test_the_cache_keeps_the_pages_used_last_and_forgets_the_oldest(model) -> None:
    lister = model._lister
    for page in range(MAX_CACHED_PAGES + 1):
        model.index(page * PAGE_SIZE, 0).data()
    lister.pages.clear()
    model.index(MAX_CACHED_PAGES * PAGE_SIZE, 0).data()  # still cached
    assert lister.pages == []
    model.index(0, 0).data()  # the first page was the oldest: forgotten, read again
    assert lister.pages == [list(range(1, PAGE_SIZE + 1))]


def test_sorting_asks_the_database_for_the_whole_result(model) -> None:
    lister = model._lister
    model.sort(5, Qt.SortOrder.DescendingOrder)  # the City column
    assert lister.queries[-1] == ListQuery(sort="city", descending=True)
    assert model.index(0, 0).data(ID_ROLE) == 1  # our fake sorts "city" by -id
    model.sort(5, Qt.SortOrder.DescendingOrder)  # the same order again: no new query
    assert len([q for q in lister.queries if q.sort == "city"]) == 1


def test_a_new_record_is_inserted_where_the_sort_puts_it(qtbot, model) -> None:
    lister = model._lister
    lister.names[99_999] = "Person 000002½"  # sorts right after Person 000002
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        model.reload([99_999])
    assert inserted.args[1:] == [2, 2]  # first and last row, last inclusive
    assert names(model, range(4)) == ["Person 000001", "Person 000002", "Person 000002½",
                                      "Person 000003"]


def test_deleted_records_go_as_runs_of_rows(qtbot, model) -> None:
    lister = model._lister
    for gone in (3, 4, 5, 9):
        del lister.names[gone]
    removed: list[tuple[int, int]] = []
    model.rowsRemoved.connect(lambda _parent, first, last: removed.append((first, last)))
    model.reload()
    assert removed == [(8, 8), (2, 4)]  # from the end, so earlier row numbers stay true
    assert [model.id_at(r) for r in range(6)] == [1, 2, 6, 7, 8, 10]


def test_an_edited_row_says_which_roles_changed(qtbot, model) -> None:
    lister = model._lister
    model.index(1, 0).data()
    lister.names[2] = "Person 000002 (married name)"  # same place in the sort
    with qtbot.waitSignal(model.dataChanged) as changed:
        with qtbot.assertNotEmitted(model.modelReset):
            model.reload([2])
    top_left, bottom_right, roles = changed.args
    assert (top_left.row(), bottom_right.row()) == (1, 1)
    assert (top_left.column(), bottom_right.column()) == (0, model.columnCount() - 1)
    assert roles == CHANGED_ROLES
    assert model.index(1, 0).data() == "Person 000002 (married name)"


def test_an_edit_that_moves_the_row_removes_and_inserts_it(qtbot, model) -> None:
    lister = model._lister
    lister.names[1] = "Person 000004½"
    moves: list[str] = []
    model.rowsRemoved.connect(lambda _p, first, last: moves.append(f"-{first}"))
    model.rowsInserted.connect(lambda _p, first, last: moves.append(f"+{first}"))
    with qtbot.assertNotEmitted(model.modelReset):
        model.reload([1])
    assert moves == ["-0", "+3"]
    assert [model.id_at(r) for r in range(5)] == [2, 3, 4, 1, 5]


def test_a_change_it_cannot_follow_row_by_row_resets_the_model(qtbot, model) -> None:
    lister = model._lister
    lister.names = {i: f"Z{10**8 - i:09d}" for i in lister.names}  # the order turns round
    with qtbot.waitSignal(model.modelReset):
        model.reload()
    assert model.id_at(0) == max(lister.names)


def test_headers_are_the_kinds_column_titles(model) -> None:
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in
              range(model.columnCount())]
    assert titles == [c.title for c in CONTACT.columns]
    assert model.rowCount(model.index(0, 0)) == 0 and not model.index(0, 0).parent().isValid()
    assert model.data(QModelIndex()) is None
