"""Statements found for the editor: the quotes and reported statements an article holds, each
with its speaker, proposed on the article page until accepted (a claim) or dismissed."""
