"""The activity dialog, its recurrence editor, and the series question."""
