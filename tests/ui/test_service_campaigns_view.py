"""A marketer works the Campaigns tab: adds the contacts a search finds as members (the
dialog says how many first), logs a response that becomes a lead the Leads tab shows,
completes the campaign at what it really cost and reads the ROI; a campaign without
a cost says so instead of an ROI; and the list narrows to what runs now, what is
planned and what is completed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from PySide6.QtCore import Qt
from sales_helpers import in_dialog, list_ids

from crmdesk.kinds import RecordRef
from crmdesk.records import CampaignRecord, CampaignStatus, LeadRecord
from crmdesk.services.listing import ListQuery
from crmdesk.ui.sales.lead_dialog import LeadDialog
from crmdesk.ui.service.campaign_dialog import CampaignDialog
from crmdesk.ui.service.members_dialog import AddMembersDialog
from crmdesk.ui.service.response_dialog import LogResponseDialog
from crmdesk.ui.service.status_dialogs import CompleteCampaignDialog


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def a_campaign(services, name: str, **fields) -> int:
    fields.setdefault("currency", "DKK")
    return services.campaigns.save(CampaignRecord(name=name, **fields)).id


def shown(main_window, record_id: int):
    view = main_window.show_view("campaigns")
    view.clear_filters()
    view.show_changes()
    assert view.select_id(record_id)
    return view


def test_add_members_from_a_search(qtbot, main_window):
    services = main_window.services
    campaign = a_campaign(services, "Spring newsletter", status=CampaignStatus.ACTIVE)
    view = shown(main_window, campaign)
    assert "No members yet" in view.detail.members_label.text()
    city = services.contacts.rows(services.contacts.ids(ListQuery()))[0].city
    found = services.contacts.ids(ListQuery(text=city))

    def add(dialog) -> None:
        assert isinstance(dialog, AddMembersDialog)
        assert dialog.kind() == "contact"
        everyone = services.contacts.count()
        assert f"This adds {everyone:,} contacts" in dialog.count_label.text()
        dialog.text.setText(city)
        dialog.show_count()
        assert f"This adds {len(found):,} contacts" in dialog.count_label.text()
        click(qtbot, dialog.ok)

    seen = in_dialog(add)
    click(qtbot, view.detail.members_button)
    assert seen
    members = services.campaigns.members(campaign)
    assert sorted(m.ref.id for m in members) == sorted(found)
    assert {m.ref.kind for m in members} == {"contact"}
    assert view.detail.members.count() == len(found)
    assert f"Members ({len(found)})" in view.detail.members_label.text()

    # the member's card lists the campaign as a link
    main_window.navigate(members[0].ref)
    assert f"campaign:{campaign}" in main_window.contacts.detail.browser.toHtml()

    # the same search again would add no one twice
    def again(dialog) -> None:
        dialog.text.setText(city)
        dialog.show_count()
        assert dialog.count_label.text() == (
            f"This adds 0 contacts. ({len(found)} found are members already.)")
        assert not dialog.ok.isEnabled()
        dialog.reject()

    seen = in_dialog(again)
    main_window.navigate(RecordRef("campaign", campaign))
    click(qtbot, view.detail.members_button)
    assert seen
    assert len(services.campaigns.members(campaign)) == len(found)


def test_a_response_that_creates_a_lead(qtbot, main_window):
    services = main_window.services
    campaign = a_campaign(services, "Trade fair", status=CampaignStatus.ACTIVE,
                          budget=Decimal("20000"))
    lead = services.leads.save(LeadRecord(first_name="Karen", last_name="Blixen",
                                          company="Rungsted Kaffe ApS"))
    services.campaigns.add_members(campaign, [RecordRef("lead", lead.id)])
    contact = RecordRef("contact", services.contacts.ids(ListQuery())[0])
    services.campaigns.add_members(campaign, [contact])
    view = shown(main_window, campaign)
    leads_before = services.leads.count()
    view.detail.members.setCurrentRow(next(
        i for i in range(view.detail.members.count())
        if view.detail.members.item(i).data(Qt.ItemDataRole.UserRole) == contact))

    def respond(dialog) -> None:
        assert isinstance(dialog, LogResponseDialog)
        member = dialog.member.currentData()
        assert member is not None, "the member selected on the card is chosen"
        dialog.outcome.setText("Wants a demo")
        dialog.make_lead.setChecked(True)
        click(qtbot, dialog.ok)

    seen = in_dialog(respond)
    click(qtbot, view.detail.response_button)
    assert seen
    assert services.leads.count() == leads_before + 1
    responses = services.campaigns.responses(campaign)
    assert len(responses) == 1 and responses[0].lead_id is not None
    made = services.leads.get(responses[0].lead_id)
    assert made.campaign_id == campaign
    dialog = LeadDialog(services, made, main_window.messages)
    qtbot.addWidget(dialog)
    assert dialog.campaign.currentData() == campaign, "its dialog names the campaign"
    assert view.detail.responses.count() == 1
    assert "Wants a demo" in view.detail.responses.item(0).text()
    results = services.campaigns.results(campaign)
    assert (results.responses, results.leads) == (1, 1)
    text = view.detail.browser.toPlainText()
    assert "no cost yet" in text, "no ROI without a cost"

    # the response's lead opens in the Leads tab
    view.detail.responses.itemActivated.emit(view.detail.responses.item(0))
    leads = main_window.views["lead"]
    assert main_window.current_view() is leads and leads.current_id() == made.id


def test_complete_at_what_it_cost_then_the_roi_shows(qtbot, main_window):
    services = main_window.services
    campaign = a_campaign(services, "Mailing", status=CampaignStatus.ACTIVE,
                          budget=Decimal("5000"))
    view = shown(main_window, campaign)

    def complete(dialog) -> None:
        assert isinstance(dialog, CompleteCampaignDialog)
        assert dialog.cost.value() == Decimal("5000"), "the budget to begin with"
        dialog.cost.amount.setText("4.000")
        click(qtbot, dialog.ok)

    seen = in_dialog(complete)
    click(qtbot, view.detail.complete_button)
    assert seen
    stored = services.campaigns.get(campaign)
    assert (stored.status, stored.actual_cost) == (CampaignStatus.COMPLETED, Decimal("4000"))
    text = view.detail.browser.toPlainText()
    assert "4.000,00" in text and "no cost yet" not in text
    assert "-100,0 %" in text, "nothing won yet: the whole cost lost"
    assert not view.detail.members_button.isEnabled()
    assert not view.detail.complete_button.isEnabled()

    click(qtbot, view.detail.reopen_button)
    assert services.campaigns.get(campaign).status == CampaignStatus.ACTIVE
    assert view.detail.complete_button.isEnabled()


def test_a_new_campaign_and_the_filters(qtbot, main_window, messages):
    services = main_window.services
    today = date.today()
    running = a_campaign(services, "Running", status=CampaignStatus.ACTIVE,
                         start=today - timedelta(days=5), end=today + timedelta(days=5))
    planned = a_campaign(services, "Planned", start=today + timedelta(days=30))
    done = a_campaign(services, "Done", status=CampaignStatus.ACTIVE)
    services.campaigns.complete(done, Decimal("100"))
    view = main_window.show_view("campaigns")

    def choose(key: str) -> list[int]:
        combo = view.show_filter
        combo.setCurrentIndex(combo.findData(key))
        assert combo.currentData() == key, key
        combo.activated.emit(combo.currentIndex())
        return sorted(list_ids(view))

    assert choose("running") == [running]
    assert choose("planned") == [planned]
    assert choose("completed") == [done]
    assert choose("") == sorted([running, planned, done])

    def fill(dialog) -> None:
        assert isinstance(dialog, CampaignDialog)
        statuses = [dialog.status.itemData(i) for i in range(dialog.status.count())]
        assert statuses == ["planned", "active"], "completing is the card's"
        dialog.name.setText("Autumn event")
        dialog.campaign_type.setCurrentIndex(dialog.campaign_type.findData("event"))
        dialog.start.set_date(today)
        dialog.end.set_date(today - timedelta(days=1))
        dialog.save()
        assert dialog.isVisible() and "before the start" in dialog.errors["end"].text()
        dialog.end.set_date(today + timedelta(days=1))
        dialog.money["budget"].amount.setText("12.500")
        dialog.response_rate.setValue(8)
        dialog.save()

    seen = in_dialog(fill)
    next(a for a in main_window.file_menu.actions() if a.text() == "New ca&mpaign…").trigger()
    assert seen
    stored = services.campaigns.get(view.current_id())
    assert (stored.name, stored.budget, stored.expected_response_rate, stored.start) == (
        "Autumn event", Decimal("12500"), 8, today)
