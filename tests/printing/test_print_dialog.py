"""The print dialog: options drive a live preview; Save as PDF goes through the helper."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from crmdesk.records import AccountRecord
from crmdesk.services import demo
from crmdesk.services.listing import ListQuery
from crmdesk.services.printing import CARD_SIZES, card_grid


class FakeMessages:
    """Stands in for crmdesk.ui.messages.Messages: no real dialogs in tests."""

    def __init__(self, save_to: str = "") -> None:
        self.save_to = save_to
        self.errors: list[str] = []
        self.asked: list[str] = []

    def save_file(self, parent, title: str, suggested: str, filters: str) -> str:  # noqa: ANN001
        self.asked.append(title)
        return self.save_to

    def error(self, parent, title: str, text: str) -> None:  # noqa: ANN001
        self.errors.append(text)


@pytest.fixture
def filled(services):
    demo.fill(services, 40)
    return services


def make_dialog(qtbot, services, messages, **kw):
    from crmdesk.ui.printing import PrintDialog

    dialog = PrintDialog(services, messages=messages, **kw)
    qtbot.addWidget(dialog)
    return dialog


def choose(box, data) -> None:
    box.setCurrentIndex(box.findData(data))


def test_changing_the_style_updates_the_preview(qtbot, filled, tmp_path):
    dialog = make_dialog(qtbot, filled, FakeMessages())
    dialog.refresh()
    phone_pages = dialog.page_count
    assert "40 contacts" in dialog.status.text()
    with qtbot.waitSignal(dialog.preview_updated, timeout=5000) as blocker:
        choose(dialog.style_box, "cards")
    assert blocker.args == [dialog.page_count]
    assert dialog.page_count != phone_pages
    assert dialog.card_box.isEnabled() and not dialog.sheet_box.isEnabled()
    with qtbot.waitSignal(dialog.preview_updated, timeout=5000):
        choose(dialog.card_box, "business")
    page_w, page_h = dialog.prepared.options.page_size
    per_page = card_grid(page_w, page_h, CARD_SIZES["business"]).per_page
    assert dialog.page_count == -(-40 // per_page)


def test_labels_start_position_and_sheet(qtbot, filled):
    dialog = make_dialog(qtbot, filled, FakeMessages())
    with qtbot.waitSignal(dialog.preview_updated, timeout=5000):
        choose(dialog.style_box, "labels")
    with qtbot.waitSignal(dialog.preview_updated, timeout=5000):
        choose(dialog.sheet_box, "5160" if dialog.sheet_box.currentData() == "L7160"
               else "L7160")
    if dialog.sheet_box.currentData() != "L7160":
        with qtbot.waitSignal(dialog.preview_updated, timeout=5000):
            choose(dialog.sheet_box, "L7160")
    assert dialog.page_count == 2  # 40 labels, 21 a sheet
    assert dialog.start_box.maximum() == 21
    with qtbot.waitSignal(dialog.preview_updated, timeout=5000):
        dialog.start_box.setValue(5)
    assert dialog.page_count == 3
    with qtbot.waitSignal(dialog.preview_updated, timeout=5000):
        choose(dialog.sheet_box, "custom")
    assert dialog.custom_group.isVisibleTo(dialog)


def test_current_search_and_selection_are_offered(qtbot, filled):
    ids = list(filled.contacts.ids(ListQuery()))[:3]
    dialog = make_dialog(qtbot, filled, FakeMessages(), query=ListQuery(text="a"),
                         selected_ids=ids)
    assert dialog.scope_box.currentData() == "selection"
    dialog.refresh()
    assert len(dialog.prepared.contacts) == 3
    with qtbot.waitSignal(dialog.preview_updated, timeout=5000):
        choose(dialog.scope_box, "search")
    assert 0 < len(dialog.prepared.contacts) <= 40


def test_save_as_pdf_uses_the_injected_file_chooser(qtbot, filled, tmp_path):
    target = tmp_path / "phones"  # no suffix: the dialog adds .pdf
    messages = FakeMessages(str(target))
    dialog = make_dialog(qtbot, filled, messages)
    with qtbot.waitSignal(dialog.pdf_saved, timeout=20000) as blocker:
        qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    saved = Path(blocker.args[0])
    assert saved == tmp_path / "phones.pdf"
    assert saved.read_bytes().startswith(b"%PDF")
    assert messages.asked == ["Save as PDF"] and messages.errors == []


def test_cancelled_file_chooser_writes_nothing(qtbot, filled, tmp_path):
    dialog = make_dialog(qtbot, filled, FakeMessages(""))
    assert dialog.save_pdf() == ""
    assert list(tmp_path.glob("*.pdf")) == []


def test_account_summary_from_the_accounts_view(qtbot, filled):
    account_id = filled.accounts.ids(ListQuery())[0]
    dialog = make_dialog(qtbot, filled, FakeMessages(), kind="accounts",
                         selected_ids=[account_id])
    offered = [dialog.style_box.itemData(i) for i in range(dialog.style_box.count())]
    assert offered == ["account-summary", "agenda", "history"]  # no contact list styles
    choose(dialog.scope_box, "selection")
    dialog.refresh()
    assert [s.account.id for s in dialog.prepared.accounts] == [account_id]


@pytest.mark.parametrize("kind", ["accounts", "contacts"])
def test_account_summary_of_the_current_search_keeps_its_category(qtbot, services, kind):
    """Searching "fjord" within "Key account" prints the one account that is both."""
    for name, categories in (("Fjord Shipping A/S", ["Key account"]), ("Fjord Foods ApS", []),
                             ("Alpine Shipping AG", ["Key account"])):
        services.accounts.save(AccountRecord(name=name, categories=categories))
    dialog = make_dialog(qtbot, services, FakeMessages(), kind=kind,
                         query=ListQuery(text="fjord", category="Key account"))
    choose(dialog.style_box, "account-summary")
    assert dialog.scope_box.currentData() == "search"
    dialog.refresh()
    assert [s.account.name for s in dialog.prepared.accounts] == ["Fjord Shipping A/S"]
    assert dialog.prepared.subtitle == "Search “fjord”, category Key account"


def test_the_records_load_off_the_gui_thread(qtbot, filled, monkeypatch):
    """Loading 100,000 contacts takes seconds: the dialog keeps painting meanwhile."""
    import threading

    from crmdesk.services.printing import PrintData

    loaded_on: list[str] = []
    load = PrintData.contacts

    def watched(self, ids, progress=None):  # noqa: ANN001, ANN202
        loaded_on.append(threading.current_thread().name)
        return load(self, ids, progress)

    monkeypatch.setattr(PrintData, "contacts", watched)
    dialog = make_dialog(qtbot, filled, FakeMessages())
    dialog.refresh()
    assert loaded_on and threading.current_thread().name not in loaded_on
    assert "40 contacts" in dialog.status.text() and dialog.pdf_button.isEnabled()


def test_cancelling_the_load_leaves_nothing_to_print(qtbot, filled, monkeypatch):
    from crmdesk.services.printing import PrintData

    load = PrintData.contacts
    dialog = None

    def cancelled_midway(self, ids, progress=None):  # noqa: ANN001, ANN202
        if dialog is not None:
            dialog.tasks._running[-1].cancel.set()  # as the progress dialog's Cancel does
        return load(self, ids, progress)

    monkeypatch.setattr(PrintData, "contacts", cancelled_midway)
    dialog = make_dialog(qtbot, filled, FakeMessages())
    dialog.prepared = None  # choose the records again
    dialog.refresh()
    assert "cancelled" in dialog.status.text()
    assert dialog.prepared is None and not dialog.pdf_button.isEnabled()


@pytest.mark.parametrize(("region", "paper"), [("DK", "A4"), ("GB", "A4"), ("DE", "A4"),
                                                ("US", "Letter"), ("CA", "Letter")])
def test_paper_follows_the_default_region_not_an_english_locale(
        qtbot, services, monkeypatch, region: str, paper: str) -> None:
    """A Dane whose system speaks en_US (or a C locale Qt reads as en_US) has A4 in the
    printer; the region setting says where the user is."""
    from dataclasses import replace

    from PySide6.QtCore import QLocale

    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("en_US")))
    services.settings = replace(services.settings, default_region=region, paper_size="")
    dialog = make_dialog(qtbot, services, FakeMessages())
    assert dialog.paper_box.currentText() == paper
