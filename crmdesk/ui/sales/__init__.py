"""Leads and opportunities: their views, detail panes, dialogs and status changes."""
