"""A salesperson back from a trade show works the Leads tab: qualifies a hot lead into a
new account, contact and opportunity and finds them; qualifies another into the
customer crmdesk already knows; disqualifies one that has no budget and reopens it;
narrows the list to their own open hot leads; adds a lead from File > New lead."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDialog, QRadioButton
from sales_helpers import in_dialog, list_ids

from crmdesk.kinds import RecordRef
from crmdesk.records import LeadRating, LeadRecord, LeadStatus
from crmdesk.services.leads import QualifyChoice
from crmdesk.services.listing import ListQuery
from crmdesk.ui.sales.lead_dialog import LeadDialog
from crmdesk.ui.sales.status_dialogs import DisqualifyDialog, QualifyDialog


def leads_view(main_window):
    return main_window.show_view("leads")


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_qualify_a_lead_and_find_the_new_account_contact_and_opportunity(qtbot, main_window):
    services = main_window.services
    lead = services.leads.save(LeadRecord(
        first_name="Karen", last_name="Blixen", company="Rungsted Kaffe ApS",
        email="karen@rungsted.dk", phone="+45 45 57 10 57", rating=LeadRating.HOT,
        estimated_value=Decimal("40000"), currency="DKK"))
    view = leads_view(main_window)
    view.show_changes()
    assert view.select_id(lead.id)
    accounts_before = services.accounts.count()

    def qualify(dialog) -> None:
        assert isinstance(dialog, QualifyDialog)
        chosen = [b.text() for b in dialog.findChildren(QRadioButton) if b.isChecked()]
        assert chosen == ["New account “Rungsted Kaffe ApS”", "New contact “Karen Blixen”"]
        assert dialog.opportunity_box.isChecked()
        assert dialog.revenue.value() == Decimal("40000")
        dialog.topic.setText("Coffee for 40 offices")
        click(qtbot, dialog.ok)

    seen = in_dialog(qualify)
    click(qtbot, view.detail.qualify_button)
    assert seen and seen[0].result() == QDialog.DialogCode.Accepted

    stored = services.leads.get(lead.id)
    assert stored.status == LeadStatus.QUALIFIED
    assert services.accounts.count() == accounts_before + 1
    account = services.accounts.get(stored.qualified_account_id)
    contact = services.contacts.get(stored.qualified_contact_id)
    opportunity = services.opportunities.get(stored.qualified_opportunity_id)
    assert account.name == "Rungsted Kaffe ApS"
    assert (contact.first_name, contact.last_name, contact.account_id) == (
        "Karen", "Blixen", account.id)
    assert (opportunity.topic, opportunity.customer, opportunity.estimated_revenue) == (
        "Coffee for 40 offices", RecordRef("account", account.id), Decimal("40000"))
    # the card says what it became, as links; it cannot be qualified again
    html = view.detail.browser.toHtml()
    assert "Qualified into" in html and f"account:{account.id}" in html
    assert not view.detail.qualify_button.isEnabled()
    assert not view.detail.disqualify_button.isEnabled()

    view.detail.browser.anchorClicked.emit(QUrl(f"account:{account.id}"))
    accounts = main_window.accounts
    assert main_window.current_view() is accounts and accounts.current_id() == account.id
    assert f"opportunity:{opportunity.id}" in accounts.detail.browser.toHtml()
    view.detail.browser.anchorClicked.emit(QUrl(f"opportunity:{opportunity.id}"))
    opportunities = main_window.views["opportunity"]
    assert main_window.current_view() is opportunities
    assert opportunities.current_id() == opportunity.id


def test_qualify_offers_the_records_crmdesk_knows_and_uses_them_once_confirmed(
        qtbot, main_window, contact_factory):
    services = main_window.services
    known = services.contacts.save(contact_factory(company="Novo Nordisk A/S"))
    lead = services.leads.save(LeadRecord(
        first_name="Søren", last_name="Müller", company="Novo Nordisk",
        email="søren@example.dk"))
    view = leads_view(main_window)
    view.show_changes()
    view.select_id(lead.id)
    contacts_before, accounts_before = services.contacts.count(), services.accounts.count()

    def confirm(dialog) -> None:
        chosen = [b.text() for b in dialog.findChildren(QRadioButton) if b.isChecked()]
        assert chosen == ["Use Novo Nordisk A/S (same company)",
                          "Use Søren Müller (same e-mail)"]
        dialog.opportunity_box.setChecked(False)
        click(qtbot, dialog.ok)

    seen = in_dialog(confirm)
    click(qtbot, view.detail.qualify_button)
    assert seen
    stored = services.leads.get(lead.id)
    assert stored.qualified_contact_id == known.id
    assert stored.qualified_account_id == known.account_id
    assert stored.qualified_opportunity_id is None
    assert (services.contacts.count(), services.accounts.count()) == (
        contacts_before, accounts_before)


def test_a_refused_qualify_changes_nothing_and_says_why(qtbot, main_window, messages):
    services = main_window.services
    lead = services.leads.save(LeadRecord(first_name="Ib", last_name="Spang",
                                          company="Spang Cykler"))
    view = leads_view(main_window)
    view.show_changes()
    view.select_id(lead.id)
    counts: list[tuple[int, int, int]] = []

    def count() -> tuple[int, int, int]:
        return (services.accounts.count(), services.contacts.count(),
                services.opportunities.count())

    def meanwhile(dialog) -> None:  # another main_window qualifies it into a contact first
        services.leads.qualify(lead.id, QualifyChoice(new_account=False))
        counts.append(count())
        click(qtbot, dialog.ok)
        assert dialog.isVisible(), "the dialog stays open"
        assert messages.shown[-1][:2] == ("error", "Not qualified")
        assert "qualified already" in messages.shown[-1][2]
        dialog.reject()

    seen = in_dialog(meanwhile)
    click(qtbot, view.detail.qualify_button)
    assert seen
    assert count() == counts[0], "no second account, contact or opportunity"
    assert services.leads.get(lead.id).qualified_account_id is None


def test_disqualify_asks_why_and_reopen_brings_it_back(qtbot, main_window):
    services = main_window.services
    lead = services.leads.save(LeadRecord(first_name="Bo", last_name="Holm",
                                          company="Holm Is"))
    view = leads_view(main_window)
    view.clear_filters()
    view.show_changes()
    view.select_id(lead.id)

    def disqualify(dialog) -> None:
        assert isinstance(dialog, DisqualifyDialog)
        assert not dialog.ok.isEnabled(), "a reason is required"
        qtbot.keyClicks(dialog.reason.lineEdit(), "No budget this year")
        click(qtbot, dialog.ok)

    seen = in_dialog(disqualify)
    click(qtbot, view.detail.disqualify_button)
    assert seen
    stored = services.leads.get(lead.id)
    assert (stored.status, stored.disqualify_reason) == (LeadStatus.DISQUALIFIED,
                                                         "No budget this year")
    assert "Disqualified: No budget this year" in view.detail.browser.toPlainText()
    assert not view.detail.qualify_button.isEnabled()
    click(qtbot, view.detail.reopen_button)
    assert services.leads.get(lead.id).status == LeadStatus.CONTACTED
    assert view.detail.qualify_button.isEnabled()


def test_my_open_hot_leads(qtbot, main_window):
    services = main_window.services
    me = services.settings.user

    def lead(name: str, rating: LeadRating, owner: str = "") -> int:
        return services.leads.save(LeadRecord(last_name=name, rating=rating,
                                              owner=owner)).id

    mine_hot = lead("Hot mine", LeadRating.HOT)
    mine_cold = lead("Cold mine", LeadRating.COLD)
    theirs_hot = lead("Hot theirs", LeadRating.HOT, owner="Someone Else")
    gone = lead("Hot but disqualified", LeadRating.HOT)
    services.leads.disqualify(gone, "Duplicate")
    assert me and services.leads.get(mine_hot).owner == me
    view = leads_view(main_window)
    show, rating = view.show_filter, view.rating_filter
    show.setCurrentIndex(show.findData("mine"))
    show.activated.emit(show.currentIndex())
    assert sorted(list_ids(view)) == sorted([mine_hot, mine_cold])
    rating.setCurrentIndex(rating.findData("hot"))
    rating.activated.emit(rating.currentIndex())
    assert list_ids(view) == [mine_hot]
    show.setCurrentIndex(show.findData("open"))
    show.activated.emit(show.currentIndex())
    assert sorted(list_ids(view)) == sorted([mine_hot, theirs_hot])
    show.setCurrentIndex(show.findData("disqualified"))
    show.activated.emit(show.currentIndex())
    assert list_ids(view) == [gone]
    assert view.model.index(0, 0).data() == "Hot but disqualified"
    status = next(c for c, col in enumerate(view.model.columns) if col.key == "status")
    assert view.model.index(0, status).data() == "Disqualified"
    # a link to a lead the filters hide shows it all the same
    assert main_window.navigate(RecordRef("lead", mine_cold))
    assert view.current_id() == mine_cold and show.currentData() == ""


def test_new_lead_from_the_file_menu_with_a_value_as_a_dane_writes_it(qtbot, main_window):
    services = main_window.services

    def fill(dialog) -> None:
        assert isinstance(dialog, LeadDialog)
        qtbot.keyClicks(dialog.fields["first_name"], "Mette")
        qtbot.keyClicks(dialog.fields["company"], "Fynsk Vin")
        dialog.rating.setCurrentIndex(dialog.rating.findData("hot"))
        qtbot.keyClicks(dialog.value.amount, "12.500,50")
        assert dialog.value.currency_code() == "DKK"
        assert dialog.status.isEnabled()  # an open lead: new or contacted
        dialog.save()

    seen = in_dialog(fill)
    next(a for a in main_window.file_menu.actions() if a.text() == "New &lead…").trigger()
    assert seen
    ids = services.leads.ids(ListQuery(text="Fynsk"))
    stored = services.leads.get(ids[0])
    assert (stored.first_name, stored.estimated_value, stored.currency, stored.rating) == (
        "Mette", Decimal("12500.50"), "DKK", LeadRating.HOT)
    view = main_window.views["lead"]
    assert main_window.current_view() is view and view.current_id() == stored.id


def test_a_lead_needs_a_name_and_a_value_it_can_read(qtbot, main_window, messages):
    dialog = LeadDialog(main_window.services, LeadRecord(currency="DKK"), messages)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.value.amount, "lots")
    dialog.save()
    assert dialog.saved is None and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.errors["name"].text() == "Enter a name or a company."
    assert dialog.errors["estimated_value"].text() == "“lots” is not a number."
    assert main_window.services.leads.count() == 0


def test_log_a_call_to_a_lead_and_see_it_in_its_history(qtbot, main_window):
    from crmdesk.ui.activities.quick_entry import LogCallDialog

    services = main_window.services
    lead = services.leads.save(LeadRecord(first_name="Asta", last_name="Nielsen",
                                          mobile="+45 20 30 40 50"))
    view = leads_view(main_window)
    view.clear_filters()
    view.show_changes()
    view.select_id(lead.id)

    def call(dialog) -> None:
        assert isinstance(dialog, LogCallDialog)
        assert dialog.number.currentText() == "+45 20 30 40 50"
        dialog.save()

    seen = in_dialog(call)
    view.detail.activities.log_call()
    assert seen
    entry, = services.activities.history(RecordRef("lead", lead.id))
    assert entry.subject == "Call with Asta Nielsen"
