"""Contacts and accounts: their views, detail panes, dialogs and the phone, e-mail and
address editors they share."""
