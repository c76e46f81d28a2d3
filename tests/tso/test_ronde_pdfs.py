"""The gespreksformulier PDFs (own form, joint result) and the profile report."""

import subprocess
import time

import pytest
from django.urls import reverse

from ontwikkelmodel.models import IndividualAnswer, JointAnswer, RondeStep
from schools.models import AuditEvent, User
from tests.tso.test_voorgesprek_pdf import HOSTILE, needs_poppler, pdf_text, squash

OWN = "Eigen-Wendy: de pauzes zijn rustiger geworden."
OTHER = "Geheim-Sanne: de schoolleider schreef dit alleen voor zichzelf."


@pytest.fixture
def current(zonnebloem):
    """This year's ronde, in the individual step; two participants wrote a strength."""
    ronde = zonnebloem.rondes.get(step=RondeStep.INDIVIDUAL)
    answers = IndividualAnswer.objects.filter(participant__ronde=ronde, accent__code="inrichting")
    answers.filter(participant__user__email="werkgroep@zonnebloem.example").update(strengths=OWN)
    answers.filter(participant__user__email="schoolleider@zonnebloem.example").update(
        strengths=OTHER
    )
    return ronde


@pytest.fixture
def closed(zonnebloem):
    return zonnebloem.rondes.get(step=RondeStep.CLOSED)


def form_url(ronde, participant=None):
    url = reverse("gespreksformulier_pdf", args=[ronde.school.slug, ronde.pk])
    return f"{url}?deelnemer={participant.pk}" if participant else url


def joint_url(ronde):
    return reverse("joint_result_pdf", args=[ronde.school.slug, ronde.pk])


def profile_url(school):
    return reverse("profile_pdf", args=[school.slug])


def participant(ronde, email):
    return ronde.participants.get(user__email=email)


# --- the individual form ---------------------------------------------------------


def test_a_participant_prints_their_own_form(client_for, werkgroeplid, current):
    response = client_for(werkgroeplid).get(form_url(current))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(
        'inline; filename="gespreksformulier-wendy-jansen-obs-de-zonnebloem.pdf"'
    )
    text = pdf_text(response.content)
    flat = squash(text)
    for expected in [
        "Gespreksformulier Ontwikkelmodel TSO",
        current.title,
        "Datum",
        "Ingevuld door",
        "Wendy Jansen",
        "1. Kennisontwikkeling",
        "3B. Regulatie bevorderen",
        "Inschatting van groeifase",
        "Sterke punten in de school",
        "Voornaamste ontwikkeldoel(en)",
        "Prioriteit (schaal 1-5)",
        "Relaties met samenwerkingspartners",
        OWN,
        "Een ouderavond over wat stress met kinderen doet.",
        "Mijn vijf belangrijkste doelen",
    ]:
        assert squash(expected) in flat, expected
    # Groeilagen in the handbook's order, accents within them.
    assert flat.index("1.kennisontwikkeling") < flat.index("2.richtinggeven")
    assert flat.index("3a.relatiesbouwen") < flat.index("3b.regulatiebevorderen")
    assert squash(OTHER) not in flat
    assert "Sanne de Vries" not in text
    event = AuditEvent.objects.get(kind="pdf_downloaded")
    assert event.subject.startswith(f"gespreksformulier ronde {current.pk}")


def test_empty_accents_print_as_geen_inschatting_and_a_draft_says_so(
    client_for, kartrekker, current
):
    # The kartrekker takes part but has not filled in anything yet.
    flat = squash(pdf_text(client_for(kartrekker).get(form_url(current)).content))

    assert flat.count("geeninschatting") == 15
    assert squash("Concept: dit formulier is nog niet ingeleverd.") in flat
    assert squash("Nog geen prioriteiten gekozen.") in flat


def test_someone_elses_form_is_refused_while_everyone_works_alone(
    client_for, werkgroeplid, current
):
    sanne = participant(current, "schoolleider@zonnebloem.example")

    response = client_for(werkgroeplid).get(form_url(current, sanne))

    assert response.status_code == 403
    assert OTHER.encode() not in response.content


def test_after_the_joint_step_opens_participants_may_print_each_others_form(
    client_for, werkgroeplid, current
):
    current.step = RondeStep.JOINT
    current.save()
    sanne = participant(current, "schoolleider@zonnebloem.example")

    response = client_for(werkgroeplid).get(form_url(current, sanne))

    assert response.status_code == 200
    flat = squash(pdf_text(response.content))
    assert squash("Sanne de Vries") in flat and squash(OTHER) in flat
    assert squash(OWN) not in flat


def test_a_member_who_does_not_take_part_gets_404(client_for, zonnebloem, current):
    teamlid = User.objects.get(email="anouk.peters@zonnebloem.example")
    assert client_for(teamlid).get(form_url(current)).status_code == 404


def test_an_unknown_participant_is_404(client_for, werkgroeplid, current, closed):
    other_ronde = closed.participants.first()
    client = client_for(werkgroeplid)
    assert client.get(form_url(current, other_ronde)).status_code == 404
    assert client.get(form_url(current) + "?deelnemer=abc").status_code == 404


@pytest.mark.parametrize("step", [RondeStep.INDIVIDUAL, RondeStep.CLOSED])
def test_board_members_never_get_an_individual_form(client_for, bestuurslid, zonnebloem, step):
    ronde = zonnebloem.rondes.get(step=step)
    someone = ronde.participants.first()
    client = client_for(bestuurslid)
    assert client.get(form_url(ronde)).status_code in (403, 404)
    assert client.get(form_url(ronde, someone)).status_code in (403, 404)


def test_outsiders_get_404(client_for, vlinder_kartrekker, current, closed, zonnebloem):
    client = client_for(vlinder_kartrekker)
    for url in (form_url(current), joint_url(closed), profile_url(zonnebloem)):
        response = client.get(url)
        assert response.status_code == 404
        assert b"Zonnebloem" not in response.content
    assert not AuditEvent.objects.filter(kind="pdf_downloaded").exists()


def test_hostile_answers_are_printed_as_text_in_full(client_for, werkgroeplid, current):
    goal = (HOSTILE * 700)[:49_990] + "EINDE-DOEL"
    IndividualAnswer.objects.filter(
        participant__ronde=current,
        participant__user=werkgroeplid,
        accent__code="gedeelde-taal-en-kennis",
    ).update(goal=goal)

    started = time.monotonic()
    response = client_for(werkgroeplid).get(form_url(current))

    assert response.status_code == 200
    assert time.monotonic() - started < 30
    flat = squash(pdf_text(response.content))
    assert squash('<script>alert("x")</script><img src="http://127.0.0.1:1/x"> &') in flat
    assert flat.count(squash("coöperatie, ĳverig")) >= goal.count("coöperatie, ĳverig")
    assert "einde-doel" in flat


# --- the joint result -------------------------------------------------------------


def test_the_joint_result_has_the_agreed_phases_and_the_follow_up(client_for, kartrekker, closed):
    response = client_for(kartrekker).get(joint_url(closed))

    assert response.status_code == 200
    text = pdf_text(response.content)
    flat = squash(text)
    for expected in [
        "Stap 2: de gezamenlijke uitkomst",
        "Datum",
        closed.results_date.strftime("%Y"),
        "Ingevuld door",
        "Samen: Karim El Amrani, Sanne de Vries, Tamara Hoekstra, Wendy Jansen",
        "Warme ontvangst bij de deur elke ochtend.",
        "Samen dezelfde woorden gaan gebruiken voor stress.",
        "Samen gekozen prioriteiten en hun uitwerking",
        "Hoe werken we het doel uit?",
        "In elke bouwvergadering een kwartier voor één begrip uit de training.",
        "Rol van kartrekkers/werkgroep",
        "Wie monitort?",
        "De kartrekker",
        "Hoe komen de resultaten terug bij het team?",
        "Resultaten staan in de nieuwsbrief voor het team.",
        "Hoe dit doel wordt uitgewerkt, is nog niet vastgelegd.",
    ]:
        assert squash(expected) in flat, expected
    assert "geeninschatting" not in flat  # every accent was agreed
    # The priorities in order, 1 first.
    assert flat.index(squash("1 Gedeelde taal en kennis")) < flat.index(
        squash("2 Pedagogisch handelen")
    )
    assert "Voorlopig" not in text


def test_the_joint_result_never_shows_individual_answers(client_for, kartrekker, closed):
    IndividualAnswer.objects.filter(participant__ronde=closed).update(strengths=OTHER)
    flat = squash(pdf_text(client_for(kartrekker).get(joint_url(closed)).content))
    assert squash(OTHER) not in flat


def test_board_members_read_the_joint_result_of_a_closed_ronde(client_for, bestuurslid, closed):
    response = client_for(bestuurslid).get(joint_url(closed))
    assert response.status_code == 200
    assert squash("Resultaten staan in de nieuwsbrief") in squash(pdf_text(response.content))


def test_an_individual_step_ronde_has_no_joint_result(client_for, kartrekker, bestuurslid, current):
    assert client_for(kartrekker).get(joint_url(current)).status_code == 404
    assert client_for(bestuurslid).get(joint_url(current)).status_code == 404


def test_a_ronde_in_the_joint_step_prints_as_provisional_for_members_only(
    client_for, kartrekker, bestuurslid, current
):
    current.step = RondeStep.JOINT
    current.save()
    accent = current.version.groeilagen.get(code="1").accents.get(code="motivatie-ontwikkelen")
    JointAnswer.objects.create(ronde=current, accent=accent, groeifase=3, goal="Doel", priority=1)

    assert client_for(bestuurslid).get(joint_url(current)).status_code == 404
    response = client_for(kartrekker).get(joint_url(current))
    assert response.status_code == 200
    flat = squash(pdf_text(response.content))
    assert squash("Voorlopig: de ronde is nog niet afgesloten") in flat
    assert flat.count("geeninschatting") == 14


# --- the profile report ----------------------------------------------------------


def test_the_profile_report_has_grid_radar_trend_and_priorities(
    client_for, werkgroeplid, zonnebloem
):
    response = client_for(werkgroeplid).get(profile_url(zonnebloem))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'inline; filename="ontwikkelmodel-profiel-obs-de-zonnebloem.pdf"'
    )
    flat = squash(pdf_text(response.content))
    for expected in [
        "Profiel Ontwikkelmodel TSO",
        "Groeifase per accent",
        "Groeifase 1",
        "Groeifase 4",
        "Groeilaag 1: Kennisontwikkeling",
        "Per groeilaag",
        "Groeilaag 3B: Regulatie bevorderen",
        "Groei door de jaren",
        "Relaties met samenwerkingspartners",
        "Prioriteiten en ontwikkeldoelen",
        "Samen dezelfde woorden gaan gebruiken voor stress.",
        "In elke bouwvergadering een kwartier voor één begrip uit de training.",
        "Resultaten staan in de nieuwsbrief voor het team.",
    ]:
        assert squash(expected) in flat, expected
    assert (
        flat.index("groeifaseperaccent")
        < flat.index("pergroeilaag")
        < flat.index("groeidoordejaren")
        < flat.index(squash("Prioriteiten en ontwikkeldoelen"))
    )
    event = AuditEvent.objects.get(kind="pdf_downloaded", school=zonnebloem)
    assert event.subject == "ontwikkelmodel profiel"


def test_board_members_may_print_the_profile(client_for, bestuurslid, zonnebloem):
    response = client_for(bestuurslid).get(profile_url(zonnebloem))
    assert response.status_code == 200
    assert "groeifaseperaccent" in squash(pdf_text(response.content))


def test_a_school_without_closed_rondes_prints_an_explanation(client_for, kompas):
    kartrekker = User.objects.get(email="kartrekker@kompas.example")
    response = client_for(kartrekker).get(profile_url(kompas))
    assert response.status_code == 200
    flat = squash(pdf_text(response.content))
    assert squash("Nog geen afgesloten ronde") in flat
    assert "groeifaseperaccent" not in flat


def test_a_hostile_goal_is_printed_literally_in_the_profile(
    client_for, kartrekker, zonnebloem, closed
):
    goal = (HOSTILE * 700)[:49_990] + "EINDE-DOEL"
    JointAnswer.objects.filter(ronde=closed, priority=1).update(goal=goal)

    response = client_for(kartrekker).get(profile_url(zonnebloem))

    assert response.status_code == 200
    flat = squash(pdf_text(response.content))
    assert squash('<script>alert("x")</script><img src="http://127.0.0.1:1/x"> &') in flat
    assert "einde-doel" in flat


def test_a_render_failure_shows_a_friendly_page(client_for, kartrekker, zonnebloem, settings):
    settings.PDF_RENDER_TIMEOUT = 0
    response = client_for(kartrekker).get(profile_url(zonnebloem))
    assert response.status_code == 503
    assert "De PDF kon niet worden gemaakt." in response.content.decode()


@needs_poppler
@pytest.mark.parametrize("which", ["form", "joint", "profile"])
def test_the_pdfs_render_to_png(
    client_for, werkgroeplid, current, closed, zonnebloem, tmp_path, which
):
    url = {
        "form": form_url(current),
        "joint": joint_url(closed),
        "profile": profile_url(zonnebloem),
    }
    path = tmp_path / "doc.pdf"
    path.write_bytes(client_for(werkgroeplid).get(url[which]).content)
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "page")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    pngs = sorted(tmp_path.glob("page*.png"))
    assert 2 <= len(pngs) <= 8
    assert all(png.read_bytes().startswith(b"\x89PNG") for png in pngs)
