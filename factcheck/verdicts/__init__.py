"""Verdicts: the rating scale, sources, evidence rules, corrections, history and what may
never be deleted."""
