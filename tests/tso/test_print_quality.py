"""Every PDF kind the product prints, held to one print standard, for every demo school.

For each kind of tso/report_kinds.py and each demo school, a person who may
print it downloads the newest copy through the browser's route, and the PDF
is measured (tests/tso/pdf_checks.py): A4 pages, only the bundled font and
embedded, "pagina X van Y" and the printed date in each page's footer, the
school's name in each page's header, the expected headings and values, dates
the Dutch way ("24 november 2026"), no text of another school, and no text
running off the page. Two long tables show their column headings on every page.

`test_preview_png` renders every page of every kind to PNG (pdftoppm) in a
folder a reviewer can open: $TSO_PDF_PREVIEW_DIR if set, otherwise
<pytest's temporary folder>/pdf-previews (the path is printed with -s).
"""

import os
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from actieplan.models import Actiepunt, Section
from phases.models import Phase, SessionKind, TimelineAction, TrainingSession
from schools.access import school_access
from schools.models import Bestuur, BoardMembership, Membership, School, User
from tests.tso.pdf_checks import (
    fonts,
    foreign_dates,
    have_poppler,
    page_count,
    pages,
    squash,
    to_png,
)
from tso.report_kinds import BY_KEY, KINDS, Lister, get_kind

pytestmark = pytest.mark.skipif(
    not have_poppler(), reason="poppler-utils missing (pdftotext, pdffonts): apt-get install"
)

SCHOOL = "OBS De Zonnebloem"
DOMAINS = {
    "OBS De Zonnebloem": "zonnebloem.example",
    "SO Het Kompas": "kompas.example",
    "SBO De Vlinder": "vlinder.example",
}
# Who prints each kind: a person whose role may. The leader checklist is the
# schoolleiding's (they take part); everything else the school's kartrekker.
PRINTER = {"checklist-team": "schoolleider", "checklist-eigen": "schoolleider"}
# Headings each kind must show (case and line breaks ignored).
HEADINGS = {
    "voortgang": ["Voortgangsrapportage"],
    "schooloverzicht": ["Schooloverzicht", "Mensen per rol", "Kartrekker"],
    "jaarplanning": ["Jaarplanning teamtraining", "Trainingsgroepen"],
    "tijdlijn": ["Tijdlijn invoering", "Fase 1: Verkennen", "Fase 4: Borgen"],
    "verslag": ["Verslag", "Besluit"],
    "profiel": ["Profiel Ontwikkelmodel TSO"],
    "gezamenlijk": ["Gespreksformulier", "gezamenlijke uitkomst"],
    "gespreksformulier": ["Gespreksformulier", "eigen inschatting"],
    "ontwikkelmodel": ["Het Ontwikkelmodel TSO", "Groeilaag 1"],
    "checklist-team": ["Checklist leidinggevenden", "teamresultaat", "Verdeling per stelling"],
    "checklist-eigen": ["Checklist leidinggevenden", "eigen resultaat"],
    "actieplan": ["Actieplan", "Doelen voor de komende zes maanden"],
    "notulen": ["Notulen", "Agenda"],
    "werkmoment": ["Werkmoment"],
}
# Kinds whose listed title (a ronde's, a plan's, a meeting's) is printed in the PDF.
TITLE_PRINTED = {
    "gezamenlijk",
    "gespreksformulier",
    "checklist-team",
    "checklist-eigen",
    "actieplan",
}
# Kinds whose listed date is printed in the PDF.
DATE_PRINTED = {"verslag", "gezamenlijk", "notulen"}

KEYS = [kind.key for kind in KINDS]

# The PDFs are rendered once per test session and measured by two tests: the
# demo data is the same in every test (each test's changes roll back).
_rendered: dict[str, list] = {}


def _printer(school: School, key: str) -> User:
    role = PRINTER.get(key, "kartrekker")
    return User.objects.get(email=f"{role}@{DOMAINS[school.name]}")


def _newest_copy(school: School, kind):
    """(user, printable) of the newest copy the printer may print, or None."""
    user = _printer(school, kind.key)
    access = school_access(user, school.slug)
    assert kind.may_print(user, access), (kind.key, user.email)
    copies = kind.instances(Lister(access, user), kind)
    return (user, copies[0]) if copies else None


def _pdfs(demo, client_for, key: str) -> list[tuple]:
    """(school, kind, printable, pdf) for every demo school with a copy of this kind."""
    kind = get_kind(key)
    if kind is None:
        pytest.skip(f"{key}: its URL {BY_KEY[key].url_name!r} is not in this installation yet")
    if key not in _rendered:
        found = []
        schools = [demo[name] for name in DOMAINS] if kind.school_scoped else [demo[SCHOOL]]
        for school in schools:
            newest = _newest_copy(school, kind)
            if newest is None:
                continue  # nothing of this kind at this demo school
            user, copy = newest
            response = client_for(user).get(copy.url)
            assert response.status_code == 200, (copy.url, response.status_code)
            assert response["Content-Type"] == "application/pdf"
            found.append((school, kind, copy, response.content))
        _rendered[key] = found
    assert _rendered[key], f"no demo school has a {key} to print"
    return _rendered[key]


def _today() -> str:
    with translation.override("nl"):
        return formats.date_format(timezone.localdate(), "j F Y")


def _foreign_texts(school: School) -> set[str]:
    """What belongs to other schools only: their people (names, e-mail addresses),
    their BRIN codes, and the schools and boards of other boards.

    Schools of the same board may name each other in their own notes (the demo's
    Zonnebloem works with SO Het Kompas), so a sister school's name is not a leak;
    its people and its BRIN code are.
    """
    others = School.objects.exclude(pk=school.pk)
    texts = {other.name for other in others.exclude(bestuur=school.bestuur_id)}
    texts |= {f" {other.brin} " for other in others}
    texts |= set(Bestuur.objects.exclude(pk=school.bestuur_id).values_list("name", flat=True))
    ours = set(Membership.objects.filter(school=school).values_list("user_id", flat=True))
    ours |= set(
        BoardMembership.objects.filter(bestuur=school.bestuur_id).values_list("user_id", flat=True)
    )
    for membership in (
        Membership.objects.filter(school__in=others)
        .exclude(user_id__in=ours)
        .select_related("user")
    ):
        texts |= {membership.user.email, membership.user.full_name} - {""}
    return texts


def _leaks(texts: set[str], text: str) -> list[str]:
    flat = squash(text).casefold()
    spaced = f" {' '.join(text.split())} "
    return sorted(
        t for t in texts if (t in spaced if t.startswith(" ") else squash(t).casefold() in flat)
    )


@pytest.mark.parametrize("key", KEYS)
def test_print_quality(key, demo, client_for, tmp_path):
    for school, kind, copy, pdf in _pdfs(demo, client_for, key):
        _measure(school, kind, copy, pdf, tmp_path)


def _measure(school, kind, copy, pdf, tmp_path):
    key = kind.key
    measured = pages(pdf, tmp_path)
    total = len(measured)
    header_name = school.name if kind.school_scoped else "Ontwikkelmodel TSO"

    assert total >= 1
    for page in measured:
        where = f"{key} {school.slug} page {page.number} of {total}"
        assert page.is_a4, (where, page.width, page.height)
        if page.number == 1 and not page.header.strip():
            # A cover page (the progress report's) has no running header: the
            # school's name is on the page itself.
            assert squash(header_name) in squash(page.body), (where, "cover without school")
        else:
            assert squash(header_name) in squash(page.header), (where, page.header)
        assert f"pagina {page.number} van {total}" in page.footer, (where, page.footer)
        assert f"Afgedrukt op {_today()}" in page.footer, (where, page.footer)
        assert page.words_near_the_edge() == [], (where, page.words_near_the_edge()[:5])

    for name, embedded in fonts(pdf, tmp_path):
        assert "sourcesans" in name.replace("-", "").lower(), (key, name, "not the bundled font")
        assert embedded, (key, name, "not embedded")

    text = " ".join(page.text for page in measured)
    flat = squash(text).casefold()
    for heading in HEADINGS[key]:
        assert squash(heading).casefold() in flat, (key, school.slug, heading)
    if key in TITLE_PRINTED:
        assert squash(copy.title).casefold() in flat, (key, school.slug, copy.title)
    if key in DATE_PRINTED and copy.day:
        with translation.override("nl"):
            day = formats.date_format(copy.day, "j F Y")
        assert squash(day).casefold() in flat, (key, school.slug, day)
    assert foreign_dates(text) == [], (key, school.slug)
    assert _leaks(_foreign_texts(school), text) == [], (key, school.slug)


def test_every_kind_is_measured_at_zonnebloem(zonnebloem):
    """The quality test above really prints each kind: Zonnebloem has a copy of every one."""
    missing = []
    for kind in KINDS:
        if get_kind(kind.key) is None:
            continue
        user = _printer(zonnebloem, kind.key)
        access = school_access(user, zonnebloem.slug)
        if not kind.may_print(user, access) or not kind.instances(Lister(access, user), kind):
            missing.append(kind.key)
    assert missing == []


@pytest.fixture(scope="session")
def preview_dir(tmp_path_factory):
    wanted = os.environ.get("TSO_PDF_PREVIEW_DIR")
    folder = Path(wanted) if wanted else tmp_path_factory.mktemp("pdf-previews", numbered=False)
    print(f"\nPDF previews (PNG per page): {folder}")
    return folder


@pytest.mark.skipif(
    not shutil.which("pdftoppm"), reason="pdftoppm missing: apt-get install poppler-utils"
)
@pytest.mark.parametrize("key", KEYS)
def test_preview_png(key, demo, client_for, preview_dir):
    for school, _kind, _copy, pdf in _pdfs(demo, client_for, key):
        stem = f"{key}-{school.slug}"

        images = to_png(pdf, preview_dir, stem)

        assert len(images) == page_count(pdf), stem
        assert all(image.stat().st_size > 2000 for image in images), images


# Long tables break across pages and repeat their column headings ---------------


def test_long_timeline_repeats_its_headings_on_every_page(
    zonnebloem, kartrekker, client_for, tmp_path
):
    phase = Phase.objects.get(number=3)
    TimelineAction.objects.bulk_create(
        TimelineAction(
            school=zonnebloem,
            phase=phase,
            title=f"Eigen actie nummer {n} met een titel die over twee regels loopt in de tabel",
        )
        for n in range(90)
    )

    response = client_for(kartrekker).get(reverse("timeline_pdf", args=[zonnebloem.slug]))

    measured = pages(response.content, tmp_path)
    carrying = [p for p in measured if "Eigen actie nummer" in p.body]
    assert len(carrying) >= 3
    for page in carrying:
        assert "Fase 3: Uitvoeren" in page.body, page.number
        for column in ("Actie", "Gepland", "Eigenaar", "Status", "Gedaan op"):
            assert column in page.body, (page.number, column)
        assert f"pagina {page.number} van {len(measured)}" in page.footer
        assert "OBS De Zonnebloem" in page.header
    numbers = [int(n) for n in " ".join(p.body for p in carrying).split() if n.isdigit()]
    assert set(range(90)) <= set(numbers)  # every row printed, none lost at a page break


def test_long_year_plan_repeats_its_headings_on_every_page(
    zonnebloem, kartrekker, client_for, tmp_path
):
    start = date(2026, 9, 7)
    TrainingSession.objects.bulk_create(
        TrainingSession(
            school=zonnebloem,
            kind=SessionKind.WERKMOMENT,
            title=f"Extra werkmoment {n}",
            date=start + timedelta(days=3 * n),
            location="Aula",
        )
        for n in range(70)
    )

    response = client_for(kartrekker).get(reverse("year_plan_pdf", args=[zonnebloem.slug]))

    measured = pages(response.content, tmp_path)
    carrying = [p for p in measured if "Extra werkmoment" in p.body]
    assert len(carrying) >= 2
    for page in carrying:
        for column in ("Maand", "Datum en tijd", "Trainingsmoment", "Locatie en groepen"):
            assert column in page.body, (page.number, column)
        assert f"pagina {page.number} van {len(measured)}" in page.footer
    assert foreign_dates(" ".join(p.text for p in measured)) == []


def test_long_actieplan_numbers_its_pages_and_repeats_its_headings(
    zonnebloem, kartrekker, client_for, tmp_path
):
    plan = zonnebloem.actieplannen.get()
    Actiepunt.objects.bulk_create(
        Actiepunt(
            actieplan=plan,
            section=section,
            title=f"Extra actiepunt {section} {n}",
            monitoring="In de werkgroep, elke twee maanden, met een korte peiling in het team.",
            order=100 + n,
        )
        for section in Section.values
        for n in range(15)
    )

    response = client_for(kartrekker).get(reverse("actieplan_pdf", args=[zonnebloem.slug, plan.pk]))

    measured = pages(response.content, tmp_path)
    assert len(measured) >= 6
    for page in measured:
        assert page.is_a4 and page.landscape, page.number
        assert "OBS De Zonnebloem" in page.header, page.number
        assert f"pagina {page.number} van {len(measured)}" in page.footer, page.number
        if "Extra actiepunt" in page.body:
            for column in ("Actiepunt", "verantwoordelijk?", "gemonitord?"):
                assert column in page.body, (page.number, column)
    printed = " ".join(p.body for p in measured)
    for section in Section.values:
        for n in range(15):
            assert f"Extra actiepunt {section} {n}" in printed
