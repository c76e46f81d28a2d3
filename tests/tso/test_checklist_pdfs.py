"""The leader checklist on paper: a personal PDF (own answers, own pair) and a team PDF."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ontwikkelmodel.checklist import round_statements
from ontwikkelmodel.models import ChecklistAgreement, ChecklistAnswer, ChecklistNote
from schools.models import AuditEvent
from tests.ontwikkelmodel.checklist_support import closed_round, open_round
from tests.ontwikkelmodel.checklist_talk_support import (
    LOTTE,
    MARCO,
    SANNE,
    WENDY,
    joint_questions,
    make_four,
    pair_questions,
    url,
    user,
)
from tests.tso.test_voorgesprek_pdf import HOSTILE, pdf_text, squash

SCORES = {SANNE: 1, MARCO: 5, LOTTE: 2, WENDY: 3}
PAIR_1 = "Tweetal-een: Sanne twijfelt over haar eigen rol."
PAIR_2 = "Tweetal-twee: Lotte wil meer tijd voor de werkgroep."
JOINT = "Samen: het inwerkplan krijgt een TSO-paragraaf."


@pytest.fixture
def four(zonnebloem):
    return make_four(zonnebloem)


@pytest.fixture
def talked(four):
    """Everyone of the four handed in (Marco shares his answers), notes and an agreement."""
    statements = round_statements(four)
    for participant in four.participants.select_related("user"):
        ChecklistAnswer.objects.bulk_create(
            ChecklistAnswer(
                participant=participant,
                statement_id=s.statement_id,
                score=SCORES[participant.user.email],
            )
            for s in statements
        )
        participant.submitted_at = timezone.now()
        participant.shares_own_answers = participant.user.email == MARCO
        participant.save()
    first_pair, first_joint = pair_questions(four)[0], joint_questions(four)[0]
    ChecklistNote.objects.create(round=four, question=first_pair, pair=1, text=PAIR_1)
    ChecklistNote.objects.create(round=four, question=first_pair, pair=2, text=PAIR_2)
    ChecklistNote.objects.create(round=four, question=first_joint, pair=None, text=JOINT)
    ChecklistAgreement.objects.create(
        round=four,
        what="Inwerkplan aanvullen",
        who="Marco Dekker",
        when=timezone.localdate(),
        accent_code="personeelsbeleid",
    )
    return four


def get_pdf(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return squash(pdf_text(response.content))


# --- Personal ---------------------------------------------------------------------------


def test_the_personal_pdf_holds_my_answers_and_my_pair_notes_only(client_for, talked):
    text = get_pdf(client_for(user(SANNE)), url("checklist_personal_pdf", talked))

    assert squash("Sanne de Vries") in text
    assert squash(PAIR_1) in text
    assert squash(PAIR_2) not in text  # the other pair's notes
    assert squash(JOINT) not in text
    statements = len(round_statements(talked))
    # Sanne answered 1 everywhere; the legend names every score once.
    assert text.count("helemaaloneens") == statements + 1
    assert text.count("helemaalmeeeens") == 1
    assert AuditEvent.objects.filter(subject__contains="eigen resultaat").exists()


def test_only_participants_print_a_personal_pdf(client_for, talked, kartrekker, bestuurslid):
    assert client_for(kartrekker).get(url("checklist_personal_pdf", talked)).status_code == 403
    assert client_for(bestuurslid).get(url("checklist_personal_pdf", talked)).status_code in (
        403,
        404,
    )


def test_a_draft_is_marked_as_such(client_for, kompas):
    checklist_round = open_round(kompas)

    text = get_pdf(
        client_for(user("mt@kompas.example")), url("checklist_personal_pdf", checklist_round)
    )

    assert squash("nog niet: dit is een concept") in text


# --- Team -------------------------------------------------------------------------------


def test_the_team_pdf_holds_distributions_joint_notes_and_agreements(client_for, talked):
    text = get_pdf(client_for(user(LOTTE)), url("checklist_team_pdf", talked))

    assert squash("4 van 4 ingeleverd") in text
    assert squash(JOINT) in text
    assert squash("Inwerkplan aanvullen") in text
    assert squash("Prioriteit binnen Richting geven: Personeelsbeleid") in text
    assert squash(PAIR_1) not in text and squash(PAIR_2) not in text
    # Marco chose to share: his name beside his answers. Nobody else's.
    assert "marcodekker:5" in text
    for email in (SANNE, LOTTE, WENDY):
        name = talked.participants.get(user__email=email).name
        assert squash(name) not in text


def test_the_board_prints_the_team_pdf_only_when_shared(client_for, talked, bestuurslid):
    talked.closed_at = timezone.now()
    talked.save()
    client = client_for(bestuurslid)
    assert client.get(url("checklist_team_pdf", talked)).status_code == 404

    talked.share_team_result_with_board = True
    talked.save()
    text = get_pdf(client, url("checklist_team_pdf", talked))

    assert squash("Inwerkplan aanvullen") in text
    assert "marcodekker:" not in text  # no names beside answers for the board, even if shared
    assert squash(JOINT) not in text  # nor the team's notes


def test_kartrekkers_print_the_team_pdf(client_for, zonnebloem, kartrekker):
    checklist_round = closed_round(zonnebloem)

    text = get_pdf(client_for(kartrekker), url("checklist_team_pdf", checklist_round))

    for agreement in checklist_round.agreements.all():
        assert squash(agreement.what) in text
    for note in checklist_round.notes.filter(pair__isnull=False):
        assert squash(note.text) not in text


def test_no_team_pdf_before_everyone_handed_in(client_for, kompas):
    checklist_round = open_round(kompas)

    response = client_for(user("schoolleider@kompas.example")).get(
        url("checklist_team_pdf", checklist_round)
    )

    assert response.status_code == 403


def test_hostile_text_prints_as_text(client_for, talked):
    talked.agreements.update(what=HOSTILE[:200], who=HOSTILE[:100])

    text = get_pdf(client_for(user(SANNE)), url("checklist_team_pdf", talked))

    assert squash("<script>alert") in text
    assert squash("Één café") in text


def test_the_team_pdf_costs_the_same_with_many_agreements(client_for, talked):
    client = client_for(user(SANNE))
    path = url("checklist_team_pdf", talked)
    client.get(path)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    before = count()
    ChecklistAgreement.objects.bulk_create(
        ChecklistAgreement(round=talked, what=f"Afspraak {i}", who="Sanne", order=i)
        for i in range(12)
    )
    assert count() == before
