"""What the search box shows of each hit: the name, company and city the lists show, and
every e-mail and number, for contacts and accounts alike."""

from __future__ import annotations

from crmdesk.records import AccountRecord, AddressEntry, ContactRecord, EmailEntry, PhoneEntry


def test_a_hit_shows_what_the_list_row_shows_and_all_its_numbers(services,
                                                                 contact_factory) -> None:
    services.contacts.save(contact_factory("Jens", "Krogh", emails=[
        EmailEntry("jens@novo.dk"), EmailEntry("jk@privat.dk", "home")], phones=[
        PhoneEntry("+45 33 12 34 56", "work"), PhoneEntry("+45 20 11 22 33", "mobile")]))
    services.contacts.save(ContactRecord(first_name="Karen", last_name="Krogh"))
    services.accounts.save(AccountRecord(name="Krogh Rør ApS", addresses=[
        AddressEntry("work", "Havnen 2", "6000", "Kolding", "", "DK")]))

    hits = services.search.search("krogh")

    assert [(h.kind, h.display_name, h.company, h.city) for h in hits] == [
        ("contact", "Jens Krogh", "Novo Nordisk A/S", "Århus C"),
        ("contact", "Karen Krogh", "", ""),
        ("account", "Krogh Rør ApS", "Krogh Rør ApS", "Kolding"),
    ]
    rows = services.contacts.rows([hits[0].id, hits[1].id])
    assert [(r.display_name, r.company, r.city) for r in rows] == [
        (h.display_name, h.company, h.city) for h in hits[:2]]
    assert hits[0].emails == ["jens@novo.dk", "jk@privat.dk"]
    assert hits[0].phones == ["+45 33 12 34 56", "+45 20 11 22 33"]
    assert hits[1].emails == hits[1].phones == hits[2].emails == []
