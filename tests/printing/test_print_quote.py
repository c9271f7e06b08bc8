"""A quote printed to PDF from the command line: the seller from Settings, the customer's
address, the lines, VAT per rate and the exact total; a long quote continues on page 2
under its header again."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from decimal import Decimal as D
from pathlib import Path

import pytest

from crmdesk.cli import main
from crmdesk.kinds import RecordRef
from crmdesk.records import AccountRecord, AddressEntry, OpportunityRecord, QuoteLineRecord
from crmdesk.settings import Settings

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="needs poppler-utils")
SELLER = Settings(default_region="DK", date_format="%d.%m.%Y", seller_name="Nordlys ApS",
                  seller_address="Nørregade 12\n1165 København K", seller_vat_number="DK12345678",
                  seller_phone="+45 33 12 34 56", seller_email="salg@nordlys.dk",
                  payment_terms="Net 14 days. Bank: 1234 5678901234")


def pdf_text(path: Path) -> str:
    """The PDF's text, its ligatures ("ﬃ" in "Office") as letters again."""
    return unicodedata.normalize("NFKC", subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
        check=True).stdout)


def pdf_pages(path: Path) -> list[str]:
    return pdf_text(path).split("\f")[:-1]


@pytest.fixture
def quote(services, qapp):
    """Fjord Shipping's quote for standing desks: a discount and two VAT rates (``qapp``:
    the window's kind of Qt application, made before the command makes a windowless one)."""
    SELLER.save()
    company = services.accounts.save(AccountRecord(name="Fjord Shipping A/S", addresses=[
        AddressEntry(kind="work", street="Havnegade 4", postcode="5000", city="Odense",
                     country="DK")]))
    opportunity = services.opportunities.save(OpportunityRecord(
        topic="Standing desks", customer=RecordRef("account", company.id), currency="DKK"))
    draft = services.quotes.new_quote(opportunity.id, valid_days=30)
    draft.notes = "Delivery in week 12."
    draft.lines = [QuoteLineRecord("Standing desk, oak", D(3), D("4999.95"), D(10), D(25)),
                   QuoteLineRecord("Cable tray", D(7), D("0.3333"), D(0), D(25)),
                   QuoteLineRecord("Ergonomics handbook", D(2), D("199.99"), D("12.5"),
                                   D("12.5"))]
    return services.quotes.save(draft)


@needs_poppler
def test_a_quote_prints_the_seller_the_customer_the_lines_and_the_totals(
        quote, db_url, tmp_path, capsys) -> None:
    out = tmp_path / "quote.pdf"
    assert main(["--db", db_url, "print", "quote", quote.number, "--out", str(out)]) == 0
    assert capsys.readouterr().err.endswith("1 page, 3 lines\n")
    text = pdf_text(out)
    for expected in ("Nordlys ApS", "Nørregade 12", "VAT no. DK12345678", "salg@nordlys.dk",
                     "Fjord Shipping A/S", "Havnegade 4", "5000 Odense", quote.number,
                     quote.issued.strftime("%d.%m.%Y"), "Standing desk, oak",
                     "Delivery in week 12.", "Net 14 days. Bank: 1234 5678901234",
                     "Page 1 of 1"):
        assert expected in text
    assert "DENMARK" not in text  # the seller's own country gets no country line
    desk = next(line for line in text.splitlines() if "Standing desk, oak" in line)
    assert desk.split()[-5:] == ["3", "4.999,95", "10", "25", "13.499,87"]
    def total(label: str) -> str:
        return next(line for line in text.splitlines() if line.strip().startswith(label)
                    ).split(label)[1].strip()

    assert total("Subtotal") == "15.402,16 DKK"  # 14999.85 + 2.33 + 399.98
    assert total("Discount") == "-1.549,98 DKK"
    assert total("Net total") == "13.852,18 DKK"
    # 13499.87 + 2.33 at 25 %, 349.98 at 12.5 %: each rate's VAT rounded once
    assert total("VAT 25 % of 13.502,20") == "3.375,55 DKK"
    assert total("VAT 12,5 % of 349,98") == "43,75 DKK"
    assert total("Total") == "17.271,48 DKK"  # 13852.18 + 3419.30


@needs_poppler
def test_a_long_quote_continues_on_page_two_under_the_header_again(
        services, quote, db_url, tmp_path, capsys) -> None:
    record = services.quotes.get(quote.id)
    record.lines = [QuoteLineRecord(f"Office chair no. {n}", D(1), D("1000"), D(0), D(25))
                    for n in range(1, 46)]
    services.quotes.save(record)
    out = tmp_path / "long.pdf"
    assert main(["--db", db_url, "print", "quote", str(quote.id), "--out", str(out)]) == 0
    assert capsys.readouterr().err.endswith("2 pages, 45 lines\n")
    first, second = pdf_pages(out)
    for page in (first, second):
        assert "Description" in page and "Unit price" in page  # the table's header
    assert "Fjord Shipping A/S" in first and "Fjord Shipping A/S" not in second
    assert f"Quote {quote.number}, continued" in second
    assert "Office chair no. 1 " in first and "Office chair no. 45" in second
    assert "Total" not in first and "56.250,00 DKK" in second
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    if shutil.which("pdftoppm"):
        screens = Path("/work/screens")
        if screens.is_dir():  # for a person to look at; not part of the test's verdict
            subprocess.run(["pdftoppm", "-png", "-r", "70", str(out),
                            str(screens / "salesquotes-quote-long")], check=True)


@pytest.mark.parametrize(("args", "message"), [
    (["quote"], "Say which quote to print"),
    (["quote", "Q-1999-0001"], "There is no quote numbered 'Q-1999-0001'"),
    (["quote", "999"], "Quote 999 no longer exists"),
    (["quote", "1", "--search", "x"], "do not go with the quote style"),
])
def test_a_quote_that_cannot_be_printed_is_told_in_a_sentence(
        services, db_url, tmp_path, capsys, qapp, args, message) -> None:
    assert main(["--db", db_url, "print", *args, "--out", str(tmp_path / "q.pdf")]) != 0
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
