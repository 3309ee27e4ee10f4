"""Claims: marking them in an article, their speakers and tags, links between claims, similar
claims, search and the claims list."""
