"""The year-plan and timeline PDFs (tso/reports.py)."""

import re
import shutil
import subprocess
from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from phases.models import ActionStatus, Phase, SessionKind, TimelineAction, TrainingSession
from schools.models import AuditEvent
from tests.factories import MembershipFactory

VLINDER_TEXTS = ["Vlinder", "Stichting Anders", "Vera Bakker", "Koen Visser", "vlinder.example"]
DUTCH_MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftoppm"), reason="pdftoppm missing: apt-get install poppler-utils"
)


def squash(text: str) -> str:
    """Drop all whitespace: a table cell may wrap a title anywhere."""
    return "".join(text.split())


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def pdf_url(name, school):
    return reverse(name, args=[school.slug])


def render_png(pdf: bytes, folder, stem: str) -> list:
    path = folder / f"{stem}.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(path), str(folder / stem)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return sorted(folder.glob(f"{stem}*.png"))


# Year plan -----------------------------------------------------------------


def test_year_plan_pdf_for_zonnebloem(zonnebloem, kartrekker, client_for):
    response = client_for(kartrekker).get(pdf_url("year_plan_pdf", zonnebloem))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="jaarplanning-obs-de-zonnebloem.pdf"'
    )
    pages = pages_of(response.content)
    text = "\n".join(pages)
    t0 = zonnebloem.implementation.t0
    first_year = t0.year if t0.month >= 8 else t0.year - 1
    for expected in [
        "Jaarplanning teamtraining",
        "OBS De Zonnebloem",
        f"Schooljaar {first_year}-{first_year + 1}",
        "start teamtraining (T0)",
        "Introductiepresentatie",
        "Module 1: Trauma en veerkracht bij kinderen",
        "Module 4: Samenwerking en zelfzorg",
        "Werkmoment 3",
        "Teamkamer OBS De Zonnebloem",
        "Hele team",
        "Trainingsgroepen",
        "pagina 1 van",
    ]:
        assert squash(expected) in squash(text), expected
    # Every month of the school year, August to July, in Dutch.
    assert text.index(f"augustus {first_year}") < text.index(f"juli {first_year + 1}")
    for other_school in VLINDER_TEXTS:
        assert other_school not in text
    events = AuditEvent.objects.filter(kind="pdf_downloaded", school=zonnebloem)
    assert [(e.actor, e.subject) for e in events] == [(kartrekker, "jaarplanning")]


def test_year_plan_fits_one_portrait_page_for_the_demo(zonnebloem, kartrekker, client_for):
    reader = PdfReader(
        BytesIO(client_for(kartrekker).get(pdf_url("year_plan_pdf", zonnebloem)).content)
    )

    box = reader.pages[0].mediabox
    assert len(reader.pages) == 1
    assert box.width < box.height


def test_year_plan_without_t0_or_sessions(vlinder, vlinder_kartrekker, client_for):
    vlinder.implementation.t0 = None
    vlinder.implementation.save()

    response = client_for(vlinder_kartrekker).get(pdf_url("year_plan_pdf", vlinder))

    text = "\n".join(pages_of(response.content))
    assert "De start van de teamtraining (T0) is nog niet vastgelegd." in text
    assert "Nog geen trainingsmomenten gepland." in text
    assert "Zonnebloem" not in text


# Timeline ------------------------------------------------------------------


def test_timeline_pdf_for_zonnebloem(zonnebloem, kartrekker, client_for):
    response = client_for(kartrekker).get(pdf_url("timeline_pdf", zonnebloem))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="tijdlijn-obs-de-zonnebloem.pdf"'
    reader = PdfReader(BytesIO(response.content))
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages)
    for expected in [
        "Tijdlijn invoering",
        "OBS De Zonnebloem",
        "Fase 1: Verkennen",
        "Fase 2: Voorbereiden",
        "Fase 3: Uitvoeren",
        "Fase 4: Borgen",
        "Werkgroep TSO vormen en tijd geven",
        "Karim El Amrani",
        "3 acties te laat",
        "te laat",
        "gedaan",
        "pagina 1 van",
    ]:
        assert squash(expected) in squash(text), expected
    assert any(month in text for month in DUTCH_MONTHS)
    assert re.search(r"\d{1,2} (jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec) \d{4}", text)
    for other_school in VLINDER_TEXTS:
        assert other_school not in text
    # A4 landscape, with page header, footer and table header on every page.
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        box = reader.pages[number - 1].mediabox
        assert round(float(box.width)) == 842 and round(float(box.height)) == 595
        assert "OBS De Zonnebloem" in page
        assert f"pagina {number} van {len(pages)}" in page
        assert "Gepland" in page and "Eigenaar" in page
    events = AuditEvent.objects.filter(kind="pdf_downloaded", school=zonnebloem)
    assert [(e.actor, e.subject) for e in events] == [(kartrekker, "tijdlijn")]


def test_only_overdue_actions_are_marked(zonnebloem, kartrekker, client_for):
    TimelineAction.objects.filter(school=zonnebloem).exclude(
        standard_action__code="werkgroep-vormen"
    ).update(status=ActionStatus.GEDAAN)

    text = "\n".join(
        pages_of(client_for(kartrekker).get(pdf_url("timeline_pdf", zonnebloem)).content)
    )

    assert text.count("te laat") == 2  # the summary and the one action


# Everyone who reads the plan may print it; outsiders get nothing ----------


@pytest.mark.parametrize("name", ["year_plan_pdf", "timeline_pdf"])
def test_readers_may_print(name, zonnebloem, bestuurslid, client_for):
    teamlid = MembershipFactory(school=zonnebloem).user

    for reader in (teamlid, bestuurslid):
        response = client_for(reader).get(pdf_url(name, zonnebloem))
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF-")


@pytest.mark.parametrize("name", ["year_plan_pdf", "timeline_pdf"])
def test_outsider_gets_no_pdf(name, zonnebloem, vlinder_kartrekker, client_for):
    response = client_for(vlinder_kartrekker).get(pdf_url(name, zonnebloem))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(kind="pdf_downloaded").exists()


@pytest.mark.parametrize("name", ["year_plan_pdf", "timeline_pdf"])
def test_render_failure_shows_a_friendly_page(name, zonnebloem, kartrekker, client_for, settings):
    settings.PDF_RENDER_TIMEOUT = 0

    response = client_for(kartrekker).get(pdf_url(name, zonnebloem))

    assert response.status_code == 503
    assert "De PDF kon niet worden gemaakt." in response.content.decode()
    assert not AuditEvent.objects.filter(kind="pdf_downloaded").exists()


def test_user_text_is_only_text(zonnebloem, kartrekker, client_for):
    TrainingSession.objects.filter(school=zonnebloem, kind=SessionKind.MODULE_1).update(
        location='<img src="http://127.0.0.1:1/x"> Aula'
    )
    TimelineAction.objects.create(
        school=zonnebloem,
        phase=Phase.objects.get(number=3),
        title="<b>Eigen</b> actie",
        planned_start=zonnebloem.implementation.t0,
        planned_end=zonnebloem.implementation.t0 + timedelta(days=30),
    )
    client = client_for(kartrekker)

    plan = squash("".join(pages_of(client.get(pdf_url("year_plan_pdf", zonnebloem)).content)))
    timeline = squash("".join(pages_of(client.get(pdf_url("timeline_pdf", zonnebloem)).content)))

    assert '<imgsrc="http://127.0.0.1:1/x">Aula' in plan
    assert "<b>Eigen</b>actie" in timeline


# Query counts --------------------------------------------------------------


def test_pdf_queries_do_not_grow(zonnebloem, kartrekker, client_for, django_assert_num_queries):
    client = client_for(kartrekker)
    client.get(pdf_url("year_plan_pdf", zonnebloem))
    counts = {}
    for name in ("year_plan_pdf", "timeline_pdf"):
        with django_assert_num_queries(10 if name == "year_plan_pdf" else 7) as few:
            client.get(pdf_url(name, zonnebloem))
        counts[name] = len(few.captured_queries)

    t0 = zonnebloem.implementation.t0
    for number in range(40):
        TrainingSession.objects.create(
            school=zonnebloem,
            kind=SessionKind.WERKMOMENT,
            title=f"Extra {number}",
            date=t0 + timedelta(days=number),
        ).trainers.set(zonnebloem.memberships.filter(trainer=True))
        TimelineAction.objects.create(
            school=zonnebloem,
            phase=Phase.objects.get(number=1 + number % 4),
            title=f"Eigen actie {number}",
            owner=zonnebloem.memberships.first(),
        )
    for name, count in counts.items():
        with django_assert_num_queries(count):
            response = client.get(pdf_url(name, zonnebloem))
        assert response.status_code == 200


# What they look like -------------------------------------------------------


@needs_poppler
def test_both_pdfs_render_to_png(zonnebloem, kartrekker, client_for, tmp_path):
    client = client_for(kartrekker)

    plan_pngs = render_png(
        client.get(pdf_url("year_plan_pdf", zonnebloem)).content, tmp_path, "jaarplanning"
    )
    timeline_pngs = render_png(
        client.get(pdf_url("timeline_pdf", zonnebloem)).content, tmp_path, "tijdlijn"
    )

    assert plan_pngs and timeline_pngs
    for png in plan_pngs + timeline_pngs:
        assert png.stat().st_size > 1000
        assert png.read_bytes().startswith(b"\x89PNG")
