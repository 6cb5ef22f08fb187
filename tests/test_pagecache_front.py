"""The first middleware: a reader's stored page is answered before the rest of the stack, with every header a
reader gets; one copy per page however its address is spelled; a bounded number of copies per path."""
import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path

from orgsite.csp import PortalCSPMiddleware
from pagecache import cache_public_page
from tests.factories import VI_URL

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_host")]


@pytest.fixture
def stack_runs(monkeypatch):
    """How many responses went through the stack below the first middleware (its CSP middleware, say)."""
    calls = []
    original = PortalCSPMiddleware.process_response

    def counted(self, request, response):
        calls.append(request.path)
        return original(self, request, response)

    monkeypatch.setattr(PortalCSPMiddleware, "process_response", counted)
    return calls


def without_marker(response):
    return {name: value for name, value in response.headers.items() if name != "X-Page-Cache"}


def test_a_hit_is_answered_before_the_stack_with_every_header_a_reader_gets(client, demo, stack_runs, settings):
    settings.SECURE_HSTS_SECONDS = 3600  # HSTS is sent over https: the hit must carry it too
    first = client.get(VI_URL, secure=True)
    assert first["X-Page-Cache"] == "miss" and stack_runs == [VI_URL]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(VI_URL, secure=True)
    assert again["X-Page-Cache"] == "hit"
    assert stack_runs == [VI_URL] and len(queries) == 0  # nothing below the first middleware ran
    assert again.content == first.content
    assert without_marker(again) == without_marker(first)
    for header in ("Content-Security-Policy", "Strict-Transport-Security", "X-Frame-Options", "Referrer-Policy",
                   "Cross-Origin-Opener-Policy", "X-Content-Type-Options", "Content-Language", "Vary", "ETag",
                   "Last-Modified", "Cache-Control", "Content-Type"):
        assert again.has_header(header), header
    assert "no-cache" in again["Cache-Control"] and "public" in again["Cache-Control"]


def test_a_page_over_http_is_another_copy(client, demo, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    client.get(VI_URL, secure=True)
    plain = client.get(VI_URL)
    assert plain["X-Page-Cache"] == "miss" and not plain.has_header("Strict-Transport-Security")


def test_http_is_still_redirected_to_https(demo, settings):
    settings.SECURE_SSL_REDIRECT = True  # read when the stack is built: before the client's first request
    reader = Client()
    reader.get("/", secure=True)
    assert reader.get("/", secure=True)["X-Page-Cache"] == "hit"
    assert reader.get("/").status_code == 301  # the https copy never answers http


def test_a_repeat_visit_gets_304_from_the_first_middleware(client, demo, stack_runs):
    first = client.get(VI_URL)
    for conditions in ({"HTTP_IF_NONE_MATCH": first["ETag"]}, {"HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]}):
        answer = client.get(VI_URL, **conditions)
        assert answer.status_code == 304 and answer.content == b""
        assert answer["ETag"] == first["ETag"] and answer["Cache-Control"] == first["Cache-Control"]
        assert answer["Vary"] == first["Vary"] and not answer.has_header("Content-Type")
    assert stack_runs == [VI_URL]
    assert client.get(VI_URL, HTTP_IF_NONE_MATCH='"another"').status_code == 200


def test_a_session_cookie_goes_down_the_stack_and_stores_nothing(demo, stack_runs):
    with_cookie = Client()
    with_cookie.cookies["sessionid"] = "an-expired-session-of-a-former-editor"
    first = with_cookie.get(VI_URL)
    assert first.status_code == 200 and stack_runs == [VI_URL]
    reader = Client()
    assert reader.get(VI_URL)["X-Page-Cache"] == "miss"  # the cookie's render was not kept for everyone
    # An anonymous reader with a cookie is served the stored copy below (the stack's headers added as before).
    served = with_cookie.get(VI_URL)
    assert served["X-Page-Cache"] == "hit" and len(stack_runs) == 3
    assert served.content == reader.get(VI_URL).content


# --- One copy per page ---------------------------------------------------------------------------------------------

def test_query_parameters_a_page_does_not_read_make_no_copy(client, demo, stack_runs):
    assert client.get(VI_URL)["X-Page-Cache"] == "miss"
    for query in ("utm_source=zalo&utm_medium=social", "fbclid=IwAR0abc", "x=1&y=2", "page=7"):
        assert client.get(f"{VI_URL}?{query}")["X-Page-Cache"] == "hit", query
    assert stack_runs == [VI_URL]


def test_a_page_renders_as_if_undeclared_parameters_were_absent(client, demo):
    tracked = client.get("/van-ban/?utm_source=newsletter")  # the list reads its filters and page only
    assert tracked["X-Page-Cache"] == "miss"
    plain = client.get("/van-ban/")
    assert plain["X-Page-Cache"] == "hit" and plain.content == tracked.content
    assert "utm_source" not in tracked.content.decode()


def test_declared_parameters_are_one_copy_in_any_order(client, demo):
    assert client.get("/tim-kiem/?q=dang+bo&page=1")["X-Page-Cache"] == "miss"
    assert client.get("/tim-kiem/?page=1&q=dang+bo&utm_campaign=thang-4")["X-Page-Cache"] == "hit"
    assert client.get("/tim-kiem/?q=dang+bo")["X-Page-Cache"] == "miss"  # another page of results


def test_host_variants_share_one_copy_rendered_under_the_plain_name(client, demo):
    first = client.get(VI_URL, HTTP_HOST="LocalHost.:80")
    assert first["X-Page-Cache"] == "miss"
    assert f'<link rel="canonical" href="http://localhost{VI_URL}">' in first.content.decode()
    for host in ("localhost", "LOCALHOST", "localhost.", "localhost:80"):
        assert client.get(VI_URL, HTTP_HOST=host)["X-Page-Cache"] == "hit", host
    assert client.get(VI_URL, HTTP_HOST="localhost:8000")["X-Page-Cache"] == "miss"  # another port, another site
    assert client.get(VI_URL, HTTP_HOST="localhost:443", secure=True)["X-Page-Cache"] == "miss"  # https
    assert client.get(VI_URL, HTTP_HOST="localhost", secure=True)["X-Page-Cache"] == "hit"


def test_a_host_not_allowed_is_refused_as_before(client, demo):
    client.get(VI_URL)
    assert client.get(VI_URL, HTTP_HOST="evil.example").status_code == 400


def test_copies_of_one_path_are_bounded(client, demo, settings, clock):
    settings.PAGE_CACHE_MAX_VARIANTS = 3
    words = ["dang", "bo", "khoi", "trung", "uong"]
    for word in words:
        assert client.get(f"/tim-kiem/?q={word}")["X-Page-Cache"] == "miss"
    stored = [client.get(f"/tim-kiem/?q={word}")["X-Page-Cache"] == "hit" for word in words]
    assert stored == [True, True, True, False, False]  # beyond the bound: rendered, not stored
    assert client.get("/tim-kiem/?q=uong")["X-Page-Cache"] == "miss"
    clock.shift(settings.PAGE_CACHE_SECONDS + 1)  # a new window: the count starts again
    client.get("/tim-kiem/?q=uong")
    assert client.get("/tim-kiem/?q=uong")["X-Page-Cache"] == "hit"


# --- Turned off ------------------------------------------------------------------------------------------------

def test_with_the_page_cache_off_pages_render_each_time_and_their_parts_are_kept(client, demo, settings):
    settings.PAGE_CACHE_ENABLED = False

    def render():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(VI_URL)
        assert response.status_code == 200 and not response.has_header("X-Page-Cache")
        return response, len(queries)

    first, cold = render()
    second, warm = render()
    assert second.content == first.content
    assert warm < cold  # the menu, the identity, the article and its related blocks were kept


# --- A view the first middleware knows nothing of --------------------------------------------------------------

def _sets_a_cookie(request):
    response = HttpResponse("<p>Cảm ơn bạn đã góp ý</p>")
    response.set_cookie("da_gop_y", "1")
    return response


urlpatterns = [path("gop-y/", cache_public_page(_sets_a_cookie), name="feedback")]


@pytest.mark.urls("tests.test_pagecache_front")
def test_a_page_that_sets_a_cookie_is_never_stored(client):
    first = client.get("/gop-y/")
    assert first.status_code == 200 and first.cookies["da_gop_y"].value == "1"
    assert client.get("/gop-y/")["X-Page-Cache"] == "miss"
