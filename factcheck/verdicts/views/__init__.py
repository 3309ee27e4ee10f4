"""The verdict steps of the claim panel and the corrections log."""
