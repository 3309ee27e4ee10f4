"""Shared plumbing that knows no area: locking, the one HTML policy, permissions, request
guards, failure pages, throttling, time limits, partial dates, backups, page fragments kept
between requests."""
