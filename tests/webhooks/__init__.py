"""Tests of the webhooks area."""
