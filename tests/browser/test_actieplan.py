"""In real Chromium: two werkgroep members edit the same actiepunt at once.

Karim and Wendy both open the actiepunt's form inline on the plan page. Karim
saves first. Wendy's save then shows what Karim changed, keeps what she typed,
lets her take over his change field by field, and saves both on top. Nothing
anyone typed is lost and the page never reloads.
"""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from actieplan.models import Actieplan, Status
from tests.browser.pages import log_in, serious_axe_violations

pytestmark = pytest.mark.browser

KARIM = "kartrekker@zonnebloem.example"
WENDY = "werkgroep@zonnebloem.example"
TITLE_LABEL = re.compile(r"^\s*Actiepunt\*?\s*$")


def open_plan(page: Page, base_url: str, email: str, plan) -> None:
    log_in(page, base_url, email)
    expect(page).not_to_have_url(re.compile("/accounts/login/"))
    page.goto(f"{base_url}/scholen/{plan.school.slug}/actieplan/{plan.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(plan.title)
    page.evaluate("() => { window.tsoNoReload = 'still here'; }")


def open_edit_form(page: Page, actiepunt):
    row = page.locator(f"#actiepunt-{actiepunt.pk}")
    row.get_by_role("link", name="Bewerken").click()
    form = page.locator(f"#actiepunt-{actiepunt.pk}.ap-editing form")
    expect(form.get_by_label(TITLE_LABEL)).to_be_visible()
    return form


def test_the_second_save_shows_the_conflict_and_loses_nothing(site, browser: Browser):
    base_url, schools = site
    plan = Actieplan.objects.get(school=schools["OBS De Zonnebloem"])
    actiepunt = plan.actiepunten.alive().filter(status=Status.BEZIG).first()
    karim_context, wendy_context = browser.new_context(), browser.new_context()
    karim, wendy = karim_context.new_page(), wendy_context.new_page()
    errors = []
    for page in (karim, wendy):
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on(
            "console",
            lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
        )

    open_plan(karim, base_url, KARIM, plan)
    open_plan(wendy, base_url, WENDY, plan)
    karims_form = open_edit_form(karim, actiepunt)
    wendys_form = open_edit_form(wendy, actiepunt)

    karims_title = "Elke bouwvergadering een kwartier TSO-taal, ook in de bovenbouw"
    karims_form.get_by_label(TITLE_LABEL).fill(karims_title)
    karims_form.get_by_role("button", name="Opslaan").click()
    karims_row = karim.locator(f"#actiepunt-{actiepunt.pk}")
    expect(karims_row.get_by_role("status")).to_have_text("Opgeslagen.")
    expect(karims_row).to_contain_text(karims_title)

    wendys_text = "Peiling in de teamvergadering van maart; Wendy bespreekt de uitkomst."
    monitoring = wendys_form.get_by_label("Hoe wordt de uitvoering gemonitord?")
    monitoring.fill(wendys_text)
    wendys_form.get_by_role("button", name="Opslaan").click()

    wendys_row = wendy.locator(f"#actiepunt-{actiepunt.pk}")
    conflict = wendys_row.locator("[data-conflict]")
    expect(conflict).to_contain_text("Iemand anders heeft dit actiepunt intussen gewijzigd")
    expect(conflict).to_contain_text("Karim El Amrani")
    expect(conflict.get_by_role("row", name=re.compile("Actiepunt"))).to_contain_text(karims_title)
    # What she typed is still there, and nothing of hers was saved yet.
    wendys_form = wendys_row.locator("form")
    expect(wendys_form.get_by_label("Hoe wordt de uitvoering gemonitord?")).to_have_value(
        wendys_text
    )
    actiepunt.refresh_from_db()
    assert actiepunt.title == karims_title and actiepunt.monitoring != wendys_text
    assert wendy.evaluate("() => window.tsoNoReload") == "still here"

    # She keeps Karim's title, and saves her monitoring on top.
    conflict.get_by_role("button", name=re.compile("Overnemen")).click()
    expect(wendys_form.get_by_label(TITLE_LABEL)).to_have_value(karims_title)
    wendys_form.get_by_role("button", name="Mijn versie opslaan").click()
    expect(wendys_row.get_by_role("status")).to_have_text("Opgeslagen.")
    expect(wendys_row).to_contain_text(wendys_text)
    actiepunt.refresh_from_db()
    assert (actiepunt.title, actiepunt.monitoring) == (karims_title, wendys_text)
    assert wendy.evaluate("() => window.tsoNoReload") == "still here"
    assert errors == []
    karim_context.close()
    wendy_context.close()


def test_ticking_a_step_and_adding_a_note_keep_the_place(site, page: Page, console_errors):
    base_url, schools = site
    plan = Actieplan.objects.get(school=schools["OBS De Zonnebloem"])
    actiepunt = (
        plan.actiepunten.alive().filter(section="regulatie_bevorderen", status=Status.BEZIG).last()
    )
    step = actiepunt.stappen.filter(done_at__isnull=True).first()
    open_plan(page, base_url, WENDY, plan)
    row = page.locator(f"#actiepunt-{actiepunt.pk}")
    row.scroll_into_view_if_needed()
    scroll_before = page.evaluate("() => window.scrollY")
    assert scroll_before > 0

    button = row.get_by_role("button", name=step.text)
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(row.get_by_role("status")).to_have_text("Stap afgevinkt.")
    expect(row.get_by_role("button", name=step.text)).to_have_attribute("aria-pressed", "true")
    step.refresh_from_db()
    assert step.is_done

    row.get_by_role("link", name="Notitie toevoegen").click()
    note = row.get_by_label(re.compile("Nieuwe notitie"))
    expect(note).to_be_focused()
    note.fill("Besproken in de bouw: <b>goed</b> ontvangen.")
    row.get_by_role("button", name="Toevoegen").click()
    expect(row.get_by_role("status")).to_have_text("Notitie toegevoegd.")
    expect(row).to_contain_text("Besproken in de bouw: <b>goed</b> ontvangen.")
    assert actiepunt.updates.first().author_name == "Wendy Jansen"

    assert page.evaluate("() => window.tsoNoReload") == "still here"
    assert abs(page.evaluate("() => window.scrollY") - scroll_before) < 40
    assert console_errors == []


def test_the_plan_page_has_no_serious_axe_violations(site, page: Page, console_errors):
    base_url, schools = site
    plan = Actieplan.objects.get(school=schools["OBS De Zonnebloem"])
    open_plan(page, base_url, KARIM, plan)
    assert serious_axe_violations(page) == []
    actiepunt = plan.actiepunten.alive().first()
    row = page.locator(f"#actiepunt-{actiepunt.pk}")
    row.get_by_role("link", name="Status wijzigen").click()
    expect(row.get_by_label(re.compile("^Status"))).to_be_focused()
    row.get_by_role("link", name="Bewerken").click()
    expect(page.locator(f"#actiepunt-{actiepunt.pk}.ap-editing form")).to_be_visible()
    assert serious_axe_violations(page) == []
    assert console_errors == []
