"""Leads, opportunities, quotes and products as crmdesk's JSON objects, and back.

Field names follow the records (``stage``, ``probability``, ``estimated_revenue``,
``currency``, ``estimated_close_date``, ``status``, ``actual_revenue``); amounts are
decimal strings ("1234.50": exact, as a float would not be), dates ISO 8601, links
references (``customer``: ``{"kind": "account", "id": 7}``; a lead's ``qualified_into``:
the references of what it became), read back checked (``json_values``).  The trash keeps
deleted records in this form too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from decimal import Decimal
from typing import Any

from crmdesk.exporters.json_values import (
    JsonValueError,
    amount,
    checked_fields,
    day,
    enum,
    plain,
    ref,
)
from crmdesk.records import (
    LeadRating,
    LeadRecord,
    LeadSource,
    LeadStatus,
    OpportunityRecord,
    OpportunityStatus,
    ProductRecord,
    QuoteLineRecord,
    QuoteRecord,
    StageRecord,
)

_QUALIFIED = (("account", "qualified_account_id"), ("contact", "qualified_contact_id"),
              ("opportunity", "qualified_opportunity_id"))


def lead_to_dict(record: LeadRecord) -> dict[str, Any]:
    data = {name: plain(value) for name, value in asdict(record).items()
            if not name.startswith("qualified_")}
    data["qualified_into"] = [{"kind": kind, "id": getattr(record, name)}
                              for kind, name in _QUALIFIED if getattr(record, name) is not None]
    return data


def opportunity_to_dict(record: OpportunityRecord) -> dict[str, Any]:
    data = {name: plain(value) for name, value in asdict(record).items()}
    data["customer"] = record.customer.as_json() if record.customer else None
    return data


def quote_to_dict(record: QuoteRecord) -> dict[str, Any]:
    data = {name: plain(value) for name, value in asdict(record).items() if name != "lines"}
    data["lines"] = [{name: plain(value) for name, value in asdict(line).items()}
                     for line in record.lines]
    return data


def product_to_dict(record: ProductRecord) -> dict[str, Any]:
    return {name: plain(value) for name, value in asdict(record).items()}


def stage_to_dict(record: StageRecord) -> dict[str, Any]:
    """A stage; its place in the pipeline is its place in the list."""
    return asdict(record)


def lead_from_dict(data: Any) -> LeadRecord:
    values = checked_fields(LeadRecord, data, "lead")
    values["source"] = enum(LeadSource, values.get("source", "other"), "source")
    values["rating"] = enum(LeadRating, values.get("rating", "warm"), "rating")
    values["status"] = enum(LeadStatus, values.get("status", "new"), "status")
    values["estimated_value"] = amount(values.get("estimated_value"), "estimated_value")
    for name in ("created", "modified"):
        values[name] = day(values.get(name), name, datetime)
    for item in data.get("qualified_into") or []:
        into = ref(item, "qualified_into")
        assert into is not None
        name = dict(_QUALIFIED).get(into.kind)
        if name is None:
            raise JsonValueError(f"A lead is qualified into an account, a contact or an "
                                 f"opportunity, not a {into.kind}.")
        values[name] = into.id
    return LeadRecord(**values)


def opportunity_from_dict(data: Any) -> OpportunityRecord:
    values = checked_fields(OpportunityRecord, data, "opportunity")
    values["customer"] = ref(values.get("customer"), "customer")
    values["status"] = enum(OpportunityStatus, values.get("status", "open"), "status")
    for name in ("estimated_revenue", "actual_revenue"):
        values[name] = amount(values.get(name), name)
    if values["estimated_revenue"] is None:
        values["estimated_revenue"] = Decimal(0)
    for name in ("estimated_close_date", "closed_on"):
        values[name] = day(values.get(name), name)
    for name in ("created", "modified"):
        values[name] = day(values.get(name), name, datetime)
    competitors = values.get("competitors") or []
    if not all(isinstance(c, int) and not isinstance(c, bool) for c in competitors):
        raise JsonValueError("“competitors” is a list of account ids.")
    values["competitors"] = list(competitors)
    return OpportunityRecord(**values)


def quote_from_dict(data: Any) -> QuoteRecord:
    values = checked_fields(QuoteRecord, data, "quote")
    for name in ("issued", "valid_until"):
        values[name] = day(values.get(name), name)
    for name in ("created", "modified"):
        values[name] = day(values.get(name), name, datetime)
    lines = []
    for item in values.get("lines") or []:
        line = checked_fields(QuoteLineRecord, item, "quote line")
        for name in ("quantity", "unit_price", "discount_percent", "vat_rate"):
            if name in line:
                line[name] = amount(line[name], name)
        lines.append(QuoteLineRecord(**line))
    values["lines"] = lines
    return QuoteRecord(**values)


def product_from_dict(data: Any) -> ProductRecord:
    values = checked_fields(ProductRecord, data, "product")
    for name in ("unit_price", "vat_rate"):
        if name in values:
            values[name] = amount(values[name], name)
    return ProductRecord(**values)


def stage_from_dict(data: Any) -> StageRecord:
    values = checked_fields(StageRecord, data, "stage")
    if "title" not in values or "probability" not in values:
        raise JsonValueError("A stage has a “title” and a “probability”.")
    return StageRecord(**values)


#: what reads each kind of sales object of a crmdesk JSON document
SALES_READERS: dict[str, Callable[[Any], Any]] = {
    "stage": stage_from_dict, "product": product_from_dict, "lead": lead_from_dict,
    "opportunity": opportunity_from_dict, "quote": quote_from_dict}
