"""The fact-check workbench: articles, claims, verdicts, sources and their review."""
