"""The desk working together: notes and mentions on claims, followed claims, notifications."""
