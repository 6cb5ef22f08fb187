"""Content Security Policy: strict on public pages, one scoped exception in the admin (orgsite/csp.py).

The browser tests (tests/browser) check in Chromium that nothing the site uses is blocked; these check the
headers and that the pages carry nothing the policy would block.
"""
import base64
import hashlib
import re

import pytest

from news.models import Directive, Organization, Section
from tests.factories import EN_URL, VI_URL
from tests.pages import elements

HEADER = "Content-Security-Policy"
DATA_BLOCKS = {"application/ld+json", "application/json"}


def directives(response):
    """The policy of a response as {directive: [sources]}."""
    policy = {}
    for part in response[HEADER].split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


def public_urls():
    section = Section.objects.first()
    return [
        "/", "/en/", VI_URL, EN_URL, VI_URL + "in/", section.get_absolute_url(), "/luu-tru/2024/04/",
        "/van-ban/", Directive.objects.first().get_absolute_url(), "/to-chuc/",
        Organization.objects.first().get_absolute_url(), "/tim-kiem/?q=dang+bo", "/en/search/?q=party",
        "/khong-co-trang-nay/",  # the 404 page
    ]


def test_public_pages_allow_only_the_sites_own_scripts_and_styles(client, demo):
    for url in public_urls():
        response = client.get(url)
        assert response.status_code in (200, 404), url
        policy = directives(response)
        assert policy["script-src"] == ["'self'"], url  # no 'unsafe-inline', no 'unsafe-eval', no other host
        assert policy["style-src"] == ["'self'"], url
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"] and response["X-Frame-Options"] == "DENY"


def test_public_pages_carry_nothing_the_policy_would_block(client, demo):
    """No inline script, style element or attribute, or event handler: the browser would refuse them."""
    for url in public_urls():
        html = client.get(url).content.decode()
        for element in elements(html):
            if element.tag == "script" and "src" not in element.attrs:
                # Data blocks (JSON-LD) are never run, so CSP does not apply to them.
                assert element.attrs.get("type") in DATA_BLOCKS, f"inline script on {url}"
            assert element.tag != "style", f"<style> on {url}"
            assert "style" not in element.attrs, f"style attribute on {url}: {element}"
            handlers = [name for name in element.attrs if name.startswith("on")]
            assert not handlers, f"event handler on {url}: {element}"
            for name in ("href", "src", "action"):
                assert not (element.attrs.get(name) or "").lower().startswith("javascript:"), url


@pytest.mark.parametrize("path", ["/admin/news/article/1/change/", "/en/admin/news/article/add/"])
def test_the_admin_allows_exactly_the_editors_import_map_and_inline_styles(staff_client, demo, path):
    response = staff_client.get(path)
    assert response.status_code == 200
    policy = directives(response)
    html = response.content.decode()
    # The editor's import map is the page's only inline script; the policy allows it by its hash, nothing else.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", html, re.S)
    executable = [(attrs, text) for attrs, text in inline if not any(f'type="{kind}"' in attrs for kind in DATA_BLOCKS)]
    assert [attrs.strip() for attrs, _text in executable] == ['type="importmap"']
    digest = base64.b64encode(hashlib.sha256(executable[0][1].encode()).digest()).decode()
    assert policy["script-src"] == ["'self'", f"'sha256-{digest}'"]
    # Inline styles: the editor (Tiptap) adds a <style> element and style attributes as staff edit.
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]


def test_the_admins_exception_stops_at_the_admin(staff_client, demo):
    """Signed-in staff reading the public site get the public policy."""
    policy = directives(staff_client.get(VI_URL))
    assert policy["style-src"] == ["'self'"] and policy["script-src"] == ["'self'"]


def test_the_headers_built_once_are_django_csps_own(rf, db):
    """The middleware builds an ordinary response's headers once per kind of path; a response a view changed
    (django-csp's decorators) still takes django-csp's own path."""
    from csp.decorators import csp_update
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse

    from orgsite.csp import PortalCSPMiddleware

    def plain(request):
        return HttpResponse("ok")

    @csp_update({"img-src": ["https://images.example.org"]})
    def changed(request):
        return HttpResponse("ok")

    ours = PortalCSPMiddleware(plain)
    for path in ("/", "/en/", "/admin/", "/en/admin/news/article/"):
        first, again = ours(rf.get(path)), ours(rf.get(path))
        # what django-csp alone, with the admin's exception, gives this path
        reference = PortalCSPMiddleware(plain)
        expected = CSPMiddleware.process_response(reference, _with_nonce_guard(reference, rf.get(path)), plain(None))
        assert first[HEADER] == again[HEADER] == expected[HEADER], path
    assert "https://images.example.org" in PortalCSPMiddleware(changed)(rf.get("/"))[HEADER]
    assert "https://images.example.org" not in ours(rf.get("/"))[HEADER]


def _with_nonce_guard(middleware, request):
    middleware.process_request(request)
    return request
