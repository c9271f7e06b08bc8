"""When the database cannot do what was asked (busy, full, read-only, damaged, the record
deleted meanwhile), the services say so in a sentence with no SQL in it, and change
nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from storage_faults import fill_up, hold_write_lock, make_read_only

from crmdesk.services.errors import GoneError, StorageError, storage_problem

FAILURES = {
    "busy": (hold_write_lock, "The database is busy"),
    "full": (fill_up, "The disk holding the database is full"),
    "read-only": (make_read_only, "The database cannot be written"),
}


def assert_sentence(exc: BaseException, start: str) -> None:
    text = str(exc)
    assert text.startswith(start)
    for leak in ("[SQL", "INSERT", "UPDATE", "DELETE", "parameters", "sqlite3."):
        assert leak not in text


@pytest.mark.parametrize("failure", FAILURES)
def test_saving_a_contact_when_the_database_cannot_write(services, contact_factory,
                                                         failure: str) -> None:
    saved = services.contacts.save(contact_factory())
    make, start = FAILURES[failure]
    other = make(services)
    saved.notes = "Met at the fair. " * 20000  # needs new pages
    saved.job_title = "Head of Purchasing"
    try:
        with pytest.raises(StorageError) as caught:
            services.contacts.save(saved)
        with pytest.raises(StorageError):
            services.contacts.save(contact_factory("Bo", "Holm", notes=saved.notes))
    finally:
        if other is not None:
            other.rollback()
            other.close()
    assert_sentence(caught.value, start)
    services.db.engine.dispose()
    assert services.contacts.get(saved.id).job_title == "Purchasing Manager"
    assert services.contacts.count() == 1


@pytest.mark.parametrize("failure", ["busy", "read-only"])
def test_deleting_when_the_database_cannot_write(services, contact_factory,
                                                 failure: str) -> None:
    contact = services.contacts.save(contact_factory())
    account_id = contact.account_id
    make, start = FAILURES[failure]
    other = make(services)
    try:
        with pytest.raises(StorageError) as caught:
            services.contacts.delete([contact.id])
        with pytest.raises(StorageError):
            services.accounts.delete([account_id])
    finally:
        if other is not None:
            other.rollback()
            other.close()
    assert_sentence(caught.value, start)
    assert services.contacts.count() == 1 and services.accounts.count() == 1


def test_saving_an_account_when_the_database_is_busy(services) -> None:
    from crmdesk.records import AccountRecord

    account = services.accounts.save(AccountRecord(name="Ærø Shipping ApS"))
    other = hold_write_lock(services)
    account.industry = "Shipping"
    try:
        with pytest.raises(StorageError) as caught:
            services.accounts.save(account)
    finally:
        other.rollback()
        other.close()
    assert_sentence(caught.value, "The database is busy")


def test_saving_a_contact_deleted_meanwhile_says_it_is_gone(services, contact_factory) -> None:
    saved = services.contacts.save(contact_factory())
    services.contacts.delete([saved.id])
    saved.job_title = "Changed"
    for validate in (True, False):
        with pytest.raises(GoneError, match=r"^This contact was deleted by another program "
                                            r"\(or window\) after you opened it"):
            services.contacts.save(saved, validate=validate)


def test_saving_an_account_deleted_meanwhile_says_it_is_gone(services) -> None:
    from crmdesk.records import AccountRecord

    account = services.accounts.save(AccountRecord(name="Ærø Shipping ApS"))
    services.accounts.delete([account.id])
    for validate in (True, False):
        with pytest.raises(GoneError, match=r"^This account was deleted by another program"):
            services.accounts.save(account, validate=validate)


def test_a_damaged_file_reads_as_restore_from_a_backup(tmp_path: Path) -> None:
    bogus = tmp_path / "sales.db"
    bogus.write_bytes(b"this is not an SQLite file at all" * 200)
    with pytest.raises(sqlite3.DatabaseError) as caught:
        sqlite3.connect(bogus).execute("SELECT * FROM sqlite_master").fetchall()
    assert storage_problem(caught.value).startswith("The database file is damaged")
    assert storage_problem(ValueError("not from the database")) is None
