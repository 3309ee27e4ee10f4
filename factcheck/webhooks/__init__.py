"""Webhooks: signed JSON events (a verdict approved or corrected) posted to the endpoints an
administrator registers, delivered by the task queue with retries, every attempt logged."""
