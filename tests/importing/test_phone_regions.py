"""Imported national numbers are read with the contact's country, not the machine's.

A salesperson's laptop often runs with a C locale (a fresh Linux, a container): that
must not make every number without a country code American.  The evidence, in order:
the number's own ``+``/``00``, the country of the record's address, the language of
the file's header, then the default region (the locale's country, else Denmark).
"""

from __future__ import annotations

import locale
from pathlib import Path

import pytest
from sqlalchemy import select

from crmdesk import settings as settings_module
from crmdesk.models import Contact, Phone
from crmdesk.records import AddressEntry, ContactRecord, PhoneEntry
from crmdesk.services.importing import services_for
from crmdesk.services.validation import check_contact
from crmdesk.services.wiring import Services
from crmdesk.settings import Settings

GERMAN_HEADER = ("Anrede;Vorname;Weitere Vornamen;Nachname;Firma;Abteilung;Position;"
                 "Straße geschäftlich;Ort geschäftlich;Postleitzahl geschäftlich;"
                 "Land/Region geschäftlich;Telefon geschäftlich;Mobiltelefon;"
                 "E-Mail-Adresse")


def _german_csv(path: Path, *rows: str) -> Path:
    path.write_text("\n".join((GERMAN_HEADER, *rows)) + "\n", encoding="cp1252")
    return path


def _phones(services: Services) -> dict[str, tuple[str, str]]:
    """last name -> (number as stored, its E.164), of each contact's first phone."""
    with services.db.sessions() as session:
        rows = session.execute(select(Contact.last_name, Phone.number, Phone.e164)
                               .join(Phone, Phone.contact_id == Contact.id)
                               .where(Phone.position == 0))
        return {last: (number, e164) for last, number, e164 in rows}


@pytest.fixture
def c_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine as a C.UTF-8 locale leaves it: Python's getlocale says en_US."""
    monkeypatch.setattr(locale, "setlocale", lambda category, value=None: "C.UTF-8")
    monkeypatch.setattr(locale, "getlocale", lambda category=None: ("en_US", "UTF-8"))


@pytest.fixture
def machine_services(db_url: str, c_locale: None):
    svc = Services.open(db_url, Settings())  # no region chosen: the system's
    yield svc
    svc.close()


def test_a_c_locale_means_denmark_as_the_readme_says(c_locale: None) -> None:
    assert settings_module.system_region() == "DK"
    assert Settings().phone_region == "DK"


def test_a_real_locale_still_gives_its_country(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(locale, "setlocale", lambda category, value=None: "de_DE.UTF-8")
    monkeypatch.setattr(locale, "getlocale", lambda category=None: ("de_DE", "UTF-8"))
    assert settings_module.system_region() == "DE"


def test_german_outlook_csv_reads_a_mobile_number_as_german(tmp_path: Path,
                                                             machine_services: Services) -> None:
    csv = _german_csv(tmp_path / "kontakte.csv",
                      "Herr;Jürgen;;Weber;Weber Foods GmbH;;;Hauptstr. 1;Köln;50667;"
                      "Deutschland;0221 1234567;0171 2345678;jw@weber.de")
    report = services_for(machine_services)[0].run([str(csv)])
    assert report.created == 1 and not report.repairs
    with machine_services.db.sessions() as session:
        stored = {n: e for n, e in session.execute(select(Phone.number, Phone.e164))}
    # typed as typed: the address on the same record names the country
    assert stored == {"0221 1234567": "+492211234567", "0171 2345678": "+491712345678"}


def test_the_file_language_decides_when_the_record_names_no_country(
        tmp_path: Path, machine_services: Services) -> None:
    csv = _german_csv(tmp_path / "kontakte.csv",
                      ";Anna;;Schmidt;;;;;;;;;0171 2345678;anna@example.de")
    services_for(machine_services)[0].run([str(csv)])
    # the file's language does not stay with the record: the number says its country
    assert _phones(machine_services)["Schmidt"] == ("+49 171 2345678", "+491712345678")


def test_a_danish_number_beside_a_danish_address_on_a_c_locale(
        tmp_path: Path, machine_services: Services) -> None:
    vcf = tmp_path / "kunder.vcf"
    vcf.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Jensen;Mette;;;\r\nFN:Mette Jensen\r\n"
                   "TEL;TYPE=WORK:33 12 34 56\r\n"
                   "ADR;TYPE=WORK:;;Vesterbrogade 1;København V;;1620;Danmark\r\n"
                   "END:VCARD\r\n", encoding="utf-8")
    services_for(machine_services)[0].run([str(vcf)])
    assert _phones(machine_services)["Jensen"] == ("33 12 34 56", "+4533123456")


def test_a_work_phone_follows_the_work_address_and_a_home_phone_the_home_one(
        services: Services) -> None:
    services.contacts.save(ContactRecord(
        first_name="Lars", last_name="Holm",
        phones=[PhoneEntry("020 7946 0958", "work"), PhoneEntry("33 12 34 56", "home")],
        addresses=[AddressEntry("home", "Nørregade 2", "1165", "København", "", "Danmark"),
                   AddressEntry("work", "1 Poultry", "EC2R 8EJ", "London", "", "United Kingdom")]))
    with services.db.sessions() as session:
        stored = {n: e for n, e in session.execute(select(Phone.number, Phone.e164))}
    assert stored == {"020 7946 0958": "+442079460958", "33 12 34 56": "+4533123456"}


def test_an_impossible_number_is_reported_and_kept_as_typed(
        tmp_path: Path, machine_services: Services) -> None:
    csv = _german_csv(tmp_path / "kontakte.csv",
                      "Herr;Jürgen;;Weber;;;;;Köln;;Deutschland;0171 12345678901234;;jw@weber.de")
    report = services_for(machine_services)[0].run([str(csv)])
    assert report.created == 1
    assert _phones(machine_services)["Weber"] == ("0171 12345678901234", "")
    [repair] = report.repairs
    assert (Path(repair.file).name, repair.line) == ("kontakte.csv", 2)
    assert "“0171 12345678901234”" in repair.reason and "Germany (DE)" in repair.reason
    assert "kept as typed" in repair.reason


def test_a_number_with_its_own_00_prefix_keeps_its_country(db_url: str) -> None:
    # even where 00 is not how one dials abroad (011 in the US): it is how Europe writes it
    services = Services.open(db_url, Settings(default_region="US"))
    services.contacts.save(ContactRecord(
        first_name="Ole", last_name="Berg", phones=[PhoneEntry("0049 171 2345678", "mobile")]))
    assert _phones(services)["Berg"] == ("0049 171 2345678", "+491712345678")
    services.close()


@pytest.mark.parametrize("typed", ["0171 2345678", "33 12 34 56", "0171 12345678901234",
                                   "+45 1234",
                                   "12", "0049 30 1234567", "(202) 555-0143"])
@pytest.mark.parametrize("country", ["", "Deutschland", "Danmark", "USA"])
def test_the_dialog_refuses_exactly_what_the_import_reports(
        tmp_path: Path, services: Services, typed: str, country: str) -> None:
    vcf = tmp_path / "one.vcf"
    vcf.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Test;Tina;;;\r\nFN:Tina Test\r\n"
                   f"TEL;TYPE=WORK:{typed}\r\n"
                   + (f"ADR;TYPE=WORK:;;Street 1;Town;;1000;{country}\r\n" if country else "")
                   + "END:VCARD\r\n", encoding="utf-8")
    report = services_for(services)[0].run([str(vcf)])
    reported = any("phone number" in r.reason for r in report.repairs)
    record = ContactRecord(first_name="Tina", last_name="Test",
                           phones=[PhoneEntry(typed, "work")],
                           addresses=[AddressEntry("work", "Street 1", "1000", "Town", "",
                                                   country)] if country else [])
    refused = "phones.0" in check_contact(record, services.settings.phone_region)
    assert reported == refused
    assert (_phones(services)["Test"][1] == "") == refused
