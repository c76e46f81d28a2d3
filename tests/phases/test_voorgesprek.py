"""The voorgesprek pages: the agenda as data, the live page, afspraken, the summary.

Autosave itself (one field per request, versions, conflicts) is tested in
test_voorgesprek_autosave.py; here the pages around it.
"""

import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from phases.demo import ZONNEBLOEM_NOTES, seed_phases
from phases.models import (
    ActionStatus,
    Afspraak,
    AgendaPart,
    AgendaPrompt,
    AgendaTheme,
    AnswerKind,
    Decision,
    ThemeKind,
    TimelineAction,
    Voorgesprek,
    VoorgesprekKind,
    VoorgesprekPrompt,
)
from phases.voorgesprek import start_voorgesprek
from schools.models import Membership, User
from tests.factories import MembershipFactory

HTMX = {"HX-Request": "true"}
# A note of the demo meeting: never shown to board members.
DEMO_NOTE = ZONNEBLOEM_NOTES["aard-team"].split("\n")[1]


def url(name, school, *args):
    return reverse(name, args=[school.slug, *args])


def text(response) -> str:
    return response.content.decode()


def member(school, email) -> Membership:
    return Membership.objects.get(school=school, user__email=email)


@pytest.fixture
def demo_meeting(zonnebloem) -> Voorgesprek:
    return zonnebloem.voorgesprekken.order_by("pk").first()


@pytest.fixture
def meeting(zonnebloem, trainer) -> Voorgesprek:
    """A fresh meeting, without notes or afspraken."""
    return start_voorgesprek(
        school=zonnebloem,
        kind=VoorgesprekKind.VERKENNEND,
        date=date(2026, 11, 24),
        location="Teamkamer",
        created_by=trainer,
    )


@pytest.fixture
def teamlid(zonnebloem):
    return User.objects.get(email="anouk.peters@zonnebloem.example")


@pytest.fixture
def mt_lid(zonnebloem):
    return MembershipFactory(school=zonnebloem, teamlid=False, mt_lid=True).user


def theme_of(meeting, code):
    return meeting.themes.get(theme__code=code)


def prompt_of(meeting, code):
    return meeting.prompts.get(agenda_prompt__code=code)


# The agenda as data ------------------------------------------------------------


def test_the_agenda_fixture_has_two_parts_and_nine_themes(demo):
    parts = list(AgendaPart.objects.all())
    assert [p.number for p in parts] == [1, 2]
    themes = list(AgendaTheme.objects.all())
    assert [t.title for t in themes] == [
        "Introductie",
        "Schoolpopulatie",
        "Teaminformatie",
        "Schoolinformatie",
        "Go / Twijfel",
        "Kartrekkers TSO",
        "Training",
        "Afspraken",
        "Feedback",
    ]
    assert {t.part.number for t in themes[:5]} == {1} and {t.part.number for t in themes[5:]} == {2}
    assert AgendaTheme.objects.get(kind=ThemeKind.DECISION).code == "go-twijfel"
    assert AgendaTheme.objects.get(kind=ThemeKind.AFSPRAKEN).code == "afspraken"
    kinds = set(AgendaPrompt.objects.values_list("answer_kind", flat=True))
    assert kinds == set(AnswerKind.values)
    assert all(t.prompts.exists() for t in themes)


def test_a_new_meeting_gets_its_own_copy_of_the_agenda(zonnebloem, trainer, client_for):
    leader = member(zonnebloem, "schoolleider@zonnebloem.example")
    tamara = member(zonnebloem, "trainer@example.org")

    response = client_for(trainer).post(
        url("voorgesprek_add", zonnebloem),
        {
            "kind": VoorgesprekKind.PRAKTISCH,
            "date": "2026-12-03",
            "location": "Aula",
            "participants": [leader.pk, tamara.pk],
        },
    )

    meeting = zonnebloem.voorgesprekken.get(kind=VoorgesprekKind.PRAKTISCH)
    assert response.status_code == 302
    assert response["Location"] == url("voorgesprek_agenda", zonnebloem, meeting.pk)
    assert meeting.date == date(2026, 12, 3) and meeting.location == "Aula"
    assert meeting.created_by == trainer
    assert set(meeting.participants.all()) == {leader, tamara}
    assert meeting.themes.count() == AgendaTheme.objects.count() == 9
    assert meeting.prompts.count() == AgendaPrompt.objects.count()
    # Changing the content later does not change this meeting's agenda.
    AgendaPrompt.objects.filter(code="waarom-tso").update(order=99)
    assert prompt_of(meeting, "waarom-tso").order != 99


def test_a_new_meeting_with_bad_input_keeps_it_and_says_why(
    zonnebloem, kompas, trainer, client_for
):
    outsider = kompas.memberships.first()

    response = client_for(trainer).post(
        url("voorgesprek_add", zonnebloem),
        {
            "kind": "gezellig",
            "date": "2099-01-01",
            "location": "x" * 201,
            "participants": [outsider.pk],
        },
    )

    assert response.status_code == 400
    content = text(response)
    assert "Kies verkennend of praktisch." in content
    assert "Kies een datum tussen" in content
    assert "Hoogstens 200 tekens." in content
    assert "Kies mensen van deze school." in content
    assert 'value="2099-01-01"' in content
    assert zonnebloem.voorgesprekken.count() == 1  # only the demo meeting


def test_the_agenda_page_shows_parts_themes_and_prompts_in_order(
    demo_meeting, zonnebloem, trainer, client_for
):
    response = client_for(trainer).get(url("voorgesprek_agenda", zonnebloem, demo_meeting.pk))

    assert response.status_code == 200
    content = text(response)
    assert "js/autosave.js" in content
    assert 'id="autosave-messages"' in content
    assert "Schrijf geen namen of persoonlijke gegevens van leerlingen op." in content
    headings = [
        "Deel 1: Kennismaken",
        ">Introductie<",
        ">Go / Twijfel<",
        "Deel 2: Concreet voorbereiden",
        ">Kartrekkers TSO<",
        ">Afspraken<",
        ">Feedback<",
    ]
    positions = [content.index(h) for h in headings]
    assert positions == sorted(positions)
    # Every prompt has its notes field, in agenda order: Tab goes to the next prompt.
    keys = re.findall(r'<textarea[^>]*id="field-prompt-(\d+)-notes"', content)
    prompts = [
        str(p.pk)
        for theme in demo_meeting.themes.order_by("theme__part__number", "order")
        for p in theme.prompts.all()
    ]
    assert keys == prompts
    # The notes are in their fields, and the version the server expects goes along.
    waarom = prompt_of(demo_meeting, "waarom-tso")
    assert f'id="version-prompt-{waarom.pk}-notes" name="version" value="0"' in content
    assert "We willen begrijpen wat er achter gedrag zit" in content
    # Structured answers.
    assert "2 trainingsgroepen van hoogstens 20, 4 trainers nodig." in content
    dates = prompt_of(demo_meeting, "trainingsdata")
    assert len(re.findall(rf'id="field-prompt-{dates.pk}-dates".*?</fieldset>', content, re.S)) == 1
    assert f'value="{dates.dates[0]}"' in content
    kartrekkers = prompt_of(demo_meeting, "kartrekkers-genoemd")
    karim = member(zonnebloem, "kartrekker@zonnebloem.example")
    assert f'id="prompt-{kartrekkers.pk}-members-{karim.pk}" checked' in content
    assert 'id="besluit-go" autocomplete="off" checked' in content


def test_the_version_on_the_page_is_the_one_the_server_expects(
    meeting, zonnebloem, trainer, schoolleider, client_for
):
    prompt = prompt_of(meeting, "waarom-tso")
    field_url = url("voorgesprek_prompt_field", zonnebloem, meeting.pk, prompt.pk, "notes")
    client_for(schoolleider).post(field_url, {"value": "Eerste versie", "version": 0}, headers=HTMX)

    page = text(client_for(trainer).get(url("voorgesprek_agenda", zonnebloem, meeting.pk)))
    version = re.search(
        rf'id="version-prompt-{prompt.pk}-notes" name="version" value="(\d+)"', page
    ).group(1)
    assert version == "1" and "Eerste versie" in page

    saved = client_for(trainer).post(
        field_url, {"value": "Aangevuld", "version": version}, headers=HTMX
    )
    stale = client_for(schoolleider).post(field_url, {"value": "Oud", "version": 1}, headers=HTMX)
    assert saved.status_code == 200
    assert stale.status_code == 409
    prompt.refresh_from_db()
    assert prompt.notes == "Aangevuld"


# Shaping the meeting: order, skipped and own prompts, participants -------------------


def test_themes_move_up_and_down_within_their_part(meeting, zonnebloem, trainer, client_for):
    client = client_for(trainer)
    reorder = url("voorgesprek_reorder_themes", zonnebloem, meeting.pk)
    population = theme_of(meeting, "schoolpopulatie")

    response = client.post(reorder, {"theme": population.pk, "direction": "up"})

    assert response.status_code == 302
    assert response["Location"].endswith(f"#thema-{population.pk}")
    page = text(client.get(url("voorgesprek_agenda", zonnebloem, meeting.pk)))
    assert page.index(">Schoolpopulatie<") < page.index(">Introductie<")
    # Part 2 starts with Kartrekkers TSO: it cannot move into part 1.
    kartrekkers = theme_of(meeting, "kartrekkers")
    client.post(reorder, {"theme": kartrekkers.pk, "direction": "up"})
    client.post(reorder, {"theme": theme_of(meeting, "feedback").pk, "direction": "down"})
    order = [t.theme.code for t in meeting.themes.order_by("order")]
    assert order == [
        "schoolpopulatie",
        "introductie",
        "teaminformatie",
        "schoolinformatie",
        "go-twijfel",
        "kartrekkers",
        "training",
        "afspraken",
        "feedback",
    ]
    client.post(reorder, {"theme": kartrekkers.pk, "direction": "down"})
    assert [t.theme.code for t in meeting.themes.order_by("order")][5:7] == [
        "training",
        "kartrekkers",
    ]


def test_reordering_a_theme_of_another_meeting_is_refused(
    meeting, demo_meeting, zonnebloem, trainer, client_for
):
    other = theme_of(demo_meeting, "introductie")
    response = client_for(trainer).post(
        url("voorgesprek_reorder_themes", zonnebloem, meeting.pk),
        {"theme": other.pk, "direction": "down"},
    )
    assert response.status_code == 400
    assert "Dit thema hoort niet bij dit gesprek." in text(response)
    other.refresh_from_db()
    assert other.order == 0


def test_a_skipped_prompt_is_greyed_keeps_its_notes_and_comes_back(
    demo_meeting, zonnebloem, trainer, client_for
):
    client = client_for(trainer)
    prompt = prompt_of(demo_meeting, "meldcode")
    skip = url("voorgesprek_prompt_skip", zonnebloem, demo_meeting.pk, prompt.pk)

    response = client.post(skip)

    assert response.status_code == 302
    prompt.refresh_from_db()
    assert prompt.skipped and prompt.notes == ZONNEBLOEM_NOTES["meldcode"]
    page = text(client.get(url("voorgesprek_agenda", zonnebloem, demo_meeting.pk)))
    block = re.search(
        rf'<div class="vg-prompt is-skipped" id="vraag-{prompt.pk}">.*?</form>', page, re.S
    ).group(0)
    assert "Terugzetten" in block and "<textarea" not in block
    summary = text(client.get(url("voorgesprek_summary", zonnebloem, demo_meeting.pk)))
    assert prompt.text not in summary and "aandachtsfunctionaris" not in summary

    # With htmx only the prompt comes back, with its field.
    response = client.post(skip, headers=HTMX)
    assert response.status_code == 200
    assert text(response).lstrip().startswith(f'<div class="vg-prompt" id="vraag-{prompt.pk}">')
    assert f'id="field-prompt-{prompt.pk}-notes"' in text(response)
    prompt.refresh_from_db()
    assert not prompt.skipped


def test_an_own_prompt_is_added_at_the_end_of_its_theme(meeting, zonnebloem, trainer, client_for):
    client = client_for(trainer)
    theme = theme_of(meeting, "teaminformatie")
    add = url("voorgesprek_prompt_add", zonnebloem, meeting.pk)

    response = client.post(add, {"theme": theme.pk, "text": "Hoe gaat het team om met <stress>?"})

    prompt = theme.prompts.get(agenda_prompt=None)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#vraag-{prompt.pk}")
    assert prompt.order > max(p.order for p in theme.prompts.exclude(pk=prompt.pk))
    page = text(client.get(url("voorgesprek_agenda", zonnebloem, meeting.pk)))
    assert "Hoe gaat het team om met &lt;stress&gt;?" in page
    assert (
        page.index("Hoe verhouden directie")
        < page.index("&lt;stress&gt;")
        < page.index(">Schoolinformatie<")
    )

    # With htmx: the new prompt, and an empty form out of band.
    response = client.post(add, {"theme": theme.pk, "text": "Nog een vraag"}, headers=HTMX)
    assert response.status_code == 200
    assert "Nog een vraag" in text(response)
    assert f'id="eigen-vraag-{theme.pk}"' in text(response)
    assert 'hx-swap-oob="true"' in text(response)


def test_an_own_prompt_needs_text_and_a_theme_of_this_meeting(
    meeting, demo_meeting, zonnebloem, trainer, client_for
):
    client = client_for(trainer)
    add = url("voorgesprek_prompt_add", zonnebloem, meeting.pk)
    theme = theme_of(meeting, "training")

    empty = client.post(add, {"theme": theme.pk, "text": ""})
    foreign = client.post(add, {"theme": theme_of(demo_meeting, "training").pk, "text": "Vraag"})
    too_long = client.post(add, {"theme": theme.pk, "text": "x" * 501}, headers=HTMX)

    assert empty.status_code == 400 and "Schrijf de vraag op." in text(empty)
    assert foreign.status_code == 400 and "Dit thema hoort niet bij dit gesprek." in text(foreign)
    assert too_long.status_code == 422
    assert too_long["HX-Retarget"] == f"#eigen-vraag-{theme.pk}"
    assert "Hoogstens 500 tekens." in text(too_long)
    assert not VoorgesprekPrompt.objects.filter(agenda_prompt=None).exists()


def test_the_page_warns_when_the_handbooks_people_are_not_at_the_table(
    meeting, zonnebloem, trainer, client_for
):
    client = client_for(trainer)
    leader = member(zonnebloem, "schoolleider@zonnebloem.example")
    meeting.participants.set([leader])
    agenda = url("voorgesprek_agenda", zonnebloem, meeting.pk)

    page = text(client.get(agenda))

    assert "Er is geen externe trainer bij het gesprek." in page
    assert "minstens twee andere leden" in page
    assert "Er is geen schoolleider" not in page

    everyone = [
        member(zonnebloem, email).pk
        for email in [
            "schoolleider@zonnebloem.example",
            "trainer@example.org",
            "kartrekker@zonnebloem.example",
            "werkgroep@zonnebloem.example",
        ]
    ]
    edit = url("voorgesprek_participants", zonnebloem, meeting.pk)
    assert "Er is geen externe trainer" in text(client.get(edit))
    response = client.post(edit, {"participants": everyone})
    assert response.status_code == 302
    page = text(client.get(agenda))
    assert "Er is geen externe trainer" not in page and "minstens twee andere" not in page
    assert "Wendy Jansen" in page and "Trainer (extern)" in page
    assert client.post(edit, {"participants": ["999999"]}).status_code == 400


# Afspraken on the timeline ----------------------------------------------------------


def test_an_afspraak_becomes_a_timeline_action_with_owner_and_date(
    meeting, zonnebloem, trainer, client_for
):
    client = client_for(trainer)
    karim = member(zonnebloem, "kartrekker@zonnebloem.example")

    response = client.post(
        url("voorgesprek_afspraak_add", zonnebloem, meeting.pk),
        {"what": "Werkgroep werven", "owner": karim.pk, "due": "2027-01-15"},
    )

    assert response.status_code == 302
    afspraak = meeting.afspraken.get()
    action = afspraak.timeline_action
    assert action.school == zonnebloem
    assert action.title == "Werkgroep werven"
    assert action.owner == karim and action.planned_end == date(2027, 1, 15)
    assert action.phase.number == 1
    assert TimelineAction.objects.get(pk=action.pk).afspraak.voorgesprek == meeting
    page = text(client.get(url("voorgesprek_agenda", zonnebloem, meeting.pk)))
    assert url("timeline_action_edit", zonnebloem, action.pk) in page

    # Changing the afspraak changes the action.
    edit = url("voorgesprek_afspraak_edit", zonnebloem, meeting.pk, afspraak.pk)
    leader = member(zonnebloem, "schoolleider@zonnebloem.example")
    assert client.get(edit).status_code == 200
    response = client.post(
        edit, {"what": "Werkgroep van vijf werven", "owner": leader.pk, "due": "2027-02-01"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "Werkgroep van vijf werven"
    assert action.owner == leader and action.planned_end == date(2027, 2, 1)
    assert (
        TimelineAction.objects.filter(
            school=zonnebloem, afspraak__isnull=False, afspraak__voorgesprek=meeting
        ).count()
        == 1
    )


def test_an_afspraak_added_with_htmx_answers_with_the_table(
    meeting, zonnebloem, trainer, client_for
):
    karim = member(zonnebloem, "kartrekker@zonnebloem.example")
    add = url("voorgesprek_afspraak_add", zonnebloem, meeting.pk)

    response = client_for(trainer).post(
        add, {"what": "Boek bestellen", "owner": karim.pk, "due": "2026-12-10"}, headers=HTMX
    )

    assert response.status_code == 200
    content = text(response)
    assert content.lstrip().startswith('<div class="vg-afspraken" id="afspraken">')
    assert "Boek bestellen" in content and "10 december 2026" in content
    assert 'name="what"' in content and 'value="Boek bestellen"' not in content


@pytest.mark.parametrize(
    "data, message",
    [
        ({"what": "", "due": "2026-12-01"}, "Schrijf op wat er gebeurt."),
        ({"what": "Iets", "due": ""}, "Vul in wanneer het klaar is."),
        ({"what": "Iets", "due": "31-02-2027"}, "Vul een geldige datum in."),
        ({"what": "Iets", "due": "2025-11-01"}, "hoogstens een jaar voor het gesprek"),
        ({"what": "Iets", "due": "2026-12-01", "owner": "none"}, "Kies iemand van deze school."),
        ({"what": "x" * 301, "due": "2026-12-01"}, "Hoogstens 300 tekens."),
    ],
)
def test_an_afspraak_with_bad_input_is_refused_with_a_message(
    meeting, zonnebloem, trainer, client_for, data, message
):
    data = {"owner": member(zonnebloem, "kartrekker@zonnebloem.example").pk, **data}
    if data["owner"] == "none":
        data["owner"] = Membership.objects.exclude(school=zonnebloem).first().pk
    client = client_for(trainer)
    add = url("voorgesprek_afspraak_add", zonnebloem, meeting.pk)

    response = client.post(add, data)
    partial = client.post(add, data, headers=HTMX)

    assert response.status_code == 400
    assert message in text(response)
    if data["what"]:
        assert f'value="{data["what"]}"' in text(response)
    assert partial.status_code == 422 and message in text(partial)
    assert not Afspraak.objects.filter(voorgesprek=meeting).exists()


def test_an_afspraak_may_be_recorded_afterwards_up_to_a_year_before(
    meeting, zonnebloem, trainer, client_for
):
    karim = member(zonnebloem, "kartrekker@zonnebloem.example")
    response = client_for(trainer).post(
        url("voorgesprek_afspraak_add", zonnebloem, meeting.pk),
        {"what": "Al gedaan", "owner": karim.pk, "due": "2026-01-05"},
    )
    assert response.status_code == 302
    assert meeting.afspraken.get().timeline_action.planned_start == date(2026, 1, 5)


def test_deleting_an_afspraak_removes_its_action_unless_work_has_started(
    meeting, zonnebloem, trainer, client_for
):
    client = client_for(trainer)
    karim = member(zonnebloem, "kartrekker@zonnebloem.example")
    add = url("voorgesprek_afspraak_add", zonnebloem, meeting.pk)
    for what in ("Nog open", "Al bezig"):
        client.post(add, {"what": what, "owner": karim.pk, "due": "2026-12-15"})
    still_open = meeting.afspraken.get(what="Nog open")
    started = meeting.afspraken.get(what="Al bezig")
    started.timeline_action.status = ActionStatus.BEZIG
    started.timeline_action.save()
    open_action, started_action = still_open.timeline_action_id, started.timeline_action_id

    delete = "voorgesprek_afspraak_delete"
    assert client.get(url(delete, zonnebloem, meeting.pk, still_open.pk)).status_code == 405
    client.post(url(delete, zonnebloem, meeting.pk, still_open.pk))
    client.post(url(delete, zonnebloem, meeting.pk, started.pk))

    assert not meeting.afspraken.exists()
    assert not TimelineAction.objects.filter(pk=open_action).exists()
    kept = TimelineAction.objects.get(pk=started_action)
    assert kept.title == "Al bezig" and not hasattr(kept, "afspraak")


# The summary -------------------------------------------------------------------------


def test_the_summary_reads_in_agenda_order_and_links_to_the_actions(
    demo_meeting, zonnebloem, kartrekker, client_for
):
    response = client_for(kartrekker).get(url("voorgesprek_summary", zonnebloem, demo_meeting.pk))

    assert response.status_code == 200
    content = text(response)
    order = [
        "Verslag verkennend voorgesprek",
        "Sanne de Vries",
        "Deel 1: Kennismaken",
        ">Introductie<",
        "Wijkschool in een gemengde wijk",
        "Team: 34 mensen. 2 trainingsgroepen van hoogstens 20, 4 trainers nodig.",
        ">Besluit<",
        ">Go<",
        "De voorwaarden zijn goed genoeg",
        "Deel 2: Concreet voorbereiden",
        "Kartrekkers: Karim El Amrani, tweede kartrekker onderbouw",
        "30 uur per schooljaar.",
        "Voorgestelde data:",
        "Uren kartrekker en werkgroep opnemen in de taakverdeling",
        ">Feedback<",
        "Meer tijd voor de financiën.",
    ]
    positions = [content.index(piece) for piece in order]
    assert positions == sorted(positions)
    # Notes keep their line breaks.
    assert "sluit daar niet goed op aan.<br>Waarom in eigen woorden" in content
    # Prompts without notes or answers are left out.
    assert "welke kleine stappen kan het team alvast zetten" not in content
    for afspraak in demo_meeting.afspraken.all():
        assert url("timeline_action_edit", zonnebloem, afspraak.timeline_action_id) in content


def test_the_summary_of_twijfel_shows_what_must_improve_and_the_follow_up(vlinder, client_for):
    leader = User.objects.get(email="schoolleider@vlinder.example")
    meeting = vlinder.voorgesprekken.get()

    content = text(client_for(leader).get(url("voorgesprek_summary", vlinder, meeting.pk)))

    assert ">Twijfel<" in content
    assert "Wat moet er eerst beter" in content and "Verzuim en werkdruk eerst omlaag" in content
    assert f"Vervolggesprek: {date_format(meeting.next_meeting, 'l j F Y')}" in content
    assert url("timeline_action_edit", vlinder, meeting.next_meeting_action_id) in content
    # The handbook's people were not all there.
    agenda = text(client_for(leader).get(url("voorgesprek_agenda", vlinder, meeting.pk)))
    assert "Er is geen externe trainer bij het gesprek." in agenda


# Who may do what ------------------------------------------------------------------------


EDITORS = ["trainer", "schoolleider", "kartrekker", "mt_lid"]
READERS = ["werkgroeplid", "teamlid"]


def write_requests(school, meeting):
    """Every write of these pages, with data that would be valid."""
    prompt = meeting.prompts.first()
    afspraak = meeting.afspraken.first()
    karim = member(school, "kartrekker@zonnebloem.example").pk
    return [
        (url("voorgesprek_add", school), {"kind": "verkennend", "date": "2026-12-01"}),
        (url("voorgesprek_participants", school, meeting.pk), {"participants": [karim]}),
        (
            url("voorgesprek_reorder_themes", school, meeting.pk),
            {"theme": meeting.themes.first().pk, "direction": "down"},
        ),
        (
            url("voorgesprek_prompt_add", school, meeting.pk),
            {"theme": meeting.themes.first().pk, "text": "Vraag"},
        ),
        (url("voorgesprek_prompt_skip", school, meeting.pk, prompt.pk), {}),
        (
            url("voorgesprek_afspraak_add", school, meeting.pk),
            {"what": "Iets", "owner": karim, "due": "2026-12-01"},
        ),
        (
            url("voorgesprek_afspraak_edit", school, meeting.pk, afspraak.pk),
            {"what": "Iets", "owner": karim, "due": "2026-12-01"},
        ),
        (url("voorgesprek_afspraak_delete", school, meeting.pk, afspraak.pk), {}),
        (url("voorgesprek_field", school, meeting.pk, "location"), {"value": "x", "version": 0}),
        (
            url("voorgesprek_prompt_field", school, meeting.pk, prompt.pk, "notes"),
            {"value": "x", "version": 0},
        ),
    ]


@pytest.mark.parametrize("role", EDITORS)
def test_trainers_leaders_mt_and_kartrekkers_edit(
    role, request, demo_meeting, zonnebloem, client_for
):
    client = client_for(request.getfixturevalue(role))

    page = text(client.get(url("voorgesprek_agenda", zonnebloem, demo_meeting.pk)))
    listing = text(client.get(url("voorgesprek_list", zonnebloem)))

    assert "data-autosave" in page and "Afspraak toevoegen" in page and "Overslaan" in page
    assert "Nieuw voorgesprek" in listing
    assert client.get(url("voorgesprek_add", zonnebloem)).status_code == 200
    skip = url(
        "voorgesprek_prompt_skip", zonnebloem, demo_meeting.pk, demo_meeting.prompts.first().pk
    )
    assert client.post(skip).status_code == 302


@pytest.mark.parametrize("role", READERS)
def test_werkgroep_and_team_read_the_whole_conversation_but_write_nothing(
    role, request, demo_meeting, zonnebloem, client_for
):
    client = client_for(request.getfixturevalue(role))

    response = client.get(url("voorgesprek_agenda", zonnebloem, demo_meeting.pk))

    content = text(response)
    assert response.status_code == 200
    assert "data-autosave" not in content and "hx-post" not in content
    assert "<textarea" not in content and "Overslaan" not in content
    assert DEMO_NOTE in content and "Je leest mee." in content
    assert "Nieuw voorgesprek" not in text(client.get(url("voorgesprek_list", zonnebloem)))
    assert DEMO_NOTE in text(client.get(url("voorgesprek_summary", zonnebloem, demo_meeting.pk)))
    before = (
        Voorgesprek.objects.count(),
        Afspraak.objects.count(),
        list(VoorgesprekPrompt.objects.values_list("skipped", "notes")),
    )
    for write_url, data in write_requests(zonnebloem, demo_meeting):
        assert client.post(write_url, data).status_code == 403, write_url
    assert client.get(url("voorgesprek_add", zonnebloem)).status_code == 403
    after = (
        Voorgesprek.objects.count(),
        Afspraak.objects.count(),
        list(VoorgesprekPrompt.objects.values_list("skipped", "notes")),
    )
    assert after == before


def test_board_members_read_only_the_decision_and_the_afspraken(
    demo_meeting, zonnebloem, bestuurslid, client_for
):
    client = client_for(bestuurslid)

    listing = client.get(url("voorgesprek_list", zonnebloem))
    summary = client.get(url("voorgesprek_summary", zonnebloem, demo_meeting.pk))

    for response in (listing, summary):
        content = text(response)
        assert response.status_code == 200
        assert ">Go<" in content
        assert "Uren kartrekker en werkgroep opnemen in de taakverdeling" in content
        assert "Sanne de Vries" in content  # who does it
        assert DEMO_NOTE not in content
        assert "De voorwaarden zijn goed genoeg" not in content  # the reasoning is a note
        assert "Directiekamer" not in content
        assert f'href="{url("voorgesprek_agenda", zonnebloem, demo_meeting.pk)}"' not in content
    assert client.get(url("voorgesprek_agenda", zonnebloem, demo_meeting.pk)).status_code == 403
    for write_url, data in write_requests(zonnebloem, demo_meeting):
        assert client.post(write_url, data).status_code == 403, write_url


def test_another_schools_kartrekker_finds_nothing(
    demo_meeting, zonnebloem, vlinder, vlinder_kartrekker, client_for
):
    client = client_for(vlinder_kartrekker)
    for name in ("voorgesprek_agenda", "voorgesprek_summary", "voorgesprek_pdf"):
        assert client.get(url(name, zonnebloem, demo_meeting.pk)).status_code == 404
    # Their own school's slug with our meeting's id: not found either.
    for name in (
        "voorgesprek_agenda",
        "voorgesprek_summary",
        "voorgesprek_pdf",
        "voorgesprek_participants",
    ):
        assert client.get(url(name, vlinder, demo_meeting.pk)).status_code == 404
    prompt = demo_meeting.prompts.first()
    response = client.post(url("voorgesprek_prompt_skip", vlinder, demo_meeting.pk, prompt.pk))
    assert response.status_code == 404


# Queries and hostile text ----------------------------------------------------------------


@pytest.mark.parametrize("own_prompts", [0, 40])
def test_the_agenda_page_needs_the_same_queries_for_any_number_of_prompts(
    meeting, zonnebloem, trainer, client_for, django_assert_num_queries, own_prompts
):
    themes = list(meeting.themes.all())
    VoorgesprekPrompt.objects.bulk_create(
        [
            VoorgesprekPrompt(
                voorgesprek=meeting,
                theme=themes[n % len(themes)],
                own_text=f"Eigen vraag {n}",
                order=100 + n,
                notes="Notitie",
            )
            for n in range(own_prompts)
        ]
    )
    karim = member(zonnebloem, "kartrekker@zonnebloem.example")
    for n in range(own_prompts // 10):
        Afspraak.objects.create(
            voorgesprek=meeting, what=f"Afspraak {n}", owner=karim, due=date(2026, 12, 1)
        )
    prompt_of(meeting, "kartrekkers-genoemd").members.set([karim])
    client = client_for(trainer)
    client.get(url("voorgesprek_agenda", zonnebloem, meeting.pk))

    # session, user, access, meeting, members, participants, afspraken, themes,
    # prompts, their kartrekkers, the owner choices of the afspraak form
    with django_assert_num_queries(11):
        response = client.get(url("voorgesprek_agenda", zonnebloem, meeting.pk))
    assert text(response).count('class="vg-prompt"') == AgendaPrompt.objects.count() + own_prompts


@pytest.mark.parametrize("own_prompts", [0, 40])
def test_the_summary_needs_the_same_queries_for_any_number_of_prompts(
    meeting, zonnebloem, kartrekker, client_for, django_assert_num_queries, own_prompts
):
    themes = list(meeting.themes.all())
    VoorgesprekPrompt.objects.bulk_create(
        [
            VoorgesprekPrompt(
                voorgesprek=meeting,
                theme=themes[n % len(themes)],
                own_text=f"Eigen vraag {n}",
                order=100 + n,
                notes="Notitie",
            )
            for n in range(own_prompts)
        ]
    )
    client = client_for(kartrekker)
    client.get(url("voorgesprek_summary", zonnebloem, meeting.pk))

    # session, user, access, meeting, afspraken, themes, prompts, their kartrekkers,
    # participants
    with django_assert_num_queries(9):
        client.get(url("voorgesprek_summary", zonnebloem, meeting.pk))


HOSTILE = (
    '<script>alert("x")</script><img src=x onerror=alert(1)> & "aanhalingstekens" '
    "Één café, naïef: coöperatie, ĳverig 🙂👩🏽‍🏫🌻\n"
)


def test_a_long_hostile_note_is_kept_exactly_and_shown_escaped(
    meeting, zonnebloem, trainer, werkgroeplid, client_for
):
    note = (HOSTILE * 400)[:50_000]
    prompt = prompt_of(meeting, "waarom-tso")
    field_url = url("voorgesprek_prompt_field", zonnebloem, meeting.pk, prompt.pk, "notes")
    saved = client_for(trainer).post(field_url, {"value": note, "version": 0}, headers=HTMX)
    assert saved.status_code == 200
    prompt.refresh_from_db()
    assert prompt.notes == note

    for client in (client_for(trainer), client_for(werkgroeplid)):
        for name in ("voorgesprek_agenda", "voorgesprek_summary"):
            content = text(client.get(url(name, zonnebloem, meeting.pk)))
            assert "<script>alert" not in content and "<img src=x" not in content
            assert content.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") == 400
            assert content.count("coöperatie, ĳverig 🙂👩🏽‍🏫🌻") == 400


# The demo and the dashboard ------------------------------------------------------------


def test_the_demo_has_a_voorgesprek_per_school_and_seeding_again_adds_none(demo):
    zonnebloem, kompas, vlinder = (
        demo[name] for name in ("OBS De Zonnebloem", "SO Het Kompas", "SBO De Vlinder")
    )
    seed_phases(demo, timezone.localdate())
    call_command("seed_demo", verbosity=0)

    go = zonnebloem.voorgesprekken.get()
    assert go.decision == Decision.GO and go.kind == VoorgesprekKind.VERKENNEND
    t0 = zonnebloem.implementation.t0
    assert t0 - timedelta(days=366) < go.date < t0 - timedelta(days=6 * 31)
    assert {m.user.email for m in go.participants.all()} == {
        "schoolleider@zonnebloem.example",
        "trainer@example.org",
        "kartrekker@zonnebloem.example",
        "werkgroep@zonnebloem.example",
    }
    assert go.prompts.exclude(notes="").count() >= 25
    assert go.afspraken.count() == 3
    assert all(a.timeline_action and a.timeline_action.owner == a.owner for a in go.afspraken.all())

    twijfel = vlinder.voorgesprekken.get()
    assert twijfel.decision == Decision.TWIJFEL and twijfel.improvements
    assert twijfel.next_meeting > timezone.localdate()
    assert twijfel.next_meeting_action.planned_end == twijfel.next_meeting

    upcoming = kompas.voorgesprekken.get()
    assert upcoming.kind == VoorgesprekKind.PRAKTISCH and not upcoming.decision
    assert upcoming.date > timezone.localdate()
    assert abs((kompas.implementation.t0 - upcoming.date).days - 61) < 10
    assert upcoming.prompts.count() == AgendaPrompt.objects.count()
    assert not upcoming.prompts.exclude(notes="").exists()
    # Nothing about pupils by name: the notes speak of the school and the team.
    assert "leerling" not in " ".join(ZONNEBLOEM_NOTES.values()).lower().replace("leerlingen", "")


def test_the_dashboard_shows_the_latest_voorgesprek(zonnebloem, bestuurslid, client_for):
    content = text(client_for(bestuurslid).get(zonnebloem.get_absolute_url()))
    assert "Verkennend voorgesprek van" in content and ">Go<" in content
    assert url("voorgesprek_list", zonnebloem) in content


@pytest.mark.parametrize("extra_meetings", [0, 5])
def test_the_list_needs_the_same_queries_for_any_number_of_meetings(
    zonnebloem, trainer, client_for, django_assert_num_queries, extra_meetings
):
    karim = member(zonnebloem, "kartrekker@zonnebloem.example")
    for n in range(extra_meetings):
        meeting = start_voorgesprek(
            school=zonnebloem, kind=VoorgesprekKind.PRAKTISCH, date=date(2026, 12, 1 + n)
        )
        Afspraak.objects.create(
            voorgesprek=meeting, what=f"Afspraak {n}", owner=karim, due=date(2027, 1, 1)
        )
    client = client_for(trainer)
    client.get(url("voorgesprek_list", zonnebloem))

    # session, user, access, meetings, their afspraken with owners
    with django_assert_num_queries(5):
        response = client.get(url("voorgesprek_list", zonnebloem))
    assert text(response).count("vg-list-item") == 1 + extra_meetings
