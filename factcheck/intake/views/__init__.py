"""Pages of the intake area: importing an article from its address, the kept copies of pages."""
