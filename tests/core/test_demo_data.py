"""Demo data that looks like a real customer base: each person in their own language, real
national number formats stored as valid E.164, company names as companies have them."""

from __future__ import annotations

import re

import phonenumbers
from sqlalchemy import select

from crmdesk.models import Account, Phone
from crmdesk.services import demo
from crmdesk.services import demo_pools as pools
from crmdesk.services.listing import ListQuery

LOCALE_OF = {code: locale for locale, code in pools.COUNTRY.items()}
CITIES = {city for places in pools.PLACES.values() for city, _, _ in places}


def test_people_have_titles_and_notes_in_the_language_of_their_country(services) -> None:
    demo.fill(services, 300)
    seen = set()
    for cid in services.contacts.ids(ListQuery()):
        person = services.contacts.get(cid)
        locale = LOCALE_OF[person.addresses[0].country]
        if person.job_title:
            assert person.job_title in pools.TITLES[locale], (person.job_title, locale)
        assert person.notes in pools.NOTES[locale], (person.notes, locale)
        if person.department:
            assert person.department in pools.DEPARTMENTS[locale]
        seen.add(locale)
    assert seen == {"da", "de", "fr", "en"}


def test_numbers_are_valid_stored_as_e164_and_local_ones_typed_nationally(services) -> None:
    demo.fill(services, 300)  # the tests' region is DK
    with services.db.sessions() as session:
        phones = session.execute(select(Phone.number, Phone.e164)).all()
    assert len(phones) > 400
    for typed, e164 in phones:
        assert phonenumbers.is_valid_number(phonenumbers.parse(e164)), (typed, e164)
    danish = [typed for typed, e164 in phones if e164.startswith("+45")]
    national = [t for t in danish if re.fullmatch(r"\d\d \d\d \d\d \d\d", t)]
    assert len(national) > len(danish) / 2
    german = [typed for typed, e164 in phones if e164.startswith("+49")]
    assert all(re.fullmatch(r"\+49 [1-9]\d{1,3} \d{5,8}", t) for t in german), german[:5]
    assert any(t.startswith("+44 20 ") for t, _ in phones)  # London as people write it


def test_company_names_carry_no_city_or_number(services) -> None:
    demo.fill(services, 2000)
    with services.db.sessions() as session:
        names = session.scalars(select(Account.name)).all()
    assert len(names) == len(set(names)) == 400
    for name in names:
        assert not re.search(r"\d", name), name
        assert not any(name.endswith(" " + city) for city in CITIES), name
