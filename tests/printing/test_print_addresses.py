"""Address lines by the destination's postal convention."""

from __future__ import annotations

from crmdesk.records import AddressEntry
from crmdesk.services.printing import address_lines, country_code, label_lines


def test_denmark_writes_postcode_before_town_and_no_country_at_home():
    a = AddressEntry("work", "Søndergade 4", "8000", "Aarhus C", "", "DK")
    assert address_lines(a, "DK") == ["Søndergade 4", "8000 Aarhus C"]


def test_germany_from_denmark_gets_the_country_line():
    a = AddressEntry("work", "Königsallee 10", "40213", "Düsseldorf", "", "Deutschland")
    assert address_lines(a, "DK") == ["Königsallee 10", "40213 Düsseldorf", "GERMANY"]


def test_us_city_state_zip():
    a = AddressEntry("work", "100 Main St\nSuite 5", "62704", "Springfield", "IL", "US")
    assert address_lines(a, "US") == ["100 Main St", "Suite 5", "Springfield, IL 62704"]
    assert address_lines(a, "DK")[-1] == "UNITED STATES"


def test_uk_post_town_in_capitals_and_postcode_alone():
    a = AddressEntry("work", "Park Street 107", "BS1 4DJ", "Bristol", "", "United Kingdom")
    assert address_lines(a, "GB") == ["Park Street 107", "BRISTOL", "BS1 4DJ"]


def test_canada_city_province_postcode():
    a = AddressEntry("work", "24 Sussex Dr", "K1M 1M4", "Ottawa", "ON", "CA")
    assert address_lines(a, "CA") == ["24 Sussex Dr", "Ottawa ON  K1M 1M4"]


def test_unknown_country_keeps_the_text_and_empty_country_is_home():
    a = AddressEntry("home", "Calle 1", "28001", "Madrid", "", "Atlantis")
    assert address_lines(a, "DK")[-1] == "ATLANTIS"
    b = AddressEntry("home", "Vesterbrogade 1", "1620", "København V", "", "")
    assert address_lines(b, "DK") == ["Vesterbrogade 1", "1620 København V"]
    assert country_code("danmark") == "DK" and country_code("") == ""


def test_label_has_name_company_and_address():
    a = AddressEntry("work", "Søndergade 4", "8000", "Aarhus C", "", "DK")
    assert label_lines("Søren Ærø", "Novo A/S", a, "DK") == [
        "Søren Ærø", "Novo A/S", "Søndergade 4", "8000 Aarhus C"]
    assert label_lines("Acme", "Acme", None) == ["Acme"]
