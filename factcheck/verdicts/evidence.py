"""Evidence rules: what a verdict needs before a reviewer may approve it.

An administrator sets, in the admin, a rule for all ratings and, if needed, one per rating: how
many sources from different publishers, and whether every source needs an archived copy. The
rule of the verdict's rating wins over the one for all ratings; with no rule, nothing is needed.
Publishers are told apart by name (case and spacing aside), or by web site when a source names
none, and shown as first typed. A source is archived when it names an archived copy or when the
desk kept its own copy of the page (a snapshot fetched in the background). ``workflow.approve`` refuses a verdict this module finds wanting; the claim panel shows
the same messages beside the approve button.
"""

from urllib.parse import urlsplit

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from factcheck.models import EvidenceRule, Snapshot, Source, Verdict


def kept_copies() -> Prefetch:
    """A source's snapshots without their page and text: what the panel and this rule read."""
    return Prefetch("snapshots", queryset=Snapshot.objects.defer("raw", "text"))


def is_archived(source: Source) -> bool:
    """An archived copy's address, or a copy the desk kept (snapshots prefetched or not)."""
    return bool(source.archived_url) or any(
        snapshot.state == Snapshot.State.DONE for snapshot in source.snapshots.all()
    )


def rules_by_rating() -> dict[int | None, EvidenceRule]:
    """Every rule, keyed by rating id (None: all ratings); one query."""
    return {rule.rating_id: rule for rule in EvidenceRule.objects.all()}


def rule_for(rating_id: int | None, rules: dict | None = None) -> EvidenceRule | None:
    rules = rules_by_rating() if rules is None else rules
    return rules.get(rating_id) or rules.get(None)


def publisher_name(source: Source) -> str:
    """A source's publisher as typed (spacing tidied), else its web site."""
    name = " ".join(source.publisher.split())
    if name:
        return name
    host = (urlsplit(source.url).hostname or "").casefold()
    return host.removeprefix("www.")


def publisher_of(source: Source) -> str:
    """The key a source's publisher is counted by: its name or web site, case aside."""
    return publisher_name(source).casefold()


def publishers(sources: list[Source]) -> list[str]:
    """The distinct publishers of ``sources``, each named as first typed, sorted by key."""
    named: dict[str, str] = {}
    for source in sources:
        named.setdefault(publisher_of(source), publisher_name(source))
    named.pop("", None)
    return [named[key] for key in sorted(named)]


def missing_evidence(
    verdict: Verdict, *, sources: list[Source] | None = None, rules: dict | None = None
) -> list[str]:
    """What the verdict lacks before approval, as sentences for the reviewer; [] when nothing.

    ``sources`` and ``rules`` may be given when already loaded (the panel prefetches them, with
    their snapshots)."""
    rule = rule_for(verdict.rating_id, rules)
    if rule is None:
        return []
    if sources is None:
        sources = list(verdict.sources.prefetch_related(kept_copies()))
    missing = []
    found = publishers(sources)
    if len(found) < rule.min_sources:
        needed = ngettext(
            "At least %(needed)d source is needed.",
            "At least %(needed)d sources from different publishers are needed.",
            rule.min_sources,
        ) % {"needed": rule.min_sources}
        if found:
            has = ngettext(
                "This verdict has %(count)d publisher: %(names)s.",
                "This verdict has %(count)d publishers: %(names)s.",
                len(found),
            ) % {"count": len(found), "names": ", ".join(found)}
        else:
            has = _("This verdict has no source yet.")
        missing.append(f"{needed} {has}")
    if rule.require_archive:
        unarchived = [source.title for source in sources if not is_archived(source)]
        if unarchived:
            missing.append(
                ngettext(
                    "Each source needs an archived copy; this one has none: %(titles)s.",
                    "Each source needs an archived copy; these have none: %(titles)s.",
                    len(unarchived),
                )
                % {"titles": ", ".join(f"“{title}”" for title in unarchived)}
            )
    return missing
