"""Reminders before an event (issue 18): N days before its start and the day before, to confirmed participants."""
