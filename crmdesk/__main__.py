from crmdesk.cli import entry

entry()
