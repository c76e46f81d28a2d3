"""Who sees what of a checklist round, per role and per state of the round.

Private by default: your own answers are yours. The team result (counts per
statement) opens once everyone handed in or the round is closed; kartrekkers see it
then too; board members only when the school shares it, and then without names.
"""

import pytest
from django.urls import reverse

from ontwikkelmodel.checklist import close_round, round_statements, save_answers, submit
from ontwikkelmodel.models import ChecklistAnswer
from schools.models import Membership
from tests.ontwikkelmodel.checklist_support import all_scores, closed_round, open_round, url, user

PAGES = ("checklist_detail", "checklist_fill", "checklist_personal", "checklist_team")


def statuses(client, checklist_round, pages=PAGES):
    return {name: client.get(url(name, checklist_round)).status_code for name in pages}


def answer_all(checklist_round, email, score):
    participant = checklist_round.participants.get(user__email=email)
    save_answers(
        checklist_round,
        participant,
        {s.statement_id: score for s in round_statements(checklist_round)},
    )
    return participant


# --- An open round: Het Kompas, the schoolleider handed in, the MT-lid has a draft ------


@pytest.fixture
def kompas_round(kompas):
    return open_round(kompas)


def test_participant_sees_only_own_answers_while_the_round_is_open(client_for, kompas_round):
    # The MT-lid's draft says "helemaal oneens" everywhere; the schoolleider's page never shows it.
    answer_all(kompas_round, "mt@kompas.example", 1)
    leader = user("schoolleider@kompas.example")
    ChecklistAnswer.objects.filter(participant__user=leader).update(score=5)
    client = client_for(leader)

    personal = client.get(url("checklist_personal", kompas_round))
    assert personal.status_code == 200
    page = personal.content.decode()
    assert "Helemaal mee eens" in page
    assert "Helemaal oneens" not in page
    assert "Yvonne Maas" not in page

    # The detail page names who handed in, never what anyone answered.
    detail = client.get(url("checklist_detail", kompas_round)).content.decode()
    assert "Yvonne Maas" in detail and "nog niet ingeleverd" in detail
    assert "Helemaal oneens" not in detail


def test_team_result_stays_closed_until_everyone_handed_in(client_for, kompas_round):
    for email in ("schoolleider@kompas.example", "mt@kompas.example", "kartrekker@kompas.example"):
        response = client_for(user(email)).get(url("checklist_team", kompas_round))
        assert response.status_code == 403, email
        assert "1 van 2 deelnemers hebben ingeleverd" in response.content.decode()
        assert "checklist-dist" not in response.content.decode()


def test_team_result_opens_when_the_last_participant_submits(client_for, kompas_round):
    mt_lid = answer_all(kompas_round, "mt@kompas.example", 3)
    submit(kompas_round, mt_lid)
    for email in ("schoolleider@kompas.example", "mt@kompas.example", "kartrekker@kompas.example"):
        response = client_for(user(email)).get(url("checklist_team", kompas_round))
        assert response.status_code == 200, email
        assert "Teamresultaat" in response.content.decode()


def test_closing_opens_the_team_result_without_the_unsubmitted_draft(client_for, kompas_round):
    answer_all(kompas_round, "mt@kompas.example", 1)  # a draft, never handed in
    close_round(kompas_round, user("schoolleider@kompas.example"))
    response = client_for(user("kartrekker@kompas.example")).get(
        url("checklist_team", kompas_round)
    )
    assert response.status_code == 200
    assert "alleen ingeleverde checklists tellen mee" in response.content.decode()
    assert all(d.counts[0] == 0 for d in response.context["groups"][0][1])


def test_kartrekker_sees_the_round_but_never_fills_in_or_sees_answers(client_for, kompas_round):
    client = client_for(user("kartrekker@kompas.example"))
    assert statuses(client, kompas_round) == {
        "checklist_detail": 200,
        "checklist_fill": 403,
        "checklist_personal": 403,
        "checklist_team": 403,
    }
    assert (
        client.post(url("checklist_fill", kompas_round), all_scores(kompas_round)).status_code
        == 403
    )


@pytest.mark.parametrize(
    "email",
    [
        "werkgroep@zonnebloem.example",  # werkgroeplid and teamlid
        "trainer@zonnebloem.example",  # intern trainer
        "trainer@example.org",  # extern trainer
    ],
)
def test_werkgroep_teamleden_and_trainers_see_nothing(client_for, zonnebloem, email):
    checklist_round = closed_round(zonnebloem)
    client = client_for(user(email))
    assert client.get(reverse("checklist_list", args=[zonnebloem.slug])).status_code == 403
    assert set(statuses(client, checklist_round).values()) == {403}


def test_plain_teamlid_sees_nothing(client_for, zonnebloem):
    teamlid = (
        Membership.objects.filter(school=zonnebloem, teamlid=True, werkgroeplid=False)
        .exclude(kartrekker=True)
        .exclude(schoolleider=True)
        .exclude(mt_lid=True)
        .first()
        .user
    )
    client = client_for(teamlid)
    assert set(statuses(client, closed_round(zonnebloem)).values()) == {403}


def test_mt_lid_who_does_not_take_part_sees_nothing_of_the_round(client_for, zonnebloem):
    checklist_round = closed_round(zonnebloem)
    newcomer = Membership.objects.get(user__email="werkgroep@zonnebloem.example")
    newcomer.set_roles(["mt_lid"])
    newcomer.save()
    client = client_for(newcomer.user)
    listing = client.get(reverse("checklist_list", args=[zonnebloem.slug]))
    assert listing.status_code == 200
    assert checklist_round.title not in listing.content.decode()
    assert set(statuses(client, checklist_round).values()) == {403}


def test_outsider_gets_404_everywhere(client_for, zonnebloem, vlinder_kartrekker):
    checklist_round = closed_round(zonnebloem)
    client = client_for(vlinder_kartrekker)
    assert client.get(reverse("checklist_list", args=[zonnebloem.slug])).status_code == 404
    assert set(statuses(client, checklist_round).values()) == {404}
    for name in ("checklist_share", "checklist_close"):
        assert client.post(url(name, checklist_round), {"share": "1"}).status_code == 404


def test_schoolleider_of_another_school_cannot_reach_a_round_by_id(
    client_for, kompas, schoolleider
):
    response = client_for(schoolleider).get(
        reverse("checklist_team", args=["obs-de-zonnebloem", open_round(kompas).pk])
    )
    assert response.status_code == 404


# --- A closed round: De Zonnebloem, three participants, only Marco shares his answers -----


def test_names_only_of_who_chose_to_share(client_for, zonnebloem, kartrekker):
    checklist_round = closed_round(zonnebloem)
    page = client_for(kartrekker).get(url("checklist_team", checklist_round)).content.decode()
    assert "Marco Dekker" in page  # he chose to show his answers
    assert "Lotte Brouwer" not in page
    assert "Sanne de Vries" not in page


def test_participant_cannot_see_someone_elses_personal_result(client_for, zonnebloem):
    checklist_round = closed_round(zonnebloem)
    marco = user("mt1@zonnebloem.example")
    lotte_scores = dict(
        ChecklistAnswer.objects.filter(
            participant__user__email="mt2@zonnebloem.example"
        ).values_list("statement_id", "score")
    )
    response = client_for(marco).get(url("checklist_personal", checklist_round))
    assert response.context["me"].user == marco
    shown = {
        a.statement.statement_id: a.score
        for _l, group in response.context["result"].groups
        for a in group
    }
    mine = dict(
        ChecklistAnswer.objects.filter(participant__user=marco).values_list("statement_id", "score")
    )
    assert shown == mine != lotte_scores


def test_board_sees_nothing_unless_shared(client_for, zonnebloem, bestuurslid):
    checklist_round = closed_round(zonnebloem)
    client = client_for(bestuurslid)
    listing = client.get(reverse("checklist_list", args=[zonnebloem.slug]))
    assert listing.status_code == 200
    assert checklist_round.title not in listing.content.decode()
    assert set(statuses(client, checklist_round).values()) == {404}


def test_board_sees_only_distributions_once_shared(
    client_for, zonnebloem, bestuurslid, schoolleider
):
    checklist_round = closed_round(zonnebloem)
    shared = client_for(schoolleider).post(url("checklist_share", checklist_round), {"share": "1"})
    assert shared.status_code == 302
    client = client_for(bestuurslid)
    assert (
        checklist_round.title
        in client.get(reverse("checklist_list", args=[zonnebloem.slug])).content.decode()
    )
    assert statuses(client, checklist_round) == {
        "checklist_detail": 200,
        "checklist_fill": 403,
        "checklist_personal": 403,
        "checklist_team": 200,
    }
    team = client.get(url("checklist_team", checklist_round))
    page = team.content.decode()
    assert "checklist-dist" in page
    assert team.context["with_names"] is False
    for name in ("Marco Dekker", "Lotte Brouwer", "Sanne de Vries"):
        assert name not in page
    detail = client.get(url("checklist_detail", checklist_round)).content.decode()
    assert "Marco Dekker" not in detail  # not even who handed in


def test_board_sees_a_shared_round_only_once_the_result_is_open(client_for, kompas, bestuurslid):
    checklist_round = open_round(kompas)
    checklist_round.share_team_result_with_board = True
    checklist_round.save()
    assert set(statuses(client_for(bestuurslid), checklist_round).values()) == {404}


def test_only_a_schoolleider_shares_or_closes(client_for, kompas_round):
    for email in ("mt@kompas.example", "kartrekker@kompas.example"):
        client = client_for(user(email))
        assert client.post(url("checklist_share", kompas_round), {"share": "1"}).status_code == 403
        assert client.post(url("checklist_close", kompas_round)).status_code == 403
    kompas_round.refresh_from_db()
    assert not kompas_round.share_team_result_with_board and not kompas_round.is_closed
