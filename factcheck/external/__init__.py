"""Other desks' fact-checks: ClaimReview feeds imported, matched with the desk's claims and
linked to them as repeats."""
