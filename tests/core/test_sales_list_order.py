"""The opportunities list by close date: the soonest first, and those nobody has dated
last, whichever the direction (as every list puts its blanks)."""

from __future__ import annotations

from datetime import date

from crmdesk.kinds import RecordRef
from crmdesk.records import AccountRecord, OpportunityRecord
from crmdesk.services.listing import ListQuery


def test_undated_opportunities_come_last_both_ways(services) -> None:
    customer = RecordRef("account", services.accounts.save(AccountRecord(name="Kunde")).id)

    def deal(topic: str, close: date | None) -> int:
        return services.opportunities.save(OpportunityRecord(
            topic=topic, customer=customer, estimated_close_date=close)).id

    undated = deal("Some day", None)
    june = deal("June", date(2027, 6, 1))
    march = deal("March", date(2027, 3, 1))
    also_undated = deal("Never", None)
    opportunities = services.opportunities
    for query in (ListQuery(sort="close"), ListQuery(sort="close", filters=("open",))):
        assert list(opportunities.ids(query)) == [march, june, undated, also_undated]
    assert list(opportunities.ids(ListQuery(sort="close", descending=True))) == [
        june, march, also_undated, undated]
    assert list(opportunities.ids(ListQuery(sort="close"), limit=3)) == [march, june, undated]
