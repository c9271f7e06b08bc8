"""Where a quote's lines break across pages, and what its sheet says: pure, no Qt."""

from __future__ import annotations

from decimal import Decimal as D

from crmdesk.records import AddressEntry, QuoteLineRecord
from crmdesk.services.printing import QuotePage, Seller, amount_text, number_text, quote_pages
from crmdesk.services.printing.quote import billing_address, quote_sheet
from crmdesk.settings import Settings


def test_a_short_quote_is_one_page_with_its_totals_notes_and_terms() -> None:
    assert quote_pages([5, 5, 5], [20, 10, 10], first_room=100, later_room=200) == [
        QuotePage(range(0, 3), range(0, 3))]


def test_a_long_table_continues_on_the_next_page_and_the_totals_follow_the_last_line(
        ) -> None:
    pages = quote_pages([10] * 25, [30, 15], first_room=100, later_room=220)
    assert [p.rows for p in pages] == [range(0, 10), range(10, 25)]
    assert pages[1].tail == range(0, 2)


def test_totals_that_do_not_fit_under_the_last_line_take_it_along() -> None:
    # page 1 holds exactly the 10 lines; the totals need a new page and the last line
    # goes with them, so the totals never stand alone under a repeated header
    pages = quote_pages([10] * 10, [30, 15], first_room=100, later_room=220)
    assert [(p.rows, p.tail) for p in pages] == [(range(0, 9), range(0)),
                                                (range(9, 10), range(0, 2))]


def test_notes_that_do_not_fit_start_a_page_of_their_own() -> None:
    pages = quote_pages([10] * 5, [30, 80], first_room=100, later_room=220)
    assert [(p.rows, p.tail) for p in pages] == [(range(0, 5), range(0, 1)),
                                                (range(0), range(1, 2))]


def test_a_quote_without_lines_still_prints_its_totals() -> None:
    assert quote_pages([], [30], first_room=100, later_room=220) == [
        QuotePage(range(0), range(0, 1))]


def test_amounts_and_numbers_are_written_the_regions_way() -> None:
    assert amount_text(D("12345.5"), "DK", "DKK") == "12.345,50 DKK"
    assert amount_text(D("12345.5"), "US") == "12,345.50"
    assert number_text(D("2.00"), "DK") == "2"
    assert number_text(D("12.50"), "DK") == "12,5"
    assert number_text(D("1500"), "US") == "1,500"


def test_the_sheet_has_the_seller_the_customers_label_and_the_vat_bases() -> None:
    settings = Settings(seller_name="Nordlys ApS", seller_address="Nørregade 12\n\n1165 "
                        "København K", payment_terms="Net 14 days")
    address = billing_address([AddressEntry(kind="home", city="Aarhus"),
                               AddressEntry(kind="work", street="Havnegade 4",
                                            postcode="5000", city="Odense", country="DK")])
    assert address is not None and address.city == "Odense"
    sheet = quote_sheet(
        number="Q-2026-0007", title="Desks", issued=None, valid_until=None, currency="DKK",
        notes=" Delivery in week 12. ", reference="Standing desks",
        seller=Seller.from_settings(settings), customer_name="Mette Holm",
        company="Fjord Shipping A/S", address=address, region="DK",
        lines=[QuoteLineRecord("Desk", D(2), D("4999.95"), D(10), D(25)),
               QuoteLineRecord("Book", D(1), D("200"), D(0), D("12.5")),
               QuoteLineRecord("Chair", D(1), D("1000"), D(0), D("25.00"))])
    assert sheet.seller.address == ("Nørregade 12", "1165 København K")
    assert sheet.seller.payment_terms == ("Net 14 days",)
    assert sheet.customer == ("Mette Holm", "Fjord Shipping A/S", "Havnegade 4", "5000 Odense")
    assert [line.net for line in sheet.lines] == [D("8999.91"), D("200.00"), D("1000.00")]
    assert sheet.vat_bases == {D("12.5"): D("200.00"), D(25): D("9999.91")}
    assert sheet.totals.vat_by_rate == {D("12.5"): D("25.00"), D(25): D("2499.98")}
    assert sheet.notes == "Delivery in week 12."
