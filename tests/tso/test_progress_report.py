"""The voortgangsrapportage: choosing, remembering, printing, permissions, failures.

Privacy is in test_progress_report_privacy.py, the data parts and their query
counts in test_progress_report_data.py.
"""

from datetime import timedelta
from io import BytesIO
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from actieplan.models import Actieplan, Actiepunt, Doel, Status
from phases.models import SessionKind, TrainingSession, school_year_of
from phases.timeline import summarize
from schools.access import school_access
from schools.models import AuditEvent, Membership, User
from tests.factories import MembershipFactory, SchoolFactory
from tso import pdf_cache
from tso.models import ReportPreference
from tso.pdf import PdfRenderError
from tso.progress_report import (
    DEFAULT_SECTIONS,
    SECTION_KEYS,
    progress_pdf,
    render_progress_report,
)

# Names that belong to one demo school only: none may turn up in another's report.
SCHOOL_WORDS = {
    "OBS De Zonnebloem": ["OBS De Zonnebloem", "Sanne de Vries", "Karim El Amrani"],
    "SO Het Kompas": ["SO Het Kompas", "Peter Kok", "Fatima Yilmaz", "Yvonne Maas"],
    "SBO De Vlinder": ["SBO De Vlinder", "Vera Bakker", "Koen Visser", "Stichting Anders"],
}
PRINTER = {
    "OBS De Zonnebloem": "werkgroep@zonnebloem.example",
    "SO Het Kompas": "kartrekker@kompas.example",
    "SBO De Vlinder": "kartrekker@vlinder.example",
}
CHAPTERS = [
    "Waar de school staat",
    "Ontwikkelmodel: profiel en prioriteiten",
    "Actieplan",
    "Voorgesprekken: besluiten en afspraken",
    "Volgende stappen",
]


@pytest.fixture(autouse=True)
def empty_pdf_cache():
    pdf_cache.pdf_cache().clear()
    yield
    pdf_cache.pdf_cache().clear()


def squash(text: str) -> str:
    """Drop whitespace and case: a cell may wrap anywhere."""
    return "".join(text.split()).lower()


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def flat(pdf: bytes) -> str:
    return squash("\n".join(pages_of(pdf)))


def dutch(day) -> str:
    return date_format(day, "j F Y")


def form_url(school):
    return reverse("progress_report", args=[school.slug])


def pdf_url(school):
    return reverse("progress_report_pdf", args=[school.slug])


def teamlid_of(school) -> User:
    return (
        Membership.objects.filter(
            school=school,
            teamlid=True,
            kartrekker=False,
            werkgroeplid=False,
            schoolleider=False,
            mt_lid=False,
            trainer=False,
        )
        .select_related("user")
        .first()
        .user
    )


# --- Who may print ------------------------------------------------------------------


@pytest.mark.parametrize(
    "email",
    [
        "kartrekker@zonnebloem.example",
        "werkgroep@zonnebloem.example",
        "schoolleider@zonnebloem.example",
        "mt1@zonnebloem.example",
        "trainer@example.org",
        "bestuur@voorbeeld.example",
    ],
)
def test_the_people_who_run_it_and_the_board_open_the_choice_page(zonnebloem, client_for, email):
    response = client_for(User.objects.get(email=email)).get(form_url(zonnebloem))
    assert response.status_code == 200
    assert "Voortgangsrapportage TSO" in response.content.decode()


def test_a_teamlid_may_not_print_it(zonnebloem, client_for):
    client = client_for(teamlid_of(zonnebloem))
    assert client.get(form_url(zonnebloem)).status_code == 403
    assert client.get(pdf_url(zonnebloem)).status_code == 403
    assert client.post(form_url(zonnebloem), {"version": "full"}).status_code == 403


def test_outsiders_get_404_and_visitors_the_login(zonnebloem, vlinder_kartrekker, client_for):
    client = client_for(vlinder_kartrekker)
    assert client.get(form_url(zonnebloem)).status_code == 404
    assert client.get(pdf_url(zonnebloem)).status_code == 404
    response = Client().get(pdf_url(zonnebloem))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_dashboard_links_to_it_for_those_who_may_print(zonnebloem, kartrekker, client_for):
    link = f'href="{form_url(zonnebloem)}"'
    dashboard = reverse("school_dashboard", args=[zonnebloem.slug])
    assert link in client_for(kartrekker).get(dashboard).content.decode()
    assert link not in client_for(teamlid_of(zonnebloem)).get(dashboard).content.decode()


def test_render_progress_report_works_outside_a_request(zonnebloem, kartrekker, vlinder_kartrekker):
    pdf = render_progress_report(zonnebloem, kartrekker, version="team")
    assert pdf.startswith(b"%PDF")
    assert "ontwikkelmodel" in flat(pdf) or "actieplan" in flat(pdf)
    with pytest.raises(PermissionDenied):
        render_progress_report(zonnebloem, teamlid_of(zonnebloem))
    with pytest.raises(Http404):
        render_progress_report(zonnebloem, vlinder_kartrekker)


# --- Choosing and remembering ------------------------------------------------------


def test_the_choice_page_starts_with_the_school_year_and_the_defaults(
    zonnebloem, kartrekker, client_for
):
    response = client_for(kartrekker).get(form_url(zonnebloem))
    form = response.context["form"]
    first, last = school_year_of(timezone.localdate())
    assert form.initial["start"] == first
    assert form.initial["end"] == last
    assert form.initial["version"] == "full"
    assert form.initial["sections"] == DEFAULT_SECTIONS
    page = response.content.decode()
    # The checklist agreements are there to choose, but off until the school picks them.
    assert 'value="checklist" id="section-checklist">' in page
    assert 'value="stand" id="section-stand" checked>' in page


def test_the_choice_is_remembered_per_school(zonnebloem, kompas, kartrekker, trainer, client_for):
    first, last = school_year_of(timezone.localdate())
    response = client_for(kartrekker).post(
        form_url(zonnebloem),
        {
            "version": "team",
            "start": first.isoformat(),
            "end": last.isoformat(),
            "sections": ["stand", "actieplan", "checklist"],
        },
    )
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == pdf_url(zonnebloem)
    assert parse_qs(target.query) == {
        "version": ["team"],
        "start": [first.isoformat()],
        "end": [last.isoformat()],
        "sections": ["stand", "actieplan", "checklist"],
    }
    preference = ReportPreference.objects.get(school=zonnebloem)
    assert preference.sections == ["stand", "actieplan", "checklist"]
    assert preference.version == "team"
    assert preference.updated_by == kartrekker

    # Someone else of the same school finds that choice; another school keeps its own.
    trainer_client = client_for(trainer)
    form = trainer_client.get(form_url(zonnebloem)).context["form"]
    assert form.initial["version"] == "team"
    # The trainer may not see checklist agreements: the choice is trimmed to what they may.
    assert form.initial["sections"] == ["stand", "actieplan"]
    assert trainer_client.get(form_url(kompas)).context["form"].initial["sections"] == (
        DEFAULT_SECTIONS
    )


def test_a_board_members_print_does_not_change_the_schools_choice(
    zonnebloem, bestuurslid, client_for
):
    first, last = school_year_of(timezone.localdate())
    response = client_for(bestuurslid).post(
        form_url(zonnebloem),
        {"version": "full", "start": first, "end": last, "sections": ["actieplan"]},
    )
    assert response.status_code == 302
    assert not ReportPreference.objects.filter(school=zonnebloem).exists()


def test_a_wrong_choice_keeps_the_input_with_dutch_messages(zonnebloem, kartrekker, client_for):
    response = client_for(kartrekker).post(
        form_url(zonnebloem),
        {"version": "full", "start": "2026-09-01", "end": "2026-08-01"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "De periode kan niet eindigen voordat ze begint." in page
    assert "Kies ten minste één onderdeel." in page
    assert 'value="2026-09-01"' in page
    assert not ReportPreference.objects.filter(school=zonnebloem).exists()


def test_the_pdf_address_alone_prints_the_remembered_choice(zonnebloem, kartrekker, client_for):
    ReportPreference.objects.create(school=zonnebloem, sections=["actieplan"], version="full")
    response = client_for(kartrekker).get(pdf_url(zonnebloem))
    assert response.status_code == 200
    text = flat(response.content)
    assert squash("3 Actieplan") not in text  # the only chapter is number 1
    assert squash("1 Actieplan") in text
    assert squash("Waar de school staat") not in text
    assert squash("Volgende stappen") not in text


def test_a_forged_section_is_refused(zonnebloem, kartrekker, client_for):
    response = client_for(kartrekker).get(
        pdf_url(zonnebloem), {"version": "full", "sections": ["stand", "wachtwoorden"]}
    )
    assert response.status_code == 400
    assert "Kies onderdelen uit de lijst." in response.content.decode()


# --- The documents ---------------------------------------------------------------------


def test_the_full_report_of_de_zonnebloem(zonnebloem, kartrekker, client_for):
    response = client_for(kartrekker).get(
        pdf_url(zonnebloem), {"version": "full", "sections": SECTION_KEYS}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    first, last = school_year_of(timezone.localdate())
    assert response["Content-Disposition"] == (
        f'inline; filename="voortgangsrapportage-obs-de-zonnebloem-'
        f'{first.isoformat()}-{last.isoformat()}.pdf"'
    )
    reader = PdfReader(BytesIO(response.content))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    pages = [p.extract_text() for p in reader.pages]
    text = squash("\n".join(pages))
    today = timezone.localdate()
    phase = summarize(zonnebloem).phase
    for expected in [
        # The cover: school, board, period, date, who printed it, contents.
        "Voortgangsrapportage",
        "Stichting Voorbeeld",
        f"{dutch(first)} tot en met {dutch(last)}",
        f"Afgedrukt op {dutch(today)}",
        "Karim El Amrani (kartrekker, werkgroeplid, teamlid)",
        "Inhoud",
        *CHAPTERS,
        "Checklist schoolleiding: afspraken",
        "Werkmomenten en de reflectie van het team",
        # Where the school stands.
        f"Fase {phase.number}: {phase.name}",
        "Tijdlijn per fase",
        "Teamtraining",
        "Module 1: Trauma en veerkracht bij kinderen",
        # The Ontwikkelmodel: grid, radars, priorities with their plan.
        "Groeilaag 3B: Regulatie bevorderen",
        "Per groeilaag",
        "Prioriteiten",
        "Samen dezelfde woorden gaan gebruiken voor stress.",
        "Hoe werken we het doel uit?",
        # The actieplan.
        "Actiepunten per groeilaag",
        "Bereikt in deze periode",
        "Warme ontvangst bij de deur",
        "Evalueren en bijsturen",
        # Voorgesprek, checklist agreements, werkmomenten, next steps.
        "Verkennend voorgesprek",
        "Studiedagen voor de vier modules in de jaarplanning zetten",
        "TSO wordt een vast punt op de agenda van elk MT-overleg",
        "Werkmoment 1",
        "Volgende evaluatie van het actieplan",
        "Volgende bijeenkomst van de werkgroep",
        "Eerstvolgende acties op de tijdlijn",
    ]:
        assert squash(expected) in text, expected
    # Chapters in order, every page numbered, the school's name in the header.
    body = squash("\n".join(pages[1:]))
    numbered = [f"{n}{squash(title)}" for n, title in enumerate(CHAPTERS[:3], start=1)]
    numbered += ["4" + squash(CHAPTERS[3]), "7" + squash(CHAPTERS[4])]
    positions = [body.index(heading) for heading in numbered]
    assert positions == sorted(positions)
    for number, page_text in enumerate(pages, start=1):
        assert squash(f"pagina {number} van {len(pages)}") in squash(page_text)
        if number > 1:
            assert squash("OBS De Zonnebloem") in squash(page_text)
    for other in ("SO Het Kompas", "SBO De Vlinder"):
        for word in SCHOOL_WORDS[other]:
            assert squash(word) not in text, word


def test_the_team_version_is_one_or_two_pages(zonnebloem, werkgroeplid, client_for):
    response = client_for(werkgroeplid).get(
        pdf_url(zonnebloem), {"version": "team", "sections": SECTION_KEYS}
    )
    assert response["Content-Disposition"].startswith(
        'inline; filename="voortgang-team-obs-de-zonnebloem-'
    )
    pages = pages_of(response.content)
    assert 1 <= len(pages) <= 2
    text = squash("\n".join(pages))
    for expected in [
        "voor het team",
        "Waar staan we?",
        "Onze prioriteiten",
        "Gedeelde taal en kennis",
        "Ons actieplan in cijfers",
        "Doelen bereikt",
        "Wat komt er?",
    ]:
        assert squash(expected) in text, expected
    # The long chapters are left out of the short version.
    for absent in [
        "Inhoud",
        "Voorgesprekken",
        "Checklist schoolleiding",
        "Hoe werken we het doel uit?",
    ]:
        assert squash(absent) not in text, absent


@pytest.mark.parametrize("name", ["SO Het Kompas", "SBO De Vlinder"])
def test_both_versions_render_for_the_other_demo_schools(demo, client_for, name):
    school = demo[name]
    client = client_for(User.objects.get(email=PRINTER[name]))
    full = flat(client.get(pdf_url(school), {"version": "full", "sections": SECTION_KEYS}).content)
    team = flat(client.get(pdf_url(school), {"version": "team", "sections": SECTION_KEYS}).content)
    for chapter in CHAPTERS:
        assert squash(chapter) in full, chapter
    assert squash(name) in full and squash(name) in team
    phase = summarize(school).phase
    assert squash(f"Fase {phase.number}: {phase.name}") in full
    assert squash(f"Fase {phase.number}: {phase.name}") in team
    # Neither school has an actieplan or a closed ronde yet: the chapters say so.
    assert squash("Er is nog geen actieplan voor deze periode.") in full
    assert squash("Er is nog geen actieplan voor deze periode.") in team
    assert squash("Nog geen afgesloten ronde van het Ontwikkelmodel") in full
    for other, words in SCHOOL_WORDS.items():
        if other != name:
            for word in words:
                assert squash(word) not in full + team, word


def test_de_vlinder_reads_its_twijfel_and_the_follow_up(vlinder, vlinder_kartrekker, client_for):
    text = flat(
        client_for(vlinder_kartrekker)
        .get(pdf_url(vlinder), {"version": "full", "sections": SECTION_KEYS})
        .content
    )
    voorgesprek = vlinder.voorgesprekken.get()
    assert squash("Besluit: Twijfel") in text
    assert squash(f"vervolggesprek op {dutch(voorgesprek.next_meeting)}") in text
    assert squash("Vervolggesprek na twijfel") in text  # a next step on the closing page
    assert squash("Verzuim en werkdruk eerst omlaag") in text  # members read what must improve


def test_sections_without_data_say_so_in_one_line(db, client_for):
    school = SchoolFactory(name="Basisschool Het Begin")
    leader = MembershipFactory(school=school, schoolleider=True, teamlid=False).user
    text = flat(
        client_for(leader)
        .get(pdf_url(school), {"version": "full", "sections": SECTION_KEYS})
        .content
    )
    for line in [
        "Nog geen tijdlijn: de startdatum van de teamtraining (T0) is nog niet vastgelegd.",
        "Geen trainingsmomenten in deze periode.",
        "Nog geen afgesloten ronde van het Ontwikkelmodel: er is nog geen profiel.",
        "Er is nog geen actieplan voor deze periode.",
        "Nog geen voorgesprek gehouden.",
        "Geen afspraken uit de checklist schoolleiding in deze periode.",
        "Geen werkmomenten in deze periode.",
        "Geen open acties gepland op de tijdlijn.",
    ]:
        assert squash(line) in text, line


# --- Failures, cache, audit --------------------------------------------------------------


def test_a_failed_render_shows_a_message_and_a_retry_never_half_a_pdf(
    zonnebloem, kartrekker, client_for
):
    client = client_for(kartrekker)
    query = {"version": "team", "sections": ["stand"]}
    with mock.patch("tso.progress_report.html_to_pdf", side_effect=PdfRenderError("time limit")):
        response = client.get(pdf_url(zonnebloem), query)
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "De PDF kon niet worden gemaakt." in page
    assert "Opnieuw proberen" in page
    assert f'href="{pdf_url(zonnebloem)}?version=team&amp;sections=stand"' in page
    assert not AuditEvent.objects.filter(subject__startswith="voortgangsrapportage").exists()
    # Nothing was cached: the retry renders.
    retry = client.get(pdf_url(zonnebloem), query)
    assert retry.status_code == 200
    assert retry.content.startswith(b"%PDF")


def test_a_repeat_print_of_unchanged_data_comes_from_the_cache(zonnebloem, kartrekker):
    access = school_access(kartrekker, zonnebloem.slug)
    first, hit = progress_pdf(access, kartrekker, version="team", sections=SECTION_KEYS)
    assert not hit
    again, hit = progress_pdf(access, kartrekker, version="team", sections=SECTION_KEYS)
    assert hit and again == first
    # Another version, another reader or changed data: a fresh render.
    assert not progress_pdf(access, kartrekker, version="full", sections=["actieplan"])[1]
    point = Actiepunt.objects.filter(actieplan__school=zonnebloem, status=Status.BEZIG).first()
    point.status = Status.AFGEROND
    point.completed_on = timezone.localdate()
    point.save()
    changed, hit = progress_pdf(access, kartrekker, version="team", sections=SECTION_KEYS)
    assert not hit and changed != first


def test_printing_is_recorded_in_the_audit_trail(zonnebloem, kartrekker, client_for):
    client_for(kartrekker).get(pdf_url(zonnebloem), {"version": "team", "sections": ["stand"]})
    event = AuditEvent.objects.get(subject="voortgangsrapportage (team)")
    assert event.actor == kartrekker
    assert event.school == zonnebloem


def test_long_tables_break_across_pages_and_repeat_their_headings(
    zonnebloem, kartrekker, client_for
):
    first, _last = school_year_of(timezone.localdate())
    for n in range(45):
        TrainingSession.objects.create(
            school=zonnebloem,
            kind=SessionKind.WERKMOMENT,
            title=f"Extra werkmoment {n} met een lange titel die over de regel loopt",
            date=first + timedelta(days=n),
        )
    plan = Actieplan.objects.get(school=zonnebloem)
    for n in range(40):
        Doel.objects.create(actieplan=plan, text=f"Extra doel {n}: " + "een lang doel " * 12)
    response = client_for(kartrekker).get(
        pdf_url(zonnebloem), {"version": "full", "sections": ["stand", "actieplan"]}
    )
    pages = [squash(page) for page in pages_of(response.content)]
    session_pages = [p for p in pages if "extrawerkmoment" in p]
    goal_pages = [p for p in pages if "extradoel" in p]
    assert len(session_pages) >= 2 and len(goal_pages) >= 2
    for page in session_pages:
        assert squash("Datum Trainingsmoment Aanwezig Gemist") in page
    for page in goal_pages:
        assert squash("Doel Stand") in page
    # Every long title is there in full: wrapped, never cut off.
    assert all(f"extrawerkmoment{n}met" in "".join(pages) for n in range(45))
    assert squash("Extra doel 39: " + "een lang doel " * 12) in "".join(pages)
