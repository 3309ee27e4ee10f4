"""Pages of the articles area: the list and import page, details, versions, the article page."""
