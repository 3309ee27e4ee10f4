"""No input gives a server error: every route of the workbench, as every role, with hostile
strings in every query parameter and form field the workbench reads, and ids that exist or not.

Field names are derived from the forms and filters themselves, so a new form field is fuzzed
without editing this file; ``FUZZ_EXAMPLES`` sets the examples a route (default 12: about a
minute for the whole file on SQLite)."""

import inspect
import os

import pytest
from django import forms
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck import workflow
from factcheck.articles import forms as article_forms
from factcheck.articles import forms as version_forms
from factcheck.claims import filters
from factcheck.claims import forms as claim_forms
from factcheck.claims import forms as link_forms
from factcheck.claims.views import listing as claim_list
from factcheck.external import forms as external_forms
from factcheck.intake import forms as intake_forms
from factcheck.models import (
    Article,
    Claim,
    ClaimLink,
    ExternalLink,
    Rating,
    Snapshot,
    Source,
    Verdict,
)
from factcheck.statements import forms as statement_forms
from factcheck.verdicts import forms as verdict_forms
from tests.factories import SourceFactory, UserFactory
from tests.roles import ROLES, make_user

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 12))

# Parameters read straight from request.GET / request.POST, outside any form.
LOOSE_PARAMETERS = [
    "q",
    "page",
    "sort",
    "find",
    "speaker_name",
    "relation",
    "assignee",
    "excel",
    "layout",
    "from",
    "all",
    "part",
    "next",
    "language",
    "username",
    "password",
    "version",
    "base",
]


def form_field_names() -> list[str]:
    names = set(LOOSE_PARAMETERS)
    modules = (
        article_forms,
        claim_forms,
        link_forms,
        verdict_forms,
        version_forms,
        statement_forms,
        intake_forms,
        external_forms,
    )
    for module in modules:
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                names.update(cls.base_fields)
    names.update(claim_list.BulkForm.base_fields)
    for filterset in (filters.ClaimFilter, filters.CorrectionFilter):
        names.update(filterset.base_filters)
        names.update(filterset().form.fields)
    return sorted(names)


FIELDS = form_field_names()

SPECIAL = [
    "",
    "\x00",
    "a\x00b",
    "🙂🇫🇷𝔘",
    "e\u0301te\u0301",
    "\u202eטקסט מימין\u202c",
    "\u00a0\u202f",
    "a\r\nb",
    "x" * 20_000,
    "²",
    "-1",
    "0",
    "1e9",
    "99999999999999999999",
    "%",
    "%00",
    "'",
    '"',
    "\\",
    "<script>x()</script>",
    "2023-02-30",
    "NaN",
    "https://",
    "javascript:x()",
    "le le le le le le",
]
VALUES = st.one_of(st.sampled_from(SPECIAL), st.text(max_size=40))
PARAMS = st.dictionaries(
    st.sampled_from(FIELDS), st.one_of(VALUES, st.lists(VALUES, max_size=3)), max_size=8
)


def routes() -> list[tuple[str, list[str]]]:
    """(URL name, names of its arguments) of every route outside the admin site."""
    found = []
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            continue  # the admin site: Django's own, tested by Django
        assert isinstance(entry, URLPattern)
        found.append((entry.name, list(entry.pattern.converters)))
    return found


ROUTES = routes()
# The model each route's <int:pk> names.
PK_MODELS = {
    "article": Article,
    "verdict": Verdict,
    "source": Source,
    "verdict_save": Claim,
    "source_add": Verdict,
    "snapshot": Snapshot,
    "claim_link_delete": ClaimLink,
    "claim_link_share": ClaimLink,
    "external_link_delete": ExternalLink,
    "statement": Article,
}


def model_for(name: str):
    if name in PK_MODELS:
        return PK_MODELS[name]
    return PK_MODELS.get(name.split("_")[0], Claim)


@pytest.fixture
def desk(seeded):
    author = UserFactory(username="auteur", role="editor")
    claim = Claim.objects.get(quote="Tu as dit l’exacte vérité")
    verdict = workflow.save_verdict(
        claim, by=author, rating=Rating.objects.get(slug="false"), summary="Faux.", rationale=""
    )
    SourceFactory(verdict=verdict)
    SourceFactory(verdict=verdict, publisher="Eurostat")  # the evidence rule's two publishers
    workflow.submit(verdict, by=author)
    return {role: make_user(role) for role in ROLES}


@pytest.mark.parametrize(("name", "arguments"), ROUTES, ids=[r[0] for r in ROUTES])
def test_no_input_is_a_server_error(desk, name, arguments):
    model = model_for(name)
    real_ids = list(model.objects.values_list("pk", flat=True)[:3]) or [1]
    ids = st.one_of(st.sampled_from(real_ids), st.sampled_from([0, 7, 2**31, 2**63 - 1, 10**20]))

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(
        role=st.sampled_from(ROLES),
        method=st.sampled_from(["get", "post"]),
        htmx=st.booleans(),
        args=st.tuples(*[ids for _ in arguments]),
        params=PARAMS,
    )
    def run(role, method, htmx, args, params):
        client = Client()
        if desk[role] is not None:
            client.force_login(desk[role])
        url = reverse(name, args=args)
        headers = {"HX-Request": "true"} if htmx else {}
        response = getattr(client, method)(url, params, headers=headers)
        assert response.status_code < 500, (role, method, url, params)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)  # an export fails while it streams, if at all

    run()


def test_every_route_is_fuzzed():
    names = {name for name, _ in ROUTES}
    assert {"claim_bulk", "article_list", "speaker_search", "claim_link_candidates"} <= names
    assert {"claims", "assignee", "action", "q", "find", "speaker_name"} <= set(FIELDS)


@pytest.mark.parametrize(
    "data",
    [
        {"action": "assign", "assignee": "abc", "claims": ["1"]},
        {"action": "assign", "claims": ["²"]},
        {"action": "status", "status": "new", "claims": ["1e9", "-1"]},
        {"action": "assign", "claims": ["99999999999999999999"]},
        {"action": "assign", "assignee": "99999999999999999999", "claims": ["1"]},
        {"action": "assign", "assignee": "424242", "claims": ["1"]},
        {"action": "nonsense"},
    ],
)
def test_bulk_actions_refuse_malformed_ids_in_words(client_for, editor, seeded, data):
    before = list(Claim.objects.order_by("pk").values_list("pk", "assignee_id", "status"))
    response = client_for(editor).post("/claims/bulk/", data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.context["bulk_report"]["done"] == 0
    assert response.context["bulk_report"]["refused"]
    assert list(Claim.objects.order_by("pk").values_list("pk", "assignee_id", "status")) == before
