"""Step 2: the group together: spread, disagreement, agreed answers, priorities, closing."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ontwikkelmodel.models import IndividualAnswer, JointAnswer, Participant, RondeStep
from ontwikkelmodel.rondes import close_ronde
from tests.factories import UserFactory
from tests.ontwikkelmodel.rondes_support import (
    DISAGREE,
    accents,
    answers_data,
    current_ronde,
    field,
    open_joint,
    url,
    user,
)


@pytest.fixture
def ronde(zonnebloem):
    return current_ronde(zonnebloem)


@pytest.fixture
def joint(ronde):
    return open_joint(ronde)


def agreed(ronde) -> dict:
    return {
        a.accent.code: (a.groeifase, a.strengths, a.goal, a.priority)
        for a in JointAnswer.objects.filter(ronde=ronde).select_related("accent")
    }


def post_joint(client, ronde, answers=None, version=None):
    version = ronde.joint_version if version is None else version
    return client.post(url("ronde_joint", ronde), answers_data(ronde, version, answers))


AGREED = {
    "gedeelde-taal-en-kennis": {
        "groeifase": 2,
        "strengths": "Iedereen kent de begrippen",
        "goal": "Nieuwe collega's inwerken",
        "priority": 1,
    },
    "relaties-met-ouders": {"groeifase": 3, "goal": "Ouderavond over stress", "priority": 2},
    "missie-en-visie": {"groeifase": 2},
}


# Opening the joint step ------------------------------------------------------------------


def test_opening_asks_to_confirm_when_not_everyone_submitted(client_for, kartrekker, ronde):
    client = client_for(kartrekker)
    response = client.post(url("ronde_step", ronde), {"action": "open_joint"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Nog niet iedereen heeft ingeleverd" in content
    assert "Karim El Amrani" in content
    assert 'name="confirm" value="1"' in content
    ronde.refresh_from_db()
    assert ronde.is_individual

    response = client.post(url("ronde_step", ronde), {"action": "open_joint", "confirm": "1"})
    assert response.status_code == 302
    assert response["Location"] == url("ronde_joint", ronde)
    ronde.refresh_from_db()
    assert ronde.is_joint and ronde.joint_opened_at
    record = ronde.history.order_by("-history_id").first()
    assert record.history_user == kartrekker
    assert record.history_change_reason == "gezamenlijke stap geopend"


def test_opening_when_everyone_submitted_needs_no_confirmation(client_for, schoolleider, ronde):
    from django.utils import timezone

    ronde.participants.update(submitted_at=timezone.now())
    response = client_for(schoolleider).post(url("ronde_step", ronde), {"action": "open_joint"})
    assert response.status_code == 302
    ronde.refresh_from_db()
    assert ronde.is_joint


def test_an_unknown_step_changes_nothing(client_for, kartrekker, ronde):
    response = client_for(kartrekker).post(url("ronde_step", ronde), {"action": "delete"})
    assert response.status_code == 302
    ronde.refresh_from_db()
    assert ronde.is_individual


# The conversation page -------------------------------------------------------------------


def test_estimates_side_by_side_with_spread_and_disagreement_marks(client_for, kartrekker, joint):
    response = client_for(kartrekker).get(url("ronde_joint", joint))
    content = response.content.decode()
    assert response.status_code == 200
    # Two accents differ by two phases: marked with text, not only colour.
    assert content.count("data-disagreement") == 2
    assert content.count("Hier verschillen jullie: bespreek het.") == 2
    for code in DISAGREE:
        card = article(content, code)
        assert "Hier verschillen jullie" in card
    card = article(content, "gedeelde-taal-en-kennis")
    assert "Spreiding:" in card and "<strong>1–3</strong>" in card
    # The kartrekker did not fill in the form: "–" with a spoken "geen inschatting".
    assert "niet ingeleverd" in card
    assert '<span aria-hidden="true">–</span><span class="visually-hidden">geen inschatting' in card
    # Participants' goals are readable on the page.
    assert "Een ouderavond over wat stress met kinderen doet." in article(content, DISAGREE[1])
    # Everywhere else the estimates are at most one phase apart.
    calm = article(content, "motivatie-ontwikkelen")
    assert "Hier verschillen jullie" not in calm
    assert "<strong>2–3</strong>" in calm
    # Links from the summary at the top to the two accents.
    acc = accents(joint)
    for code in DISAGREE:
        assert f'href="#accent-{acc[code].pk}"' in content


def article(content: str, code: str) -> str:
    match = re.search(rf'<article[^>]*data-accent="{code}".*?</article>', content, re.S)
    assert match, code
    return match.group(0)


def test_the_group_records_its_answers(client_for, schoolleider, joint):
    client = client_for(schoolleider)
    response = post_joint(client, joint, AGREED)
    assert response.status_code == 302
    assert agreed(joint) == {
        "gedeelde-taal-en-kennis": (
            2,
            "Iedereen kent de begrippen",
            "Nieuwe collega's inwerken",
            1,
        ),
        "relaties-met-ouders": (3, "", "Ouderavond over stress", 2),
        "missie-en-visie": (2, "", "", None),
    }
    joint.refresh_from_db()
    assert joint.joint_version == 1
    assert joint.joint_saved_by == "Sanne de Vries"
    page = client.get(url("ronde_joint", joint)).content.decode()
    assert "Laatst opgeslagen om" in page and "door Sanne de Vries" in page
    assert "Iedereen kent de begrippen</textarea>" in page


def test_joint_priorities_are_checked_like_the_individual_ones(client_for, schoolleider, joint):
    client = client_for(schoolleider)
    answers = {
        **AGREED,
        "relaties-met-ouders": {"groeifase": 3, "goal": "Ouderavond", "priority": 1},
        "missie-en-visie": {"groeifase": 2, "priority": 3},
        "faciliteiten": {"goal": "Meer tijd", "priority": 6},
    }
    response = post_joint(client, joint, answers)
    content = response.content.decode()
    assert response.status_code == 400
    assert "Prioriteit 1 is al gegeven aan ‘Gedeelde taal en kennis’" in content
    assert "Schrijf eerst een volgende stap op" in content
    assert "Kies een prioriteit van 1 (hoogste) tot en met 5." in content
    assert "Meer tijd</textarea>" in content
    assert agreed(joint) == {}


def test_more_than_two_goals_in_one_groeilaag_is_a_warning_not_an_error(
    client_for, schoolleider, joint
):
    client = client_for(schoolleider)
    richting = {
        "missie-en-visie": {"goal": "Visie", "priority": 1},
        "faciliteiten": {"goal": "Tijd", "priority": 2},
        "personeelsbeleid": {"goal": "Inwerken", "priority": 3},
    }
    response = post_joint(client, joint, richting)
    assert response.status_code == 302
    assert len(agreed(joint)) == 3
    page = client.get(url("ronde_joint", joint)).content.decode()
    assert "In groeilaag 2 (Richting geven) staan meer dan twee doelen" in page
    assert "meer dan twee doelen met een prioriteit in deze groeilaag" in page
    # With errors elsewhere, the warning follows what was just typed.
    joint.refresh_from_db()
    response = post_joint(client, joint, {**richting, "inrichting": {"priority": 4}})
    assert response.status_code == 400
    assert "In groeilaag 2 (Richting geven)" in response.content.decode()


def test_two_laptops_never_overwrite_each_other(client_for, schoolleider, kartrekker, joint):
    first, second = client_for(schoolleider), client_for(kartrekker)
    assert post_joint(first, joint, AGREED, version=0).status_code == 302
    theirs = {"gedeelde-taal-en-kennis": {"groeifase": 3, "goal": "Anders"}}
    response = post_joint(second, joint, theirs, version=0)
    content = response.content.decode()
    assert response.status_code == 409
    assert "Iemand anders heeft intussen opgeslagen" in content
    assert "Sanne de Vries sloeg op" in content
    assert "Anders</textarea>" in content
    assert "Toch opslaan" in content
    assert agreed(joint)["gedeelde-taal-en-kennis"][0] == 2
    joint.refresh_from_db()
    assert f'name="version" value="{joint.joint_version}"' in content
    assert post_joint(second, joint, theirs, version=joint.joint_version).status_code == 302
    assert agreed(joint)["gedeelde-taal-en-kennis"] == (3, "", "Anders", None)


@pytest.mark.parametrize("count", [3, 12])
def test_joint_page_queries_do_not_grow_with_participants(client_for, kartrekker, joint, count):
    participants = list(joint.participants.all())
    for extra in participants[count:]:
        extra.delete()
    acc = list(accents(joint).values())
    for n in range(count - len(participants)):
        person = UserFactory(full_name=f"Collega {n:02d}")
        participant = Participant.objects.create(ronde=joint, user=person, name=person.full_name)
        IndividualAnswer.objects.bulk_create(
            IndividualAnswer(
                participant=participant,
                accent=accent,
                groeifase=(n + i) % 4 + 1,
                strengths="Sterk",
                goal="Doel" if i < 5 else "",
                priority=i + 1 if i < 5 else None,
            )
            for i, accent in enumerate(acc)
        )
    assert joint.participants.count() == count
    client = client_for(kartrekker)
    client.get(url("ronde_joint", joint))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("ronde_joint", joint))
    assert response.status_code == 200
    assert response.content.decode().count('<th scope="col">Collega') == max(count - 4, 0) * 15
    # session, user, access, ronde, its participants, groeilagen, accents,
    # descriptors, the accents' aids, participants with their answers (2), joint answers
    assert len(queries) == 12, [q["sql"] for q in queries]


# Closing and reopening -------------------------------------------------------------------


def test_closing_needs_an_agreed_groeifase(client_for, kartrekker, joint):
    client = client_for(kartrekker)
    response = client.post(url("ronde_step", joint), {"action": "close"}, follow=True)
    assert "Leg eerst voor minstens één accent de gezamenlijke groeifase vast" in (
        response.content.decode()
    )
    joint.refresh_from_db()
    assert joint.is_joint


def test_a_closed_ronde_is_read_only_and_a_schoolleider_may_reopen_it(
    client_for, kartrekker, schoolleider, joint
):
    client = client_for(kartrekker)
    assert post_joint(client, joint, AGREED).status_code == 302
    response = client.post(url("ronde_step", joint), {"action": "close"})
    assert response.status_code == 302
    joint.refresh_from_db()
    assert joint.is_closed and joint.closed_at

    page = client.get(url("ronde_joint", joint)).content.decode()
    assert "<textarea" not in page and 'type="radio"' not in page
    assert "Deze ronde is afgesloten" in page
    assert "Iedereen kent de begrippen" in page
    joint.refresh_from_db()
    response = post_joint(client, joint, {"missie-en-visie": {"groeifase": 4}})
    assert response.status_code == 409
    assert agreed(joint)["missie-en-visie"] == (2, "", "", None)
    follow_up = client.get(url("ronde_follow_up", joint)).content.decode()
    assert "<textarea" not in follow_up

    # Only a schoolleider reopens, and the history says so.
    assert client.post(url("ronde_step", joint), {"action": "reopen"}).status_code == 403
    leader = client_for(schoolleider)
    detail = leader.get(url("ronde_detail", joint)).content.decode()
    assert "Ronde heropenen" in detail
    assert leader.post(url("ronde_step", joint), {"action": "reopen"}).status_code == 302
    joint.refresh_from_db()
    assert joint.step == RondeStep.JOINT and joint.closed_at is None
    history = leader.get(url("ronde_history", joint)).content.decode()
    assert "Heropend door de schoolleider" in history
    assert "door Sanne de Vries" in history
    assert "Gezamenlijke uitkomst vastgelegd, ronde afgesloten" in history
    assert "door Karim El Amrani" in history


def test_history_tells_every_change_of_the_agreed_answers(client_for, schoolleider, joint):
    client = client_for(schoolleider)
    assert post_joint(client, joint, AGREED).status_code == 302
    joint.refresh_from_db()
    changed = {**AGREED, "missie-en-visie": {"groeifase": 3}}
    assert post_joint(client, joint, changed).status_code == 302
    history = client.get(url("ronde_history", joint)).content.decode()
    assert "Gezamenlijke stap geopend" in history
    assert "Missie en visie: groeifase: groeifase 2 → groeifase 3" in history
    assert "Gedeelde taal en kennis: prioriteit: — → 1" in history
    assert "Relaties met ouders/verzorgers: volgende stap: ‘Ouderavond over stress’" in history
    assert history.count("data-history-entry") == 4  # opened ronde, joint step, two saves
    assert "Gezamenlijke uitkomst opgeslagen (versie 2)" in history


# Follow-up of the chosen goals -------------------------------------------------------------


def test_follow_up_for_each_chosen_goal_in_order(client_for, schoolleider, werkgroeplid, joint):
    assert post_joint(client_for(schoolleider), joint, AGREED).status_code == 302
    joint.refresh_from_db()
    client = client_for(werkgroeplid)
    page = client.get(url("ronde_follow_up", joint)).content.decode()
    assert page.index("Prioriteit 1") < page.index("Prioriteit 2")
    assert page.index("Gedeelde taal en kennis") < page.index("Relaties met ouders/verzorgers")
    assert "Missie en visie" not in page  # no priority, no follow-up
    goals = {g.accent.code: g for g in joint.joint_answers.select_related("accent")}
    first = goals["gedeelde-taal-en-kennis"]
    data = {"version": str(joint.joint_version)}
    for goal in (first, goals["relaties-met-ouders"]):
        for name in JointAnswer.FOLLOW_UP_FIELDS:
            data[f"doel-{goal.pk}-{name}"] = ""
    data[f"doel-{first.pk}-approach"] = "Elke bouwvergadering een begrip"
    data[f"doel-{first.pk}-monitored_by"] = "De kartrekker"
    assert client.post(url("ronde_follow_up", joint), data).status_code == 302
    first.refresh_from_db()
    assert first.approach == "Elke bouwvergadering een begrip"
    assert first.monitored_by == "De kartrekker"

    # A stale page: conflict, input kept, nothing overwritten.
    data[f"doel-{first.pk}-approach"] = "Iets anders"
    response = client.post(url("ronde_follow_up", joint), data)
    assert response.status_code == 409
    assert "Iets anders</textarea>" in response.content.decode()
    first.refresh_from_db()
    assert first.approach == "Elke bouwvergadering een begrip"

    # Too long: a message on the field, no 500.
    joint.refresh_from_db()
    data["version"] = str(joint.joint_version)
    data[f"doel-{first.pk}-monitored_by"] = "x" * 201
    response = client.post(url("ronde_follow_up", joint), data)
    assert response.status_code == 400
    assert "hoogstens 200 tekens" in response.content.decode()


def test_follow_up_is_not_there_in_the_individual_step(client_for, kartrekker, ronde):
    assert client_for(kartrekker).get(url("ronde_follow_up", ronde)).status_code == 403


def test_closed_ronde_detail_shows_the_agreed_result(client_for, kartrekker, joint):
    client = client_for(kartrekker)
    assert post_joint(client, joint, AGREED).status_code == 302
    close_ronde(joint, kartrekker)
    content = client.get(url("ronde_detail", joint)).content.decode()
    assert "Gezamenlijke uitkomst" in content
    assert "Nieuwe collega&#x27;s inwerken" in content
    assert field(joint, "missie-en-visie", "groeifase") not in content


def test_the_form_of_someone_who_left_is_kept(client_for, kartrekker, joint):
    werkgroep = user("werkgroep@zonnebloem.example")
    werkgroep.delete()
    content = client_for(kartrekker).get(url("ronde_joint", joint)).content.decode()
    assert "Wendy Jansen" in content
