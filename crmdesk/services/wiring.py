"""``Services.open(url)`` opens (and upgrades) the database and wires every service to
it; callers hold the ``Services`` and pass it on."""

from __future__ import annotations

from dataclasses import dataclass

from crmdesk.db import Database, open_database
from crmdesk.services.accounts import AccountService
from crmdesk.services.activities import ActivityService
from crmdesk.services.campaigns import CampaignService
from crmdesk.services.cases import CaseService
from crmdesk.services.contacts import ContactService
from crmdesk.services.leads import LeadService
from crmdesk.services.opportunities import OpportunityService
from crmdesk.services.quotes import ProductService, QuoteService
from crmdesk.services.reminders import ReminderService
from crmdesk.services.search import SearchService
from crmdesk.services.search_index import SearchIndex, index_for
from crmdesk.services.stages import SalesStages
from crmdesk.services.tagging import TaggingService
from crmdesk.services.trash import TrashService
from crmdesk.settings import Settings


@dataclass
class Services:
    db: Database
    settings: Settings
    index: SearchIndex
    contacts: ContactService
    accounts: AccountService
    search: SearchService
    tagging: TaggingService
    trash: TrashService
    activities: ActivityService
    reminders: ReminderService
    leads: LeadService
    opportunities: OpportunityService
    stages: SalesStages
    products: ProductService
    quotes: QuoteService
    cases: CaseService
    campaigns: CampaignService

    @classmethod
    def open(cls, url: str, settings: Settings | None = None, *,
             create: bool = True) -> Services:
        """``create``: make a missing SQLite file (a command that only reads passes False,
        and is told there is no database instead)."""
        return cls.for_database(open_database(url, create=create), settings or Settings.load())

    @classmethod
    def for_database(cls, db: Database, settings: Settings) -> Services:
        index = index_for(db.engine.dialect.name)

        def region() -> str:
            return settings.phone_region

        def currency() -> str:
            return settings.default_currency

        def user() -> str:
            return settings.user

        contacts = ContactService(db, index, region)
        accounts = AccountService(db, index, region)
        activities = ActivityService.for_settings(db, settings)
        leads = LeadService(db, index, region, currency, user, contacts=contacts,
                            accounts=accounts)
        opportunities = OpportunityService(db, index, region, currency)
        leads.opportunities = opportunities
        quotes = QuoteService(db)
        cases = CaseService(db, index, region, user)
        campaigns = CampaignService(db, index, region, currency, user, listers={
            "contact": contacts, "account": accounts, "lead": leads})
        trash = TrashService(db, index, contacts, accounts, activities, leads=leads,
                             opportunities=opportunities, quotes=quotes, cases=cases,
                             campaigns=campaigns)
        return cls(db, settings, index, contacts, accounts,
                   SearchService(db, contacts, accounts), TaggingService(db, index, region),
                   trash, activities, ReminderService(db, activities), leads, opportunities,
                   SalesStages(db), ProductService(db, currency, region), quotes, cases,
                   campaigns)

    def close(self) -> None:
        self.db.close()
