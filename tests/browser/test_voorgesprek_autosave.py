"""In real Chromium: the voorgesprek agenda saves while the trainer types, and never loses text.

Network cuts, server errors, an expired session (with a rotated CSRF token after
logging in again) and someone else's change are all survived: the text stays in
the field, the status says what is going on, and the server ends with exactly
what was typed (static/js/autosave.js, schools/autosave.py).
"""

import os
import re
import time
from datetime import date

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect

from phases.models import AnswerKind, VoorgesprekKind, VoorgesprekPrompt
from phases.voorgesprek import start_voorgesprek
from schools.demo import DEMO_PASSWORD
from schools.models import User
from tests.browser.pages import log_in

pytestmark = pytest.mark.browser

TRAINER = "trainer@example.org"
SAVES = "**/velden/**"
SAVED = re.compile(r"opgeslagen om \d\d:\d\d")
# Console lines the tests cause on purpose: refused and failed requests, and htmx
# logging its error events for them.
EXPECTED = re.compile(
    r"Failed to load resource|net::ERR_|^console error: (htmx:(afterRequest|sendError|"
    r"responseError|timeout|sendAbort)|Response Status Error Code)"
)


@pytest.fixture
def meeting(site):
    _, schools = site
    trainer = User.objects.get(email=TRAINER)
    return start_voorgesprek(
        school=schools["OBS De Zonnebloem"],
        kind=VoorgesprekKind.VERKENNEND,
        date=date(2026, 11, 24),
        location="Teamkamer",
        created_by=trainer,
    )


def notes_prompts(meeting, count):
    prompts = meeting.prompts.filter(agenda_prompt__answer_kind=AnswerKind.NOTES)
    return list(prompts.order_by("theme__order", "order")[:count])


def open_agenda(page: Page, base_url: str, meeting, email=TRAINER) -> None:
    log_in(page, base_url, email)
    expect(page).not_to_have_url(re.compile("/accounts/login/"))
    page.goto(f"{base_url}/scholen/{meeting.school.slug}/voorgesprekken/{meeting.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verkennend voorgesprek")


def notes(page: Page, prompt):
    return page.locator(f"#field-prompt-{prompt.pk}-notes")


def status(page: Page, prompt):
    return page.locator(f"#status-prompt-{prompt.pk}-notes")


def stored(prompt) -> str:
    return VoorgesprekPrompt.objects.get(pk=prompt.pk).notes


def expect_stored(prompt, text: str, timeout: float = 20) -> None:
    """The server (the database) ends with exactly this text."""
    deadline = time.monotonic() + timeout
    while stored(prompt) != text:
        assert time.monotonic() < deadline, f"stored {stored(prompt)!r}, expected {text!r}"
        time.sleep(0.1)


def unexpected(errors: list[str]) -> list[str]:
    return [error for error in errors if not EXPECTED.search(error)]


def shot(page: Page, name: str, prompt) -> None:
    """Screenshots of a prompt and its status, when AUTOSAVE_SCREENSHOTS names a folder."""
    folder = os.environ.get("AUTOSAVE_SCREENSHOTS")
    if folder:
        page.locator(f"#vraag-{prompt.pk}").screenshot(path=os.path.join(folder, f"{name}.png"))


def test_typed_notes_are_there_after_reload(site, meeting, page: Page, console_errors):
    base_url, _ = site
    prompts = notes_prompts(meeting, 3)
    texts = [
        "Het team is betrokken, maar moe.\nVeel wisselingen dit jaar.",
        "Zoë, Ĳsbrand & <b>de intern begeleider</b> 🙂 — “script”: <script>x</script>",
        "  Begint met spaties\n\nen eindigt ermee  ",
    ]
    open_agenda(page, base_url, meeting)

    for prompt, text in zip(prompts, texts, strict=True):
        notes(page, prompt).click()
        page.keyboard.type(text)
    for prompt in prompts:
        expect(status(page, prompt)).to_have_text(SAVED)
    shot(page, "1-saved", prompts[1])
    for prompt, text in zip(prompts, texts, strict=True):
        assert stored(prompt) == text

    page.reload()
    for prompt, text in zip(prompts, texts, strict=True):
        expect(notes(page, prompt)).to_have_value(text)
    assert unexpected(console_errors) == []


def test_tab_moves_to_the_next_prompt(site, meeting, page: Page, console_errors):
    base_url, _ = site
    first, second = notes_prompts(meeting, 2)
    open_agenda(page, base_url, meeting)

    notes(page, first).click()
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.id")
    # Between two notes fields there may be a skip button; tab on until the next field.
    for _ in range(3):
        if focused == f"field-prompt-{second.pk}-notes":
            break
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.id")
    assert focused == f"field-prompt-{second.pk}-notes"
    assert unexpected(console_errors) == []


def test_a_network_cut_while_typing_loses_nothing(
    site, meeting, page: Page, context: BrowserContext, console_errors
):
    base_url, _ = site
    (prompt,) = notes_prompts(meeting, 1)
    open_agenda(page, base_url, meeting)
    field = notes(page, prompt)
    field.click()
    page.keyboard.type("Voor de storing. ")
    expect(status(page, prompt)).to_have_text(SAVED)

    page.route(SAVES, lambda route: route.abort("connectionreset"))
    page.keyboard.type("Tijdens de storing getypt, ")
    expect(status(page, prompt)).to_contain_text("geen verbinding — wordt opnieuw geprobeerd")
    shot(page, "2-offline", prompt)
    page.keyboard.type("en nog meer.")
    expect(field).to_have_value("Voor de storing. Tijdens de storing getypt, en nog meer.")
    assert stored(prompt) == "Voor de storing. "
    assert page.locator("#htmx-alert").count() == 0  # the field says it, not a page alert

    page.unroute(SAVES)
    expect(status(page, prompt)).to_have_text(SAVED, timeout=20_000)
    expect_stored(prompt, "Voor de storing. Tijdens de storing getypt, en nog meer.")
    expect(field).to_have_value("Voor de storing. Tijdens de storing getypt, en nog meer.")

    # Offline and back online: the browser's `online` event retries at once.
    context.set_offline(True)
    page.keyboard.type(" Offline.")
    expect(status(page, prompt)).to_contain_text("geen verbinding")
    context.set_offline(False)
    expect(status(page, prompt)).to_have_text(SAVED, timeout=3_000)
    expect_stored(prompt, "Voor de storing. Tijdens de storing getypt, en nog meer. Offline.")
    assert unexpected(console_errors) == []


def test_a_server_error_keeps_the_text_and_retries(site, meeting, page: Page, console_errors):
    base_url, _ = site
    (prompt,) = notes_prompts(meeting, 1)
    open_agenda(page, base_url, meeting)
    page.route(SAVES, lambda route: route.fulfill(status=500, body="Server Error"))

    field = notes(page, prompt)
    field.click()
    page.keyboard.type("Wat de schoolleider vertelde.")

    expect(status(page, prompt)).to_contain_text("niet opgeslagen — opnieuw proberen (over")
    shot(page, "3-failed", prompt)
    expect(field).to_have_value("Wat de schoolleider vertelde.")
    assert stored(prompt) == ""

    page.unroute(SAVES)
    status(page, prompt).get_by_role("button", name="nu opnieuw proberen").click()
    expect(status(page, prompt)).to_have_text(SAVED, timeout=3_000)
    assert stored(prompt) == "Wat de schoolleider vertelde."
    expect(field).to_have_value("Wat de schoolleider vertelde.")
    assert unexpected(console_errors) == []


def test_typing_during_a_slow_save_sends_the_new_version(site, meeting, page: Page, console_errors):
    base_url, _ = site
    (prompt,) = notes_prompts(meeting, 1)
    open_agenda(page, base_url, meeting)
    held = []

    def hold_the_first(route):
        if held:
            route.continue_()
        else:
            held.append(route)

    page.route(SAVES, hold_the_first)

    field = notes(page, prompt)
    field.click()
    page.keyboard.type("Eerste deel.")
    page.wait_for_timeout(1_000)  # the debounce has fired: one request hangs
    assert len(held) == 1
    page.keyboard.type(" Tweede deel.")
    page.wait_for_timeout(1_000)  # htmx queues the next save behind the first
    assert len(held) == 1
    expect(status(page, prompt)).to_have_text("opslaan…")

    held[0].continue_()

    expect(status(page, prompt)).to_have_text(SAVED)
    expect_stored(prompt, "Eerste deel. Tweede deel.")
    state = VoorgesprekPrompt.objects.get(pk=prompt.pk).field_state["notes"]
    assert state["v"] == 2  # the queued save carried version 1: no conflict
    expect(field).to_have_value("Eerste deel. Tweede deel.")
    assert unexpected(console_errors) == []


def test_an_expired_session_resumes_saving_after_logging_in_again(
    site, meeting, page: Page, context: BrowserContext, console_errors
):
    base_url, _ = site
    (prompt,) = notes_prompts(meeting, 1)
    open_agenda(page, base_url, meeting)
    field = notes(page, prompt)
    field.click()
    page.keyboard.type("Voor het verlopen. ")
    expect(status(page, prompt)).to_have_text(SAVED)
    token_before = page.evaluate("() => document.body.getAttribute('hx-headers')")

    Session.objects.all().delete()
    page.keyboard.type("Na het verlopen getypt.")
    expect(status(page, prompt)).to_contain_text("je sessie is verlopen")
    shot(page, "4-expired", prompt)
    login_link = status(page, prompt).get_by_role("link", name="log opnieuw in (nieuw tabblad)")
    assert login_link.get_attribute("target") == "_blank"
    assert login_link.get_attribute("href").startswith(reverse("login"))
    assert page.locator("#htmx-alert").count() == 0

    with context.expect_page() as new_tab:
        login_link.click()
    login_page = new_tab.value
    login_page.get_by_label("E-mailadres").fill(TRAINER)
    login_page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    login_page.get_by_role("button", name="Inloggen").click()
    expect(login_page).not_to_have_url(re.compile("/accounts/login/"))
    login_page.close()
    page.bring_to_front()

    # Logging in rotated the CSRF token: the page fetches a fresh one and saves.
    expect(status(page, prompt)).to_have_text(SAVED, timeout=20_000)
    expect_stored(prompt, "Voor het verlopen. Na het verlopen getypt.")
    expect(field).to_have_value("Voor het verlopen. Na het verlopen getypt.")
    assert page.evaluate("() => document.body.getAttribute('hx-headers')") != token_before
    assert unexpected(console_errors) == []


def _save_as(email, meeting, prompt, text):
    """Someone else saves the field behind the page's back."""
    client = Client()
    client.force_login(User.objects.get(email=email))
    url = reverse(
        "voorgesprek_prompt_field",
        args=[meeting.school.slug, meeting.pk, prompt.pk, "notes"],
    )
    state = VoorgesprekPrompt.objects.get(pk=prompt.pk).field_state.get("notes", {})
    response = client.post(
        url, {"value": text, "version": state.get("v", 0)}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200


def test_someone_elses_change_is_shown_and_i_choose(site, meeting, page: Page, console_errors):
    base_url, _ = site
    mine, other = notes_prompts(meeting, 2)
    open_agenda(page, base_url, meeting)
    _save_as("schoolleider@zonnebloem.example", meeting, mine, "Sanne's versie <b>vet</b>")
    _save_as("schoolleider@zonnebloem.example", meeting, other, "Sanne schreef dit.")

    field = notes(page, mine)
    field.click()
    page.keyboard.type("Mijn versie")
    conflict = status(page, mine)
    expect(conflict).to_contain_text("Sanne de Vries heeft dit veld om")
    expect(conflict.locator(".autosave-theirs")).to_have_value("Sanne's versie <b>vet</b>")
    expect(field).to_have_value("Mijn versie")
    shot(page, "5-conflict", mine)
    assert stored(mine) == "Sanne's versie <b>vet</b>"

    conflict.get_by_role("button", name="Mijn versie opslaan").click()
    expect(conflict).to_have_text(SAVED)
    assert stored(mine) == "Mijn versie"
    expect(field).to_have_value("Mijn versie")
    expect(field).to_be_focused()

    # The other field: take theirs, then type on without a new conflict.
    other_field = notes(page, other)
    other_field.click()
    page.keyboard.type("Ik schreef iets anders")
    expect(status(page, other)).to_contain_text("heeft dit veld om")
    status(page, other).get_by_role("button", name="Hun versie overnemen").click()
    expect(other_field).to_have_value("Sanne schreef dit.")
    expect(status(page, other)).to_have_text("versie van de ander overgenomen")
    page.keyboard.press("End")
    page.keyboard.type(" En ik vul aan.")
    expect(status(page, other)).to_have_text(SAVED)
    assert stored(other) == "Sanne schreef dit. En ik vul aan."
    assert unexpected(console_errors) == []


def test_leaving_with_unsaved_text_asks_to_stay(site, meeting, page: Page):
    base_url, _ = site
    (prompt,) = notes_prompts(meeting, 1)
    open_agenda(page, base_url, meeting)
    page.route(SAVES, lambda route: route.abort("connectionreset"))
    notes(page, prompt).click()
    page.keyboard.type("Nog niet op de server")
    expect(status(page, prompt)).to_contain_text("geen verbinding")

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)

    assert dialogs == ["beforeunload"]


def test_skipping_a_prompt_right_after_typing_keeps_the_notes(
    site, meeting, page: Page, console_errors
):
    base_url, _ = site
    (prompt,) = notes_prompts(meeting, 1)
    open_agenda(page, base_url, meeting)

    notes(page, prompt).click()
    page.keyboard.type("Snel nog genoteerd")
    page.locator(f"#vraag-{prompt.pk}").get_by_role("button", name="Overslaan").click()

    expect(page.locator(f"#vraag-{prompt.pk}")).to_contain_text("overgeslagen")
    skipped = VoorgesprekPrompt.objects.get(pk=prompt.pk)
    assert skipped.skipped
    assert skipped.notes == "Snel nog genoteerd"
    assert unexpected(console_errors) == []


def test_structured_answers_and_the_decision_save_too(site, meeting, page: Page, console_errors):
    base_url, _ = site
    team = meeting.prompts.get(agenda_prompt__answer_kind=AnswerKind.TEAM_SIZE)
    kartrekkers = meeting.prompts.get(agenda_prompt__answer_kind=AnswerKind.KARTREKKERS)
    dates = meeting.prompts.get(agenda_prompt__answer_kind=AnswerKind.TRAINING_DATES)
    karim = meeting.school.memberships.get(user__email="kartrekker@zonnebloem.example")
    open_agenda(page, base_url, meeting)

    page.locator(f"#field-prompt-{team.pk}-number").fill("34")
    expect(page.locator(f"#status-prompt-{team.pk}-number")).to_have_text(SAVED)
    page.locator(f"#prompt-{kartrekkers.pk}-members-{karim.pk}").check()
    expect(page.locator(f"#status-prompt-{kartrekkers.pk}-members")).to_have_text(SAVED)
    page.locator(f"#field-prompt-{dates.pk}-dates input").first.fill("2027-01-13")
    expect(page.locator(f"#status-prompt-{dates.pk}-dates")).to_have_text(SAVED)
    page.locator('label[for="besluit-twijfel"]').click()
    expect(page.locator("#status-meeting-decision")).to_have_text(SAVED)
    page.locator("#field-meeting-next_meeting").fill("2027-02-01")
    expect(page.locator("#status-meeting-next_meeting")).to_have_text(SAVED)

    team.refresh_from_db()
    kartrekkers.refresh_from_db()
    dates.refresh_from_db()
    meeting.refresh_from_db()
    assert team.number == 34
    assert list(kartrekkers.members.all()) == [karim]
    assert dates.dates == ["2027-01-13"]
    assert meeting.decision == "twijfel"
    assert meeting.next_meeting == date(2027, 2, 1)
    assert meeting.next_meeting_action.planned_end == date(2027, 2, 1)

    page.reload()
    expect(page.locator(f"#field-prompt-{team.pk}-number")).to_have_value("34")
    expect(page.locator(f"#prompt-{kartrekkers.pk}-members-{karim.pk}")).to_be_checked()
    expect(page.locator("#besluit-twijfel")).to_be_checked()
    assert unexpected(console_errors) == []


def test_an_answer_lost_after_the_save_is_no_conflict(site, meeting, page: Page, console_errors):
    base_url, _ = site
    (prompt,) = notes_prompts(meeting, 1)
    open_agenda(page, base_url, meeting)
    lost = []

    def save_then_lose_the_answer(route):
        if lost:
            route.continue_()
        else:
            lost.append(route.fetch().status)  # the server saves ...
            route.abort("connectionreset")  # ... but the browser never hears of it

    page.route(SAVES, save_then_lose_the_answer)
    field = notes(page, prompt)
    field.click()
    page.keyboard.type("Opgeslagen, maar het antwoord ging verloren.")

    expect(status(page, prompt)).to_have_text(SAVED, timeout=10_000)
    assert lost == [200]
    page.keyboard.type(" En verder.")
    expect(status(page, prompt)).to_have_text(SAVED)
    expect_stored(prompt, "Opgeslagen, maar het antwoord ging verloren. En verder.")
    assert VoorgesprekPrompt.objects.get(pk=prompt.pk).field_state["notes"]["v"] == 2
    assert unexpected(console_errors) == []


def test_a_missing_csrf_cookie_is_recovered(
    site, meeting, page: Page, context: BrowserContext, console_errors
):
    base_url, _ = site
    (prompt,) = notes_prompts(meeting, 1)
    open_agenda(page, base_url, meeting)
    context.clear_cookies(name="csrftoken")
    answers = []
    page.on("response", lambda r: answers.append(r.status) if "/velden/" in r.url else None)

    field = notes(page, prompt)
    field.click()
    page.keyboard.type("Na een CSRF-fout toch opgeslagen.")

    expect(status(page, prompt)).to_have_text(SAVED)
    expect_stored(prompt, "Na een CSRF-fout toch opgeslagen.")
    assert [c for c in context.cookies() if c["name"] == "csrftoken"]
    assert answers[0] == 403
    assert answers[-1] == 200
    assert unexpected(console_errors) == []
