"""The Rolodex tabs are the user's alphabet: a Dane finds Østergaard behind the Ø tab."""

from __future__ import annotations

from PySide6.QtCore import Qt

from crmdesk.records import ContactRecord


def click_tab(qtbot, view, letter: str) -> None:
    tab = view.alphabet
    qtbot.mouseClick(tab, Qt.MouseButton.LeftButton,
                     pos=tab.tabRect(tab.labels().index(letter)).center())


def shown(view) -> list[str]:
    rows = view.services.contacts.rows([view.model.id_at(r)
                                        for r in range(view.model.rowCount())])
    return [r.display_name for r in rows]


def test_a_danish_user_clicks_the_oe_tab_and_finds_oestergaard(qtbot, main_window) -> None:
    view = main_window.contacts
    for last in ("Østergaard", "Aagaard", "Olesen"):
        view.services.contacts.save(ContactRecord(first_name="Tove", last_name=last))
    main_window.show_database_changed()
    tab = view.alphabet
    assert tab.labels()[-4:] == ("Æ", "Ø", "Å", "#")
    click_tab(qtbot, view, "Ø")
    assert view.alphabet.letter() == "Ø"
    assert "Tove Østergaard" in shown(view)
    assert not {"Tove Aagaard", "Tove Olesen"} & set(shown(view))
    assert tab.isTabEnabled(tab.labels().index("Å"))  # Aagaard is filed there
    click_tab(qtbot, view, "Å")
    assert "Tove Aagaard" in shown(view)


def test_a_new_region_refiles_the_tabs_and_drops_a_letter_it_has_no_more(
        qtbot, main_window) -> None:
    view = main_window.contacts
    view.services.contacts.save(ContactRecord(first_name="Tove", last_name="Østergaard"))
    main_window.show_database_changed()
    click_tab(qtbot, view, "Ø")
    main_window.services.settings.default_region = "DE"
    assert main_window.follow_sort_language()
    assert view.alphabet.labels()[-2:] == ("Z", "#")
    assert view.alphabet.letter() == "" and view.model.rowCount() == view.services.contacts.count()
    click_tab(qtbot, view, "O")
    assert "Tove Østergaard" in shown(view)
