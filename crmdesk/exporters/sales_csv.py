"""Leads, opportunities and quotes as CSV for a spreadsheet: one row per lead, per
opportunity, and per quote line (a quote's own columns repeated on each of its lines).

The caller opens the file as UTF-8 with BOM, as for the contacts' CSV.  Amounts are
exact decimal text with a point ("1234.50"), dates ISO 8601, so a spreadsheet reads
them as numbers and dates in any language; free text a spreadsheet would run as a
formula is defused (``neutralise``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TextIO

from crmdesk.exporters.outlook_csv import neutralise
from crmdesk.records import LeadRecord, OpportunityRecord, QuoteRecord
from crmdesk.services.money import line_net, weighted

LEAD_HEADER = [
    "ID", "First Name", "Last Name", "Company", "Job Title", "Phone", "Mobile", "E-mail",
    "Street", "Postal Code", "City", "Region", "Country", "Source", "Rating", "Status",
    "Disqualify Reason", "Estimated Value", "Currency", "Campaign", "Owner", "Notes",
    "Qualified Account", "Qualified Contact", "Qualified Opportunity", "Created", "Modified",
]
OPPORTUNITY_HEADER = [
    "ID", "Topic", "Customer Kind", "Customer ID", "Customer", "Stage", "Stage Title",
    "Probability", "Estimated Revenue", "Weighted Revenue", "Currency",
    "Estimated Close Date", "Status", "Actual Revenue", "Closed On", "Lost Reason",
    "Lost To", "Competitors", "Lead", "Campaign", "Notes", "Created", "Modified",
]
QUOTE_HEADER = [
    "Quote ID", "Number", "Title", "Opportunity", "Currency", "Issued", "Valid Until",
    "Follows Opportunity", "Notes", "Line", "Product", "Description", "Quantity",
    "Unit Price", "Discount %", "VAT %", "Line Net",
]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal | int | float):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(str(getattr(value, "value", value)))


def _write(header: list[str], rows: Iterable[list[Any]], out: TextIO) -> int:
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    n = 0
    for row in rows:
        writer.writerow([_cell(v) for v in row])
        n += 1
    return n


def write_leads_csv(records: Iterable[LeadRecord], out: TextIO) -> int:
    """The header and one row per lead; returns the number of leads."""
    return _write(LEAD_HEADER, ([
        r.id, r.first_name, r.last_name, r.company, r.job_title, r.phone, r.mobile, r.email,
        r.street, r.postal_code, r.city, r.region, r.country, r.source, r.rating, r.status,
        r.disqualify_reason, r.estimated_value, r.currency, r.campaign_id, r.owner, r.notes,
        r.qualified_account_id, r.qualified_contact_id, r.qualified_opportunity_id,
        r.created, r.modified] for r in records), out)


def write_opportunities_csv(records: Iterable[OpportunityRecord], out: TextIO,
                            stage_titles: Mapping[str, str]) -> int:
    """The header and one row per opportunity (its weighted revenue beside the revenue);
    returns the number of opportunities."""
    return _write(OPPORTUNITY_HEADER, ([
        r.id, r.topic, r.customer.kind if r.customer else "",
        r.customer.id if r.customer else None, r.customer_name, r.stage,
        stage_titles.get(r.stage, r.stage), r.probability, r.estimated_revenue,
        weighted(r.estimated_revenue, r.probability or 0), r.currency,
        r.estimated_close_date, r.status, r.actual_revenue, r.closed_on, r.lost_reason,
        r.lost_to_id, ";".join(map(str, r.competitors)), r.lead_id, r.campaign_id, r.notes,
        r.created, r.modified] for r in records), out)


def write_quotes_csv(records: Iterable[QuoteRecord], out: TextIO) -> int:
    """The header and one row per quote line (a quote without lines: one row with the
    line's columns empty); returns the number of quotes."""
    count = 0

    def rows() -> Iterable[list[Any]]:
        nonlocal count
        for q in records:
            count += 1
            head = [q.id, q.number, q.title, q.opportunity_id, q.currency, q.issued,
                    q.valid_until, q.follows_opportunity, q.notes]
            if not q.lines:
                yield head + [None] * 8
            for n, line in enumerate(q.lines, 1):
                yield head + [n, line.product_id, line.description, line.quantity,
                              line.unit_price, line.discount_percent, line.vat_rate,
                              line_net(line)]

    _write(QUOTE_HEADER, rows(), out)
    return count
