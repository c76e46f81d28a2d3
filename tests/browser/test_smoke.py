"""Smoke tests in real Chromium: log in and out, wrong password, no access, accessibility.

They run against Django's live server with the demo data, under the real CSP.
"""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from schools.demo import DEMO_PASSWORD
from schools.models import School

pytestmark = pytest.mark.browser

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with the demo data committed, so its thread can see it."""
    call_command("seed_demo", verbosity=0)
    return live_server.url, {school.name: school for school in School.objects.all()}


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    """Console errors (CSP violations among them) and uncaught exceptions on the page."""
    errors: list[str] = []

    def on_console(message):
        if message.type == "error" or "Content Security Policy" in message.text:
            errors.append(f"console {message.type}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    return errors


def log_in(page: Page, base_url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def test_login_dashboard_logout(site, page: Page, console_errors):
    base_url, schools = site
    dashboard = f"{base_url}/scholen/{schools['OBS De Zonnebloem'].slug}/"

    log_in(page, base_url, "kartrekker@zonnebloem.example")
    expect(page).to_have_url(dashboard)
    expect(page.get_by_role("heading", level=1)).to_have_text("OBS De Zonnebloem")

    assert page.evaluate("() => typeof window.htmx") == "object"
    config = page.evaluate(
        "() => ({allowEval: htmx.config.allowEval,"
        " selfRequestsOnly: htmx.config.selfRequestsOnly,"
        " historyCacheSize: htmx.config.historyCacheSize})"
    )
    assert config == {"allowEval": False, "selfRequestsOnly": True, "historyCacheSize": 0}

    page.get_by_role("button", name="Karim El Amrani").click()
    logout = page.get_by_role("button", name="Uitloggen")
    expect(logout).to_be_visible()
    logout.click()
    expect(page).to_have_url(f"{base_url}/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")

    page.goto(dashboard)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    assert console_errors == []


def test_wrong_password_shows_dutch_error_and_keeps_email(site, page: Page, console_errors):
    base_url, _ = site
    log_in(page, base_url, "kartrekker@zonnebloem.example", password="verkeerd")

    expect(page).to_have_url(f"{base_url}/accounts/login/")
    expect(page.get_by_text("Dit e-mailadres en wachtwoord horen niet bij elkaar")).to_be_visible()
    expect(page.get_by_label("E-mailadres")).to_have_value("kartrekker@zonnebloem.example")
    expect(page.get_by_label("Wachtwoord")).to_have_value("")
    assert console_errors == []


def test_other_school_gets_dutch_404(site, page: Page):
    base_url, schools = site
    log_in(page, base_url, "kartrekker@vlinder.example")
    expect(page.get_by_role("heading", level=1)).to_have_text("SBO De Vlinder")

    response = page.goto(f"{base_url}/scholen/{schools['OBS De Zonnebloem'].slug}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    expect(page.get_by_text("OBS De Zonnebloem")).to_have_count(0)


def serious_axe_violations(page: Page) -> list[str]:
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(
        """async () => (await axe.run(document)).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.help + ' ('
                 + v.nodes.map(n => n.target.join(' ')).join(', ') + ')')"""
    )


def test_axe_finds_no_serious_violations(site, page: Page, console_errors):
    base_url, schools = site
    slug = schools["OBS De Zonnebloem"].slug

    page.goto(f"{base_url}/accounts/login/")
    found = {"login": serious_axe_violations(page)}

    log_in(page, base_url, "kartrekker@zonnebloem.example")
    expect(page).to_have_url(f"{base_url}/scholen/{slug}/")
    found["dashboard"] = serious_axe_violations(page)

    page.goto(f"{base_url}/scholen/{slug}/leden/")
    expect(page.get_by_role("heading", name="Iemand uitnodigen")).to_be_visible()
    found["members"] = serious_axe_violations(page)

    assert found == {"login": [], "dashboard": [], "members": []}
    assert console_errors == []
