"""A salesperson works the Opportunities tab: wins one (at what it really brought), loses
one on price to a competitor, reopens it; narrows the list to what closes this month,
this quarter, what is overdue, one stage; starts a new opportunity from an account's
card, picks the customer by typing, and sets a probability the stage then keeps."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from PySide6.QtCore import Qt, QUrl
from sales_helpers import in_dialog, list_ids

from crmdesk.kinds import RecordRef
from crmdesk.records import AccountRecord, OpportunityRecord, OpportunityStatus, Relationship
from crmdesk.services.listing import ListQuery
from crmdesk.services.opportunities import add_months
from crmdesk.ui.sales.opportunity_dialog import OpportunityDialog
from crmdesk.ui.sales.status_dialogs import LoseDialog, WinDialog


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def an_account(services) -> int:
    return services.accounts.ids(ListQuery())[0]


def opportunity(services, topic: str, **fields) -> int:
    customer = fields.pop("customer", RecordRef("account", an_account(services)))
    return services.opportunities.save(OpportunityRecord(
        topic=topic, customer=customer, estimated_revenue=Decimal("50000"),
        currency="DKK", **fields)).id


def shown(main_window, record_id: int):
    view = main_window.show_view("opportunities")
    view.clear_filters()
    view.show_changes()
    assert view.select_id(record_id)
    return view


def test_win_at_what_it_brought_then_reopen(qtbot, main_window):
    services = main_window.services
    won = opportunity(services, "Espresso machines")
    view = shown(main_window, won)

    def win(dialog) -> None:
        assert isinstance(dialog, WinDialog)
        assert dialog.revenue.value() == Decimal("50000")
        dialog.revenue.amount.setText("38.000")
        click(qtbot, dialog.ok)

    seen = in_dialog(win)
    click(qtbot, view.detail.win_button)
    assert seen
    stored = services.opportunities.get(won)
    assert (stored.status, stored.actual_revenue, stored.closed_on) == (
        OpportunityStatus.WON, Decimal("38000"), date.today())
    text = view.detail.browser.toPlainText()
    assert "Won" in text and "38.000,00 DKK" in text
    assert not view.detail.win_button.isEnabled() and not view.detail.lose_button.isEnabled()
    click(qtbot, view.detail.reopen_button)
    assert services.opportunities.get(won).status == OpportunityStatus.OPEN
    assert view.detail.win_button.isEnabled()


def test_lose_on_price_to_a_competitor(qtbot, main_window):
    services = main_window.services
    rival = services.accounts.save(AccountRecord(
        name="Rival Kaffe A/S", relationships=[Relationship.COMPETITOR]))
    lost = opportunity(services, "Coffee subscription")
    view = shown(main_window, lost)

    def lose(dialog) -> None:
        assert isinstance(dialog, LoseDialog)
        assert not dialog.ok.isEnabled(), "a reason is required"
        offered = [dialog.competitor.itemData(i) for i in range(dialog.competitor.count())]
        assert offered[0] is None and dialog.competitor.itemText(0) == "(no competitor)"
        assert all(Relationship.COMPETITOR in services.accounts.get(a).relationships
                   for a in offered[1:]), "only competitors are offered"
        dialog.reason.setCurrentText("Price")
        dialog.competitor.setCurrentIndex(offered.index(rival.id))
        click(qtbot, dialog.ok)

    seen = in_dialog(lose)
    click(qtbot, view.detail.lose_button)
    assert seen
    stored = services.opportunities.get(lost)
    assert (stored.status, stored.lost_reason, stored.lost_to_id) == (
        OpportunityStatus.LOST, "Price", rival.id)
    assert rival.id in stored.competitors
    assert f"account:{rival.id}" in view.detail.browser.toHtml()
    view.detail.browser.anchorClicked.emit(QUrl(f"account:{rival.id}"))
    assert main_window.accounts.current_id() == rival.id


def test_a_win_that_cannot_be_stored_says_why_and_changes_nothing(qtbot, main_window, messages):
    services = main_window.services
    record_id = opportunity(services, "Grinders")
    view = shown(main_window, record_id)

    def win_twice(dialog) -> None:
        services.opportunities.win(record_id, Decimal("1"), date.today())  # elsewhere
        click(qtbot, dialog.ok)
        assert dialog.isVisible()
        assert messages.shown[-1][:2] == ("error", "Not closed as won")
        dialog.reject()

    seen = in_dialog(win_twice)
    click(qtbot, view.detail.win_button)
    assert seen
    assert services.opportunities.get(record_id).actual_revenue == Decimal("1")


def test_the_filters_people_use(qtbot, main_window):
    services = main_window.services
    today = date.today()
    this_month = opportunity(services, "This month", estimated_close_date=add_months(
        today, 1) - timedelta(days=1))
    quarter_first = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    this_quarter = opportunity(services, "This quarter",
                               estimated_close_date=add_months(quarter_first, 3)
                               - timedelta(days=1))
    overdue = opportunity(services, "Overdue", estimated_close_date=today - timedelta(days=40),
                          stage="negotiation")
    later = opportunity(services, "Next year", estimated_close_date=today.replace(
        year=today.year + 1))
    won = opportunity(services, "Won one")
    services.opportunities.win(won, Decimal("10"), today)
    view = main_window.show_view("opportunities")

    def choose(combo, key: str) -> list[int]:
        combo.setCurrentIndex(combo.findData(key))
        combo.activated.emit(combo.currentIndex())
        return sorted(list_ids(view))

    show, stage = view.show_filter, view.stage_filter
    assert choose(show, "open") == sorted([this_month, this_quarter, overdue, later])
    assert this_month in choose(show, "closing_this_month")
    assert overdue not in list_ids(view) and later not in list_ids(view)
    assert {this_month, this_quarter} <= set(choose(show, "closing_this_quarter"))
    assert choose(show, "overdue") == [overdue]
    assert choose(show, "won") == [won]
    assert choose(show, "") == sorted([this_month, this_quarter, overdue, later, won])
    assert [stage.itemText(i) for i in range(stage.count())][:3] == [
        "Any stage", "Prospecting", "Qualification"]
    assert choose(stage, "stage:negotiation") == [overdue]
    view.select_id(overdue)
    columns = {c.key: i for i, c in enumerate(view.model.columns)}
    row = view.model.row_of(overdue)
    assert view.model.index(row, columns["revenue"]).data() == "50.000,00 DKK"
    assert view.model.index(row, columns["probability"]).data() == "75 %"
    assert "(passed)" in view.detail.browser.toPlainText()


def test_new_opportunity_from_an_account_card(qtbot, main_window):
    services = main_window.services
    accounts = main_window.show_view("accounts")
    accounts.select_row(0)
    account_id = accounts.current_id()
    name = services.accounts.get(account_id).name

    def fill(dialog) -> None:
        assert isinstance(dialog, OpportunityDialog)
        assert dialog.customer.ref == RecordRef("account", account_id)
        assert dialog.customer.text().startswith(name)
        qtbot.keyClicks(dialog.topic, "Office coffee")
        dialog.stage.setCurrentIndex(dialog.stage.findData("proposal"))
        assert dialog.probability.value() == 50  # follows the stage
        dialog.probability.setValue(60)  # set by hand
        dialog.stage.setCurrentIndex(dialog.stage.findData("negotiation"))
        assert dialog.probability.value() == 60 and dialog.follow.isVisible()
        qtbot.keyClicks(dialog.revenue.amount, "24.000")
        dialog.save()

    seen = in_dialog(fill)
    click(qtbot, accounts.detail.opportunity_button)
    assert seen
    view = main_window.views["opportunity"]
    assert main_window.current_view() is view
    stored = services.opportunities.get(view.current_id())
    assert (stored.topic, stored.customer, stored.stage, stored.probability,
            stored.probability_overridden, stored.estimated_revenue) == (
        "Office coffee", RecordRef("account", account_id), "negotiation", 60, True,
        Decimal("24000"))
    main_window.navigate(RecordRef("account", account_id))
    assert f"opportunity:{stored.id}" in accounts.detail.browser.toHtml()
    assert "Office coffee" in accounts.detail.browser.toPlainText()


def test_the_customer_is_found_as_you_type(qtbot, main_window, messages, contact_factory):
    services = main_window.services
    person = services.contacts.save(contact_factory("Åse", "Ærenlund",
                                                    company="Ærø Shipping"))
    dialog = OpportunityDialog(services, OpportunityRecord(currency="DKK"), messages)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.customer, "aerenl")
    offered = dialog.customer.completer().model().stringList()
    assert offered == ["Åse Ærenlund (contact)"]
    dialog.customer.pick_text(offered[0])
    assert dialog.customer.ref == RecordRef("contact", person.id)
    qtbot.keyClicks(dialog.topic, "Freight")
    dialog.save()
    assert dialog.saved is not None and dialog.saved.customer_name.startswith("Åse")
    # the contact's card lists its open opportunity, and a new one starts with the person
    contacts = main_window.show_view("contacts")
    contacts.show_changes()
    assert contacts.select_id(person.id)
    assert f"opportunity:{dialog.saved.id}" in contacts.detail.browser.toHtml()


def test_a_customer_typed_but_not_picked_is_refused(qtbot, main_window, messages):
    dialog = OpportunityDialog(main_window.services, OpportunityRecord(currency="DKK"), messages)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.customer, "Nobody We Know")
    qtbot.keyClicks(dialog.topic, "Something")
    dialog.save()
    assert dialog.saved is None
    assert "is no contact or account picked" in dialog.errors["customer"].text()



def test_a_quote_made_from_the_card_is_listed_under_it(qtbot, main_window):
    from crmdesk.ui.sales.quote_dialog import QuoteDialog

    services = main_window.services
    record_id = opportunity(services, "Quoted machines")
    view = shown(main_window, record_id)
    assert view.detail.quotes_label.text() == "No quotes yet."

    def quote(dialog) -> None:
        assert isinstance(dialog, QuoteDialog)
        assert dialog.opportunity.id == record_id
        dialog.save()

    seen = in_dialog(quote)
    click(qtbot, view.detail.quote_button)
    assert seen
    stored, = services.quotes.for_opportunity(record_id)
    assert view.detail.quotes.count() == 1
    assert view.detail.quotes.item(0).text().startswith(stored.number)
    assert view.detail.quotes_label.text() == "Quotes (1) – double-click to open"
