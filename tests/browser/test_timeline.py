"""In real Chromium: the kartrekker marks an action done on the timeline, inline.

The row is swapped by htmx (no page load, the scroll position stays) and the
dashboard's progress for Uitvoeren goes up by one.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from phases.models import ActionStatus
from tests.browser.pages import log_in, serious_axe_violations

pytestmark = pytest.mark.browser


def uitvoeren_done(page: Page) -> tuple[int, int]:
    progress = page.locator('[data-phase-progress="3"]')
    expect(progress).to_contain_text(re.compile(r"\d+ van \d+ gedaan"))
    done, total = re.search(r"(\d+) van (\d+) gedaan", progress.inner_text()).groups()
    return int(done), int(total)


def test_marking_an_action_done_inline_moves_the_dashboard_progress(
    site, page: Page, console_errors
):
    base_url, schools = site
    school = schools["OBS De Zonnebloem"]
    action = school.timeline_actions.filter(phase__number=3, status=ActionStatus.OPEN).last()

    log_in(page, base_url, "kartrekker@zonnebloem.example")
    expect(page).to_have_url(f"{base_url}/scholen/{school.slug}/")
    done_before, total = uitvoeren_done(page)

    page.get_by_role("link", name="Naar de tijdlijn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tijdlijn")
    assert serious_axe_violations(page) == []
    row = page.locator(f"#actie-{action.pk}")
    row.scroll_into_view_if_needed()
    page.evaluate("() => { window.tsoNoReload = 'still here'; }")
    scroll_before = page.evaluate("() => window.scrollY")
    assert scroll_before > 0

    row.get_by_label(f"Status van “{action.title}”").select_option("gedaan")
    row.get_by_role("button", name="Opslaan").click()
    expect(row.get_by_role("status")).to_have_text("Opgeslagen: gedaan")
    expect(row).to_have_class(re.compile(r"\bis-gedaan\b"))
    assert page.evaluate("() => window.tsoNoReload") == "still here"
    assert abs(page.evaluate("() => window.scrollY") - scroll_before) < 5

    page.goto(f"{base_url}/scholen/{school.slug}/")
    assert uitvoeren_done(page) == (done_before + 1, total)
    assert console_errors == []
