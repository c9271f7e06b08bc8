"""The bulk writer's named rows are their tables' columns: a column added to a model is
either written by the bulk paths too or left out here on purpose (NULL or its default)."""

from __future__ import annotations

import pytest

from crmdesk.models import (
    Account,
    Address,
    Campaign,
    CampaignMember,
    CampaignResponse,
    Case,
    CaseSubject,
    Contact,
    Email,
    Lead,
    Opportunity,
    Phone,
    Photo,
    Quote,
    QuoteLine,
    contact_category,
    opportunity_competitor,
)
from crmdesk.models.activity import Activity, Participant, activity_category
from crmdesk.services import table_rows as rows
from crmdesk.services.derive import AccountColumns, ContactColumns

#: row type -> (table, the columns it leaves out)
ROWS = {
    rows.ContactRow: (Contact.__table__, set()),
    rows.AccountRow: (Account.__table__, {"parent_id", "primary_contact_id"}),
    rows.PhoneRow: (Phone.__table__, {"id", "account_id"}),
    rows.EmailRow: (Email.__table__, {"id", "account_id"}),
    rows.AddressRow: (Address.__table__, {"id", "account_id"}),
    rows.AccountPhoneRow: (Phone.__table__, {"id", "contact_id"}),
    rows.AccountEmailRow: (Email.__table__, {"id", "contact_id"}),
    rows.AccountAddressRow: (Address.__table__, {"id", "contact_id"}),
    rows.PhotoRow: (Photo.__table__, set()),
    rows.CategoryLinkRow: (contact_category, set()),
    rows.ActivityRow: (Activity.__table__, set()),
    rows.ParticipantRow: (Participant.__table__, {"id"}),
    rows.ActivityCategoryRow: (activity_category, set()),
    rows.LeadTableRow: (Lead.__table__, {"campaign_id"}),
    rows.OpportunityTableRow: (Opportunity.__table__, {"campaign_id"}),
    rows.CompetitorRow: (opportunity_competitor, set()),
    rows.QuoteTableRow: (Quote.__table__, set()),
    rows.QuoteLineTableRow: (QuoteLine.__table__, {"id"}),
    rows.CaseTableRow: (Case.__table__, set()),
    rows.CampaignTableRow: (Campaign.__table__, set()),
    rows.CampaignMemberTableRow: (CampaignMember.__table__, set()),
    rows.CampaignResponseTableRow: (CampaignResponse.__table__, set()),
    rows.CaseSubjectTableRow: (CaseSubject.__table__, set()),
}


@pytest.mark.parametrize("row", list(ROWS), ids=lambda r: r.__name__)
def test_a_row_type_names_its_tables_columns(row: type) -> None:
    table, left_out = ROWS[row]
    assert len(set(row._fields)) == len(row._fields)
    assert set(row._fields) == {c.name for c in table.columns} - left_out


def test_the_derived_columns_end_the_party_rows() -> None:
    assert rows.ContactRow._fields[-len(ContactColumns._fields):] == ContactColumns._fields
    assert rows.AccountRow._fields[-len(AccountColumns._fields):] == AccountColumns._fields
