"""Lists and printouts sort the way the user's language files names, blanks last."""

from __future__ import annotations

from string import ascii_uppercase

import pytest
from sqlalchemy import select

from crmdesk import db
from crmdesk.models import Contact
from crmdesk.records import AccountRecord, AddressEntry, ContactRecord, PhoneEntry
from crmdesk.services import sort_keys
from crmdesk.services.collation import collation_for
from crmdesk.services.listing import ListQuery
from crmdesk.services.printing import PrintData, Selection, group_by_letter
from crmdesk.settings import Settings

DANISH = ["Østergaard", "Andersen", "Aagaard", "Zahle", "Ærø", "Olsen", "Ågesen", "Møller",
          "Müller"]
GERMAN = ["Zander", "Müller", "Strauß", "Abel", "Mylius", "Äbersold", "Mahler", "Strasser",
          "Öztürk", "Ott"]


@pytest.fixture
def open_services(db_url):
    """Services on one database with the default region each test gives."""
    from crmdesk.services.wiring import Services

    opened = []

    def open_with(region: str):
        services = Services.open(db_url, Settings(default_region=region))
        opened.append(services)
        sort_keys.ensure(services.db, region)  # as the window does at start
        return services

    yield open_with
    for services in opened:
        services.close()


def _save_people(services, last_names, **fields) -> None:
    for last in last_names:
        services.contacts.save(ContactRecord(first_name="Jens", last_name=last, **fields))


def _last_names(services, query: ListQuery | None = None) -> list[str]:
    return [r.display_name.removeprefix("Jens ")
            for r in services.contacts.rows(services.contacts.ids(query or ListQuery()))]


def test_a_danish_user_finds_ae_oe_aa_after_z_and_aagaard_with_aa(open_services) -> None:
    services = open_services("DK")
    _save_people(services, DANISH)
    # Møller stays with the Ms (ø after z as the second letter), Müller files as Myller
    expected = ["Andersen", "Müller", "Møller", "Olsen", "Zahle", "Ærø", "Østergaard",
                "Ågesen", "Aagaard"]
    assert _last_names(services) == expected
    assert _last_names(services, ListQuery(descending=True)) == expected[::-1]


def test_a_german_user_finds_umlauts_with_their_vowel_and_sz_as_ss(open_services) -> None:
    services = open_services("DE")
    _save_people(services, GERMAN)
    assert _last_names(services) == ["Abel", "Äbersold", "Mahler", "Müller", "Mylius", "Ott",
                                     "Öztürk", "Strasser", "Strauß", "Zander"]


def test_an_english_user_finds_accents_folded(open_services) -> None:
    services = open_services("GB")
    _save_people(services, ["Zola", "Øst", "Éclair", "Eagle", "Ezra", "Østergaard"])
    assert _last_names(services) == ["Eagle", "Éclair", "Ezra", "Øst", "Østergaard", "Zola"]


def test_a_swedish_user_finds_aa_ae_oe_after_z(open_services) -> None:
    services = open_services("SE")
    _save_people(services, ["Öberg", "Zorn", "Ängel", "Åberg", "Andersson"])
    assert _last_names(services) == ["Andersson", "Zorn", "Åberg", "Ängel", "Öberg"]


def test_a_new_default_region_sorts_the_stored_lists_again(open_services) -> None:
    """Changing the region re-derives every stored key, and only the keys: a card opened
    before the change can still be saved."""
    services = open_services("DK")
    _save_people(services, ["Østergaard", "Zahle", "Olsen"])
    services.accounts.save(AccountRecord(name="Ørsted A/S"))
    services.accounts.save(AccountRecord(name="Zealand ApS"))
    opened = services.contacts.get(services.contacts.ids(ListQuery())[0])
    assert _last_names(services) == ["Olsen", "Zahle", "Østergaard"]

    services.settings.default_region = "DE"
    assert sort_keys.ensure(services.db, services.settings.phone_region)
    assert sort_keys.stored_language(services.db) == "de"
    assert _last_names(services) == ["Olsen", "Østergaard", "Zahle"]
    assert [a.display_name for a in services.accounts.rows(services.accounts.ids(
        ListQuery()))] == ["Ørsted A/S", "Zealand ApS"]
    opened.job_title = "Indkøber"
    services.contacts.save(opened)  # not refused as changed elsewhere
    assert not sort_keys.ensure(services.db, "AT")  # Austria sorts as Germany does


def test_an_older_database_is_sorted_in_the_users_language_at_start(tmp_path) -> None:
    url = "sqlite:///" + str(tmp_path / "old.db")
    engine = db.make_engine(url)
    db.upgrade(engine, "0005")
    with engine.begin() as conn:  # as revision 0005 stored Åse Holm and Ærø ApS's Bo
        conn.exec_driver_sql(
            "INSERT INTO account (id, name, name_key, account_number, industry, website, "
            "notes, relationships, created, modified, version, display_name, sort_name, "
            "letter, main_phone, main_email, city, search_text) VALUES (1, 'Ærø ApS', "
            "'aero aps', '', '', '', '', '', '2026-01-01', '2026-01-01', 1, 'Ærø ApS', "
            "'aero aps', 'A', '', '', '', 'aero aps')")
        for cid, first, last, account, sort, company in (
                (1, "Åse", "Holm", None, "holm ase", ""),
                (2, "", "", 1, "aero aps", "aero aps")):
            conn.exec_driver_sql(
                "INSERT INTO contact (id, first_name, last_name, prefix, middle_name, suffix, "
                "nickname, job_title, department, website, notes, relationships, uid, "
                "company_sort, created, modified, version, display_name, sort_name, letter, "
                "main_phone, main_email, city, search_text, account_id) VALUES (?, ?, ?, '', "
                "'', '', '', '', '', '', '', '', '', ?, '2026-01-01', '2026-01-01', 1, '', ?, "
                "'H', '', '', '', '', ?)", (cid, first, last, company, sort, account))
    engine.dispose()
    database = db.open_database(url)
    try:
        assert sort_keys.stored_language(database) == ""
        assert sort_keys.ensure(database, "DK")
        with database.sessions() as session:
            keys = session.execute(select(Contact.id, Contact.sort_name, Contact.company_sort,
                                          Contact.name_key, Contact.company_key)
                                   .order_by(Contact.id)).all()
        assert [tuple(k) for k in keys] == [(1, "holm }se", "", "holm ase", ""),
                                            (2, "{r| aps", "{r| aps", "aero aps", "aero aps")]
        assert services_letters(database) == {1: "H", 2: "Æ"}  # Ærø ApS's Bo: under Æ
    finally:
        database.close()


def services_letters(database) -> dict[int, str]:
    with database.sessions() as session:
        return {i: letter for i, letter in session.execute(select(Contact.id, Contact.letter))}


def _tabs(services) -> tuple[str, ...]:
    return services.contacts.alphabet(services.settings.phone_region)


def _under(services, letter: str) -> list[str]:
    return _last_names(services, ListQuery(letter=letter))


def test_a_danish_user_finds_oe_and_aa_names_under_their_own_tabs(open_services) -> None:
    services = open_services("DK")
    _save_people(services, DANISH)
    services.accounts.save(AccountRecord(name="Ørsted A/S"))
    assert _tabs(services)[-4:] == ("Z", "Æ", "Ø", "Å")
    assert _under(services, "Ø") == ["Østergaard"]
    assert _under(services, "Å") == ["Ågesen", "Aagaard"]
    assert _under(services, "A") == ["Andersen"]
    assert _under(services, "O") == ["Olsen"]
    assert services.contacts.letters(ListQuery()) == {
        "A": 1, "M": 2, "O": 1, "Z": 1, "Æ": 1, "Ø": 1, "Å": 2}
    assert services.accounts.letters(ListQuery()) == {"Ø": 1}


def test_a_danish_printout_heads_its_names_with_the_tabs_they_sit_under(services) -> None:
    _save_people(services, DANISH)
    data = PrintData(services)
    printed = {c.name.removeprefix("Jens "): c.letter
               for c in data.contacts(data.contact_ids(Selection()))}
    tabs = {name: letter for letter in _tabs(services)
            for name in _under(services, letter)}
    assert printed == tabs


def test_a_german_user_finds_umlauts_under_their_vowel(open_services) -> None:
    services = open_services("DE")
    _save_people(services, GERMAN + ["Østergaard"])
    assert _tabs(services) == tuple(ascii_uppercase)
    assert _under(services, "O") == ["Østergaard", "Ott", "Öztürk"]
    assert _under(services, "A") == ["Abel", "Äbersold"]


def test_a_swedish_user_finds_aa_ae_oe_tabs_after_z(open_services) -> None:
    services = open_services("SE")
    _save_people(services, ["Åberg", "Ängström", "Öberg", "Ørsted", "Aagaard"])
    assert _tabs(services)[-3:] == ("Å", "Ä", "Ö")
    assert services.contacts.letters(ListQuery()) == {"A": 1, "Å": 1, "Ä": 1, "Ö": 2}


def test_a_new_default_region_refiles_the_names_under_its_tabs(open_services) -> None:
    services = open_services("DK")
    _save_people(services, ["Østergaard", "Aagaard", "Olsen"])
    services.accounts.save(AccountRecord(name="Ørsted A/S"))
    assert (_under(services, "Ø"), _under(services, "Å")) == (["Østergaard"], ["Aagaard"])

    services.settings.default_region = "DE"
    assert sort_keys.ensure(services.db, services.settings.phone_region)
    assert _tabs(services)[-1] == "Z"
    assert _under(services, "O") == ["Olsen", "Østergaard"]
    assert _under(services, "A") == ["Aagaard"]
    assert services.accounts.letters(ListQuery()) == {"O": 1}

    services.settings.default_region = "NO"
    assert sort_keys.ensure(services.db, services.settings.phone_region)
    assert (_under(services, "Ø"), _under(services, "Å")) == (["Østergaard"], ["Aagaard"])


def test_an_english_user_files_under_the_folded_initial() -> None:
    english = collation_for("en")
    assert [english.heading(english.key(name)) for name in (
        "Ørsted", "Æblegaard", "Ågesen", "3M Danmark", "")] == ["O", "A", "A", "#", "#"]


def test_empty_companies_cities_and_phones_come_last_both_ways(services) -> None:
    for last, company, city, phone in (("Berg", "Zeta A/S", "Aalborg", "+45 70 10 20 30"),
                                       ("Dahl", "", "", ""),
                                       ("Alm", "Alfa ApS", "Odense", "+45 20 30 40 50"),
                                       ("Bak", "", "Århus", "")):
        services.contacts.save(ContactRecord(
            first_name="Jens", last_name=last, company=company,
            phones=[PhoneEntry(phone)] if phone else [],
            addresses=[AddressEntry("work", city=city)] if city else []))
    by = {key: (_last_names(services, ListQuery(sort=key)),
                _last_names(services, ListQuery(sort=key, descending=True)))
          for key in ("company", "city", "phone")}
    # blanks last, and among themselves in the order they were added (either way round)
    assert by["company"] == (["Alm", "Berg", "Dahl", "Bak"], ["Berg", "Alm", "Bak", "Dahl"])
    # Danish: Odense, then Aalborg (AA as Å) and Århus after Z
    assert by["city"] == (["Alm", "Berg", "Bak", "Dahl"], ["Bak", "Berg", "Alm", "Dahl"])
    assert by["phone"] == (["Alm", "Berg", "Dahl", "Bak"], ["Berg", "Alm", "Bak", "Dahl"])
    first_two = services.contacts.ids(ListQuery(sort="company"), limit=2)
    assert [r.display_name for r in services.contacts.rows(first_two)] == ["Jens Alm",
                                                                          "Jens Berg"]
    more = services.contacts.ids(ListQuery(sort="company"), limit=3)
    assert [r.display_name for r in services.contacts.rows(more)][-1] == "Jens Dahl"


def test_a_contact_with_no_name_is_not_filed_under_n(services) -> None:
    _save_people(services, ["Nielsen", "Olsen", "Madsen"])
    services.contacts.save(ContactRecord(notes="met at the fair"), validate=False)  # imported
    names = [r.display_name for r in services.contacts.rows(services.contacts.ids(ListQuery()))]
    backwards = [r.display_name for r in services.contacts.rows(
        services.contacts.ids(ListQuery(descending=True)))]
    assert names == ["Jens Madsen", "Jens Nielsen", "Jens Olsen", "(no name)"]
    assert backwards == ["Jens Olsen", "Jens Nielsen", "Jens Madsen", "(no name)"]


def test_a_printed_phone_list_is_in_danish_order_under_danish_letters(services) -> None:
    _save_people(services, DANISH)
    services.contacts.save(ContactRecord(notes="no name at all"), validate=False)
    data = PrintData(services)
    everyone = data.contacts(data.contact_ids(Selection()))
    bands = [(letter, [c.name.removeprefix("Jens ") for c in people])
             for letter, people in group_by_letter(everyone, lambda c: c.letter)]
    assert bands == [("A", ["Andersen"]), ("M", ["Müller", "Møller"]), ("O", ["Olsen"]),
                     ("Z", ["Zahle"]), ("Æ", ["Ærø"]), ("Ø", ["Østergaard"]),
                     ("Å", ["Ågesen", "Aagaard"]), ("#", ["(no name)"])]
    chosen = services.contacts.ids(ListQuery(descending=True))
    picked = data.contacts(data.contact_ids(Selection("selection", ids=tuple(chosen))))
    assert [c.name for c in picked] == [c.name for c in everyone]


def test_the_danish_key_keeps_other_scripts_and_punctuation_apart() -> None:
    danish = collation_for("da")
    assert danish.key("{Zoo} | Ålborg") == "zoo }lborg"
    assert danish.key("Å") > danish.key("Zzz") > danish.key("zz")
    assert danish.key("Ωmega") > danish.key("Åse")
    assert danish.key("  (no name) ") == "no name" and danish.key("--") == ""
    assert collation_for("en").key("Straße Ørsted") == "strasse orsted"


def test_the_accounts_list_counts_contacts_and_sorts_by_the_count(services) -> None:
    for name, people in (("Alfa ApS", 2), ("Beta A/S", 0), ("Gamma GmbH", 3)):
        services.accounts.save(AccountRecord(
            name=name, phones=[PhoneEntry("+45 70 10 20 30", "main")],
            addresses=[AddressEntry("work", city="Vejle")], relationships=["customer"]))
        for i in range(people):
            services.contacts.save(ContactRecord(first_name="Jens", last_name=f"{name} {i}",
                                                 company=name))
    accounts = services.accounts

    def listed(descending: bool) -> list[tuple[str, int]]:
        rows = accounts.rows(accounts.ids(ListQuery(sort="contacts", descending=descending)))
        return [(r.display_name, r.contacts) for r in rows]

    assert listed(False) == [("Beta A/S", 0), ("Alfa ApS", 2), ("Gamma GmbH", 3)]
    assert listed(True) == [("Gamma GmbH", 3), ("Alfa ApS", 2), ("Beta A/S", 0)]
    row = accounts.rows(accounts.ids(ListQuery(text="Gamma")))[0]
    assert (row.city, row.phone, row.relationships) == ("Vejle", "+45 70 10 20 30", "customer")
