"""What goes out: the claims CSV (web and command line) and schema.org ClaimReview."""
