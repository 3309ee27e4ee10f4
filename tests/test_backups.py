"""A backup restored brings back every article, claim, verdict, source and history row."""

import pytest
from django.core.management import CommandError, call_command

from factcheck.models import Article, ArticleVersion, Claim, ClaimLink, Source, Speaker, Verdict
from tests.factories import SourceFactory, VerdictFactory

MODELS = [Article, Speaker, Claim, Verdict, Source]


def snapshot():
    rows = {}
    for model in MODELS:
        rows[model.__name__] = sorted(model.objects.values_list("pk", flat=True))
        rows[f"history:{model.__name__}"] = model.history.count()
    rows["quotes"] = sorted(Claim.objects.values_list("quote", flat=True))
    rows["rationales"] = sorted(Verdict.objects.values_list("rationale", flat=True))
    return rows


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_brings_everything_back(tmp_path):
    call_command("load_seeds", verbosity=0)
    claim = Claim.objects.get(quote="Tu as dit l’exacte vérité")
    SourceFactory(verdict=VerdictFactory(claim=claim, summary="« Faux » selon l’Insee"))
    claim.claim_reviewed = "Nouvelle formulation."
    claim.save()
    before = snapshot()
    assert before["history:Claim"] == 5

    path = tmp_path / "backup.bin"
    call_command("backup_db", str(path), verbosity=0)
    assert path.stat().st_size > 0

    # The disaster a backup is for: rows gone underneath the application, past the deletion
    # guards (factcheck.protection), in the order the foreign keys allow.
    for model in (Source, Verdict, ClaimLink, Claim.tags.through, Claim, ArticleVersion, Article):
        model.objects.all()._raw_delete(model.objects.db)
    for model in MODELS:
        model.history.all().delete()
    assert not Claim.objects.exists()

    call_command("restore_db", str(path), yes=True, verbosity=0)
    assert snapshot() == before


@pytest.mark.django_db
def test_restore_refuses_a_missing_or_bad_file(tmp_path):
    with pytest.raises(CommandError, match="no such backup"):
        call_command("restore_db", str(tmp_path / "absent"), yes=True)
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"not a backup at all")
    with pytest.raises(CommandError):
        call_command("restore_db", str(bad), yes=True)
    assert Article.objects.count() == 0
