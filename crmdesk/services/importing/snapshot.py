"""A contact record as JSON, kept in an import batch to revert a merge on undo."""

from __future__ import annotations

import base64
import json
from dataclasses import fields
from datetime import date
from typing import Any

from crmdesk.exporters import record_to_dict
from crmdesk.records import AddressEntry, ContactRecord, EmailEntry, PhoneEntry, Relationship

_CHILD = {"phones": PhoneEntry, "emails": EmailEntry, "addresses": AddressEntry}


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
