"""Pages and panel of the claims area: the claim panel and its steps, the list, links,
speakers."""
