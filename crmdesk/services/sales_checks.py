"""Checks a lead, opportunity, product or quote form runs before saving; each problem is
a sentence for one field (keys as ``validation``: the field's name, ``lines.N``)."""

from __future__ import annotations

from decimal import Decimal

from crmdesk.models.sales import to_units
from crmdesk.records import (
    CUSTOMER_KINDS,
    LeadRecord,
    OpportunityRecord,
    ProductRecord,
    QuoteRecord,
)
from crmdesk.services import phones
from crmdesk.services.validation import CONTROL, Known, Problems, email_problem

#: the largest amount stored: ten-thousandths in a signed 64-bit integer, with room to sum
LARGEST = Decimal(10) ** 12


def amount_problem(value: Decimal | None, what: str, *, negative: bool = False) -> str | None:
    """Why ``value`` cannot be stored as an amount (too exact, too large, negative)."""
    if value is None:
        return None
    try:
        to_units(value)
    except ValueError as exc:
        return str(exc)
    if value < 0 and not negative:
        return f"The {what} cannot be negative."
    if abs(value) >= LARGEST:
        return f"The {what} is too large; crmdesk keeps amounts below 1,000,000,000,000."
    return None


def currency_problem(code: str) -> str | None:
    if code == "" or (len(code) == 3 and code.isascii() and code.isalpha()):
        return None
    return f"“{code}” is not a currency code; write three letters, such as DKK or EUR."


def check_lead(record: LeadRecord, region: str, known: Known = frozenset()) -> Problems:
    problems: Problems = {}
    if not any(v.strip() for v in (record.first_name, record.last_name, record.company)):
        problems["name"] = "Enter a name or a company."
    for name in ("first_name", "last_name", "company", "job_title", "city"):
        if CONTROL.search(getattr(record, name)):
            problems.setdefault("name" if name.endswith("_name") else name,
                                "Remove the control characters (such as a tab or a line "
                                "break) from this field.")
    email = record.email.strip()
    if email and email not in known and (msg := email_problem(email)):
        problems["email"] = msg
    for name in ("phone", "mobile"):
        number = getattr(record, name).strip()
        if number and number not in known:
            try:
                phones.parse(number, region)
            except phones.PhoneError as exc:
                problems[name] = str(exc)
    if msg := amount_problem(record.estimated_value, "estimated value"):
        problems["estimated_value"] = msg
    if msg := currency_problem(record.currency.strip().upper()):
        problems["currency"] = msg
    return problems


def check_opportunity(record: OpportunityRecord) -> Problems:
    problems: Problems = {}
    if not record.topic.strip():
        problems["topic"] = "Enter the topic: what is being sold."
    elif CONTROL.search(record.topic):
        problems["topic"] = ("Remove the control characters (such as a tab or a line break) "
                             "from the topic.")
    if record.customer is None:
        problems["customer"] = "Choose the customer: a contact or an account."
    elif record.customer.kind not in CUSTOMER_KINDS:
        problems["customer"] = "The customer is a contact or an account."
    if msg := amount_problem(record.estimated_revenue, "estimated revenue"):
        problems["estimated_revenue"] = msg
    if msg := currency_problem(record.currency.strip().upper()):
        problems["currency"] = msg
    if record.probability_overridden and not (
            record.probability is not None and 0 <= record.probability <= 100):
        problems["probability"] = "The probability is a whole number from 0 to 100 (%)."
    return problems


def check_product(record: ProductRecord) -> Problems:
    problems: Problems = {}
    if not record.name.strip():
        problems["name"] = "Enter the product's name."
    if msg := amount_problem(record.unit_price, "unit price"):
        problems["unit_price"] = msg
    if msg := rate_problem(record.vat_rate, "VAT rate"):
        problems["vat_rate"] = msg
    if msg := currency_problem(record.currency.strip().upper()):
        problems["currency"] = msg
    return problems


def rate_problem(value: Decimal, what: str) -> str | None:
    if msg := amount_problem(value, what):
        return msg
    if value > 100:
        return f"The {what} is a percentage from 0 to 100."
    return None


def check_quote(record: QuoteRecord) -> Problems:
    problems: Problems = {}
    if record.opportunity_id is None:
        problems["opportunity"] = "A quote is made from an opportunity; choose one."
    if msg := currency_problem(record.currency.strip().upper()):
        problems["currency"] = msg
    if record.issued and record.valid_until and record.valid_until < record.issued:
        problems["valid_until"] = "The quote cannot expire before it is issued."
    for i, line in enumerate(record.lines):
        msg = (amount_problem(line.quantity, "quantity")
               or amount_problem(line.unit_price, "unit price", negative=True)
               or rate_problem(line.discount_percent, "discount")
               or rate_problem(line.vat_rate, "VAT rate"))
        if msg is None and not (line.description.strip() or line.product_id is not None):
            msg = "Describe the line, or choose a product."
        if msg:
            problems[f"lines.{i}"] = f"Line {i + 1}: {msg}"
    return problems
