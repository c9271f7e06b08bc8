"""Cases and campaigns (with their members and responses) as crmdesk's JSON objects, and
back.

Field names follow the records, as the sales objects' do (``exporters.sales_json``): a
case has ``ticket_number``, ``status``, ``priority``, ``customer`` (``{"kind", "id"}``),
``created`` and ``resolved`` (when it was resolved or cancelled); a campaign has
``budget``, ``actual_cost``, ``expected_revenue`` (decimal strings), ``members``
(``{"id", "member": {"kind", "id"}, "name", "added"}``) and ``responses`` (``{"id",
"member_id", "responded_on", "channel", "outcome", "lead_id"}``, ``member_id`` the id of
one of its members).  A whole export adds the case ``subjects`` (``{"id", "name",
"parent_id", "position"}``).  The trash keeps deleted cases and campaigns in this form
too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime
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
from crmdesk.kinds import RecordRef
from crmdesk.records import (
    MEMBER_KINDS,
    CampaignRecord,
    CampaignStatus,
    CampaignType,
    CaseOrigin,
    CasePriority,
    CaseRecord,
    CaseStatus,
    CaseSubjectRecord,
    CaseType,
    MemberRecord,
    ResponseChannel,
    ResponseRecord,
)


def case_to_dict(record: CaseRecord) -> dict[str, Any]:
    data = {name: plain(value) for name, value in asdict(record).items()
            if name != "resolved_at"}
    data["customer"] = record.customer.as_json() if record.customer else None
    data["resolved"] = plain(record.resolved_at)
    return data


def case_from_dict(data: Any) -> CaseRecord:
    values = checked_fields(CaseRecord, data, "case")
    values["customer"] = ref(values.get("customer"), "customer")
    values["case_type"] = enum(CaseType, values.get("case_type", "question"), "case_type")
    values["origin"] = enum(CaseOrigin, values.get("origin", "phone"), "origin")
    values["priority"] = enum(CasePriority, values.get("priority", "normal"), "priority")
    values["status"] = enum(CaseStatus, values.get("status", "new"), "status")
    values["follow_up"] = day(values.get("follow_up"), "follow_up")
    values["resolved_at"] = day(data.get("resolved"), "resolved", datetime)
    for name in ("created", "modified"):
        values[name] = day(values.get(name), name, datetime)
    return CaseRecord(**values)


def campaign_to_dict(record: CampaignRecord, members: list[MemberRecord],
                     responses: list[ResponseRecord]) -> dict[str, Any]:
    data = {name: plain(value) for name, value in asdict(record).items()}
    data["members"] = [{"id": m.id, "member": m.ref.as_json(), "name": m.name,
                        "added": m.added.isoformat()} for m in members]
    data["responses"] = [{"id": r.id, "member_id": r.member_id,
                          "responded_on": r.responded_on.isoformat(),
                          "channel": r.channel.value, "outcome": r.outcome,
                          "lead_id": r.lead_id} for r in responses]
    return data


def campaign_from_dict(data: Any) -> tuple[CampaignRecord, list[MemberRecord],
                                           list[ResponseRecord]]:
    """The campaign, its members and its responses (ids as the file has them)."""
    values = checked_fields(CampaignRecord, data, "campaign")
    values["campaign_type"] = enum(CampaignType, values.get("campaign_type", "email"),
                                    "campaign_type")
    values["status"] = enum(CampaignStatus, values.get("status", "planned"), "status")
    for name in ("budget", "actual_cost", "expected_revenue"):
        values[name] = amount(values.get(name), name)
    for name in ("start", "end"):
        values[name] = day(values.get(name), name)
    for name in ("created", "modified"):
        values[name] = day(values.get(name), name, datetime)
    record = CampaignRecord(**values)
    members = []
    for item in data.get("members") or []:
        if not isinstance(item, dict) or not isinstance(item.get("id"), int):
            raise JsonValueError("A campaign member is an object with an “id”.")
        member = ref(item.get("member"), "member")
        if member is None or member.kind not in MEMBER_KINDS:
            raise JsonValueError("A campaign member is a contact, an account or a lead.")
        members.append(MemberRecord(item["id"], RecordRef(member.kind, member.id),
                                    str(item.get("name") or ""),
                                    day(item.get("added"), "added") or date.today()))
    responses = []
    for item in data.get("responses") or []:
        if not isinstance(item, dict) or not isinstance(item.get("id"), int):
            raise JsonValueError("A campaign response is an object with an “id”.")
        member_id, lead_id = item.get("member_id"), item.get("lead_id")
        if not all(v is None or (isinstance(v, int) and not isinstance(v, bool))
                   for v in (member_id, lead_id)):
            raise JsonValueError("A response's “member_id” and “lead_id” are ids or null.")
        responded = day(item.get("responded_on"), "responded_on")
        if responded is None:
            raise JsonValueError("A campaign response has the day it came, “responded_on”.")
        responses.append(ResponseRecord(
            item["id"], record.id or 0, member_id, "", responded,
            enum(ResponseChannel, item.get("channel", "other"), "channel"),
            str(item.get("outcome") or ""), lead_id))
    return record, members, responses


def subject_to_dict(record: CaseSubjectRecord) -> dict[str, Any]:
    return asdict(record)


def subject_from_dict(data: Any) -> CaseSubjectRecord:
    values = checked_fields(CaseSubjectRecord, data, "subject")
    if not str(values.get("name") or "").strip():
        raise JsonValueError("A subject has a “name”.")
    return CaseSubjectRecord(**values)


#: what reads each kind of service object of a crmdesk JSON document
SERVICE_READERS: dict[str, Callable[[Any], Any]] = {
    "subject": subject_from_dict, "case": case_from_dict, "campaign": campaign_from_dict}
