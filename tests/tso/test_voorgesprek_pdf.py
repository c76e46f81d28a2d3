"""The PDF "Verslag verkennend voorgesprek" (tso/reports.py voorgesprek_pdf)."""

import shutil
import subprocess
import time
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from phases.demo import ZONNEBLOEM_NOTES
from phases.models import VoorgesprekKind
from schools.models import AuditEvent, User

needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftoppm"), reason="pdftoppm missing: apt-get install poppler-utils"
)
HOSTILE = (
    '<script>alert("x")</script><img src="http://127.0.0.1:1/x"> & '
    "Één café, naïef: coöperatie, ĳverig\n"
)


def squash(text: str) -> str:
    """Drop all whitespace and case: a paragraph may wrap anywhere, a label be in capitals."""
    return "".join(text.split()).lower()


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def pdf_url(school, meeting):
    return reverse("voorgesprek_pdf", args=[school.slug, meeting.pk])


@pytest.fixture
def meeting(zonnebloem):
    return zonnebloem.voorgesprekken.get()


def test_the_report_of_the_demo_meeting(meeting, zonnebloem, kartrekker, client_for):
    response = client_for(kartrekker).get(pdf_url(zonnebloem, meeting))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="verslag-verkennend-voorgesprek-{meeting.date:%Y-%m-%d}'
        '-obs-de-zonnebloem.pdf"'
    )
    text = pdf_text(response.content)
    flat = squash(text)
    for expected in [
        "OBS De Zonnebloem",
        "Verslag verkennend voorgesprek",
        "Aan tafel",
        "Sanne de Vries",
        "Trainer (extern)",
        "Deel 1: Kennismaken, verbinden en informatie ophalen",
        "Introductie",
        "Schoolpopulatie",
        "Teaminformatie",
        "Go / Twijfel",
        "Deel 2: Concreet voorbereiden",
        "Kartrekkers TSO",
        "Afspraken",
        "Feedback",
        "Besluit",
        "2 trainingsgroepen van hoogstens 20, 4 trainers nodig.",
        "Uren kartrekker en werkgroep opnemen in de taakverdeling",
        "Karim El Amrani",
        "Meer tijd voor de financiën.",
    ]:
        assert squash(expected) in flat, expected
    assert (
        flat.index(squash("Introductie"))
        < flat.index("besluit")
        < flat.index(squash("Nieuwsbrief over TSO"))
        < flat.index("feedback")
    )
    assert squash("Besluit Go") in flat
    assert squash(ZONNEBLOEM_NOTES["doelgroep"]) in flat
    assert "pagina 1 van" in text
    event = AuditEvent.objects.get(kind="pdf_downloaded", school=zonnebloem)
    assert event.subject == f"voorgesprek {meeting.pk}"


def test_the_praktisch_voorgesprek_has_its_own_title(kompas, trainer, client_for):
    meeting = kompas.voorgesprekken.get(kind=VoorgesprekKind.PRAKTISCH)
    response = client_for(trainer).get(pdf_url(kompas, meeting))
    flat = squash(pdf_text(response.content))
    assert squash("Verslag praktisch voorgesprek") in flat
    assert squash("Nog geen besluit") in flat and squash("Geen afspraken vastgelegd.") in flat


def test_a_long_hostile_note_is_printed_as_text_in_full(meeting, zonnebloem, trainer, client_for):
    note = (HOSTILE * 700)[:49_990] + "EINDE-NOTE"
    prompt = meeting.prompts.get(agenda_prompt__code="waarom-tso")
    prompt.notes = note
    prompt.save()

    started = time.monotonic()
    response = client_for(trainer).get(pdf_url(zonnebloem, meeting))
    took = time.monotonic() - started

    assert response.status_code == 200
    flat = squash(pdf_text(response.content))
    assert squash('<script>alert("x")</script><img src="http://127.0.0.1:1/x"> &') in flat
    assert flat.count(squash("coöperatie, ĳverig")) == note.count("coöperatie, ĳverig")
    assert "einde-note" in flat  # nothing cut off
    assert took < 20


def test_board_members_get_only_the_decision_and_the_afspraken(
    meeting, zonnebloem, bestuurslid, client_for
):
    response = client_for(bestuurslid).get(pdf_url(zonnebloem, meeting))

    assert response.status_code == 200
    flat = squash(pdf_text(response.content))
    assert squash("besluit en afspraken") in flat
    assert squash("Besluit Go") in flat
    assert squash("Studiedagen voor de vier modules in de jaarplanning zetten") in flat
    for note in ZONNEBLOEM_NOTES.values():
        assert squash(note)[:40] not in flat
    assert squash("Aan tafel") not in flat and "deel1" not in flat
    assert squash("De voorwaarden zijn goed genoeg") not in flat


def test_twijfel_shows_what_must_improve_and_the_next_meeting(vlinder, client_for):
    leader = User.objects.get(email="schoolleider@vlinder.example")
    meeting = vlinder.voorgesprekken.get()
    flat = squash(pdf_text(client_for(leader).get(pdf_url(vlinder, meeting)).content))
    assert squash("Besluit Twijfel") in flat
    assert squash("Wat moet er eerst beter Verzuim en werkdruk eerst omlaag") in flat
    assert "vervolggesprek:" in flat


def test_outsiders_get_404(meeting, zonnebloem, vlinder, vlinder_kartrekker, client_for):
    client = client_for(vlinder_kartrekker)
    assert client.get(pdf_url(zonnebloem, meeting)).status_code == 404
    assert client.get(pdf_url(vlinder, meeting)).status_code == 404
    assert not AuditEvent.objects.filter(kind="pdf_downloaded").exists()


def test_a_render_failure_shows_a_friendly_page(
    meeting, zonnebloem, kartrekker, client_for, settings
):
    settings.PDF_RENDER_TIMEOUT = 0
    response = client_for(kartrekker).get(pdf_url(zonnebloem, meeting))
    assert response.status_code == 503
    assert "De PDF kon niet worden gemaakt." in response.content.decode()


def test_pdf_queries_do_not_grow_with_prompts(
    meeting, zonnebloem, kartrekker, client_for, django_assert_num_queries
):
    client = client_for(kartrekker)
    client.get(pdf_url(zonnebloem, meeting))
    theme = meeting.themes.first()
    # session, user, access, meeting, afspraken, themes, prompts, kartrekkers,
    # participants, the audit event
    with django_assert_num_queries(10):
        client.get(pdf_url(zonnebloem, meeting))
    for n in range(30):
        meeting.prompts.create(
            theme=theme, own_text=f"Eigen vraag {n}", order=100 + n, notes="Notitie"
        )
    with django_assert_num_queries(10):
        response = client.get(pdf_url(zonnebloem, meeting))
    assert "eigenvraag29" in squash(pdf_text(response.content))


@needs_poppler
def test_the_report_renders_to_png(meeting, zonnebloem, kartrekker, client_for, tmp_path):
    path = tmp_path / "verslag.pdf"
    path.write_bytes(client_for(kartrekker).get(pdf_url(zonnebloem, meeting)).content)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(path), str(tmp_path / "verslag")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    pngs = sorted(tmp_path.glob("verslag*.png"))
    assert 2 <= len(pngs) <= 8
    for png in pngs:
        assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 1000
