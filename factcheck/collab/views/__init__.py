"""Pages of the collaboration area: notes, following a claim, notifications, the queue."""
