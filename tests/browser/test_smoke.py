"""Smoke tests in real Chromium: log in and out, wrong password, no access, accessibility.

They run against Django's live server with the demo data, under the real CSP.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import log_in, serious_axe_violations

pytestmark = pytest.mark.browser


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
