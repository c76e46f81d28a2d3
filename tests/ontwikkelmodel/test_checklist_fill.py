"""Filling in the checklist: one radio group per statement, a draft saved as you go,
handing in when complete; bad input is refused with a clear message, never a 500."""

import pytest
from django.urls import reverse

from ontwikkelmodel.checklist import close_round, round_statements, submit
from ontwikkelmodel.models import ChecklistAnswer, ChecklistRound, Statement
from tests.ontwikkelmodel.checklist_support import all_scores, closed_round, open_round, url, user

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def kompas_round(kompas):
    return open_round(kompas)


@pytest.fixture
def mt_lid(kompas):
    return user("mt@kompas.example")


@pytest.fixture
def me(kompas_round, mt_lid):
    return kompas_round.participants.get(user=mt_lid)


def scores_of(participant) -> dict:
    return dict(participant.answers.values_list("statement_id", "score"))


def test_form_shows_every_statement_as_five_labelled_options_per_accent(
    client_for, kompas_round, mt_lid
):
    response = client_for(mt_lid).get(url("checklist_fill", kompas_round))
    assert response.status_code == 200
    page = response.content.decode()
    statements = round_statements(kompas_round)
    for statement in statements:
        assert f'id="stelling-{statement.statement_id}"' in page
        assert page.count(f'name="score-{statement.statement_id}"') == 5
    for label in ("Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal mee eens"):
        assert f'<span class="checklist-option-label">{label}</span>' in page
    for accent in ("Missie en visie", "Faciliteiten", "Personeelsbeleid", "Leidinggevenden"):
        assert f">{accent}</h2>" in page
    # The demo's draft: four statements answered.
    assert f"4 van {len(statements)} beantwoord" in page


def test_draft_saved_without_javascript(client_for, kompas_round, mt_lid, me):
    first, second = round_statements(kompas_round)[5:7]
    response = client_for(mt_lid).post(
        url("checklist_fill", kompas_round),
        {f"score-{first.statement_id}": "2", f"score-{second.statement_id}": "5", "draft": "1"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("checklist_fill", kompas_round)
    assert scores_of(me)[first.statement_id] == 2
    assert scores_of(me)[second.statement_id] == 5
    me.refresh_from_db()
    assert not me.is_submitted


def test_each_answer_is_saved_as_you_go_with_htmx(client_for, kompas_round, mt_lid, me):
    statement = round_statements(kompas_round)[10]
    data = {f"score-{statement.statement_id}": "3"}
    response = client_for(mt_lid).post(url("checklist_fill", kompas_round), data, **HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.strip().startswith('<div id="checklist-progress"')
    assert f"5 van {len(round_statements(kompas_round))} beantwoord" in page
    assert "Concept bewaard om" in page
    assert scores_of(me)[statement.statement_id] == 3


def test_changing_an_answer_updates_it(client_for, kompas_round, mt_lid, me):
    statement = round_statements(kompas_round)[0]
    client = client_for(mt_lid)
    for score in ("1", "4"):
        client.post(
            url("checklist_fill", kompas_round), {f"score-{statement.statement_id}": score}, **HTMX
        )
    assert scores_of(me)[statement.statement_id] == 4
    assert me.answers.filter(statement_id=statement.statement_id).count() == 1


def test_handing_in_needs_every_statement_and_lists_the_missing_ones(
    client_for, kompas_round, mt_lid, me
):
    statements = round_statements(kompas_round)
    data = all_scores(kompas_round, 4, submit="1")
    skipped = statements[7]
    del data[f"score-{skipped.statement_id}"]
    response = client_for(mt_lid).post(url("checklist_fill", kompas_round), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Beantwoord eerst alle stellingen; er staan er nog 1 open." in page
    assert f'href="#stelling-{skipped.statement_id}"' in page
    assert "Kies een antwoord bij deze stelling." in page
    me.refresh_from_db()
    assert not me.is_submitted
    # What was answered is kept as a draft.
    assert len(scores_of(me)) == len(statements) - 1
    assert 'checked autocomplete="off"' in page


def test_handing_in_fixes_the_answers(client_for, kompas_round, mt_lid, me):
    client = client_for(mt_lid)
    response = client.post(
        url("checklist_fill", kompas_round), all_scores(kompas_round, 4, submit="1")
    )
    assert response.status_code == 302
    assert response["Location"] == url("checklist_personal", kompas_round)
    me.refresh_from_db()
    assert me.is_submitted
    # Afterwards: the form sends you to your result, changes are refused.
    assert client.get(url("checklist_fill", kompas_round))["Location"] == url(
        "checklist_personal", kompas_round
    )
    again = client.post(url("checklist_fill", kompas_round), all_scores(kompas_round, 1))
    assert again.status_code == 403
    assert "Je hebt je checklist al ingeleverd" in again.content.decode()
    assert set(scores_of(me).values()) == {4}


@pytest.mark.parametrize("score", ["0", "6", "-1", "abc", "3.5", "", "99999999999999999999"])
def test_score_outside_one_to_five_is_refused(client_for, kompas_round, mt_lid, me, score):
    before = scores_of(me)
    statement = round_statements(kompas_round)[6]
    data = {f"score-{statement.statement_id}": score}
    response = client_for(mt_lid).post(url("checklist_fill", kompas_round), data)
    if score == "":
        assert response.status_code == 302  # an empty choice is simply not answered yet
    else:
        assert response.status_code == 400
        assert "Kies een score van 1 (helemaal oneens) tot en met 5" in response.content.decode()
    assert scores_of(me) == before


def test_bad_score_with_htmx_says_so_in_the_progress_line(client_for, kompas_round, mt_lid, me):
    statement = round_statements(kompas_round)[6]
    response = client_for(mt_lid).post(
        url("checklist_fill", kompas_round), {f"score-{statement.statement_id}": "7"}, **HTMX
    )
    assert response.status_code == 422
    assert "Kies een score van 1 (helemaal oneens) tot en met 5" in response.content.decode()
    assert statement.statement_id not in scores_of(me)


def test_answering_a_statement_not_in_the_round_is_refused(client_for, kompas_round, mt_lid, me):
    before = scores_of(me)
    other = Statement.objects.create(
        version=kompas_round.version, code="nieuw", accent_code="faciliteiten", text="Nieuw"
    )
    for statement_id in (other.pk, 999999, "x"):
        response = client_for(mt_lid).post(
            url("checklist_fill", kompas_round), {f"score-{statement_id}": "3"}
        )
        assert response.status_code == 400
        assert "hoort bij een stelling die niet in deze ronde staat" in response.content.decode()
    assert scores_of(me) == before


def test_answering_for_someone_else_is_refused(client_for, kompas_round, mt_lid, me):
    leader = kompas_round.participants.get(user__email="schoolleider@kompas.example")
    leader_before = scores_of(leader)
    data = all_scores(kompas_round, 1, participant=str(leader.pk))
    response = client_for(mt_lid).post(url("checklist_fill", kompas_round), data)
    assert response.status_code == 403
    assert "Je kunt alleen je eigen checklist invullen" in response.content.decode()
    assert scores_of(leader) == leader_before
    assert 1 not in scores_of(me).values()


def test_someone_elses_participant_id_from_another_round_is_refused(
    client_for, kompas_round, mt_lid, zonnebloem
):
    stranger = closed_round(zonnebloem).participants.first()
    response = client_for(mt_lid).post(
        url("checklist_fill", kompas_round), all_scores(kompas_round, participant=str(stranger.pk))
    )
    assert response.status_code == 403


def test_no_changes_after_the_round_closed(client_for, kompas_round, mt_lid, me):
    close_round(kompas_round, user("schoolleider@kompas.example"))
    before = scores_of(me)
    client = client_for(mt_lid)
    response = client.post(
        url("checklist_fill", kompas_round), all_scores(kompas_round, 2, submit="1")
    )
    assert response.status_code == 403
    assert "Deze ronde is afgesloten" in response.content.decode()
    htmx = client.post(url("checklist_fill", kompas_round), all_scores(kompas_round, 2), **HTMX)
    assert htmx.status_code == 422
    assert "Deze ronde is afgesloten" in htmx.content.decode()
    assert scores_of(me) == before
    me.refresh_from_db()
    assert not me.is_submitted


def test_closed_round_elsewhere_in_the_demo_is_read_only(client_for, zonnebloem, schoolleider):
    checklist_round = closed_round(zonnebloem)
    client = client_for(schoolleider)
    assert client.get(url("checklist_fill", checklist_round)).status_code == 302
    response = client.post(url("checklist_fill", checklist_round), all_scores(checklist_round, 1))
    assert response.status_code == 403


def test_sharing_own_answers_is_a_choice(client_for, kompas_round, mt_lid, me):
    client = client_for(mt_lid)
    client.post(url("checklist_fill", kompas_round), {"shares_own_answers": "on"}, **HTMX)
    me.refresh_from_db()
    assert me.shares_own_answers
    client.post(url("checklist_fill", kompas_round), {}, **HTMX)
    me.refresh_from_db()
    assert not me.shares_own_answers
    # Also later, from the personal result page.
    client.post(url("checklist_personal", kompas_round), {"shares_own_answers": "1"})
    me.refresh_from_db()
    assert me.shares_own_answers


def test_submit_helper_refuses_incomplete(kompas_round, me):
    from ontwikkelmodel.checklist import ChecklistError

    with pytest.raises(ChecklistError):
        submit(kompas_round, me)


# --- Opening a round -------------------------------------------------------------------


def test_only_schoolleiders_and_mt_leden_can_be_chosen(client_for, zonnebloem, schoolleider):
    response = client_for(schoolleider).get(reverse("checklist_add", args=[zonnebloem.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("Sanne de Vries", "Marco Dekker", "Lotte Brouwer"):
        assert name in page
    for name in ("Karim El Amrani", "Wendy Jansen", "Tamara Hoekstra"):
        assert name not in page


def test_open_a_round_with_the_current_statements(client_for, zonnebloem, schoolleider):
    from ontwikkelmodel.checklist import eligible_members

    members = list(eligible_members(zonnebloem))
    response = client_for(schoolleider).post(
        reverse("checklist_add", args=[zonnebloem.slug]),
        {"title": "Checklist MT voorjaar", "participants": [m.pk for m in members]},
    )
    assert response.status_code == 302
    checklist_round = zonnebloem.checklist_rounds.get(title="Checklist MT voorjaar")
    assert response["Location"] == url("checklist_detail", checklist_round)
    assert checklist_round.participants.count() == 3
    assert checklist_round.opened_by == schoolleider
    active = checklist_round.version.statements.filter(is_active=True)
    assert [s.statement_id for s in round_statements(checklist_round)] == list(
        active.order_by("order", "pk").values_list("pk", flat=True)
    )


def test_one_participant_is_allowed_with_a_notice(client_for, zonnebloem, schoolleider):
    own = zonnebloem.memberships.get(user=schoolleider)
    response = client_for(schoolleider).post(
        reverse("checklist_add", args=[zonnebloem.slug]),
        {"title": "Alleen ik", "participants": [own.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Er doet één persoon mee" in response.content.decode()
    assert ChecklistRound.objects.get(title="Alleen ik").participants.count() == 1


@pytest.mark.parametrize(
    "who",
    ["kartrekker@zonnebloem.example", "werkgroep@zonnebloem.example", "vera@elders"],
)
def test_others_cannot_be_made_participants(client_for, zonnebloem, schoolleider, demo, who):
    from schools.models import Membership

    membership = Membership.objects.filter(user__email=who).first() or Membership.objects.get(
        user__email="schoolleider@vlinder.example"
    )
    response = client_for(schoolleider).post(
        reverse("checklist_add", args=[zonnebloem.slug]),
        {"title": "Poging", "participants": [membership.pk]},
    )
    assert response.status_code == 400
    assert "Kies deelnemers uit de lijst: schoolleiders en MT-leden." in response.content.decode()
    assert not ChecklistRound.objects.filter(title="Poging").exists()


def test_a_round_needs_a_title_and_a_participant(client_for, zonnebloem, schoolleider):
    response = client_for(schoolleider).post(
        reverse("checklist_add", args=[zonnebloem.slug]), {"title": "x" * 500}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Houd de naam korter dan 120 tekens" in page
    assert "Kies ten minste één deelnemer." in page
    assert "x" * 500 in page  # input kept


@pytest.mark.parametrize(
    "email",
    ["mt1@zonnebloem.example", "kartrekker@zonnebloem.example", "bestuur@voorbeeld.example"],
)
def test_only_a_schoolleider_opens_a_round(client_for, zonnebloem, email):
    response = client_for(user(email)).get(reverse("checklist_add", args=[zonnebloem.slug]))
    assert response.status_code == 403


def test_answers_reference_only_round_statements(kompas_round):
    asked = {s.statement_id for s in round_statements(kompas_round)}
    answered = set(
        ChecklistAnswer.objects.filter(participant__round=kompas_round).values_list(
            "statement_id", flat=True
        )
    )
    assert answered <= asked
