"""The progress report holds only what its reader may see.

Never anyone's own checklist scores, gespreksformulier or reflection answers,
never who missed a training; board members read the agreed results and the
progress, and the checklist agreements only when the school shared them and
chose to include them.
"""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from ontwikkelmodel.demo_checklist import AGREEMENTS
from ontwikkelmodel.models import ChecklistRound, ChecklistRoundStatement, IndividualAnswer
from phases.demo import DONE_ANSWERS
from phases.models import Ontwikkelpunt, ReflectionAnswerText
from schools.demo import ZONNEBLOEM_TEAM
from tso import pdf_cache
from tso.models import ReportPreference
from tso.progress_report import SECTION_KEYS

AGREEMENT = AGREEMENTS[1][1]  # "Het inwerkplan voor nieuwe collega's aanvullen met TSO"
JOINT_GOAL = "Samen dezelfde woorden gaan gebruiken voor stress."


@pytest.fixture(autouse=True)
def empty_pdf_cache():
    pdf_cache.pdf_cache().clear()
    yield
    pdf_cache.pdf_cache().clear()


def squash(text: str) -> str:
    return "".join(text.split()).lower()


def report_text(client, school, version="full", sections=SECTION_KEYS) -> str:
    response = client.get(
        reverse("progress_report_pdf", args=[school.slug]),
        {"version": version, "sections": sections},
    )
    assert response.status_code == 200
    reader = PdfReader(BytesIO(response.content))
    return squash("\n".join(page.extract_text() for page in reader.pages))


def test_no_checklist_scores_only_the_agreements(zonnebloem, schoolleider, client_for):
    # The schoolleider took part and sees the team result in the app; the report
    # still holds the agreements only.
    text = report_text(client_for(schoolleider), zonnebloem)
    assert squash(AGREEMENT) in text
    checklist_round = ChecklistRound.objects.get(school=zonnebloem)
    for statement in ChecklistRoundStatement.objects.filter(round=checklist_round):
        assert squash(statement.text)[:60] not in text, statement.text
    for label in ["Helemaal oneens", "Helemaal mee eens", "Neutraal"]:
        assert squash(label) not in text, label


@pytest.mark.parametrize("version", ["full", "team"])
def test_no_ones_own_gespreksformulier(zonnebloem, schoolleider, client_for, version):
    answers = IndividualAnswer.objects.filter(participant__ronde__school=zonnebloem)
    assert answers.exists()
    answers.update(strengths="Geheim-eigen-sterk-punt", goal="Geheim-eigen-doel")
    text = report_text(client_for(schoolleider), zonnebloem, version)
    assert squash(JOINT_GOAL) in text  # the group's agreed goal is there
    assert "geheim" not in text


def test_no_reflection_answers_and_no_authors(zonnebloem, kartrekker, client_for):
    texts = ReflectionAnswerText.objects.filter(
        answer__round__werkmoment__session__school=zonnebloem
    )
    assert texts.exists()
    text = report_text(client_for(kartrekker), zonnebloem)
    assert squash("Onderwerpen waarop het team intekende") in text
    for line in [line for answer in DONE_ANSWERS for line in answer if line.strip()]:
        assert squash(line)[:50] not in text, line
    texts.update(text="Geheim-reflectie-antwoord")
    pdf_cache.pdf_cache().clear()
    assert "geheim" not in report_text(client_for(kartrekker), zonnebloem)


def test_who_missed_a_training_is_counted_never_named(zonnebloem, kartrekker, client_for):
    text = report_text(client_for(kartrekker), zonnebloem)
    assert squash("nog regelen") in text  # the absences are counted
    for name in ZONNEBLOEM_TEAM:
        assert squash(name) not in text, name


def test_a_board_member_reads_only_what_the_board_may(zonnebloem, bestuurslid, client_for):
    ReportPreference.objects.create(school=zonnebloem, sections=SECTION_KEYS)
    text = report_text(client_for(bestuurslid), zonnebloem)
    # Printed as a board member, with the agreed results and the progress.
    assert squash("Bart Smit (bestuur Stichting Voorbeeld)") in text
    for expected in [
        "Groeilaag 3B: Regulatie bevorderen",
        JOINT_GOAL,
        "Actiepunten per groeilaag",
        "Besluit: Go",
        "Studiedagen voor de vier modules in de jaarplanning zetten",
        "Werkmoment 1",
        "Volgende evaluatie van het actieplan",
    ]:
        assert squash(expected) in text, expected
    for hidden in [
        # a ronde under way, the werkgroep's meetings, the voorgesprek's reasoning
        "Module 4,",
        "Volgende bijeenkomst van de werkgroep",
        "De voorwaarden zijn goed genoeg",
        # of the werkmomenten only the counts
        "Onderwerpen waarop het team intekende",
        "Ideeën en ontwikkelpunten",
        # checklist agreements the school did not share with the board
        AGREEMENT,
    ]:
        assert squash(hidden) not in text, hidden
    for idea in Ontwikkelpunt.objects.filter(werkmoment__session__school=zonnebloem):
        assert squash(idea.text)[:40] not in text
    assert squash("die de school in deze periode met het bestuur deelt") in text


def test_the_board_reads_checklist_agreements_only_when_shared_and_included(
    zonnebloem, bestuurslid, client_for
):
    checklist_round = ChecklistRound.objects.get(school=zonnebloem)
    checklist_round.share_team_result_with_board = True
    checklist_round.save()
    client = client_for(bestuurslid)
    # Shared, but the school did not choose to put them in its report.
    assert squash(AGREEMENT) not in report_text(client, zonnebloem)
    form = client.get(reverse("progress_report", args=[zonnebloem.slug])).content.decode()
    assert 'value="checklist"' not in form
    # Shared and included.
    ReportPreference.objects.create(school=zonnebloem, sections=SECTION_KEYS)
    assert squash(AGREEMENT) in report_text(client, zonnebloem)


def test_members_who_may_not_see_the_agreements_never_get_them(
    zonnebloem, werkgroeplid, client_for
):
    ReportPreference.objects.create(school=zonnebloem, sections=SECTION_KEYS)
    client = client_for(werkgroeplid)
    form = client.get(reverse("progress_report", args=[zonnebloem.slug])).content.decode()
    assert 'value="checklist"' not in form
    text = report_text(client, zonnebloem, sections=["checklist", "actieplan"])
    assert squash(AGREEMENT) not in text
    assert squash("Checklist schoolleiding: afspraken") not in text
    assert squash("Actiepunten per groeilaag") in text
