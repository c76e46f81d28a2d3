"""In real Chromium: a participant fills in the gespreksformulier with the keyboard only,
hands it in, opens the joint step and sees where the group disagrees."""

import re

import pytest
from playwright.sync_api import Page, expect

from ontwikkelmodel.models import Ronde, RondeStep
from tests.browser.pages import log_in, serious_axe_violations

pytestmark = pytest.mark.browser

KARTREKKER = "kartrekker@zonnebloem.example"
# At most this many Tab presses to reach the next thing: no endless loops.
MAX_TABS = 120


def focused(page: Page) -> dict:
    return page.evaluate(
        """() => {
            const e = document.activeElement;
            return {tag: e.tagName.toLowerCase(), type: e.type || "", name: e.name || "",
                    value: e.value || "", text: (e.innerText || "").trim(), id: e.id};
        }"""
    )


def tab_until(page: Page, wanted, what: str) -> dict:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        element = focused(page)
        if wanted(element):
            return element
    raise AssertionError(f"Tab never reached {what}; last focus {focused(page)}")


def checked(page: Page, name: str) -> str:
    return page.evaluate(
        "name => (document.querySelector(`input[name='${name}']:checked`) || {}).value", name
    )


def fill_accent(page: Page, fase: int, strengths: str, goal: str, priority: int) -> str:
    """Tab into the accent's groeifase group, choose with the arrows, type, pick a rank."""
    group = tab_until(page, lambda e: e["type"] == "radio", "a groeifase choice")
    name = group["name"]
    # The group starts at "geen inschatting" (the last option): Down wraps to phase 1.
    assert checked(page, name) == ""
    for _ in range(fase):
        page.keyboard.press("ArrowDown")
    assert checked(page, name) == str(fase)
    page.keyboard.press("Tab")
    assert focused(page)["name"].endswith("-strengths")
    page.keyboard.type(strengths)
    page.keyboard.press("Tab")
    assert focused(page)["name"].endswith("-goal")
    page.keyboard.type(goal)
    page.keyboard.press("Tab")
    select = focused(page)
    assert select["tag"] == "select" and select["name"].endswith("-priority")
    for _ in range(priority):
        page.keyboard.press("ArrowDown")
    assert focused(page)["value"] == str(priority)
    return name


def test_keyboard_only_form_then_the_joint_step_shows_disagreement(
    site, page: Page, console_errors
):
    base_url, schools = site
    school = schools["OBS De Zonnebloem"]
    ronde = Ronde.objects.get(school=school, step=RondeStep.INDIVIDUAL)
    log_in(page, base_url, KARTREKKER)
    expect(page).not_to_have_url(re.compile("/accounts/login/"))

    page.goto(f"{base_url}/scholen/{school.slug}/rondes/{ronde.pk}/mijn-formulier/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn gespreksformulier")
    # The descriptors are in view next to the choice they describe.
    expect(
        page.get_by_text("Het hele team is doordrongen van het belang van TSO").first
    ).to_be_visible()
    assert serious_axe_violations(page) == []

    # Phases 3 and 2 stay within one phase of the others: no new disagreement.
    fill_accent(page, 3, "Het team wil graag", "Iedereen de basis laten zien", 1)
    fill_accent(page, 2, "Twee collega's volgden een cursus", "Een studiedag voor iedereen", 2)
    tab_until(page, lambda e: e["tag"] == "button" and e["text"] == "Inleveren", "Inleveren")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(rf"/rondes/{ronde.pk}/$"))
    expect(page.get_by_role("status").first).to_contain_text("Je formulier is ingeleverd")
    me = ronde.participants.get(user__email=KARTREKKER)
    assert me.submitted_at is not None
    answers = {a.accent.code: a for a in me.answers.select_related("accent")}
    assert set(answers) == {"motivatie-ontwikkelen", "kennis-opdoen-en-verdiepen"}
    first = answers["motivatie-ontwikkelen"]
    assert (first.groeifase, first.strengths, first.goal, first.priority) == (
        3,
        "Het team wil graag",
        "Iedereen de basis laten zien",
        1,
    )
    assert answers["kennis-opdoen-en-verdiepen"].priority == 2
    expect(page.locator("[data-participant]").filter(has_text="Karim El Amrani")).to_contain_text(
        "ingeleverd"
    )

    # Everyone has handed in now: the kartrekker opens the joint step (keyboard again).
    tab_until(
        page,
        lambda e: e["tag"] == "button" and e["text"] == "Gezamenlijke stap openen",
        "Gezamenlijke stap openen",
    )
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Het gezamenlijke gesprek")
    marks = page.locator("[data-disagreement]")
    expect(marks).to_have_count(2)
    for accent, spread in (
        ("Gedeelde taal en kennis", "1–3"),
        ("Relaties met ouders/verzorgers", "2–4"),
    ):
        card = page.locator("article.ronde-accent").filter(
            has=page.get_by_role("heading", name=accent, exact=True)
        )
        expect(card.locator("[data-disagreement]")).to_have_text(
            re.compile("Hier verschillen jullie: bespreek het.")
        )
        expect(card.locator("[data-spread]")).to_contain_text(f"Spreiding: {spread}")
    # The summary at the top links to both.
    summary = page.get_by_role("region", name=re.compile("verschillen jullie"))
    expect(summary.get_by_role("link")).to_have_count(2)
    assert serious_axe_violations(page) == []
    assert console_errors == []
