"""The desk as a whole: the dashboard's reads and views, and the seed data."""
