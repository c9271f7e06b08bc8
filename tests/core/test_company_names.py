"""Two spellings of one company's name are found as the same company."""

import pytest

from crmdesk.records import AccountRecord
from crmdesk.services.names import company_key


@pytest.mark.parametrize("one, other", [
    ("Acme ApS", "ACME A/S"), ("Acme", "Acme Ltd."), ("Müller GmbH", "MÜLLER"),
    ("Nordisk Film A/S", "nordisk film"), ("Café Ørsted I/S", "Cafe Orsted"),
    ("Smith & Sons Limited", "Smith & Sons"),
    ("Philips B.V.", "Philips BV"), ("Renault S.A.", "Renault SA"), ("Acme, Inc.", "ACME LLC"),
    ("Volvo AB", "Volvo"), ("Nokia Oy", "Nokia"), ("Tesco PLC", "Tesco"),
    ("Fiat S.R.L.", "Fiat"), ("Hansen K/S", "Hansen"), ("Siemens AG", "Siemens"),
])
def test_spellings_of_one_company_share_a_key(one, other):
    assert company_key(one) == company_key(other)


@pytest.mark.parametrize("one, other", [
    ("Acme", "Acme Nord"), ("AB", "Volvo AB"), ("Nordic Tools", "Nordic"),
])
def test_other_companies_do_not(one, other):
    assert company_key(one) != company_key(other)


def test_a_name_that_is_only_a_legal_form_keeps_it():
    assert company_key("A/S") == "a s"


def test_same_company_finds_the_stored_spellings_and_not_the_account_itself(services):
    acme = services.accounts.save(AccountRecord(name="Acme ApS"))
    services.accounts.save(AccountRecord(name="Acme Nord A/S"))
    services.accounts.save(AccountRecord(name="Acme_ ApS"))  # not another spelling of Acme
    assert services.accounts.same_company("ACME A/S") == [(acme.id, "Acme ApS")]
    assert services.accounts.same_company("Acme ApS", exclude=acme.id) == []
    assert services.accounts.same_company("  ") == []
