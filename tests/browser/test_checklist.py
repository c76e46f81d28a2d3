"""In real Chromium: a schoolleider fills in the leader checklist with the keyboard only,
hands it in and sees the personal result; the answers are saved as they go; the pages
work on a phone and have no serious accessibility problems."""

import re
import time

import pytest
from playwright.sync_api import Page, expect

from ontwikkelmodel.checklist import eligible_members, open_round, round_statements
from ontwikkelmodel.models import ChecklistParticipant
from schools.models import User
from tests.browser.pages import log_in, serious_axe_violations

pytestmark = pytest.mark.browser

LEADER = "schoolleider@zonnebloem.example"


@pytest.fixture
def fresh_round(site):
    _, schools = site
    school = schools["OBS De Zonnebloem"]
    return open_round(
        school,
        title="Checklist MT nu",
        members=list(eligible_members(school)),
        opened_by=User.objects.get(email=LEADER),
    )


def fill_url(base_url, checklist_round, page_name="invullen"):
    school = checklist_round.school.slug
    return f"{base_url}/scholen/{school}/checklist/{checklist_round.pk}/{page_name}/"


def active_radio(page: Page):
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e && e.type === 'radio' ? [e.name, e.value] : null; }"
    )


def wait_for_saved(participant, count, timeout=10):
    deadline = time.monotonic() + timeout
    while participant.answers.count() < count:
        assert time.monotonic() < deadline, f"only {participant.answers.count()} answers saved"
        time.sleep(0.1)


def test_schoolleider_answers_everything_with_the_keyboard_and_sees_the_result(
    site, page: Page, fresh_round, console_errors
):
    base_url, _ = site
    statements = round_statements(fresh_round)
    log_in(page, base_url, LEADER)
    page.goto(fill_url(base_url, fresh_round))
    expect(page.get_by_role("heading", level=1)).to_have_text("Checklist invullen")
    expect(page.locator("[data-progress]")).to_have_text(f"0 van {len(statements)} beantwoord")

    # Tab from the top of the page to the first statement.
    for _ in range(60):
        page.keyboard.press("Tab")
        if active_radio(page):
            break
    assert active_radio(page) == [f"score-{statements[0].statement_id}", "1"]

    expected = {}
    for index, statement in enumerate(statements):
        assert active_radio(page)[0] == f"score-{statement.statement_id}", index
        if index % 2 == 0:
            # One key per statement: the digit chooses and moves on.
            score = 1 + index % 5
            page.keyboard.press(str(score))
        else:
            # Natively: Space chooses the focused option, arrows move it, Tab moves on.
            page.keyboard.press("Space")
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowRight")
            score = 3
            page.keyboard.press("Tab")
        expected[statement.statement_id] = score

    expect(page.locator("[data-progress]")).to_have_text(
        f"{len(statements)} van {len(statements)} beantwoord"
    )
    me = ChecklistParticipant.objects.get(round=fresh_round, user__email=LEADER)
    wait_for_saved(me, len(statements))  # the draft was saved as they went

    # On to "Inleveren" with Tab, then Enter.
    for _ in range(6):
        focused = page.evaluate("() => document.activeElement.textContent.trim()")
        if focused == "Inleveren":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/mijn-resultaat/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn resultaat")
    expect(page.get_by_role("heading", name="Hier geef je jezelf de laagste score")).to_be_visible()
    lowest = page.locator(".checklist-extreme-low li")
    expect(lowest.first).to_contain_text("1 Helemaal oneens")
    me.refresh_from_db()
    assert me.is_submitted
    assert dict(me.answers.values_list("statement_id", "score")) == expected
    assert console_errors == []


def test_on_a_phone_each_statement_is_one_tap_and_nothing_scrolls_sideways(
    site, browser, fresh_round
):
    base_url, _ = site
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    log_in(page, base_url, "mt1@zonnebloem.example")
    page.goto(fill_url(base_url, fresh_round))
    statements = round_statements(fresh_round)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    for statement in statements[:3]:
        page.locator(f"#stelling-{statement.statement_id} label").nth(3).tap()
    expect(page.locator("[data-progress]")).to_have_text(f"3 van {len(statements)} beantwoord")
    option = page.locator(f"#stelling-{statements[0].statement_id} label").first.bounding_box()
    assert option["height"] >= 44 and option["width"] >= 60  # a comfortable tap target
    me = ChecklistParticipant.objects.get(round=fresh_round, user__email="mt1@zonnebloem.example")
    wait_for_saved(me, 3)
    assert set(me.answers.values_list("score", flat=True)) == {4}
    context.close()


def test_fill_personal_and_team_pages_have_no_serious_axe_violations(site, page: Page, fresh_round):
    base_url, schools = site
    log_in(page, base_url, LEADER)
    page.goto(fill_url(base_url, fresh_round))
    assert serious_axe_violations(page) == []
    closed = schools["OBS De Zonnebloem"].checklist_rounds.get(closed_at__isnull=False)
    for name in ("team", "mijn-resultaat"):
        page.goto(fill_url(base_url, closed, name))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert serious_axe_violations(page) == [], name
