"""Adding a company with its parent, and the mistakes the dialog catches."""

from crmdesk.records import AccountRecord
from crmdesk.ui.parties.account_dialog import AccountDialog


def test_a_new_account_under_a_parent(qtbot, services, messages) -> None:
    holding = services.accounts.save(AccountRecord(name="Mærsk Holding A/S"))
    dialog = AccountDialog(services, AccountRecord(), messages)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.fields["name"], "Mærsk Line")
    qtbot.keyClicks(dialog.parent_picker, "Mærsk Hold")  # not a whole name yet
    dialog.save()
    assert dialog.saved is None and "no account named" in dialog.parent_error.text()
    dialog.parent_picker.setText("maersk holding a/s")  # any case and spelling of the name
    dialog.relationships.boxes[next(iter(dialog.relationships.boxes))].setChecked(True)
    dialog.save()
    assert dialog.saved is not None and dialog.saved.parent_id == holding.id
    assert dialog.saved.relationships


def test_an_account_needs_a_name_and_valid_email(qtbot, services, messages) -> None:
    dialog = AccountDialog(services, AccountRecord(), messages)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.emails.rows()[0]["value"], "info@")
    dialog.save()
    assert dialog.saved is None
    assert not dialog.name_error.isHidden()
    assert "not an e-mail address" in dialog.emails.rows()[0]["error"].text()
    assert services.accounts.count() == 0
