"""The accounts an opportunity may be lost to: those with the competitor relationship."""

from __future__ import annotations

from crmdesk.records import AccountRecord, Relationship
from crmdesk.services.listing import ListQuery


def test_only_accounts_with_the_relationship_pass_its_filter(services) -> None:
    accounts = services.accounts
    rival = accounts.save(AccountRecord(name="Rival A/S", relationships=[
        Relationship.PARTNER, Relationship.COMPETITOR]))
    also = accounts.save(AccountRecord(name="Copycat ApS",
                                       relationships=[Relationship.COMPETITOR]))
    accounts.save(AccountRecord(name="Friendly ApS", relationships=[Relationship.CUSTOMER]))
    accounts.save(AccountRecord(name="Unlabelled ApS"))
    competitors = ListQuery(filters=("relationship:competitor",))
    assert set(accounts.ids(competitors)) == {rival.id, also.id}
    assert list(accounts.ids(ListQuery(filters=("relationship:customer",))))
    assert not accounts.ids(ListQuery(filters=("relationship:nonsense",)))
