"""Saving, finding and deleting contacts through the services, without any window."""

import sqlite3
import subprocess
import sys

import pytest

from crmdesk.records import CustomField, EmailEntry, PhoneEntry, Relationship
from crmdesk.services.errors import StaleEditError
from crmdesk.services.listing import ListQuery
from crmdesk.services.validation import ValidationError


def names(services, text: str) -> list[str]:
    return [h.display_name for h in services.search.search(text)]


def test_a_saved_contact_comes_back_whole(services, contact_factory) -> None:
    saved = services.contacts.save(contact_factory(
        relationships=[Relationship.CUSTOMER, Relationship.PARTNER], categories=["VIP"],
        notes="Met at the fair, wants a quote", nickname="Sø"))
    again = services.contacts.get(saved.id)
    assert again.first_name == "Søren" and again.last_name == "Müller"
    assert again.company == "Novo Nordisk A/S" and again.account_id is not None
    assert [p.number for p in again.phones] == ["+45 33 12 34 56"]
    assert again.relationships == [Relationship.CUSTOMER, Relationship.PARTNER]
    assert again.categories == ["VIP"]
    assert again.version == 1


def test_typing_a_company_reuses_the_account_ignoring_case_and_spacing(services,
                                                                        contact_factory):
    a = services.contacts.save(contact_factory("Anne", "Holm", company="Novo  Nordisk a/s"))
    b = services.contacts.save(contact_factory("Bent", "Dahl"))
    assert a.account_id == b.account_id
    assert services.accounts.count() == 1


@pytest.mark.parametrize(
    "query",
    ["sorensen", "Søren", "muller", "mueller", "arhus", "aarhus", "+45 33 12 34 56",
     "33123456", "3312", "novo", "purchas", "example.dk", "soren@exa"],
)
def test_search_finds_a_contact_by_any_spelling(services, contact_factory, query) -> None:
    services.contacts.save(contact_factory("Søren", "Müller"))
    services.contacts.save(contact_factory("Søren", "Sørensen", company="Mærsk",
                                           phones=[PhoneEntry("+45 70 10 20 30")],
                                           emails=[EmailEntry("ss@maersk.com")]))
    services.contacts.save(contact_factory("Bent", "Dahl", company="Lego", job_title="", phones=[],
                                           emails=[], addresses=[]))
    found = names(services, query)
    assert found and "Bent Dahl" not in found


@pytest.mark.parametrize("hostile", ['"', "*", "AND", "NEAR(", "-", "'", "^", "OR", '"a'])
def test_no_typed_text_breaks_search(services, contact_factory, hostile) -> None:
    services.contacts.save(contact_factory())
    services.search.search(hostile)  # must not raise


def test_stale_edit_is_refused_not_overwritten(services, contact_factory) -> None:
    first = services.contacts.save(contact_factory())
    mine, theirs = services.contacts.get(first.id), services.contacts.get(first.id)
    theirs.job_title = "CEO"
    services.contacts.save(theirs)
    mine.job_title = "Intern"
    with pytest.raises(StaleEditError, match="changed elsewhere"):
        services.contacts.save(mine)
    assert services.contacts.get(first.id).job_title == "CEO"


def test_an_edit_of_only_a_phone_type_is_an_edit_too(services, contact_factory) -> None:
    """Only the phone row changes, yet the contact's version moves: an older dialog
    cannot overwrite it."""
    first = services.contacts.save(contact_factory())
    mine, theirs = services.contacts.get(first.id), services.contacts.get(first.id)
    theirs.phones[0].kind = "mobile"
    assert services.contacts.save(theirs).version == first.version + 1
    mine.job_title = "Intern"
    with pytest.raises(StaleEditError, match="changed elsewhere"):
        services.contacts.save(mine)
    assert services.contacts.get(first.id).phones[0].kind == "mobile"


def test_invalid_email_and_phone_are_refused_with_field_messages(services, contact_factory):
    bad = contact_factory(emails=[EmailEntry("soren(at)novo")], phones=[PhoneEntry("12")])
    with pytest.raises(ValidationError) as err:
        services.contacts.save(bad)
    assert set(err.value.problems) == {"emails.0", "phones.0"}
    assert services.contacts.count() == 0


def test_a_contact_needs_a_name(services, contact_factory) -> None:
    with pytest.raises(ValidationError) as err:
        services.contacts.save(contact_factory("", ""))
    assert "name" in err.value.problems


def test_a_number_without_country_code_uses_the_default_region(services, contact_factory):
    saved = services.contacts.save(contact_factory(phones=[PhoneEntry("33 12 34 56")]))
    assert "Søren Müller" in names(services, "+4533123456")
    assert saved.phones[0].number == "33 12 34 56"  # shown as typed


def test_delete_removes_the_contact_from_lists_and_search(services, contact_factory) -> None:
    saved = services.contacts.save(contact_factory())
    assert services.contacts.delete([saved.id]) == 1
    assert names(services, "soren") == []
    assert services.contacts.count() == 0


def test_renaming_an_account_updates_its_people(services, contact_factory) -> None:
    person = services.contacts.save(contact_factory())
    account = services.accounts.get(person.account_id)
    account.name = "Novozymes"
    services.accounts.save(account)
    assert "Søren Müller" in names(services, "novozymes")
    assert services.contacts.rows([person.id])[0].company == "Novozymes"


def test_deleting_an_account_keeps_its_people(services, contact_factory) -> None:
    person = services.contacts.save(contact_factory())
    services.accounts.delete([person.account_id])
    assert services.contacts.get(person.id).company == ""
    assert names(services, "novo") == []


def test_lists_sort_and_filter_by_letter(services, contact_factory) -> None:
    for first, last in [("Anne", "Østergaard"), ("Bo", "Andersen"), ("Carl", "Bach"),
                        ("Dan", "3M")]:
        services.contacts.save(contact_factory(first, last, company=""))
    ordered = services.contacts.rows(services.contacts.ids(ListQuery()))
    assert [r.display_name for r in ordered] == ["Dan 3M", "Bo Andersen", "Carl Bach",
                                                 "Anne Østergaard"]
    only_b = services.contacts.rows(services.contacts.ids(ListQuery(letter="B")))
    assert [r.display_name for r in only_b] == ["Carl Bach"]
    assert services.contacts.letters(ListQuery()) == {"#": 1, "A": 1, "B": 1, "Ø": 1}  # Danish (DK)


def test_account_cannot_become_its_own_grandparent(services) -> None:
    from crmdesk.records import AccountRecord

    parent = services.accounts.save(AccountRecord(name="Holding"))
    child = services.accounts.save(AccountRecord(name="Sub", parent_id=parent.id))
    parent.parent_id = child.id
    with pytest.raises(ValidationError):
        services.accounts.save(parent)


def test_database_file_is_private_and_consistent(services, contact_factory, db_url) -> None:
    services.contacts.save(contact_factory())
    path = services.db.path
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_core_imports_without_qt() -> None:
    code = ("import sys, crmdesk.services, crmdesk.services.demo, crmdesk.models, "
            "crmdesk.cli, crmdesk.db; assert 'PySide6' not in sys.modules, 'Qt leaked'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_more_fields_offer_the_labels_already_in_use(services, contact_factory) -> None:
    services.contacts.save(contact_factory(custom_fields=[
        CustomField("Member no.", "4411"), CustomField("golf handicap", "12")]))
    services.contacts.save(contact_factory("Ida", "Holm", custom_fields=[
        CustomField("Member no.", "5120"), CustomField("Anniversary", "2019-05-01")]))
    assert services.contacts.custom_field_labels() == ["Anniversary", "golf handicap",
                                                       "Member no."]


def test_a_more_field_value_needs_a_label(services, contact_factory) -> None:
    with pytest.raises(ValidationError) as caught:
        services.contacts.save(contact_factory(custom_fields=[
            CustomField("Member no.", "4411"), CustomField(" ", "Platinum partner")]))
    assert list(caught.value.problems) == ["custom_fields.1"]
    assert "label" in caught.value.problems["custom_fields.1"]
