"""Phone numbers are kept as typed, with an E.164 form for search and duplicates."""

import pytest

from crmdesk.services import phones


@pytest.mark.parametrize(
    ("typed", "region", "e164"),
    [
        ("+45 33 12 34 56", "DK", "+4533123456"),
        ("33 12 34 56", "DK", "+4533123456"),  # no country code: the default region's
        ("0045 33123456", "DK", "+4533123456"),
        ("030 1234567", "DE", "+49301234567"),
        ("+49 (0)30 1234567", "DK", "+49301234567"),
        ("(202) 555-0143", "US", "+12025550143"),
    ],
)
def test_typed_numbers_get_their_e164_form(typed: str, region: str, e164: str) -> None:
    parsed = phones.parse(typed, region)
    assert parsed.typed == typed and parsed.e164 == e164


@pytest.mark.parametrize("typed", ["", "abc", "12", "+45 1"])
def test_a_form_refuses_what_is_not_a_phone_number(typed: str) -> None:
    with pytest.raises(phones.PhoneError) as err:
        phones.parse(typed, "DK")
    assert str(err.value).endswith(".")  # a sentence to show beside the field


def test_import_keeps_an_unparseable_number_as_typed() -> None:
    parsed = phones.normalise("call the switchboard", "DK")
    assert parsed.e164 == "" and parsed.typed == "call the switchboard"


def test_search_forms_cover_every_way_of_dialling() -> None:
    forms = phones.search_forms(phones.normalise("030 1234567", "DE"))
    assert {"0301234567", "49301234567", "301234567"} <= set(forms)
