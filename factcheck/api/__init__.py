"""The desk's HTTP API (django-ninja): per-user tokens, the same permission table as the pages."""
