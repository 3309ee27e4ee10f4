"""Speakers, tags, claims (the statements marked in articles and who made them) and the typed
links between claims."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from factcheck.articles.models import Article
from factcheck.core.locking import Versioned
from factcheck.core.partial_dates import Precision, format_partial


class Speaker(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        ORGANISATION = "organisation", _("organisation")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PERSON)
    description = models.CharField(_("description"), max_length=300, blank=True)
    aliases = models.TextField(
        _("aliases"), blank=True, help_text=_("Other names, one per line: “Musk”, “@elonmusk”.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ClaimQuerySet(models.QuerySet):
    def reviewed(self):
        """Claims whose current verdict is approved: what the desk publishes and exports."""
        from factcheck.verdicts.models import Verdict

        return self.filter(
            Exists(Verdict.objects.filter(claim=OuterRef("pk"), status=Verdict.Status.APPROVED))
        )


class Claim(Versioned):
    # The facts an editor edits in the panel; tags are saved with them (their version moves on).
    VERSIONED_FIELDS = ("claim_reviewed", "speaker", "kind", "claimed_on", "claimed_precision")

    class Kind(models.TextChoices):
        DIRECT_QUOTE = "direct_quote", _("direct quote")
        PARAPHRASE = "paraphrase", _("paraphrase")
        REPORTED = "reported", _("reported statement")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_PROGRESS = "in_progress", _("in progress")
        IN_REVIEW = "in_review", _("in review")
        REVIEWED = "reviewed", _("reviewed")
        NOT_CHECKABLE = "not_checkable", _("not checkable")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Priority(models.IntegerChoices):
        LOW = 1, _("low")
        NORMAL = 2, _("normal")
        HIGH = 3, _("high")
        URGENT = 4, _("urgent")

    class Anchor(models.TextChoices):
        """How the quote fared when the article's body was last replaced."""

        FOUND = "found", _("found")
        QUOTE_CHANGED = "quote_changed", _("quote changed")
        ORPHANED = "orphaned", _("orphaned")

    # An article with claims is archived, never deleted (articles.archive_article).
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.PROTECT, related_name="claims"
    )
    # Where the words stand: a W3C TextQuoteSelector (quote, prefix, suffix) with positions.
    quote = models.TextField(
        _("quote"), help_text=_("The exact words as they stand in the article.")
    )
    start_offset = models.PositiveIntegerField(_("start"))
    end_offset = models.PositiveIntegerField(_("end"))
    prefix = models.CharField(_("text before"), max_length=64, blank=True)
    suffix = models.CharField(_("text after"), max_length=64, blank=True)
    # After a body correction (factcheck.reanchoring): whether the quote was found again, and
    # the words it had before when they changed. An orphaned claim keeps its last quote and
    # offsets, which no longer point into the body.
    anchor = models.CharField(
        _("anchor"), max_length=13, choices=Anchor.choices, default=Anchor.FOUND, db_index=True
    )
    quote_before = models.TextField(_("quote before the correction"), blank=True, editable=False)

    claim_reviewed = models.TextField(
        _("claim as checked"),
        blank=True,
        help_text=_("The claim in the desk’s own neutral words (ClaimReview’s claimReviewed)."),
    )
    speaker = models.ForeignKey(
        Speaker,
        verbose_name=_("speaker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.DIRECT_QUOTE
    )
    claimed_on = models.DateField(_("claimed on"), null=True, blank=True)
    claimed_precision = models.CharField(
        _("date precision"), max_length=5, choices=Precision.choices, blank=True
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="claims")
    status = models.CharField(
        _("status"), max_length=13, choices=Status.choices, default=Status.NEW, db_index=True
    )
    not_checkable_reason = models.CharField(_("why not checkable"), max_length=300, blank=True)
    withdrawn_reason = models.CharField(_("why withdrawn"), max_length=300, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
    )
    # The desk's queue (factcheck.collab.queue): how pressing the check is, and when it is due.
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, null=True, blank=True
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="marked_claims",
    )
    created_at = models.DateTimeField(_("marked at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Folded text the claims list searches, kept by factcheck.search; on PostgreSQL a trigger
    # (migration 0003) keeps search_vector = to_tsvector('french', search_text), GIN-indexed.
    # Derived data, so not in history.
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    search_vector = SearchVectorField(_("search vector"), null=True, editable=False)

    # Kept by triggers (claims/sort_keys.py) from the approved verdict, the speaker, the article
    # and the assignee, so that the claims list sorts by them through an index. Derived data,
    # so not in history.
    rating_order = models.PositiveSmallIntegerField(_("rating order"), null=True, editable=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, editable=False)
    speaker_name = models.CharField(max_length=200, null=True, editable=False)
    article_title = models.CharField(max_length=300, null=True, editable=False)
    assignee_name = models.CharField(max_length=150, null=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=[
            "search_text",
            "search_vector",
            "rating_order",
            "approved_at",
            "speaker_name",
            "article_title",
            "assignee_name",
        ]
    )
    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["article", "start_offset", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_offset__lt=F("end_offset")),
                name="claim_offsets_in_order",
                violation_error_message=_("A claim must start before it ends."),
            ),
            models.CheckConstraint(
                condition=~Q(quote=""),
                name="claim_quote_not_empty",
                violation_error_message=_("A claim needs its quote."),
            ),
            models.CheckConstraint(
                condition=~Q(status="not_checkable") | ~Q(not_checkable_reason=""),
                name="claim_not_checkable_has_reason",
                violation_error_message=_("Say why the claim cannot be checked."),
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawn_reason=""),
                name="claim_withdrawn_has_reason",
                violation_error_message=_("Say why the claim is withdrawn."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(claimed_on__isnull=True, claimed_precision="")
                    | Q(claimed_on__isnull=False, claimed_precision__in=Precision.values)
                ),
                name="claim_date_has_precision",
            ),
        ]
        indexes = [
            models.Index(fields=["assignee", "status"], name="claim_assignee_status_idx"),
            models.Index(fields=["speaker", "status"], name="claim_speaker_status_idx"),
            # Sorting the claims list by date; the full-text index and the indexes that serve
            # the list's sorts at a million claims are PostgreSQL-only (claims/sort_keys.py).
            models.Index(fields=["claimed_on"], name="claim_claimed_on_idx"),
            models.Index(fields=["assignee", "due_on"], name="claim_assignee_due_idx"),
        ]

    def __str__(self) -> str:
        quote = self.quote if len(self.quote) <= 80 else self.quote[:79] + "…"
        return f"« {quote} »"

    def get_absolute_url(self) -> str:
        return reverse("claim_detail", args=[self.pk])

    @property
    def claimed(self) -> str:
        return format_partial(self.claimed_on, self.claimed_precision)

    @classmethod
    def from_db(cls, db, field_names, values):
        claim = super().from_db(db, field_names, values)
        # The quote as read, so that a save can tell whether it changed (similar claims).
        if "quote" in field_names:
            claim._loaded_quote = claim.quote
        return claim


class SimilarList(models.Model):
    """The quote a claim's similar claims (SimilarClaim) were found for: when the claim's quote
    is no longer this one, they are found again (factcheck.claims.similar)."""

    claim = models.OneToOneField(
        Claim, on_delete=models.CASCADE, primary_key=True, related_name="similar_list"
    )
    quote = models.TextField()

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.quote[:60]}"


class SimilarClaim(models.Model):
    """A claim that looks like ``claim``, kept so that the panel reads its suggestions instead
    of comparing the quote with every reviewed claim on each render. Derived data: rebuilt by
    factcheck.claims.similar whenever a quote changes or a claim is reviewed."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    similar = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="similar_of")
    similarity = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["claim", "similar"], name="one_similar_row_per_pair")
        ]
        indexes = [models.Index(fields=["similar"], name="similar_claim_similar_idx")]

    def __str__(self) -> str:
        return f"{self.claim_id} ~ {self.similar_id} ({self.similarity:.2f})"


# Typed links between claims: a reaction to another statement, a repeat, a contradiction.
class ClaimLink(models.Model):
    """``claim`` <relation> ``target``: "the White House's reaction responds to Musk's reply".

    A link reads from the claim it was made on; the target shows it the other way round
    (``Relation.inverse_label``). Suggestions of similar claims are not stored: only a link an
    editor confirmed is a ClaimLink."""

    class Relation(models.TextChoices):
        RESPONDS_TO = "responds_to", _("responds to")
        REPEATS = "repeats", _("repeats")
        CONTRADICTS = "contradicts", _("contradicts")
        CONTEXT_FOR = "context_for", _("gives context for")

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="links_out"
    )
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    target = models.ForeignKey(
        Claim, verbose_name=_("linked claim"), on_delete=models.CASCADE, related_name="links_in"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("claim link")
        verbose_name_plural = _("claim links")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "target"],
                name="one_link_per_pair",
                violation_error_message=_("These two claims are already linked."),
            ),
            models.CheckConstraint(
                condition=~Q(claim=F("target")),
                name="link_to_another_claim",
                violation_error_message=_("A claim cannot be linked to itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim} {self.get_relation_display()} {self.target}"


INVERSE_LABELS = {
    ClaimLink.Relation.RESPONDS_TO: _("answered by"),
    ClaimLink.Relation.REPEATS: _("repeated by"),
    ClaimLink.Relation.CONTRADICTS: _("contradicted by"),
    ClaimLink.Relation.CONTEXT_FOR: _("given context by"),
}
