"""Pages of the external area: the list and import form, linking an external review to a claim."""
