import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from schools.models import Membership, School, User
from tso.env import env_bool, env_int

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("raw, expected", [("true", True), ("0", False), ("Yes", True)])
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("TSO_FLAG", raw)
    assert env_bool("TSO_FLAG", default=not expected) is expected


def test_env_helpers_refuse_nonsense(monkeypatch):
    monkeypatch.setenv("TSO_FLAG", "misschien")
    monkeypatch.setenv("TSO_NUMBER", "veel")
    with pytest.raises(ImproperlyConfigured):
        env_bool("TSO_FLAG", default=False)
    with pytest.raises(ImproperlyConfigured):
        env_int("TSO_NUMBER", default=1)


def run_settings(**env):
    """Import the settings in a fresh interpreter with exactly this environment."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [sys.executable, "-c", "import tso.settings"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_require_a_secret_key():
    result = run_settings(DEBUG="false", ALLOWED_HOSTS="tso.example.nl")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_bad_debug_value_stops_start_up():
    result = run_settings(DEBUG="soms", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_pages_send_a_strict_content_security_policy(client, db):
    csp = client.get(reverse("login"))["Content-Security-Policy"]
    for directive in [
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]:
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_templates_contain_no_inline_scripts_or_styles_or_cdn():
    for template in list(ROOT.glob("templates/**/*.html")) + list(
        ROOT.glob("*/templates/**/*.html")
    ):
        if "/pdf/" in str(template):
            continue  # PDFs are rendered by WeasyPrint, not a browser
        text = template.read_text()
        assert "<script>" not in text and " onclick=" not in text, template
        assert "<style" not in text and 'style="' not in text, template
        for cdn in ("cdn.", "unpkg.com", "jsdelivr", "googleapis", "cdnjs"):
            assert cdn not in text, (template, cdn)


def test_not_found_page_is_plain_dutch_without_internals(client, db):
    response = client.get("/bestaat/niet/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Pagina niet gevonden" in content
    assert "Traceback" not in content and "urlpatterns" not in content


def test_server_error_page_is_plain_dutch():
    from django.template.loader import render_to_string

    content = render_to_string("500.html")
    assert "Er ging iets mis" in content


def test_seed_demo_is_idempotent_and_keeps_changes(db):
    call_command("seed_demo")
    counts = (School.objects.count(), User.objects.count(), Membership.objects.count())
    user = User.objects.get(email="kartrekker@zonnebloem.example")
    user.set_password("een ander lang wachtwoord")
    user.save()
    call_command("seed_demo")
    assert (School.objects.count(), User.objects.count(), Membership.objects.count()) == counts
    user.refresh_from_db()
    assert user.check_password("een ander lang wachtwoord")
    # incl. the three MT-leden of the leader checklist and the teamlid of the werkmomenten
    assert counts == (3, 25, 24)


def test_demo_accounts_can_log_in(db):
    call_command("seed_demo")
    for email in [
        "schoolleider@zonnebloem.example",
        "kartrekker@zonnebloem.example",
        "werkgroep@zonnebloem.example",
        "mt1@zonnebloem.example",
        "mt2@zonnebloem.example",
        "mt@kompas.example",
        "schoolleider@vlinder.example",
        "kartrekker@vlinder.example",
        "trainer@example.org",
        "bestuur@voorbeeld.example",
        "admin@example.org",
    ]:
        client = Client()
        response = client.post(reverse("login"), {"username": email, "password": "tso-demo"})
        assert response.status_code == 302, email
    admin = Client()
    admin.post(reverse("login"), {"username": "admin@example.org", "password": "tso-demo"})
    assert admin.get("/beheer/").status_code == 200


def test_brin_code_is_validated(db):
    from django.core.exceptions import ValidationError

    from tests.factories import BestuurFactory

    school = School(
        bestuur=BestuurFactory(), name="Test", slug="test", brin="1ABC", school_type="sbo"
    )
    with pytest.raises(ValidationError) as error:
        school.full_clean()
    assert "2 cijfers" in str(error.value)
    school.brin = "98xy"
    school.full_clean()
    assert school.brin == "98XY"
