"""Contact and account data kept as JSON: in an import batch, to undo a merge, and in
the trash (``services.trash``), to restore a deleted record.

A merge keeps what it added (``dumps_added``); imports made before that kept the
whole record as it was before the merge (``loads``), and still undo from it.
"""

from __future__ import annotations

import base64
import json
from dataclasses import fields
from datetime import date
from typing import Any, TypeVar

from crmdesk.exporters import record_to_dict
from crmdesk.records import (
    AccountRecord,
    AddressEntry,
    ContactRecord,
    CustomField,
    EmailEntry,
    PhoneEntry,
    Relationship,
)
from crmdesk.services.importing.merge import Added

RecordT = TypeVar("RecordT", ContactRecord, AccountRecord)

_CHILD = {"phones": PhoneEntry, "emails": EmailEntry, "addresses": AddressEntry,
          "custom_fields": CustomField}


def dumps(record: ContactRecord) -> str:
    return json.dumps(record_to_dict(record), ensure_ascii=False)


def loads(text: str) -> ContactRecord:
    return contact_from(json.loads(text))


def contact_from(data: dict[str, Any]) -> ContactRecord:
    """A contact from ``record_to_dict``'s form (keys it does not know are ignored)."""
    return _record_from(ContactRecord, data)


def account_from(data: dict[str, Any]) -> AccountRecord:
    """An account from ``record_to_dict``'s form (keys it does not know are ignored)."""
    return _record_from(AccountRecord, data)


def _record_from(cls: type[RecordT], data: dict[str, Any]) -> RecordT:
    names = {f.name for f in fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in names:
            continue
        if key in _CHILD:
            value = [_CHILD[key](**item) for item in value or []]
        elif key == "relationships":
            value = [Relationship(v) for v in value or []]
        elif key == "birthday":
            value = date.fromisoformat(value) if value else None
        elif key == "photo":
            value = base64.b64decode(value) if value else None
        kwargs[key] = value
    return cls(**kwargs)


def dumps_added(added: Added) -> str:
    """``added`` as compact JSON: only what the merge added (most merges add a field or
    a phone), entries as lists of their values."""
    data: dict[str, Any] = {}
    if added.fields:
        data["fields"] = added.fields
    if added.birthday is not None:
        data["birthday"] = added.birthday.isoformat()
    if added.account_id is not None:
        data["account"] = [added.account_id, added.company]
    if added.photo:
        data["photo"] = [base64.b64encode(added.photo).decode("ascii"), added.photo_mime]
    for name in _CHILD:
        if entries := getattr(added, name):
            data[name] = [list(vars(e).values()) for e in entries]
    if added.categories:
        data["categories"] = added.categories
    if added.relationships:
        data["relationships"] = [r.value for r in added.relationships]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def loads_added(text: str) -> Added:
    data: dict[str, Any] = json.loads(text)
    account_id, company = data.get("account") or (None, "")
    photo, mime = data.get("photo") or (None, "")
    return Added(
        fields=data.get("fields", {}),
        birthday=date.fromisoformat(data["birthday"]) if "birthday" in data else None,
        account_id=account_id, company=company,
        photo=base64.b64decode(photo) if photo else None, photo_mime=mime,
        phones=[PhoneEntry(*v) for v in data.get("phones", [])],
        emails=[EmailEntry(*v) for v in data.get("emails", [])],
        addresses=[AddressEntry(*v) for v in data.get("addresses", [])],
        custom_fields=[CustomField(*v) for v in data.get("custom_fields", [])],
        categories=data.get("categories", []),
        relationships=[Relationship(r) for r in data.get("relationships", [])])
