"""The API against its own OpenAPI schema, checked by a tool no one here wrote: Schemathesis (PyPI).

It reads the schema the site serves (/api/schema/), then, for every operation, sends requests it generates from
that schema (the documented examples first, then values of every documented type, in and out of range) to the
site's WSGI application with the demo loaded, and checks each answer with its built-in checks: never a server
error, and the status code, the content type, the headers and the body each as the schema documents them.

Bounded and repeatable, so ``make test`` stays usable: a fixed number of examples per operation, derandomized
(the same requests every run), no shrinking of a failure to a smaller one (the first failing request is shown).
"""
import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings

from orgsite.wsgi import application

EXAMPLES_PER_OPERATION = 40
# Known disagreements, each with its reason; everything else is checked. None today: a well-formed filter value the
# registry holds nothing of (?year=0, an unknown body) gives an empty list (news/filters.py, AnyWellFormed).
EXCUSED = {}


def served_schema():
    """The schema /api/schema/ serves, as drf-spectacular generates it there (no database: read at collection)."""
    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


# Loaded when the tests are collected, so each operation is a test of its own. (Schemathesis's lazy loading from
# a fixture, which could ask the running site, relies on a pytest internal that pytest 9 no longer has.)
schema = schemathesis.openapi.from_dict(served_schema())
schema.app = application  # requests go to the site's WSGI application, in this process and its test database


@pytest.fixture(autouse=True)
def demo_without_throttling(demo, settings):
    """The demo in the database; no throttling: hundreds of requests from one address within a minute would be
    answered 429 (documented, and tested in tests/test_api_http.py), but the checks are about the answers."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute"}}


@pytest.fixture(autouse=True)
def connection_kept_between_requests():
    """The WSGI application closes the database connection when a request ends, as in production; the test's
    transaction lives on that connection (PostgreSQL), so it stays open, as Django's own test client keeps it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_schema_checked_is_the_one_the_site_serves(client):
    assert client.get("/api/schema/?format=json").json() == served_schema()


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],  # no shrinking
    deadline=None,
    # The demo is loaded once per operation, not per example: the requests only read.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_answer_is_as_the_schema_says(case):
    case.call_and_validate(excluded_checks=EXCUSED.get((case.method, case.path), []))
