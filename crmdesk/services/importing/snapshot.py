"""Contact data kept in an import batch as JSON, to undo a merge.

A merge keeps what it added (``dumps_added``); imports made before that kept the
whole record as it was before the merge (``loads``), and still undo from it.
"""

from __future__ import annotations

import base64
import json
from dataclasses import fields
from datetime import date
from typing import Any

from crmdesk.exporters import record_to_dict
from crmdesk.records import (
    AddressEntry,
    ContactRecord,
    CustomField,
    EmailEntry,
    PhoneEntry,
    Relationship,
)
from crmdesk.services.importing.merge import Added

_CHILD = {"phones": PhoneEntry, "emails": EmailEntry, "addresses": AddressEntry,
          "custom_fields": CustomField}


def dumps(record: ContactRecord) -> str:
    return json.dumps(record_to_dict(record), ensure_ascii=False)


def loads(text: str) -> ContactRecord:
    data: dict[str, Any] = json.loads(text)
    names = {f.name for f in fields(ContactRecord)}
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
    return ContactRecord(**kwargs)


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
