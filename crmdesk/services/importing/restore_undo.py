"""Undoing a restore from crmdesk's JSON: the leads, opportunities, quotes, cases,
campaigns and activities it created go, by the rules undo follows for contacts
(``batches``).

A restored record keeps the time it was created in the file, so its item holds that time
(``ImportItem.added``), and an item applies only to the record created then (an id comes
back once its record is gone).  One the user edited since (its version moved) goes only
with ``force``, and so does an opportunity holding a quote made since (which would go
with it).  Activities go first (a series with its changed occurrences), then quotes,
cases, campaigns (with their members and responses; the leads and opportunities that
stay forget them), opportunities and leads; activities made since about a record that
goes stay in the history under its name.  Stages and products a restore brought stay: the
pipeline and the price list are the user's settings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from crmdesk.models import Campaign, Case, ImportBatch, ImportItem, Lead, Opportunity, Quote
from crmdesk.models.activity import Activity
from crmdesk.services import service_links
from crmdesk.services.activities import ActivityService
from crmdesk.services.bulk import chunks

#: kind -> (table, the column naming a record for the user); deleted in this order
_KINDS: dict[str, tuple[Any, Any]] = {
    "activity": (Activity, Activity.subject), "quote": (Quote, Quote.number),
    "case": (Case, Case.ticket_number), "campaign": (Campaign, Campaign.display_name),
    "opportunity": (Opportunity, Opportunity.display_name),
    "lead": (Lead, Lead.display_name)}


@dataclass
class RestorePlan:
    """What undoing one batch does to the records it restored."""

    delete: dict[str, list[int]] = field(default_factory=lambda: {k: [] for k in _KINDS})
    conflicts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RestoreUndone:
    activities: int = 0
    quotes: int = 0
    cases: int = 0
    campaigns: int = 0
    opportunities: int = 0
    leads: int = 0


def plan(session: Session, batch: ImportBatch) -> RestorePlan:
    out = RestorePlan()
    items: dict[str, dict[int, tuple[int, str]]] = {k: {} for k in _KINDS}
    for kind, rid, version, added in session.execute(
            select(ImportItem.kind, ImportItem.party_id, ImportItem.version_after,
                   ImportItem.added).where(ImportItem.batch_id == batch.id,
                                           ImportItem.action == "restored")):
        if kind in items:
            items[kind][rid] = (version, json.loads(added or "{}").get("created", ""))
    for kind, (model, name) in _KINDS.items():
        for chunk in chunks(items[kind]):
            for rid, created, version, shown in session.execute(
                    select(model.id, model.created, model.version, name)
                    .where(model.id.in_(chunk))):
                version_after, when = items[kind][rid]
                if created.isoformat() != when:
                    continue  # another record under the id since
                if version != version_after:
                    out.conflicts.append(shown or f"{kind} {rid}")
                out.delete[kind].append(rid)
    going = set(out.delete["quote"])
    for chunk in chunks(out.delete["opportunity"]):
        out.conflicts += [f"{shown}: quote {number}" for qid, shown, number in session.execute(
            select(Quote.id, Opportunity.display_name, Quote.number)
            .join(Quote, Quote.opportunity_id == Opportunity.id)
            .where(Opportunity.id.in_(chunk))) if qid not in going]
    return out


def apply(session: Session, out: RestorePlan, index: Any) -> RestoreUndone:
    """Delete what ``plan`` found, in the order the links need."""
    for kind, (model, _) in _KINDS.items():
        for chunk in chunks(out.delete[kind]):
            if kind != "quote" and kind != "activity":
                ActivityService.let_go(session, kind, chunk, delete_them=False)
                index.remove(session, model, chunk)
            if kind == "campaign":
                for traced in (Lead, Opportunity):
                    session.execute(update(traced).where(traced.campaign_id.in_(chunk))
                                    .values(campaign_id=None)
                                    .execution_options(synchronize_session=False))
            if kind == "lead":
                service_links.let_go(session, "lead", chunk)
            # a series takes its changed occurrences along (ON DELETE CASCADE)
            session.execute(delete(model).where(model.id.in_(chunk))
                            .execution_options(synchronize_session=False))
    return RestoreUndone(*(len(out.delete[kind]) for kind in _KINDS))
