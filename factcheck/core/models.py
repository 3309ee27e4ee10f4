"""The number that tells kept page fragments from stale ones (see ``core.kept``)."""

from django.db import models


class ContentGeneration(models.Model):
    """One share of the content generation: the generation is the sum of ``moves`` over all
    rows. The database adds one to a row in every statement that writes a table the kept
    fragments show; a writer takes a row no other transaction holds, so writers never wait
    for each other here."""

    moves = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.pk}: {self.moves}"
