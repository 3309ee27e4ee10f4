"""The rating scale, verdicts and the sources behind them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from factcheck.claims.models import Claim
from factcheck.core.locking import Versioned
from factcheck.core.sanitize import clean_html, html_to_text
from factcheck.core.validators import validate_web_url


class Rating(models.Model):
    """One step of the desk's scale, with the 1-5 value schema.org ClaimReview uses."""

    slug = models.SlugField(_("code"), max_length=40, unique=True)
    label_en = models.CharField(_("label (English)"), max_length=60)
    label_fr = models.CharField(_("label (French)"), max_length=60)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#777777",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour like #1a7f37."))],
    )
    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    value = models.PositiveSmallIntegerField(
        _("ClaimReview value"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 is false, 5 is true, as schema.org ClaimReview reads it."),
    )
    description = models.CharField(_("description"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("rating scale")
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=1, value__lte=5),
                name="rating_value_1_to_5",
                violation_error_message=_("The ClaimReview value goes from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @staticmethod
    def label_field(language: str | None = None) -> str:
        """The name of the label column for ``language`` (default: the current request's);
        the one place that picks French or English, for templates, queries and the export."""
        return "label_fr" if (language or get_language() or "").startswith("fr") else "label_en"

    @property
    def label(self) -> str:
        """The label in the language of the current request."""
        return getattr(self, self.label_field())


class VerdictQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Verdict.OPEN_STATUSES)


def rationale_text(stored: str) -> str:
    """The plain text of a stored (already cleaned) rationale, as the CSV gives it."""
    return html_to_text(stored, cleaned=True) if stored else ""


def fill_rationale_text(verdicts, *, batch: int = 500) -> int:
    """Write ``rationale_text`` for ``verdicts`` (a queryset, of a migration's historical model
    too) whose rationale has text but not its plain text: rows written in bulk, which skips
    ``save()``. Returns how many."""
    todo = verdicts.filter(rationale_text="").exclude(rationale="").order_by("pk")
    done, last = 0, 0
    while True:
        rows = list(todo.filter(pk__gt=last).only("pk", "rationale")[:batch])
        if not rows:
            return done
        for row in rows:
            row.rationale_text = rationale_text(row.rationale)
        verdicts.model._base_manager.bulk_update(rows, ["rationale_text"])
        done, last = done + len(rows), rows[-1].pk


class Verdict(Versioned):
    VERSIONED_FIELDS = ("rating", "summary", "rationale")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted for review")
        SENT_BACK = "sent_back", _("sent back")
        APPROVED = "approved", _("approved")
        SUPERSEDED = "superseded", _("superseded")

    OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.SENT_BACK)

    # A claim with any verdict is never deleted; a verdict past its draft is never deleted
    # either (factcheck.protection refuses it).
    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.PROTECT, related_name="verdicts"
    )
    rating = models.ForeignKey(
        Rating,
        verbose_name=_("rating"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="verdicts",
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    rationale = models.TextField(
        _("rationale"), blank=True, help_text=_("Rich text; cleaned of anything unsafe when saved.")
    )
    # The rationale's plain text, kept at save time so that an export reads it as it is.
    rationale_text = models.TextField(
        _("rationale as plain text"), blank=True, default="", editable=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="authored_verdicts",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviewed_verdicts",
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        help_text=_("The approved verdict this correction replaces once approved."),
    )
    correction_reason = models.TextField(
        _("reason for the correction"),
        blank=True,
        help_text=_("Why the approved verdict is being corrected; shown in the corrections log."),
    )
    # What a correction proposes to change in its claim's published facts (claim_reviewed,
    # speaker, kind, claimed date): the claim takes them when a reviewer approves it. Written
    # only by the workflow (no form lists it); editable so that the history's diff
    # (simple-history's diff_against, which compares editable fields) tells of it.
    claim_changes = models.JSONField(_("proposed claim changes"), default=dict, blank=True)
    shared_from = models.ForeignKey(
        "self",
        verbose_name=_("shared from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shared_copies",
        help_text=_(
            "The verdict of the claim this one repeats, shared after an editor confirmed it."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, db_index=True)

    history = HistoricalRecords(excluded_fields=["rationale_text"])
    objects = VerdictQuerySet.as_manager()

    class Meta:
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")
        ordering = ["-created_at"]
        permissions = [("review_verdict", _("Can approve or send back others’ verdicts"))]
        indexes = [
            # The corrections page, newest first: a few rows among a million verdicts.
            models.Index(
                fields=["-reviewed_at", "-id"],
                condition=Q(supersedes__isnull=False),
                name="verdict_correction_idx",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(status="approved"),
                name="one_approved_verdict_per_claim",
                violation_error_message=_("A claim has at most one current approved verdict."),
            ),
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(status__in=["draft", "submitted", "sent_back"]),
                name="one_open_verdict_per_claim",
                violation_error_message=_("A claim has at most one verdict being written."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["submitted", "approved", "superseded"])
                | Q(rating__isnull=False),
                name="verdict_submitted_has_rating",
                violation_error_message=_("A verdict needs a rating before review."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "superseded"])
                | (Q(reviewer__isnull=False) & ~Q(reviewer=models.F("author"))),
                name="verdict_approved_by_someone_else",
                violation_error_message=_("Nobody approves their own verdict."),
            ),
        ]

    def __str__(self) -> str:
        rating = self.rating.label if self.rating_id else _("no rating yet")
        return f"{rating}: {self.summary}" if self.summary else str(rating)

    def save(self, *args, update_fields=None, **kwargs):
        self.rationale = clean_html(self.rationale)
        self.rationale_text = rationale_text(self.rationale)
        if update_fields is not None and "rationale" in update_fields:
            update_fields = {*update_fields, "rationale_text"}
        super().save(*args, update_fields=update_fields, **kwargs)

    @staticmethod
    def derived_columns(changes: dict) -> dict:
        """What follows from ``changes`` written by an UPDATE (``locking.update_if_current``)."""
        if "rationale" not in changes:
            return {}
        return {"rationale_text": rationale_text(changes["rationale"])}

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    # What a copy never takes from its original: its identity and its own place in the
    # workflow (status, review, what it corrects or repeats). Every other field, one added
    # later included, is copied.
    NOT_COPIED = frozenset(
        {
            "id",
            "version",
            "status",
            "reviewer",
            "review_comment",
            "supersedes",
            "correction_reason",
            "claim_changes",
            "shared_from",
            "created_at",
            "updated_at",
            "submitted_at",
            "reviewed_at",
        }
    )

    def copy(self, *, by, **changes) -> "Verdict":
        """A new verdict repeating this one (every field but ``NOT_COPIED``, then ``changes``),
        saved with copies of its sources, the history naming ``by``: the one way a correction,
        a re-review or a shared verdict is made."""
        values = {
            field.attname: getattr(self, field.attname)
            for field in self._meta.concrete_fields
            if field.name not in self.NOT_COPIED
        }
        copy = Verdict(**values)
        for name, value in changes.items():
            setattr(copy, name, value)
        copy._history_user = by
        copy.save()
        for source in self.sources.all():
            source.copy(verdict=copy, by=by)
        return copy

    @classmethod
    def typed(cls, values: dict) -> dict:
        """``values`` (what an editor typed, by field name) as stored: only the fields people
        edit (``VERSIONED_FIELDS``), one-line text stripped, the rationale cleaned here because
        ``locking.update_if_current`` writes with an UPDATE that skips ``save()``."""
        unknown = set(values) - set(cls.VERSIONED_FIELDS)
        if unknown:
            raise TypeError(f"Not a field an editor writes: {', '.join(sorted(unknown))}")
        typed = {}
        for name, value in values.items():
            if isinstance(cls._meta.get_field(name), models.CharField) and isinstance(value, str):
                value = value.strip()
            typed[name] = value
        if "rationale" in typed:
            typed["rationale"] = clean_html(typed["rationale"] or "")
        return typed


class Source(Versioned):
    VERSIONED_FIELDS = (
        "url",
        "title",
        "publisher",
        "kind",
        "consulted_on",
        "archived_url",
        "excerpt",
        "note",
    )

    class Kind(models.TextChoices):
        PRIMARY = "primary", _("primary document")
        OFFICIAL = "official", _("official statement")
        NEWS = "news", _("news report")
        EXPERT = "expert", _("expert")
        DATASET = "dataset", _("data set")
        SOCIAL = "social", _("social media post")

    # A draft's sources go with it; a published verdict cannot be deleted, nor its sources
    # (factcheck.protection).
    verdict = models.ForeignKey(
        Verdict, verbose_name=_("verdict"), on_delete=models.CASCADE, related_name="sources"
    )
    url = models.URLField(_("URL"), max_length=500, validators=[validate_web_url])
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NEWS)
    consulted_on = models.DateField(_("consulted on"), null=True, blank=True)
    archived_url = models.URLField(
        _("archived copy"), max_length=500, blank=True, validators=[validate_web_url]
    )
    excerpt = models.TextField(_("excerpt"), blank=True)
    note = models.TextField(_("note"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["verdict", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="source_url_is_web",
                violation_error_message=_("A source URL must start with http:// or https://."),
            ),
            models.CheckConstraint(
                condition=Q(archived_url="")
                | Q(archived_url__startswith="http://")
                | Q(archived_url__startswith="https://"),
                name="source_archived_url_is_web",
                violation_error_message=_("An archive URL must start with http:// or https://."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    # A copy is a new row: its own id, version and verdict, added by whoever made the copy.
    NOT_COPIED = frozenset({"id", "version", "verdict", "added_by", "added_at"})

    def copy(self, *, verdict, by) -> "Source":
        """This source again, on ``verdict`` (a correction, a re-review, a shared verdict)."""
        values = {
            field.attname: getattr(self, field.attname)
            for field in self._meta.concrete_fields
            if field.name not in self.NOT_COPIED
        }
        copy = Source(**values, verdict=verdict, added_by=by)
        copy._history_user = by
        copy.save()
        return copy


class EvidenceRule(models.Model):
    """What a verdict needs before it can be approved: for one rating, or for all ratings
    (no rating) when the rating has no rule of its own."""

    rating = models.OneToOneField(
        Rating,
        verbose_name=_("rating"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence_rule",
        help_text=_("Leave empty for the rule every rating without its own follows."),
    )
    min_sources = models.PositiveSmallIntegerField(
        _("sources needed"),
        default=2,
        help_text=_("Counted by distinct publisher (or web site when no publisher is given)."),
    )
    require_archive = models.BooleanField(
        _("archived copy needed"),
        default=False,
        help_text=_("Every source needs a link to an archived copy."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence rule")
        verbose_name_plural = _("evidence rules")
        ordering = ["rating__order"]
        constraints = [
            # One rule per rating and one for all ratings (no rating): NULLs are distinct in a
            # plain unique index, so the index is on the rating with NULL read as 0.
            models.UniqueConstraint(
                Coalesce("rating", Value(0)),
                name="one_evidence_rule_per_rating",
                violation_error_message=_("There is already a rule for all ratings."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.rating) if self.rating_id else str(_("all ratings"))
