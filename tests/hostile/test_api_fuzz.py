"""The API fuzzed from its own OpenAPI schema (schemathesis): no input makes the server fail (5xx).

Runs in-process through Django's WSGI handler, as the secretariat of `bma` (a bearer token), with
the institution slug pinned to `bma` or another institution's, so calls reach the code behind
the scoping. Examples per operation: HOSTILE_EXAMPLES (default 10).
"""
import copy
import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, Phase, settings

from genderseal.api.urls import api
from genderseal.core.models import ApiToken

from tests.factories import make_evidence, make_planning

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", 10))


def pinned(document):
    """The schema with `slug` limited to our institution and another one (the rest stays free)."""
    document = copy.deepcopy(document)
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] == "slug":
                    parameter["schema"] = {"type": "string", "enum": ["bma", "other"]}
                elif parameter["in"] == "path" and parameter["name"] == "number":
                    parameter["schema"] = {"type": "integer", "enum": [1, 2, 99]}
    return document


schema = schemathesis.openapi.from_dict(pinned(api.get_openapi_schema(path_prefix="/api/")))
schema.app = WSGIHandler()


@pytest.fixture
def keep_connection():
    """As Django's test client does: the handler must not close the test's database connection."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(world, keep_connection):
    make_evidence(world.institution, "หลักฐาน", status="approved", benchmarks=["1.1.1"])
    make_planning(world)
    return ApiToken.issue(world.secretariat, "fuzz")


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_no_input_makes_the_api_fail(case, token):
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code} " \
                                       f"{response.text[:300]}"
