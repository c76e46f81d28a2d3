"""Werkmomenten: opening one from the plan, its structure, sending the reflection round,
ontwikkelpunten, and who may do what."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from phases.models import (
    ReflectionRound,
    ReflectionTopic,
    SessionKind,
    TopicTemplate,
    TrainingSession,
    Werkmoment,
)
from phases.werkmomenten import members_to_ask
from tests.phases.werkmoment_support import (
    BESTUURSLID,
    KARTREKKER,
    MT_LID,
    OUTSIDER,
    SCHOOLLEIDER,
    TEAMLID,
    TRAINER,
    WERKGROEPLID,
    done_round,
    open_round,
    url,
    user,
    wm_url,
)


@pytest.fixture
def new_werkmoment(zonnebloem):
    """A werkmoment session planned in three weeks, not opened yet."""
    return TrainingSession.objects.create(
        school=zonnebloem,
        kind=SessionKind.WERKMOMENT,
        title="Extra werkmoment",
        date=timezone.localdate() + timedelta(days=21),
        start_time=time(15, 0),
        end_time=time(16, 30),
    )


def text(response) -> str:
    return response.content.decode()


# Opening a werkmoment -------------------------------------------------------


def test_the_plan_links_each_werkmoment_session(zonnebloem, client_for, new_werkmoment):
    response = client_for(user(TEAMLID)).get(url("training_plan", zonnebloem))
    assert url("session_werkmoment", zonnebloem, new_werkmoment.pk) in text(response)
    assert url("werkmoment_list", zonnebloem) in text(response)


def test_opening_a_session_makes_the_werkmoment_with_the_standard_structure_once(
    zonnebloem, client_for, new_werkmoment
):
    client = client_for(user(KARTREKKER))
    response = client.get(url("session_werkmoment", zonnebloem, new_werkmoment.pk))
    werkmoment = Werkmoment.objects.get(session=new_werkmoment)
    assert response.status_code == 302
    assert response["Location"] == wm_url("werkmoment_detail", werkmoment)
    assert [(p.title, p.minutes) for p in werkmoment.parts.all()] == [
        ("Terugblik en de inbreng van het team", 30),
        ("Verdieping", 45),
        ("Afronding", 15),
    ]
    # It looks back on the last module before it.
    assert werkmoment.after_session.kind in {SessionKind.MODULE_1, SessionKind.MODULE_2}

    client.get(url("session_werkmoment", zonnebloem, new_werkmoment.pk))
    assert Werkmoment.objects.filter(session=new_werkmoment).count() == 1
    assert werkmoment.parts.count() == 3

    page = text(client.get(wm_url("werkmoment_detail", werkmoment)))
    assert "Samen 90 minuten; het werkmoment duurt 90 minuten." in page


def test_only_werkmoment_sessions_open_as_werkmoment(zonnebloem, client_for):
    module = zonnebloem.training_sessions.get(kind=SessionKind.MODULE_1)
    response = client_for(user(KARTREKKER)).get(url("session_werkmoment", zonnebloem, module.pk))
    assert response.status_code == 404


def test_the_list_makes_every_werkmoment_and_invites_the_teamlid(
    zonnebloem, client_for, new_werkmoment
):
    response = client_for(user(TEAMLID)).get(url("werkmoment_list", zonnebloem))
    page = text(response)
    assert Werkmoment.objects.filter(session=new_werkmoment).exists()
    assert "Reflectievragen invullen" in page
    assert wm_url("reflection_answer", open_round(zonnebloem)) in page
    assert "ingevuld</p>" not in page  # counts are for the werkgroep


# Editing the structure ------------------------------------------------------


def edit_data(werkmoment, **overrides):
    parts = list(werkmoment.parts.all())
    data = {
        "version": str(werkmoment.version),
        "after_session": str(werkmoment.after_session_id or ""),
        "preparation": werkmoment.preparation,
        "notes": werkmoment.notes,
        "onderdelen-TOTAL_FORMS": str(len(parts) + 1),
        "onderdelen-INITIAL_FORMS": str(len(parts)),
        "onderdelen-MIN_NUM_FORMS": "0",
        "onderdelen-MAX_NUM_FORMS": "12",
    }
    for n, part in enumerate(parts):
        data.update(
            {
                f"onderdelen-{n}-id": str(part.pk),
                f"onderdelen-{n}-werkmoment": str(werkmoment.pk),
                f"onderdelen-{n}-title": part.title,
                f"onderdelen-{n}-minutes": str(part.minutes),
                f"onderdelen-{n}-description": part.description,
            }
        )
    data.update(overrides)
    return data


def test_the_werkgroep_edits_the_structure_and_sees_the_total(zonnebloem, client_for):
    werkmoment = open_round(zonnebloem).werkmoment
    client = client_for(user(WERKGROEPLID))
    data = edit_data(
        werkmoment,
        **{
            "onderdelen-1-minutes": "60",
            "onderdelen-2-DELETE": "on",
            "onderdelen-3-title": "Oefenen in tweetallen",
            "onderdelen-3-minutes": "20",
            "preparation": "Lees hoofdstuk 3.",
        },
    )
    response = client.post(wm_url("werkmoment_edit", werkmoment), data)
    assert response.status_code == 302
    werkmoment.refresh_from_db()
    assert [(p.title, p.minutes) for p in werkmoment.parts.all()] == [
        ("Terugblik en de inbreng van het team", 30),
        ("Verdieping", 60),
        ("Oefenen in tweetallen", 20),
    ]
    assert werkmoment.preparation == "Lees hoofdstuk 3."
    page = text(client.get(wm_url("werkmoment_detail", werkmoment)))
    assert "Samen 110 minuten; het werkmoment duurt 90 minuten." in page
    assert "Dat is 20 minuten te veel." in page


def test_bad_structure_input_keeps_what_was_typed(zonnebloem, client_for):
    werkmoment = open_round(zonnebloem).werkmoment
    data = edit_data(
        werkmoment,
        **{"onderdelen-0-title": "", "onderdelen-1-minutes": "900", "notes": "x" * 20001},
    )
    response = client_for(user(KARTREKKER)).post(wm_url("werkmoment_edit", werkmoment), data)
    page = text(response)
    assert response.status_code == 400
    assert "Geef dit onderdeel een naam." in page
    assert "Een onderdeel duurt hoogstens 480 minuten." in page
    assert "Deze tekst is 20.001 tekens lang; er passen er hoogstens 20.000." in page
    assert "x" * 20001 in page


def test_a_stale_edit_shows_the_other_version_and_keeps_the_input(zonnebloem, client_for):
    werkmoment = open_round(zonnebloem).werkmoment
    stale = edit_data(werkmoment, notes="Mijn verslag")
    other = edit_data(werkmoment, notes="Verslag van Wendy")
    client_for(user(WERKGROEPLID)).post(wm_url("werkmoment_edit", werkmoment), other)

    response = client_for(user(KARTREKKER)).post(wm_url("werkmoment_edit", werkmoment), stale)
    page = text(response)
    assert response.status_code == 409
    assert "Iemand anders heeft dit werkmoment intussen gewijzigd." in page
    assert "Verslag van Wendy" in page and "Mijn verslag" in page
    werkmoment.refresh_from_db()
    assert werkmoment.notes == "Verslag van Wendy"

    # Saving again (the form now carries the current version) keeps the user's text.
    stale["version"] = str(werkmoment.version)
    client_for(user(KARTREKKER)).post(wm_url("werkmoment_edit", werkmoment), stale)
    werkmoment.refresh_from_db()
    assert werkmoment.notes == "Mijn verslag"


# Sending the reflection round -----------------------------------------------


def send_data(**overrides):
    data = {
        "vragen-TOTAL_FORMS": "4",
        "vragen-INITIAL_FORMS": "3",
        "vragen-MIN_NUM_FORMS": "0",
        "vragen-MAX_NUM_FORMS": "10",
        "vragen-0-text": "Wat is je bijgebleven?",
        "vragen-0-help_text": "",
        "vragen-1-text": "Waar wil je meer over weten?",
        "vragen-1-help_text": "Alles mag.",
        "vragen-2-text": "",  # left empty: dropped
        "vragen-3-text": "Wat wil je oefenen?",
        "topics": [str(t.pk) for t in TopicTemplate.objects.filter(code__in=["time-in"])],
        "own_topics": "Samenwerken met ouders\n\n  Rust op het plein  \nTime-in",
        "closes_on": (timezone.localdate() + timedelta(days=20)).isoformat(),
        "anonymous": "on",
        "intro": "Graag voor vrijdag.",
    }
    data.update(overrides)
    return data


def test_the_send_form_offers_the_standard_questions_and_topics(
    zonnebloem, client_for, new_werkmoment
):
    client = client_for(user(KARTREKKER))
    client.get(url("session_werkmoment", zonnebloem, new_werkmoment.pk))
    werkmoment = Werkmoment.objects.get(session=new_werkmoment)
    page = text(client.get(wm_url("reflection_send", werkmoment)))
    assert "Wat is je het meest bijgebleven van de laatste trainingsdag?" in page
    assert "Dossieranalyse in tweetallen" in page
    assert new_werkmoment.date.isoformat() in page  # closes on the werkmoment's day
    count = members_to_ask(zonnebloem).count()
    assert f"Versturen naar {count} mensen" in page


def test_the_kartrekker_sends_edited_questions_and_topics_to_the_whole_team(
    zonnebloem, client_for, new_werkmoment
):
    client = client_for(user(KARTREKKER))
    client.get(url("session_werkmoment", zonnebloem, new_werkmoment.pk))
    werkmoment = Werkmoment.objects.get(session=new_werkmoment)
    mail.outbox.clear()

    response = client.post(wm_url("reflection_send", werkmoment), send_data())
    assert response.status_code == 302
    reflection_round = ReflectionRound.objects.get(werkmoment=werkmoment)
    assert reflection_round.anonymous is True
    assert reflection_round.intro == "Graag voor vrijdag."
    assert [(q.text, q.help_text) for q in reflection_round.questions.all()] == [
        ("Wat is je bijgebleven?", ""),
        ("Waar wil je meer over weten?", "Alles mag."),
        ("Wat wil je oefenen?", ""),
    ]
    assert [t.title for t in reflection_round.topics.all()] == [
        "Time-in",
        "Samenwerken met ouders",
        "Rust op het plein",
    ]
    team = members_to_ask(zonnebloem)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.user.email for m in team)
    assert wm_url("reflection_answer", werkmoment) in mail.outbox[0].body
    assert "anoniem" in mail.outbox[0].body

    # Later edits to the content do not change what the team was asked.
    TopicTemplate.objects.filter(code="time-in").update(title="Anders genoemd")
    assert ReflectionTopic.objects.filter(round=reflection_round, title="Time-in").exists()

    again = client.get(wm_url("reflection_send", werkmoment), follow=True)
    assert "zijn al verstuurd" in text(again)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"closes_on": "2001-01-01"}, "Kies vandaag of een dag in de toekomst."),
        ({"closes_on": "gisteren"}, "Vul een geldige datum in."),
        ({"closes_on": ""}, "Kies tot wanneer het team kan invullen."),
        (
            {"vragen-0-text": "", "vragen-1-text": "", "vragen-3-text": ""},
            "Stel het team minstens één vraag.",
        ),
        ({"own_topics": "x" * 201}, "Een onderwerp is hoogstens 200 tekens lang."),
    ],
)
def test_bad_input_when_sending_keeps_the_form(
    zonnebloem, client_for, new_werkmoment, overrides, message
):
    client = client_for(user(KARTREKKER))
    client.get(url("session_werkmoment", zonnebloem, new_werkmoment.pk))
    werkmoment = Werkmoment.objects.get(session=new_werkmoment)
    response = client.post(wm_url("reflection_send", werkmoment), send_data(**overrides))
    assert response.status_code == 400
    assert message in text(response)
    assert "Graag voor vrijdag." in text(response)
    assert not ReflectionRound.objects.filter(werkmoment=werkmoment).exists()


def test_closing_after_the_werkmoment_is_refused(zonnebloem, client_for, new_werkmoment):
    client = client_for(user(KARTREKKER))
    client.get(url("session_werkmoment", zonnebloem, new_werkmoment.pk))
    werkmoment = Werkmoment.objects.get(session=new_werkmoment)
    late = (new_werkmoment.date + timedelta(days=1)).isoformat()
    response = client.post(wm_url("reflection_send", werkmoment), send_data(closes_on=late))
    assert response.status_code == 400
    assert "Kies een dag op of voor het werkmoment" in text(response)


# Ontwikkelpunten ------------------------------------------------------------


def test_the_werkgroep_notes_ontwikkelpunten_and_the_team_reads_them(zonnebloem, client_for):
    werkmoment = done_round(zonnebloem).werkmoment
    client = client_for(user(WERKGROEPLID))
    response = client.post(
        wm_url("ontwikkelpunt_add", werkmoment),
        {"kind": "ontwikkelpunt", "text": "  Een   rustplek <b>in</b> elke groep "},
    )
    assert response.status_code == 302
    punt = werkmoment.ontwikkelpunten.get(text="Een rustplek <b>in</b> elke groep")
    assert punt.created_by == user(WERKGROEPLID)

    page = text(client_for(user(TEAMLID)).get(wm_url("werkmoment_detail", werkmoment)))
    assert "Een rustplek &lt;b&gt;in&lt;/b&gt; elke groep" in page
    assert "Actiepunt maken" not in page  # the team reads, the werkgroep acts

    response = client.post(wm_url("ontwikkelpunt_delete", werkmoment, punt.pk))
    assert response.status_code == 302
    assert not werkmoment.ontwikkelpunten.filter(pk=punt.pk).exists()


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"kind": "idee", "text": "   "}, "Schrijf op wat het team voorstelt."),
        ({"kind": "idee", "text": "x" * 501}, "Hoogstens 500 tekens; nu 501."),
        ({"kind": "iets", "text": "Goed idee"}, "Kies idee of ontwikkelpunt."),
    ],
)
def test_bad_ontwikkelpunt_input_is_refused(zonnebloem, client_for, posted, message):
    werkmoment = done_round(zonnebloem).werkmoment
    before = werkmoment.ontwikkelpunten.count()
    response = client_for(user(KARTREKKER)).post(wm_url("ontwikkelpunt_add", werkmoment), posted)
    assert response.status_code == 400
    assert message in text(response)
    assert werkmoment.ontwikkelpunten.count() == before


# Who may do what ------------------------------------------------------------

PAGES = [
    ("werkmoment_list", False),
    ("werkmoment_detail", True),
    ("werkmoment_edit", True),
    ("reflection_send", True),
    ("reflection_answer", True),
    ("reflection_results", True),
    ("reflection_export", True),
    ("werkmoment_pdf", True),
]
# Expected GET status per role: list, detail, edit, send, answer, results, export, pdf.
# "send" on a werkmoment with a round redirects back to its page (302).
EXPECTED = {
    TEAMLID: [200, 200, 403, 403, 200, 403, 403, 403],
    WERKGROEPLID: [200, 200, 200, 302, 200, 200, 200, 200],
    KARTREKKER: [200, 200, 200, 302, 200, 200, 200, 200],
    SCHOOLLEIDER: [200, 200, 200, 302, 200, 200, 200, 200],
    MT_LID: [200, 200, 200, 302, 200, 200, 200, 200],
    TRAINER: [200, 200, 403, 403, 200, 200, 200, 200],
    BESTUURSLID: [403, 403, 403, 403, 403, 403, 403, 403],
    OUTSIDER: [404, 404, 404, 404, 404, 404, 404, 404],
}


@pytest.mark.parametrize("email", list(EXPECTED))
def test_each_role_sees_what_it_may(zonnebloem, client_for, email):
    werkmoment = open_round(zonnebloem).werkmoment
    client = client_for(user(email))
    statuses = []
    for name, per_werkmoment in PAGES:
        args = [zonnebloem.slug, werkmoment.pk] if per_werkmoment else [zonnebloem.slug]
        statuses.append(client.get(reverse(name, args=args)).status_code)
    assert statuses == EXPECTED[email]


POSTS = [
    "werkmoment_edit",
    "reflection_send",
    "reflection_choose_topics",
    "reflection_close",
    "reflection_remind",
    "ontwikkelpunt_add",
]


@pytest.mark.parametrize(("email", "status"), [(TEAMLID, 403), (TRAINER, 403), (OUTSIDER, 404)])
def test_only_the_werkgroep_and_leaders_change_anything(zonnebloem, client_for, email, status):
    reflection_round = open_round(zonnebloem)
    werkmoment = reflection_round.werkmoment
    client = client_for(user(email))
    mail.outbox.clear()
    for name in POSTS:
        response = client.post(wm_url(name, werkmoment), {"text": "x", "topics": []})
        assert response.status_code == status, name
    punt = done_round(zonnebloem).werkmoment.ontwikkelpunten.first()
    response = client.post(wm_url("ontwikkelpunt_delete", punt.werkmoment, punt.pk))
    assert response.status_code == status
    reflection_round.refresh_from_db()
    assert reflection_round.closed_at is None
    assert mail.outbox == []
    assert not werkmoment.ontwikkelpunten.exists()


def test_another_schools_werkmoment_is_not_found_through_this_school(
    zonnebloem, kompas, client_for
):
    werkmoment = open_round(zonnebloem).werkmoment
    # The external trainer is a member of both schools: the wrong slug is still a 404.
    client = client_for(user("trainer@example.org"))
    response = client.get(reverse("werkmoment_detail", args=[kompas.slug, werkmoment.pk]))
    assert response.status_code == 404
    response = client.get(reverse("reflection_answer", args=[kompas.slug, werkmoment.pk]))
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, zonnebloem):
    werkmoment = open_round(zonnebloem).werkmoment
    for name, per_werkmoment in PAGES:
        args = [zonnebloem.slug, werkmoment.pk] if per_werkmoment else [zonnebloem.slug]
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_deleting_a_werkmoment_session_warns_about_the_teams_input(zonnebloem, client_for):
    werkmoment = done_round(zonnebloem).werkmoment
    client = client_for(user(KARTREKKER))
    delete_url = url("session_delete", zonnebloem, werkmoment.session.pk)

    warning = client.get(delete_url).content.decode()

    assert "12 antwoorden op de reflectievragen" in warning
    assert "2 ideeën en ontwikkelpunten" in warning
    assert "blijven in het actieplan staan" in warning
