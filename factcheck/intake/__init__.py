"""Intake: articles fetched from the web and the desk's own copy of every source, through one
safe fetcher, extraction with trafilatura and htmldate, and background tasks."""
