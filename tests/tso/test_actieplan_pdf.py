"""The printed actieplan and the minutes of a bijeenkomst (tso/actieplan_reports.py)."""

from datetime import time, timedelta
from io import BytesIO
from unittest import mock

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from actieplan.models import Actieplan, Actiepunt, Bijeenkomst, Section, Stap, Status, Update
from schools.models import AuditEvent, Membership, User
from tso import actieplan_reports, pdf_cache
from tso.actieplan_reports import STYLESHEET, plan_context, plan_parts
from tso.pdf import PdfRenderError

COLUMNS = [
    "Actiepunt",
    "Welke stappen zijn er?",
    "Wie is verantwoordelijk?",
    "Wanneer afgerond?",
    "Hoe wordt uitvoering gemonitord?",
    "Notities/Updates",
]
MEETING_HEADER = [
    "Bijeenkomsten",
    "Datum",
    "Tijd (begin en eind)",
    "Locatie",
    "Voorzitter",
    "Tijdbewaker",
    "Notulist",
    "Huidige bijeenkomst",
    "Volgende bijeenkomst",
]
HOSTILE = '<script>alert("x")</script><img src="http://127.0.0.1:1/x"> & Één café, coöperatie'
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


@pytest.fixture(autouse=True)
def empty_pdf_cache():
    pdf_cache.pdf_cache().clear()
    yield
    pdf_cache.pdf_cache().clear()


def squash(text: str) -> str:
    """Drop all whitespace and case: a cell may wrap anywhere."""
    return "".join(text.split()).lower()


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def flat(pdf: bytes) -> str:
    return squash("\n".join(pages_of(pdf)))


@pytest.fixture
def plan(zonnebloem) -> Actieplan:
    return Actieplan.objects.get(school=zonnebloem)


@pytest.fixture
def two_cpus(monkeypatch):
    """Long plans render in two parts on a machine with two CPUs or more."""
    monkeypatch.setattr(actieplan_reports, "_cpus", lambda: 2)


def add_actiepunten(plan, member, count: int, section=Section.RELATIES_BOUWEN) -> None:
    for number in range(count):
        actiepunt = Actiepunt.objects.create(
            actieplan=plan,
            section=section,
            title=f"Extra actiepunt {number}: ouders vertellen wat TSO voor de school betekent",
            monitoring="De werkgroep bespreekt elke maand wat er gedaan is en wat er nog moet.",
            due_date=timezone.localdate() + timedelta(days=number),
            order=100 + number,
        )
        actiepunt.responsible.add(member)
        Stap.objects.bulk_create(
            Stap(actiepunt=actiepunt, text=f"Stap {step} van het plan uitvoeren", order=step)
            for step in range(4)
        )


def plan_url(school, plan):
    return reverse("actieplan_pdf", args=[school.slug, plan.pk])


def minutes_url(school, plan, meeting):
    return reverse("bijeenkomst_pdf", args=[school.slug, plan.pk, meeting.pk])


def test_the_demo_plan_in_the_handbooks_layout(zonnebloem, plan, kartrekker, client_for):
    response = client_for(kartrekker).get(plan_url(zonnebloem, plan))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="actieplan-actieplan-tso-{plan.starts_on.year}-'
        f'{plan.ends_on.year}-obs-de-zonnebloem.pdf"'
    )
    reader = PdfReader(BytesIO(response.content))
    first = reader.pages[0]
    assert first.mediabox.width > first.mediabox.height  # landscape A4
    pages = [page.extract_text() for page in reader.pages]
    text = squash("\n".join(pages))
    # The meetings header, then goals, milestones and the four section tables.
    for expected in [
        "OBS De Zonnebloem",
        "Actieplan implementatie TSO",
        plan.title,
        *MEETING_HEADER,
        "Doelen voor de komende zes maanden",
        "Doelen op lange termijn",
        "Mijlpalen: dit hebben we bereikt",
        *COLUMNS,
        "Kennisontwikkeling",
        "Richting geven",
        "Relaties bouwen",
        "Regulatie bevorderen",
    ]:
        assert squash(expected) in text, expected
    assert (
        text.index("bijeenkomsten")
        < text.index(squash("Doelen voor de komende zes maanden"))
        < text.index("kennisontwikkeling")
        < text.index(squash("Richting geven"))
        < text.index(squash("Relaties bouwen"))
        < text.index(squash("Regulatie bevorderen"))
    )
    # The school's people and their work, with Dutch dates and the statuses.
    for expected in [
        "Karim El Amrani",
        "Wendy Jansen",
        "Ilse Mulder",
        "Goedgekeurd op",
        "Sanne de Vries",
        "volgende evaluatie",
        "Vaste aanpak na een incident in de klas",
        "Lijst met tien kernbegrippen uit de training opstellen",
        "Geheugenkaartje is gedrukt",
        "Korte peiling in de teamvergadering",
        "over de datum",
        "afgerond",
        "gestopt",
        "Gestopt: Na overleg met de MR verschoven",
        "Doel bereikt",
    ]:
        assert squash(expected) in text, expected
    today = timezone.localdate()
    assert squash(f"Afgedrukt op {today.day} {DUTCH_MONTHS[today.month - 1]} {today.year}") in text
    assert squash(f"pagina 1 van {len(pages)}") in squash(pages[0])


def test_meeting_header_names_current_and_next_meeting(zonnebloem, plan, kartrekker, client_for):
    today = timezone.localdate()
    current = plan.bijeenkomsten.filter(date__lte=today).order_by("-date").first()
    upcoming = plan.bijeenkomsten.filter(date__gt=today).get()

    pdf = client_for(kartrekker).get(plan_url(zonnebloem, plan)).content

    first_page = squash(pages_of(pdf)[0])
    for meeting in (current, upcoming):
        assert squash(meeting.location) in first_page
        assert squash(f"{meeting.date.day} {DUTCH_MONTHS[meeting.date.month - 1]}") in first_page
        assert squash(meeting.voorzitter.user.full_name) in first_page
    assert squash("15:15 – 16:45") in first_page


def test_hostile_text_is_printed_literally(zonnebloem, plan, kartrekker, client_for):
    actiepunt = Actiepunt.objects.create(
        actieplan=plan,
        section=Section.KENNISONTWIKKELING,
        title=HOSTILE,
        monitoring="Lang " * 400,
        due_date=timezone.localdate() + timedelta(days=10),
    )
    Stap.objects.create(actiepunt=actiepunt, text=HOSTILE)
    Update.objects.create(actiepunt=actiepunt, text=("woord " * 660) + "EINDE", author_name="Wendy")

    response = client_for(kartrekker).get(plan_url(zonnebloem, plan))

    assert response.status_code == 200
    text = flat(response.content)
    assert squash('<script>alert("x")</script>') in text
    assert squash('<img src="http://127.0.0.1:1/x">') in text
    assert squash("Één café, coöperatie") in text
    assert "einde" in text


def test_fifty_thousand_characters_of_minutes(zonnebloem, plan, kartrekker, client_for):
    meeting = plan.bijeenkomsten.order_by("date").first()
    long_word = "x" * 3000  # no space to break at: it must wrap, not run off the page
    meeting.minutes = HOSTILE + "\n\n" + long_word + " " + "tekst " * 7900 + "SLOT"
    assert len(meeting.minutes) >= 50_000
    meeting.save()

    response = client_for(kartrekker).get(minutes_url(zonnebloem, plan, meeting))

    assert response.status_code == 200
    pages = pages_of(response.content)
    assert len(pages) > 5
    text = squash("\n".join(pages))
    assert squash('<script>alert("x")</script>') in text
    assert text.endswith("slot") or "slot" in text[-200:]


def test_sixty_actiepunten_break_across_pages_with_repeated_headers(
    zonnebloem, plan, kartrekker, client_for, two_cpus
):
    member = Membership.objects.get(school=zonnebloem, user=kartrekker)
    add_actiepunten(plan, member, 60)

    with mock.patch("tso.pdf_cache.html_parts_to_pdf", wraps=pdf_cache.html_parts_to_pdf) as parts:
        pdf = client_for(kartrekker).get(plan_url(zonnebloem, plan)).content
    assert parts.call_count == 1  # rendered in two parts at once

    pages = [squash(text) for text in pages_of(pdf)]
    assert len(pages) >= 8
    with_columns = [p for p in pages if squash("Welke stappen zijn er?") in p]
    with_section = [p for p in pages if squash("Relaties bouwen") in p]
    assert len(with_columns) >= 6
    # The section name heads the table on every page it runs onto.
    assert len(with_section) >= 5
    assert all(squash("Welke stappen zijn er?") in p for p in with_section)
    # Every actiepunt once, in order, although the parts were laid out apart.
    text = "".join(pages)
    found = [text.find(squash(f"Extra actiepunt {number}:")) for number in range(60)]
    assert -1 not in found
    assert found == sorted(found)
    assert all(text.count(squash(f"Extra actiepunt {number}:")) == 1 for number in range(60))
    # Numbered as one document, with the school in the header of every page.
    for number, page in enumerate(pages, 1):
        assert squash(f"pagina {number} van {len(pages)}") in page
        assert squash("OBS De Zonnebloem") in page
    assert pages[0].count(squash("Actieplan implementatie Traumasensitief Onderwijs")) == 1
    assert all(squash("Mijlpalen") not in page for page in pages[1:])


def test_a_long_plan_is_split_where_its_text_is_halved(zonnebloem, plan, kartrekker, two_cpus):
    member = Membership.objects.get(school=zonnebloem, user=kartrekker)
    add_actiepunten(plan, member, 40)
    context = plan_context(plan, timezone.localdate(), full=True)

    first, second = plan_parts(context)

    assert not first.get("continuation")
    assert second["continuation"] is True
    everything = [a.pk for section in context["sections"] for a in section["actiepunten"]]
    split = [a.pk for part in (first, second) for s in part["sections"] for a in s["actiepunten"]]
    assert split == everything
    # A section on both sides continues in the second part under its own heading.
    before = [s["label"] for s in first["sections"]]
    after = [s["label"] for s in second["sections"]]
    if before[-1] == after[0]:
        after = after[1:]
    assert before + after == [s["label"] for s in context["sections"]]
    assert second["sections"][0]["actiepunten"]
    weights = [
        sum(actieplan_reports._row_lines(a) for s in part["sections"] for a in s["actiepunten"])
        for part in (first, second)
    ]
    assert weights[0] < weights[1]  # the first part also has the title block
    assert abs(weights[0] - weights[1]) < 0.3 * sum(weights)


def test_short_plans_and_the_progress_version_render_in_one_part(
    zonnebloem, plan, kartrekker, two_cpus
):
    assert len(plan_parts(plan_context(plan, timezone.localdate(), full=True))) == 1
    member = Membership.objects.get(school=zonnebloem, user=kartrekker)
    add_actiepunten(plan, member, 40)
    assert len(plan_parts(plan_context(plan, timezone.localdate(), full=False))) == 1
    assert len(plan_parts(plan_context(plan, timezone.localdate(), full=True))) == 2


def test_one_cpu_renders_in_one_part(zonnebloem, plan, kartrekker, monkeypatch):
    monkeypatch.setattr(actieplan_reports, "_cpus", lambda: 1)
    member = Membership.objects.get(school=zonnebloem, user=kartrekker)
    add_actiepunten(plan, member, 40)
    assert len(plan_parts(plan_context(plan, timezone.localdate(), full=True))) == 1


def test_only_the_schools_own_data(zonnebloem, kompas, plan, kartrekker, client_for):
    other = Actieplan.objects.create(
        school=kompas,
        title="Plan van Het Kompas",
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
    )
    Actiepunt.objects.create(
        actieplan=other, section=Section.RICHTING_GEVEN, title="Geheim actiepunt van Kompas"
    )
    client = client_for(kartrekker)

    text = flat(client.get(plan_url(zonnebloem, plan)).content)

    assert "kompas" not in text
    # Another school's plan through this school's address: not found.
    assert client.get(plan_url(zonnebloem, other)).status_code == 404
    meeting = Bijeenkomst.objects.create(
        actieplan=other, date=plan.starts_on, start_time=time(9), end_time=time(10)
    )
    assert client.get(minutes_url(zonnebloem, plan, meeting)).status_code == 404
    assert client.get(minutes_url(zonnebloem, other, meeting)).status_code == 404


@pytest.mark.parametrize(
    "email",
    [
        "kartrekker@zonnebloem.example",
        "werkgroep@zonnebloem.example",
        "schoolleider@zonnebloem.example",
        "trainer@example.org",
        "trainer@zonnebloem.example",
        "anouk.peters@zonnebloem.example",  # teamlid: reads the plan
    ],
)
def test_members_print_the_whole_plan_and_the_minutes(email, zonnebloem, plan, client_for):
    client = client_for(User.objects.get(email=email))
    meeting = plan.bijeenkomsten.order_by("date").first()

    response = client.get(plan_url(zonnebloem, plan))
    assert response.status_code == 200
    assert squash("Welke stappen zijn er?") in flat(response.content)
    assert client.get(minutes_url(zonnebloem, plan, meeting)).status_code == 200


def test_board_members_print_goals_and_progress_only(zonnebloem, plan, bestuurslid, client_for):
    client = client_for(bestuurslid)
    meeting = plan.bijeenkomsten.order_by("date").first()

    response = client.get(plan_url(zonnebloem, plan))

    assert response.status_code == 200
    assert "voortgang-actieplan" in response["Content-Disposition"]
    text = flat(response.content)
    for expected in [
        "Voortgang actieplan",
        "Doelen voor de komende zes maanden",
        "Mijlpalen",
        "Kennisontwikkeling",
        "Wanneer afgerond?",
        "Status",
        "Vaste aanpak na een incident in de klas",
    ]:
        assert squash(expected) in text, expected
    # No people, steps, monitoring, notes or meetings.
    for hidden in [
        "Welke stappen zijn er?",
        "Notities/Updates",
        "Bijeenkomsten",
        "Karim El Amrani",
        "Wendy Jansen",
        "Geheugenkaartje",
        "Korte peiling",
    ]:
        assert squash(hidden) not in text, hidden
    assert client.get(minutes_url(zonnebloem, plan, meeting)).status_code == 403


def test_outsiders_get_not_found(zonnebloem, plan, vlinder_kartrekker, client_for, client):
    outsider = client_for(vlinder_kartrekker)
    meeting = plan.bijeenkomsten.first()
    assert outsider.get(plan_url(zonnebloem, plan)).status_code == 404
    assert outsider.get(minutes_url(zonnebloem, plan, meeting)).status_code == 404
    # Not logged in: to the login page.
    assert client.get(plan_url(zonnebloem, plan)).status_code == 302


def test_the_minutes_of_a_meeting(zonnebloem, plan, werkgroeplid, client_for):
    meeting = plan.bijeenkomsten.order_by("date").first()
    client = client_for(werkgroeplid)

    response = client.get(minutes_url(zonnebloem, plan, meeting))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'inline; filename="notulen-werkgroep-{meeting.date:%Y-%m-%d}-obs-de-zonnebloem.pdf"'
    )
    reader = PdfReader(BytesIO(response.content))
    assert reader.pages[0].mediabox.width < reader.pages[0].mediabox.height  # portrait
    text = flat(response.content)
    for expected in [
        "Notulen bijeenkomst werkgroep TSO",
        "OBS De Zonnebloem",
        plan.title,
        "Datum",
        f"{meeting.date.day} {DUTCH_MONTHS[meeting.date.month - 1]} {meeting.date.year}",
        "Tijd",
        "15:15 – 16:45",
        "Locatie",
        meeting.location,
        "Voorzitter",
        meeting.voorzitter.user.full_name,
        "Tijdbewaker",
        meeting.tijdbewaker.user.full_name,
        "Notulist",
        meeting.notulist.user.full_name,
        "Agenda",
        "Terugblik op de studiemiddag over veiligheid",
        "Notulen",
        "Het rooster is rond",
    ]:
        assert squash(expected) in text, expected
    assert text.index("agenda") < text.index(squash("Het rooster is rond"))

    upcoming = plan.bijeenkomsten.filter(date__gt=timezone.localdate()).get()
    later = flat(client.get(minutes_url(zonnebloem, plan, upcoming)).content)
    assert squash("Deze bijeenkomst moet nog plaatsvinden.") in later
    assert (
        AuditEvent.objects.filter(
            kind=AuditEvent.Kind.PDF_DOWNLOADED, school=zonnebloem, subject__startswith="notulen"
        ).count()
        == 2
    )


def test_an_unchanged_plan_comes_from_the_cache(zonnebloem, plan, kartrekker, client_for):
    client = client_for(kartrekker)
    url = plan_url(zonnebloem, plan)
    with mock.patch("tso.pdf_cache.html_to_pdf", wraps=pdf_cache.html_to_pdf) as render:
        first = client.get(url).content
        second = client.get(url).content
        assert render.call_count == 1
        assert second == first
        # Logging in again (a new last_login) changes nothing printed.
        assert client_for(kartrekker).get(url).content == first
        assert render.call_count == 1

        # Any change to what the plan shows makes a new document.
        step = Stap.objects.filter(actiepunt__actieplan=plan, done_at__isnull=True).first()
        step.done_at = timezone.now()
        step.save()
        third = client.get(url).content
        assert render.call_count == 2
        assert third != first

        kartrekker.full_name = "Karim El Amrani-Bakker"
        kartrekker.save()
        assert squash("El Amrani-Bakker") in flat(client.get(url).content)
        assert render.call_count == 3
    # Every download is recorded, from the cache or not.
    assert (
        AuditEvent.objects.filter(
            kind=AuditEvent.Kind.PDF_DOWNLOADED, school=zonnebloem, subject=f"actieplan {plan.pk}"
        ).count()
        == 5
    )


def test_members_and_board_get_their_own_cached_document(
    zonnebloem, plan, kartrekker, bestuurslid, client_for
):
    full = client_for(kartrekker).get(plan_url(zonnebloem, plan)).content
    progress = client_for(bestuurslid).get(plan_url(zonnebloem, plan)).content
    assert full != progress
    assert squash("Welke stappen zijn er?") not in flat(progress)


def test_cache_keys_belong_to_one_school(zonnebloem, plan):
    data = plan_context(plan, timezone.localdate(), full=True)
    keys = {
        pdf_cache.cache_key(
            scope=f"school-{pk}",
            templates=("tso/pdf/actieplan.html",),
            stylesheets=(),
            data=data,
        )
        for pk in (1, 2)
    }
    assert len(keys) == 2


def test_the_template_shows_only_what_the_fingerprint_covers(zonnebloem, django_assert_num_queries):
    """The cache key hashes the context; a template that queried more could go stale."""
    plan = Actieplan.objects.get(school=zonnebloem)  # as the view loads it: nothing selected
    context = plan_context(plan, timezone.localdate(), full=True)
    context.update(school=zonnebloem, printed_at=timezone.localdate(), stylesheet=STYLESHEET)
    with django_assert_num_queries(0):
        html = render_to_string("tso/pdf/actieplan.html", context)
    assert "Kennisontwikkeling" in html
    meeting = plan.bijeenkomsten.select_related(
        "voorzitter__user", "tijdbewaker__user", "notulist__user"
    ).first()
    with django_assert_num_queries(0):
        render_to_string(
            "tso/pdf/bijeenkomst.html",
            {"plan": plan, "meeting": meeting, "today": timezone.localdate(), "school": zonnebloem},
        )


def test_the_same_queries_for_a_small_and_a_large_plan(
    zonnebloem, plan, kartrekker, client_for, django_assert_num_queries
):
    client = client_for(kartrekker)
    url = plan_url(zonnebloem, plan)
    client.get(url)
    # Session, user, membership, plan, actiepunten, people, steps, updates,
    # goals, accents, evaluations, two for the meetings, the audit record.
    queries = 14
    with django_assert_num_queries(queries):
        client.get(url)  # from the cache
    member = Membership.objects.get(school=zonnebloem, user=kartrekker)
    for number in range(30):
        actiepunt = Actiepunt.objects.create(
            actieplan=plan, section=Section.KENNISONTWIKKELING, title=f"Nog een {number}"
        )
        actiepunt.responsible.add(member)
        Stap.objects.create(actiepunt=actiepunt, text="Een stap")
        Update.objects.create(actiepunt=actiepunt, text="Een notitie", author_name="Karim")
    client.get(url)
    with django_assert_num_queries(queries):
        client.get(url)


def test_a_failed_render_is_a_calm_page_and_not_cached(zonnebloem, plan, kartrekker, client_for):
    client = client_for(kartrekker)
    url = plan_url(zonnebloem, plan)
    with mock.patch("tso.pdf_cache.html_to_pdf", side_effect=PdfRenderError("te traag")):
        response = client.get(url)
    assert response.status_code == 503
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_deleted_actiepunten_are_not_printed(zonnebloem, plan, kartrekker, client_for):
    actiepunt = plan.actiepunten.get(title__startswith="Rustige hoek")
    actiepunt.deleted_at = timezone.now()
    actiepunt.save()
    Actiepunt.objects.filter(pk=actiepunt.pk).update(status=Status.AFGEROND)

    text = flat(client_for(kartrekker).get(plan_url(zonnebloem, plan)).content)

    assert squash("Rustige hoek in elke groep") not in text
