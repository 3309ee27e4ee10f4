"""Schemathesis against the API's own OpenAPI description, on a live server with a real token:
generated requests, fitting the description and not, never get a server error, and answers
match the description."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from factcheck.api import tokens
from tests.factories import ClaimFactory, UserFactory, VerdictFactory

pytestmark = [pytest.mark.django_db(transaction=True)]
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_keeps_its_description(live_server, mode):
    editor = UserFactory(username="edith", role="editor")
    VerdictFactory(sourced=True, author=editor)
    ClaimFactory(quote="Le chômage a baissé de 10 % l’an dernier.", priority=2)
    headers = {"Authorization": f"Bearer {tokens.issue(user=editor, name='schemathesis')[1]}"}
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 9  # every endpoint is tried

    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def call(case):
            case.call_and_validate(
                base_url=live_server.url, headers=headers, checks=CHECKS, timeout=30
            )

        call()
