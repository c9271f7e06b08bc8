"""What cases and campaign memberships do when the contact, account or lead they name is
saved or deleted (inside the caller's transaction): a case follows its customer's name and,
once the customer is gone, stays under the name it had; a membership goes with its
member (the member's responses stay, without a member)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, delete, select, update
from sqlalchemy.orm import Session

from crmdesk.kinds import RecordRef
from crmdesk.kinds.service import CASE
from crmdesk.models import CampaignMember, Case
from crmdesk.services.bulk import chunks
from crmdesk.services.search_index import SearchIndex


def let_go(session: Session, kind: str, ids: Sequence[int]) -> None:
    """Contacts, accounts or leads are being deleted: their cases forget the customer's
    id (keeping its name), their memberships go."""
    for chunk in chunks(list(ids)):
        session.execute(update(Case).where(Case.customer_kind == kind,
                                           Case.customer_id.in_(chunk))
                        .values(customer_id=None)
                        .execution_options(synchronize_session=False))
        session.execute(delete(CampaignMember).where(CampaignMember.member_kind == kind,
                                                     CampaignMember.member_id.in_(chunk))
                        .execution_options(synchronize_session=False))


def follow(session: Session, index: SearchIndex, ref: RecordRef, name: str,
           region: str) -> None:
    """A contact, account or lead was saved: its cases and memberships show the name it
    has now."""
    rows = session.scalars(select(Case).where(
        Case.customer_kind == ref.kind, Case.customer_id == ref.id,
        Case.customer_name != name)).all()
    for row in rows:
        row.customer_name = name
        CASE.derive_columns(row, region)
    if rows:
        session.flush()
        index.refresh(session, Case, [row.id for row in rows])
    session.execute(update(CampaignMember).where(and_(
        CampaignMember.member_kind == ref.kind, CampaignMember.member_id == ref.id,
        CampaignMember.member_name != name)).values(member_name=name)
        .execution_options(synchronize_session=False))
