"""Factories for real rows in the test database."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from factcheck.models import Article, Claim, Rating, Source, Speaker, Tag, Verdict

SAMPLE_BODY = (
    "Le président a déclaré : « Le chômage a baissé de 10 % l’an dernier. »\n\n"
    "L’opposition répond qu’il n’en est rien et parle d’un « mensonge éhonté »."
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """``UserFactory(role="editor")`` puts the user in that group."""
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    outlet = "Le Quotidien"
    language = "fr"
    body = SAMPLE_BODY


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Speaker {n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"tag{n}")


class ClaimFactory(factory.django.DjangoModelFactory):
    """A claim on the first occurrence of ``quote`` in its article's body."""

    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    quote = "Le chômage a baissé de 10 % l’an dernier."
    start_offset = factory.LazyAttribute(lambda c: c.article.body.index(c.quote))
    end_offset = factory.LazyAttribute(lambda c: c.start_offset + len(c.quote))
    speaker = factory.SubFactory(SpeakerFactory)
    claim_reviewed = "Le chômage a baissé de 10 % en un an."


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdict

    claim = factory.SubFactory(ClaimFactory)
    rating = factory.LazyFunction(lambda: Rating.objects.get(slug="false"))
    summary = "Le chômage a baissé de 2 %, pas de 10 %."
    rationale = "<p>Les chiffres de l’Insee montrent une <strong>baisse de 2 %</strong>.</p>"
    author = factory.SubFactory(UserFactory, role="editor")

    @factory.post_generation
    def sourced(verdict, create, extracted, **kwargs):
        """``VerdictFactory(sourced=True)``: two sources from different publishers, what the
        default evidence rule asks before a verdict can be approved."""
        if create and extracted:
            for publisher in ("Insee", "Eurostat"):
                SourceFactory(verdict=verdict, publisher=publisher)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    verdict = factory.SubFactory(VerdictFactory)
    url = factory.Sequence(lambda n: f"https://www.insee.fr/fr/statistiques/{n}")
    title = "Chômage au sens du BIT"
    publisher = "Insee"
