"""Autosave of the voorgesprek, one field per htmx request (schools/autosave.py).

What the trainer types is stored exactly; a field changed by someone else is never
overwritten without a choice (409); bad input is refused with a message (422); a
lost answer, an expired session and a CSRF failure are answered so that the
browser can recover (static/js/autosave.js, tests/browser/test_voorgesprek_autosave.py).
"""

import html
import json
import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from phases.models import ActionStatus, AnswerKind, Decision, VoorgesprekKind
from phases.voorgesprek import start_voorgesprek
from schools.models import User
from schools.sessions import LAST_SEEN, LOGIN_AT

HTMX = {"HX-Request": "true"}

LONG = ("Zoë en Ĳsbrand bespreken het team. " * 1500)[:50_000]
KEPT_EXACTLY = {
    "50000 tekens": LONG,
    "html en script": '<script>alert("x")</script><b>vet</b> & <a href="javascript:x">link</a>',
    "emoji": "Goed gesprek 🙂👩🏽‍🏫🌻 — volgende keer 🚀",
    "diacritics": "Één café, naïef: ëéèêïöüç, coöperatie, ĳverig",
    "spaces and crlf": "  spaties ervoor\r\nen een nieuwe regel\r\n\r\nen erna  ",
    "leading newline": "\nbegint met een lege regel",
}


@pytest.fixture
def meeting(zonnebloem, trainer):
    return start_voorgesprek(
        school=zonnebloem,
        kind=VoorgesprekKind.VERKENNEND,
        date=date(2026, 11, 24),
        location="Teamkamer",
        created_by=trainer,
    )


def prompt_of(meeting, kind=AnswerKind.NOTES):
    return meeting.prompts.filter(agenda_prompt__answer_kind=kind).first()


def prompt_url(meeting, prompt, field):
    return reverse(
        "voorgesprek_prompt_field", args=[meeting.school.slug, meeting.pk, prompt.pk, field]
    )


def meeting_url(meeting, field):
    return reverse("voorgesprek_field", args=[meeting.school.slug, meeting.pk, field])


def save(client, url, value, version=0):
    return client.post(url, {"value": value, "version": version}, headers=HTMX)


def version_in(response) -> int:
    return int(re.search(r'data-version="(\d+)"', response.text).group(1))


@pytest.mark.parametrize("text", KEPT_EXACTLY.values(), ids=KEPT_EXACTLY.keys())
def test_notes_are_stored_exactly(meeting, trainer, client_for, text):
    prompt = prompt_of(meeting)

    response = save(client_for(trainer), prompt_url(meeting, prompt, "notes"), text)

    assert response.status_code == 200
    assert "opgeslagen om" in response.text
    assert 'data-autosave-state="saved"' in response.text
    assert version_in(response) == 1
    prompt.refresh_from_db()
    assert prompt.notes == text
    assert prompt.field_state["notes"]["v"] == 1
    assert prompt.field_state["notes"]["by"] == "Tamara Hoekstra"


def test_every_save_raises_the_version(meeting, trainer, client_for):
    client = client_for(trainer)
    url = prompt_url(meeting, prompt_of(meeting), "notes")

    assert version_in(save(client, url, "Eerste")) == 1
    assert version_in(save(client, url, "Eerste zin", version=1)) == 2
    assert version_in(save(client, url, "Eerste zin.", version=2)) == 3


def test_notes_one_character_too_long_are_refused(meeting, trainer, client_for):
    prompt = prompt_of(meeting)
    client = client_for(trainer)
    save(client, prompt_url(meeting, prompt, "notes"), "Bewaard")

    response = save(client, prompt_url(meeting, prompt, "notes"), LONG + "x", version=1)

    assert response.status_code == 422
    assert 'data-autosave-state="invalid"' in response.text
    assert "Niet opgeslagen" in response.text
    assert "50000" in response.text.replace(".", "")
    prompt.refresh_from_db()
    assert prompt.notes == "Bewaard"
    assert prompt.field_state["notes"]["v"] == 1


def test_someone_elses_change_is_not_overwritten(meeting, trainer, schoolleider, client_for):
    prompt = prompt_of(meeting)
    url = prompt_url(meeting, prompt, "notes")
    theirs = '<script>alert("van Sanne")</script> Het team is "moe" & klaar'
    assert save(client_for(schoolleider), url, theirs).status_code == 200

    response = save(client_for(trainer), url, "Mijn aantekeningen", version=0)

    assert response.status_code == 409
    assert 'data-autosave-state="conflict"' in response.text
    assert version_in(response) == 1
    assert "Sanne de Vries heeft dit veld om" in response.text
    assert escape(theirs) in response.text
    assert "<script>alert" not in response.text
    assert 'data-conflict="keep-mine"' in response.text
    assert 'data-conflict="take-theirs"' in response.text
    assert "data-theirs" not in response.text  # plain text: taken from the textarea
    prompt.refresh_from_db()
    assert prompt.notes == theirs
    assert prompt.field_state["notes"]["v"] == 1


def test_a_retry_of_a_save_whose_answer_got_lost_is_no_conflict(meeting, trainer, client_for):
    prompt = prompt_of(meeting)
    client = client_for(trainer)
    url = prompt_url(meeting, prompt, "notes")
    assert save(client, url, "Al opgeslagen, antwoord kwijt").status_code == 200

    response = save(client, url, "Al opgeslagen, antwoord kwijt", version=0)

    assert response.status_code == 200
    assert "opgeslagen om" in response.text
    assert version_in(response) == 1


def test_keep_mine_saves_with_the_version_of_the_conflict(
    meeting, trainer, schoolleider, client_for
):
    prompt = prompt_of(meeting)
    url = prompt_url(meeting, prompt, "notes")
    save(client_for(schoolleider), url, "Hun tekst")
    trainer_client = client_for(trainer)
    conflict = save(trainer_client, url, "Mijn tekst", version=0)
    assert conflict.status_code == 409

    response = save(trainer_client, url, "Mijn tekst", version=version_in(conflict))

    assert response.status_code == 200
    assert version_in(response) == 2
    prompt.refresh_from_db()
    assert prompt.notes == "Mijn tekst"
    assert prompt.field_state["notes"]["by"] == "Tamara Hoekstra"


def test_nonsense_version_is_a_conflict_not_an_error(meeting, trainer, client_for):
    prompt = prompt_of(meeting)
    client = client_for(trainer)
    save(client, prompt_url(meeting, prompt, "notes"), "Tekst")

    response = save(client, prompt_url(meeting, prompt, "notes"), "Andere tekst", version="abc")

    assert response.status_code == 409
    prompt.refresh_from_db()
    assert prompt.notes == "Tekst"


# Structured answers ------------------------------------------------------------


def test_team_size_is_a_number(meeting, trainer, client_for):
    prompt = prompt_of(meeting, AnswerKind.TEAM_SIZE)
    client = client_for(trainer)
    url = prompt_url(meeting, prompt, "number")

    assert save(client, url, "34").status_code == 200
    prompt.refresh_from_db()
    assert prompt.number == 34
    assert prompt.training_groups == 2

    for bad in ("-1", "veel", "1e9", "12.25", "NaN"):
        response = save(client, url, bad, version=1)
        assert response.status_code == 422, bad
        assert 'data-autosave-state="invalid"' in response.text
    prompt.refresh_from_db()
    assert prompt.number == 34

    assert save(client, url, "", version=1).status_code == 200
    prompt.refresh_from_db()
    assert prompt.number is None


def test_proposed_training_dates_are_a_sorted_list(meeting, trainer, client_for):
    prompt = prompt_of(meeting, AnswerKind.TRAINING_DATES)
    client = client_for(trainer)
    url = prompt_url(meeting, prompt, "dates")

    response = save(client, url, ["2027-01-13", "", "2026-12-02", "2027-01-13"])

    assert response.status_code == 200
    prompt.refresh_from_db()
    assert prompt.dates == ["2026-12-02", "2027-01-13"]
    assert save(client, url, ["2026-02-30"], version=1).status_code == 422
    too_many = [f"2027-01-{day:02d}" for day in range(1, 14)]
    assert save(client, url, too_many, version=1).status_code == 422
    prompt.refresh_from_db()
    assert prompt.dates == ["2026-12-02", "2027-01-13"]


def test_kartrekkers_are_members_of_this_school(meeting, kompas, trainer, client_for):
    prompt = prompt_of(meeting, AnswerKind.KARTREKKERS)
    client = client_for(trainer)
    url = prompt_url(meeting, prompt, "members")
    ours = list(meeting.school.memberships.order_by("pk").values_list("pk", flat=True)[:2])

    assert save(client, url, [str(pk) for pk in reversed(ours)]).status_code == 200
    prompt.refresh_from_db()
    assert sorted(prompt.members.values_list("pk", flat=True)) == ours

    other_school = kompas.memberships.first().pk
    for bad in ([str(other_school)], ["abc"], [str(ours[0]), str(other_school)]):
        response = save(client, url, bad, version=1)
        assert response.status_code == 422, bad
        assert "Kies mensen van deze school" in response.text or "geldige" in response.text
    prompt.refresh_from_db()
    assert sorted(prompt.members.values_list("pk", flat=True)) == ours

    assert save(client, url, [], version=1).status_code == 200
    prompt.refresh_from_db()
    assert list(prompt.members.all()) == []


def test_names_to_invite_are_short_text(meeting, trainer, client_for):
    prompt = prompt_of(meeting, AnswerKind.KARTREKKERS)
    client = client_for(trainer)
    url = prompt_url(meeting, prompt, "names")

    assert save(client, url, "Juf Ans (groep 3) & meester Bram").status_code == 200
    assert save(client, url, "x" * 501, version=1).status_code == 422
    prompt.refresh_from_db()
    assert prompt.names == "Juf Ans (groep 3) & meester Bram"


def test_a_conflict_on_members_shows_names_and_the_values_to_take_over(
    meeting, trainer, schoolleider, client_for
):
    prompt = prompt_of(meeting, AnswerKind.KARTREKKERS)
    url = prompt_url(meeting, prompt, "members")
    karim = meeting.school.memberships.get(user__email="kartrekker@zonnebloem.example")
    save(client_for(schoolleider), url, [str(karim.pk)])

    response = save(client_for(trainer), url, [], version=0)

    assert response.status_code == 409
    assert "Karim El Amrani" in response.text
    theirs = re.search(r'data-theirs="([^"]*)"', response.text).group(1)
    assert json.loads(html.unescape(theirs)) == [str(karim.pk)]


def test_a_conflict_on_a_date_offers_the_iso_date(meeting, trainer, schoolleider, client_for):
    url = meeting_url(meeting, "next_meeting")
    save(client_for(schoolleider), url, "2027-02-01")

    response = save(client_for(trainer), url, "2027-03-01", version=0)

    assert response.status_code == 409
    assert "1 februari 2027" in response.text
    theirs = re.search(r'data-theirs="([^"]*)"', response.text).group(1)
    assert json.loads(html.unescape(theirs)) == "2027-02-01"


def test_unknown_fields_are_refused(meeting, trainer, client_for):
    client = client_for(trainer)
    prompt = prompt_of(meeting)

    assert save(client, prompt_url(meeting, prompt, "skipped"), "1").status_code == 422
    assert save(client, meeting_url(meeting, "school"), "1").status_code == 422
    assert save(client, meeting_url(meeting, "field_state"), "{}").status_code == 422


# Fields of the meeting -------------------------------------------------------------


def test_meeting_fields(meeting, trainer, client_for):
    client = client_for(trainer)

    assert save(client, meeting_url(meeting, "location"), "Aula, ’t Hoekje").status_code == 200
    assert save(client, meeting_url(meeting, "date"), "2026-12-01").status_code == 200
    assert save(client, meeting_url(meeting, "decision_reasoning"), LONG).status_code == 200
    for field, bad in [
        ("date", "morgen"),
        ("date", ""),
        ("decision", "misschien"),
        ("next_meeting", "2027-13-01"),
        ("location", "x" * 201),
    ]:
        assert save(client, meeting_url(meeting, field), bad, version=1).status_code == 422

    meeting.refresh_from_db()
    assert meeting.location == "Aula, ’t Hoekje"
    assert meeting.date == date(2026, 12, 1)
    assert meeting.decision_reasoning == LONG
    assert meeting.decision == ""


def test_twijfel_with_a_date_puts_the_follow_up_on_the_timeline(meeting, trainer, client_for):
    client = client_for(trainer)
    assert save(client, meeting_url(meeting, "decision"), Decision.TWIJFEL).status_code == 200
    improvements = save(client, meeting_url(meeting, "improvements"), "Draagvlak in het team")
    assert improvements.status_code == 200
    meeting.refresh_from_db()
    assert meeting.next_meeting_action is None

    assert save(client, meeting_url(meeting, "next_meeting"), "2027-02-01").status_code == 200

    meeting.refresh_from_db()
    action = meeting.next_meeting_action
    assert action.school == meeting.school
    assert action.planned_start == action.planned_end == date(2027, 2, 1)
    assert action.status == ActionStatus.OPEN
    assert action.description == "Draagvlak in het team"

    assert save(client, meeting_url(meeting, "decision"), Decision.GO, version=1).status_code == 200

    action.refresh_from_db()
    assert action.status == ActionStatus.NVT

    again = save(client, meeting_url(meeting, "decision"), Decision.TWIJFEL, version=2)
    assert again.status_code == 200
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    meeting.refresh_from_db()
    assert meeting.next_meeting_action == action


# Who may save ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "status"),
    [
        ("trainer@example.org", 200),
        ("schoolleider@zonnebloem.example", 200),
        ("kartrekker@zonnebloem.example", 200),
        ("werkgroep@zonnebloem.example", 403),
        ("anouk.peters@zonnebloem.example", 403),  # teamlid
        ("bestuur@voorbeeld.example", 403),
        ("kartrekker@vlinder.example", 404),
    ],
)
def test_who_may_save(meeting, client_for, email, status):
    client = client_for(User.objects.get(email=email))
    prompt = prompt_of(meeting)

    assert save(client, prompt_url(meeting, prompt, "notes"), "Notitie").status_code == status
    assert save(client, meeting_url(meeting, "location"), "Elders").status_code == status

    prompt.refresh_from_db()
    meeting.refresh_from_db()
    assert (prompt.notes == "Notitie") is (status == 200)
    assert (meeting.location == "Elders") is (status == 200)


def test_a_prompt_of_another_meeting_is_not_found(
    meeting, zonnebloem, vlinder, trainer, client_for
):
    other_school = start_voorgesprek(
        school=vlinder, kind=VoorgesprekKind.VERKENNEND, date=date(2026, 10, 1)
    )
    elsewhere = prompt_of(other_school)
    client = client_for(trainer)

    mixed = reverse(
        "voorgesprek_prompt_field", args=[zonnebloem.slug, meeting.pk, elsewhere.pk, "notes"]
    )
    assert save(client, mixed, "x").status_code == 404
    wrong_school = reverse("voorgesprek_field", args=[zonnebloem.slug, other_school.pk, "location"])
    assert save(client, wrong_school, "x").status_code == 404


def test_saving_needs_post(meeting, trainer, client_for):
    response = client_for(trainer).get(meeting_url(meeting, "location"), headers=HTMX)
    assert response.status_code == 405


# Recovering in the browser: CSRF and sessions --------------------------------------


def test_a_csrf_failure_is_marked_and_a_fresh_token_fixes_it(meeting, trainer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(trainer)
    prompt = prompt_of(meeting)
    url = prompt_url(meeting, prompt, "notes")

    refused = client.post(
        url, {"value": "Tekst", "version": 0}, headers={**HTMX, "X-CSRFToken": "verlopen" * 4}
    )
    assert refused.status_code == 403
    assert refused["X-CSRF-Failure"] == "1"

    fresh = client.get(reverse("fresh_csrf_token"))
    assert fresh.status_code == 200
    assert fresh["Content-Type"].startswith("text/plain")
    assert "no-cache" in fresh["Cache-Control"] or "max-age=0" in fresh["Cache-Control"]
    token = fresh.text
    assert re.fullmatch(r"[A-Za-z0-9]{32,64}", token)

    response = client.post(
        url, {"value": "Tekst", "version": 0}, headers={**HTMX, "X-CSRFToken": token}
    )
    assert response.status_code == 200
    prompt.refresh_from_db()
    assert prompt.notes == "Tekst"


def test_a_permission_403_is_not_marked_as_csrf(meeting, werkgroeplid, client_for):
    response = save(client_for(werkgroeplid), prompt_url(meeting, prompt_of(meeting), "notes"), "x")
    assert response.status_code == 403
    assert "X-CSRF-Failure" not in response


def test_a_logged_out_htmx_save_gets_401_with_the_login_url(meeting):
    prompt = prompt_of(meeting)

    response = save(Client(), prompt_url(meeting, prompt, "notes"), "Tekst")

    assert response.status_code == 401
    assert response["HX-Login-URL"] == reverse("login")
    prompt.refresh_from_db()
    assert prompt.notes == ""


def test_an_expired_session_gets_401_too(meeting, trainer, client_for):
    client = client_for(trainer)
    session = client.session
    session[LOGIN_AT] = session[LAST_SEEN] = 0  # long ago
    session.save()
    url = prompt_url(meeting, prompt_of(meeting), "notes")

    response = save(client, url, "Tekst")

    assert response.status_code == 401
    assert response["HX-Login-URL"] == reverse("login")
