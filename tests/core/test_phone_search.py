"""A number is found by how people remember it: its last digits, without the area code.

Caller ID shows a number; a salesperson remembers "the one ending 93 58".  Search
by a suffix must find it, and list the people whose number ends so before those
whose number merely starts that way in one of its forms.
"""

from __future__ import annotations

import sqlite3

import pytest

from crmdesk import db
from crmdesk.records import ContactRecord, PhoneEntry
from crmdesk.services.listing import ListQuery
from crmdesk.services.wiring import Services
from crmdesk.settings import Settings


def _person(services: Services, first: str, last: str, *numbers: str,
            validate: bool = True) -> int:
    saved = services.contacts.save(ContactRecord(
        first_name=first, last_name=last, phones=[PhoneEntry(n, "work") for n in numbers]),
        validate=validate)
    assert saved.id is not None
    return saved.id


def _names(services: Services, text: str) -> list[str]:
    return [hit.display_name for hit in services.search.search(text)]


@pytest.mark.parametrize("typed", ["9358", "93 58", "4569358", "456 9358", "264 4569358",
                                   "02644569358", "+44 264 4569358", "0044 264 4569358"])
def test_a_british_number_is_found_by_its_end_and_without_its_area_code(
        services: Services, typed: str) -> None:
    _person(services, "Oliver", "Grant", "+44 264 4569358")
    _person(services, "Mette", "Hansen", "+45 33 12 34 56")
    assert _names(services, typed) == ["Oliver Grant"]


def test_the_number_that_ends_in_the_digits_comes_before_one_that_starts_with_them(
        services: Services) -> None:
    _person(services, "Anders", "Bak", "22 33 44 55")  # sorts first by name
    ends = _person(services, "Zenia", "Ørum", "+45 40 50 22 33")
    _person(services, "Bo", "Kjær", "+45 70 70 70 70")
    assert _names(services, "22 33") == ["Zenia Ørum", "Anders Bak"]
    assert services.contacts.ids(ListQuery(text="2233"))[0] == ends
    # the list's own order still holds among equals
    assert services.contacts.ids(ListQuery(text="2233", descending=True))[0] == ends


def test_a_number_kept_as_typed_is_found_by_its_end_too(services: Services) -> None:
    _person(services, "Kaya", "Demir", "ext 4711 (reception)", validate=False)
    assert _names(services, "4711") == ["Kaya Demir"]


def test_an_account_is_found_by_its_switchboard_ending(services: Services) -> None:
    from crmdesk.records import AccountRecord

    services.accounts.save(AccountRecord(name="Jysk Logistics A/S",
                                         phones=[PhoneEntry("+45 89 30 30 30", "main")]))
    assert _names(services, "3030") == ["Jysk Logistics A/S"]


def test_an_older_database_gets_suffix_search_when_it_is_upgraded(tmp_path) -> None:
    path = tmp_path / "old.db"
    url = "sqlite:///" + str(path)
    services = Services.open(url, Settings(default_region="DK"))
    _person(services, "Oliver", "Grant", "+44 264 4569358", "+44 20 7946 0958")
    _person(services, "Mette", "Hansen", "33 12 34 56")
    _person(services, "Kaya", "Demir", "ext 4711 (reception)", validate=False)
    services.close()
    with sqlite3.connect(path) as conn:
        derived = conn.execute("SELECT id, search_text FROM contact ORDER BY id").fetchall()
    engine = db.make_engine(url)
    _downgrade(engine, "0005")
    engine.dispose()
    with sqlite3.connect(path) as conn:
        old = conn.execute("SELECT id, search_text FROM contact ORDER BY id").fetchall()
    assert old != derived and "\ue000" not in repr(old)  # as 0005 left it

    services = Services.open(url, Settings(default_region="DK"))
    assert _names(services, "9358") == ["Oliver Grant"]
    services.close()
    with sqlite3.connect(path) as conn:
        upgraded = conn.execute("SELECT id, search_text FROM contact ORDER BY id").fetchall()
    assert upgraded == derived  # the text a save derives, word for word


def _downgrade(engine, revision: str) -> None:  # noqa: ANN001
    from alembic import command

    cfg = db._alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
