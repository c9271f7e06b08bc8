"""Leads, opportunities, quotes and products as crmdesk's JSON objects, and back.

Field names follow the records (``stage``, ``probability``, ``estimated_revenue``,
``currency``, ``estimated_close_date``, ``status``, ``actual_revenue``); amounts are
decimal strings ("1234.50": exact, as a float would not be), dates ISO 8601, links
references (``customer``: ``{"kind": "account", "id": 7}``; a lead's ``qualified_into``:
the references of what it became).  The trash keeps deleted records in this form too.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from crmdesk.kinds import RecordRef
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
)

_QUALIFIED = (("account", "qualified_account_id"), ("contact", "qualified_contact_id"),
              ("opportunity", "qualified_opportunity_id"))


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return getattr(value, "value", value)  # an enum's text


def lead_to_dict(record: LeadRecord) -> dict[str, Any]:
    data = {name: _plain(value) for name, value in asdict(record).items()
            if not name.startswith("qualified_")}
    data["qualified_into"] = [{"kind": kind, "id": getattr(record, name)}
                              for kind, name in _QUALIFIED if getattr(record, name) is not None]
    return data


def opportunity_to_dict(record: OpportunityRecord) -> dict[str, Any]:
    data = {name: _plain(value) for name, value in asdict(record).items()}
    data["customer"] = record.customer.as_json() if record.customer else None
    return data


def quote_to_dict(record: QuoteRecord) -> dict[str, Any]:
    data = {name: _plain(value) for name, value in asdict(record).items() if name != "lines"}
    data["lines"] = [{name: _plain(value) for name, value in asdict(line).items()}
                     for line in record.lines]
    return data


def product_to_dict(record: ProductRecord) -> dict[str, Any]:
    return {name: _plain(value) for name, value in asdict(record).items()}


class SalesJsonError(ValueError):
    """A sales object in a JSON file that is not one; the message is one sentence."""


def _fields(cls: type, data: Any, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise SalesJsonError(f"A {what} is a JSON object, not {type(data).__name__}.")
    return {f.name: data[f.name] for f in fields(cls) if f.name in data}


def _decimal(value: Any, name: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise SalesJsonError(f"“{name}” is an amount written as text (\"1234.50\"), not "
                             f"{value!r}.")
    try:
        return Decimal(value)
    except ArithmeticError:
        raise SalesJsonError(f"“{name}” is not a number: {value!r}.") from None


def _date(value: Any, name: str, kind: type[date] = date) -> Any:
    if value is None:
        return None
    try:
        return kind.fromisoformat(value)
    except (TypeError, ValueError):
        raise SalesJsonError(f"“{name}” is not a date (YYYY-MM-DD): {value!r}.") from None


def _enum(enum: Any, value: Any, name: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise SalesJsonError(f"“{name}” is one of {allowed}, not {value!r}.") from None


def _ref(value: Any, name: str) -> RecordRef | None:
    if value is None:
        return None
    if not (isinstance(value, dict) and set(value) == {"kind", "id"}
            and isinstance(value["kind"], str) and isinstance(value["id"], int)
            and not isinstance(value["id"], bool)):
        raise SalesJsonError(f"“{name}” is a reference {{\"kind\": ..., \"id\": ...}}, not "
                             f"{value!r}.")
    return RecordRef(value["kind"], value["id"])


def lead_from_dict(data: Any) -> LeadRecord:
    values = _fields(LeadRecord, data, "lead")
    values["source"] = _enum(LeadSource, values.get("source", "other"), "source")
    values["rating"] = _enum(LeadRating, values.get("rating", "warm"), "rating")
    values["status"] = _enum(LeadStatus, values.get("status", "new"), "status")
    values["estimated_value"] = _decimal(values.get("estimated_value"), "estimated_value")
    for name in ("created", "modified"):
        values[name] = _date(values.get(name), name, datetime)
    for item in data.get("qualified_into") or []:
        ref = _ref(item, "qualified_into")
        assert ref is not None
        name = dict(_QUALIFIED).get(ref.kind)
        if name is None:
            raise SalesJsonError(f"A lead is qualified into an account, a contact or an "
                                 f"opportunity, not a {ref.kind}.")
        values[name] = ref.id
    return LeadRecord(**values)


def opportunity_from_dict(data: Any) -> OpportunityRecord:
    values = _fields(OpportunityRecord, data, "opportunity")
    values["customer"] = _ref(values.get("customer"), "customer")
    values["status"] = _enum(OpportunityStatus, values.get("status", "open"), "status")
    for name in ("estimated_revenue", "actual_revenue"):
        values[name] = _decimal(values.get(name), name)
    if values["estimated_revenue"] is None:
        values["estimated_revenue"] = Decimal(0)
    for name in ("estimated_close_date", "closed_on"):
        values[name] = _date(values.get(name), name)
    for name in ("created", "modified"):
        values[name] = _date(values.get(name), name, datetime)
    competitors = values.get("competitors") or []
    if not all(isinstance(c, int) and not isinstance(c, bool) for c in competitors):
        raise SalesJsonError("“competitors” is a list of account ids.")
    values["competitors"] = list(competitors)
    return OpportunityRecord(**values)


def quote_from_dict(data: Any) -> QuoteRecord:
    values = _fields(QuoteRecord, data, "quote")
    for name in ("issued", "valid_until"):
        values[name] = _date(values.get(name), name)
    for name in ("created", "modified"):
        values[name] = _date(values.get(name), name, datetime)
    lines = []
    for item in values.get("lines") or []:
        line = _fields(QuoteLineRecord, item, "quote line")
        for name in ("quantity", "unit_price", "discount_percent", "vat_rate"):
            if name in line:
                line[name] = _decimal(line[name], name)
        lines.append(QuoteLineRecord(**line))
    values["lines"] = lines
    return QuoteRecord(**values)


def product_from_dict(data: Any) -> ProductRecord:
    values = _fields(ProductRecord, data, "product")
    for name in ("unit_price", "vat_rate"):
        if name in values:
            values[name] = _decimal(values[name], name)
    return ProductRecord(**values)
