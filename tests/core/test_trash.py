"""Deleting puts contacts and accounts in the trash; restoring gives them back whole."""

from dataclasses import replace
from datetime import date

from crmdesk.records import AccountRecord, PhoneEntry, Relationship
from crmdesk.services.listing import ListQuery


def _without_version(record):
    return replace(record, version=None)


def test_a_deleted_contact_comes_back_whole_under_its_own_id(services, contact_factory):
    saved = services.contacts.save(contact_factory(
        middle_name="Aage", birthday=date(1971, 5, 17), categories=["VIP", "Golf"],
        relationships=[Relationship.CUSTOMER], notes="Prefers mornings", website="novo.dk",
        phones=[PhoneEntry("+45 33 12 34 56", "work"), PhoneEntry("20 30 40 50", "mobile")],
        photo=b"\x89PNG fake bytes", photo_mime="image/png", uid="vcard-uid-1"))
    assert services.contacts.delete([saved.id]) == 1
    assert services.contacts.count() == 0
    assert services.search.search("Søren") == []

    entry, = services.trash.entries()
    assert (entry.kind, entry.record_id, entry.name) == ("contact", saved.id, "Søren Aage Müller")
    restored, = services.trash.restore([entry.id])

    assert restored.new_id == saved.id and not restored.renumbered
    back = services.contacts.get(saved.id)
    assert _without_version(back) == _without_version(saved)
    assert [h.display_name for h in services.search.search("Søren")] == ["Søren Aage Müller"]
    assert services.trash.entries() == []


def test_a_contact_whose_id_was_taken_comes_back_under_a_new_one(services, contact_factory):
    first = services.contacts.save(contact_factory("Anne", "Holm"))
    services.contacts.delete([first.id])
    # SQLite hands the highest id out again once its row is gone
    newcomer = services.contacts.save(contact_factory("Bent", "Dahl"))
    assert newcomer.id == first.id
    restored, = services.trash.restore([services.trash.entries()[0].id])
    assert restored.renumbered and restored.new_id != first.id
    assert services.contacts.get(restored.new_id).first_name == "Anne"
    assert services.contacts.get(first.id).first_name == "Bent"


def test_an_account_comes_back_with_its_contacts_and_sub_accounts(services, contact_factory):
    acme = services.accounts.save(AccountRecord(name="Acme ApS", industry="Tools",
                                                categories=["Key account"],
                                                phones=[PhoneEntry("+45 70 10 20 30", "main")]))
    sub = services.accounts.save(AccountRecord(name="Acme Nord", parent_id=acme.id))
    anne = services.contacts.save(contact_factory("Anne", "Holm", company="", account_id=acme.id))
    bent = services.contacts.save(contact_factory("Bent", "Dahl", company="", account_id=acme.id))
    acme = services.accounts.save(replace(services.accounts.get(acme.id),
                                          primary_contact_id=anne.id))

    services.accounts.delete([acme.id])
    assert services.contacts.get(anne.id).company == ""
    assert services.accounts.get(sub.id).parent_id is None
    # one of them is given another company meanwhile: that stays
    services.contacts.save(replace(services.contacts.get(bent.id), company="Beta A/S"))

    entry, = services.trash.entries()
    services.trash.restore([entry.id])

    assert _without_version(services.accounts.get(acme.id)) == _without_version(acme)
    assert services.contacts.get(anne.id).company == "Acme ApS"
    assert services.contacts.get(bent.id).company == "Beta A/S"
    assert services.accounts.get(sub.id).parent_id == acme.id
    members = services.contacts.ids(ListQuery(text="Acme"))
    assert list(members) == [anne.id]  # the contact's search text has its company again


def test_undo_delete_restores_exactly_what_that_delete_took(services, contact_factory):
    a, b, c = (services.contacts.save(contact_factory(n, "Holm")) for n in ("Anne", "Bo", "Carl"))
    services.contacts.discard([a.id])
    second = services.contacts.discard([b.id, c.id])
    assert second.count == 2
    services.trash.restore_batch(second.batch)
    assert sorted(services.contacts.ids(ListQuery())) == sorted([b.id, c.id])
    assert [e.record_id for e in services.trash.entries()] == [a.id]


def test_a_contact_restored_after_its_account_finds_no_company_to_create(services,
                                                                        contact_factory):
    anne = services.contacts.save(contact_factory("Anne", "Holm", company="Acme ApS"))
    services.contacts.delete([anne.id])
    services.accounts.delete([anne.account_id])
    contact_entry = next(e for e in services.trash.entries() if e.kind == "contact")
    services.trash.restore([contact_entry.id])
    assert services.contacts.get(anne.id).company == ""
    assert services.accounts.count() == 0


def test_a_restored_contact_is_primary_contact_again(services, contact_factory):
    anne = services.contacts.save(contact_factory("Anne", "Holm"))
    account = services.accounts.get(anne.account_id)
    services.accounts.save(replace(account, primary_contact_id=anne.id))
    services.contacts.delete([anne.id])
    assert services.accounts.get(account.id).primary_contact_id is None
    services.trash.restore([services.trash.entries()[0].id])
    assert services.accounts.get(account.id).primary_contact_id == anne.id


def test_emptying_the_trash_and_deleting_forever(services, contact_factory):
    ids = [services.contacts.save(contact_factory(n, "Holm")).id for n in ("Anne", "Bo", "Carl")]
    services.contacts.delete(ids[:1])
    services.contacts.delete(ids[1:])
    entries = services.trash.entries()
    assert [e.name for e in entries][-1] == "Anne Holm"  # the latest delete first
    assert services.trash.forget([entries[-1].id]) == 1
    assert services.trash.count() == 2
    assert services.trash.empty() == 2
    assert services.trash.entries() == [] and services.contacts.count() == 0


def test_two_deleted_contacts_that_had_one_id_both_come_back(services, contact_factory):
    anne = services.contacts.save(contact_factory("Anne", "Holm"))
    services.contacts.delete([anne.id])
    bent = services.contacts.save(contact_factory("Bent", "Dahl"))
    assert bent.id == anne.id  # SQLite handed the id out again
    services.contacts.delete([bent.id])
    restored = services.trash.restore([e.id for e in services.trash.entries()])
    assert sorted(r.name for r in restored) == ["Anne Holm", "Bent Dahl"]
    assert len({r.new_id for r in restored}) == 2
    assert [r.renumbered for r in restored].count(True) == 1
    assert services.contacts.count() == 2
