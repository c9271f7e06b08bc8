"""The one bulk loader reads what ContactService.get and AccountService.get read, and the
export and the print jobs both load through it."""

from __future__ import annotations

from dataclasses import replace

from crmdesk.records import AccountRecord, AddressEntry, EmailEntry, PhoneEntry, Relationship
from crmdesk.services.importing import ImportOptions, services_for
from crmdesk.services.listing import ListQuery
from crmdesk.services.loading import load_accounts, load_contacts

VCF = ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Hansen;Mette;;;\r\nFN:Mette Hansen\r\n"
       "ORG:Novo Nordisk A/S;Sales\r\nEMAIL;TYPE=WORK:mette@novo.dk\r\n"
       "TEL;TYPE=WORK:+45 33 12 34 56\r\nNOTE:one, two\r\nUID:uid-mette\r\nEND:VCARD\r\n")


def test_load_contacts_equals_contact_service_get(services, contact_factory, tmp_path) -> None:
    services.contacts.save(contact_factory(categories=["VIP", "Partner"]))
    services.contacts.save(contact_factory("Ole", "Berg", emails=[EmailEntry("o@b.dk")],
                                           photo=b"\x89PNG...", photo_mime="image/png"))
    path = tmp_path / "p.vcf"
    path.write_text(VCF, encoding="utf-8")
    services_for(services)[0].run([str(path)], ImportOptions())
    ids = list(services.contacts.ids(ListQuery()))
    with services.db.sessions() as session:
        loaded = load_contacts(session, ids)
        without_photos = load_contacts(session, ids, photos=False)
    assert set(loaded.records) == set(ids)
    for cid in ids:
        expected = services.contacts.get(cid)
        got = loaded.records[cid]
        assert replace(got, categories=sorted(got.categories)) == replace(
            expected, categories=sorted(expected.categories))
        assert without_photos.records[cid] == replace(got, photo=None, photo_mime="")
        assert loaded.listed[cid].display_name == services.contacts.rows([cid])[0].display_name


def test_load_accounts_equals_account_service_get(services) -> None:
    parent = services.accounts.save(AccountRecord(name="Novo Holding"))
    services.accounts.save(AccountRecord(
        name="Novo Nordisk A/S", account_number="10042", industry="Pharma",
        phones=[PhoneEntry("+45 44 44 88 88", "main"), PhoneEntry("+45 44 44 88 00", "fax")],
        emails=[EmailEntry("info@novo.dk")],
        addresses=[AddressEntry("work", "Novo Allé 1", "2880", "Bagsværd", "", "DK")],
        website="https://novo.dk", relationships=[Relationship.CUSTOMER, Relationship.PARTNER],
        categories=["Pharma", "VIP"], notes="since 2019", parent_id=parent.id))
    ids = list(services.accounts.ids(ListQuery()))
    with services.db.sessions() as session:
        loaded = load_accounts(session, ids)
    assert set(loaded) == set(ids)
    for aid in ids:
        got, expected = loaded[aid], services.accounts.get(aid)
        assert replace(got, categories=sorted(got.categories)) == replace(
            expected, categories=sorted(expected.categories))


def test_a_print_job_shows_what_the_card_holds(services, contact_factory) -> None:
    from crmdesk.services.printing.data import PrintData

    saved = services.contacts.save(contact_factory(
        phones=[PhoneEntry("+45 33 12 34 56", "work"), PhoneEntry("20 30 40 50", "mobile")]))
    [printed] = PrintData(services).contacts([saved.id])
    assert (printed.name, printed.file_as, printed.letter, printed.company) == (
        "Søren Müller", "Müller", "M", "Novo Nordisk A/S")
    assert printed.phones == (("work", "+45 33 12 34 56"), ("mobile", "20 30 40 50"))
    assert printed.emails == (("work", "søren@example.dk"),)
    assert printed.addresses == tuple(saved.addresses)
