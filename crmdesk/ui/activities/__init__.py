"""Activities on every card and in the calendar: the activity dialog, its recurrence
editor and the series question; quick entries, the History, Today and reminders."""
