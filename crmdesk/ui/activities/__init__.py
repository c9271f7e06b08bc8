"""Activities on the cards of every kind: quick entries, the History, Today, reminders."""
