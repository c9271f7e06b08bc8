"""The Calendar tab: day, week and month views, the agenda list and the to-do pane."""
