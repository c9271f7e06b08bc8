"""The values of crmdesk's JSON objects, written and read back checked: what the sales
records (``sales_json``) and the activities (``activity_json``) share.

Amounts are decimal strings ("1234.50": exact, as a float would not be), dates and times
ISO 8601, enums their text, links references (``{"kind": "account", "id": 7}``).  A value
of the wrong shape is a :class:`JsonValueError` whose message is one sentence naming the
field, which the import reports with the record's line.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any, get_type_hints

from crmdesk.kinds import RecordRef


class JsonValueError(ValueError):
    """An object in a JSON file that is not what its kind holds; one sentence."""


def plain(value: Any) -> Any:
    """A record's value as JSON: amounts and times as text, an enum as its text."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return getattr(value, "value", value)  # an enum's text


_PLAIN: dict[str, tuple[type, ...]] = {"str": (str,), "int": (int,), "bool": (bool,),
                                       "float": (int, float)}


@cache
def _plain_fields(cls: type) -> dict[str, tuple[tuple[type, ...], bool]]:
    """The fields of ``cls`` that hold plain JSON values: their types and whether null
    is allowed (amounts, dates and enums are read by their own functions)."""
    out = {}
    for name, hint in get_type_hints(cls).items():
        parts = [p.strip() for p in str(getattr(hint, "__name__", None) or hint).split("|")]
        nullable = "None" in parts or "NoneType" in parts
        kinds = [p for p in parts if p not in ("None", "NoneType")]
        if len(kinds) == 1 and kinds[0] in _PLAIN:
            out[name] = (_PLAIN[kinds[0]], nullable)
    return out


def checked_fields(cls: type, data: Any, what: str) -> dict[str, Any]:
    """The known fields of ``data``, those holding text, numbers or true/false checked."""
    if not isinstance(data, dict):
        raise JsonValueError(f"A {what} is a JSON object, not {type(data).__name__}.")
    known = _plain_fields(cls)
    values = {f.name: data[f.name] for f in fields(cls) if f.name in data}
    for name, value in values.items():
        if name not in known:
            continue
        types, nullable = known[name]
        wrong_bool = isinstance(value, bool) and bool not in types
        if (value is None and not nullable) or (value is not None and (
                wrong_bool or not isinstance(value, types))):
            wanted = {str: "text", int: "a whole number", bool: "true or false",
                      float: "a number"}[types[-1]]
            raise JsonValueError(f"“{name}” should be {wanted}, not {value!r}.")
    return values


def amount(value: Any, name: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise JsonValueError(f"“{name}” is an amount written as text (\"1234.50\"), not "
                             f"{value!r}.")
    try:
        found = Decimal(value)
    except ArithmeticError:
        raise JsonValueError(f"“{name}” is not a number: {value!r}.") from None
    if not found.is_finite():
        raise JsonValueError(f"“{name}” is not a number: {value!r}.")
    units = found.scaleb(4)  # stored as ten-thousandths in a 64-bit whole number
    if units != units.to_integral_value() or abs(found) >= 10 ** 14:
        raise JsonValueError(f"“{name}” holds more than 4 decimals or is too large to "
                             f"store: {value!r}.")
    return found


def day(value: Any, name: str, kind: type[date] = date) -> Any:
    """A date (or, with ``kind=datetime``, a time) written in ISO 8601; None stays None."""
    if value is None:
        return None
    try:
        return kind.fromisoformat(value)
    except (TypeError, ValueError):
        shape = "YYYY-MM-DD" if kind is date else "YYYY-MM-DDTHH:MM:SS"
        raise JsonValueError(f"“{name}” is not a date ({shape}): {value!r}.") from None


def enum(cls: Any, value: Any, name: str) -> Any:
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(m.value for m in cls)
        raise JsonValueError(f"“{name}” is one of {allowed}, not {value!r}.") from None


def ref(value: Any, name: str) -> RecordRef | None:
    if value is None:
        return None
    if not (isinstance(value, dict) and set(value) == {"kind", "id"}
            and isinstance(value["kind"], str) and isinstance(value["id"], int)
            and not isinstance(value["id"], bool)):
        raise JsonValueError(f"“{name}” is a reference {{\"kind\": ..., \"id\": ...}}, not "
                             f"{value!r}.")
    return RecordRef(value["kind"], value["id"])
