"""Behind reverse proxies (TRUSTED_PROXY_COUNT), sign-in lockouts and the security log see the reader's address.

Without it every reader would share the proxy's address, so five wrong passwords from anyone would lock a
user out for everyone.
"""
import logging

import pytest
from axes.models import AccessAttempt

from tests.factories import PASSWORD

PROXY = "127.0.0.1"


def sign_in_via_proxy(client, password, forwarded_for):
    return client.post(
        "/en/admin/login/", {"username": "bientap", "password": password, "next": "/en/admin/"},
        REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.fixture
def editor(make_staff):
    return make_staff("no_group", "bientap")


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def test_a_lockout_behind_the_proxy_holds_the_readers_address_only(client, editor, behind_nginx, caplog):
    caplog.set_level(logging.INFO, logger="orgsite.security")
    for attempt in range(5):
        sign_in_via_proxy(client, f"sai-{attempt}", "203.0.113.7")
    assert sign_in_via_proxy(client, PASSWORD, "203.0.113.7").status_code == 429
    assert AccessAttempt.objects.get(username="bientap").ip_address == "203.0.113.7"
    assert any("locked out" in r.getMessage() and "203.0.113.7" in r.getMessage() for r in caplog.records)

    # A forged X-Forwarded-For does not escape: nginx appends the address it saw after whatever came in.
    assert sign_in_via_proxy(client, PASSWORD, "198.51.100.20, 203.0.113.7").status_code == 429
    # The same editor from another address, through the same proxy, signs in.
    assert sign_in_via_proxy(client, PASSWORD, "198.51.100.20").status_code == 302


def test_two_proxies_count_from_the_end(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 2  # a load balancer, then nginx (which appends the balancer's address)
    for attempt in range(5):
        sign_in_via_proxy(client, f"sai-{attempt}", "203.0.113.7, 10.0.0.2")
    assert AccessAttempt.objects.get(username="bientap").ip_address == "203.0.113.7"


def test_without_trusted_proxies_x_forwarded_for_is_ignored(client, editor):
    for attempt in range(5):
        sign_in_via_proxy(client, f"sai-{attempt}", "203.0.113.7")
    assert AccessAttempt.objects.get(username="bientap").ip_address == PROXY
