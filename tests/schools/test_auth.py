import re
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from schools.models import AuditEvent
from schools.sessions import LAST_SEEN, LOGIN_AT

LOGIN = "/accounts/login/"


def login(client, email, password="tso-demo"):
    return client.post(LOGIN, {"username": email, "password": password})


def test_login_with_email_is_case_insensitive_and_audited(client, zonnebloem):
    response = login(client, "Kartrekker@Zonnebloem.example")
    assert response.status_code == 302
    assert client.get(response["Location"], follow=True).status_code == 200
    assert AuditEvent.objects.filter(
        kind="login", actor_email="kartrekker@zonnebloem.example"
    ).exists()


def test_wrong_password_keeps_email_and_says_so_in_dutch(client, demo):
    response = login(client, "kartrekker@zonnebloem.example", "fout")
    content = response.content.decode()
    assert response.status_code == 200
    assert "horen niet bij elkaar" in content
    assert 'value="kartrekker@zonnebloem.example"' in content
    assert AuditEvent.objects.filter(kind="login_failed").count() == 1


@pytest.mark.parametrize("email", ["kartrekker@zonnebloem.example", "niemand@nergens.example"])
def test_throttled_per_account_without_revealing_whether_it_exists(email, demo):
    for _ in range(5):
        login(Client(), email, "fout wachtwoord")
    response = login(Client(), email, "tso-demo")
    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in response.content.decode()
    # Another account from the same address is not affected.
    assert login(Client(), "werkgroep@zonnebloem.example").status_code == 302


def test_locked_out_messages_are_identical_for_existing_and_unknown_accounts(demo):
    bodies = []
    for email in ["kartrekker@zonnebloem.example", "niemand@nergens.example"]:
        for _ in range(6):
            response = login(Client(), email, "fout wachtwoord")
        bodies.append(response.content.decode().replace(email, "EMAIL"))
    tokens = re.compile(r'(csrfmiddlewaretoken" value="|x-csrftoken": ")[^"]+')
    first, second = (tokens.sub(r"\1", body) for body in bodies)
    assert first == second


def test_logout_ends_the_server_side_session(client, demo):
    login(client, "kartrekker@zonnebloem.example")
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert AuditEvent.objects.filter(kind="logout").exists()


def test_deactivating_a_user_ends_all_their_sessions(demo, kartrekker):
    first, second = Client(), Client()
    login(first, kartrekker.email)
    login(second, kartrekker.email)
    kartrekker.is_active = False
    kartrekker.save()
    assert not Session.objects.exists()
    assert first.get("/").status_code == 302


def _age_session(client, **ages):
    session = client.session
    for key, delta in ages.items():
        session[key] = (timezone.now() - delta).timestamp()
    session.save()


def test_idle_session_expires_after_30_minutes(client, zonnebloem):
    login(client, "kartrekker@zonnebloem.example")
    _age_session(client, **{LAST_SEEN: timedelta(minutes=31)})
    response = client.get(zonnebloem.get_absolute_url())
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert AuditEvent.objects.filter(kind="session_expired").exists()


def test_active_session_still_ends_after_12_hours(client, zonnebloem):
    login(client, "kartrekker@zonnebloem.example")
    _age_session(
        client, **{LOGIN_AT: timedelta(hours=12, minutes=1), LAST_SEEN: timedelta(minutes=1)}
    )
    response = client.get(zonnebloem.get_absolute_url())
    assert response.status_code == 302


def test_session_within_limits_keeps_working(client, zonnebloem):
    login(client, "kartrekker@zonnebloem.example")
    _age_session(client, **{LOGIN_AT: timedelta(hours=11), LAST_SEEN: timedelta(minutes=29)})
    assert client.get(zonnebloem.get_absolute_url()).status_code == 200


def test_expired_session_answers_htmx_with_401(client, zonnebloem):
    login(client, "kartrekker@zonnebloem.example")
    _age_session(client, **{LAST_SEEN: timedelta(hours=1)})
    response = client.get(zonnebloem.get_absolute_url(), headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response["HX-Login-URL"]


def test_password_reset_link_works_for_one_hour(client, demo):
    client.post(reverse("password_reset"), {"email": "kartrekker@zonnebloem.example"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = "/" + link.split("/", 3)[3]
    later = datetime.now() + timedelta(minutes=61)  # the generator uses naive local time
    with mock.patch(
        "django.contrib.auth.tokens.PasswordResetTokenGenerator._now", return_value=later
    ):
        expired = client.get(path, follow=True)
    assert "verlopen of al gebruikt" in expired.content.decode()
    fresh = client.get(path, follow=True)
    assert "Nieuw wachtwoord" in fresh.content.decode()
    assert "verlopen" not in fresh.content.decode()


def test_password_reset_does_not_reveal_unknown_addresses(client, demo):
    known = client.post(reverse("password_reset"), {"email": "kartrekker@zonnebloem.example"})
    unknown = client.post(reverse("password_reset"), {"email": "niemand@nergens.example"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


@pytest.mark.parametrize(
    "password, message",
    [
        ("kort genoeg", "te kort"),
        ("1qaz2wsx3edc", "te vaak gebruikt"),
        ("x" * 200, "hoogstens 128"),
    ],
)
def test_password_change_rules(client_for, kartrekker, password, message):
    response = client_for(kartrekker).post(
        reverse("password_change"),
        {
            "old_password": "tso-demo",
            "new_password1": password,
            "new_password2": password,
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_long_passphrase_without_composition_rules_is_accepted(client_for, kartrekker):
    passphrase = "de zonnebloem groeit elk jaar een beetje hoger"
    response = client_for(kartrekker).post(
        reverse("password_change"),
        {
            "old_password": "tso-demo",
            "new_password1": passphrase,
            "new_password2": passphrase,
        },
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(kind="password_changed").exists()


def test_logged_out_htmx_request_gets_401_not_the_login_page(client, zonnebloem):
    response = client.get(zonnebloem.get_absolute_url(), headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response["HX-Login-URL"] == "/accounts/login/"
