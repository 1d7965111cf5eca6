"""Admin login throttling: too many failures for a username or from an address lock logins out for a while."""

import logging
import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import LoginFailure

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOCKED = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_LOCKOUT_SECONDS = 900
    # Each attempt hashes a password; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor():
    return User.objects.create_user("editor", password=PASSWORD, is_staff=True)


def log_in(username, password, address="203.0.113.7", client=None, **headers):
    client = client or Client(REMOTE_ADDR=address)
    response = client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        headers=headers,
    )
    return response, client


def fail(times, username="editor", address="203.0.113.7"):
    for _ in range(times):
        response, _client = log_in(username, "wrong", address)
        assert response.status_code == 200
        assert LOCKED not in response.content.decode()


def logged_in(client):
    return SESSION_KEY in client.session


def test_a_correct_login_works(editor):
    response, client = log_in("editor", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_after_five_failures_the_username_is_locked_even_with_the_right_password(editor):
    fail(5)
    response, client = log_in("editor", PASSWORD, address="198.51.100.20")
    assert response.status_code == 200
    assert "Logging in is blocked for 15 more minutes." in response.content.decode()
    assert not logged_in(client)


def test_four_failures_do_not_lock(editor):
    fail(4)
    response, client = log_in("editor", PASSWORD)
    assert logged_in(client)


def test_the_username_lock_ignores_case(editor):
    fail(5, username="EDITOR")
    response, client = log_in("editor", PASSWORD, address="198.51.100.20")
    assert not logged_in(client)


def test_five_failures_from_one_address_lock_every_username_from_there(editor):
    for name in ["alice", "bob", "carol", "dave", "erin"]:
        fail(1, username=name, address="203.0.113.7")
    response, client = log_in("editor", PASSWORD, address="203.0.113.7")
    assert LOCKED in response.content.decode()
    assert not logged_in(client)
    _response, elsewhere = log_in("editor", PASSWORD, address="198.51.100.20")
    assert logged_in(elsewhere)


def test_a_forged_forwarded_for_header_does_not_dodge_the_address_lock(editor, settings):
    settings.TRUSTED_PROXY_NETWORKS = ()
    for number in range(5):
        log_in(f"user{number}", "wrong", x_forwarded_for=f"192.0.2.{number}")
    response, client = log_in("editor", PASSWORD, x_forwarded_for="192.0.2.99")
    assert LOCKED in response.content.decode()


def test_behind_a_trusted_proxy_the_forwarded_client_address_is_counted(editor, settings):
    from newsroom.client_ip import parse_networks

    settings.TRUSTED_PROXY_NETWORKS = parse_networks(["10.0.0.0/8"])
    for number in range(5):
        log_in(f"user{number}", "wrong", address="10.0.0.2", x_forwarded_for="203.0.113.7")
    response, _client = log_in("editor", PASSWORD, address="10.0.0.2", x_forwarded_for="198.51.100.20")
    assert response.status_code == 302
    assert set(LoginFailure.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_the_lock_lifts_once_the_failures_are_older_than_the_lockout(editor):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(5)
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        response, _client = log_in("editor", PASSWORD, address="198.51.100.20")
        assert "blocked for 1 more minute." in response.content.decode()
    with time_machine.travel(start + timedelta(minutes=15, seconds=1), tick=False):
        _response, client = log_in("editor", PASSWORD, address="198.51.100.20")
        assert logged_in(client)


def test_refused_attempts_do_not_extend_the_lock(editor):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(5)
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        log_in("editor", "wrong")
        log_in("editor", "wrong")
    assert LoginFailure.objects.count() == 5


def test_a_successful_login_clears_its_usernames_failures(editor):
    fail(4)
    log_in("editor", PASSWORD)
    fail(4)
    _response, client = log_in("editor", PASSWORD, address="198.51.100.20")
    assert logged_in(client)


def test_failures_are_counted_in_the_database_so_every_app_server_sees_them(editor, no_cache):
    # Caching is off, as if each failure had reached a different app server.
    fail(5)
    assert LoginFailure.objects.filter(username="editor").count() == 5
    response, _client = log_in("editor", PASSWORD, address="198.51.100.20")
    assert LOCKED in response.content.decode()


def test_old_failures_are_pruned_as_new_ones_come(editor):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(3)
    with time_machine.travel(start + timedelta(hours=1), tick=False):
        fail(1)
    assert LoginFailure.objects.count() == 1


def test_the_limit_and_lockout_come_from_settings(editor, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_LOCKOUT_SECONDS = 60
    fail(2)
    response, _client = log_in("editor", PASSWORD, address="198.51.100.20")
    assert "blocked for 1 more minute." in response.content.decode()


def test_logins_failures_and_lockouts_are_logged(editor, caplog):
    with caplog.at_level(logging.INFO, logger="accounts.throttle"):
        log_in("editor", PASSWORD)
        fail(5)
        log_in("editor", PASSWORD)
    messages = [record.getMessage() for record in caplog.records]
    assert messages[0] == "Admin login by 'editor' from 203.0.113.7."
    assert messages.count("Admin login failed for 'editor' from 203.0.113.7.") == 5
    assert (
        "Admin login locked out for 'editor' or from 203.0.113.7: 5 failures within 900 seconds." in messages
    )
    assert re.fullmatch(
        r"Admin login refused for 'editor' from 203\.0\.113\.7: locked out for \d+ more seconds\.",
        messages[-1],
    )


def test_a_hostile_username_is_logged_escaped(editor, caplog):
    with caplog.at_level(logging.INFO, logger="accounts.throttle"):
        log_in("evil\nAdmin login by 'admin'", "wrong")
    assert [record.getMessage() for record in caplog.records] == [
        "Admin login failed for \"evil\\nAdmin login by 'admin'\" from 203.0.113.7."
    ]


def test_a_locked_out_attempt_costs_a_fixed_number_of_queries(editor, django_assert_num_queries):
    fail(5)
    client = Client(REMOTE_ADDR="203.0.113.7")
    # The username's failures, the address's failures.
    with django_assert_num_queries(2):
        client.post(reverse("admin:login"), {"username": "editor", "password": PASSWORD})


def test_administrators_see_the_failures_and_can_lift_a_lock(editor, admin_client):
    fail(5)
    response = admin_client.get(reverse("admin:accounts_loginfailure_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 5
    assert admin_client.get(reverse("admin:accounts_loginfailure_add")).status_code == 403
    LoginFailure.objects.for_username("editor").delete()
    _response, client = log_in("editor", PASSWORD)
    assert logged_in(client)
