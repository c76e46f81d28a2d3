"""In real Chromium on a phone: the teamlid of De Zonnebloem finds the open reflection round,
answers the questions, signs up for topics and changes the answer later; nothing scrolls
sideways, every tap target is comfortable, and the pages have no serious accessibility
problems."""

import re

import pytest
from playwright.sync_api import Page, expect

from phases import werkmomenten as rules
from phases.models import ReflectionRound
from schools.models import Membership
from tests.browser.pages import log_in, serious_axe_violations

pytestmark = pytest.mark.browser

TEAMLID = "teamlid@zonnebloem.example"
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


@pytest.fixture
def phone(site, browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page, errors
    context.close()


def open_round(schools) -> ReflectionRound:
    return ReflectionRound.objects.select_related("werkmoment__session").get(
        werkmoment__session__school=schools["OBS De Zonnebloem"], closed_at__isnull=True
    )


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390


def test_the_teamlid_answers_the_reflection_questions_on_a_phone(site, phone):
    base_url, schools = site
    page, errors = phone
    reflection_round = open_round(schools)
    membership = Membership.objects.get(user__email=TEAMLID, school__name="OBS De Zonnebloem")
    assert rules.answer_of(reflection_round, membership) is None

    log_in(page, base_url, TEAMLID)
    # From the training plan (the menu is collapsed on a phone) to the werkmomenten.
    page.goto(f"{base_url}/scholen/{membership.school.slug}/training/")
    page.get_by_role("link", name="Werkmomenten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkmomenten")
    no_sideways_scroll(page)
    page.get_by_role("link", name=re.compile("^Reflectievragen invullen")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Reflectievragen")
    expect(page.locator("[data-privacy]")).to_contain_text("Anoniem")
    no_sideways_scroll(page)
    questions = rules.round_questions(reflection_round)
    answers = [
        "Dat je eerst verbinding maakt en dan pas corrigeert.",
        "Hoe pak ik een check-out aan in groep 7?",
        "",  # a question may stay empty
    ]
    for question, answer in zip(questions, answers, strict=True):
        field = page.get_by_label(re.compile(re.escape(question.text)))
        field.tap()
        field.fill(answer)
    time_in = page.get_by_label("Time-in", exact=True)
    time_in.tap()
    expect(time_in).to_be_checked()
    page.get_by_label("Dagelijkse check-in en check-out").tap()
    button = page.get_by_role("button", name="Versturen")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300  # a full-width, thumb-sized button
    checkbox = time_in.bounding_box()
    assert checkbox["height"] >= 20
    button.tap()

    expect(page.get_by_role("status").first).to_contain_text("Dank je wel!")
    no_sideways_scroll(page)
    answer = rules.answer_of(reflection_round, membership)
    assert answer is not None and answer.respondent is None  # anonymous round
    texts, topics = rules.answer_values(answer)
    assert [texts[q.pk] for q in questions] == answers
    assert {t.title for t in reflection_round.topics.filter(pk__in=topics)} == {
        "Time-in",
        "Dagelijkse check-in en check-out",
    }

    # Later, the teamlid changes the answer: the form shows what was saved.
    expect(page.get_by_label(re.compile(re.escape(questions[0].text)))).to_have_value(answers[0])
    page.get_by_label(re.compile(re.escape(questions[2].text))).fill("Oefenen met time-in.")
    page.get_by_role("button", name="Wijzigingen opslaan").tap()
    expect(page.get_by_role("status").first).to_contain_text("Dank je wel!")
    texts, _topics = rules.answer_values(rules.answer_of(reflection_round, membership))
    assert texts[questions[2].pk] == "Oefenen met time-in."
    assert reflection_round.answers.filter(respondent_key=answer.respondent_key).count() == 1
    assert errors == []


def test_a_too_long_answer_keeps_the_text_and_says_why(site, phone):
    base_url, schools = site
    page, _errors = phone
    reflection_round = open_round(schools)
    log_in(page, base_url, TEAMLID)
    school = schools["OBS De Zonnebloem"]
    page.goto(
        f"{base_url}/scholen/{school.slug}/training/werkmomenten/"
        f"{reflection_round.werkmoment.pk}/reflectie/"
    )
    first = page.get_by_label(
        re.compile(re.escape(rules.round_questions(reflection_round)[0].text))
    )
    long_text = "lang " * 4001  # 20,005 characters
    first.fill(long_text)
    page.get_by_role("button", name="Versturen").tap()
    expect(page.locator(".invalid-feedback").first).to_contain_text("er passen er hoogstens 20.000")
    assert first.input_value() == long_text  # nothing lost
    no_sideways_scroll(page)


def test_the_answer_and_results_pages_have_no_serious_axe_violations(site, browser, page: Page):
    base_url, schools = site
    reflection_round = open_round(schools)
    school = schools["OBS De Zonnebloem"]
    werkmoment_url = f"{base_url}/scholen/{school.slug}/training/werkmomenten/"
    log_in(page, base_url, TEAMLID)
    page.goto(f"{werkmoment_url}{reflection_round.werkmoment.pk}/reflectie/")
    assert serious_axe_violations(page) == []
    context = browser.new_context()  # the kartrekker, in a fresh browser
    page = context.new_page()
    log_in(page, base_url, "kartrekker@zonnebloem.example")
    done = ReflectionRound.objects.get(werkmoment__session__school=school, closed_at__isnull=False)
    for path in (
        f"{done.werkmoment.pk}/reflectie/resultaten/",
        f"{reflection_round.werkmoment.pk}/reflectie/resultaten/",
        f"{done.werkmoment.pk}/",
    ):
        page.goto(werkmoment_url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert serious_axe_violations(page) == [], path
    context.close()
