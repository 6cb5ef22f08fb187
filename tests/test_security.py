"""Admin sign-in throttling: wrong passwords lock a username/address pair out for a while, and it is logged."""
import logging

import pytest
from axes.models import AccessAttempt, AccessLog

from tests.factories import PASSWORD

LOGIN = "/en/admin/login/"


@pytest.fixture
def editor(make_staff):
    return make_staff("no_group", "bientap")


def sign_in(client, password, username="bientap", address="203.0.113.7"):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/en/admin/"}, REMOTE_ADDR=address
    )


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, editor, caplog):
    caplog.set_level(logging.INFO, logger="orgsite.security")
    for attempt in range(4):
        response = sign_in(client, f"sai-{attempt}")
        assert response.status_code == 200  # the form again, with its error
        assert "Please enter the correct username and password" in response.content.decode()

    fifth = sign_in(client, "sai-5")
    assert fifth.status_code == 429
    assert "The account is locked for 15 minutes after repeated failed sign-ins" in fifth.content.decode()

    right = sign_in(client, PASSWORD)
    assert right.status_code == 429
    assert "The account is locked for 15 minutes" in right.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/en/admin/").status_code == 302  # still sent to the sign-in page

    # Axes keeps its own record; our log says who was locked out and from where.
    attempt = AccessAttempt.objects.get(username="bientap")
    assert attempt.failures_since_start >= 5 and attempt.ip_address == "203.0.113.7"
    messages = [record.getMessage() for record in caplog.records if record.name == "orgsite.security"]
    assert any("locked out" in m and "'bientap'" in m and "203.0.113.7" in m for m in messages)
    assert sum("failed sign-in" in m for m in messages) >= 5
    assert PASSWORD not in caplog.text and "sai-5" not in caplog.text


def test_the_lock_holds_only_that_username_from_that_address(client, editor, django_user_model):
    django_user_model.objects.create_user("phongvien", password=PASSWORD, is_staff=True)
    for attempt in range(5):
        sign_in(client, f"sai-{attempt}")
    assert sign_in(client, PASSWORD).status_code == 429

    # The same person from the office's other address, and a colleague from the locked address, get in.
    assert sign_in(client, PASSWORD, address="198.51.100.20").status_code == 302
    client.logout()
    assert sign_in(client, PASSWORD, username="phongvien").status_code == 302


def test_a_successful_sign_in_resets_the_count_and_is_logged(client, editor, caplog):
    caplog.set_level(logging.INFO, logger="orgsite.security")
    for attempt in range(4):
        sign_in(client, f"sai-{attempt}")
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/en/admin/"
    assert client.get("/en/admin/").status_code == 200
    assert not AccessAttempt.objects.filter(username="bientap").exists()
    assert AccessLog.objects.filter(username="bientap", ip_address="203.0.113.7").exists()
    assert any(
        record.name == "orgsite.security" and "sign-in: user 'bientap' from 203.0.113.7" in record.getMessage()
        for record in caplog.records
    )

    # Counting starts again: four more mistakes do not lock the account.
    client.logout()
    for attempt in range(4):
        assert sign_in(client, f"lai-sai-{attempt}").status_code == 200
    assert sign_in(client, PASSWORD).status_code == 302


def test_the_vietnamese_admin_locks_out_too(client, editor):
    for attempt in range(5):
        response = client.post(
            "/admin/login/", {"username": "bientap", "password": f"sai-{attempt}"}, REMOTE_ADDR="203.0.113.9"
        )
    assert response.status_code == 429
    page = response.content.decode()
    assert '<html lang="vi"' in page and "15" in page
