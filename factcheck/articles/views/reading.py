"""The article page: its body with every claim highlighted, marking a new claim from a
selection or moving a claim onto other words, the speaker search of the marking form, and the
rating colours as a stylesheet."""

import re

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget, trigger_client_event

from factcheck import workflow
from factcheck.articles.body_versions import latest_number, orphaned_claims
from factcheck.articles.highlighting import body_html, paragraph_spans, paragraphs, parts
from factcheck.claims import marking
from factcheck.claims.forms import MarkClaimForm, MoveWordsForm
from factcheck.claims.reading import article_claims, highlight_of
from factcheck.claims.views.responses import CHANGED, panel, refusal, requires
from factcheck.core import kept
from factcheck.models import Article, Claim, Rating
from factcheck.workflow import rules

COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
BODY = "factcheck/partials/_highlighted_body.html"
PAGE = "factcheck/partials/_article_page.html"
MARK_FORM = "factcheck/partials/_mark_form.html"


# A very long body is shown a part at a time (?part=2), so that a page stays a few hundred kB
# and renders in well under a second; a news article is one part.
PART_CHARS = 100_000
PART_PARAGRAPHS = 1_000


def _part_number(value: str | None, count: int) -> int:
    """The part asked for, within 1..count; anything else is the first part."""
    if value and value.isascii() and value.isdigit():
        return min(max(int(value), 1), count)
    return 1


def _body_context(article, part: str | None = None) -> dict:
    claims = article_claims(article)
    body_parts = parts(
        paragraph_spans(article.body), max_chars=PART_CHARS, max_paragraphs=PART_PARAGRAPHS
    )
    number = _part_number(part, len(body_parts))
    shown = paragraphs(
        article.body, [highlight_of(c) for c in claims], spans=body_parts[number - 1]
    )
    return {
        "article": article,
        "claims": claims,
        "paragraphs": shown,
        "body_html": body_html(shown),
        "orphaned_claims": orphaned_claims(claims),
        # Sent back with a selection: marking refuses offsets computed on an older text.
        "body_version": latest_number(article),
        "part": number,
        "part_count": len(body_parts),
    }


def _article(request, pk):
    """The article's row without its body (read only when the content is rendered, 2 MiB at
    most), kept with the page: a write to the article moves the generation."""
    return kept.value(
        request, f"article:{pk}", lambda: get_object_or_404(Article.objects.defer("body"), pk=pk)
    )


@require_GET
def article_detail(request, pk):
    """The page's content is kept between requests (core/kept.py), per what the reader may do:
    at a thousand claims its body and claims are most of the page."""
    article = _article(request, pk)
    allowed = {
        "can_mark": rules.mark_claim(request.user) is None,
        "can_replace_body": rules.replace_body(request.user) is None,
        "can_edit_article": rules.edit_article(request.user) is None,
        "can_archive": rules.archive_article(request.user) is None,
    }

    def content():
        context = _body_context(article, request.GET.get("part"))
        context.update(allowed, has_claims=bool(context["claims"]), kinds=Claim.Kind.choices)
        if allowed["can_mark"]:
            context["mark_form"] = MarkClaimForm(article=article)
        return context

    page = kept.fragment(request, PAGE, content, *sorted(allowed.items()))
    return render(request, "factcheck/article_detail.html", {"article": article, "page": page})


@require_GET
@vary_on_headers("HX-Request")
def article_body(request, pk):
    """The highlighted body alone, refreshed by htmx after a claim changes."""
    article = _article(request, pk)
    part = request.GET.get("part")
    return HttpResponse(kept.fragment(request, BODY, lambda: _body_context(article, part)))


def _mark_form_again(request, article, form, status=200):
    response = render(request, MARK_FORM, {"article": article, "mark_form": form}, status=status)
    return reswap(retarget(response, "#mark-form"), "outerHTML") if request.htmx else response


@require_POST
@requires("mark_claim")
def mark_claim(request, pk):
    """Create a claim on exactly the words the reader selected, where the page said they stand,
    with the verdict and sources typed on the same form, and submit it if asked."""
    # The words are checked against the body read again under a lock (workflow.mark_claim):
    # the text is not read here as well.
    article = get_object_or_404(Article.objects.defer("body"), pk=pk)
    form = MarkClaimForm(request.POST, article=article)
    if not form.is_valid():
        return _mark_form_again(request, article, form, status=422)
    arguments = form.domain_arguments()
    try:
        claim = marking.mark_with_verdict(article=article, by=request.user, **arguments)
    except workflow.NotAllowed as error:
        return refusal(request, error)
    except workflow.WorkflowError as error:
        # Other words at these offsets, a newer text, an unknown speaker, or a verdict that may
        # not go to review yet: said next to the form, which keeps everything typed.
        form.add_error(None, error.message)
        conflict = isinstance(error, workflow.BodyChanged | marking.NotSubmitted)
        status = 409 if conflict else 422
        return _mark_form_again(request, article, form, status=status)
    # The editor marks one claim after another: the panel does not wait for the comparison
    # with every reviewed claim, it fetches the similar ones once it is shown.
    response = panel(request, claim.pk, changed=True, compare_similar=False)
    if request.htmx:
        # The page puts back the empty form it was first sent (mark_form.js), so none is
        # rendered here. The sent form is then replaced: the body's refresh listens on <body>.
        trigger_client_event(response, CHANGED, {"target": "body"}, after="swap")
        if arguments["submit"]:
            message = _("Claim marked and submitted for review.")
        else:
            message = _("Claim marked.")
        trigger_client_event(
            response, "claim-marked", {"message": message, "target": "#claim-panel"}, after="settle"
        )
    return response


@require_POST
@requires("edit_claim")
def claim_move_words(request, pk):
    """Move a claim onto the words reselected in its article; the panel answers."""
    claim = get_object_or_404(Claim.objects.select_related("article"), pk=pk)
    form = MoveWordsForm(request.POST)
    if not form.is_valid():
        messages = [str(message) for errors in form.errors.values() for message in errors]
        return refusal(request, workflow.QuoteNotFound(" ".join(messages)))
    data = form.cleaned_data
    try:
        workflow.move_words(
            claim,
            by=request.user,
            quote=data["quote"],
            start=data["start"],
            end=data["end"],
            body_version=data["body_version"],
            expected=data["version"],
        )
    except workflow.WorkflowError as error:
        return refusal(request, error)
    return panel(request, pk, changed=True)


@require_GET
def speaker_search(request):
    """Search-as-you-type for the marking form: matching speakers and a "create" choice."""
    text = request.GET.get("speaker_name", "").strip()
    found = marking.search_speakers(text)
    exact = any(s.name.casefold() == text.casefold() for s in found)
    context = {
        "text": text,
        "speakers": found,
        "offer_create": bool(text) and not exact and rules.add_speaker(request.user) is None,
    }
    return render(request, "factcheck/partials/_speaker_results.html", context)


@login_not_required
@require_GET
@cache_control(max_age=60)
def ratings_css(request):
    """One class per rating, coloured from the scale an administrator edits."""
    # The admin validates colours; checked again because this text lands in a stylesheet.
    ratings = [r for r in Rating.objects.order_by("order") if COLOUR.fullmatch(r.colour)]
    response = render(request, "factcheck/ratings.css", {"ratings": ratings})
    response["Content-Type"] = "text/css; charset=utf-8"
    # Every page links it: let browsers keep it a minute rather than ask on each page.
    response["Cache-Control"] = "private, max-age=60"
    return response
